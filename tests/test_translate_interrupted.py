"""A translation run killed at any moment loses nothing.

Memory files and outputs stay whole (each is replaced by a rename), a translator's
signed-off unit survives, and the next run finishes with exactly what a run that was
never interrupted makes. Real Apertium, in a separate process killed with SIGKILL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from benchmarks.generate import edit, generate
from pipeline.config import Config
from pipeline.engines import apertium
from pipeline.translate import xliff
from pipeline.translate.xliff import State
from tests.conftest import ROOT, contents, kill_once_writing

#: The default size cap on XLIFF files.
CAP = Config().translation.max_xliff_bytes

MISSING = apertium.unavailable(Config(), "en", "es")
pytestmark = pytest.mark.skipif(MISSING is not None, reason=f"{MISSING} (CI installs it)")
SHEETS = 40
REVIEWER = "Ana Ruiz"


def command(root: Path) -> list[str]:
    settings = root / "pipeline.toml"
    return [sys.executable, "-m", "pipeline.cli", "--config", str(settings), "translate"]


def translate(root: Path) -> None:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(command(root), cwd=root, env=environment, capture_output=True, check=True)


def sign_off(path: Path) -> str:
    """What an import does when a translator signs off the sheet's second unit; returns
    its target."""
    memory = xliff.load(path, CAP)
    assert memory is not None
    second = memory.units[1]
    unit = dataclasses.replace(
        second,
        state=State.REVIEWED,
        reviewer=REVIEWER,
        reviewed_on=dt.date(2026, 11, 20),
        review_hash=xliff.review_hash(second.source, second.target or ""),
    )
    changed = dataclasses.replace(memory, units=(memory.units[0], unit, *memory.units[2:]))
    path.write_bytes(xliff.write(changed))
    assert unit.target
    return unit.target


def test_a_killed_translation_run_loses_nothing_and_the_next_one_finishes(
    tmp_path: Path,
) -> None:
    root = tmp_path / "killed"
    paths = generate(root / "sources", SHEETS)
    (root / "translations").mkdir()
    shutil.copy(ROOT / "translations" / "labels.toml", root / "translations")
    (root / "pipeline.toml").write_text(
        'urgent = ["call 911"]\n[translation]\nengines = { es = "apertium" }\n', encoding="utf-8"
    )
    translate(root)
    memories = root / "translations" / "es"
    signed = sign_off(memories / f"{paths[-1].stem}.xlf")
    edit(paths, 1.0)  # every sheet changes, so the next run rewrites every file
    clean = tmp_path / "clean"  # the same start, for a run nobody interrupts
    shutil.copytree(root, clean)
    shutil.rmtree(clean / "outputs")
    before = contents(memories)

    worker = subprocess.Popen(
        [*command(root), "--jobs", "1"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    kill_once_writing(worker, memories, 0.1)

    killed = contents(memories)
    changed = [name for name in before if killed.get(name) != before[name]]
    assert 0 < len(changed) < SHEETS, "the run was not killed midway"
    for name in killed:
        if not name.endswith(".tmp"):
            xliff.read(killed[name], name)  # whole, parseable XLIFF
    for path in (root / "outputs").rglob("*"):
        if path.suffix == ".docx":
            assert zipfile.ZipFile(path).testzip() is None
        if path.suffix == ".html":
            assert path.read_bytes().endswith(b"</html>\n")
    last = xliff.load(memories / f"{paths[-1].stem}.xlf", CAP)
    assert last is not None
    assert [u.target for u in (*last.units, *last.obsolete) if u.reviewer == REVIEWER] == [signed]

    translate(root)
    translate(clean)
    assert contents(root / "translations") == contents(clean / "translations")
    assert contents(root / "outputs") == contents(clean / "outputs")
