"""Read a sheet written in Markdown (CommonMark), the authoring format for new sheets.

A sheet may open with a small front matter block of `key: value` lines between `---`
lines; list values (publisher lines) follow their key as `- item` lines:

    ---
    reviewed: 8/2015
    owner: Oncology pharmacy
    audience: Parents of children treated with aldesleukin
    publisher:
      - Children's Hospitals and Clinics of Minnesota
      - 2525 Chicago Avenue South
    ---

It is parsed here rather than as YAML: a bad date or a key given twice must be an error
naming the line, not a silently different value. A key the pipeline does not know (a
site generator's `layout:`, a typo) is ignored with a warning naming the line and the
known key it may stand for. The title is front matter's `title`, else the first `#`
heading; `##` headings open sections; `-`, `*` and `+` lists nest by indentation (a new
bullet character starts a new list); `**bold**` is strong; GitHub's pipe tables are
tables, their first row the header. "Last reviewed 8/2015" in the text works as in the
text reader. Raw HTML is never carried: HTML blocks are read as the HTML reader reads a
page (scripts, styles, forms and hidden parts dropped by rule; a block declaring entities
is removed whole), inline tags are stripped, and so is the text of inline <script> and
<style>. Links keep their text only. `![alt](file.png)` (or an <img> tag) is a picture
read from the file beside the sheet, never from the web nor outside sources/
(`markup.Pictures`); empty alt text marks it decorative, as CommonMark's HTML does.

Like the text and HTML readers, this one says what the sheet shows a reader (the text of
every paragraph, heading, list item, table cell and code block, and of HTML blocks) for
the fidelity check, independently of how the model is built from it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from pipeline.config import Config
from pipeline.dates import PartialDate
from pipeline.errors import SourceError
from pipeline.fidelity import Removed, Visible
from pipeline.model import (
    Cell,
    Document,
    Finding,
    Image,
    Inlines,
    ListItem,
    Location,
    Meta,
    Severity,
    Span,
    Table,
    item_list,
)
from pipeline.readers import html_reader
from pipeline.readers.encoding import read_text
from pipeline.readers.markup import (
    Heading,
    Line,
    Pictures,
    Piece,
    Text,
    collapse,
    list_item,
    picture_root,
    sheet,
    take_stamps_noted,
    take_title,
)
from pipeline.readers.result import Parsed, ReadResult
from pipeline.rules import Example, Rule

UNKNOWN_KEY = Rule(
    "markdown.unknown-key",
    Severity.WARNING,
    "the front matter has a key the pipeline does not know, which is ignored",
    Example("sheet.md", "---\nowner: Pharmacy\n---\n# Fever\n\nGive it with food.\n"),
    Example("sheet.md", "---\nlayout: sheet\n---\n# Fever\n\nGive it with food.\n"),
)
RULES = (UNKNOWN_KEY,)


class _Parser(MarkdownIt):
    """CommonMark, with raw HTML recognised (so that it can be dropped).

    Every link target is accepted: a link refused as unsafe would stay in the text as
    "[text](javascript:…)", while an accepted one is reduced to its text.
    """

    def validateLink(self, url: str) -> bool:
        return True


_MARKDOWN = _Parser("commonmark").enable("table")
_KEYS = (
    "title",
    "reviewed",
    "next_review",
    "owner",
    "audience",
    "lang",
    "publisher",
    "audit_ignore",
)
_LIST_KEYS = frozenset({"publisher", "audit_ignore"})
#: Other names sheets from other sites give the known keys.
_ALIASES = {
    "last_reviewed": "reviewed",
    "lastreviewed": "reviewed",
    "date_reviewed": "reviewed",
    "language": "lang",
    "next_review_due": "next_review",
}
_FIELD = re.compile(r"(?P<key>[A-Za-z][\w-]*)[ \t]*:(?:[ \t]+(?P<value>.*))?")
_ITEM = re.compile(r"[ \t]*-[ \t]+(?P<value>.+)")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
#: Blockquote and list markers before a block's text on its first line.
_MARKERS = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*")
_QUOTES = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*")
#: Inline HTML elements whose text must go with their tags.
_RAW_OPEN = re.compile(r"<(script|style|template|textarea|title|noscript)\b[^>]*(?<!/)>", re.I)
_IMG = re.compile(r"<img\b", re.I)
#: What of an HTML block a browser does not show: comments, tags, and raw elements' text.
_UNSHOWN_HTML = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|template|textarea|title|noscript)\b.*?(?:</\1\s*>|$)|<[^>]*>?",
    re.I | re.S,
)


@dataclass
class _Field:
    """A front matter value and its line; list keys keep their values in `items`."""

    line: int
    value: str = ""
    items: list[str] = field(default_factory=list)


def read(path: Path, display: str, config: Config) -> ReadResult:
    source = read_text(path, display, config.text_reader.max_bytes)
    return parse_sheet(source.text, display, config, path).result(source.findings)


def parse(text: str, display: str, config: Config) -> Document:
    """Build a document from decoded Markdown; raises SourceError for bad front matter."""
    return parse_sheet(text, display, config).document


def parse_sheet(text: str, display: str, config: Config, path: Path | None = None) -> Parsed:
    """The sheet read; pictures it names are read beside `path` when it is given."""
    lines = text.split("\n")
    findings: list[Finding] = []
    fields, length = _front_matter(lines, display, findings)
    meta = _meta(fields, display, config)
    # Blank the front matter rather than cut it, so the parser's line numbers stay the file's.
    body = "\n" * length + "\n".join(lines[length:])
    tokens = _MARKDOWN.parse(body)
    pictures = Pictures(display, config.text_reader.max_picture_bytes, path)
    if path is not None:
        pictures.root, pictures.root_name = picture_root(path, config.sources)
    walker = _MarkdownWalker(display, lines, pictures)
    pieces = list(walker.pieces(SyntaxTreeNode(tokens)))
    meta, pieces = take_title(meta, pieces, level=1)
    meta, pieces, stamps = take_stamps_noted(meta, pieces, config.text_reader)
    document = sheet(meta, pieces, config)
    visible = tuple(_visible(tokens, display))
    removed = (*walker.removed, *stamps)
    return Parsed(document, visible, removed, (*findings, *pictures.findings))


def _visible(tokens: Sequence[Token], display: str) -> Iterator[Visible]:
    """What a reader of the rendered sheet sees, block by block: inline text runs on across
    emphasis and links ("wind**pipe**" is one word), a line break ends a word."""
    line = 1
    for token in tokens:
        line = token.map[0] + 1 if token.map else line
        match token.type:
            case "inline":
                text = "".join(_shown(token.children or []))
            case "code_block" | "fence":
                text = token.content
            case "html_block":
                try:
                    yield from html_reader.shown(token.content, display, line)
                    continue
                except SourceError:
                    text = _UNSHOWN_HTML.sub(" ", token.content)
            case _:
                continue
        if text.strip():
            yield Visible(text, Location(display, line))


def _outside_raw_html(tokens: list[Token]) -> Iterator[Token]:
    """Inline tokens a reader sees: everything between a raw element's opening tag written in
    a paragraph (`<script>`, `<style>`, …) and its closing tag is left out, tags included."""
    skipping: re.Pattern[str] | None = None
    for token in tokens:
        if skipping is not None:
            if token.type == "html_inline" and skipping.match(token.content):
                skipping = None
        elif token.type == "html_inline" and (opening := _RAW_OPEN.match(token.content)):
            skipping = re.compile(rf"</{opening.group(1)}\s*>", re.I)
        else:
            yield token


def _shown(tokens: list[Token]) -> Iterator[str]:
    for token in _outside_raw_html(tokens):
        match token.type:
            case "text" | "code_inline":
                yield token.content
            case "softbreak" | "hardbreak":
                yield " "


def _front_matter(
    lines: list[str], display: str, findings: list[Finding]
) -> tuple[dict[str, _Field], int]:
    """The `---` block's fields by key, and how many lines it takes (0 without one); an
    unknown key and the lines that belong to it (indented, or list items) are ignored
    with a warning."""
    if not lines or lines[0].rstrip() != "---":
        return {}, 0
    fields: dict[str, _Field] = {}
    unknown: list[tuple[str, int]] = []
    last: str | None = ""
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() == "---":
            if unknown:
                findings.append(_unknown(unknown, display))
            return fields, number
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if last is None and (line[0] in " \t" or _ITEM.fullmatch(line.rstrip())):
            continue  # a value of the unknown key above
        if (item := _ITEM.fullmatch(line.rstrip())) and last in _LIST_KEYS:
            fields[last].items.append(_unquote(item.group("value")))
            continue
        last = _field(line.strip(), number, display, fields, unknown)
    raise SourceError(display, "front matter has no closing '---' line", 1)


def _unknown(keys: list[tuple[str, int]], display: str) -> Finding:
    """One warning for the keys no one reads, with the known key each typo may stand for."""
    names = ", ".join(f"{key!r} (line {line})" for key, line in keys)
    guesses = [
        f"{key!r} → {close[0].replace('_', '-')!r}"
        for key, _ in keys
        if (close := difflib.get_close_matches(key.lower().replace("-", "_"), _KEYS, n=1))
    ]
    known = ", ".join(_KEYS).replace("_", "-")
    return UNKNOWN_KEY.finding(
        f"front matter: {len(keys)} unknown key(s) ignored: {names} (known: {known})",
        Location(display, keys[0][1]),
        suggestion=f"did you mean {'; '.join(guesses)}?" if guesses else None,
    )


def _field(
    line: str, number: int, display: str, fields: dict[str, _Field], unknown: list[tuple[str, int]]
) -> str | None:
    """Add the field on `line`; return its key, or None for a key not known (reported)."""
    match = _FIELD.fullmatch(line)
    if match is None:
        raise SourceError(display, f"front matter: expected 'key: value', not {line!r}", number)
    key = match.group("key").lower().replace("-", "_")
    key = _ALIASES.get(key, key)
    if key not in _KEYS:
        unknown.append((match.group("key"), number))
        return None
    if key in fields:
        first = fields[key].line
        raise SourceError(
            display, f"front matter: {key!r} given twice (first on line {first})", number
        )
    value = _unquote(match.group("value") or "")
    if key in _LIST_KEYS:
        fields[key] = _Field(number, items=[value] if value else [])
    elif value:
        fields[key] = _Field(number, value)
    else:
        raise SourceError(display, f"front matter: {key!r} has no value", number)
    return key


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value


def _meta(fields: dict[str, _Field], display: str, config: Config) -> Meta:
    def text(key: str) -> str | None:
        return fields[key].value if key in fields else None

    def date(key: str) -> PartialDate | None:
        if key not in fields:
            return None
        try:
            return PartialDate.parse(fields[key].value)
        except ValueError as error:
            raise SourceError(
                display, f"front matter: bad {key}: {error}", fields[key].line
            ) from None

    def items(key: str) -> tuple[str, ...]:
        return tuple(fields[key].items) if key in fields else ()

    lang = text("lang") or config.language
    if not _LANGUAGE.fullmatch(lang):
        line = fields["lang"].line
        raise SourceError(display, f"front matter: {lang!r} is not a language tag like en-US", line)
    ignores = (rule for entry in items("audit_ignore") for rule in re.split(r"[\s,]+", entry))
    return Meta(
        title=text("title"),
        lang=lang,
        loc=Location(display, fields["title"].line if "title" in fields else 1),
        reviewed=date("reviewed"),
        next_review=date("next_review"),
        reviewed_loc=Location(display, fields["reviewed"].line) if "reviewed" in fields else None,
        publisher=items("publisher"),
        ignores=tuple(dict.fromkeys(rule for rule in ignores if rule)),
        owner=text("owner"),
        audience=text("audience"),
    )


class _MarkdownWalker:
    """Turns the parser's block tree into pieces located by line and column."""

    def __init__(self, display: str, lines: list[str], pictures: Pictures) -> None:
        self.display = display
        self.lines = lines
        self.pictures = pictures
        #: Pictures met inside text, placed after the block that holds them.
        self.pending: list[Image] = []
        self.removed: list[Removed] = []

    def pieces(self, node: SyntaxTreeNode) -> Iterator[Piece]:
        match node.type:
            case "heading":
                lines = self._inline(node)
                if lines:
                    text = " ".join(line.text for line in lines)
                    yield Heading(text, int(node.tag[1:]), self._at(node, _MARKERS))
                yield from self._pending()
            case "paragraph":
                if lines := self._inline(node):
                    yield Text(lines, self._at(node, _MARKERS))
                yield from self._pending()
            case "bullet_list" | "ordered_list":
                yield from self._list(node)
            case "table":
                yield from self._table(node)
            case "code_block" | "fence":
                yield from self._code(node)
            case "html_block":
                yield from self._html(node)
            case "hr":
                return
            case _:
                yield from self._children(node)

    def _html(self, node: SyntaxTreeNode) -> Iterator[Piece]:
        """An HTML block read as the HTML reader reads a page's content (scripts, styles,
        forms and hidden parts dropped by rule); one it refuses is removed whole."""
        try:
            pieces, removed = html_reader.fragment(
                node.content, self.display, self._line(node), self.pictures
            )
        except SourceError:
            text = " ".join(_UNSHOWN_HTML.sub(" ", node.content).split())
            if text:
                self.removed.append(Removed(text, "markdown.raw-html", self._at(node, _QUOTES)))
            return
        self.removed += removed
        yield from pieces

    def _children(self, node: SyntaxTreeNode) -> Iterator[Piece]:
        for child in node.children:
            yield from self.pieces(child)

    def _pending(self) -> Iterator[Image]:
        pending, self.pending = self.pending, []
        yield from pending

    def _list(self, node: SyntaxTreeNode) -> Iterator[Piece]:
        """A list; tables and pictures in its items, which an item cannot hold, follow it."""
        items: list[ListItem] = []
        hoisted: list[Piece] = []
        for item in node.children:
            pieces = list(self._children(item))
            hoisted += [piece for piece in pieces if isinstance(piece, Table | Image)]
            items.extend(list_item(pieces, self._at(item, _MARKERS)))
        if items:
            numbered = node.type == "ordered_list"
            start = int(str(node.attrs.get("start", 1))) if numbered else None
            yield item_list(tuple(items), self._at(node, _QUOTES), start)
        yield from hoisted

    def _table(self, node: SyntaxTreeNode) -> Iterator[Piece]:
        """A pipe table: its first row names the columns (GitHub's tables always have one)."""
        rows: list[tuple[Cell, ...]] = []
        header_rows = 0
        for group in node.children:
            for row in group.children:
                loc = self._at(row, _QUOTES)
                rows.append(
                    tuple(Cell(self._content(cell, loc.line), loc) for cell in row.children)
                )
                header_rows += group.type == "thead"
        yield Table(tuple(rows), self._at(node, _QUOTES), header_rows)
        yield from self._pending()

    def _content(self, node: SyntaxTreeNode, line: int) -> Inlines:
        spans: list[Span] = []
        for text in self._inline(node, line):
            spans += [Span(" "), *text.content]
        return collapse(spans)

    def _inline(self, node: SyntaxTreeNode, line: int | None = None) -> tuple[Line, ...]:
        (inline,) = node.children
        assert inline.token is not None and inline.token.children is not None
        return self._lines(inline.token.children, line or self._line(node))

    def _lines(self, tokens: list[Token], first: int) -> tuple[Line, ...]:
        """Text with emphasis, split at line breaks; raw HTML left out, a link's target kept
        on its text's spans (`Span.link`), pictures set aside (`pending`)."""
        run = _Lines(first)
        strong = 0
        links: list[str | None] = [None]
        for token in _outside_raw_html(tokens):
            match token.type:
                case "text" | "code_inline":
                    run.spans.append(Span(token.content, strong > 0, link=links[-1]))
                case "link_open":
                    links.append(str(token.attrs.get("href", "")) or None)
                case "link_close" if len(links) > 1:
                    links.pop()
                case "softbreak" | "hardbreak":
                    run.newline()
                case "strong_open":
                    strong += 1
                case "strong_close":
                    strong -= 1
                case "image":
                    self._image(token, run.number)
                case "html_inline" if _IMG.match(token.content):
                    self._html_image(token.content, run.number)
        run.newline()
        return tuple(run.lines)

    def _image(self, token: Token, line: int) -> None:
        alt = "".join(_shown(token.children or []))
        source = str(token.attrs.get("src", ""))
        image = self.pictures.image(source, alt, Location(self.display, line))
        if image is not None:
            self.pending.append(image)

    def _html_image(self, tag: str, line: int) -> None:
        """An <img> tag written in a paragraph is a picture too, read as the HTML reader
        reads one."""
        with suppress(SourceError):
            pieces, _ = html_reader.fragment(tag, self.display, line, self.pictures)
            self.pending += [piece for piece in pieces if isinstance(piece, Image)]

    def _code(self, node: SyntaxTreeNode) -> Iterator[Piece]:
        """Indented text is code to CommonMark; in a sheet it is text indented by mistake."""
        first = self._line(node) + (node.type == "fence")
        lines = tuple(
            Line(content, number)
            for number, raw in enumerate(node.content.split("\n"), start=first)
            if (content := collapse([Span(raw)]))
        )
        if lines:
            yield Text(lines, Location(self.display, lines[0].number))

    def _line(self, node: SyntaxTreeNode) -> int:
        return node.map[0] + 1 if node.map else 1

    def _at(self, node: SyntaxTreeNode, prefix: re.Pattern[str]) -> Location:
        """Where the node's text (or, for a list, its first marker) starts."""
        line = self._line(node)
        source = self.lines[line - 1] if line <= len(self.lines) else ""
        match = prefix.match(source)
        return Location(self.display, line, (match.end() if match else 0) + 1)


@dataclass
class _Lines:
    """Inline tokens gathered into lines (a new one at each line break)."""

    number: int
    lines: list[Line] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)

    def newline(self) -> None:
        if content := collapse(self.spans):
            self.lines.append(Line(content, self.number))
        self.spans = []
        self.number += 1
