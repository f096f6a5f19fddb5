"""Where a finding is, in words a reader can find in the sheet.

A Word document has no lines an editor shows, so its findings count paragraphs, and
"paragraph 41" is still hard to find by eye; the nearest heading above it is not (nor in
a PDF, whose findings say the page). The
heading is looked up at report time from the sheet's sections (their headings and where
they start), so every check's findings get it without storing it on each finding. Sources
with lines keep the `path:line:col` form editors and CI parse.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from pipeline.audit import SheetAudit
from pipeline.model import WHOLE, Finding, Location


def heading(loc: Location, sheet: SheetAudit | None) -> str | None:
    """The heading of the section `loc` is in, for locations without editor lines (the
    sections start at the same numbers); else None."""
    if sheet is None or loc.numbered or loc.unit == WHOLE:
        return None
    titled = [(line, text) for text, line, _ in sheet.sections if text is not None]
    at = bisect_right([line for line, _ in titled], loc.line)
    return titled[at - 1][1] if at else None


def where(loc: Location, sheet: SheetAudit | None) -> str:
    """`sheet.docx: paragraph 3 (under "How is it given?")`, or just `str(loc)`."""
    return f"{loc}{_under(loc, sheet)}"


def place(loc: Location, sheet: SheetAudit | None) -> str:
    """`paragraph 3 (under "How is it given?")`, or just `loc.place`, for text that
    already names the sheet."""
    return f"{loc.place}{_under(loc, sheet)}"


def _under(loc: Location, sheet: SheetAudit | None) -> str:
    above = heading(loc, sheet)
    return "" if above is None else f' (under "{above}")'


def described(finding: Finding, sheet: SheetAudit | None) -> str:
    """`str(finding)` with its location in words."""
    return f"{where(finding.loc, sheet)}: {finding.severity}: {finding.rule}: {finding.message}"


def by_source(sheets: Iterable[SheetAudit]) -> dict[str, SheetAudit]:
    """The sheets by the path their findings name."""
    return {sheet.source: sheet for sheet in sheets}
