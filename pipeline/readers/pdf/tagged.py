"""A tagged PDF read by its structure tree: headings, paragraphs, lists and tables are what
its author (or the program that exported it) said they are, in the tree's reading order.

Each leaf of the tree names the marked content (page, mcid) it holds; words in no leaf are
the PDF's artifacts — running heads, page numbers, decoration — and are listed as removed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.fidelity import Removed
from pipeline.model import (
    BulletList,
    Cell,
    Finding,
    Image,
    ListItem,
    Location,
    Span,
    Table,
    item_list,
)
from pipeline.readers.markup import Heading, Piece, Text, collapse
from pipeline.readers.pdf.layout import PdfLine, PdfPicture, PdfWord
from pipeline.readers.pdf.pieces import content, is_bullet, text_lines
from pipeline.readers.pdf.problems import NO_ALT, PICTURE

Node = dict[str, Any]
_HEADINGS = {f"H{level}": level for level in range(1, 7)} | {"H": 2, "Title": 1}
#: Elements that hold blocks; an element holding none of these is one block of text.
_BLOCKS = {*_HEADINGS, "P", "L", "LI", "Table", "Figure", "Sect", "Div", "Part", "Art",
           "BlockQuote", "Caption", "Note", "TOC", "TOCI", "Document"}  # fmt: skip
_ORDERED = {"Decimal", "UpperRoman", "LowerRoman", "UpperAlpha", "LowerAlpha"}
_NUMBER_LABEL = re.compile(r"\(?(\d{1,3})[.)]?")
#: Letters this much larger than the body's, in a short paragraph before any heading: a title.
_LARGER = 1.15
_TITLE_WORDS = 14
_NONE = PdfPicture(0, 0.0, 0.0, None, b"")


@dataclass
class Tagged:
    """The pieces a structure tree gives, and the words it leaves out."""

    pieces: list[Piece] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def covered(structure: Sequence[Node], lines: Sequence[PdfLine]) -> float:
    """The share of the pages' words the tree holds: a tree that holds few is not trusted."""
    keys = set(_keys(structure))
    words = [word for line in lines for word in line.words]
    return sum((word.page, word.mcid) in keys for word in words) / max(len(words), 1)


def read(
    structure: Sequence[Node],
    lines: Sequence[PdfLine],
    display: str,
    pictures: Sequence[PdfPicture] = (),
) -> Tagged:
    placed: dict[tuple[int, int | None], list[tuple[int, PdfWord]]] = defaultdict(list)
    for line in lines:
        for word in line.words:
            placed[(word.page, word.mcid)].append((line.number, word))
    reader = _TreeReader(placed, display, _body_size(lines))
    reader.pictures = {(p.page, p.mcid): p for p in pictures if p.mcid is not None}
    result = Tagged()
    for node in structure:
        result.pieces += reader.blocks(node)
    result.pieces = list(_typed_structure(result.pieces))
    used = set(_keys(structure))
    for line in lines:
        left = [word for word in line.words if (word.page, word.mcid) not in used]
        if left:
            text = " ".join(word.text for word in left)
            result.removed.append(Removed(text, "pdf.artifact", Location(display, line.number)))
    result.findings += reader.findings
    return result


def _keys(nodes: Sequence[Node]) -> Iterator[tuple[int, int | None]]:
    for node in nodes:
        page = int(node.get("page_number") or 0)
        for mcid in node.get("mcids") or ():
            yield (page, mcid)
        yield from _keys(node.get("children") or ())


class _TreeReader:
    def __init__(
        self,
        placed: dict[tuple[int, int | None], list[tuple[int, PdfWord]]],
        display: str,
        body: float,
    ) -> None:
        self.placed = placed
        self.display = display
        self.body = body
        self.headings = 0
        self.pictures: dict[tuple[int, int | None], PdfPicture] = {}
        self.findings: list[Finding] = []

    def words(self, node: Node) -> list[tuple[int, PdfWord]]:
        return [placed for key in _keys([node]) for placed in self.placed.get(key, ())]

    def lines(self, node: Node) -> tuple[Any, ...]:
        by_line: dict[int, list[PdfWord]] = defaultdict(list)
        for number, word in self.words(node):
            by_line[number].append(word)
        return text_lines(by_line.items())

    def at(self, node: Node) -> Location:
        words = self.words(node)
        return Location(self.display, words[0][0] if words else 1)

    def blocks(self, node: Node) -> Iterator[Piece]:
        kind = node.get("type", "")
        children = node.get("children") or ()
        if kind in _HEADINGS:
            if text := " ".join(word.text for _, word in self.words(node)):
                self.headings += 1
                yield Heading(text, _HEADINGS[kind], self.at(node))
        elif kind == "L":
            if items := tuple(self.items(node)):
                yield item_list(items, items[0].loc, self.start(node))
        elif kind == "Table":
            if table := self.table(node):
                yield table
        elif kind == "Figure":
            yield from self.figure(node)
        elif any(child.get("type") in _BLOCKS for child in children):
            for child in children:
                yield from self.blocks(child)
        elif self.is_title(node):
            self.headings += 1
            yield Heading(" ".join(w.text for _, w in self.words(node)), 1, self.at(node))
        elif lines := self.lines(node):
            yield Text(lines, self.at(node))

    def figure(self, node: Node) -> Iterator[Piece]:
        """The picture with its alternative text, then any text the figure holds."""
        alt = " ".join(str(node.get("alt_text") or "").split())
        found = [self.pictures[key] for key in _keys([node]) if self.pictures.get(key, _NONE).png]
        loc = self.at(node)
        if not found:
            missing = f"a picture ({alt or 'no alt text'}) is not carried over"
            self.findings.append(PICTURE.finding(missing, loc))
        for picture in found:
            if not alt:
                self.findings.append(NO_ALT.finding("a picture has no alt text", loc))
            yield Image(alt, loc, data=picture.png, media_type="image/png")
        if lines := self.lines(node):
            yield Text(lines, loc)

    def is_title(self, node: Node) -> bool:
        """A short paragraph in large letters before any heading: the title, which Word's
        Title style exports as a paragraph."""
        words = [word for _, word in self.words(node)]
        large = all(word.size >= self.body * _LARGER for word in words)
        return not self.headings and bool(words) and large and len(words) <= _TITLE_WORDS

    def items(self, node: Node) -> Iterator[ListItem]:
        for child in node.get("children") or ():
            if child.get("type") != "LI":
                continue
            body = [c for c in child.get("children") or () if c.get("type") != "Lbl"]
            nested = [n for c in body for n in _lists(c)]
            inner = {id(word) for n in nested for _, word in self.words(n)}
            words = [w for c in body for _, w in self.words(c) if id(w) not in inner]
            if words and len(words[0].text) == 1 and is_bullet(words[0].text):
                words = words[1:]  # the glyph, when the label does not hold it
            children = tuple(item for n in nested for item in self.items(n))
            if words:
                yield ListItem(content(words), self.at(child), children)
            else:
                yield from children

    def start(self, node: Node) -> int | None:
        numbering = (node.get("attributes") or {}).get("ListNumbering")
        for child in node.get("children") or ():
            for label in child.get("children") or ():
                if label.get("type") == "Lbl":
                    text = " ".join(word.text for _, word in self.words(label))
                    if match := _NUMBER_LABEL.fullmatch(text.strip()):
                        return int(match.group(1))
                    return 1 if numbering in _ORDERED else None
        return 1 if numbering in _ORDERED else None

    def table(self, node: Node) -> Table | None:
        rows: list[tuple[Cell, ...]] = []
        headers = 0
        for row in _descendants(node, "TR"):
            cells = [c for c in row.get("children") or () if c.get("type") in {"TH", "TD"}]
            rows.append(
                tuple(Cell(content(w for _, w in self.words(c)), self.at(c)) for c in cells)
            )
            if cells and all(c.get("type") == "TH" for c in cells) and headers == len(rows) - 1:
                headers += 1
        if not rows:
            return None
        return Table(tuple(rows), self.at(node), header_rows=headers)


def _lists(node: Node) -> list[Node]:
    if node.get("type") == "L":
        return [node]
    return [found for child in node.get("children") or () for found in _lists(child)]


def _body_size(lines: Sequence[PdfLine]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        for word in line.words:
            sizes[round(word.size * 2) / 2] += len(word.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _typed_structure(pieces: Sequence[Piece]) -> Iterator[Piece]:
    """What an author typed instead of tagging: paragraphs starting with a typed bullet
    ("• chest pain") are a list; a short bold paragraph alone is a heading."""
    level = max((p.level for p in pieces if isinstance(p, Heading)), default=1)
    items: list[ListItem] = []
    for piece in pieces:
        bullet = isinstance(piece, Text) and _typed_item(piece)
        if bullet:
            items.append(bullet)
            continue
        if items:
            yield BulletList(tuple(items), items[0].loc)
            items = []
        if isinstance(piece, Text) and _bold_line(piece):
            yield Heading(piece.lines[0].text, level, piece.loc)
        else:
            yield piece
    if items:
        yield BulletList(tuple(items), items[0].loc)


def _typed_item(piece: Text) -> ListItem | None:
    text = " ".join(line.text for line in piece.lines)
    glyph, _, rest = text.partition(" ")
    if len(glyph) != 1 or not is_bullet(glyph) or not rest:
        return None
    spans = [span for line in piece.lines for span in (Span(" "), *line.content)]
    content = collapse(spans)
    first = content[0]
    trimmed = (Span(first.text[1:].lstrip(), first.strong), *content[1:])
    return ListItem(collapse(trimmed), piece.loc)


def _bold_line(piece: Text) -> bool:
    (line, *more) = piece.lines
    text = line.text
    return (
        not more
        and all(span.strong or not span.text.strip() for span in line.content)
        and len(text.split()) <= _TITLE_WORDS
        and not text.endswith((".", ",", ";", ":"))
    )


def _descendants(node: Node, kind: str) -> Iterator[Node]:
    for child in node.get("children") or ():
        if child.get("type") == kind:
            yield child
        elif child.get("type") != "Table":
            yield from _descendants(child, kind)
