"""Every attack of the hostile-input corpus (tests/hostile/) through the real command line,
in a copy of a small project: the expected message and exit code, no traceback, a bounded
message, bounded time and memory, and nothing changed outside outputs/ (issue 11)."""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import lock
from tests.conftest import ROOT
from tests.hostile.attacks import ATTACKS, SHEET, Attack

#: Address space a run may use (the interpreter with lxml, hunspell's dictionaries...).
MEMORY_LIMIT = 3_000_000_000
TIME_LIMIT = 300


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _state(project: Path, allowed: tuple[str, ...]) -> dict[str, str]:
    """Every file outside the folders the run may change, with a digest of its bytes."""
    found = {}
    for path in sorted(project.rglob("*")):
        relative = path.relative_to(project)
        skip = relative.parts[0] in allowed or path.name == lock.NAME  # waits, changes nothing
        if skip or path.is_dir() or not path.exists():
            continue
        data = path.read_bytes() if path.is_file() and not path.is_symlink() else b"special"
        found[relative.as_posix()] = hashlib.sha256(data).hexdigest()
    return found


@pytest.mark.parametrize("attack", ATTACKS, ids=[attack.name for attack in ATTACKS])
def test_the_attack_ends_with_its_message_and_code(tmp_path: Path, attack: Attack) -> None:
    project = tmp_path / "project"
    (project / "sources").mkdir(parents=True)
    shutil.copytree(ROOT / "glossaries", project / "glossaries")
    (project / "translations").mkdir()
    shutil.copy(ROOT / "translations" / "labels.toml", project / "translations")
    (project / "sources" / "fever.txt").write_text(SHEET, encoding="utf-8")
    settings = 'sources = "sources"\noutputs = "outputs"\n' + attack.settings
    (project / "pipeline.toml").write_text(settings, encoding="utf-8")
    attack.make(project)
    allowed = ("outputs", *attack.also)
    before = _state(project, allowed)
    outside = set(tmp_path.iterdir())
    run = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "--config", "pipeline.toml", *attack.argv],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=_limited,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    said = run.stdout + run.stderr
    assert run.returncode == attack.code, said[-3000:]
    assert attack.said in said, said[-3000:]
    assert "Traceback" not in said, said[-3000:]
    assert max(map(len, said.splitlines())) < 2_000  # no message quotes a huge input whole
    assert not [line for line in said.splitlines() if line.startswith("::")]
    assert _state(project, allowed) == before
    assert set(tmp_path.iterdir()) == outside
    if attack.leaked:  # in no file the run wrote
        for path in (p for folder in allowed for p in (project / folder).rglob("*")):
            if path.is_file() and path.name != lock.NAME:
                assert attack.leaked.encode() not in path.read_bytes(), path
