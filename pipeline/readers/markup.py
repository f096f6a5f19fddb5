"""Turning a marked-up sheet's pieces (headings, text runs, list lines, tables, pictures)
into the document model: shared by the HTML and Markdown readers, which differ only in how
they find them.

Pictures are included only from what the sheet itself carries: a web page's data: URI, or
a file beside the sheet that stays inside sources/ (or the sheet's folder when it is not in
sources/). Nothing is ever fetched from the network; a picture that cannot be included (a
web address, a missing file, a kind browsers and Word do not all show, too large) keeps its
alternative text and is reported, and so is a picture with no alternative text.
"""

from __future__ import annotations

import base64
import binascii
import re
import stat
import urllib.parse
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from pipeline.config import Config, TextReaderConfig
from pipeline.dates import NOT_RECORDED, PartialDate
from pipeline.emphasis import normalise
from pipeline.errors import SourceError
from pipeline.fidelity import Removed
from pipeline.model import (
    Block,
    BulletList,
    Document,
    Finding,
    Image,
    Inlines,
    ListItem,
    Location,
    Meta,
    NumberedList,
    Paragraph,
    Section,
    Severity,
    Span,
    Table,
    plain,
)
from pipeline.readers.text import SENTENCE_END, date_line
from pipeline.readers.text_stamps import next_review_due, other_stamp
from pipeline.readers.text_template import banner_lines, line_rule
from pipeline.rules import Example, Rule

#: A one-pixel PNG, for rule examples.
_PNG = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
_PAGE = "<main><h1>Fever</h1><p>Give it with food.</p>{}</main>"
NO_ALT = Rule(
    "picture.no-alt",
    Severity.WARNING,
    "a picture has no alternative text, so screen readers cannot say what it shows",
    Example("sheet.html", _PAGE.format(f'<img src="{_PNG}" alt="A thermometer">')),
    Example("sheet.html", _PAGE.format(f'<img src="{_PNG}">')),
)
NOT_INCLUDED = Rule(
    "picture.not-included",
    Severity.WARNING,
    "a picture was left out: a web address (never fetched), a file missing or outside "
    "sources/, too large, or not a PNG, JPEG, GIF, BMP or WebP picture",
    Example("sheet.html", _PAGE.format(f'<img src="{_PNG}" alt="A thermometer">')),
    Example(
        "sheet.html", _PAGE.format('<img src="https://example.org/t.png" alt="A thermometer">')
    ),
)
LAYOUT_TABLE = Rule(
    "table.layout",
    Severity.INFO,
    "a table used only to lay text out (one column, no header) was read as paragraphs",
    Example("sheet.html", _PAGE.format("<table><tr><th>Weight</th><th>Dose</th></tr></table>")),
    Example(
        "sheet.html", _PAGE.format("<table><tr><td>Rest.</td></tr><tr><td>Drink.</td></tr></table>")
    ),
)
RULES = (NO_ALT, NOT_INCLUDED, LAYOUT_TABLE)

_SPACE = re.compile(r"\s+")
#: File signatures of the picture kinds every browser and Word show (`pictures.EXTENSIONS`).
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
)
_DATA_URI = re.compile(r"data:(?P<type>[^,;]*)(?P<params>(?:;[^,;]*)*),(?P<data>.*)", re.I | re.S)


@dataclass(frozen=True)
class Line:
    """One line of a text block as the sheet shows it (lines end at <br> or a Markdown break)."""

    content: Inlines
    number: int
    #: Machine-readable dates on the line (<time datetime>), preferred to the text's.
    dates: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return plain(self.content)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int
    loc: Location


@dataclass(frozen=True)
class Text:
    """A paragraph-like block before it is known to be a paragraph or a publisher block."""

    lines: tuple[Line, ...]
    loc: Location
    #: From an <address>: a publisher block when a review stamp follows it.
    address: bool = False

    def paragraph(self) -> Paragraph:
        return Paragraph(_joined(self.lines), self.loc)


Piece = Heading | Text | BulletList | NumberedList | Table | Image


def media_type(data: bytes) -> str | None:
    """The picture's type by its signature (never by a name or a declared type), if it is
    one every browser and Word show."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return next((kind for magic, kind in _SIGNATURES if data.startswith(magic)), None)


@dataclass
class Pictures:
    """Makes the model's pictures for one sheet, and says what it could not include."""

    display: str
    max_bytes: int
    #: The sheet's file, when it has one; pictures are read beside it, never above `root`.
    sheet: Path | None = None
    root: Path | None = None
    root_name: str = "the sheet's folder"
    findings: list[Finding] = field(default_factory=list)

    def image(self, source: str | None, alt: str | None, loc: Location) -> Image | None:
        """A picture from `source` (a data: URI, or a file name relative to the sheet);
        None for a decorative one that cannot be included: it would say nothing."""
        described = _SPACE.sub(" ", alt or "").strip()
        if alt is None:
            self.findings.append(
                NO_ALT.finding(
                    "a picture has no alternative text",
                    loc,
                    suggestion="describe what it shows, or mark it decorative (empty alt)",
                )
            )
        picture = Image(described, loc, decorative=alt is not None and not described)
        source = (source or "").strip()
        if source.lower().startswith("data:"):
            data, problem = self._decoded(source)
            shown = "a picture in the page (data: URI)"
        else:
            data, problem = self._file(source)
            shown = repr(source)
        kind = media_type(data) if data else None
        if problem is None and kind is None:
            problem = "it is not a PNG, JPEG, GIF, BMP or WebP picture"
        if problem is not None or kind is None:
            self.findings.append(NOT_INCLUDED.finding(f"{shown} is not included: {problem}", loc))
            if picture.decorative:
                return None
            link = None if source.lower().startswith("data:") else source
            return replace(picture, link=link)
        return replace(picture, data=data, media_type=kind)

    def best(self, candidates: Sequence[str]) -> str | None:
        """The first of `candidates` (best first) that can be included, else the first:
        a page saved with its pictures keeps only the one the browser showed."""
        for source in candidates:
            if source.lower().startswith("data:") or self._file(source)[1] is None:
                return source
        return candidates[0] if candidates else None

    def _decoded(self, uri: str) -> tuple[bytes, str | None]:
        match = _DATA_URI.fullmatch(uri)
        if match is None:
            return b"", "its data: URI cannot be read"
        encoded = "base64" in match.group("params").lower()
        payload = match.group("data")
        if (len(payload) * 3 // 4 if encoded else len(payload)) > self.max_bytes:
            return b"", f"it is larger than {self.max_bytes} bytes"
        try:
            if encoded:
                return base64.b64decode(_SPACE.sub("", payload), validate=True), None
            return urllib.parse.unquote_to_bytes(payload), None
        except (binascii.Error, ValueError):
            return b"", "its data: URI is not valid base64"

    def _file(self, name: str) -> tuple[bytes, str | None]:
        parts = urllib.parse.urlsplit(name)
        if parts.scheme or parts.netloc or name.startswith(("/", "\\")):
            return b"", (
                "it is a web address or an absolute path, and pictures are never fetched "
                "(save it beside the sheet and name its file)"
            )
        if not name:
            return b"", "it names no file"
        if self.sheet is None:
            return b"", "the sheet was read without its folder"
        folder = self.sheet.parent
        root = self.root if self.root is not None else folder
        path = (folder / urllib.parse.unquote(parts.path)).resolve()
        if not path.is_relative_to(root.resolve()):
            return b"", f"it is outside {self.root_name} (put it beside the sheet)"
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                return b"", "it is not a regular file"
            if info.st_size > self.max_bytes:
                return b"", f"it is larger than {self.max_bytes} bytes"
            return path.read_bytes(), None
        except OSError:
            return b"", "the file is missing (put it beside the sheet)"


def picture_root(sheet: Path, sources: Path) -> tuple[Path, str]:
    """Where a sheet's pictures may be read from, and its name in messages: sources/, or
    the sheet's folder when the sheet is elsewhere (`pipeline dump` of a file anywhere)."""
    if sheet.resolve().is_relative_to(sources.resolve()):
        return sources, "sources/"
    return sheet.parent, "the sheet's folder"


#: The text reader's template rules that are site furniture on any page, so the HTML and
#: PDF readers apply them too (when `text_reader.template_rules` keeps them).
SITE_RULES = ("skip-link", "page-tools")


class SiteNoise:
    """The site template's lines configured as noise ("Back To Top"), each recorded as
    removed by its pattern; skip links, page and share toolbars and the .gov website
    banner, by the text reader's template rules; and copyright lines, which the footer
    keeps as the sheet's attribution: what the HTML and PDF readers take out of the text
    line by line."""

    def __init__(self, settings: TextReaderConfig) -> None:
        self.patterns = [re.compile(pattern, re.I) for pattern in settings.noise]
        self.copyright = re.compile(settings.copyright, re.I)
        self.rules = tuple(rule for rule in SITE_RULES if rule in settings.template_rules)
        self.banner = "gov-banner" in settings.template_rules
        self.attribution: list[str] = []
        self.removed: list[Removed] = []

    def sweep(self, lines: Sequence[tuple[str, Location] | None]) -> list[bool]:
        """Which of `lines` (in reading order; None for what is not a line of text, a
        list or a table, which ends a banner) are taken out, each recorded as such."""
        texts = ["" if line is None else line[0] for line in lines]
        banner = set(banner_lines(texts)) if self.banner else set()
        gone: list[bool] = []
        for index, line in enumerate(lines):
            if line is not None and index in banner:
                self.removed.append(Removed(line[0], "template.gov-banner", line[1]))
            gone.append(line is not None and (index in banner or self.drops(*line)))
        return gone

    def drops(self, text: str, loc: Location) -> bool:
        """Whether the line at `loc` is taken out (and recorded as such)."""
        if self.copyright.fullmatch(text):
            self.attribution.append(text)
            return True
        pattern = next((p for p in self.patterns if p.fullmatch(text)), None)
        if pattern is not None:
            self.removed.append(Removed(text, f"noise: {pattern.pattern}", loc))
            return True
        if rule := line_rule(text, self.rules):
            self.removed.append(Removed(text, f"template.{rule}", loc))
            return True
        return False


def collapse(spans: Iterable[Span]) -> Inlines:
    """Whitespace as a browser shows it: each run one space, none at either end."""
    pieces: list[Span] = []
    after_space = True
    for span in spans:
        text = _SPACE.sub(" ", span.text)
        if after_space:
            text = text.lstrip(" ")
        if text:
            pieces.append(Span(text, span.strong, link=span.link))
            after_space = text.endswith(" ")
    if pieces:
        last = pieces[-1]
        pieces[-1] = Span(last.text.rstrip(" "), last.strong, link=last.link)
    return normalise(pieces)


def list_item(pieces: Iterable[Piece], loc: Location) -> tuple[ListItem, ...]:
    """An item from what it holds: its text, then its nested lists as its children.

    The item is located where its text starts; one with no text of its own hands its
    children to the list it is in.
    """
    spans: list[Span] = []
    children: list[ListItem] = []
    start: Location | None = None
    for piece in pieces:
        match piece:
            case BulletList() | NumberedList():
                children.extend(piece.items)
            case Heading():
                spans += [Span(" "), Span(piece.text)]
                start = start or piece.loc
            case Text():
                spans += [Span(" "), *_joined(piece.lines)]
                start = start or piece.loc
            case Table() | Image():
                pass  # the reader takes them out of the item (see `hoisted`)
    content = collapse(spans)
    if not content:
        return tuple(children)
    return (ListItem(content, start or loc, tuple(children)),)


def take_stamps(
    meta: Meta, pieces: list[Piece], settings: TextReaderConfig, others: bool = False
) -> tuple[Meta, list[Piece]]:
    """Take review stamps and the publisher lines with them out of the text into `meta`.

    As in the text reader, the publisher is the lines above "Last reviewed" back to one
    that ends a sentence; a stamp alone in its block takes an <address> right before it.
    Stamps that end a line ("Reviewed by the clinic. Last reviewed: March 12, 2024",
    "Updated 2/2023 · Next review 2/2026") are lines of their own first. `others` reads
    the text reader's other review labels ("Last updated", "Revised") as the review date.
    """
    stamps = _Stamps(settings, meta.loc.path, others)
    kept: list[Piece] = []
    for original in pieces:
        piece = stamps.separate(original) if isinstance(original, Text) else original
        found = stamps.find(piece) if isinstance(piece, Text) else ()
        if not isinstance(piece, Text) or not found:
            kept.append(piece)
            continue
        content, publisher = _split(piece, found)
        if content is not None:
            kept.append(content)
        elif not publisher and kept and isinstance(previous := kept[-1], Text) and previous.address:
            kept.pop()
            publisher = [line.text for line in previous.lines]
        meta = replace(meta, publisher=(*meta.publisher, *publisher))
        for stamp in found:
            meta = _with_date(meta, stamp, piece.lines[stamp.index].number)
    return meta, kept


def take_stamps_noted(
    meta: Meta, pieces: list[Piece], settings: TextReaderConfig
) -> tuple[Meta, list[Piece], list[Removed]]:
    """`take_stamps`, with the lines it took out listed as removed by the "review-date"
    rule for the fidelity check (their words are in `meta`, or are the stamp itself);
    failing a "Last reviewed" stamp, the other review labels give the date."""
    stamps = _Stamps(settings, meta.loc.path, others=True)
    pieces = [stamps.separate(piece) if isinstance(piece, Text) else piece for piece in pieces]
    before = _line_counts(pieces)
    strict = _Stamps(settings, meta.loc.path)
    labelled = any(
        found.kind == "reviewed"
        for piece in pieces
        if isinstance(piece, Text)
        for found in strict.find(piece)
    )
    meta, kept = take_stamps(meta, pieces, settings, others=not labelled)
    gone = before - _line_counts(kept)
    where = meta.loc.path
    return (
        meta,
        kept,
        [Removed(text, "review-date", Location(where, n)) for text, n in gone.elements()],
    )


def _line_counts(pieces: list[Piece]) -> Counter[tuple[str, int]]:
    return Counter(
        (line.text, line.number)
        for piece in pieces
        if isinstance(piece, Text)
        for line in piece.lines
    )


def _split(piece: Text, found: tuple[_Found, ...]) -> tuple[Text | None, list[str]]:
    """Lines above the first stamp up to the last one ending a sentence stay sheet text;
    the other lines, stamps aside, are the publisher."""
    above = piece.lines[: found[0].index]
    ends = [n + 1 for n, line in enumerate(above) if line.text.endswith(SENTENCE_END)]
    split = max(ends, default=0)
    stamps = {stamp.index for stamp in found}
    publisher = [line.text for n, line in enumerate(piece.lines) if n >= split and n not in stamps]
    return (replace(piece, lines=above[:split]) if split else None), publisher


def take_title(meta: Meta, pieces: list[Piece], level: int) -> tuple[Meta, list[Piece]]:
    """The first heading of `level` is the title, out of the pieces, when `meta` has none
    (a PDF's, a Markdown sheet's without front matter); when it has one (front matter's
    `title`) that heading goes only if it repeats the title."""
    for index, piece in enumerate(pieces):
        if not isinstance(piece, Heading) or piece.level != level:
            continue
        rest = [*pieces[:index], *pieces[index + 1 :]]
        if meta.title is None:
            return replace(meta, title=piece.text, loc=piece.loc), rest
        return meta, (rest if piece.text == meta.title else pieces)
    return meta, pieces


def sheet(meta: Meta, pieces: Iterable[Piece], config: Config) -> Document:
    """The document: headings open sections; refuses a sheet with no text at all."""
    meta = next_review_due(meta, config.review_cycle_years)
    sections = _sections(pieces)
    if meta.title is None and not sections:
        raise SourceError(meta.loc.path, "has no sheet text")
    return Document(meta, sections)


def _sections(pieces: Iterable[Piece]) -> tuple[Section, ...]:
    """Sections at their heading's level; the title is level 1, so when any section heading
    is a level-1 heading too (a page of several h1s, "# " for every Markdown section) all
    levels move down by one, keeping their order — the DOCX reader's rule, too."""
    pieces = list(pieces)
    shift = int(any(isinstance(piece, Heading) and piece.level == 1 for piece in pieces))
    sections: list[Section] = []
    heading: Heading | None = None
    blocks: list[Block] = []

    def close() -> None:
        if heading is not None:
            level = min(heading.level + shift, 6)
            sections.append(Section(heading.text, level, tuple(blocks), heading.loc))
        elif blocks:
            sections.append(Section(None, 1, tuple(blocks), blocks[0].loc))

    for piece in pieces:
        match piece:
            case Heading():
                close()
                heading, blocks = piece, []
            case Text():
                blocks.append(piece.paragraph())
            case BulletList() | NumberedList() | Table() | Image():
                blocks.append(piece)
    close()
    return tuple(sections)


def _joined(lines: Iterable[Line]) -> Inlines:
    spans: list[Span] = []
    for line in lines:
        spans += [Span(" "), *line.content]
    return collapse(spans)


@dataclass(frozen=True)
class _Found:
    """A stamp line: its index in its block, which stamp it is, and its date if recorded."""

    index: int
    kind: Literal["reviewed", "next"]
    date: PartialDate | None


#: Where a stamp may start inside a line: after a sentence, or a separator between stamps.
_STAMP_CUT = re.compile(r"(?<=[.!?])\s+|\s+[|\u00b7\u2022\u2013\u2014-]\s+")


def _cut_inlines(content: Inlines, start: int, end: int) -> Inlines:
    """The inlines of characters `start` to `end` of their text, emphasis kept."""
    out: list[Span] = []
    position = 0
    for span in content:
        low, high = max(start - position, 0), min(end - position, len(span.text))
        if low < high:
            out.append(replace(span, text=span.text[low:high]))
        position += len(span.text)
    return collapse(out)


class _Stamps:
    """Finds "Last reviewed …" and "Next review due …" lines, as the text reader reads them."""

    def __init__(self, settings: TextReaderConfig, display: str, others: bool = False) -> None:
        self.patterns: tuple[tuple[Literal["reviewed", "next"], re.Pattern[str]], ...] = (
            ("reviewed", date_line(settings.reviewed_label, settings.copyright)),
            ("next", date_line(settings.next_review_label, settings.copyright)),
        )
        self.label = re.compile(rf"(?:{settings.reviewed_label})\b", re.I)
        self.settings = settings
        self.display = display
        self.others = others

    def _match(self, text: str) -> tuple[Literal["reviewed", "next"], str] | None:
        """Which stamp `text` is, and its date as written; None if it is none."""
        for kind, pattern in self.patterns:
            if match := pattern.fullmatch(text):
                return kind, match.group("date")
        if self.others and (other := other_stamp(text, self.settings)):
            return "reviewed", other.group("date")
        return None

    def separate(self, piece: Text) -> Text:
        """The piece with each stamp that ends a line after a sentence or a separator
        (a bar, a middle dot, a dash) on a line of its own."""
        lines: list[Line] = []
        for line in piece.lines:
            lines.extend(self._separated(line))
        return piece if len(lines) == len(piece.lines) else replace(piece, lines=tuple(lines))

    def _separated(self, line: Line) -> list[Line]:
        text = line.text
        if self._match(text) is not None:
            return [line]
        for cut in _STAMP_CUT.finditer(text):
            segments = _STAMP_CUT.split(text[cut.end() :])
            if all(self._match(segment) is not None for segment in segments):
                head = _cut_inlines(line.content, 0, cut.start())
                parts = [replace(line, content=head, dates=())]
                position = cut.end()
                for segment in segments:
                    start = text.index(segment, position)
                    stamp = _cut_inlines(line.content, start, start + len(segment))
                    parts.append(replace(line, content=stamp))
                    position = start + len(segment)
                return parts
        return [line]

    def find(self, piece: Text) -> tuple[_Found, ...]:
        found: list[_Found] = []
        for index, line in enumerate(piece.lines):
            if stamp := self._match(line.text):
                kind, date = stamp
                found.append(_Found(index, kind, self._date(date, line)))
            elif self.label.match(line.text):
                raise SourceError(
                    self.display,
                    f"cannot read the review date in {line.text!r} (write it like 8/2015)",
                    line.number,
                )
        return tuple(found)

    def _date(self, text: str, line: Line) -> PartialDate | None:
        """The stamp's date, from its <time datetime> if it has one; None for "not recorded"."""
        if text.lower() == NOT_RECORDED:
            return None
        for value in line.dates:
            with suppress(ValueError):
                return PartialDate.parse(value)
        try:
            return PartialDate.parse(text)
        except ValueError as error:
            raise SourceError(self.display, f"bad review date: {error}", line.number) from None


def _with_date(meta: Meta, stamp: _Found, line: int) -> Meta:
    """Record a stamp's date; the same date again is fine (our own pages repeat it)."""
    current = meta.reviewed if stamp.kind == "reviewed" else meta.next_review
    if stamp.date is None or current == stamp.date:
        return meta
    if current is not None:
        what = "last reviewed" if stamp.kind == "reviewed" else "next review"
        raise SourceError(
            meta.loc.path,
            f"two different '{what}' dates: {current.human()} and {stamp.date.human()}",
            line,
        )
    if stamp.kind == "reviewed":
        return replace(meta, reviewed=stamp.date, reviewed_loc=Location(meta.loc.path, line))
    return replace(meta, next_review=stamp.date)
