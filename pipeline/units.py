"""The document's text as units checks can walk: title, headings, paragraphs, list items,
table captions and cells, and pictures' alternative text.

Each unit keeps its location and kind, so readability can count a heading or a list
item as a sentence of its own and spelling can point at the line of a word.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass
from typing import assert_never

from pipeline.model import (
    BulletList,
    Document,
    Image,
    Inlines,
    ListItem,
    Location,
    NumberedList,
    Paragraph,
    Section,
    Table,
    plain,
)


class Kind(enum.Enum):
    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"
    CAPTION = "caption"
    CELL = "cell"
    #: A picture's alternative text: screen readers read it, translators translate it.
    ALT = "alt"


@dataclass(frozen=True)
class TextUnit:
    kind: Kind
    text: str
    loc: Location
    #: The section the unit belongs to; None for the title.
    section: Section | None
    #: (start, end, language) of passages in another language (`pipeline.langid`), which
    #: the English checks leave out.
    passages: tuple[tuple[int, int, str], ...] = ()
    #: (start, end, target) of links' texts (`Span.link`).
    links: tuple[tuple[int, int, str], ...] = ()

    def home_text(self) -> str:
        """The text with passages in another language blanked out (offsets unchanged)."""
        text = self.text
        for start, end, _ in self.passages:
            text = text[:start] + " " * (end - start) + text[end:]
        return text

    def at(self, offset: int) -> Location:
        """The location of the character at `offset` in `text` (exact for one-line units)."""
        loc = self.loc  # made directly: `replace` costs several times more, once a sentence
        return Location(loc.path, loc.line, loc.col + offset, loc.unit, loc.page)


def units(document: Document) -> Iterator[TextUnit]:
    yield from title_units(document)
    for section in document.sections:
        yield from section_units(section)


def title_units(document: Document) -> tuple[TextUnit, ...]:
    """The title as a unit, if the document has one."""
    meta = document.meta
    return () if meta.title is None else (TextUnit(Kind.TITLE, meta.title, meta.loc, None),)


def section_units(section: Section) -> Iterator[TextUnit]:
    if section.heading is not None:
        yield TextUnit(Kind.HEADING, section.heading, section.loc, section)
    for block in section.blocks:
        match block:
            case Paragraph():
                yield _unit(Kind.PARAGRAPH, block.content, block.loc, section)
            case BulletList() | NumberedList():
                yield from _items(block.items, section)
            case Table():
                if block.caption:
                    yield _unit(Kind.CAPTION, block.caption, block.loc, section)
                for row in block.rows:
                    for cell in row:
                        yield _unit(Kind.CELL, cell.content, cell.loc, section)
            case Image():
                if block.alt and not block.decorative:
                    yield TextUnit(Kind.ALT, block.alt, block.loc, section)
            case _:
                assert_never(block)


def _items(items: tuple[ListItem, ...], section: Section) -> Iterator[TextUnit]:
    for item in items:
        yield _unit(Kind.ITEM, item.content, item.loc, section)
        yield from _items(item.children, section)


def _unit(kind: Kind, content: Inlines, loc: Location, section: Section) -> TextUnit:
    """A unit of some inlines, with the passages their spans mark as another language and
    the links' texts."""
    if len(content) == 1:  # most units: one span, nothing to join
        span = content[0]
        end = len(span.text)
        marked = ((0, end, span.lang),) if span.lang is not None else ()
        linked = ((0, end, span.link),) if span.link is not None else ()
        return TextUnit(kind, span.text, loc, section, marked, linked)
    passages = []
    links = []
    offset = 0
    for span in content:
        end = offset + len(span.text)
        if span.lang is not None:
            passages.append((offset, end, span.lang))
        if span.link is not None:
            links.append((offset, end, span.link))
        offset = end
    return TextUnit(kind, plain(content), loc, section, tuple(passages), tuple(links))
