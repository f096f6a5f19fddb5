"""Findings placed in words a reader can find: a Word sheet's heading next to its
paragraph number, on the console and in every report."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import docx
import pytest

from pipeline.audit import AuditResult, SheetAudit, audit
from pipeline.model import Finding, Location, Severity
from pipeline.report import console, files, html_report, places
from tests.test_audit import TODAY, project
from tests.word_sheets import save

pytestmark = pytest.mark.usefixtures("hunspell")


def _word_audit(tmp_path: Path) -> tuple[AuditResult, str]:
    config = project(tmp_path)
    word = docx.Document()
    word.add_heading("Fever Medicine", 1)
    word.add_heading("What is it?", 2)
    word.add_paragraph("This medicine brings a fever down.")
    word.add_heading("How is it given?", 2)
    word.add_paragraph("Give it with food.")
    word.add_paragraph("Give it with a glas of water.")
    word.add_paragraph("Last reviewed 6/2025")
    path = config.sources / "fever.docx"
    path.write_bytes(save(word))
    result = audit(config, [path], TODAY)
    report = replace(config, outputs=tmp_path / "outputs")
    html = html_report.render(result, report).decode("utf-8")
    return result, html


def test_a_word_finding_names_the_heading_it_is_under(tmp_path: Path) -> None:
    result, html = _word_audit(tmp_path)
    typo = next(f for f in result.findings() if f.rule == "spelling.misspelled")
    sheet = result.sheets[0]
    assert typo.loc.unit == "paragraph" and typo.loc.line == 6
    expected = f'{sheet.source}: paragraph 6 (under "How is it given?")'
    assert places.where(typo.loc, sheet) == expected
    printed = [line for line in console.lines(result, verbose=True) if "misspelled" in line]
    assert printed and printed[0].startswith(f"{expected}: ")
    assert any(line.strip().startswith(f"{expected}: ") for line in console.lines(result))
    assert f"<code>{expected}</code>" in html

    data = json.loads(files.to_json(result))
    found = next(f for f in data["sheets"][0]["findings"] if f["rule"] == "spelling.misspelled")
    assert found["line"] == 6 and found["unit"] == "paragraph"
    assert found["place"] == "paragraph 6" and found["heading"] == "How is it given?"
    assert expected in files.to_junit(result).decode("utf-8")
    annotations = [a for a in files.github_annotations(result) if "misspelled" in a]
    assert "line=6," in annotations[0]
    assert 'title=spelling.misspelled at paragraph 6 (under "How is it given?")::' in annotations[0]


def test_findings_before_any_heading_and_with_lines_stay_as_they_were() -> None:
    sheet = SheetAudit("s.docx", (), {}, {}, ((None, 1, {}), ("Why?", 3, {}), ("How?", 7, {})))
    assert places.where(Location("s.docx", 2, unit="paragraph"), sheet) == "s.docx: paragraph 2"
    assert places.heading(Location("s.docx", 3, unit="paragraph"), sheet) == "Why?"
    assert places.heading(Location("s.docx", 9, unit="paragraph"), sheet) == "How?"
    assert places.where(Location("s.txt", 9), sheet) == "s.txt:9:1"
    assert places.where(Location("s.docx", 9, unit="paragraph"), None) == "s.docx: paragraph 9"
    finding = Finding("r", Severity.ERROR, "m", Location("s.txt", 4, 2))
    assert console.line(finding, sheet) == str(finding)


def test_a_pdf_finding_says_its_page_and_heading(tmp_path: Path) -> None:
    pdf = Path(__file__).parent / "fixtures" / "pdf" / "statement.pdf"
    result = audit(project(tmp_path), [pdf], TODAY)
    sheet = result.sheets[0]
    long = [f for f in sheet.findings if f.rule == "readability.long-sentence"]
    on_two = next(f for f in long if f.loc.page is not None and f.loc.page[0] == 2)
    expected = f'{sheet.source}: page 2, line 3 (under "3. What if there is a serious problem?")'
    assert any(line.startswith(expected) for line in console.lines(result, verbose=True))
    found = next(
        f
        for f in json.loads(files.to_json(result))["sheets"][0]["findings"]
        if f["line"] == on_two.loc.line and f["rule"] == on_two.rule
    )
    assert found["page"] == 2 and found["place"] == "page 2, line 3"


def test_a_finding_about_the_whole_sheet_names_the_sheet_and_no_line(tmp_path: Path) -> None:
    pdf = Path(__file__).parent / "fixtures" / "pdf" / "undated.pdf"
    result = audit(project(tmp_path), [pdf], TODAY)
    sheet = result.sheets[0]
    missing = next(f for f in sheet.findings if f.rule == "readability.grade")
    assert missing.loc == Location.whole(sheet.source) and missing.loc.page is None
    assert places.where(missing.loc, sheet) == sheet.source  # no ":1:1", no "page 1, line 1"
    printed = [line for line in console.lines(result, verbose=True) if missing.rule in line]
    assert printed[0].strip().startswith(f"{sheet.source}: {missing.severity}: {missing.rule}:")
    found = next(
        f
        for f in json.loads(files.to_json(result))["sheets"][0]["findings"]
        if f["rule"] == missing.rule
    )
    assert found["unit"] == "sheet" and found["place"] == "the whole sheet"
    assert found["heading"] is None
    annotation = next(a for a in files.github_annotations(result) if missing.rule in a)
    assert f"title={missing.rule} at the whole sheet::" in annotation
