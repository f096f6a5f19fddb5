"""The README tells the truth: its sample output is what a build of the seed prints, and
its exit codes are the ones the commands use."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pipeline import cli, exits
from tests.conftest import SEED

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"## {title}")
    return README[start : README.find("\n## ", start + 1)]


def test_the_sample_output_is_a_real_build_of_the_seed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (sample,) = re.findall(r"```\n(.*?)```", _section("What `make` prints"), re.S)
    (tmp_path / "sources").mkdir()
    shutil.copy(SEED, tmp_path / "sources" / SEED.name)
    shutil.copy(ROOT / "pipeline.toml", tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build"]) == exits.OK
    assert capsys.readouterr().out == sample


def test_the_exit_codes_are_the_commands_own() -> None:
    table = dict(re.findall(r"^\| (\d+) \| (.+) \|$", _section("What `make` prints"), re.M))
    assert set(table) == {
        str(code) for code in (exits.OK, exits.FAILED, exits.USAGE, exits.INTERNAL)
    }
    assert "failed" in table[str(exits.FAILED)]
    assert "settings" in table[str(exits.USAGE)]
    assert "internal" in table[str(exits.INTERNAL)]


def test_the_readme_links_only_to_files_in_the_repository() -> None:
    prose = re.sub(r"`[^`]*`", "", README)  # a link written as an example is no link
    links = re.findall(r"\]\(([^)#]+)\)", prose) + re.findall(r"`(\.\./[^`]+)`", README)
    for path in links:
        if "://" not in path:
            assert (ROOT / path).resolve().is_relative_to(ROOT.resolve()), path
            assert (ROOT / path).exists(), path
