"""Make safety phrases such as "call 911" strong wherever a sheet uses them.

Readers of formats without emphasis (plain text) cannot know which words must stand
out; the urgent phrases in configuration say so once for every format.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import assert_never

from pipeline.config import Config
from pipeline.model import (
    Block,
    BulletList,
    Document,
    Image,
    Inlines,
    ListItem,
    NumberedList,
    Paragraph,
    Span,
    Table,
)


def mark_urgent(document: Document, config: Config) -> Document:
    pattern = config.urgent_pattern()
    if pattern is None:
        return document
    sections = tuple(
        replace(section, blocks=tuple(_block(block, pattern) for block in section.blocks))
        for section in document.sections
    )
    return replace(document, sections=sections)


def _block(block: Block, pattern: re.Pattern[str]) -> Block:
    match block:
        case Paragraph():
            content = split(block.content, pattern)
            return block if content == block.content else replace(block, content=content)
        case BulletList() | NumberedList():
            items = tuple(_item(item, pattern) for item in block.items)
            return block if items == block.items else replace(block, items=items)
        case Table():
            rows = tuple(
                tuple(replace(cell, content=split(cell.content, pattern)) for cell in row)
                for row in block.rows
            )
            return block if rows == block.rows else replace(block, rows=rows)
        case Image():
            return block
        case _:
            assert_never(block)


def _item(item: ListItem, pattern: re.Pattern[str]) -> ListItem:
    content = split(item.content, pattern)
    children = tuple(_item(child, pattern) for child in item.children)
    if content == item.content and children == item.children:
        return item  # most items have nothing urgent: no copy
    return replace(item, content=content, children=children)


def split(content: Inlines, pattern: re.Pattern[str]) -> Inlines:
    """Split plain spans around matches of `pattern`, which become strong spans."""
    if not any(not span.strong and pattern.search(span.text) for span in content):
        return content
    pieces: list[Span] = []
    for span in content:
        if span.strong:
            pieces.append(span)
            continue
        position = 0
        for match in pattern.finditer(span.text):
            pieces.append(Span(span.text[position : match.start()]))
            pieces.append(Span(match.group(), strong=True))
            position = match.end()
        pieces.append(Span(span.text[position:]))
    return normalise(pieces)


def normalise(pieces: list[Span]) -> Inlines:
    """Drop empty spans and merge neighbours with the same emphasis."""
    merged: list[Span] = []
    for span in pieces:
        if not span.text:
            continue
        if merged and merged[-1].strong == span.strong:
            merged[-1] = Span(merged[-1].text + span.text, span.strong)
        else:
            merged.append(span)
    return tuple(merged)
