"""Mark safety phrases such as "call 911", and the sentence holding them, as urgent.

Readers of formats without emphasis (plain text) cannot know which words must stand
out, and bold in a Word or web source says no more than "bold"; the urgent phrases in
configuration say so once for every format. The phrase becomes strong and urgent, the
rest of its sentence urgent, so writers can set the instruction apart from ordinary bold
("weight") without losing the source's own bold.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
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
    Section,
    Span,
    Table,
)


def mark_urgent(document: Document, config: Config) -> Document:
    pattern = config.urgent_pattern()
    if pattern is None:
        return document
    sections = tuple(_section(section, pattern) for section in document.sections)
    return document if sections == document.sections else replace(document, sections=sections)


def _section(section: Section, pattern: re.Pattern[str]) -> Section:
    blocks = tuple(_block(block, pattern) for block in section.blocks)
    return section if blocks == section.blocks else replace(section, blocks=blocks)


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
    """Mark matches of `pattern` strong and urgent, and the rest of their sentences urgent,
    across span boundaries; the source's own bold stays as it was. Linear in the text
    (times a logarithm) however many matches it holds."""
    text = content[0].text if len(content) == 1 else "".join(span.text for span in content)
    if not pattern.search(text):
        return content  # nearly every block: nothing urgent, nothing copied
    phrases = _merged((match.start(), match.end()) for match in pattern.finditer(text))
    ends = list(_END.finditer(text))
    after = [match.end() for match in ends]  # where the next sentence may start
    closes = [match.start() if match.group() == "\n" else match.end() for match in ends]
    sentences = _merged(_sentence(text, after, closes, start, end) for start, end in phrases)
    cuts = sorted({edge for pair in phrases + sentences for edge in pair})
    pieces: list[Span] = []
    position = 0
    in_phrase, in_sentence = _Cursor(phrases), _Cursor(sentences)
    for span in content:
        end = position + len(span.text)
        inner = cuts[bisect.bisect_right(cuts, position) : bisect.bisect_left(cuts, end)]
        for left, right in zip([position, *inner], [*inner, end], strict=True):
            pieces.append(
                Span(
                    text[left:right],
                    strong=in_phrase.at(left) or span.strong,
                    urgent=in_sentence.at(left) or span.urgent,
                    link=span.link,
                )
            )
        position = end
    return normalise(pieces)


#: Where a sentence ends: its closing punctuation (and any closing quote or bracket), or
#: a line break.
_END = re.compile("[.!?][\"'\u201d\u2019)\\]]*(?=\\s|$)|\n")


def _sentence(
    text: str, after: list[int], closes: list[int], start: int, end: int
) -> tuple[int, int]:
    """The sentence around text[start:end], without the spaces before it: from the last
    sentence end before `start` to the first one after `end`."""
    previous = bisect.bisect_right(after, start)
    first = after[previous - 1] if previous else 0
    while first < start and text[first].isspace():
        first += 1
    following = bisect.bisect_left(after, end + 1)
    return first, closes[following] if following < len(closes) else len(text)


def _merged(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, overlapping ranges joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


class _Cursor:
    """Whether positions, asked in increasing order, lie in sorted, disjoint ranges."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self._ranges = ranges
        self._index = 0

    def at(self, position: int) -> bool:
        while self._index < len(self._ranges) and self._ranges[self._index][1] <= position:
            self._index += 1
        return self._index < len(self._ranges) and self._ranges[self._index][0] <= position


def normalise(pieces: list[Span]) -> Inlines:
    """Drop empty spans and merge neighbours with the same emphasis."""
    merged: list[Span] = []
    for span in pieces:
        if not span.text:
            continue
        last = merged[-1] if merged else None
        if last and (last.strong, last.urgent, last.link) == (span.strong, span.urgent, span.link):
            merged[-1] = Span(last.text + span.text, span.strong, span.urgent, link=span.link)
        else:
            merged.append(span)
    return tuple(merged)
