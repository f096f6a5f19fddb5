"""The one document model every reader produces and every check and writer consumes.

Small frozen dataclasses, so a document can be hashed, compared and shared between
processes. Every block carries the `Location` it was read from, so any finding about
it can say `file:line`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from pipeline.dates import PartialDate
from pipeline.i18n import Labels

#: The `unit` of a location that is the whole sheet.
WHOLE = "sheet"


@dataclass(frozen=True, order=True)
class Location:
    """Where a block came from: a path as the user gave it, a 1-based line and column.

    A source without lines (a Word document) counts another `unit` in `line`: its
    paragraphs, so findings say "paragraph 12" rather than a line no editor shows. A source
    with pages (a PDF) numbers its lines over the whole file, for tools, and says in `page`
    where that is for people: (page, line on that page).
    """

    path: str
    line: int
    col: int = 1
    unit: str = "line"
    #: Not compared: the line over the whole file already says where.
    page: tuple[int, int] | None = field(default=None, compare=False)

    @classmethod
    def whole(cls, path: str) -> Location:
        """The sheet as a whole (a reading grade, a missing review date): printed as the
        path alone, never as a line 1 that the finding is not about; `line` stays 1 for
        tools that need a number."""
        return cls(path, 1, unit=WHOLE)

    @property
    def place(self) -> str:
        """Where in the file, in words: "line 12", "paragraph 12", "page 2, line 3"."""
        if self.unit == WHOLE:
            return "the whole sheet"
        if self.page is not None:
            return f"page {self.page[0]}, line {self.page[1]}"
        return f"{self.unit} {self.line}"

    @property
    def numbered(self) -> bool:
        """Whether `line` is a line an editor shows, so `path:line:col` finds it."""
        return self.unit == "line" and self.page is None

    def __str__(self) -> str:
        if self.unit == WHOLE:
            return self.path
        if not self.numbered:
            return f"{self.path}: {self.place}"
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Span:
    """A run of text; `strong` is bold in the source (and the urgent phrases themselves);
    `urgent` marks an urgent phrase ("call 911") and the rest of its sentence, which every
    writer sets apart from ordinary bold."""

    text: str
    strong: bool = False
    urgent: bool = False
    #: The language of a passage in another language than the sheet's (BCP 47), else None.
    lang: str | None = None
    #: Where the text links to, as the source wrote it, when it is a link's text (Pandoc's
    #: Link): a site's name in it ("Lotsa" of lotsahelpinghands.com) is no typo.
    link: str | None = None


Inlines = tuple[Span, ...]


def plain(inlines: Inlines) -> str:
    """The text of some inlines without their emphasis, for checks and metrics."""
    return "".join(span.text for span in inlines)


@dataclass(frozen=True)
class Paragraph:
    content: Inlines
    loc: Location


@dataclass(frozen=True)
class ListItem:
    content: Inlines
    loc: Location
    children: tuple[ListItem, ...] = ()


@dataclass(frozen=True)
class BulletList:
    """Items whose order does not matter to the reader; nested items are bullets too."""

    items: tuple[ListItem, ...]
    loc: Location


@dataclass(frozen=True)
class NumberedList:
    """Numbered steps, counting from `start`, whose order matters to the reader ("3. Give
    the shot"); nested items are numbered too (a., then i.), as Word and HTML nest them."""

    items: tuple[ListItem, ...]
    loc: Location
    start: int = 1


#: Either kind of list, for code that treats their items alike.
ItemList = BulletList | NumberedList


def item_list(items: tuple[ListItem, ...], loc: Location, start: int | None = None) -> ItemList:
    """Numbered steps from `start` when a reader saw numbers, else bullets."""
    return BulletList(items, loc) if start is None else NumberedList(items, loc, start)


@dataclass(frozen=True)
class Cell:
    content: Inlines
    loc: Location
    #: Spans more than one column or row, as in the source.
    columns: int = 1
    rows: int = 1


@dataclass(frozen=True)
class Table:
    """A real table (a dose chart, a schedule): rows of cells, the first `header_rows` rows
    naming the columns, and the first column naming the rows when `row_headers`.

    A table used only to lay text out (one column, no header) is no table: readers turn it
    into paragraphs and say so.
    """

    rows: tuple[tuple[Cell, ...], ...]
    loc: Location
    header_rows: int = 0
    row_headers: bool = False
    #: What the table shows ("Dose by weight"), when the source says.
    caption: Inlines = ()


@dataclass(frozen=True)
class Image:
    """A picture, with the words that stand for it for people who cannot see it.

    The bytes travel in the model so that every writer can include the picture; an image
    the source only links to (`link`) is never fetched, and has no bytes.
    """

    #: Alternative text; "" when the source gives none (unless `decorative`).
    alt: str
    loc: Location
    #: Marked decorative by the author (empty alt in HTML, Word's "decorative"): no text.
    decorative: bool = False
    data: bytes = b""
    #: The media type of `data`, e.g. "image/png".
    media_type: str = ""
    #: Where a linked (not embedded) image points, as the source wrote it.
    link: str | None = None


Block = Paragraph | BulletList | NumberedList | Table | Image


@dataclass(frozen=True)
class Section:
    """A heading and the blocks under it; `heading` is None for blocks before the first one.

    Sections are flat like Pandoc's headers: `level` 2 is a top-level section because
    level 1 is the sheet's title.
    """

    heading: str | None
    level: int
    blocks: tuple[Block, ...]
    loc: Location


@dataclass(frozen=True)
class Translation:
    """Where a translated sheet came from, summarised from its segments' provenance.

    Stamps and the draft notice in the outputs come from here, never from the clock.
    """

    source_lang: str
    #: The words outputs add around the sheet in its language.
    labels: Labels
    #: Every segment reviewed by a person and the labels reviewed: fit for families.
    final: bool
    #: The latest date any segment was translated (by machine or person).
    translated: PartialDate | None
    #: The latest review date and everyone who reviewed segments.
    reviewed: PartialDate | None = None
    reviewers: tuple[str, ...] = ()
    #: Machine engines (name and version) whose drafts are still in the sheet.
    engines: tuple[str, ...] = ()
    #: Every segment signed off by a named reviewer: if not final, the sheet waits only on
    #: its labels' review or a failed check, and its notice must not say "machine translation".
    all_reviewed: bool = False


@dataclass(frozen=True)
class Meta:
    """What a sheet says about itself rather than to the reader."""

    title: str | None
    lang: str
    loc: Location
    reviewed: PartialDate | None = None
    next_review: PartialDate | None = None
    reviewed_loc: Location | None = None
    publisher: tuple[str, ...] = ()
    #: Copyright and credit lines ("© 2024 American Cancer Society, Inc."), kept for the
    #: footer: they are the author's terms, not page noise.
    attribution: tuple[str, ...] = ()
    #: Audit rules the sheet itself switches off ("audit-ignore: rule.id" in the source).
    ignores: tuple[str, ...] = ()
    #: Who is responsible for the sheet's content, and whom it is written for, when the
    #: source says (e.g. Markdown front matter).
    owner: str | None = None
    audience: str | None = None
    #: Set on translated documents only.
    translation: Translation | None = None
    #: Why the sheet is not fit for families although it built (no review date, or one in
    #: the future): its outputs go to the drafts folder with a staff notice saying this.
    withheld: str | None = None


@dataclass(frozen=True)
class Document:
    meta: Meta
    sections: tuple[Section, ...]

    @property
    def name(self) -> str:
        """The sheet's name: its source file's stem, used for output file names."""
        stem = self.meta.loc.path.replace("\\", "/").rsplit("/", 1)[-1]
        return stem.rsplit(".", 1)[0] if "." in stem else stem


class Severity(enum.IntEnum):
    """Ordered so that thresholds can be compared: info < warning < error."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Finding:
    """One problem a reader or check found, with a stable dotted rule id."""

    rule: str
    severity: Severity
    message: str
    loc: Location
    suggestion: str | None = field(default=None)

    def __str__(self) -> str:
        return f"{self.loc}: {self.severity}: {self.rule}: {self.message}"
