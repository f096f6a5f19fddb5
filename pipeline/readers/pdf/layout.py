"""What a PDF's pages show: words with their font, size and place, in reading order.

pdfplumber (on pdfminer.six, both MIT) gives every word its font name, size and box and,
in a tagged PDF, the marked-content id that ties it to the structure tree. Lines are the
words of one page that share a baseline; a page whose lines leave a vertical gutter near
its middle is read as two columns, left then right, between the full-width lines.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import SourceError
from pipeline.readers.pdf import parse

#: Larger than a patient-education sheet is; such a file is refused unread.
MAX_BYTES = 30_000_000
#: Font names of bold faces: "Arial-BoldMT", "Frutiger-Black", "NHaasGroteskDSPro-75Bd".
_BOLD = re.compile(r"bold|black|heavy|demi|bd\b", re.I)
#: Where a column gutter may lie, as fractions of the page width.
_GUTTER = (0.3, 0.7)


@dataclass(frozen=True)
class PdfWord:
    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    #: Marked-content id on its page (tagged PDFs), tying it to the structure tree.
    mcid: int | None


@dataclass(frozen=True)
class PdfLine:
    """Words of one page on one baseline (one column's part of it), left to right."""

    words: tuple[PdfWord, ...]
    #: 1-based number in reading order over the whole file: what findings point at.
    number: int
    page_height: float
    #: A table drawn with ruling lines, taken as one line: its rows of cells of words.
    cells: tuple[tuple[tuple[PdfWord, ...], ...], ...] = ()

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def page(self) -> int:
        return self.words[0].page

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def top(self) -> float:
        return min(word.top for word in self.words)

    @property
    def bottom(self) -> float:
        return max(word.bottom for word in self.words)

    @property
    def size(self) -> float:
        """The size most of its letters have."""
        weights: dict[float, int] = {}
        for word in self.words:
            key = round(word.size * 2) / 2
            weights[key] = weights.get(key, 0) + len(word.text)
        return max(weights, key=lambda size: (weights[size], size))

    @property
    def bold(self) -> bool:
        return all(word.bold for word in self.words)


@dataclass(frozen=True)
class PdfPicture:
    """A picture as the page shows it, rendered to PNG."""

    page: int
    top: float
    x0: float
    mcid: int | None
    png: bytes


@dataclass(frozen=True)
class Pages:
    """Every page's lines in reading order, and the file's structure tree if tagged."""

    lines: tuple[PdfLine, ...]
    pages: int
    structure: tuple[dict[str, Any], ...]
    metadata: dict[str, Any]
    pictures: tuple[PdfPicture, ...] = ()
    #: Pictures beyond the number rendered per file.
    pictures_skipped: int = 0


def extract(path: Path, display: str) -> Pages:
    """The file's lines; SourceError for a file that is not a readable PDF with text."""
    if path.stat().st_size > MAX_BYTES:
        raise SourceError(display, f"is larger than {MAX_BYTES // 1_000_000} MB: not a sheet")
    try:
        parsed = parse.isolated(path)
    except parse.ParseError as error:
        raise SourceError(display, str(error)) from None
    pages = parsed["pages"]
    words = [list(_words(page["words"], number)) for number, page in enumerate(pages, 1)]
    if not any(words):
        raise SourceError(
            display, "this PDF has no text layer (a scan?): it needs OCR before it can be read"
        )
    lines: list[PdfLine] = []
    for page_words, page in zip(words, pages, strict=True):
        grids = [grid for grid in page.get("tables", ()) if _is_table(grid)]
        rest, tables = _take_tables(page_words, grids)
        for row, cells in _with_tables(_reading_order(rest, page["width"]), tables):
            lines.append(PdfLine(tuple(row), len(lines) + 1, page["height"], cells))
    pictures = tuple(
        PdfPicture(number, p["top"], p["x0"], p["mcid"], base64.b64decode(p["png"]))
        for number, page in enumerate(pages, 1)
        for p in page.get("pictures", ())
    )
    structure = tuple(parsed["structure"])
    skipped = int(parsed.get("pictures_skipped", 0))
    return Pages(tuple(lines), len(pages), structure, parsed["metadata"], pictures, skipped)


Cells = tuple[tuple[tuple[PdfWord, ...], ...], ...]
Box = list[float]


def _is_table(grid: list[list[Box | None]]) -> bool:
    """Ruling lines that make a table: two rows and two columns at least (one column of
    boxes is a frame around text, read as text)."""
    return len(grid) >= 2 and max(len(row) for row in grid) >= 2


def _take_tables(
    words: Sequence[PdfWord], grids: Sequence[list[list[Box | None]]]
) -> tuple[list[PdfWord], list[Cells]]:
    """The words outside every table, and each table's words by row and cell."""
    rest: list[PdfWord] = []
    placed: list[list[list[list[PdfWord]]]] = [
        [[[] for _ in row] for row in grid] for grid in grids
    ]
    for word in words:
        x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        spot = next(
            (
                (t, r, c)
                for t, grid in enumerate(grids)
                for r, row in enumerate(grid)
                for c, box in enumerate(row)
                if box and box[0] <= x <= box[2] and box[1] <= y <= box[3]
            ),
            None,
        )
        if spot is None:
            rest.append(word)
        else:
            placed[spot[0]][spot[1]][spot[2]].append(word)
    tables = [
        tuple(tuple(tuple(cell) for cell in row) for row in table)
        for table in placed
        if any(cell for row in table for cell in row)
    ]
    return rest, tables


def _with_tables(
    rows: list[list[PdfWord]], tables: list[Cells]
) -> Iterator[tuple[list[PdfWord], Cells]]:
    """The page's rows with each table as one row of its own, where its top says."""
    pending = sorted(tables, key=lambda t: min(w.top for row in t for cell in row for w in cell))
    for row in rows:
        while pending and _top(pending[0]) < min(w.top for w in row):
            table = pending.pop(0)
            yield [w for r in table for cell in r for w in cell], table
        yield row, ()
    for table in pending:
        yield [w for r in table for cell in r for w in cell], table


def _top(table: Cells) -> float:
    return min(word.top for row in table for cell in row for word in cell)


def _words(raw: list[list[Any]], number: int) -> Iterator[PdfWord]:
    seen: set[tuple[str, int, int]] = set()
    for text, x0, x1, top, bottom, size, font, mcid in raw:
        # A word drawn twice in one place (a fake bold, a shadow) is one word.
        place = (text, round(x0), round(top))
        if place in seen:
            continue
        seen.add(place)
        bold = bool(_BOLD.search(font.split("+")[-1]))
        yield PdfWord(text, number, x0, x1, top, bottom, size, bold, mcid)


def _rows(words: Iterable[PdfWord]) -> list[list[PdfWord]]:
    """Words grouped by baseline: a word within half its size of a row's top joins it."""
    rows: list[list[PdfWord]] = []
    for word in sorted(words, key=lambda w: (w.bottom, w.x0)):
        if rows and abs(rows[-1][-1].bottom - word.bottom) <= word.size / 2:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w.x0) for row in rows]


def _reading_order(words: Sequence[PdfWord], width: float) -> list[list[PdfWord]]:
    """Rows of the page, each split into its runs left of and right of a column gutter,
    in the order a reader takes them: a band of two-column rows left column first."""
    rows = _rows(words)
    gutter = _gutter(rows, width)
    if gutter is None:
        return rows
    ordered: list[list[PdfWord]] = []
    band: list[PdfWord] = []
    for row in rows:
        if _crosses(row, gutter):
            ordered += [*_columns(band, gutter), row]
            band = []
        else:
            band += row
    return ordered + _columns(band, gutter)


def _columns(words: Sequence[PdfWord], gutter: float) -> list[list[PdfWord]]:
    """The rows of the left column, then those of the right one (each clustered on its
    own, so a baseline in one column never pulls in a word of the other)."""
    return _rows(w for w in words if w.x1 <= gutter) + _rows(w for w in words if w.x0 >= gutter)


def _crosses(row: Sequence[PdfWord], x: float) -> bool:
    return any(word.x0 < x < word.x1 for word in row) or (
        # a phrase spaced across the gutter, such as a centred title
        any(w.x1 <= x for w in row)
        and any(w.x0 >= x for w in row)
        and min(w.x0 for w in row if w.x0 >= x) - max(w.x1 for w in row if w.x1 <= x) < 12
    )


def _gutter(rows: Sequence[Sequence[PdfWord]], width: float) -> float | None:
    """The x of a gutter most rows leave empty, with text on both sides; None for one column."""
    if len(rows) < 6:
        return None
    best: tuple[int, float] | None = None
    for step in range(int(width * _GUTTER[0]), int(width * _GUTTER[1]), 2):
        crossing = sum(_crosses(row, step) for row in rows)
        if best is None or crossing < best[0]:
            best = (crossing, float(step))
    assert best is not None
    crossing, x = best
    starting_right = sum(1 for row in rows if not _crosses(row, x) and any(w.x0 >= x for w in row))
    ending_left = sum(1 for row in rows if not _crosses(row, x) and any(w.x1 <= x for w in row))
    # Text, not a table's columns: most left-column lines run up to the gutter.
    ends = sorted(
        max(w.x1 for w in row if w.x1 <= x) for row in rows if any(w.x1 <= x for w in row)
    )
    filled = bool(ends) and x - ends[len(ends) // 2] < width * 0.12
    two_columns = (
        crossing <= len(rows) * 0.35
        and starting_right >= max(3, len(rows) * 0.2)
        and ending_left >= 3
        and filled
    )
    return x if two_columns else None
