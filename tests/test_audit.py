"""The audit runner: policy (off, re-grade, inline ignore, waivers), the regression gate,
reports, and the CLI's exit codes."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from pipeline import cli, exits, reading_level
from pipeline.audit import AuditResult, SheetAudit, audit
from pipeline.config import Config, ConfigError, PolicyConfig, Waiver
from pipeline.model import Finding, Location, Severity
from pipeline.paths import display as shown
from pipeline.report import console, files
from pipeline.translate import xliff
from pipeline.translate.xliff import State
from tests.conftest import ROOT, SEED

TODAY = dt.date(2026, 11, 25)
pytestmark = pytest.mark.usefixtures("hunspell")

EASY = """Fever Medicine

What is it?

This medicine brings a fever down. Give it with food. Call the clinic if the fever lasts.

When should I call 911?

- trouble breathing (call 911)
- a seizure

Clinic Name
Last reviewed 6/2025
"""
HARDER = EASY.replace(
    "Give it with food.",
    "Administration concurrently with nutritional intake substantially diminishes "
    "gastrointestinal irritation, particularly considering individual physiological variability.",
)
EASIER = EASY.replace("Call the clinic if the fever lasts.", "Call us.")


def project(tmp_path: Path, **sheets: str) -> Config:
    sources = tmp_path / "sources"
    sources.mkdir()
    for name, text in sheets.items():
        (sources / f"{name}.txt").write_text(text, encoding="utf-8")
    base = Config()
    return replace(
        base,
        sources=sources,
        outputs=tmp_path / "outputs",
        spelling=replace(base.spelling, wordlist=ROOT / "glossaries" / "words.txt"),
        readability=replace(
            base.readability,
            baseline=tmp_path / "baseline.json",
            plain_language=ROOT / "glossaries" / "plain-language.csv",
        ),
        audit=replace(base.audit, report=tmp_path / "outputs" / "report"),
    )


def run(config: Config) -> AuditResult:
    return audit(config, sorted(config.sources.glob("*.txt")), TODAY)


def rules(result: AuditResult, severity: Severity | None = None) -> list[str]:
    return [f.rule for f in result.findings() if severity is None or f.severity == severity]


def test_a_clean_sheet_passes(tmp_path: Path) -> None:
    result = run(project(tmp_path, fever=EASY))
    assert not result.failed()
    assert rules(result, Severity.ERROR) == []
    assert result.sheets[0].metrics["flesch_kincaid_grade"] < 8


def test_seed_fails_without_its_waivers_and_passes_with_them(config: Config) -> None:
    strict = replace(config, policy=replace(config.policy, waivers=()))
    result = audit(strict, [SEED], TODAY)
    assert result.failed()
    assert sorted(rules(result, Severity.ERROR)) == ["review.overdue", "spelling.misspelled"]
    waived = audit(config, [SEED], TODAY)
    assert not waived.failed()
    messages = [f.message for f in waived.findings() if f.rule == "review.overdue"]
    assert len(messages) == 1 and "[waived: seed sheet kept byte for byte" in messages[0]


def test_rules_can_be_switched_off_or_regraded(tmp_path: Path) -> None:
    config = project(tmp_path, fever=EASY.replace("6/2025", "6/2015"))
    assert rules(run(config), Severity.ERROR) == ["review.overdue"]
    off = replace(config, policy=replace(config.policy, rules={"review.overdue": "off"}))
    assert "review.overdue" not in rules(run(off))
    warn = replace(config, policy=replace(config.policy, rules={"review.overdue": "warning"}))
    assert rules(run(warn), Severity.WARNING) == ["review.overdue"]
    assert not run(warn).failed()


def test_inline_ignore_and_unknown_rule_names(tmp_path: Path) -> None:
    text = EASY.replace("6/2025", "6/2015") + "audit-ignore: review.overdue, no.such-rule\n"
    found = rules(run(project(tmp_path, fever=text)))
    assert "audit.unknown-rule" in found
    assert "review.overdue" not in found


def test_unused_waiver_is_reported(tmp_path: Path) -> None:
    config = project(tmp_path, fever=EASY)
    waiver = Waiver(config.sources / "fever.txt", "review.overdue", "being rewritten")
    waived = replace(config, policy=replace(config.policy, waivers=(waiver,)))
    assert rules(run(waived), Severity.WARNING) == ["audit.unused-waiver"]


def test_settings_naming_unknown_rules_are_refused(tmp_path: Path) -> None:
    config = project(tmp_path, fever=EASY)
    bad = replace(config, policy=PolicyConfig(rules={"speling.misspelled": "off"}))
    with pytest.raises(ConfigError, match=r"unknown rule\(s\): speling\.misspelled"):
        run(bad)


def test_gate_fails_when_a_sheet_gets_harder_and_passes_when_easier(tmp_path: Path) -> None:
    config = project(tmp_path, fever=EASY)
    toml = write_settings(tmp_path, config)
    assert cli.main(["--config", str(toml), "baseline"]) == exits.OK
    sheet = config.sources / "fever.txt"
    sheet.write_text(HARDER, encoding="utf-8")
    assert cli.main(["--config", str(toml), "audit", "--today", "2026-11-25"]) == exits.FAILED
    (regression,) = [f for f in run(config).findings() if f.rule == "readability.regression"]
    assert regression.severity == Severity.ERROR
    assert "flesch_kincaid_grade rose from" in regression.message
    assert "Administration concurrently" in regression.message
    assert regression.loc.line == 5
    sheet.write_text(EASIER, encoding="utf-8")
    assert cli.main(["--config", str(toml), "audit", "--today", "2026-11-25"]) == exits.OK


def test_gate_tolerance_comes_from_settings(tmp_path: Path) -> None:
    config = project(tmp_path, fever=EASY)
    toml = write_settings(tmp_path, config)
    cli.main(["--config", str(toml), "baseline"])
    (config.sources / "fever.txt").write_text(HARDER, encoding="utf-8")
    lenient = replace(config, readability=replace(config.readability, tolerance=50.0))
    assert "readability.regression" not in rules(run(lenient))


def test_new_sheets_are_held_to_the_ceiling(tmp_path: Path) -> None:
    config = project(tmp_path, fever=HARDER)
    strict = replace(config, readability=replace(config.readability, max_grade=4.0))
    assert "readability.grade" in rules(run(strict), Severity.ERROR)


def write_settings(tmp_path: Path, config: Config) -> Path:
    toml = tmp_path / "pipeline.toml"
    toml.write_text(
        f'sources = "sources"\noutputs = "outputs"\n[readability]\nbaseline = "baseline.json"\n'
        f'plain_language = "{config.readability.plain_language}"\n'
        f'[spelling]\nwordlist = "{config.spelling.wordlist}"\n',
        encoding="utf-8",
    )
    return toml


def test_reports_json_junit_and_github(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = project(tmp_path, fever=EASY, old=EASY.replace("6/2025", "6/2015"), empty="")
    result = run(config)
    json_path, junit_path = files.write(result, config.audit.report)
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert [sheet["path"] for sheet in data["sheets"]] == [
        display(config, name) for name in ("empty", "fever", "old")
    ]
    empty, fever, old = data["sheets"]
    assert "file is empty" in empty["error"] and empty["metrics"] == {}
    assert (
        fever["metrics"]["flesch_kincaid_grade"] == result.sheets[1].metrics["flesch_kincaid_grade"]
    )
    assert set(fever["raw_metrics"]) >= {"flesch_kincaid_grade", "smog_index"}
    assert fever["sections"][0]["heading"] == "What is it?"
    overdue = next(f for f in old["findings"] if f["rule"] == "review.overdue")
    assert overdue | {"message": ""} == {
        "rule": "review.overdue",
        "severity": "error",
        "path": display(config, "old"),
        "line": 13,
        "col": 1,
        "message": "",
        "suggestion": "have the sheet reviewed, then update its 'Last reviewed' date",
    }
    assert data["failed"] is True
    suite = etree.parse(str(junit_path)).getroot()[0]
    assert suite.get("tests") == "3" and suite.get("failures") == "2"
    annotations = files.github_annotations(result)
    assert any(
        a.startswith(f"::error file={display(config, 'old')},line=13,col=1,title=review.overdue::")
        for a in annotations
    )


def display(config: Config, name: str) -> str:
    return shown(config.sources / f"{name}.txt")


def test_cli_unreadable_sheet_is_reported_and_others_audited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = project(tmp_path, fever=EASY, binary="")
    (config.sources / "binary.txt").write_bytes(b"\x00\x01")
    toml = write_settings(tmp_path, config)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert cli.main(["--config", str(toml), "audit", "--today", "2026-11-25"]) == exits.FAILED
    out = capsys.readouterr().out
    assert "binary.txt:1:1: error: source.unreadable: binary data" in out
    assert "2 sheet(s) audited; 1 unreadable" in out
    assert "::error file=" in out
    assert (tmp_path / "outputs" / "report" / "index.html").exists()


def test_cli_bad_word_list_and_bad_settings_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = project(tmp_path, fever=EASY)
    words = tmp_path / "words.txt"
    words.write_text("# names\nProleukin\ntwo words\n", encoding="utf-8")
    toml = tmp_path / "pipeline.toml"
    plain = ROOT / "glossaries" / "plain-language.csv"
    toml.write_text(
        f'[spelling]\nwordlist = "{words}"\n[readability]\nplain_language = "{plain}"\n',
        encoding="utf-8",
    )
    assert cli.main(["--config", str(toml), "audit", str(config.sources / "fever.txt")]) == 2
    assert f"{words}:3:" in capsys.readouterr().err
    toml.write_text("[policy]\nfail_level = 'loud'\n", encoding="utf-8")
    assert cli.main(["--config", str(toml), "audit"]) == 2
    assert "unknown severity 'loud'" in capsys.readouterr().err


def test_project_audit_passes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    settings = tmp_path / "pipeline.toml"
    text = (ROOT / "pipeline.toml").read_text(encoding="utf-8")
    settings.write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    shutil.copytree(ROOT / "glossaries", tmp_path / "glossaries")
    shutil.copy(ROOT / "readability-baseline.json", tmp_path)
    assert cli.main(["--config", str(settings), "audit", "--today", "2026-11-25"]) == 0
    out = capsys.readouterr().out
    assert "Fix first" not in out  # waived findings are not what to fix first
    assert "0 error(s)" in out
    audit = ["--config", str(settings), "audit", "--today", "2026-11-25", "--verbose"]
    assert cli.main(audit) == 0
    out = capsys.readouterr().out
    assert "info: review.overdue" in out and "[waived:" in out


def test_parallel_audit_matches_serial(tmp_path: Path) -> None:
    sheets = {f"s{n}": EASY.replace("fever", f"fever {n}") for n in range(5)}
    config = project(tmp_path, **sheets, bad="")
    paths = sorted(config.sources.glob("*.txt"))
    assert audit(config, paths, TODAY, jobs=2) == audit(config, paths, TODAY, jobs=1)


def test_spanish_translations_are_measured_in_spanish(tmp_path: Path) -> None:
    config = project(tmp_path, fever=EASY)
    memory = tmp_path / "translations"
    units = (
        xliff.TransUnit("u1", "title", "Fever Medicine", "Medicina para la fiebre", State.MACHINE),
        xliff.TransUnit("u2", "paragraph", "Give it.", "Désela con comida.", State.REVIEWED),
    )
    sheet = xliff.SheetMemory("sources/fever.txt", "en-US", "es-US", units)
    (memory / "es").mkdir(parents=True)
    (memory / "es" / "fever.xlf").write_bytes(xliff.write(sheet))
    spanish = replace(config, translation=replace(config.translation, memory=memory))
    (result,) = run(spanish).sheets
    expected = reading_level.translation_ease(
        ["Medicina para la fiebre", "Désela con comida."], "es-US"
    )
    assert result.translations == {"es-US": expected}
    assert set(expected) == {"fernandez_huerta", "szigriszt_pazos"}
    assert expected["fernandez_huerta"] > 60  # short everyday Spanish reads easily


def _finding(path: str, rule: str, severity: Severity, line: int = 1) -> Finding:
    return Finding(rule, severity, f"{rule} here " + "x" * 5_000, Location(path, line))


def _result(sheets: int, each: list[tuple[str, Severity]]) -> AuditResult:
    """An audit of `sheets` sheets with the same findings on each."""
    audits = tuple(
        SheetAudit(
            f"sources/s{n}.txt",
            tuple(_finding(f"sources/s{n}.txt", r, s, line) for line, (r, s) in enumerate(each)),
            {},
            {},
        )
        for n in range(sheets)
    )
    return AuditResult(audits, (), Severity.ERROR, dt.date(2026, 1, 1))


def test_console_is_bounded_and_ordered_by_harm_verbose_lists_all() -> None:
    each = [
        ("readability.long-sentence", Severity.WARNING),
        ("spelling.misspelled", Severity.ERROR),
        ("structure.no-title", Severity.ERROR),
        ("review.missing", Severity.ERROR),
        ("ingest.dropped-text", Severity.ERROR),
        ("spelling.acronym", Severity.WARNING),
    ] + [("structure.repeated-word", Severity.WARNING)] * 10
    result = _result(200, each)
    shown = list(console.lines(result))
    headings = [line.split(" (")[0] for line in shown if line.startswith("Fix first")]
    assert headings == [
        "Fix first — Lost text",
        "Fix first — Review date missing, in the future or overdue",
        "Fix first — Typos",
    ]
    # Groups of at most 10 lines, one line per sheet, at most 20 other errors: bounded.
    assert len(shown) < 200 + 4 * 12 + 22 + 2
    assert max(len(line) for line in shown) < 400
    assert any(
        line.startswith("sources/s7.txt: 4 error(s), 12 warning(s) [structure.repeated-word x10,")
        for line in shown
    )
    assert "  … and 190 more (--verbose lists every finding)" in shown
    verbose = list(console.lines(result, verbose=True))
    assert len(verbose) == 200 * len(each) + 1
    assert "ingest.dropped-text" in verbose[0]


_BIG_AUDIT = """
import resource, sys, datetime as dt
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tests.test_audit import project, run
config = project(Path(sys.argv[2]), big=Path(sys.argv[3]).read_text(encoding="utf-8"))
result = run(config)
from pipeline.report import console, files, html_report
lines = list(console.lines(result))
files.write(result, config.audit.report)
html_report.write(result, config)
print(len(lines), max(len(f.message) for f in result.findings()))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def test_a_2_mb_one_line_sheet_audits_in_bounded_memory(tmp_path: Path) -> None:
    """The whole audit, reports included, of a sheet of one 2 MB line full of repeated
    words and typos: under 500 MB, a bounded console, no finding quoting the line."""
    words = "the the child takes medicine with food intermittant mL VAERS Kincaid and".split()  # noqa: SIM905
    line = " ".join(words[n * 7 % len(words)] for n in range(300_000))
    sheet = tmp_path / "big.txt"
    sheet.write_text(f"Big sheet\n\n{line}.\n", encoding="utf-8")
    assert sheet.stat().st_size > 1_500_000
    (tmp_path / "project").mkdir()
    done = subprocess.run(
        [sys.executable, "-c", _BIG_AUDIT, str(ROOT), str(tmp_path / "project"), str(sheet)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    console_lines, longest_message, peak_kb = map(int, done.stdout.split())
    assert console_lines < 40
    assert longest_message < 1_000
    assert peak_kb < 500_000


def test_waived_findings_are_not_in_fix_first() -> None:
    waived = _result(1, [("spelling.misspelled", Severity.INFO), ("review.overdue", Severity.INFO)])
    assert not [line for line in console.lines(waived) if line.startswith("Fix first")]
