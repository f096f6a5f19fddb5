"""The audit as one web page for education staff: what to fix first, how hard each sheet reads.

Self-contained like the sheets (inline style, inline SVG, nothing fetched, no script), so
it can be emailed or opened from a CI artefact. The tree is built with lxml, so the
serialiser escapes every string from a sheet; nothing is escaped by hand. The same audit
gives the same bytes: nothing here reads the clock. The chart is a supplement: the table
holds the same numbers for people who cannot see it, and status is always said in words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree
from lxml.etree import _Element

from pipeline import atomic
from pipeline.config import Config
from pipeline.elements import add, append
from pipeline.model import WHOLE, Finding, Severity
from pipeline.report import places
from pipeline.report.priority import FIX_FIRST, fix_first

if TYPE_CHECKING:  # the page needs the audit's results, not its runner
    from pipeline.audit import AuditResult, SheetAudit

NAME = "index.html"
FK = "flesch_kincaid_grade"
SMOG = "smog_index"
EASE = "flesch_reading_ease"
WORDS = "words"
#: Labels for the metrics pipeline.reading_level reports; other keys are shown by name.
LABELS = {
    FK: "Flesch-Kincaid grade",
    SMOG: "SMOG grade",
    EASE: "Flesch reading ease",
    "gunning_fog": "Gunning fog index",
    "coleman_liau_index": "Coleman-Liau index",
    "automated_readability_index": "Automated readability index",
    "dale_chall_readability_score": "Dale-Chall score",
    WORDS: "Words",
    "sentences": "Sentences",
}
_COUNTS = frozenset({WORDS, "sentences"})
#: Rules gathered at the top of the page, because families notice them first.
#: Findings of one rule shown in a sheet's section, and per sheet in "Fix first"; sheets
#: listed under each heading of "Fix first". The rest are counted: audit.json has them all,
#: and a 1,000-sheet report stays a page a browser opens.
PER_RULE = 5
SPOTLIGHT_SHEETS = 50
#: Depth of the page's elements put on lines of their own (html, body, main, section, list).
INDENT_DEPTH = 5
#: Characters of source text shown on each side of a flagged word or sentence.
CONTEXT_CHARS = 80
FLAGGED_CHARS = 300
#: The chart shows at most this many sheets, the hardest; the table has them all.
CHART_LIMIT = 30
#: Rules pointing at one word, and readability rules about a whole sheet rather than a sentence.
_WORD_RULES = frozenset({"spelling.misspelled", "structure.repeated-word"})
_SHEET_WIDE = frozenset({"readability.grade", "readability.smog", "readability.regression"})
_WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")
_SENTENCE = re.compile(r".*?(?:[.!?]+[\"'\u201d\u2019)]*(?=\s|$)|$)", re.S)
_NOTE = (
    "Grades count each heading and list item as a sentence of its own, as a reader meets "
    "them. Where the usual way (textstat on the text run together, so a list without full "
    "stops becomes one long sentence) gives another number, it follows in brackets."
)
_COLUMNS = ("Sheet", "FK grade", "SMOG", "Reading ease", "Words", "Errors", "Warnings", "Status")
_HEADINGS = {Severity.ERROR: "Errors", Severity.WARNING: "Warnings", Severity.INFO: "Info"}
#: Phrasing elements; the indenter leaves whitespace around them alone so no text changes.
_INLINE = frozenset({"a", "code", "mark", "strong", "span", "time"})
_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif'

#: Chart geometry in SVG user units: sheet names, plot area, value labels; rows; margins.
_LABEL_W, _PLOT_W, _VALUE_W = 300, 500, 160
_ROW, _BAR, _TOP, _AXIS = 26, 16, 34, 54
_LABEL_CHARS = 40

CSS = f"""
html {{ -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }}
body {{
  max-width: 72rem; margin: 0 auto; padding: 1rem 1.25rem 2rem; color: #1a1a1a;
  background: #ffffff; font-family: {_FONT}; line-height: 1.5; overflow-wrap: break-word;
}}
h1, h2, h3 {{ color: #0b3d62; line-height: 1.3; }}
h1 {{ font-size: 2rem; margin: 0.5rem 0; }}
h2 {{ font-size: 1.45rem; margin: 2.5rem 0 0.75rem; border-bottom: 0.1rem solid #0b3d62; }}
h3 {{ font-size: 1.15rem; margin: 1.5rem 0 0.5rem; }}
header {{ border-bottom: 0.15rem solid #0b3d62; padding-bottom: 0.5rem; }}
footer {{ border-top: 0.15rem solid #0b3d62; margin-top: 3rem; padding-top: 0.5rem; }}
a {{ color: #0b5cad; }}
nav ul {{ display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; list-style: none; padding: 0; }}
code {{ font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.95em; }}
.verdict {{ font-size: 1.25rem; font-weight: 700; }}
.failed, .over, .fails {{ color: #9e0000; font-weight: 700; }}
.passed {{ color: #1e6b2f; }}
.note, .raw, footer {{ color: #4a4a4a; }}
td .raw {{ display: block; }}
.scroll {{ overflow-x: auto; }}
table {{ border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 0.5rem 0 1rem; }}
caption {{ text-align: start; font-weight: 700; padding: 0.25rem 0; }}
th, td {{ border: 1px solid #767676; padding: 0.3rem 0.6rem; text-align: start; }}
.num {{ text-align: end; white-space: nowrap; }}
thead th {{ background: #e8eef4; }}
figure {{ margin: 1rem 0 2rem; }}
figcaption {{ font-weight: 700; margin-bottom: 0.5rem; }}
svg.chart {{ display: block; width: 100%; min-width: 48rem; max-width: 60rem; height: auto; }}
.chart text {{ fill: #1a1a1a; font-family: {_FONT}; font-size: 14px; }}
.chart .bar {{ fill: #2b6cb0; }}
.chart .bar.over {{ fill: #b3261e; }}
.chart .axis {{ stroke: #4a4a4a; stroke-width: 1; }}
.chart .target {{ stroke: #1a1a1a; stroke-width: 2; stroke-dasharray: 6 4; }}
ol.findings {{ list-style: none; padding: 0; }}
.finding {{
  border-inline-start: 0.3rem solid #767676; padding: 0.2rem 0 0.2rem 0.75rem; margin-bottom: 1rem;
}}
.finding.error {{ border-color: #9e0000; }}
.finding.warning {{ border-color: #8a5a00; }}
.finding p {{ margin: 0.15rem 0; }}
.rule {{ background: #eef1f4; padding: 0 0.25em; }}
.context {{ background: #f5f5f5; padding: 0.25rem 0.5rem; }}
mark {{ background: #ffe066; color: #1a1a1a; border-bottom: 0.15em solid #8a5a00; }}
:focus-visible {{ outline: 0.2rem solid #0b5cad; outline-offset: 0.15rem; }}
"""


def write(result: AuditResult, config: Config) -> Path:
    path = config.audit.report / NAME
    atomic.write_bytes(path, render(result, config))
    return path


def render(result: AuditResult, config: Config) -> bytes:
    ids = _ids(result.sheets)
    root, body = page("en", f"Sheet audit {result.today.isoformat()}: {_verdict(result)}", CSS)
    _header(add(body, "header"), result)
    main = add(body, "main")
    _spotlight(main, result, ids)
    _reading_level(main, result, config, ids)
    for sheet, ident in zip(result.sheets, ids, strict=True):
        if _has_section(sheet):
            _sheet_section(main, sheet, ident, result, config)
    if result.general:
        section = add_section(main, "audit", "About the audit itself")
        _findings(section, result.general, None)
    _footer(add(body, "footer"), result, config)
    return serialised(root)


# --- Building blocks ---------------------------------------------------------------------------


def page(lang: str, title: str, css: str) -> tuple[_Element, _Element]:
    """A report page's <html> (in `lang`) with its head, and its empty <body>."""
    root = etree.Element("html", lang=lang)
    head = add(root, "head")
    add(head, "meta", attrib={"charset": "utf-8"})
    add(head, "meta", attrib={"name": "viewport", "content": "width=device-width, initial-scale=1"})
    add(head, "title", title)
    add(head, "style", css)
    return root, add(root, "body")


def serialised(root: _Element) -> bytes:
    """The page as UTF-8 HTML with a doctype, blocks on lines of their own."""
    indent(root, 0)
    text = etree.tostring(root, method="html", encoding="unicode", doctype="<!DOCTYPE html>")
    return (text + "\n").encode("utf-8")


def add_section(parent: _Element, ident: str, heading: str) -> _Element:
    section = add(parent, "section", attrib={"aria-labelledby": ident})
    add(section, "h2", heading, attrib={"id": ident})
    return section


def head_row(table: _Element, labels: Iterable[str]) -> _Element:
    """Column headers for `table`; returns its empty body."""
    row = add(add(table, "thead"), "tr")
    for label in labels:
        add(row, "th", label, {"scope": "col"})
    return add(table, "tbody")


def scroller(parent: _Element, label: str) -> _Element:
    """A box that scrolls sideways when too wide, reachable by keyboard and named for it."""
    attrib = {"class": "scroll", "tabindex": "0", "role": "region", "aria-labelledby": label}
    return add(parent, "div", attrib=attrib)


def _number(row: _Element) -> _Element:
    return add(row, "td", attrib={"class": "num"})


def _ids(sheets: Sequence[SheetAudit]) -> list[str]:
    return anchors("sheet-", [sheet.source for sheet in sheets])


def anchors(prefix: str, names: Sequence[str]) -> list[str]:
    """A readable, unique anchor per name, so a link to a sheet survives a re-run."""
    ids: list[str] = []
    seen: set[str] = set()
    for number, name in enumerate(names, start=1):
        ident = prefix + (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "x")
        while ident in seen:
            ident = f"{ident}-{number}"
        seen.add(ident)
        ids.append(ident)
    return ids


def _has_section(sheet: SheetAudit) -> bool:
    return bool(sheet.findings) or sheet.error is not None


def indent(element: _Element, depth: int) -> None:
    """Put block-level children on lines of their own, only where HTML ignores whitespace;
    below INDENT_DEPTH (inside a finding, a table row) the page stays compact: indentation
    of 10,000 findings would be a third of the page."""
    blocks = [child for child in element if child.tag not in _INLINE]
    if (
        not blocks
        or depth >= INDENT_DEPTH
        or (element.text or "").strip()
        or any((c.tail or "").strip() for c in element)
    ):
        return
    for child in blocks:
        previous = child.getprevious()
        indentation = "\n" + "  " * (depth + 1)
        if previous is None:
            element.text = indentation
        else:
            previous.tail = indentation
        indent(child, depth + 1)
    if blocks[-1] is element[-1]:
        blocks[-1].tail = "\n" + "  " * depth


# --- Numbers and words -------------------------------------------------------------------------


def _num(value: float) -> str:
    return f"{value:.1f}"


def _over(value: float, target: float) -> str:
    """Say "over" in words; 10.04 shows as "10.04 (over 10)", never a puzzling "10.0 (over 10)"."""
    shown = _num(value) if round(value, 1) > target else f"{value:.2f}"
    return f"{shown} (over {_target(target)})"


def _target(value: float) -> str:
    """8.0 reads as "8", 7.5 as "7.5"."""
    return f"{value:g}"


def _metric(key: str, value: float) -> str:
    return f"{value:,.0f}" if key in _COUNTS else _num(value)


def _label(key: str) -> str:
    return LABELS.get(key, key.replace("_", " ").capitalize())


def _plural(count: int, severity: Severity) -> str:
    word = str(severity)
    return f"{count:,} {word}" if count == 1 or severity is Severity.INFO else f"{count:,} {word}s"


def _verdict(result: AuditResult) -> str:
    return "FAILED" if result.failed() else "passed"


def _status(sheet: SheetAudit, fail_level: Severity) -> str:
    if sheet.error is not None:
        return "unreadable"
    worst = max((finding.severity for finding in sheet.findings), default=None)
    if worst is not None and worst >= fail_level:
        return "fails"
    return "has warnings" if worst is Severity.WARNING else "passes"


def _graded(
    parent: _Element,
    metrics: Mapping[str, float],
    raw: Mapping[str, float],
    key: str,
    target: float | None,
) -> None:
    """A grade, "(over 8)" in words when above its target, and textstat's number if different."""
    if key not in metrics:
        parent.text = "—"
        return
    value = metrics[key]
    if target is not None and value > target:
        add(parent, "strong", _over(value, target), {"class": "over"})
    else:
        append(parent, _num(value))
    if key in raw and _num(raw[key]) != _num(value):
        append(parent, " ")
        add(parent, "span", f"(textstat {_num(raw[key])})", {"class": "raw"})


# --- Header and footer -------------------------------------------------------------------------


def _header(header: _Element, result: AuditResult) -> None:
    add(header, "h1", "Sheet audit")
    judged = add(header, "p", "Review dates judged on ")
    date = result.today.isoformat()
    add(judged, "time", date, {"datetime": date})
    append(judged, ".")
    failed = result.failed()
    verdict = add(header, "p", attrib={"class": "verdict"})
    add(verdict, "span", f"Audit {_verdict(result)}", {"class": "failed" if failed else "passed"})
    append(verdict, f" at fail level {result.fail_level}.")
    counts = result.counts()
    unreadable = sum(1 for sheet in result.sheets if sheet.error is not None)
    found = ", ".join(_plural(counts[level], level) for level in reversed(Severity))
    sheets = f"{len(result.sheets):,} sheet(s)" + (
        f", {unreadable} unreadable" if unreadable else ""
    )
    add(header, "p", f"Found {found} in {sheets}.")
    nav = add(add(header, "nav", attrib={"aria-label": "On this page"}), "ul")
    links = [("fix-first", "Fix first"), ("reading-level", "Reading level of every sheet")]
    if result.general:
        links.append(("audit", "About the audit itself"))
    for ident, label in links:
        add(add(nav, "li"), "a", label, {"href": f"#{ident}"})


def _footer(footer: _Element, result: AuditResult, config: Config) -> None:
    targets = config.readability
    line = add(
        footer,
        "p",
        f"Targets: Flesch-Kincaid grade {_target(targets.max_grade)} or lower, SMOG "
        f"{_target(targets.max_smog)} or lower. Findings at {result.fail_level} or above fail "
        "the audit. Made by ",
    )
    add(line, "code", "pipeline audit")
    append(line, ".")


# --- What to fix first -------------------------------------------------------------------------


def _spotlight(main: _Element, result: AuditResult, ids: Sequence[str]) -> None:
    """Lost text, review dates, typos and reading-level regressions (in that order of harm),
    then unreadable sheets, each linking to its sheet's section."""
    section = add_section(main, "fix-first", "Fix first")
    sheets = list(zip(result.sheets, ids, strict=True))
    for rank, (title, rules) in enumerate(FIX_FIRST):
        found = [(s, i, [f for f in s.findings if fix_first(f, rank)]) for s, i in sheets]
        entries = [(s, i, _briefs(s, fs)) for s, i, fs in found if fs]
        total = sum(len(fs) for _, _, fs in found)
        heading = f"{title} ({', '.join(sorted(rules))})"
        _spotlit(section, heading, entries, f"{total:,} in {len(entries):,} sheet(s).")
    unreadable = [(s, i, _why(s)) for s, i in sheets if s.error is not None]
    _spotlit(section, "Unreadable sheets", unreadable, f"{len(unreadable):,} sheet(s).")


def _briefs(sheet: SheetAudit, findings: Sequence[Finding]) -> str:
    said = "; ".join(_brief(sheet, f) for f in findings[:PER_RULE])
    return said + (f"; and {len(findings) - PER_RULE:,} more" if len(findings) > PER_RULE else "")


def _spotlit(
    section: _Element, heading: str, entries: Sequence[tuple[SheetAudit, str, str]], count: str
) -> None:
    add(section, "h3", heading)
    if not entries:
        add(section, "p", "None.")
        return
    add(section, "p", count)
    ul = add(section, "ul")
    for sheet, ident, said in entries[:SPOTLIGHT_SHEETS]:
        li = add(ul, "li")
        add(li, "a", sheet.source, {"href": f"#{ident}"})
        append(li, f": {said}")
    if len(entries) > SPOTLIGHT_SHEETS:
        add(ul, "li", f"and {len(entries) - SPOTLIGHT_SHEETS:,} more sheet(s): see the table")


def _why(sheet: SheetAudit) -> str:
    """The read error without the sheet's name, which the page already shows next to it."""
    return (sheet.error or "").removeprefix(f"{sheet.source}: ")


def _brief(sheet: SheetAudit, finding: Finding) -> str:
    """A typo as its word and suggestion; anything else as its message."""
    context = _context(sheet, finding)
    if context is None or not context[1]:
        return f"{places.place(finding.loc, sheet)}: {finding.message}"
    hint = f" (try “{finding.suggestion}”)" if finding.suggestion else ""
    return f"{places.place(finding.loc, sheet)}: {context[1]}{hint}"


# --- Reading level: chart and table ------------------------------------------------------------


def _reading_level(main: _Element, result: AuditResult, config: Config, ids: Sequence[str]) -> None:
    section = add_section(main, "reading-level", "Reading level")
    add(section, "p", _NOTE, {"class": "note"})
    _chart(section, result.sheets, config.readability.max_grade)
    _table(section, result, config, ids)


def _chart(parent: _Element, sheets: Sequence[SheetAudit], target: float) -> None:
    """Horizontal bars of FK grade, hardest first, with a dashed line at the target grade."""
    measured = sorted(
        (sheet for sheet in sheets if FK in sheet.metrics),
        key=lambda sheet: (-sheet.metrics[FK], sheet.source),
    )
    shown = measured[:CHART_LIMIT]
    figure = add(parent, "figure")
    caption = "Flesch-Kincaid grade per sheet, hardest first"
    if len(measured) > len(shown):
        caption += f": the {len(shown)} hardest of {len(measured):,} sheets (the table has all)"
    add(figure, "figcaption", caption, {"id": "chart-caption"})
    if not shown:
        add(figure, "p", "No sheet could be measured.")
        return
    over = sum(1 for sheet in measured if sheet.metrics[FK] > target)
    scale = _Scale.fit(max(shown[0].metrics[FK], target + 1))  # the target line never at the edge
    bottom = _TOP + len(shown) * _ROW
    svg = add(
        scroller(figure, "chart-caption"),  # on a phone, scroll a legible chart sideways
        "svg",
        attrib={
            "class": "chart",
            "viewBox": f"0 0 {_LABEL_W + _PLOT_W + _VALUE_W} {bottom + _AXIS}",
            "role": "img",
            "aria-labelledby": "chart-title chart-desc",
        },
    )
    add(svg, "title", caption, {"id": "chart-title"})
    hardest = shown[0]
    description = (
        f"Bar chart. {over:,} of {len(measured):,} measured sheets are over the target grade "
        f"{_target(target)}. The hardest is {hardest.source} at grade "
        f"{_num(hardest.metrics[FK])}."
    )
    add(svg, "desc", description, {"id": "chart-desc"})
    for row, sheet in enumerate(shown):
        _bar(svg, sheet, _TOP + row * _ROW, scale, target)
    _axis(svg, bottom, scale)
    x = _coordinate(scale.x(target))
    add(
        svg,
        "line",
        attrib={"class": "target", "x1": x, "x2": x, "y1": str(_TOP - 8), "y2": str(bottom)},
    )
    add(
        svg,
        "text",
        f"target {_target(target)}",
        {"x": x, "y": str(_TOP - 14), "text-anchor": "middle"},
    )


@dataclass(frozen=True)
class _Scale:
    """Grades to x coordinates: 0 to `limit`, labelled every `step` grades."""

    step: int
    limit: int

    @staticmethod
    def fit(highest: float) -> _Scale:
        """The smallest of 1, 2, 5, 10… grades per tick that needs at most 10 ticks."""
        step = next(s for s in (1, 2, 5, 10, 20, 50) if highest <= 10 * s or s == 50)
        return _Scale(step, step * max(1, math.ceil(highest / step)))

    def x(self, value: float) -> float:
        return _LABEL_W + _PLOT_W * min(max(value, 0.0), self.limit) / self.limit


def _coordinate(value: float) -> str:
    return format(round(value, 1) + 0.0, "g")  # + 0.0 turns -0.0 into 0


def _bar(svg: _Element, sheet: SheetAudit, y: int, scale: _Scale, target: float) -> None:
    """One sheet: its name (shortened from the left), the bar, and its grade in words."""
    value = sheet.metrics[FK]
    over = value > target
    name = sheet.source
    if len(name) > _LABEL_CHARS:
        name = "…" + name[1 - _LABEL_CHARS :]
    middle = str(y + _ROW // 2 + 5)
    g = add(svg, "g")
    add(g, "title", f"{sheet.source}: grade {_num(value)}")
    add(g, "text", name, {"x": str(_LABEL_W - 8), "y": middle, "text-anchor": "end"})
    end = scale.x(value)
    bar = {"x": str(_LABEL_W), "y": str(y + (_ROW - _BAR) // 2), "height": str(_BAR)}
    bar |= {"width": _coordinate(end - _LABEL_W), "class": "bar over" if over else "bar"}
    add(g, "rect", attrib=bar)
    label = _over(value, target) if over else _num(value)
    add(g, "text", label, {"x": _coordinate(end + 6), "y": middle})


def _axis(svg: _Element, y: int, scale: _Scale) -> None:
    """The x axis with a labelled tick every `scale.step` grades, and its title."""
    left, right = str(_LABEL_W), _coordinate(scale.x(scale.limit))
    add(svg, "line", attrib={"class": "axis", "x1": left, "x2": right, "y1": str(y), "y2": str(y)})
    for grade in range(0, scale.limit + 1, scale.step):
        x = _coordinate(scale.x(grade))
        add(svg, "line", attrib={"class": "axis", "x1": x, "x2": x, "y1": str(y), "y2": str(y + 6)})
        add(svg, "text", str(grade), {"x": x, "y": str(y + 22), "text-anchor": "middle"})
    middle = _coordinate(_LABEL_W + _PLOT_W / 2)
    add(
        svg,
        "text",
        "Flesch-Kincaid grade",
        {"x": middle, "y": str(y + 44), "text-anchor": "middle"},
    )


def _table(parent: _Element, result: AuditResult, config: Config, ids: Sequence[str]) -> None:
    """Every sheet's numbers, over-target values said in words; the chart's accessible twin."""
    table = add(scroller(parent, "sheets-caption"), "table")
    add(
        table,
        "caption",
        f"Reading level and findings of {len(result.sheets):,} sheet(s)",
        {"id": "sheets-caption"},
    )
    body = head_row(table, _COLUMNS)
    targets = config.readability
    for sheet, ident in zip(result.sheets, ids, strict=True):
        row = add(body, "tr")
        name = add(row, "th", attrib={"scope": "row"})
        if _has_section(sheet):
            add(name, "a", sheet.source, {"href": f"#{ident}"})
        else:
            name.text = sheet.source
        _graded(_number(row), sheet.metrics, sheet.raw, FK, targets.max_grade)
        _graded(_number(row), sheet.metrics, sheet.raw, SMOG, targets.max_smog)
        _graded(_number(row), sheet.metrics, {}, EASE, None)
        words = sheet.metrics.get(WORDS)
        _number(row).text = "—" if words is None else _metric(WORDS, words)
        for level in (Severity.ERROR, Severity.WARNING):
            _number(row).text = str(sum(1 for f in sheet.findings if f.severity is level))
        status = _status(sheet, result.fail_level)
        add(row, "td", status, {"class": "fails"} if status in {"fails", "unreadable"} else None)


# --- One section per sheet with findings -------------------------------------------------------


def _sheet_section(
    main: _Element, sheet: SheetAudit, ident: str, result: AuditResult, config: Config
) -> None:
    section = add_section(main, ident, sheet.source)
    status = _status(sheet, result.fail_level)
    line = add(section, "p", "Status: ")
    add(line, "strong", status, {"class": "fails"} if status in {"fails", "unreadable"} else None)
    if sheet.error is not None:
        append(line, f". {_why(sheet)}")
    if sheet.metrics:
        _details(section, sheet, config)
    for level in sorted(Severity, reverse=True):
        found = [finding for finding in sheet.findings if finding.severity is level]
        if found:
            add(section, "h3", f"{_HEADINGS[level]} ({len(found)})")
            _findings(section, _capped(found), sheet)
            _left_out(section, found)


def _capped(findings: Sequence[Finding]) -> list[Finding]:
    """The first PER_RULE findings of each rule, in the order found."""
    shown: dict[str, int] = {}
    kept = []
    for finding in findings:
        shown[finding.rule] = shown.get(finding.rule, 0) + 1
        if shown[finding.rule] <= PER_RULE:
            kept.append(finding)
    return kept


def _left_out(section: _Element, findings: Sequence[Finding]) -> None:
    """A line per rule with more findings than shown, counting the rest."""
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
    more = [(rule, n - PER_RULE) for rule, n in counts.items() if n > PER_RULE]
    if more:
        said = ", ".join(f"{n:,} more {rule}" for rule, n in more)
        add(section, "p", f"Not shown: {said} (audit.json lists every finding).")


def _details(section: _Element, sheet: SheetAudit, config: Config) -> None:
    """Every metric, and each part of the sheet, folded away: the table has the main ones."""
    details = add(section, "details")
    add(details, "summary", "Reading level in detail")
    table = add(details, "table")
    add(table, "caption", f"Reading level of {sheet.source}")
    body = head_row(table, ("Measure", "Value", "textstat"))
    for key, value in sheet.metrics.items():
        row = add(body, "tr")
        add(row, "th", _label(key), {"scope": "row"})
        _number(row).text = _metric(key, value)
        raw = sheet.raw.get(key)
        _number(row).text = "—" if raw is None else _metric(key, raw)
    if sheet.sections:
        _parts(details, sheet, config)


def _parts(parent: _Element, sheet: SheetAudit, config: Config) -> None:
    table = add(parent, "table")
    add(table, "caption", f"Reading level of each part of {sheet.source}")
    body = head_row(table, ("Part", "Line", "FK grade", "SMOG"))
    for heading, line, metrics in sheet.sections:
        row = add(body, "tr")
        add(row, "th", heading or "(before the first heading)", {"scope": "row"})
        _number(row).text = str(line)
        _graded(_number(row), metrics, {}, FK, config.readability.max_grade)
        _graded(_number(row), metrics, {}, SMOG, config.readability.max_smog)


def _findings(parent: _Element, findings: Iterable[Finding], sheet: SheetAudit | None) -> None:
    ol = add(parent, "ol", attrib={"class": "findings"})
    for finding in findings:
        li = add(ol, "li", attrib={"class": f"finding {finding.severity}"})
        where = add(li, "p")
        add(where, "code", places.where(finding.loc, sheet))
        append(where, " ")
        add(where, "code", finding.rule, {"class": "rule"})
        add(li, "p", finding.message)
        if finding.suggestion:
            add(li, "p", f"Suggestion: {finding.suggestion}")
        context = None if sheet is None else _context(sheet, finding)
        if context is not None:
            before, flagged, after = context
            place = finding.loc.place.capitalize()
            quote = add(li, "p", f"{place}: {before}", {"class": "context"})
            if flagged:
                add(quote, "mark", flagged)
            append(quote, after)


def _context(sheet: SheetAudit, finding: Finding) -> tuple[str, str, str] | None:
    """The finding's source text split around the flagged word or sentence ("" if neither).

    None when the sheet's text has nothing at that line (e.g. the review date line) or the
    finding is about the whole sheet.
    """
    if finding.loc.unit == WHOLE or finding.loc.line not in sheet.text:
        return None
    col, text = sheet.text[finding.loc.line]
    start = finding.loc.col - col
    pattern = _scope(finding.rule)
    inside = 0 <= start < len(text)
    end = min(len(text), start + FLAGGED_CHARS)
    match = None if pattern is None or not inside else pattern.match(text, start, end)
    if match is None or not match.group():
        return _excerpt(text, max(start, 0)), "", ""
    flagged = match.group()
    if len(flagged) > FLAGGED_CHARS:
        flagged = f"{flagged[: FLAGGED_CHARS - 1]}…"
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[match.end() : match.end() + CONTEXT_CHARS]
    return (
        ("…" if start > CONTEXT_CHARS else "") + before,
        flagged,
        after + ("…" if match.end() + CONTEXT_CHARS < len(text) else ""),
    )


def _excerpt(text: str, at: int) -> str:
    """Up to CONTEXT_CHARS characters each side of `at`: a finding never quotes a huge line."""
    start, end = max(0, at - CONTEXT_CHARS), at + CONTEXT_CHARS
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _scope(rule: str) -> re.Pattern[str] | None:
    if rule in _WORD_RULES:
        return _WORD
    if rule.startswith("readability.") and rule not in _SHEET_WIDE:
        return _SENTENCE
    return None
