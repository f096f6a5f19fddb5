"""`pipeline a11y`: check every output file, print what is wrong, and judge the run like the audit.

Each finding prints as `path:line:col: severity: rule: message`, then one summary line per
format and one verdict; `outputs/report/a11y.json` holds the same for tools. Exit codes
are the audit's: 0 clean, 1 findings at or above the fail level (a checker that could not
run is such a finding), 2 nothing to check or a checker that broke.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import Any

from pipeline import atomic, exits
from pipeline.a11y import Checked, CheckerError, Output, browser, docx_rules, text_rules, vnu
from pipeline.config import Config
from pipeline.exits import UsageError
from pipeline.model import Finding, Severity
from pipeline.paths import display
from pipeline.policy import Policy
from pipeline.report.files import finding_json

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
class A11yResult:
    formats: dict[str, FormatResult]
    fail_level: Severity

    def findings(self) -> list[Finding]:
        found = [f for result in self.formats.values() for f in result.findings()]
        return sorted(found, key=lambda f: (f.loc, f.rule, f.message))

    def failed(self) -> bool:
        return any(finding.severity >= self.fail_level for finding in self.findings())


def main(config: Config, files: Sequence[Path] = (), *, screenshots: bool = False) -> int:
    """Check `files`, or every file in outputs/<lang>/; with `screenshots`, save PNGs too.
    Raises UsageError for nothing to check or a checker that broke."""
    folder = config.audit.report / "screenshots" if screenshots else None
    try:
        result = check(_outputs(config, files), folder, Policy(config))
    except CheckerError as error:
        raise UsageError(str(error)) from None
    for finding in result.findings():
        print(finding)
    for line in summary(result):
        print(line)
    report = config.audit.report / REPORT_NAME
    atomic.write_bytes(report, to_json(result))
    print(f"report: {display(report)}" + (f", screenshots: {display(folder)}/" if folder else ""))
    return exits.FAILED if result.failed() else exits.OK


def _outputs(config: Config, files: Sequence[Path]) -> list[Output]:
    if files:
        for path in files:
            if not path.is_file():
                raise UsageError(f"{display(path)}: no such file")
            if path.suffix.lstrip(".") not in FORMATS:
                raise UsageError(f"{display(path)}: not an output ({', '.join(FORMATS)})")
        return [Output(path, display(path)) for path in files]
    found = sorted(
        path
        for folder in (config.outputs.iterdir() if config.outputs.is_dir() else ())
        if folder.is_dir() and _LANGUAGE.fullmatch(folder.name)
        for path in folder.iterdir()
        if path.is_file() and path.suffix.lstrip(".") in FORMATS and not path.name.startswith(".")
    )
    if not found:
        raise UsageError(f"no outputs to check in {display(config.outputs)}/: run `make build`")
    return [Output(path, display(path)) for path in found]


def check(outputs: Sequence[Output], screenshots: Path | None, policy: Policy) -> A11yResult:
    """Run every checker on the outputs of its format, and judge what they found by the
    project's policy; the Nu checker (Java) runs alongside the browser, as each keeps one
    of the two cores busy."""
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
    return A11yResult(
        {
            name: FormatResult(by_format[name], tuple(_judged(c, policy) for c in checked[name]))
            for name in FORMATS
        },
        policy.fail_level,
    )


def _judged(checked: Checked, policy: Policy) -> Checked:
    """The checker's findings as the policy grades them, file by file (waivers name the
    sheet whose outputs these are)."""
    by_file: dict[str, list[Finding]] = {}
    for finding in checked.findings:
        by_file.setdefault(finding.loc.path, []).append(finding)
    judged = [
        f for path, found in by_file.items() for f in policy.judge(found, PurePath(path).stem)
    ]
    return replace(checked, findings=tuple(judged))


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


def summary(result: A11yResult) -> list[str]:
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


def to_json(result: A11yResult) -> bytes:
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
