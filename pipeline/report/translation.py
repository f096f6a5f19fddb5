"""The translation status report: for each sheet and language, whether it is published and,
if not, what to do about it — the units waiting for review (at the sheet's line and the
memory file's), the labels, the QA errors by rule, the English's review date — and when a
published copy was withdrawn; QA totals and the words the engine did not know.

`translation.json` is for tools, `translation.html` for staff and translators, in the
report folder beside the audit's (`[audit] report`), written atomically after every
`pipeline translate`. Both come from the outcomes of every sheet known (`command.reported`:
this run's, and the others' as recorded, so a run of some sheets keeps the others'
status), each with its `status.SheetStatus`: nothing is translated or checked again
here. Lists are capped per sheet (`status.UNITS_SHOWN` …), so 1,000 sheets give a page a
browser opens; the counts are always whole. The page follows the audit page's conventions
(html_report): same style, landmarks, headings in order, status said in words, nothing
fetched, no clock but `today`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml.etree import _Element

from pipeline import atomic
from pipeline.config import Config
from pipeline.elements import add, append
from pipeline.paths import display
from pipeline.report.html_report import (
    CSS,
    add_section,
    anchors,
    head_row,
    page,
    scroller,
    serialised,
)
from pipeline.translate.status import RuleTotal, SheetStatus
from pipeline.translate.xliff import State

if TYPE_CHECKING:  # the report needs the run's outcomes, not the runner
    from pipeline.translate.command import SheetOutcome

JSON_NAME = "translation.json"
HTML_NAME = "translation.html"
PUBLISHED, DRAFT, WITHDRAWN, FAILED = "published", "draft", "withdrawn", "failed"
STATUSES = (PUBLISHED, DRAFT, WITHDRAWN, FAILED)
#: Removed sheets named on the page, and error rules quoted per sheet; translation.json
#: has them all.
REMOVED_SHOWN = 50
MESSAGES_SHOWN = 3
#: Severities, worst first, and what the JSON calls their totals.
_SEVERITIES = {"error": "errors", "warning": "warnings", "info": "info"}
_STATE_LABELS = {
    State.NEW: "New",
    State.MACHINE: "Machine",
    State.NEEDS_REVIEW: "Needs review",
    State.TRANSLATED: "Translated",
    State.REVIEWED: "Reviewed",
}
_COLUMNS = ("Sheet", "Language", "Status", *_STATE_LABELS.values(), "QA errors", "QA warnings")
_EXTRA_CSS = """
.status-published { color: #1e6b2f; font-weight: 700; }
.status-draft { color: #8a5a00; font-weight: 700; }
.status-withdrawn, .status-failed { color: #9e0000; font-weight: 700; }
ul.reasons > li { margin-bottom: 0.5rem; }
"""


def status_of(outcome: SheetOutcome) -> str:
    """published, draft, withdrawn (a draft whose published copy was taken down) or failed."""
    if outcome.error is not None:
        return FAILED
    if outcome.final:
        return PUBLISHED
    if outcome.withdrawn or (outcome.status is not None and outcome.status.withdrawn_on):
        return WITHDRAWN
    return DRAFT


def write(outcomes: Sequence[SheetOutcome], config: Config, today: dt.date) -> list[Path]:
    """Write translation.html and translation.json into the report folder; their paths.
    The page shows nothing the JSON does not hold, so when the JSON is as before the page
    is not made again (a second for 1,000 sheets, on a run that may have done nothing)."""
    folder = config.audit.report
    page, data = folder / HTML_NAME, folder / JSON_NAME
    found = to_json(outcomes, today)
    if not (page.is_file() and data.is_file() and data.read_bytes() == found):
        atomic.write_bytes(page, render(outcomes, today))
        atomic.write_bytes(data, found)
    return [page, data]


# --- For tools ---------------------------------------------------------------------------------


def to_json(outcomes: Sequence[SheetOutcome], today: dt.date) -> bytes:
    kept = [o for o in outcomes if not o.gone]
    data = {
        "today": today.isoformat(),
        "counts": _counts(kept),
        "qa": _rule_totals(kept),
        "removed": [
            {"sheet": o.source, "lang": o.lang, "outputs": _shown(o.outputs)}
            for o in outcomes
            if o.gone
        ],
    }
    # A key a line, a translation a line: 1,000 sheets indented would be mostly spaces.
    parts = [
        f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
        for key, value in data.items()
    ]
    parts.append(
        ' "translations": [\n  '
        + ",\n  ".join(json.dumps(_translation(o), ensure_ascii=False) for o in kept)
        + "\n ]"
    )
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")


def _translation(outcome: SheetOutcome) -> dict[str, Any]:
    found = outcome.status
    data: dict[str, Any] = {
        "sheet": outcome.source,
        "lang": outcome.lang or None,
        "status": status_of(outcome),
        "error": outcome.error,
        "unchanged": outcome.unchanged,
        "outputs": _shown(outcome.outputs),
        "blockers": list(outcome.blockers),
        "counts": {str(state): (outcome.counts or {}).get(state, 0) for state in State},
        "withdrawn_now": outcome.withdrawn,
    }
    if found is not None:
        qa = _severity_totals(found)
        recorded = found.as_json()
        data |= {
            "memory": found.memory,
            "units": found.units,
            "unreviewed": {"total": found.waiting_total, "units": recorded["waiting"]},
            "labels_unreviewed": found.labels,
            "qa": {**qa, "rules": recorded["qa"]},
            "unknown_words": {"total": found.unknown_total, "words": list(found.unknown)},
            "withheld": found.withheld,
            "withdrawn_on": found.withdrawn_on,
        }
    return data


def _shown(paths: Sequence[Path]) -> list[str]:
    """Each path as `display` shows it; a sheet's outputs share a folder, shown once."""
    folders = {folder: display(folder) for folder in {path.parent for path in paths}}
    return [f"{folders[path.parent]}/{display(Path(path.name))}" for path in paths]


def _counts(outcomes: Sequence[SheetOutcome]) -> dict[str, int]:
    found = Counter(status_of(outcome) for outcome in outcomes)
    return {status: found[status] for status in STATUSES}


def _severity_totals(found: SheetStatus) -> dict[str, int]:
    totals = Counter[str]()
    for total in found.qa:
        totals[total.severity] += total.count
    return {name: totals[severity] for severity, name in _SEVERITIES.items()}


def _rule_totals(outcomes: Sequence[SheetOutcome]) -> list[dict[str, Any]]:
    """Every QA rule that fired, with its findings and the translations it fired in."""
    findings: Counter[tuple[str, str]] = Counter()
    sheets: Counter[tuple[str, str]] = Counter()
    for outcome in outcomes:
        for total in outcome.status.qa if outcome.status else ():
            findings[(total.rule, total.severity)] += total.count
            sheets[(total.rule, total.severity)] += 1
    worst = list(_SEVERITIES)
    order = sorted(findings, key=lambda key: (worst.index(key[1]), key[0]))
    return [
        {"rule": rule, "severity": severity, "count": findings[rule, severity]}
        | {"translations": sheets[rule, severity]}
        for rule, severity in order
    ]


# --- For people --------------------------------------------------------------------------------


def render(outcomes: Sequence[SheetOutcome], today: dt.date) -> bytes:
    kept = [o for o in outcomes if not o.gone]
    counts = _counts(kept)
    waiting = counts[DRAFT] + counts[WITHDRAWN] + counts[FAILED]
    title = f"Translation status {today.isoformat()}: {waiting:,} not published"
    root, body = page("en", title, CSS + _EXTRA_CSS)
    ids = anchors("translation-", [f"{o.source} {o.lang}" for o in kept])
    urgency = (FAILED, WITHDRAWN, DRAFT, PUBLISHED)  # what needs someone first
    detailed = sorted(
        ((o, i) for o, i in zip(kept, ids, strict=True) if _has_section(o)),
        key=lambda pair: urgency.index(status_of(pair[0])),
    )
    removed = [o for o in outcomes if o.gone]
    _header(add(body, "header"), kept, counts, today, bool(removed))
    main = add(body, "main")
    _table(main, kept, ids)
    _qa_section(main, kept)
    section = add_section(main, "details", "What to do, sheet by sheet")
    add(section, "p", "Failed first, then withdrawn, draft and published.", {"class": "note"})
    if not detailed:
        add(section, "p", "Nothing: every translation is published, with no QA finding.")
    for outcome, ident in detailed:
        _translation_section(section, outcome, ident)
    if removed:
        _removed(main, removed)
    footer = add(body, "footer")
    line = add(footer, "p", "Made by ")
    add(line, "code", "pipeline translate")
    append(line, f" from the run's results; {JSON_NAME} holds the same for tools.")
    return serialised(root)


def _has_section(outcome: SheetOutcome) -> bool:
    found = outcome.status
    return status_of(outcome) != PUBLISHED or (
        found is not None and bool(found.qa or found.unknown_total)
    )


def _named(outcome: SheetOutcome) -> str:
    return f"{outcome.source} ({outcome.lang})" if outcome.lang else outcome.source


def _header(
    header: _Element,
    outcomes: Sequence[SheetOutcome],
    counts: dict[str, int],
    today: dt.date,
    removed: bool,
) -> None:
    add(header, "h1", "Translation status")
    when = add(header, "p", "Run on ")
    add(when, "time", today.isoformat(), {"datetime": today.isoformat()})
    append(when, ".")
    said = ", ".join(f"{counts[status]:,} {status}" for status in STATUSES)
    add(header, "p", f"{len(outcomes):,} translation(s): {said}.", {"class": "verdict"})
    add(
        header,
        "p",
        "Only a translation whose every unit and label is reviewed, that no check fails, "
        "and whose English is fit for families is published; the others are drafts.",
        {"class": "note"},
    )
    nav = add(add(header, "nav", attrib={"aria-label": "On this page"}), "ul")
    links = [
        ("translations", "Every translation"),
        ("qa", "QA totals"),
        ("details", "What to do, sheet by sheet"),
    ]
    if removed:
        links.append(("removed", "Removed"))
    for ident, label in links:
        add(add(nav, "li"), "a", label, {"href": f"#{ident}"})


def _status_cell(parent: _Element, outcome: SheetOutcome) -> None:
    word = status_of(outcome)
    add(parent, "span", word, {"class": f"status-{word}"})


def _table(main: _Element, outcomes: Sequence[SheetOutcome], ids: Sequence[str]) -> None:
    """Every translation in a row: its status and its units' states in numbers."""
    section = add_section(main, "translations", "Every translation")
    if not outcomes:
        add(section, "p", "No sheet was translated.")
        return
    table = add(scroller(section, "translations-caption"), "table")
    caption = f"Status and units of {len(outcomes):,} translation(s)"
    add(table, "caption", caption, {"id": "translations-caption"})
    body = head_row(table, _COLUMNS)
    for outcome, ident in zip(outcomes, ids, strict=True):
        row = add(body, "tr")
        name = add(row, "th", attrib={"scope": "row"})
        if _has_section(outcome):
            add(name, "a", outcome.source, {"href": f"#{ident}"})
        else:
            name.text = outcome.source
        add(row, "td", outcome.lang or "—")
        _status_cell(add(row, "td"), outcome)
        for state in _STATE_LABELS:
            counts = outcome.counts
            cell = "—" if counts is None else f"{counts.get(state, 0):,}"
            add(row, "td", cell, {"class": "num"})
        qa = _severity_totals(outcome.status) if outcome.status else None
        for key in ("errors", "warnings"):
            add(row, "td", "—" if qa is None else f"{qa[key]:,}", {"class": "num"})


def _qa_section(main: _Element, outcomes: Sequence[SheetOutcome]) -> None:
    section = add_section(main, "qa", "QA totals")
    totals = _rule_totals(outcomes)
    if not totals:
        add(section, "p", "No QA finding in any translation.")
        return
    table = add(scroller(section, "qa-caption"), "table")
    add(table, "caption", "QA findings by rule, over every translation", {"id": "qa-caption"})
    body = head_row(table, ("Rule", "Severity", "Findings", "Translations"))
    for total in totals:
        row = add(body, "tr")
        add(add(row, "th", attrib={"scope": "row"}), "code", total["rule"])
        add(row, "td", total["severity"])
        add(row, "td", f"{total['count']:,}", {"class": "num"})
        add(row, "td", f"{total['translations']:,}", {"class": "num"})


def _translation_section(parent: _Element, outcome: SheetOutcome, ident: str) -> None:
    """One translation: its status in words, each reason it is not published, its QA
    totals by rule and the words the engine did not know."""
    section = add(parent, "section", attrib={"aria-labelledby": ident})
    add(section, "h3", _named(outcome), {"id": ident})
    found = outcome.status
    line = add(section, "p", "Status: ")
    _status_cell(line, outcome)
    if found is not None and found.withdrawn_on:
        append(line, f". Its published copy was withdrawn on {found.withdrawn_on}.")
    elif outcome.withdrawn:
        append(line, ". Its published copy was withdrawn in this run.")
    else:
        append(line, ".")
    if outcome.error is not None:
        add(section, "p", outcome.error)
        return
    reasons = add(section, "ul", attrib={"class": "reasons"})
    if found is None:  # not recorded: the console's words are all there is
        for blocker in outcome.blockers:
            add(reasons, "li", blocker)
    else:
        _reasons(reasons, found, outcome, ident)
    if not len(reasons):
        section.remove(reasons)
    if found is not None and found.qa:
        totals = "; ".join(f"{t.rule} {t.count:,} {t.severity}(s){_lines(t)}" for t in found.qa)
        add(section, "p", f"QA totals: {totals}.")
    if found is not None and found.unknown_total:
        more = found.unknown_total - len(found.unknown)
        words = ", ".join(found.unknown) + (f" and {more:,} more" if more else "")
        add(section, "p", f"Words the engine did not know, kept as written: {words}.")


def _reasons(reasons: _Element, found: SheetStatus, outcome: SheetOutcome, ident: str) -> None:
    if found.waiting_total:
        item = add(reasons, "li")
        append(item, f"{found.waiting_total:,} of {found.units:,} unit(s) not reviewed in ")
        add(item, "code", found.memory)
        append(item, ".")
        _waiting(item, found, f"{ident}-units")
    if found.labels:
        add(reasons, "li", f"Labels not reviewed: {found.labels}.")
    errors = [total for total in found.qa if total.severity == "error"]
    if errors and outcome.failed:
        item = add(reasons, "li", "QA errors block publication: ")
        for number, total in enumerate(errors[:MESSAGES_SHOWN]):
            append(item, "; " if number else "")
            add(item, "code", total.rule)
            append(item, f"{_lines(total)}: {total.message}")
        if len(errors) > MESSAGES_SHOWN:
            append(item, f"; and {len(errors) - MESSAGES_SHOWN:,} more rule(s) (see QA totals)")
        append(item, ".")
    if found.withheld:
        add(reasons, "li", f"The English sheet is withheld from families: {found.withheld}.")


def _lines(total: RuleTotal) -> str:
    more = ", …" if total.line_total > len(total.lines) else ""
    return f" (line {', '.join(map(str, total.lines))}{more})"


def _waiting(item: _Element, found: SheetStatus, ident: str) -> None:
    """The units waiting for review, folded away: unit, state, both lines, its English."""
    details = add(item, "details")
    shown = len(found.waiting)
    more = f", the first {shown}" if found.waiting_total > shown else ""
    add(details, "summary", f"Units waiting for review{more}")
    table = add(scroller(details, ident), "table")
    add(table, "caption", f"Units of {found.memory} waiting for review", {"id": ident})
    body = head_row(table, ("Unit", "State", "Sheet line", "Memory line", "English"))
    for unit in found.waiting:
        row = add(body, "tr")
        add(add(row, "th", attrib={"scope": "row"}), "code", unit.id)
        add(row, "td", unit.state)
        add(row, "td", str(unit.line), {"class": "num"})
        xliff_line = "—" if unit.xliff_line is None else str(unit.xliff_line)
        add(row, "td", xliff_line, {"class": "num"})
        add(row, "td", unit.text)


def _removed(main: _Element, removed: Sequence[SheetOutcome]) -> None:
    section = add_section(main, "removed", "Removed")
    add(section, "p", f"{len(removed):,} translation(s) removed: their English sheet is gone.")
    ul = add(section, "ul")
    for outcome in removed[:REMOVED_SHOWN]:
        add(ul, "li", f"{_named(outcome)}: {len(outcome.outputs):,} file(s)")
    if len(removed) > REMOVED_SHOWN:
        add(ul, "li", f"and {len(removed) - REMOVED_SHOWN:,} more ({JSON_NAME} lists them)")
