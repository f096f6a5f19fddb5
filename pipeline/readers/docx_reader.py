"""Read a sheet written or revised in Microsoft Word (.docx) into the document model.

Education staff write sheets in Word, so this reader takes real structure where the
author used it and reads the "fake" structure people type by hand sensibly, reporting
it, because fake structure is invisible to screen readers and breaks when the sheet is
edited. The package is opened by `safe_zip` (limits, no macros, no XML entities); the
parts are parsed here with lxml, never by a less careful parser.

Locations: `Location(path, n, 1)` where n is the 1-based index of the paragraph
(`w:p`) among all paragraphs of word/document.xml in document order, so findings name
"paragraph n" the same way however the text is split into runs. A review date that is
in no body paragraph (a document property, a page header or footer) has no location
(`Meta.reviewed_loc` is None), so review findings point at the sheet (`path:1:1`);
for a header or footer an info finding `docx.review-in-footer`, also at `path:1:1`,
says which one the date was read from.

How paragraphs become the model:
- title: the first paragraph in the Title style; else the first heading if it is a
  Heading 1; else a short, entirely bold or larger first paragraph (reported); else
  the title in the document properties;
- headings come from the outline level (Heading N → N). Section levels start at 2
  because the title is level 1: if any section heading uses Heading 1 (the author
  titled the sheet in the Title style, or used Heading 1 for everything), all levels
  move down by one, so Heading 1 → 2, Heading 2 → 3; otherwise Heading N → N, which
  is how our own DOCX writer maps sections back;
- a short paragraph that is entirely bold (or larger than body text), does not end
  like a sentence and is followed by body text is a heading at level 2 (reported);
- list paragraphs (Word numbering, directly or from a style such as List Bullet) nest
  by numbering level, then indentation. Adjacent lists stay separate when their
  numbering differs at the top level or an empty paragraph separates them. A list
  (one numId) numbered as plain steps becomes numbered steps counting from the number
  its first item shows (a list continuing an earlier one's count starts where Word
  shows it), the numbers dropped from the text. Plain steps: every level the list
  uses is numbered as the model numbers it (decimal, then lowerLetter, then
  lowerRoman, repeating: `pipeline.numbering`) and shows its own number only ("%2."
  or "%2)" at the second level), every item is at the depth its level says, and the
  numbers count on as the model would count them (from 1 under each item). Any other
  Word numbering ("1.b)", "Step 2:", "A.", "IV.", decimal below the top level, a list
  whose first item is nested or that mixes such levels with plain ones) stays a
  bullet list with Word's numbers kept at the start of each item's text: the model's
  numbered steps number only as 1., a., i., and a step's number as the author wrote
  it is what the sheet's text refers to ("see step 1.b");
- paragraphs starting with a typed bullet ("•", "-", "*", "o", "◦"…) or a typed
  number ("1.", "2)") are list items too, nested by indentation (paragraph indent,
  leading tabs and spaces); typed bullets are dropped, typed numbers kept (reported);
- each table row becomes one list item "cell — cell — cell" (reported, as the model
  has no tables); text boxes are not read (reported); page headers and footers are
  read for review stamps only (below);
- bold runs become strong spans; tracked insertions are read, deletions are not;
- review stamps, publisher lines and "audit-ignore:" lines follow the text reader's
  rules, a paragraph's line breaks counting as lines and an empty paragraph as a blank
  line; failing a "Last reviewed" line, a custom document property named like the
  label ("Last reviewed") gives the date;
- failing both, the page headers and footers give it: every section's default,
  first-page and even-page header and footer that a section refers to (through
  word/_rels/document.xml.rels), each paragraph a line (a footer table's row one
  line), as Word shows it: field results such as the page number, never field codes.
  The text reader's labels and dates are looked for anywhere in a line, so
  "© 2015 Children's Hospital | Last reviewed 8/2015 | Page 1" gives 8/2015, and a
  "Next review" stamp there is read too. The same date may appear in several headers
  and footers; two different ones, a date that is not one, or a "Last reviewed" label
  without a date are errors naming the header or footer. The body (then the
  properties) wins: headers and footers are not read when the body has a
  "Last reviewed" line or a property gives the date, and fill only what is missing
  when the body gives just the next review;
- language: the language most of the text is marked in (Word marks each run, with the
  document default for runs that are not), then the document properties, then the
  configured source language.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import TypeVar

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from pipeline.config import Config, TextReaderConfig
from pipeline.dates import NOT_RECORDED, PartialDate
from pipeline.errors import SourceError
from pipeline.model import (
    Block,
    BulletList,
    Document,
    Finding,
    Inlines,
    ItemList,
    ListItem,
    Location,
    Meta,
    NumberedList,
    Paragraph,
    Section,
    Severity,
    Span,
    plain,
)
from pipeline.numbering import format_number, level_format
from pipeline.readers import safe_zip
from pipeline.readers.markup import collapse
from pipeline.readers.result import ReadResult
from pipeline.readers.text import (
    NOT_HEADING_END,
    TextLine,
    date_line,
    publisher_block,
    take_attribution,
    take_ignores,
)
from pipeline.rules import Example, Rule

T = TypeVar("T")

#: A sheet made with Word's own styles passes; tests/fixtures/word/rules/ holds a failing
#: one per rule, made by tests/fixtures/make_rule_fixtures.py.
_STYLED = Example("file", "word/rules/styled.docx")
FAKE_HEADING = Rule(
    "docx.fake-heading",
    Severity.WARNING,
    "bold or large text stands in for a heading style",
    _STYLED,
    Example("file", "word/rules/fake-heading.docx"),
)
TYPED_BULLET = Rule(
    "docx.typed-bullet",
    Severity.WARNING,
    "a list made of typed bullet characters instead of Word's bullets",
    _STYLED,
    Example("file", "word/rules/typed-bullet.docx"),
)
MANUAL_NUMBERING = Rule(
    "docx.manual-numbering",
    Severity.WARNING,
    "a list numbered by hand instead of Word's numbering",
    _STYLED,
    Example("file", "word/rules/manual-numbering.docx"),
)
TABLE = Rule(
    "docx.table",
    Severity.INFO,
    "a table was read as a list, one item per row",
    _STYLED,
    Example("file", "word/rules/table.docx"),
)
EMPTY_PARAGRAPH = Rule(
    "docx.empty-paragraph",
    Severity.INFO,
    "empty paragraphs used for spacing",
    _STYLED,
    Example("file", "word/rules/empty-paragraph.docx"),
)
TEXT_BOX = Rule(
    "docx.text-box",
    Severity.WARNING,
    "text in a text box, which was not read",
    _STYLED,
    Example("file", "word/rules/text-box.docx"),
)
REVIEW_IN_FOOTER = Rule(
    "docx.review-in-footer",
    Severity.INFO,
    "the review date was read from a page footer or header",
    _STYLED,
    Example("file", "word/rules/review-in-footer.docx"),
)
RULES = (
    FAKE_HEADING,
    TYPED_BULLET,
    MANUAL_NUMBERING,
    TABLE,
    EMPTY_PARAGRAPH,
    TEXT_BOX,
    REVIEW_IN_FOOTER,
)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

_WORD_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
)
_OTHER_KINDS = {"spreadsheetml": "an Excel workbook", "presentationml": "a PowerPoint presentation"}

#: Word's built-in default body size when neither styles nor defaults set one (half-points).
_WORD_DEFAULT_SIZE = 20
#: Indentation is compared in twentieths of a point; typed tabs and spaces count roughly
#: as far as they move the text.
_TAB = 720
_SPACE = 180
#: Typed bullets that need a space after them ("-5 degrees", "of" are not list items).
_SPACED_BULLETS = frozenset("-\u2013*o")
#: Bullets Word documents carry beyond the text reader's: "o" for a second level,
#: the dash AutoCorrect makes, and the Symbol-font bullet that pasted lists leave.
_EXTRA_BULLETS = ("o", "\u2013", "\uf0b7")
#: How a header or footer reference's type reads in messages ("first-page footer").
_PAGES = {"first": "first-page", "even": "even-page"}
_MANUAL_NUMBER = re.compile(r"(?P<lead>[ \t]*)(?:\d{1,3}|[a-z])[.)]\s+(?=\S)")


class _Tag:
    """WordprocessingML element names, as dotted names so `match` can compare with them."""

    BODY = f"{_W}body"
    P = f"{_W}p"
    PPR = f"{_W}pPr"
    PSTYLE = f"{_W}pStyle"
    R = f"{_W}r"
    RPR = f"{_W}rPr"
    RSTYLE = f"{_W}rStyle"
    T = f"{_W}t"
    TAB = f"{_W}tab"
    PTAB = f"{_W}ptab"
    BR = f"{_W}br"
    CR = f"{_W}cr"
    NO_BREAK_HYPHEN = f"{_W}noBreakHyphen"
    SYM = f"{_W}sym"
    TBL = f"{_W}tbl"
    TR = f"{_W}tr"
    TC = f"{_W}tc"
    SDT = f"{_W}sdt"
    SDT_CONTENT = f"{_W}sdtContent"
    CUSTOM_XML = f"{_W}customXml"
    HYPERLINK = f"{_W}hyperlink"
    INS = f"{_W}ins"
    MOVE_TO = f"{_W}moveTo"
    SMART_TAG = f"{_W}smartTag"
    FLD_SIMPLE = f"{_W}fldSimple"
    TEXT_BOX = f"{_W}txbxContent"
    SECT_PR = f"{_W}sectPr"
    HEADER_REF = f"{_W}headerReference"
    FOOTER_REF = f"{_W}footerReference"


#: Elements inside a paragraph whose runs are part of its text.
_RUN_CONTAINERS = frozenset(
    {
        _Tag.HYPERLINK,
        _Tag.INS,
        _Tag.MOVE_TO,
        _Tag.SMART_TAG,
        _Tag.CUSTOM_XML,
        _Tag.FLD_SIMPLE,
        _Tag.SDT,
        _Tag.SDT_CONTENT,
    }
)


def _attr(name: str) -> str:
    return f"{_W}{name}"


# --- formatting: styles, numbering and direct formatting ---------------------------------


@dataclass(frozen=True)
class _Props:
    """Formatting that a style, a numbering level or the text itself sets; None: not set."""

    outline: int | None = None
    num_id: int | None = None
    ilvl: int | None = None
    #: Where the first line starts, in twips (left + first line - hanging).
    indent: int | None = None
    bold: bool | None = None
    size: int | None = None
    lang: str | None = None


def _props(ppr: etree._Element | None, rpr: etree._Element | None) -> _Props:
    return _Props(
        outline=_int(_child_val(ppr, "outlineLvl")),
        num_id=_int(_child_val(ppr, "numPr/w:numId")),
        ilvl=_int(_child_val(ppr, "numPr/w:ilvl")),
        indent=_indent(ppr),
        bold=_toggle(rpr, "b"),
        size=_int(_child_val(rpr, "sz")),
        lang=_child_val(rpr, "lang"),
    )


def _child_val(parent: etree._Element | None, path: str) -> str | None:
    """The w:val of the child at `path` ("numPr/w:numId"), if both exist."""
    if parent is None:
        return None
    child = parent.find(f"w:{path}", {"w": _W[1:-1]})
    return None if child is None else child.get(_attr("val"))


def _int(value: str | None) -> int | None:
    try:
        return None if value is None else int(value)
    except ValueError:
        return None


def _toggle(rpr: etree._Element | None, name: str) -> bool | None:
    """An on/off property: present means on unless its value says off."""
    element = None if rpr is None else rpr.find(_attr(name))
    if element is None:
        return None
    return element.get(_attr("val"), "true").lower() not in ("0", "false", "off", "none")


def _indent(ppr: etree._Element | None) -> int | None:
    ind = None if ppr is None else ppr.find(_attr("ind"))
    if ind is None:
        return None

    def twips(*names: str) -> int:
        return next((v for n in names if (v := _int(ind.get(_attr(n)))) is not None), 0)

    return twips("left", "start") + twips("firstLine") - twips("hanging")


def _first(*values: T | None) -> T | None:
    return next((value for value in values if value is not None), None)


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    props: _Props


class _Styles:
    """styles.xml: each style's own formatting, resolved through its `basedOn` chain."""

    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, _Style] = {}
        self.default: str | None = None
        self.defaults = _Props()
        if root is None:
            return
        for style in root.iter(_attr("style")):
            style_id = style.get(_attr("styleId"), "")
            self.by_id[style_id] = _Style(
                (_child_val(style, "name") or style_id).lower(),
                _child_val(style, "basedOn"),
                _props(style.find(_Tag.PPR), style.find(_Tag.RPR)),
            )
            is_default = style.get(_attr("default")) in ("1", "true", "on")
            if style.get(_attr("type")) == "paragraph" and is_default and self.default is None:
                self.default = style_id
        run_defaults = root.find(f"{_attr('docDefaults')}/{_attr('rPrDefault')}/{_Tag.RPR}")
        self.defaults = _props(None, run_defaults)

    def value(self, style_id: str | None, get: Callable[[_Props], T | None]) -> T | None:
        seen: set[str] = set()
        while style_id is not None and style_id not in seen:
            style = self.by_id.get(style_id)
            if style is None:
                return None
            if (found := get(style.props)) is not None:
                return found
            seen.add(style_id)
            style_id = style.based_on
        return None

    def name(self, style_id: str | None) -> str:
        style = self.by_id.get(style_id or "")
        return "" if style is None else style.name

    def body_size(self) -> int:
        size = self.value(self.default, lambda p: p.size)
        return _first(size, self.defaults.size) or _WORD_DEFAULT_SIZE


@dataclass(frozen=True)
class _RunFormat:
    """A run's formatting: its own, then its character style, its paragraph's style, defaults."""

    styles: _Styles
    direct: _Props
    char_style: str | None
    paragraph_style: str | None

    def __call__(self, get: Callable[[_Props], T | None]) -> T | None:
        return _first(
            get(self.direct),
            self.styles.value(self.char_style, get),
            self.styles.value(self.paragraph_style, get),
            get(self.styles.defaults),
        )


@dataclass(frozen=True)
class _Level:
    format: str
    text: str
    start: int
    indent: int | None


def _numbering(root: etree._Element | None) -> dict[int, dict[int, _Level]]:
    """numbering.xml: numId → level → how that level is numbered and indented."""
    if root is None:
        return {}
    abstract: dict[str, dict[int, _Level]] = {}
    for definition in root.iter(_attr("abstractNum")):
        levels: dict[int, _Level] = {}
        for lvl in definition.iter(_attr("lvl")):
            start = _int(_child_val(lvl, "start"))  # 0 is a start too
            levels[_int(lvl.get(_attr("ilvl"))) or 0] = _Level(
                _child_val(lvl, "numFmt") or "decimal",
                _child_val(lvl, "lvlText") or "",
                1 if start is None else start,
                _indent(lvl.find(_Tag.PPR)),
            )
        abstract[definition.get(_attr("abstractNumId"), "")] = levels
    numbering: dict[int, dict[int, _Level]] = {}
    for num in root.iter(_attr("num")):
        num_id = _int(num.get(_attr("numId")))
        if num_id is None:
            continue
        levels = dict(abstract.get(_child_val(num, "abstractNumId") or "", {}))
        for override in num.iter(_attr("lvlOverride")):
            level = _int(override.get(_attr("ilvl"))) or 0
            start = _int(_child_val(override, "startOverride"))
            if start is not None and level in levels:
                levels[level] = replace(levels[level], start=start)
        numbering[num_id] = levels
    return numbering


# --- what paragraphs are -----------------------------------------------------------------


@dataclass(frozen=True)
class _Run:
    text: str
    bold: bool
    size: int


@dataclass(frozen=True)
class _Heading:
    text: str
    #: N of Heading N (the Title style counts as 1); 2 for a fake heading.
    level: int
    index: int
    title_style: bool = False
    fake: bool = False


@dataclass(frozen=True)
class _Step:
    """A Word list item whose level is numbered as plain steps ("3.", "b)")."""

    #: The item's own number at its level, as Word counts it.
    number: int
    #: Its text without the number.
    content: Inlines


@dataclass(frozen=True)
class _Item:
    content: Inlines
    #: (numbering level, indentation): deeper keys nest under shallower ones.
    key: tuple[int, int]
    #: "typed", "manual", or "list <numId>": lists of different kinds stay apart.
    kind: str
    index: int
    #: Set when Word numbers the item as a plain step; `content` keeps the number.
    step: _Step | None = None


@dataclass(frozen=True)
class _Text:
    #: The paragraph's lines, split at line breaks (Shift+Enter).
    lines: tuple[Inlines, ...]
    index: int
    #: Entirely bold or larger than body text: a heading if it is short and text follows.
    emphatic: bool

    def content(self) -> Inlines:
        return _clean(_join(self.lines, Span(" ")))

    def heading_like(self, max_words: int) -> bool:
        words = plain(self.content())
        return (
            self.emphatic
            and len(words.split()) <= max_words
            and not words.endswith(NOT_HEADING_END)
        )


@dataclass(frozen=True)
class _Table:
    #: (index of the row's first paragraph, "cell — cell") for each row with text.
    rows: tuple[tuple[int, Inlines], ...]


@dataclass(frozen=True)
class _Empty:
    index: int


_Element = _Heading | _Item | _Text | _Table | _Empty


class _Word:
    """One opened .docx: its parts, styles and numbering, read in document order."""

    def __init__(self, package: safe_zip.Package, config: Config) -> None:
        display = package.display
        main = package.related("", RT.OFFICE_DOCUMENT)
        if main is None:
            raise SourceError(display, "not a Word document: the package has no main document")
        _check_kind(package.content_type(main), display)
        body = package.xml(main).find(_Tag.BODY)
        if body is None:
            raise SourceError(
                display,
                "not a Word document (Strict Open XML?): save it in Word as a Word Document",
            )
        self.body = body
        self._package = package
        self._main = main
        self.styles = _Styles(_part(package, main, RT.STYLES))
        self.numbering = _numbering(_part(package, main, RT.NUMBERING))
        self.core = _part(package, "", RT.CORE_PROPERTIES)
        self.custom = _part(package, "", RT.CUSTOM_PROPERTIES)
        self.index = {p: number for number, p in enumerate(body.iter(_Tag.P), start=1)}
        #: Characters of text per language, counted while reading.
        self.languages: Counter[str] = Counter()
        self._counts: dict[int, dict[int, int]] = {}
        self._body_size = self.styles.body_size()
        self._typed = _typed_bullet_pattern(config.text_reader)

    def elements(self, container: etree._Element | None = None) -> Iterator[_Element]:
        """The body's paragraphs and tables in order, looking inside content controls."""
        for child in self.body if container is None else container:
            match child.tag:
                case _Tag.P:
                    yield self._paragraph(child)
                case _Tag.TBL:
                    yield self._table(child)
                case _Tag.SDT | _Tag.SDT_CONTENT | _Tag.CUSTOM_XML:
                    yield from self.elements(child)

    def text_boxes(self) -> list[int]:
        """Indexes of the paragraphs that anchor text boxes holding text."""
        anchors = {
            self.index[anchor]
            for box in self.body.iter(_Tag.TEXT_BOX)
            if _text_of(box).strip()
            and (anchor := next(box.iterancestors(_Tag.P), None)) is not None
        }
        return sorted(anchors)

    def headers_footers(self) -> Iterator[tuple[str, etree._Element]]:
        """The page headers and footers the sections refer to, each with where it shows
        ("first-page footer of section 2"); a part several sections share comes once.

        Every section's default, first-page and even-page header and footer is read, even
        one that Word hides while "Different first page" (or odd and even) is off; a part
        no section refers to is never shown, and not read.
        """
        parts = dict(self._package.relationships(self._main, RT.HEADER, RT.FOOTER))
        # Each section's last paragraph holds its properties, the body the last section's
        # (the properties a tracked change recorded as old are deeper, and not read).
        sections = [
            sect
            for p in self.body.iter(_Tag.P)
            if (sect := p.find(f"{_Tag.PPR}/{_Tag.SECT_PR}")) is not None
        ] + self.body.findall(_Tag.SECT_PR)
        seen: set[str] = set()
        for number, sect in enumerate(sections, start=1):
            for reference in sect:
                kind = {_Tag.HEADER_REF: "header", _Tag.FOOTER_REF: "footer"}.get(reference.tag)
                name = parts.get(reference.get(_REL_ID, ""))
                if kind is None or name is None or name in seen or not self._package.has(name):
                    continue
                seen.add(name)
                page = _PAGES.get(reference.get(_attr("type"), ""), "page")
                section = f" of section {number}" if len(sections) > 1 else ""
                yield f"{page} {kind}{section}", self._package.xml(name)

    def _paragraph(self, p: etree._Element) -> _Element:
        index = self.index[p]
        ppr = p.find(_Tag.PPR)
        direct = _props(ppr, None)
        style = self._style(p)
        runs = self._runs(p, style)
        text = "".join(run.text for run in runs)
        if not text.strip():
            return _Empty(index)
        spans = tuple(Span(run.text, run.bold) for run in runs)
        title_style = self.styles.name(style) == "title"
        outline = _first(direct.outline, self.styles.value(style, lambda s: s.outline))
        if title_style or (outline is not None and 0 <= outline < 9):
            level = 1 if title_style or outline is None else outline + 1
            return _Heading(plain(_clean(spans)), level, index, title_style)
        num_id = _first(direct.num_id, self.styles.value(style, lambda s: s.num_id))
        ilvl = _first(direct.ilvl, self.styles.value(style, lambda s: s.ilvl)) or 0
        numbered = self.numbering.get(num_id or 0, {}).get(ilvl)
        indent = _first(
            direct.indent,
            None if numbered is None else numbered.indent,
            self.styles.value(style, lambda s: s.indent),
        )
        if num_id:  # numId 0 switches a style's numbering off
            label = self._label(num_id, ilvl)
            content = _clean((Span(f"{label} "), *spans) if label else spans)
            step = None
            if label and numbered is not None and _plain_step(numbered, ilvl):
                step = _Step(self._counts[num_id][ilvl], _clean(spans))
            return _Item(content, (ilvl, indent or 0), f"list {num_id}", index, step)
        return self._typed_item(spans, text, index, indent or 0) or _Text(
            _lines(spans), index, self._emphatic(runs)
        )

    def _style(self, p: etree._Element) -> str | None:
        return _child_val(p.find(_Tag.PPR), "pStyle") or self.styles.default

    def _typed_item(
        self, spans: tuple[Span, ...], text: str, index: int, indent: int
    ) -> _Item | None:
        if match := self._typed.match(text):
            content = _clean(_drop(spans, match.end()))
            return _Item(content, (0, indent + _lead(match["lead"])), "typed", index)
        if match := _MANUAL_NUMBER.match(text):
            return _Item(_clean(spans), (0, indent + _lead(match["lead"])), "manual", index)
        return None

    def _emphatic(self, runs: tuple[_Run, ...]) -> bool:
        visible = [run for run in runs if run.text.strip()]
        return all(run.bold for run in visible) or all(
            run.size > self._body_size for run in visible
        )

    def _runs(self, p: etree._Element, style: str | None) -> tuple[_Run, ...]:
        runs: list[_Run] = []
        for r in _run_elements(p):
            text = "".join(_run_text(r))
            if not text:
                continue
            rpr = r.find(_Tag.RPR)
            found = _RunFormat(self.styles, _props(None, rpr), _child_val(rpr, "rStyle"), style)
            runs.append(_Run(text, found(lambda s: s.bold) or False, found(lambda s: s.size) or 0))
            if (lang := found(lambda s: s.lang)) and text.strip():
                self.languages[lang] += len(text.strip())
        return tuple(runs)

    def _label(self, num_id: int, ilvl: int) -> str | None:
        """The number Word shows before a numbered item ("2.", "1.b)"); None for bullets.

        Counted per list (numId): a deeper level restarts whenever a shallower one moves on.
        """
        levels = self.numbering.get(num_id, {})
        level = levels.get(ilvl)
        if level is None or level.format in ("bullet", "none"):
            return None
        counts = self._counts.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, level.start - 1) + 1
        for deeper in [key for key in counts if key > ilvl]:
            del counts[deeper]

        def number(match: re.Match[str]) -> str:
            position = int(match[1]) - 1
            shown = levels.get(position, level)
            return format_number(counts.get(position, shown.start), shown.format)

        return re.sub(r"%([1-9])", number, level.text) or None

    def _table(self, tbl: etree._Element) -> _Table:
        rows: list[tuple[int, Inlines]] = []
        for tr in tbl.findall(_Tag.TR):  # a nested table's rows are read as part of their cell
            cells = [self._cell(tc) for tc in tr.findall(_Tag.TC)]
            content = _clean(_join([cell for cell in cells if plain(cell).strip()], Span(" — ")))
            if content:
                rows.append((self.index[next(tr.iter(_Tag.P))], content))
        return _Table(tuple(rows))

    def _cell(self, tc: etree._Element) -> Inlines:
        paragraphs = [
            tuple(Span(run.text, run.bold) for run in self._runs(p, self._style(p)))
            for p in tc.iter(_Tag.P)
        ]
        return _clean(_join(paragraphs, Span(" ")))


def _plain_step(level: _Level, ilvl: int) -> bool:
    """Whether a level shows its own number only, in the format the model numbers that
    depth in: "%1." or "%1)" in decimal at the top, "%2." in lowerLetter below…"""
    own = f"%{ilvl + 1}"
    return level.format == level_format(ilvl) and level.text in (f"{own}.", f"{own})")


def _check_kind(content_type: str | None, display: str) -> None:
    if content_type in _WORD_TYPES:
        return
    kind = next((k for key, k in _OTHER_KINDS.items() if key in (content_type or "")), None)
    what = f"this is {kind}" if kind else f"its main part is {content_type or 'of no known type'}"
    raise SourceError(display, f"not a Word document: {what}")


def _part(package: safe_zip.Package, source: str, rel_type: str) -> etree._Element | None:
    name = package.related(source, rel_type)
    return None if name is None or not package.has(name) else package.xml(name)


def _text_of(element: etree._Element) -> str:
    return "".join(text for text in element.itertext() if isinstance(text, str))


def _run_elements(parent: etree._Element) -> Iterator[etree._Element]:
    for child in parent:
        if child.tag == _Tag.R:
            yield child
        elif child.tag in _RUN_CONTAINERS:
            yield from _run_elements(child)


def _run_text(r: etree._Element) -> Iterator[str]:
    for child in r:
        match child.tag:
            case _Tag.T:
                yield child.text or ""
            case _Tag.TAB | _Tag.PTAB:
                yield "\t"
            case _Tag.BR | _Tag.CR:
                yield "\n"
            case _Tag.NO_BREAK_HYPHEN:
                yield "-"
            case _Tag.SYM:  # Insert Symbol: a character code in a symbol font
                code = child.get(_attr("char"), "")
                char = chr(int(code, 16)) if re.fullmatch(r"[0-9A-Fa-f]{1,4}", code) else ""
                yield char if char.isprintable() or char in _EXTRA_BULLETS else ""


def _typed_bullet_pattern(settings: TextReaderConfig) -> re.Pattern[str]:
    bullets = dict.fromkeys((*settings.bullets, *_EXTRA_BULLETS))
    alternatives = "|".join(
        re.escape(char) + (r"\s+" if char in _SPACED_BULLETS or char.isascii() else r"\s*")
        for char in bullets
    )
    return re.compile(rf"(?P<lead>[ \t]*)(?:{alternatives})(?=\S)")


def _lead(whitespace: str) -> int:
    return whitespace.count("\t") * _TAB + whitespace.count(" ") * _SPACE


# --- inline text --------------------------------------------------------------------------


def _clean(content: Iterable[Span]) -> Inlines:
    """Whitespace as a reader sees it; a bold run's edge spaces (Word selects a word with
    the space after it) are not emphasis."""
    pieces: list[Span] = []
    for span in content:
        core = span.text.strip()
        if span.strong and core:
            lead = len(span.text) - len(span.text.lstrip())
            pieces += [
                Span(span.text[:lead]),
                Span(core, True),
                Span(span.text[lead + len(core) :]),
            ]
        else:
            pieces.append(Span(span.text))
    return collapse(pieces)


def _join(parts: Iterable[Inlines], separator: Span) -> list[Span]:
    joined: list[Span] = []
    for part in parts:
        if joined:
            joined.append(separator)
        joined.extend(part)
    return joined


def _lines(spans: tuple[Span, ...]) -> tuple[Inlines, ...]:
    """Split spans at line breaks."""
    lines: list[list[Span]] = [[]]
    for span in spans:
        first, *rest = span.text.split("\n")
        lines[-1].append(Span(first, span.strong))
        lines.extend([Span(text, span.strong)] for text in rest)
    return tuple(tuple(line) for line in lines)


def _drop(spans: tuple[Span, ...], count: int) -> list[Span]:
    """The spans without their first `count` characters (a typed bullet)."""
    kept: list[Span] = []
    for span in spans:
        cut = min(count, len(span.text))
        count -= cut
        kept.append(Span(span.text[cut:], span.strong))
    return kept


# --- reading ------------------------------------------------------------------------------


def read(path: Path, display: str, config: Config) -> ReadResult:
    """Read a .docx; raises SourceError naming the file when it is unsafe, damaged or empty."""
    package = safe_zip.open_package(path, display, config.text_reader.max_docx_bytes)
    word = _Word(package, config)
    elements = list(word.elements())
    if all(isinstance(element, _Empty) for element in elements):
        raise SourceError(display, "the document has no text")
    settings = config.text_reader
    findings = [*_spacing(elements, display), *_text_box_findings(word.text_boxes(), display)]
    stamps, ignores, attribution, elements = _metadata(elements, display, settings)
    if stamps.loc is None:
        stamps = _property_stamps(word.custom, display, settings, stamps)
    if stamps.loc is None and stamps.reviewed is None:
        stamps = _header_footer_stamps(word.headers_footers(), display, settings, stamps, findings)
    if stamps.reviewed is not None and stamps.next_review is None:
        stamps = replace(stamps, next_review=stamps.reviewed.add_years(config.review_cycle_years))
    title, title_index, elements = _title(elements, settings, display, findings)
    meta = Meta(
        title=title or _core_text(word.core, f"{_DC}title"),
        lang=_language(word, config),
        loc=Location(display, title_index),
        reviewed=stamps.reviewed,
        next_review=stamps.next_review,
        reviewed_loc=stamps.loc,
        publisher=stamps.publisher,
        attribution=attribution,
        ignores=ignores,
    )
    sections = _Sections(display, settings, findings).build(elements)
    if meta.title is None and not sections:
        raise SourceError(display, "the document has no text besides its review stamp")
    return ReadResult(Document(meta, sections), tuple(sorted(findings, key=lambda f: f.loc)))


def _core_text(core: etree._Element | None, tag: str) -> str | None:
    element = None if core is None else core.find(tag)
    text = None if element is None else " ".join((element.text or "").split())
    return text or None


def _language(word: _Word, config: Config) -> str:
    if word.languages:
        return word.languages.most_common(1)[0][0]
    return _core_text(word.core, f"{_DC}language") or config.language


@dataclass(frozen=True)
class _Stamps:
    reviewed: PartialDate | None = None
    next_review: PartialDate | None = None
    loc: Location | None = None
    publisher: tuple[str, ...] = ()


def _metadata(
    elements: list[_Element], display: str, settings: TextReaderConfig
) -> tuple[_Stamps, tuple[str, ...], tuple[str, ...], list[_Element]]:
    """Take review stamps, publisher, copyright and audit-ignore lines out, as the text
    reader does.

    The paragraphs' lines go through the text reader's own rules; an empty paragraph, a
    heading, a list or a table counts as a blank line between them.
    """
    lines: list[TextLine | None] = []
    owners: list[tuple[int, int] | None] = []
    for position, element in enumerate(elements):
        if isinstance(element, _Text):
            for number, line in enumerate(element.lines):
                words = " ".join(plain(line).split())
                lines.append(TextLine(element.index, 0, words) if words else None)
                owners.append((position, number))
        else:
            lines.append(None)
            owners.append(None)
    attribution = take_attribution(lines, settings)
    ignores = take_ignores(lines, settings)
    reviewed, next_review, loc, publisher, lines = publisher_block(lines, display, settings)
    kept: dict[int, list[int]] = defaultdict(list)
    for left, owner in zip(lines, owners, strict=True):
        if left is not None and owner is not None:
            kept[owner[0]].append(owner[1])
    remaining: list[_Element] = []
    for position, element in enumerate(elements):
        if not isinstance(element, _Text):
            remaining.append(element)
        elif position in kept:
            remaining.append(
                replace(element, lines=tuple(element.lines[n] for n in kept[position]))
            )
    return _Stamps(reviewed, next_review, loc, publisher), ignores, attribution, remaining


def _property_stamps(
    custom: etree._Element | None, display: str, settings: TextReaderConfig, stamps: _Stamps
) -> _Stamps:
    """Review dates from custom document properties named like the labels ("Last reviewed")."""
    if custom is None:
        return stamps
    reviewed_re = re.compile(settings.reviewed_label, re.I)
    next_re = re.compile(settings.next_review_label, re.I)
    for prop in custom.iter(f"{_CUSTOM}property"):
        name = prop.get("name", "")
        words = re.sub(r"[\s_\-]+", " ", re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)).strip()
        value = _text_of(prop).strip()
        if prop.find(f"{_VT}filetime") is not None:
            value = value[:10]  # a date property holds a time too: "2015-08-01T00:00:00Z"
        where = f"document property {name!r}"
        if reviewed_re.fullmatch(words):
            stamps = replace(stamps, reviewed=_stamp_date(value, where, display))
        elif next_re.fullmatch(words):
            stamps = replace(stamps, next_review=_stamp_date(value, where, display))
    return stamps


def _stamp_date(value: str, where: str, display: str) -> PartialDate:
    try:
        return PartialDate.parse(value)
    except ValueError as error:
        raise SourceError(display, f"bad review date in {where}: {error}") from None


@dataclass(frozen=True)
class _PageStamp:
    """A review stamp found in a page header or footer."""

    next_review: bool
    date: PartialDate
    #: The stamp as written: "Last reviewed 8/2015".
    text: str
    #: Where it shows: "page footer", "first-page header of section 2".
    where: str


def _header_footer_stamps(
    parts: Iterable[tuple[str, etree._Element]],
    display: str,
    settings: TextReaderConfig,
    stamps: _Stamps,
    findings: list[Finding],
) -> _Stamps:
    """Review dates from the page headers and footers, for what the body left unsaid.

    Every header and footer must agree: two different dates are an error naming both.
    The location stays None (the stamp is in no body paragraph, so findings point at
    the sheet); an info finding says where the date was read.
    """
    found = [
        stamp
        for where, root in parts
        for text in _header_footer_lines(root)
        for stamp in _stamps_in(text, where, display, settings)
    ]
    reviewed = _agreed([stamp for stamp in found if not stamp.next_review], display)
    next_review = _agreed([stamp for stamp in found if stamp.next_review], display)
    if stamps.reviewed is None and reviewed is not None:
        stamps = replace(stamps, reviewed=reviewed.date)
    else:
        reviewed = None
    if stamps.next_review is None and next_review is not None:
        stamps = replace(stamps, next_review=next_review.date)
    else:
        next_review = None
    findings.extend(
        REVIEW_IN_FOOTER.finding(
            f"{stamp.text!r} was read from the {stamp.where}: it is in no paragraph of "
            "the sheet, so findings about its review dates point at the sheet's start",
            Location(display, 1),
        )
        for stamp in (reviewed, next_review)
        if stamp is not None
    )
    return stamps


def _header_footer_lines(root: etree._Element) -> Iterator[str]:
    """A header's or footer's text: a line per paragraph (line breaks and tabs read as
    spaces), a table row's paragraphs together. Only the text Word shows is read: field
    results ("1" for PAGE), never field codes (w:instrText) or deleted text."""
    for p in root.iter(_Tag.P):
        if next(p.iterancestors(_Tag.TR), None) is None:
            yield _spaced(p)
    for tr in root.iter(_Tag.TR):
        yield " ".join(_spaced(p) for p in tr.iter(_Tag.P))


def _spaced(p: etree._Element) -> str:
    return " ".join("".join(text for r in _run_elements(p) for text in _run_text(r)).split())


def _stamps_in(
    text: str, where: str, display: str, settings: TextReaderConfig
) -> Iterator[_PageStamp]:
    """The stamps anywhere in a line ("© 2015 Children's | Last reviewed 8/2015 | Page 1"),
    by the text reader's labels and dates; a next-review label is looked for first, as
    the text reader does, so a label that would match both counts once."""
    taken: list[tuple[int, int]] = []
    for next_review, label in (
        (True, settings.next_review_label),
        (False, settings.reviewed_label),
    ):
        stamp_re = date_line(label, settings.copyright)
        for found in re.finditer(rf"(?<!\w)(?:{label})\b", text, re.I):
            if any(start <= found.start() < end for start, end in taken):
                continue
            match = stamp_re.match(text, found.start())
            if match is None:
                if next_review:  # as in the body, where such a line stays text
                    continue
                raise SourceError(
                    display,
                    f"cannot read the review date in {text!r} in the {where} "
                    "(write it like 8/2015)",
                )
            taken.append((found.start(), match.end("date")))
            if match["date"].lower() == NOT_RECORDED:
                continue
            yield _PageStamp(
                next_review,
                _stamp_date(match["date"], f"the {where}", display),
                text[found.start() : match.end("date")],
                where,
            )


def _agreed(stamps: list[_PageStamp], display: str) -> _PageStamp | None:
    """The one date all these stamps give (the first stamp giving it); else an error
    naming the first stamp of each date."""
    by_date: dict[PartialDate, _PageStamp] = {}
    for stamp in stamps:
        by_date.setdefault(stamp.date, stamp)
    if len(by_date) > 1:
        listed = "; ".join(f"{stamp.text!r} in the {stamp.where}" for stamp in by_date.values())
        raise SourceError(
            display,
            f"page headers and footers give different dates: {listed} (make them agree, "
            "or type the date in the body of the sheet, which is then used instead)",
        )
    return next(iter(by_date.values()), None)


def _title(
    elements: list[_Element], settings: TextReaderConfig, display: str, findings: list[Finding]
) -> tuple[str | None, int, list[_Element]]:
    """The title and where it is; the elements without it."""
    content = [element for element in elements if not isinstance(element, _Empty)]
    headings = [element for element in content if isinstance(element, _Heading)]
    chosen: _Heading | _Text | None = next((h for h in headings if h.title_style), None)
    if chosen is None and headings and headings[0].level == 1:
        chosen = headings[0]
    first = content[0] if content else None
    if (
        chosen is None
        and isinstance(first, _Text)
        and first.heading_like(settings.max_heading_words)
    ):
        chosen = first
        findings.append(
            FAKE_HEADING.finding(
                f"the title {plain(first.content())!r} is formatted text, not a title style",
                Location(display, first.index),
                suggestion="apply Word's Title style to it",
            )
        )
    if chosen is None:
        return None, 1, elements
    text = chosen.text if isinstance(chosen, _Heading) else plain(chosen.content())
    return text, chosen.index, [element for element in elements if element is not chosen]


def _spacing(elements: list[_Element], display: str) -> Iterator[Finding]:
    """One finding per run of empty paragraphs: Word's checker flags them as spacing."""
    run: list[_Empty] = []
    for element in [*elements, None]:
        if isinstance(element, _Empty):
            run.append(element)
            continue
        if run:
            yield EMPTY_PARAGRAPH.finding(
                f"{len(run)} empty paragraph(s) used for spacing",
                Location(display, run[0].index),
                suggestion="delete them and set the space before or after paragraphs instead",
            )
        run = []


def _text_box_findings(anchors: list[int], display: str) -> Iterator[Finding]:
    for index in anchors:
        yield TEXT_BOX.finding(
            "text in a text box was not read (screen readers may skip it too)",
            Location(display, index),
            suggestion="move the text into the body of the document",
        )


@dataclass
class _Node:
    """A list item while its list is being assembled."""

    item: _Item
    children: list[_Node] = field(default_factory=list)

    def freeze(self, display: str, steps: bool = False) -> ListItem:
        """The item; as a numbered step (`steps`), its text without Word's number."""
        step = self.item.step
        return ListItem(
            step.content if steps and step is not None else self.item.content,
            Location(display, self.item.index),
            tuple(child.freeze(display, steps) for child in self.children),
        )


def _steps_start(group: list[_Item], top: list[_Node]) -> int | None:
    """The number a list of plain steps starts at, as Word shows its first item; None
    when the list is not one (its numbers then stay in the items' text).

    Plain steps: one Word list (numId), every item a plain step at the depth its level
    says, numbered as the model numbers them: the top items on from the first one's
    number, each item's children from 1. A list whose first item is nested, one that
    skips a level or nests by indentation, or a nested level starting elsewhere than 1
    would read differently as steps, so it is not one.
    """
    first = top[0].item.step
    if first is None or any(item.kind != group[0].kind or item.step is None for item in group):
        return None
    start = first.number

    def counts_on(nodes: list[_Node], depth: int, first: int) -> bool:
        return all(
            node.item.key[0] == depth
            and node.item.step is not None
            and node.item.step.number == first + position
            and counts_on(node.children, depth + 1, 1)
            for position, node in enumerate(nodes)
        )

    return start if counts_on(top, 0, start) else None


class _Sections:
    """Groups elements into flat sections under their headings."""

    def __init__(self, display: str, settings: TextReaderConfig, findings: list[Finding]) -> None:
        self.display = display
        self.settings = settings
        self.findings = findings

    def build(self, elements: list[_Element]) -> tuple[Section, ...]:
        elements = self._promote(elements)
        shift = int(any(isinstance(e, _Heading) and e.level == 1 for e in elements))
        sections: list[Section] = []
        heading: _Heading | None = None
        blocks: list[Block] = []
        items: list[_Item] = []
        for element in [*elements, None]:
            if isinstance(element, _Item):
                items.append(element)
                continue
            if items:
                blocks.extend(self._lists(items))
                items = []
            match element:
                case _Heading():
                    if heading is not None or blocks:
                        sections.append(self._section(heading, shift, blocks))
                    heading, blocks = element, []
                case _Text():
                    blocks.append(Paragraph(element.content(), self._at(element.index)))
                case _Table():
                    blocks.extend(self._table(element))
                case _Empty() | None:
                    pass
        if heading is not None or blocks:
            sections.append(self._section(heading, shift, blocks))
        return tuple(sections)

    def _section(self, heading: _Heading | None, shift: int, blocks: list[Block]) -> Section:
        if heading is None:  # text before the first heading
            return Section(None, 1, tuple(blocks), blocks[0].loc)
        level = 2 if heading.fake else min(heading.level + shift, 9)
        return Section(heading.text, level, tuple(blocks), self._at(heading.index))

    def _promote(self, elements: list[_Element]) -> list[_Element]:
        """Short bold (or large) paragraphs followed by body text become headings."""
        promoted: list[_Element] = []
        for position, element in enumerate(elements):
            later = islice(elements, position + 1, None)
            after = next((e for e in later if not isinstance(e, _Empty)), None)
            if (
                isinstance(element, _Text)
                and self._heading_like(element)
                and isinstance(after, _Text | _Item | _Table)
                and not (isinstance(after, _Text) and self._heading_like(after))
            ):
                text = plain(element.content())
                promoted.append(_Heading(text, 2, element.index, fake=True))
                self.findings.append(
                    FAKE_HEADING.finding(
                        f"bold text used as a heading: {text!r} (screen readers and Word's "
                        "navigation pane do not see it as one)",
                        self._at(element.index),
                        suggestion="apply a Heading style to it",
                    )
                )
            else:
                promoted.append(element)
        return promoted

    def _heading_like(self, text: _Text) -> bool:
        return text.heading_like(self.settings.max_heading_words)

    def _lists(self, items: list[_Item]) -> Iterator[ItemList]:
        """Consecutive items: a new list starts at a top-level item of another kind."""
        groups: list[list[_Item]] = []
        for item in items:
            if groups and (item.kind == groups[-1][0].kind or item.key > groups[-1][0].key):
                groups[-1].append(item)
            else:
                groups.append([item])
        for group in groups:
            self._report_fake_list(group)
            top: list[_Node] = []
            stack: list[_Node] = []
            for item in group:
                while stack and stack[-1].item.key >= item.key:
                    stack.pop()
                node = _Node(item)
                (stack[-1].children if stack else top).append(node)
                stack.append(node)
            start = _steps_start(group, top)
            frozen = tuple(node.freeze(self.display, steps=start is not None) for node in top)
            if start is None:
                yield BulletList(frozen, frozen[0].loc)
            else:
                yield NumberedList(frozen, frozen[0].loc, start)

    def _report_fake_list(self, group: list[_Item]) -> None:
        for kind, rule, what, fix in (
            ("typed", TYPED_BULLET, "typed bullet characters", "Bullets"),
            ("manual", MANUAL_NUMBERING, "typed numbers", "Numbering"),
        ):
            typed = [item for item in group if item.kind == kind]
            if typed:
                self.findings.append(
                    rule.finding(
                        f"{len(typed)} paragraph(s) made into a list with {what}: "
                        "screen readers do not announce it as a list",
                        self._at(typed[0].index),
                        suggestion=f"select them and use Word's {fix} button",
                    )
                )

    def _table(self, table: _Table) -> Iterator[BulletList]:
        if not table.rows:
            return
        items = tuple(ListItem(content, self._at(index)) for index, content in table.rows)
        self.findings.append(
            TABLE.finding(
                f"a table of {len(items)} row(s) was read as a list, one item per row",
                items[0].loc,
                suggestion="check that each row reads well as a sentence, or write it as a list",
            )
        )
        yield BulletList(items, items[0].loc)

    def _at(self, index: int) -> Location:
        return Location(self.display, index)
