"""An untagged PDF read by how its lines look: headings by size and weight, lists by
bullet glyphs, numbers and hanging indents, paragraphs by the space between lines.

- The body size is the size most letters have. Lines clearly larger are headings, ranked
  by size (the largest is level 1, the title); a bold line of body size standing alone
  (not ending like a sentence, at most `max_heading_words` words) is a heading below them
  — so "4. Risks of a vaccine reaction" in bold is a heading, not a one-item list.
- A line starting with a bullet glyph (•, ▪, ◦, a dash, a Symbol or Wingdings bullet) starts a
  bullet item; "3." or "3)" a numbered step; lines indented past the glyph continue the
  item (a hanging indent); an item indented further than its list's first one is nested.
- Other lines join the paragraph above unless the space between them is larger than the
  line spacing, the line above was short and ended a sentence, or it was a short line
  without end punctuation before a capitalised line ("Keep the cast dry" / "Cover …").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from pipeline.config import TextReaderConfig
from pipeline.model import Cell, ListItem, Location, Table, item_list
from pipeline.readers.markup import Heading, Piece, Text
from pipeline.readers.pdf.layout import PdfLine, PdfWord
from pipeline.readers.pdf.pieces import content, is_bullet, whole
from pipeline.readers.text import SENTENCE_END

_NUMBERED = re.compile(r"(\d{1,2})[.)]")
#: How much larger than the body a heading's letters are.
_LARGER = 1.15
#: Lines further apart than this many line spacings are in different blocks.
_PARAGRAPH_GAP = 1.3


@dataclass(frozen=True)
class _Kind:
    #: "heading", "bullet", "number" or "text".
    name: str
    level: int = 0
    start: int = 0


def read(lines: Sequence[PdfLine], display: str, settings: TextReaderConfig) -> list[Piece]:
    if not lines:
        return []
    page = _Page(lines)
    kinds = [page.kind(index, settings) for index in range(len(lines))]
    return list(_pieces(lines, kinds, page, display))


class _Page:
    """What the lines of a file have in common: the body size and the line spacing."""

    def __init__(self, lines: Sequence[PdfLine]) -> None:
        self.lines = lines
        self.body = _most_common((line.size, len(line.text)) for line in lines)
        self.larger = sorted(
            {ln.size for ln in lines if ln.size >= self.body * _LARGER}, reverse=True
        )
        steps = (
            (round(below.top - above.top), 1)
            for above, below in pairwise(lines)
            if above.page == below.page and above.size == below.size == self.body
            and below.top > above.top
        )  # fmt: skip
        self.leading = _most_common(steps, default=self.body * 1.2)

    def gap(self, above: PdfLine, below: PdfLine) -> float:
        """0 for the next line of the same block, 1 after extra space (a new block), -1
        across pages or columns, where space says nothing."""
        if below.page != above.page or below.top < above.top:
            return -1.0
        return 1.0 if below.top - above.top > self.leading * _PARAGRAPH_GAP else 0.0

    def kind(self, index: int, settings: TextReaderConfig) -> _Kind:
        lines = self.lines
        line = lines[index]
        if line.cells:
            return _Kind("table")
        text = line.text
        number = _NUMBERED.fullmatch(line.words[0].text)
        rest = line.words[1:] if number else line.words
        brief = len(text.split()) <= settings.max_heading_words
        short = brief and not text.endswith((".", ",", ";", ":"))
        above = lines[index - 1] if index else None
        below = lines[index + 1] if index + 1 < len(lines) else None
        continued = (
            above is not None
            and self.gap(above, line) == 0
            and not above.text.endswith(SENTENCE_END)
        )
        standalone = (
            not continued
            and (below is None or not below.text[:1].islower())
            and (below is None or self.gap(line, below) != 0 or _size(rest) != below.size
                 or not all(w.bold for w in below.words))
        )  # fmt: skip
        if standalone and rest:
            if brief and _size(rest) in self.larger:  # a title may end "Vaccine:"
                return _Kind("heading", min(self.larger.index(_size(rest)) + 1, 6))
            if short and all(word.bold for word in rest):
                return _Kind("heading", min(len(self.larger) + 1, 6))
        first = line.words[0].text
        if is_bullet(first):
            return _Kind("bullet")
        if number:
            return _Kind("number", start=int(number.group(1)))
        return _Kind("text")


def _size(words: Sequence[PdfWord]) -> float:
    return _most_common((round(w.size * 2) / 2, len(w.text)) for w in words) if words else 0.0


def _most_common(weighted: Iterable[tuple[float, int]], default: float = 0.0) -> float:
    counts: Counter[float] = Counter()
    for value, weight in weighted:
        counts[value] += weight
    return max(counts, key=lambda v: (counts[v], v)) if counts else default


def _pieces(
    lines: Sequence[PdfLine], kinds: Sequence[_Kind], page: _Page, display: str
) -> Iterator[Piece]:
    index = 0
    while index < len(lines):
        line, kind = lines[index], kinds[index]
        end = index + 1
        if kind.name == "heading":
            while (
                end < len(lines)
                and kinds[end] == kind
                and lines[end].size == line.size
                and lines[end].page == lines[end - 1].page
                and 0 < lines[end].top - lines[end - 1].top <= line.size * 1.6
                and len(" ".join(x.text for x in lines[index : end + 1]).split()) <= 20
            ):
                end += 1
            text = " ".join(item.text for item in lines[index:end])
            yield Heading(text, kind.level, Location(display, line.number))
        elif kind.name == "table":
            yield _table(line, display)
        elif kind.name in {"bullet", "number"}:
            end = _list_end(lines, kinds, page, index)
            items = tuple(_items(lines[index:end], kinds[index:end], display))
            if items:
                start = kind.start if kind.name == "number" else None
                yield item_list(items, items[0].loc, start)
        else:
            while end < len(lines) and kinds[end].name == "text" and _continues(page, end):
                end += 1
            if joined := whole(lines[index:end]):
                yield Text(joined, Location(display, line.number))
        index = end


def _table(line: PdfLine, display: str) -> Table:
    """A ruled table; its first row names the columns when it is set in bold."""
    loc = Location(display, line.number)
    rows = tuple(tuple(Cell(content(words), loc) for words in row) for row in line.cells)
    first = [word for cell in line.cells[0] for word in cell]
    header = bool(first) and all(word.bold for word in first)
    return Table(rows, loc, header_rows=int(header))


def _continues(page: _Page, index: int) -> bool:
    """Whether line `index` goes on with the paragraph of the line above."""
    above, line = page.lines[index - 1], page.lines[index]
    gap = page.gap(above, line)
    ended = above.text.endswith(SENTENCE_END)
    if gap != 0:  # more space, or a new page or column: goes on only mid-sentence
        return gap < 0 and not ended
    right = max(
        (
            other.words[-1].x1
            for other in page.lines
            if other.page == above.page and abs(other.x0 - above.x0) < 20
        ),
        default=above.words[-1].x1,
    )
    short = above.words[-1].x1 < above.x0 + (right - above.x0) * 0.8
    return not (short and (ended or line.text[:1].isupper()))


def _list_end(lines: Sequence[PdfLine], kinds: Sequence[_Kind], page: _Page, index: int) -> int:
    """Where the list starting at `index` ends: at a heading, at an item of the other kind
    at its indent, or at text that is not indented past the first item's glyph."""
    marker = kinds[index].name
    left = lines[index].x0
    end = index + 1
    while end < len(lines):
        kind, line = kinds[end], lines[end]
        if kind.name == "heading":
            break
        if kind.name in {"bullet", "number"} and kind.name != marker and line.x0 <= left + 2:
            break
        if kind.name == "text" and (line.x0 <= left + 2 or page.gap(lines[end - 1], line) > 0):
            break
        end += 1
    return end


def _items(lines: Sequence[PdfLine], kinds: Sequence[_Kind], display: str) -> Iterator[ListItem]:
    """Items at the list's indent; deeper items and lines are their children and text."""
    left = lines[0].x0
    index = 0
    while index < len(lines):
        end = index + 1
        while end < len(lines) and kinds[end].name == "text":
            end += 1
        words = [*_after_marker(lines[index])]
        words += [word for line in lines[index + 1 : end] for word in line.words]
        deeper = end
        while deeper < len(lines) and lines[deeper].x0 > left + 6:
            deeper += 1
        nested = lines[end:deeper], kinds[end:deeper]
        children = tuple(_items(*nested, display)) if deeper > end else ()
        if words:
            yield ListItem(content(words), Location(display, lines[index].number), children)
        else:
            yield from children
        index = deeper


def _after_marker(line: PdfLine) -> tuple[PdfWord, ...]:
    """An item line's words after its bullet glyph or number."""
    first, *rest = line.words
    if len(first.text) == 1 or _NUMBERED.fullmatch(first.text):
        return tuple(rest)
    return (replace(first, text=first.text[1:]), *rest)
