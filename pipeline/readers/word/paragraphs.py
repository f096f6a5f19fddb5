"""What each paragraph of a Word document is: a heading, a list item, body text, a table,
a picture; read in reading order.

- headings come from the outline level (Heading N → N; the Title style is 1);
- list paragraphs (Word numbering, directly or from a style such as List Bullet) nest
  by numbering level, then indentation. A level numbered as plain steps (decimal, then
  lowerLetter, then lowerRoman, repeating: `pipeline.numbering`, showing its own number
  only: "%2." or "%2)" at the second level) gives each item its step number, counted
  per list (numId) as Word counts it; any other numbering ("1.b)", "Step 2:", "A.")
  keeps Word's number at the start of the item's text;
- paragraphs starting with a typed bullet ("•", "-", "*", "o", "◦"…) or a typed number
  ("1.", "2)", "a.") are list items too, nested by indentation (paragraph indent,
  leading tabs and spaces); typed bullets are dropped (a bullet that is a letter, "o",
  is listed as removed), typed numbers become step numbers;
- a drop cap (a frame holding a paragraph's first letters) starts the paragraph after it;
- a SmartArt diagram's text (in its own part) is read as paragraphs after its anchor,
  one per shape, and reported like a text box;
- text boxes, shapes and frames are read where they are anchored: after the paragraph
  that holds them (DrawingML only: Word writes the same box again as VML for old
  readers, which is skipped), and reported, since screen readers may skip them;
- pictures follow the paragraph that holds them, with their alternative text (Word's
  "Alt Text" description) or marked decorative (Word's "Mark as decorative");
  a picture with neither is reported, as is one only linked to a file outside the
  document (never fetched);
- footnotes and endnotes are read after the paragraph that refers to them, and
  reported (the model has no notes; the reference mark is not kept);
- tables: see `tables`;
- hidden text (Font > Hidden) is not read: it is listed as removed and reported;
- bold runs become strong spans; tracked insertions and moves are read as accepted,
  deletions not (`changes` reports every tracked change as an error).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from lxml import etree

from pipeline.config import Config, TextReaderConfig
from pipeline.fidelity import Removed
from pipeline.model import Finding, Inlines, Span, plain
from pipeline.numbering import format_number, level_format
from pipeline.readers.word import tables
from pipeline.readers.word.findings import (
    HIDDEN_TEXT,
    IMAGE_ALT,
    LAYOUT_TABLE,
    LINKED_IMAGE,
    NOTE,
    TEXT_BOX,
    at,
)
from pipeline.readers.word.inlines import clean, drop_chars, join, split_lines
from pipeline.readers.word.kinds import (
    Element,
    Empty,
    Grid,
    GridCell,
    Item,
    Step,
    WordHeading,
    WordPicture,
    WordText,
)
from pipeline.readers.word.ooxml import (
    EXTRA_BULLETS,
    REL_DIAGRAM_DATA,
    REL_EMBED,
    REL_ID,
    REL_LINK,
    Tag,
    drop_cap,
    in_fallback,
    run_elements,
    run_text,
)
from pipeline.readers.word.package import WordFile
from pipeline.readers.word.styles import Level, RunFormat, child_val, first_set, props

#: Indentation is compared in twentieths of a point; typed tabs and spaces count roughly
#: as far as they move the text.
_TAB = 720
_SPACE = 180
#: Typed bullets that need a space after them ("-5 degrees", "of" are not list items).
_SPACED_BULLETS = frozenset("-\u2013*o")
_MANUAL_NUMBER = re.compile(r"(?P<lead>[ \t]*)(?P<number>\d{1,3}|[a-z])[.)]\s+(?=\S)")


class Paragraphs:
    """Reads a document's body into elements, noting what it reports and removes."""

    def __init__(self, word: WordFile, config: Config) -> None:
        self.word = word
        self.display = word.display
        self.styles = word.styles
        self.numbering = word.numbering
        #: Characters of text per language, counted while reading.
        self.languages: Counter[str] = Counter()
        self.findings: list[Finding] = []
        self.removed: list[Removed] = []
        self._counts: dict[int, dict[int, int]] = {}
        self._body_size = self.styles.body_size()
        self._typed = _typed_bullet_pattern(config.text_reader)
        #: The runs of a drop cap, waiting for the paragraph they start.
        self._drop_cap: list[tuple[str, bool, int]] = []
        #: Paragraphs with hidden text.
        self._hidden: set[int] = set()

    def elements(self, container: etree._Element | None = None) -> Iterator[Element]:
        """The paragraphs and tables in reading order, looking inside content controls;
        what a paragraph anchors (pictures, text boxes) right after it."""
        for child in self.word.body if container is None else container:
            match child.tag:
                case Tag.P:
                    yield from self._paragraph_and_anchored(child)
                case Tag.TBL:
                    yield from self._table(child)
                case Tag.SDT | Tag.SDT_CONTENT | Tag.CUSTOM_XML:
                    yield from self.elements(child)

    def _paragraph_and_anchored(self, p: etree._Element) -> Iterator[Element]:
        index = self.word.index[p]
        if drop_cap(p):  # its letters start the next paragraph
            self._drop_cap += self._runs(p, self._style(p), index)
            return
        element = self._paragraph(p)
        anchored = list(_anchored(p))
        if not (anchored and isinstance(element, Empty)):  # a picture's own line is no spacing
            yield element
        if p.find(f"{Tag.PPR}/{Tag.FRAME_PR}") is not None and not isinstance(element, Empty):
            self._report_box(index, "a frame")
        for found in anchored:
            if found.tag in (Tag.FOOTNOTE_REF, Tag.ENDNOTE_REF):
                note = self.word.notes.get(found)  # None: a reference to no note
                yield from () if note is None else self._note(note, index)
            elif found.tag == Tag.DIAGRAM_IDS:
                yield from self._diagram(found.get(REL_DIAGRAM_DATA, ""), index)
            elif found.tag == Tag.TEXT_BOX:
                inside = list(self.elements(found))
                if any(not isinstance(e, Empty) for e in inside):
                    self._report_box(index, "a text box or shape")
                yield from inside
            else:
                yield self._picture(found, index)

    def _note(self, note: etree._Element, index: int) -> Iterator[Element]:
        inside = [e for e in self.elements(note) if not isinstance(e, Empty)]
        if inside:
            kind = "an endnote" if note.tag == Tag.ENDNOTE else "a footnote"
            self.findings.append(
                NOTE.finding(
                    f"{kind}, read after the paragraph that refers to it",
                    at(self.display, index),
                    suggestion="if families need it, write it in the text itself",
                )
            )
        yield from inside

    def _diagram(self, rel_id: str, index: int) -> Iterator[Element]:
        texts = self.word.diagram(rel_id)
        if texts:
            self._report_box(index, "a SmartArt diagram")
        for text in texts:
            yield WordText(((Span(text),),), index, emphatic=False)

    def _report_box(self, index: int, what: str) -> None:
        self.findings.append(
            TEXT_BOX.finding(
                f"text in {what}, read after the paragraph it is anchored to: screen readers "
                "may skip it, and it may show elsewhere on the page",
                at(self.display, index),
                suggestion="move the text into the body of the document",
            )
        )

    def _picture(self, found: etree._Element, index: int) -> WordPicture:
        """A picture from its DrawingML blip or VML imagedata."""
        alt, decorative, rel = _described(found)
        data, media_type = self.word.image(rel) or (b"", "")
        link = self.word.linked_images.get(found.get(REL_LINK, "") if not data else "")
        if not alt and not decorative:
            self.findings.append(
                IMAGE_ALT.finding(
                    "a picture has no alternative text: people who cannot see it miss what "
                    "it shows",
                    at(self.display, index),
                    suggestion="right-click it, choose View Alt Text and describe it, or "
                    "tick Mark as decorative",
                )
            )
        if link is not None:
            self.findings.append(
                LINKED_IMAGE.finding(
                    f"a picture is linked to {link!r}, outside the document: it is not "
                    "included (the pipeline never fetches files)",
                    at(self.display, index),
                    suggestion="in Word, File > Info > Edit Links to Files, and tick Save "
                    "picture in document",
                )
            )
        return WordPicture(alt, index, decorative, data, media_type, link)

    def _paragraph(self, p: etree._Element) -> Element:
        index = self.word.index[p]
        ppr = p.find(Tag.PPR)
        direct = props(ppr, None)
        style = self._style(p)
        runs = [*self._drop_cap, *self._runs(p, style, index)]
        self._drop_cap = []
        text = "".join(text for text, _bold, _size in runs)
        if not text.strip():
            return Empty(index, spacing=index not in self._hidden)
        spans = tuple(Span(text, bold) for text, bold, _size in runs)
        emphatic = self._emphatic(runs)
        title_style = self.styles.name(style) == "title"
        outline = first_set(direct.outline, self.styles.value(style, lambda s: s.outline))
        if title_style or (outline is not None and 0 <= outline < 9):
            level = 1 if title_style or outline is None else outline + 1
            return WordHeading(plain(clean(spans)), level, index, title_style)
        num_id = first_set(direct.num_id, self.styles.value(style, lambda s: s.num_id))
        ilvl = first_set(direct.ilvl, self.styles.value(style, lambda s: s.ilvl)) or 0
        numbered = self.numbering.get(num_id or 0, {}).get(ilvl)
        indent = first_set(
            direct.indent,
            None if numbered is None else numbered.indent,
            self.styles.value(style, lambda s: s.indent),
        )
        if num_id:  # numId 0 switches a style's numbering off
            label = self._label(num_id, ilvl)
            content = clean((Span(f"{label} "), *spans) if label else spans)
            step = None
            if label and numbered is not None and _plain_step(numbered, ilvl):
                step = Step(self._counts[num_id][ilvl], numbered.format, clean(spans))
            key = (ilvl, indent or 0)
            return Item(content, key, f"list {num_id}", index, step, emphatic)
        caption = self.styles.name(style) == "caption"
        return self._typed_item(spans, text, index, indent or 0, emphatic) or WordText(
            split_lines(spans), index, emphatic, caption
        )

    def _style(self, p: etree._Element) -> str | None:
        return child_val(p.find(Tag.PPR), "pStyle") or self.styles.default

    def _typed_item(
        self, spans: tuple[Span, ...], text: str, index: int, indent: int, emphatic: bool
    ) -> Item | None:
        if match := self._typed.match(text):
            bullet = match[0].strip()
            if any(char.isalnum() for char in bullet):  # "o": a letter standing for a bullet
                self.removed.append(Removed(bullet, "docx.typed-bullet", at(self.display, index)))
            content = clean(drop_chars(spans, match.end()))
            key = (0, indent + _lead(match["lead"]))
            return Item(content, key, "typed", index, emphatic=emphatic)
        if match := _MANUAL_NUMBER.match(text):
            number = match["number"]
            step = (
                Step(int(number), "decimal", clean(drop_chars(spans, match.end())))
                if number.isdigit()
                else Step(
                    ord(number) - ord("a") + 1, "lowerLetter", clean(drop_chars(spans, match.end()))
                )
            )
            key = (0, indent + _lead(match["lead"]))
            return Item(clean(spans), key, "manual", index, step, emphatic)
        return None

    def _emphatic(self, runs: list[tuple[str, bool, int]]) -> bool:
        shown = [(bold, size) for text, bold, size in runs if text.strip()]
        return all(bold for bold, _ in shown) or all(size > self._body_size for _, size in shown)

    def _runs(
        self, p: etree._Element, style: str | None, index: int
    ) -> list[tuple[str, bool, int]]:
        """(text, bold, size) of each run with text; hidden runs are removed and reported."""
        runs: list[tuple[str, bool, int]] = []
        hidden: list[str] = []
        for text, found in self._formatted(p, style):
            if found(lambda s: s.hidden):
                hidden.append(text)
                continue
            runs.append((text, found(lambda s: s.bold) or False, found(lambda s: s.size) or 0))
            if (lang := found(lambda s: s.lang)) and text.strip():
                self.languages[lang] += len(text.strip())
        if shown := " ".join("".join(hidden).split()):
            self._hidden.add(index)
            self.removed.append(Removed(shown, "docx.hidden-text", at(self.display, index)))
            self.findings.append(
                HIDDEN_TEXT.finding(
                    f"hidden text is not published: {shown!r}",
                    at(self.display, index),
                    suggestion="delete it, or unhide it (Font > Hidden) if families need it",
                )
            )
        return runs

    def _formatted(self, p: etree._Element, style: str | None) -> Iterator[tuple[str, RunFormat]]:
        for r in run_elements(p):
            if text := "".join(run_text(r)):
                rpr = r.find(Tag.RPR)
                yield (
                    text,
                    RunFormat(self.styles, props(None, rpr), child_val(rpr, "rStyle"), style),
                )

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

    def _table(self, tbl: etree._Element) -> Iterator[Element]:
        """A table as a Grid; a layout table (one column, no header) as its paragraphs."""
        rows = tables.rows(tbl)
        header_rows = tables.header_rows(rows, self._all_bold)
        cells = [cell for tr in rows for cell in tables.cells_of(tr)]
        if not cells:
            return
        first = self.word.index[next(tbl.iter(Tag.P))]
        if header_rows == 0 and all(len(tables.cells_of(tr)) <= 1 for tr in rows):
            self.findings.append(
                LAYOUT_TABLE.finding(
                    "a one-column table without a header row was read as paragraphs",
                    at(self.display, first),
                    suggestion="if it only lays text out, remove the table and keep the text",
                )
            )
            for tc in cells:
                yield from self.elements(tc)
            return
        cell_paragraphs = [p for tc in cells for p in tc.iter(Tag.P) if not in_fallback(p)]
        grid = tuple(
            tuple(
                GridCell(self._cell(tc), self.word.index[next(tc.iter(Tag.P))], columns, spanned)
                for tc, columns, spanned in tables.spanning(tr, rows[number + 1 :])
            )
            for number, tr in enumerate(rows)
        )
        title = " ".join((child_val(tbl.find(Tag.TBL_PR), "tblCaption") or "").split())
        named = tables.row_headers(rows[header_rows:], self._all_bold)
        yield Grid(grid, first, header_rows, (Span(title),) if title else (), named)
        for p in cell_paragraphs:  # a cell holds text only: its pictures follow the table
            for found in _anchored(p):
                if found.tag == Tag.TEXT_BOX:
                    self._report_box(self.word.index[p], "a text box or shape in a table cell")
                else:
                    yield self._picture(found, self.word.index[p])

    def _all_bold(self, element: etree._Element) -> bool:
        """Whether every word a row or cell shows is bold (hidden text aside)."""
        shown = [
            found
            for p in element.iter(Tag.P)
            for text, found in self._formatted(p, self._style(p))
            if text.strip() and not found(lambda s: s.hidden)
        ]
        return bool(shown) and all(found(lambda s: s.bold) for found in shown)

    def _cell(self, tc: etree._Element) -> Inlines:
        paragraphs = [
            tuple(
                Span(text, bold)
                for text, bold, _ in self._runs(p, self._style(p), self.word.index[p])
            )
            for p in tc.iter(Tag.P)
            if not in_fallback(p)
        ]
        return clean(join(paragraphs, Span(" ")))


def _anchored(p: etree._Element) -> Iterator[etree._Element]:
    """The text boxes, pictures and note references paragraph `p` holds itself, in order
    (not the VML copies, nor those in a box's own paragraphs)."""
    for found in p.iter(
        Tag.TEXT_BOX, Tag.BLIP, Tag.IMAGE_DATA, Tag.FOOTNOTE_REF, Tag.ENDNOTE_REF, Tag.DIAGRAM_IDS
    ):
        if in_fallback(found) or next(found.iterancestors(Tag.P), None) is not p:
            continue
        yield found


def _described(found: etree._Element) -> tuple[str, bool, str]:
    """A picture's alternative text, whether it is marked decorative, and the relationship
    naming its bytes: DrawingML keeps them on the drawing's docPr, VML on the shape."""
    if found.tag == Tag.BLIP:
        holder = next(found.iterancestors(Tag.DRAWING), None)
        doc_pr = None if holder is None else next(holder.iter(Tag.DOC_PR), None)
        alt = "" if doc_pr is None else (doc_pr.get("descr") or "")
        decorative = doc_pr is not None and any(
            mark.get("val", "1").lower() in ("1", "true") for mark in doc_pr.iter(Tag.DECORATIVE)
        )
        return " ".join(alt.split()), decorative, found.get(REL_EMBED, "")
    shape = found.getparent()
    alt = "" if shape is None else (shape.get("alt") or "")
    return " ".join(alt.split()), False, found.get(REL_ID, "")


def _plain_step(level: Level, ilvl: int) -> bool:
    """Whether a level shows its own number only, in the format the model numbers that
    depth in: "%1." or "%1)" in decimal at the top, "%2." in lowerLetter below…"""
    own = f"%{ilvl + 1}"
    return level.format == level_format(ilvl) and level.text in (f"{own}.", f"{own})")


def _typed_bullet_pattern(settings: TextReaderConfig) -> re.Pattern[str]:
    bullets = dict.fromkeys((*settings.bullets, *EXTRA_BULLETS))
    alternatives = "|".join(
        re.escape(char) + (r"\s+" if char in _SPACED_BULLETS or char.isascii() else r"\s*")
        for char in bullets
    )
    return re.compile(rf"(?P<lead>[ \t]*)(?:{alternatives})(?=\S)")


def _lead(whitespace: str) -> int:
    return whitespace.count("\t") * _TAB + whitespace.count(" ") * _SPACE
