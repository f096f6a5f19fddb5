"""What the paragraphs of a Word document are, before they are assembled into sections:
the vocabulary between `paragraphs` (classification) and `assemble` (the model)."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.model import Inlines, Span, plain
from pipeline.readers.text import NOT_HEADING_END
from pipeline.readers.word.inlines import clean, join


@dataclass(frozen=True)
class WordHeading:
    text: str
    #: N of Heading N (the Title style counts as 1); 2 for a fake heading.
    level: int
    index: int
    title_style: bool = False
    fake: bool = False


@dataclass(frozen=True)
class Step:
    """A list item numbered as plain steps ("3.", "b)"), by Word or typed by hand."""

    #: The item's own number at its level.
    number: int
    #: How that number is written: "decimal", "lowerLetter" (`pipeline.numbering`).
    format: str
    #: Its text without the number.
    content: Inlines


@dataclass(frozen=True)
class Item:
    content: Inlines
    #: (numbering level, indentation): deeper keys nest under shallower ones.
    key: tuple[int, int]
    #: "typed", "manual", or "list <numId>": lists of different kinds stay apart.
    kind: str
    index: int
    #: Set when the item is numbered as a plain step; `content` keeps the number.
    step: Step | None = None
    #: Entirely bold or larger than body text.
    emphatic: bool = False


@dataclass(frozen=True)
class WordText:
    #: The paragraph's lines, split at line breaks (Shift+Enter).
    lines: tuple[Inlines, ...]
    index: int
    #: Entirely bold or larger than body text: a heading if it is short and text follows.
    emphatic: bool
    #: In Word's Caption style: the caption of a table right after it.
    caption: bool = False

    def content(self) -> Inlines:
        return clean(join(self.lines, Span(" ")))

    def heading_like(self, max_words: int) -> bool:
        return self.emphatic and short_title(plain(self.content()), max_words)


def short_title(text: str, max_words: int) -> bool:
    """Short enough for a heading and not ending like a sentence."""
    return len(text.split()) <= max_words and not text.endswith(NOT_HEADING_END)


@dataclass(frozen=True)
class GridCell:
    content: Inlines
    #: The index of the cell's first paragraph.
    index: int
    columns: int = 1
    rows: int = 1


@dataclass(frozen=True)
class Grid:
    """A Word table read as a table: rows of cells, the first `header_rows` naming columns."""

    rows: tuple[tuple[GridCell, ...], ...]
    index: int
    header_rows: int
    #: The table's title (w:tblCaption), or the Caption paragraph right before it.
    caption: Inlines = ()
    #: The first column names the rows (it is bold and the rest of the body is not).
    row_headers: bool = False


@dataclass(frozen=True)
class WordPicture:
    alt: str
    index: int
    decorative: bool
    data: bytes
    media_type: str
    #: Where a linked (not embedded) picture points; never fetched.
    link: str | None = None


@dataclass(frozen=True)
class Empty:
    index: int
    #: An empty line the author typed for space; not one whose text is all hidden.
    spacing: bool = True


Element = WordHeading | Item | WordText | Grid | WordPicture | Empty
