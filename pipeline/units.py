"""The document's text as units checks can walk: title, headings, paragraphs, list items.

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
    ListItem,
    Location,
    NumberedList,
    Paragraph,
    Section,
    plain,
)


class Kind(enum.Enum):
    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"


@dataclass(frozen=True)
class TextUnit:
    kind: Kind
    text: str
    loc: Location
    #: The section the unit belongs to; None for the title.
    section: Section | None

    def at(self, offset: int) -> Location:
        """The location of the character at `offset` in `text` (exact for one-line units)."""
        return Location(self.loc.path, self.loc.line, self.loc.col + offset)


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
                yield TextUnit(Kind.PARAGRAPH, plain(block.content), block.loc, section)
            case BulletList() | NumberedList():
                yield from _items(block.items, section)
            case _:
                assert_never(block)


def _items(items: tuple[ListItem, ...], section: Section) -> Iterator[TextUnit]:
    for item in items:
        yield TextUnit(Kind.ITEM, plain(item.content), item.loc, section)
        yield from _items(item.children, section)
