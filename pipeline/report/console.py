"""The audit on the console: bounded by default, every finding with --verbose.

Findings print as `path:line:col: severity: rule: message` lines, like Sphinx, Vale and
compilers (a Word sheet's as `path: paragraph 3 (under "Heading"): …`, see places). A
200-sheet audit must not print thousands of lines, so by default the console shows "Fix
first" (lost text, review dates, typos, reading-level regressions: at most FIX_FIRST_LINES
each), one line per sheet with its findings counted by rule, at most
OTHER_ERRORS lines of its other errors, and a summary. The reports keep everything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence

from pipeline.audit import AuditResult, SheetAudit
from pipeline.model import Finding, Severity
from pipeline.report.places import by_source, described, where
from pipeline.report.priority import FIX_FIRST, by_harm, fix_first, harm

#: Lines of each "Fix first" group, and of the other errors, before "… and N more".
FIX_FIRST_LINES = 10
OTHER_ERRORS = 20
#: Characters of a message shown; the reports have the whole of it.
MESSAGE_CHARS = 200
#: Rules named on a sheet's line before "…".
RULES_PER_SHEET = 6


def lines(
    result: AuditResult, minimum: Severity = Severity.INFO, verbose: bool = False
) -> Iterator[str]:
    """What the console prints: every finding at or above `minimum` when `verbose`, else
    the bounded view; then one summary line."""
    findings = [f for f in result.findings() if f.severity >= minimum]
    sheets = by_source(result.sheets)
    if verbose:
        yield from (line(f, sheets.get(f.loc.path)) for f in by_harm(findings))
    else:
        yield from _fix_first(findings, sheets)
        yield from _sheets(result.sheets, minimum)
        yield from _other_errors(findings, result.fail_level, sheets)
    yield summary(result)


def line(finding: Finding, sheet: SheetAudit | None, chars: int | None = None) -> str:
    """`path:line:col: severity: rule: message (suggestion: …)`, the message cut to `chars`;
    `sheet` is the finding's sheet, whose headings place a Word sheet's findings."""
    text, suggestion = described(finding, sheet), finding.suggestion
    if chars is not None:
        text = _cut(text, chars + len(where(finding.loc, sheet)))
        suggestion = None if suggestion is None else _cut(suggestion, chars)
    return text if suggestion is None else f"{text} (suggestion: {suggestion})"


def _fix_first(findings: Sequence[Finding], sheets: Mapping[str, SheetAudit]) -> Iterator[str]:
    for rank, (title, rules) in enumerate(FIX_FIRST):
        group = by_harm(f for f in findings if fix_first(f, rank))
        if group:
            count = len({f.loc.path for f in group})
            named = ", ".join(sorted(rules))
            yield f"Fix first — {title} ({named}): {len(group)} in {count} sheet(s)"
            yield from _capped(group, FIX_FIRST_LINES, sheets)


def _sheets(sheets: Sequence[SheetAudit], minimum: Severity) -> Iterator[str]:
    """One line per sheet: its counts by severity, and by rule, most frequent first."""
    for sheet in sheets:
        found = [f for f in sheet.findings if f.severity >= minimum]
        if sheet.error is not None:
            yield f"{sheet.source}: unreadable: {_cut(sheet.error, MESSAGE_CHARS)}"
            continue
        counts = Counter(f.severity for f in found)
        said = ", ".join(
            f"{counts[level]} {level}(s)" for level in reversed(Severity) if counts[level]
        )
        rules = Counter(f.rule for f in found).most_common()
        named = ", ".join(f"{rule} x{count}" for rule, count in rules[:RULES_PER_SHEET])
        more = (
            f", {len(rules) - RULES_PER_SHEET} more rule(s)" if len(rules) > RULES_PER_SHEET else ""
        )
        yield f"{sheet.source}: {said or 'no findings'}" + (f" [{named}{more}]" if named else "")


def _other_errors(
    findings: Sequence[Finding], fail_level: Severity, sheets: Mapping[str, SheetAudit]
) -> Iterator[str]:
    """Findings that fail the audit and are not in "Fix first"."""
    failing = by_harm(f for f in findings if f.severity >= fail_level and harm(f) == len(FIX_FIRST))
    if failing:
        yield f"Other findings at {fail_level} or above: {len(failing)}"
        yield from _capped(failing, OTHER_ERRORS, sheets)


def _capped(
    findings: Sequence[Finding], limit: int, sheets: Mapping[str, SheetAudit]
) -> Iterator[str]:
    for finding in findings[:limit]:
        yield f"  {line(finding, sheets.get(finding.loc.path), MESSAGE_CHARS)}"
    if len(findings) > limit:
        yield f"  … and {len(findings) - limit} more (--verbose lists every finding)"


def _cut(text: str, chars: int) -> str:
    return text if len(text) <= chars else f"{text[: chars - 1]}…"


def summary(result: AuditResult) -> str:
    counts = result.counts()
    verdict = "FAILED" if result.failed() else "passed"
    unreadable = sum(1 for sheet in result.sheets if sheet.error is not None)
    parts = [f"{len(result.sheets)} sheet(s) audited"]
    if unreadable:
        parts.append(f"{unreadable} unreadable")
    found = ", ".join(f"{counts[level]} {level}(s)" for level in reversed(Severity))
    return f"{'; '.join(parts)}: {found}; fail level {result.fail_level}: {verdict}"
