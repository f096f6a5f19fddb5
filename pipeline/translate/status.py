"""What a sheet's translation run found, for people to act on: which units wait for review
(at the sheet's line and the memory's), the labels, QA totals by rule, the words the engine
did not know, the English's review date, and when a published copy was withdrawn.

Made once from the run's own results (`run.SheetTranslation`), never by redoing any of it;
kept in the manifest so a sheet skipped as unchanged reports the same. Lists are capped
per sheet, so the status of 1,000 sheets stays small (the counts are always whole).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pipeline.model import Finding
from pipeline.translate import drafting, run
from pipeline.translate.xliff import State, TransUnit

#: Units, unknown words and lines per rule kept per sheet; the totals count them all.
UNITS_SHOWN = 5
WORDS_SHOWN = 20
LINES_SHOWN = 5
#: Characters of a unit's English kept to name it, and of a rule's first message.
TEXT_CHARS = 60
MESSAGE_CHARS = 100
_UNIT_LINE = re.compile(rb'<trans-unit id="([^"]*)"')


@dataclass(frozen=True)
class Waiting:
    """A unit not yet reviewed by a named translator."""

    id: str
    state: str
    #: Its line in the English sheet, and of its `<trans-unit>` in the memory file.
    line: int
    xliff_line: int | None
    #: The start of its English.
    text: str


@dataclass(frozen=True)
class RuleTotal:
    """A QA rule's findings on a sheet: how many, on how many lines, the first lines, the
    first message."""

    rule: str
    severity: str
    count: int
    lines: tuple[int, ...]
    line_total: int
    message: str


@dataclass(frozen=True)
class SheetStatus:
    #: The memory file, as the project names it (translations/es/fever.xlf).
    memory: str
    units: int
    waiting: tuple[Waiting, ...]
    waiting_total: int
    #: Why the labels are not reviewed (`Labels.unreviewed`); None when they are.
    labels: str | None
    qa: tuple[RuleTotal, ...]
    unknown: tuple[str, ...]
    unknown_total: int
    #: Why the English sheet is withheld from families (its review date), if it is.
    withheld: str | None
    #: The day a published copy was taken down, while the sheet is still not published.
    withdrawn_on: str | None

    def as_json(self) -> dict[str, Any]:
        """Plain data for JSON (`dataclasses.asdict` deep-copies: 10 times slower here)."""
        data = dict(vars(self))
        data["waiting"] = [dict(vars(unit)) for unit in self.waiting]
        data["qa"] = [dict(vars(total)) for total in self.qa]
        return data

    @staticmethod
    def from_json(data: dict[str, Any]) -> SheetStatus:
        """The status as `as_json` wrote it (raises KeyError or TypeError otherwise)."""
        return SheetStatus(
            memory=str(data["memory"]),
            units=int(data["units"]),
            waiting=tuple(Waiting(**unit) for unit in data["waiting"]),
            waiting_total=int(data["waiting_total"]),
            labels=data["labels"],
            qa=tuple(
                RuleTotal(**{**total, "lines": tuple(total["lines"])}) for total in data["qa"]
            ),
            unknown=tuple(data["unknown"]),
            unknown_total=int(data["unknown_total"]),
            withheld=data["withheld"],
            withdrawn_on=data["withdrawn_on"],
        )


def unit_lines(data: bytes) -> dict[str, int]:
    """The line of each `<trans-unit>` in a memory file `xliff.write` made, by unit id."""
    lines: dict[str, int] = {}
    line, scanned = 1, 0
    for match in _UNIT_LINE.finditer(data):
        line += data.count(b"\n", scanned, match.start())
        scanned = match.start()
        lines[match.group(1).decode("utf-8")] = line
    return lines


def qa_totals(findings: tuple[Finding, ...]) -> tuple[RuleTotal, ...]:
    """Findings counted by rule and severity, worst first, then by rule id."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.rule, str(finding.severity)), []).append(finding)
    order = sorted(groups, key=lambda key: (-groups[key][0].severity, key[0]))
    totals = []
    for rule, severity in order:
        found = groups[(rule, severity)]
        lines = tuple(dict.fromkeys(f.loc.line for f in found))
        message = _shortened(found[0].message, MESSAGE_CHARS)
        totals.append(
            RuleTotal(rule, severity, len(found), lines[:LINES_SHOWN], len(lines), message)
        )
    return tuple(totals)


def of(
    units: tuple[TransUnit, ...],
    findings: tuple[Finding, ...],
    *,
    memory: str,
    memory_bytes: bytes,
    labels: str | None,
    withheld: str | None,
    withdrawn_on: str | None,
) -> SheetStatus:
    """The status of a sheet just translated: its memory's units as written (`memory_bytes`),
    its QA findings as judged, why its labels are not reviewed."""
    at = unit_lines(memory_bytes)
    waiting = [unit for unit in units if not run.signed_off(unit)]
    unknown = dict.fromkeys(
        word
        for unit in units
        if unit.state is State.MACHINE
        for word in drafting.unknown_words(unit.notes)
    )
    return SheetStatus(
        memory=memory,
        units=len(units),
        waiting=tuple(
            Waiting(u.id, str(u.state), u.line, at.get(u.id), _shortened(u.source, TEXT_CHARS))
            for u in waiting[:UNITS_SHOWN]
        ),
        waiting_total=len(waiting),
        labels=labels,
        qa=qa_totals(findings),
        unknown=tuple(unknown)[:WORDS_SHOWN],
        unknown_total=len(unknown),
        withheld=withheld,
        withdrawn_on=withdrawn_on,
    )


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
