"""Machine-readable audit reports: JSON for tools, JUnit XML and GitHub annotations for CI.

Reports are written atomically and list sheets and findings in a stable order, so two
audits of the same sheets give identical files (except the date they were judged on).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lxml import etree

from pipeline import atomic
from pipeline.audit import AuditResult, SheetAudit
from pipeline.model import Finding, Severity
from pipeline.report.places import by_source, described, heading, place

JSON_NAME = "audit.json"
JUNIT_NAME = "audit.junit.xml"


def write(result: AuditResult, folder: Path) -> list[Path]:
    written = [folder / JSON_NAME, folder / JUNIT_NAME]
    atomic.write_bytes(written[0], to_json(result))
    atomic.write_bytes(written[1], to_junit(result))
    return written


def to_json(result: AuditResult) -> bytes:
    data = {
        "today": result.today.isoformat(),
        "fail_level": str(result.fail_level),
        "failed": result.failed(),
        "counts": {str(level): count for level, count in result.counts().items()},
        "sheets": [_sheet(sheet) for sheet in result.sheets],
        "findings": [finding_json(finding) for finding in result.general],
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _sheet(sheet: SheetAudit) -> dict[str, Any]:
    return {
        "path": sheet.source,
        "error": sheet.error,
        "metrics": sheet.metrics,
        "raw_metrics": sheet.raw,
        "sections": [
            {"heading": heading, "line": line, "metrics": metrics}
            for heading, line, metrics in sheet.sections
        ],
        "translations": sheet.translations,
        "findings": [finding_json(finding, sheet) for finding in sheet.findings],
    }


def finding_json(finding: Finding, sheet: SheetAudit | None = None) -> dict[str, Any]:
    """A finding as every JSON report of the project writes it: `line` is a number for
    tools; a source without editor lines (Word, PDF) adds what it counts (`unit`), its
    page, the place in words and the heading it is under when `sheet` is given, for
    people."""
    loc = finding.loc
    data: dict[str, Any] = {
        "rule": finding.rule,
        "severity": str(finding.severity),
        "path": loc.path,
        "line": loc.line,
        "col": loc.col,
        "message": finding.message,
        "suggestion": finding.suggestion,
    }
    if not loc.numbered:
        data["unit"] = loc.unit
        data["page"] = None if loc.page is None else loc.page[0]
        data["place"] = loc.place
        data["heading"] = heading(loc, sheet)
    return data


def to_junit(result: AuditResult) -> bytes:
    """One test case per sheet; findings at or above the fail level are its failures."""
    suite = etree.Element("testsuite", name="audit", tests=str(len(result.sheets)))
    failures = 0
    for sheet in result.sheets:
        case = etree.SubElement(suite, "testcase", classname="audit", name=sheet.source)
        failing = [f for f in sheet.findings if f.severity >= result.fail_level]
        if failing:
            failures += 1
            failure = etree.SubElement(
                case,
                "failure",
                message=f"{len(failing)} finding(s) at or above {result.fail_level}",
            )
            failure.text = "\n".join(described(finding, sheet) for finding in failing)
        others = [f for f in sheet.findings if f.severity < result.fail_level]
        if others:
            etree.SubElement(case, "system-out").text = "\n".join(
                described(f, sheet) for f in others
            )
    suite.set("failures", str(failures))
    suites = etree.Element("testsuites")
    suites.append(suite)
    return etree.tostring(suites, xml_declaration=True, encoding="UTF-8", pretty_print=True)


_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def github_annotations(result: AuditResult) -> list[str]:
    """Workflow commands that GitHub Actions shows on the changed lines of a pull request;
    a source without lines names the place in words in the title."""
    out = []
    sheets = by_source(result.sheets)
    for finding in result.findings():
        loc = finding.loc
        title = finding.rule
        if not loc.numbered:
            title = f"{title} at {place(loc, sheets.get(loc.path))}"
        properties = ",".join(
            f"{key}={_escape(value, property=True)}"
            for key, value in (
                ("file", loc.path),
                ("line", str(loc.line)),
                ("col", str(loc.col)),
                ("title", title),
            )
        )
        out.append(f"::{_COMMANDS[finding.severity]} {properties}::{_escape(finding.message)}")
    return out


def _escape(text: str, property: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property else text
