"""What staff should fix first, in order of harm to the families who read the sheet.

Lost text first (a family never sees it), then review dates (advice nobody vouches for),
then typos, then reading level that got worse; everything else after, by severity. The
console and the web report list "Fix first" in this one order.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.model import Finding, Severity

#: (what staff read, the rules) in order of harm.
FIX_FIRST: tuple[tuple[str, frozenset[str]], ...] = (
    ("Lost text", frozenset({"ingest.dropped-text"})),
    (
        "Review date missing, in the future or overdue",
        frozenset({"review.missing", "review.future", "review.overdue"}),
    ),
    ("Typos", frozenset({"spelling.misspelled"})),
    ("Reading level got worse", frozenset({"readability.regression"})),
)


#: Findings below this (waived ones, re-graded to info) are not for "Fix first".
LEAST = Severity.WARNING


def fix_first(finding: Finding, rank: int) -> bool:
    """Whether `finding` belongs under heading `rank` of "Fix first"."""
    return finding.severity >= LEAST and harm(finding) == rank


def harm(finding: Finding) -> int:
    """The finding's place in FIX_FIRST; len(FIX_FIRST) for everything else."""
    for rank, (_, rules) in enumerate(FIX_FIRST):
        if finding.rule in rules:
            return rank
    return len(FIX_FIRST)


def by_harm(findings: Iterable[Finding]) -> list[Finding]:
    """Findings worst first: by harm, then severity, then place (a stable order)."""
    return sorted(findings, key=lambda f: (harm(f), -f.severity, f.loc, f.rule))
