"""`path:line:col: severity: rule: message` lines, like Sphinx, Vale and compilers print."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.audit import AuditResult
from pipeline.model import Severity


def lines(result: AuditResult, minimum: Severity = Severity.INFO) -> Iterator[str]:
    """Every finding at or above `minimum`, then one summary line."""
    for finding in result.findings():
        if finding.severity >= minimum:
            line = str(finding)
            yield (
                line if finding.suggestion is None else f"{line} (suggestion: {finding.suggestion})"
            )
    yield summary(result)


def summary(result: AuditResult) -> str:
    counts = result.counts()
    verdict = "FAILED" if result.failed() else "passed"
    unreadable = sum(1 for sheet in result.sheets if sheet.error is not None)
    parts = [f"{len(result.sheets)} sheet(s) audited"]
    if unreadable:
        parts.append(f"{unreadable} unreadable")
    found = ", ".join(f"{counts[level]} {level}(s)" for level in reversed(Severity))
    return f"{'; '.join(parts)}: {found}; fail level {result.fail_level}: {verdict}"
