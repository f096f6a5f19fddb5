"""`pipeline a11y`: check every output file, print what is wrong, and judge the run like the audit.

Each finding prints as `path:line:col: severity: rule: message`, then one summary line per
format and one verdict; `outputs/report/a11y.json` holds the same for tools. Exit codes
are the audit's: 0 clean, 1 findings at or above the fail level (a checker that could not
run is such a finding), 2 nothing to check or a checker that broke.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import atomic
from pipeline.a11y import Checked, CheckerError, Output, browser, docx_rules, text_rules, vnu
from pipeline.build import display
from pipeline.config import Config
from pipeline.model import Finding, Severity
from pipeline.report.files import finding_json

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
REPORT_NAME = "a11y.json"
FORMATS = ("html", "docx", "txt")
#: Folders of outputs/ with sheets for families are named by language ("en", "es"); the
#: others (report/, drafts/) are not checked.
_LANGUAGE = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True)
class FormatResult:
    files: tuple[Output, ...]
    checked: tuple[Checked, ...]

    def findings(self) -> list[Finding]:
        return [finding for checked in self.checked for finding in checked.findings]


@dataclass(frozen=True)
class Result:
    formats: dict[str, FormatResult]
    fail_level: Severity

    def findings(self) -> list[Finding]:
        found = [f for result in self.formats.values() for f in result.findings()]
        return sorted(found, key=lambda f: (f.loc, f.rule, f.message))

    def failed(self) -> bool:
        return any(finding.severity >= self.fail_level for finding in self.findings())


def main(config: Config, files: Sequence[Path] = (), *, screenshots: bool = False) -> int:
    """Check `files`, or every file in outputs/<lang>/; with `screenshots`, save PNGs too."""
    folder = config.audit.report / "screenshots" if screenshots else None
    try:
        result = check(_outputs(config, files), folder, _fail_level(config))
    except (_UsageError, CheckerError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    for finding in result.findings():
        print(finding)
    for line in summary(result):
        print(line)
    report = config.audit.report / REPORT_NAME
    atomic.write_bytes(report, to_json(result))
    print(f"report: {display(report)}" + (f", screenshots: {display(folder)}/" if folder else ""))
    return EXIT_FAILED if result.failed() else EXIT_OK


class _UsageError(Exception):
    """Nothing to check, or a file that is not an output."""


def _fail_level(config: Config) -> Severity:
    return Severity[config.audit.fail_level.upper()]


def _outputs(config: Config, files: Sequence[Path]) -> list[Output]:
    if files:
        for path in files:
            if not path.is_file():
                raise _UsageError(f"{display(path)}: no such file")
            if path.suffix.lstrip(".") not in FORMATS:
                raise _UsageError(f"{display(path)}: not an output ({', '.join(FORMATS)})")
        return [Output(path, display(path)) for path in files]
    found = sorted(
        path
        for folder in (config.outputs.iterdir() if config.outputs.is_dir() else ())
        if folder.is_dir() and _LANGUAGE.fullmatch(folder.name)
        for path in folder.iterdir()
        if path.is_file() and path.suffix.lstrip(".") in FORMATS and not path.name.startswith(".")
    )
    if not found:
        raise _UsageError(f"no outputs to check in {display(config.outputs)}/: run `make build`")
    return [Output(path, display(path)) for path in found]


def check(outputs: Sequence[Output], screenshots: Path | None, fail_level: Severity) -> Result:
    """Run every checker on the outputs of its format; the Nu checker (Java) runs alongside
    the browser, as each keeps one of the two cores busy."""
    by_format = {
        name: tuple(output for output in outputs if output.path.suffix == f".{name}")
        for name in FORMATS
    }
    pages = by_format["html"]
    html: tuple[Checked, ...] = ()
    if pages:
        with ThreadPoolExecutor(max_workers=1) as pool:
            nu = pool.submit(vnu.check, pages)
            html = (browser.check(pages, screenshots), nu.result())
    docx = _rules(
        by_format["docx"],
        docx_rules.check,
        f"{len(docx_rules.RULES)} Word Accessibility Checker rules",
    )
    txt = _rules(by_format["txt"], text_rules.check, f"{len(text_rules.RULES)} plain-text rules")
    checked = {"html": html, "docx": (docx,), "txt": (txt,)}
    return Result(
        {name: FormatResult(by_format[name], checked[name]) for name in FORMATS}, fail_level
    )


def _rules(
    outputs: Sequence[Output], rules: Callable[[bytes, str], list[Finding]], name: str
) -> Checked:
    return Checked(
        tuple(
            finding
            for output in outputs
            for finding in rules(output.path.read_bytes(), output.shown)
        ),
        name,
    )


def _counts(findings: Sequence[Finding]) -> dict[Severity, int]:
    counts = dict.fromkeys(reversed(Severity), 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def _counted(findings: Sequence[Finding]) -> str:
    return ", ".join(f"{count} {level}(s)" for level, count in _counts(findings).items())


def summary(result: Result) -> list[str]:
    """One line per format, naming what checked it, then the verdict as the audit words it."""
    lines = [
        f"{name}: {len(found.files)} file(s): {_counted(found.findings())}"
        + (f" — {', '.join(checked.checker for checked in found.checked)}" if found.files else "")
        for name, found in result.formats.items()
    ]
    files = sum(len(found.files) for found in result.formats.values())
    verdict = "FAILED" if result.failed() else "passed"
    lines.append(
        f"{files} file(s) checked for accessibility: {_counted(result.findings())}; "
        f"fail level {result.fail_level}: {verdict}"
    )
    return lines


def to_json(result: Result) -> bytes:
    """The report for tools: stable order, no clock, so the same outputs give the same file."""
    data: dict[str, Any] = {
        "fail_level": str(result.fail_level),
        "failed": result.failed(),
        "counts": {str(level): n for level, n in _counts(result.findings()).items()},
        "formats": {
            name: {
                "files": [output.shown for output in found.files],
                "checkers": [checked.checker for checked in found.checked],
                "counts": {str(level): n for level, n in _counts(found.findings()).items()},
            }
            for name, found in result.formats.items()
        },
        "findings": [finding_json(finding) for finding in result.findings()],
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
