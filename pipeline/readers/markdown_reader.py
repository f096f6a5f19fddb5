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

It is parsed here rather than as YAML: a typo in a key or a date must be an error
naming the line, not a silently different value. The title is front matter's `title`,
else the first `#` heading; `##` headings open sections; `-`, `*` and `+` lists nest
by indentation (a new bullet character starts a new list); `**bold**` is strong.
"Last reviewed 8/2015" in the text works as in the text reader. Raw HTML is never
carried: HTML blocks are dropped, inline tags are stripped, and so is the text of
inline <script> and <style>. Links keep their text only; images are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from pipeline.config import Config
from pipeline.dates import PartialDate
from pipeline.errors import SourceError
from pipeline.model import Document, Location, Meta, Span, item_list
from pipeline.readers.encoding import read_text
from pipeline.readers.markup import (
    Heading,
    Line,
    Piece,
    Text,
    collapse,
    list_item,
    sheet,
    take_stamps,
)
from pipeline.readers.result import ReadResult

#: Rules this reader reports besides the decoder's source.* findings: none.
RULES: dict[str, str] = {}


class _Parser(MarkdownIt):
    """CommonMark, with raw HTML recognised (so that it can be dropped).

    Every link target is accepted: a link refused as unsafe would stay in the text as
    "[text](javascript:…)", while an accepted one is reduced to its text.
    """

    def validateLink(self, url: str) -> bool:
        return True


_MARKDOWN = _Parser("commonmark")
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
_FIELD = re.compile(r"(?P<key>[A-Za-z][\w-]*)[ \t]*:(?:[ \t]+(?P<value>.*))?")
_ITEM = re.compile(r"[ \t]*-[ \t]+(?P<value>.+)")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
#: Blockquote and list markers before a block's text on its first line.
_MARKERS = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*")
_QUOTES = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*")
#: Inline HTML elements whose text must go with their tags.
_RAW_OPEN = re.compile(r"<(script|style|template|textarea|title|noscript)\b[^>]*(?<!/)>", re.I)


@dataclass
class _Field:
    """A front matter value and its line; list keys keep their values in `items`."""

    line: int
    value: str = ""
    items: list[str] = field(default_factory=list)


def read(path: Path, display: str, config: Config) -> ReadResult:
    source = read_text(path, display, config.text_reader.max_bytes)
    return ReadResult(parse(source.text, display, config), source.findings)


def parse(text: str, display: str, config: Config) -> Document:
    """Build a document from decoded Markdown; raises SourceError for bad front matter."""
    lines = text.split("\n")
    fields, length = _front_matter(lines, display)
    meta = _meta(fields, display, config)
    # Blank the front matter rather than cut it, so the parser's line numbers stay the file's.
    body = "\n" * length + "\n".join(lines[length:])
    root = SyntaxTreeNode(_MARKDOWN.parse(body))
    pieces = list(_Walker(display, lines).pieces(root))
    meta, pieces = _title(meta, pieces)
    meta, pieces = take_stamps(meta, pieces, config.text_reader)
    return sheet(meta, pieces, config)


def _front_matter(lines: list[str], display: str) -> tuple[dict[str, _Field], int]:
    """The `---` block's fields by key, and how many lines it takes (0 without one)."""
    if not lines or lines[0].rstrip() != "---":
        return {}, 0
    fields: dict[str, _Field] = {}
    last = ""
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() == "---":
            return fields, number
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if (item := _ITEM.fullmatch(line.rstrip())) and last in _LIST_KEYS:
            fields[last].items.append(_unquote(item.group("value")))
            continue
        last = _field(line.strip(), number, display, fields)
    raise SourceError(display, "front matter has no closing '---' line", 1)


def _field(line: str, number: int, display: str, fields: dict[str, _Field]) -> str:
    """Add the field on `line`; return its key."""
    match = _FIELD.fullmatch(line)
    if match is None:
        raise SourceError(display, f"front matter: expected 'key: value', not {line!r}", number)
    key = match.group("key").lower().replace("-", "_")
    if key not in _KEYS:
        known = ", ".join(_KEYS).replace("_", "-")
        raise SourceError(display, f"front matter: unknown key {key!r} (known: {known})", number)
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


def _title(meta: Meta, pieces: list[Piece]) -> tuple[Meta, list[Piece]]:
    """The first `#` heading is the title when front matter has none, or when it repeats it."""
    for index, piece in enumerate(pieces):
        if not isinstance(piece, Heading) or piece.level != 1:
            continue
        rest = [*pieces[:index], *pieces[index + 1 :]]
        if meta.title is None:
            return replace(meta, title=piece.text, loc=piece.loc), rest
        return meta, (rest if piece.text == meta.title else pieces)
    return meta, pieces


class _Walker:
    """Turns the parser's block tree into pieces located by line and column."""

    def __init__(self, display: str, lines: list[str]) -> None:
        self.display = display
        self.lines = lines

    def pieces(self, node: SyntaxTreeNode) -> Iterator[Piece]:
        match node.type:
            case "heading":
                lines = self._inline(node)
                if lines:
                    text = " ".join(line.text for line in lines)
                    yield Heading(text, int(node.tag[1:]), self._at(node, _MARKERS))
            case "paragraph":
                if lines := self._inline(node):
                    yield Text(lines, self._at(node, _MARKERS))
            case "bullet_list" | "ordered_list":
                items = [
                    entry
                    for item in node.children
                    for entry in list_item(self._children(item), self._at(item, _MARKERS))
                ]
                if items:
                    numbered = node.type == "ordered_list"
                    start = int(str(node.attrs.get("start", 1))) if numbered else None
                    yield item_list(tuple(items), self._at(node, _QUOTES), start)
            case "code_block" | "fence":
                yield from self._code(node)
            case "html_block" | "hr":
                return
            case _:
                yield from self._children(node)

    def _children(self, node: SyntaxTreeNode) -> Iterator[Piece]:
        for child in node.children:
            yield from self.pieces(child)

    def _inline(self, node: SyntaxTreeNode) -> tuple[Line, ...]:
        (inline,) = node.children
        assert inline.token is not None and inline.token.children is not None
        return _lines(inline.token.children, self._line(node))

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


def _lines(tokens: list[Token], first: int) -> tuple[Line, ...]:
    """Text with emphasis, split at line breaks; raw HTML and links' targets left out."""
    run = _Lines(first)
    strong = 0
    skipping: re.Pattern[str] | None = None
    for token in tokens:
        if skipping is not None:
            if token.type == "html_inline" and skipping.match(token.content):
                skipping = None
            continue
        match token.type:
            case "text" | "code_inline":
                run.spans.append(Span(token.content, strong > 0))
            case "softbreak" | "hardbreak":
                run.newline()
            case "strong_open":
                strong += 1
            case "strong_close":
                strong -= 1
            case "html_inline" if opening := _RAW_OPEN.match(token.content):
                skipping = re.compile(rf"</{opening.group(1)}\s*>", re.I)
    run.newline()
    return tuple(run.lines)
