"""`pipeline a11y` as CI runs it: which files it checks, what it prints, the report it writes,
and its exit codes, including when a checker is not installed (no tools needed here)."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline import exits
from pipeline.a11y import INSTALL, runner
from pipeline.build import build
from pipeline.config import Config
from pipeline.exits import UsageError
from tests.conftest import SEED
from tests.test_a11y_docx import typed_bullets_and_no_title

FIXTURES = Path(__file__).parent / "fixtures" / "a11y"


def built(tmp_path: Path, config: Config) -> Config:
    """The seed built into tmp_path/outputs, reports in tmp_path/outputs/report."""
    settings = replace(
        config,
        outputs=tmp_path / "outputs",
        audit=replace(config.audit, report=tmp_path / "outputs" / "report"),
    )
    (result,) = build(settings, [SEED])
    assert result.error is None
    return settings


@pytest.fixture
def no_tools(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine without Chromium and Java."""
    monkeypatch.setattr(shutil, "which", lambda name: None)


@pytest.mark.usefixtures("no_tools")
def test_missing_tools_fail_the_run_and_say_what_to_install(
    tmp_path: Path,
    config: Config,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = built(tmp_path, config)
    monkeypatch.chdir(tmp_path)
    assert runner.main(settings) == exits.FAILED
    out = capsys.readouterr().out.splitlines()
    unavailable = [line for line in out if "a11y.unavailable" in line]
    assert len(unavailable) == 2
    assert all(line.startswith("outputs/en/aldesleukin.html:1:1: error: ") for line in unavailable)
    assert all(line.endswith(f"install: {INSTALL}") for line in unavailable)
    assert (
        "Nu Html Checker did not check 1 file(s): no Java runtime (Debian package "
        in (unavailable[0])
    )
    assert (
        "axe-core in Chromium did not check 1 file(s): Chromium is not installed"
        in (unavailable[1])
    )
    assert INSTALL.startswith("make deps")
    # Word and text files are still checked, and pass.
    assert out[-5:] == [
        "html: 1 file(s): 2 error(s), 0 warning(s), 0 info(s) — "
        "axe-core in Chromium (not run), Nu Html Checker (not run)",
        "docx: 1 file(s): 0 error(s), 0 warning(s), 0 info(s) — "
        "11 Word Accessibility Checker rules",
        "txt: 1 file(s): 0 error(s), 0 warning(s), 0 info(s) — 12 plain-text rules",
        "3 file(s) checked for accessibility: 2 error(s), 0 warning(s), 0 info(s); "
        "fail level error: FAILED",
        "report: outputs/report/a11y.json",
    ]


@pytest.fixture
def bad(tmp_path: Path, config: Config) -> Config:
    """An outputs folder with a bad Word file and a bad text file, and a report/ to skip."""
    settings = replace(
        config,
        outputs=tmp_path / "outputs",
        audit=replace(config.audit, report=tmp_path / "outputs" / "report"),
    )
    (settings.outputs / "en").mkdir(parents=True)
    (settings.outputs / "report").mkdir()
    (settings.outputs / "en" / "bad.docx").write_bytes(typed_bullets_and_no_title())
    shutil.copy(FIXTURES / "decorated.txt", settings.outputs / "en" / "bad.txt")
    (settings.outputs / "report" / "index.html").write_text("not a sheet")
    return settings


def test_findings_print_like_the_audit_and_fail_the_run(
    bad: Config, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(bad.outputs.parent)
    assert runner.main(bad) == exits.FAILED
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [
        "outputs/en/bad.docx:1:1: error: a11y.docx.no-title: "
        "the document has no title: set File > Info > Title",
        "outputs/en/bad.docx:2:1: error: a11y.docx.typed-bullet: "
        "'• fever' starts with a typed '•': use a real bulleted or numbered list",
        "outputs/en/bad.docx:3:1: error: a11y.docx.typed-bullet: "
        "'• chills' starts with a typed '•': use a real bulleted or numbered list",
    ]
    rules = [line.split(": ")[2] for line in out if line.startswith("outputs/en/bad.txt")]
    assert rules == [
        "a11y.text.box-drawing",
        "a11y.text.symbol-line",
        "a11y.text.decorative",
        "a11y.text.bullet",
    ]
    assert out[-5].startswith("html: 0 file(s): 0 error(s)")  # report/index.html is no sheet


def test_the_json_report_is_complete_and_stable(bad: Config) -> None:
    report = bad.audit.report / runner.REPORT_NAME
    runner.main(bad)
    first = report.read_bytes()
    runner.main(bad)
    assert report.read_bytes() == first
    data = json.loads(first)
    assert data["failed"] is True
    assert data["counts"] == {"error": 7, "warning": 0, "info": 0}
    assert data["formats"]["docx"]["counts"]["error"] == 3
    assert data["findings"][0] == {
        "rule": "a11y.docx.no-title",
        "severity": "error",
        "path": data["formats"]["docx"]["files"][0],
        "line": 1,
        "col": 1,
        "message": "the document has no title: set File > Info > Title",
        "suggestion": None,
    }


def test_given_files_are_checked_alone(bad: Config, capsys: pytest.CaptureFixture[str]) -> None:
    assert runner.main(bad, [FIXTURES / "decorated.txt"]) == exits.FAILED
    out = capsys.readouterr().out
    assert "bad.docx" not in out
    assert "txt: 1 file(s): 4 error(s)" in out


def test_nothing_to_check_is_a_usage_error(tmp_path: Path, config: Config) -> None:
    settings = replace(config, outputs=tmp_path / "outputs")
    with pytest.raises(UsageError, match="no outputs to check"):
        runner.main(settings)
    with pytest.raises(UsageError, match=r"missing\.html: no such file"):
        runner.main(settings, [tmp_path / "missing.html"])
    (tmp_path / "sheet.pdf").write_bytes(b"%PDF")
    with pytest.raises(UsageError, match=r"not an output \(html, docx, txt\)"):
        runner.main(settings, [tmp_path / "sheet.pdf"])
