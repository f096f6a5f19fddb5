"""Read a sheet from a hospital education web page, or from the project's own HTML output.

A web page is mostly not the sheet: site header, navigation, search, scripts, footer.
The sheet is the page's content root (<main>, else role="main", else <article>, else
the smallest block holding nearly all of the page's prose). From the rest of the page
only the review stamps are read ("Last reviewed 8/2015", our own <time datetime>
stamps) with the publisher written just above one: that is where the project's own
output puts them (title and stamp in <header>, publisher and stamps in <footer>), so
the own output reads back into the same document. A page that shows no review date may
carry one for machines (`page_dates`: CDC's `cdc:last_reviewed`, schema.org
`lastReviewed`; never a "modified" date).

Safety: the model is text only. Scripts, styles, embedded content, form controls and
hidden elements are dropped with their text; attributes (on* handlers, URLs) are never
read. What a reader of the page sees and the sheet leaves out is listed as removed, each
piece with its rule (`pipeline dump` shows them), for the fidelity check: navigation and
controls inside the content, the page around a landmark content root, template lines.
Text the model cannot hold (MathML) and, when the content root is only a guess, text
outside it are not listed: they are lost text, which stops the sheet.

The page is parsed as browsers parse it (the HTML5 algorithm, by html5lib into an lxml
tree): libxml2's HTML 4 parser took an <embed>, <wbr>, <source> or <track> for an element
with content and hid everything after it, and merged a heading into an unclosed <p>.
html5lib rather than lexbor (selectolax): it builds the lxml tree this reader already
walks, and its tokenizer tells each element's source line, which selectolax does not
expose; it is slower (about 2 MB/s here), which sheets of a few kilobytes never notice.

A page declaring XML entities is refused before parsing, and the parser fetches nothing
and expands no entity but HTML's own, so neither billion-laughs expansion nor external
entities can happen.

The second half of this module turns "pieces" (headings, text blocks split into lines,
lists) into a document by the conventions the text reader uses; the Markdown reader
builds the same pieces and shares it.
"""

from __future__ import annotations

import codecs
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import html5lib
from html5lib.constants import DataLossWarning
from html5lib.treebuilders import etree_lxml
from lxml import etree
from lxml.etree import _Element

from pipeline.config import Config, TextReaderConfig
from pipeline.errors import SourceError
from pipeline.fidelity import Removed, Visible
from pipeline.model import (
    BulletList,
    Cell,
    Document,
    Image,
    Inlines,
    ListItem,
    Location,
    Meta,
    NumberedList,
    Span,
    Table,
    item_list,
    plain,
)
from pipeline.readers.encoding import SourceText, decode, read_text
from pipeline.readers.markup import (
    LAYOUT_TABLE,
    Heading,
    Line,
    Pictures,
    Piece,
    SiteNoise,
    Text,
    collapse,
    list_item,
    picture_root,
    sheet,
    take_stamps,
    take_stamps_noted,
)
from pipeline.readers.page_dates import review_date
from pipeline.readers.result import Parsed, ReadResult

#: Rules this reader reports besides the decoder's: those of `markup` (pictures, tables).
RULES: dict[str, str] = {}

#: Elements whose content is never sheet text: active, embedded, interactive or navigation.
_JUNK = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object",
        "embed", "applet", "svg", "math", "canvas", "audio", "video", "nav", "aside",
        "dialog", "button", "input", "select", "option", "textarea", "label", "legend",
        "datalist", "output",
    }
)  # fmt: skip
#: Elements never shown, nor anything inside them; noscript only shows without scripts.
_UNSHOWN = frozenset({"script", "style", "template", "noscript", "title"})
#: Shown content the model cannot hold: dropping it loses text.
_UNREADABLE = frozenset({"math"})
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LISTS = frozenset({"ul", "ol", "menu"})
_FRAME = ("header", "footer")
#: Elements that start a new block; everything else is inline (its text joins the line).
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header",
        "hgroup", "hr", "li", "main", "p", "pre", "section", "summary", "table", "tbody",
        "td", "tfoot", "th", "thead", "tr", *_HEADINGS, *_LISTS,
    }
)  # fmt: skip
_STRONG = frozenset({"strong", "b"})
#: Where the content root is looked for when a page has no landmark for it.
_PROSE = ("p", "li", "dd", "dt", "td", "th", "pre", "blockquote", "address", *_HEADINGS)
_CONTAINERS = ("div", "section", "form")
#: Share of the page's prose words the fallback content root must hold.
_ROOT_SHARE = 0.9

_ENTITY = re.compile(r"<!ENTITY", re.I)
#: Where the parser marks each element's source line (set over any the page has).
_LINE = "data-x-pipeline-line"
_MAX_DEPTH = 256
_UNHOLDABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff]")
_CHARSET = re.compile(r"""<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.I)
_SPACE = re.compile(r"\s+")


def read(path: Path, display: str, config: Config) -> ReadResult:
    source = _decode(path, display, config.text_reader.max_bytes)
    return parse_page(source.text, display, config, path).result(source.findings)


def parse(text: str, display: str, config: Config) -> Document:
    """Build a document from a decoded page; raises SourceError for refused or empty pages."""
    return parse_page(text, display, config).document


def parse_page(text: str, display: str, config: Config, path: Path | None = None) -> Parsed:
    """The page read; pictures it names are read beside `path` when it is given."""
    body = _body(text, display)
    carried = review_date(body.getroottree().getroot(), lambda element: _line(element, 1))
    visible = tuple(_visible(body, display, tail=False))
    removed = _drop_junk(body, display)
    _callout_headings(body)
    root, landmark = _content_root(body)
    settings = config.text_reader
    pictures = Pictures(display, settings.max_picture_bytes, path)
    if path is not None:
        pictures.root, pictures.root_name = picture_root(path, config.sources)
    walker = _PageWalker(display, pictures)
    # In this order: the title may sit in the page header, which the frame then takes out.
    title = _take_title(walker, root, body)
    frame_elements = _frame(body, root)
    findings = len(pictures.findings)
    frame = [piece for element in frame_elements for piece in walker.pieces(element)]
    del pictures.findings[findings:]  # the site's logos are not the sheet's pictures
    removed += [
        Removed(shown.text, "html.page-frame", shown.loc)
        for element in frame_elements
        if landmark or element.tag in _FRAME
        for shown in _visible(element, display, tail=False)
    ]
    content, attribution, noise = _drop_noise(list(walker.pieces(root)), settings)
    _, frame_attribution, _ = _drop_noise(frame, settings)
    meta = Meta(
        title=title.text if title else None,
        lang=config.language,
        loc=title.loc if title else Location(display, 1),
        attribution=_unique((*attribution, *frame_attribution)),
    )
    meta, _ = take_stamps(meta, frame, settings)  # the rest of the frame is site noise
    meta, content, stamps = take_stamps_noted(meta, content, settings)
    removed += stamps
    if meta.reviewed is None and carried is not None:  # the page's shown stamp wins
        meta = replace(meta, reviewed=carried.date, reviewed_loc=Location(display, carried.line))
    document = sheet(meta, content, config)
    return Parsed(document, visible, (*removed, *noise), tuple(pictures.findings))


def fragment(
    markup: str, display: str, line: int, pictures: Pictures
) -> tuple[list[Piece], list[Removed]]:
    """HTML inside another sheet (a Markdown HTML block starting on `line`), read as a
    page's content is: its pieces, and what was dropped by which rule. SourceError for
    markup refused (entity declarations)."""
    body = _body("\n" * (line - 1) + markup, display)
    removed = _drop_junk(body, display)
    _callout_headings(body)
    return list(_PageWalker(display, pictures).pieces(body)), removed


def shown(markup: str, display: str, line: int) -> list[Visible]:
    """What a browser shows of HTML inside another sheet, for the fidelity check."""
    return _visible(_body("\n" * (line - 1) + markup, display), display, tail=False)


def _unique(texts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(texts))


def _visible(element: _Element, display: str, tail: bool) -> list[Visible]:
    """The text a reader of the page sees in an element (with its tail), block by block:
    text runs on across inline elements ("wind<wbr>pipe" is one word, as shown); a block
    or a line break ends a piece."""
    seen = _Seen(display)
    seen.walk(element, tail)
    seen.flush()
    return seen.pieces


@dataclass
class _Seen:
    display: str
    pieces: list[Visible] = field(default_factory=list)
    run: list[str] = field(default_factory=list)
    start: int = 1

    def walk(self, element: _Element, tail: bool) -> None:
        line = _line(element, self.start)
        shown = isinstance(element.tag, str) and element.tag not in _UNSHOWN
        if shown and not _hidden(element):
            # What a rule drops with its text is a piece of its own, as its removal is.
            breaks = (
                element.tag in _BLOCKS
                or element.tag == "br"
                or (_is_junk(element) and any(text.strip() for text in element.itertext()))
            )
            if breaks:
                self.flush()
            self.add(element.text, line)
            for child in element:
                self.walk(child, tail=True)
            if breaks:
                self.flush()
        if tail:
            self.add(element.tail, line)

    def add(self, text: str | None, line: int) -> None:
        if text:
            if not "".join(self.run).strip():
                self.start = line
            self.run.append(text)

    def flush(self) -> None:
        text = "".join(self.run)
        if text.strip():
            self.pieces.append(Visible(text, Location(self.display, self.start)))
        self.run = []


def _decode(path: Path, display: str, max_bytes: int) -> SourceText:
    """UTF-8 like every sheet; other bytes in the charset the page declares, with no warning."""
    source = read_text(path, display, max_bytes)
    charset = _declared_charset(source.text) if source.encoding == "cp1252" else None
    if charset is None:
        return source
    try:
        text = path.read_bytes().decode(charset)
    except (OSError, UnicodeDecodeError):
        return source
    return decode(text.encode("utf-8"), display)


def _declared_charset(text: str) -> str | None:
    """The <meta charset> codec; Latin-1 and ASCII mean Windows-1252, as browsers read them."""
    match = _CHARSET.search(text)
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1)).name
    except LookupError:
        return None
    return None if name == "utf-8" else {"iso8859-1": "cp1252", "ascii": "cp1252"}.get(name, name)


def _body(text: str, display: str) -> _Element:
    if entity := _ENTITY.search(text):
        raise SourceError(
            display,
            "declares XML entities (DOCTYPE) — refused: entity declarations can expand "
            "without limit or read other files",
            text.count("\n", 0, entity.start()) + 1,
        )
    # What lxml cannot hold is invisible anyway (the decoder has already removed and
    # reported it in a file's text); a form feed is white space to HTML.
    text = _UNHOLDABLE.sub("", text.replace("\f", " "))
    parser = html5lib.HTMLParser(tree=_Located, namespaceHTMLElements=False)
    builder: _Located = parser.tree
    builder.position = lambda: int(parser.tokenizer.stream.position()[0])
    try:
        with warnings.catch_warnings():
            # html5lib renames what XML cannot name and mends odd comments: no text is lost.
            warnings.simplefilter("ignore", DataLossWarning)
            root: _Element = parser.parse(text).getroot()
    except _TooDeep as deep:
        raise SourceError(
            display, f"nests elements more than {_MAX_DEPTH} deep: refused", deep.line
        ) from None
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = element.tag.rsplit("}", 1)[1]  # <svg>, <math> by their own names
    body = root.find("body")
    return root if body is None else body


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _Located(etree_lxml.TreeBuilder):
    """html5lib's lxml tree builder, marking each element with the line its start tag ends
    on (`_LINE`: lxml's own `sourceline` wraps past 65,535), which html5lib does not record.

    The doctype is ignored: the lxml builder would re-parse it as XML, and the sheet needs
    nothing from it. Nesting deeper than `_MAX_DEPTH` stops the parse: the reader walks the
    tree recursively, and no real sheet nests so deep.
    """

    position: Callable[[], int]

    def insertElementNormal(self, token: dict[str, Any]) -> Any:
        return self._located(super().insertElementNormal(token))  # type: ignore[no-untyped-call]

    def insertElementTable(self, token: dict[str, Any]) -> Any:
        return self._located(super().insertElementTable(token))  # type: ignore[no-untyped-call]

    def _located(self, element: Any) -> Any:
        line = self.position()
        if len(self.openElements) > _MAX_DEPTH:
            raise _TooDeep(line)
        element._element.set(_LINE, str(line))
        return element

    def insertDoctype(self, token: object) -> None:
        self.doctype = None


def _drop_junk(body: _Element, display: str) -> list[Removed]:
    """Drop what is never sheet text; the shown text of it is removed by rule, except
    content the model cannot hold."""
    removed: list[Removed] = []
    for tools in _page_tools(body):
        removed += [
            Removed(shown.text, "html.page-tool", shown.loc)
            for shown in _visible(tools, display, tail=False)
        ]
        _drop(tools)
    for element in [element for element in body.iter() if _is_junk(element)]:
        outer = not any(_is_junk(ancestor) for ancestor in element.iterancestors())
        if outer and isinstance(element.tag, str) and element.tag not in _UNREADABLE:
            hidden = (element.get("aria-hidden") or "").strip().lower() == "true"
            rule = "html.aria-hidden" if hidden else f"html.{element.tag}"
            removed += [
                Removed(shown.text, rule, shown.loc)
                for shown in _visible(element, display, tail=False)
            ]
        _drop(element)
    return removed


#: Separators between page tools: "Print | Email".
_TOOL_GAP = re.compile(r"[\s|\u00b7\u2022/]*")


def _page_tools(body: _Element) -> list[_Element]:
    """Blocks holding nothing but links that act on the page instead of going anywhere
    ("Print", "Email", "Share": href="#", "javascript:", "mailto:?subject=", an onclick):
    page tools, never sheet text. Such a link inside a sentence (a glossary pop-up) stays."""
    found = []
    for block in body.iter(*_BLOCKS):
        links = [child for child in block if child.tag == "a"]
        if not links or len(links) != len(block) or not all(map(_acts_on_page, links)):
            continue
        between = [block.text, *(link.tail for link in links)]
        if all(_TOOL_GAP.fullmatch(text or "") for text in between):
            found.append(block)
    return found


def _acts_on_page(link: _Element) -> bool:
    href = (link.get("href") or "").strip().lower()
    return (
        href in ("", "#")
        or href.startswith(("javascript:", "mailto:?"))
        or link.get("onclick") is not None
    )


def _is_junk(element: _Element) -> bool:
    if not isinstance(element.tag, str):
        return True
    if element.tag == "aside" and _callout(element):
        return False
    return (
        element.tag in _JUNK
        or element.tag in _UNSHOWN
        or _hidden(element)
        or (element.get("aria-hidden") or "").strip().lower() == "true"
    )


def _callout(aside: _Element) -> bool:
    """An <aside> inside the article that is sheet text, not a sidebar: a warning or tip box
    ("Check before you start anything new"), mostly words that are no links. A sidebar of
    related links, or an aside beside the article, is page furniture."""
    if not any(ancestor.tag in ("article", "main") for ancestor in aside.iterancestors()):
        return False
    words = len(_text_of(aside).split())
    linked = sum(len(_text_of(link).split()) for link in aside.iter("a"))
    return words > 0 and linked * 2 < words


def _callout_headings(root: _Element) -> None:
    """A callout's heading titles the box, not a section of the sheet: it becomes bold
    text, so the sheet's next paragraphs stay under the heading they were under."""
    for aside in root.iter("aside"):
        for heading in aside.iter(*_HEADINGS):
            heading.tag = "p"
            bold = etree.SubElement(heading, "strong")
            bold.text, heading.text = heading.text, None
            for child in list(heading):
                if child is not bold:
                    bold.append(child)


def _hidden(element: _Element) -> bool:
    """Not shown at all (unlike aria-hidden, which only screen readers skip)."""
    return element.get("hidden") is not None or bool(
        _HIDDEN_STYLE.search(element.get("style") or "")
    )


def _drop(element: _Element) -> None:
    """Remove an element but keep the text that follows it, as lxml.html's drop_tree does."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + element.tail
        else:
            previous.tail = (previous.tail or "") + element.tail
    parent.remove(element)


def _content_root(body: _Element) -> tuple[_Element, bool]:
    """The sheet's element, and whether a landmark (not a guess) says so."""
    for path in (".//main", ".//*[@role='main']", ".//article"):
        if (found := body.find(path)) is not None:
            return found, True
    total = _words(body)
    if not total:
        return body, False
    holding = [el for el in body.iter(*_CONTAINERS) if _words(el) >= _ROOT_SHARE * total]
    root = max(holding, key=lambda element: len(list(element.iterancestors())), default=body)
    return root, False


def _words(element: _Element) -> int:
    return sum(len(_text_of(node).split()) for node in element.iter(*_PROSE))


def _text_of(element: _Element) -> str:
    return "".join(text for text in element.itertext() if isinstance(text, str))


def _line(element: _Element, default: int) -> int:
    """The line the element's start tag ends on, as the parser marked it."""
    line = element.get(_LINE) if isinstance(element.tag, str) else None
    return int(line) if line else default


def _take_title(walker: _PageWalker, root: _Element, body: _Element) -> Heading | None:
    """The first non-empty <h1> of the sheet, else of the page (our own output's header)."""
    for scope in (root, body):
        for h1 in scope.iter("h1"):
            if (heading := next(walker.pieces(h1), None)) is not None:
                _drop(h1)
                return heading if isinstance(heading, Heading) else None
    return None


def _frame(body: _Element, root: _Element) -> list[_Element]:
    """Take the page around the sheet out of the tree: headers, footers and, outside the
    content root, everything else."""
    frame = [
        element
        for element in root.iter(*_FRAME)
        if not any(ancestor.tag in _FRAME for ancestor in element.iterancestors())
    ]
    for element in frame:
        _drop(element)
    if root is not body:
        _drop(root)
        frame.append(body)
    return frame


def _drop_noise(
    pieces: list[Piece], settings: TextReaderConfig
) -> tuple[list[Piece], list[str], list[Removed]]:
    """Take out the site template's lines ("Back To Top", skip links, share toolbars, the
    .gov banner: `SiteNoise`), and copyright lines, which the footer keeps as the sheet's
    attribution."""
    noise = SiteNoise(settings)
    lines: list[tuple[str, Location] | None] = []
    for piece in pieces:
        match piece:
            case Heading():
                lines.append((piece.text, piece.loc))
            case Text():
                lines += [(line.text, replace(piece.loc, line=line.number)) for line in piece.lines]
            case _:
                lines.append(None)
    gone = iter(noise.sweep(lines))
    kept: list[Piece] = []
    for piece in pieces:
        match piece:
            case Heading():
                if not next(gone):
                    kept.append(piece)
            case Text():
                kept_lines = tuple(line for line in piece.lines if not next(gone))
                if kept_lines:
                    loc = replace(piece.loc, line=kept_lines[0].number)
                    kept.append(replace(piece, lines=kept_lines, loc=loc))
            case _:
                next(gone)
                kept.append(piece)
    return kept, noise.attribution, noise.removed


@dataclass
class _InlineRun:
    """Inline content being gathered into lines (a new one at each <br>)."""

    lines: list[Line] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    start: int | None = None
    #: The target of the link being read (`Span.link`), if any.
    link: str | None = None

    def add(self, text: str, strong: bool, line: int) -> None:
        if self.start is None and text.strip():
            self.start = line + text[: len(text) - len(text.lstrip())].count("\n")
        self.spans.append(Span(text, strong, link=self.link))

    def newline(self) -> None:
        content = collapse(self.spans)
        if content:
            self.lines.append(Line(content, self.start or 1, tuple(self.dates)))
        self.spans, self.dates, self.start = [], [], None


class _PageWalker:
    """Turns elements into pieces, following source lines as it goes.

    lxml gives each element the line its start tag is on; newlines in the text since
    then are counted, so a line after a <br> has its own number.
    """

    def __init__(self, display: str, pictures: Pictures) -> None:
        self.display = display
        self.pictures = pictures
        self.line = 1
        #: Pictures met inside text, placed after the block that holds them.
        self.pending: list[Image] = []

    def pieces(self, element: _Element, address: bool = False) -> Iterator[Piece]:
        self.line = _line(element, self.line)
        match element.tag:
            case "h1" | "h2" | "h3" | "h4" | "h5" | "h6" as tag:
                run = _InlineRun()
                self._inline(run, element, strong=False, breaks=False)
                run.newline()
                if run.lines:
                    text = plain(run.lines[0].content)
                    yield Heading(text, _HEADINGS[tag], self._at(run.lines[0].number))
                yield from self._pending()
            case "ul" | "ol" | "menu":
                yield from self._list(element)
            case "table":
                yield from self._table(element, address)
            case "dt" | "summary":
                yield from self._blocks(element, address, strong=True)
            case tag:
                yield from self._blocks(element, address or tag == "address")

    def _pending(self) -> Iterator[Image]:
        pending, self.pending = self.pending, []
        yield from pending

    def _table(self, table: _Element, address: bool) -> Iterator[Piece]:
        """A data table as a Table; a layout table (one column and no header, cells that
        hold headings or tables, or role="presentation") as the blocks in its cells,
        reported."""
        loc = self._at(self.line)
        shape = _Shape.of(table)
        if not shape.cells():  # only captions, if anything: lines of text
            for caption in shape.captions:
                yield from self._blocks(caption, address)
            return
        if shape.layout:
            self.pictures.findings.append(
                LAYOUT_TABLE.finding(
                    "a table used for layout was read as paragraphs (it has one column and "
                    "no header, holds headings or tables, or is marked role=presentation)",
                    loc,
                    suggestion="use paragraphs or a list; keep tables for data with headers",
                )
            )
            for element in [*shape.captions, *shape.cells()]:
                self.line = _line(element, self.line)
                yield from self._blocks(element, address)
            return
        rows: list[tuple[Cell, ...]] = []
        for index, (_, row) in enumerate(shape.rows):
            left = shape.left_in_group(index)
            rows.append(tuple(self._cell(cell, left) for cell in row))
        spans = [
            span for element in shape.captions for span in (Span(" "), *self._content(element))
        ]
        yield Table(tuple(rows), loc, shape.header_rows(), shape.row_headers(), collapse(spans))
        yield from self._pending()

    def _cell(self, cell: _Element, rows_left: int) -> Cell:
        self.line = _line(cell, self.line)
        loc = self._at(self.line)
        columns = min(_number(cell.get("colspan"), 1), 1000) or 1
        rows = _number(cell.get("rowspan"), 1)
        rows = rows_left if rows == 0 else min(rows, rows_left)
        return Cell(self._content(cell), loc, columns=columns, rows=max(rows, 1))

    def _content(self, element: _Element) -> Inlines:
        """An element's text on one line, emphasis kept (a table cell, a caption)."""
        self.line = _line(element, self.line)
        run = _InlineRun()
        self._text(run, element.text, strong=False)
        for child in element:
            self._inline(run, child, strong=False, breaks=False)
            self._text(run, child.tail, strong=False)
        return collapse(run.spans)

    def _image(self, img: _Element) -> None:
        source = self.pictures.best(candidates(img))
        image = self.pictures.image(source, img.get("alt"), self._at(self.line))
        if image is not None:
            self.pending.append(image)

    def _blocks(self, element: _Element, address: bool, strong: bool = False) -> Iterator[Piece]:
        """Children in order; inline content between block children is one Text piece
        (`strong` for a term a definition list defines, or a FAQ's question in <summary>:
        they stand out as the page shows them)."""
        run = _InlineRun()
        self._text(run, element.text, strong=strong)
        for child in element:
            if child.tag in _BLOCKS:
                yield from self._flush(run, address)
                yield from self.pieces(child, address)
                run = _InlineRun()
            else:
                self._inline(run, child, strong=strong, breaks=True)
            self._text(run, child.tail, strong=strong)
        yield from self._flush(run, address)

    def _list(self, element: _Element) -> Iterator[Piece]:
        """A list; tables and pictures in its items, which an item cannot hold, follow it.
        Text and inline elements right inside the list, outside any item (invalid, but
        shown), are items of their own."""
        loc = self._at(self.line)
        items: list[ListItem] = []
        hoisted: list[Piece] = []
        stray = _InlineRun()
        self._text(stray, element.text, strong=False)
        for child in element:
            if child.tag not in _BLOCKS:
                self._inline(stray, child, strong=False, breaks=True)
                self._text(stray, child.tail, strong=False)
                continue
            stray = self._stray(items, stray)
            if child.tag in _LISTS:
                # A list right inside a list (invalid, but common) nests under the item above.
                pieces = list(self.pieces(child))
                nested = tuple(item for piece in pieces for item in _items(piece))
                if items:
                    items[-1] = replace(items[-1], children=items[-1].children + nested)
                else:
                    items.extend(nested)
            else:
                self.line = _line(child, self.line)
                pieces = list(self._blocks(child, False))
                items.extend(list_item(pieces, self._at(self.line)))
            hoisted += [piece for piece in pieces if isinstance(piece, Table | Image)]
            self._text(stray, child.tail, strong=False)
        self._stray(items, stray)
        if items:
            start = _start(element) if element.tag == "ol" else None
            yield item_list(tuple(items), loc, start)
        yield from hoisted
        yield from self._pending()

    def _stray(self, items: list[ListItem], run: _InlineRun) -> _InlineRun:
        """Add a list's stray inline content as items; a new run for what follows."""
        run.newline()
        items += [ListItem(line.content, self._at(line.number)) for line in run.lines]
        return _InlineRun()

    def _inline(self, run: _InlineRun, element: _Element, strong: bool, breaks: bool) -> None:
        """Text of an inline element; a block inside one (<a><div>…) is set off by spaces."""
        self.line = _line(element, self.line)
        if element.tag == "img":
            self._image(element)
            return
        if element.tag == "br":
            if breaks:
                run.newline()
            else:
                run.add(" ", strong, self.line)
            return
        if element.tag in _BLOCKS:
            run.add(" ", strong, self.line)
        if element.tag == "time" and (value := element.get("datetime")):
            run.dates.append(value)
        strong = strong or element.tag in _STRONG
        outer = run.link
        if element.tag == "a" and (href := (element.get("href") or "").strip()):
            run.link = href
        self._text(run, element.text, strong)
        for child in element:
            self._inline(run, child, strong, breaks)
            self._text(run, child.tail, strong)
        run.link = outer
        if element.tag in _BLOCKS:
            run.add(" ", strong, self.line)

    def _text(self, run: _InlineRun, text: str | None, strong: bool) -> None:
        if text:
            run.add(text, strong, self.line)
            self.line += text.count("\n")

    def _flush(self, run: _InlineRun, address: bool) -> Iterator[Piece]:
        run.newline()
        if run.lines:
            yield Text(tuple(run.lines), self._at(run.lines[0].number), address)
        yield from self._pending()

    def _at(self, line: int) -> Location:
        return Location(self.display, line)


#: Picture types a <picture>'s <source> may offer that the outputs can hold.
_SHOWN_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp"})
_CANDIDATE = re.compile(
    r"\s*(?P<url>[^\s,][^\s]*?),?(?:\s+(?P<size>\d+(?:\.\d+)?)(?P<unit>[wx]))?\s*(?:,|$)"
)


def candidates(img: _Element) -> list[str]:
    """The picture files an <img> offers, largest first: its `srcset` and those of the
    <source> elements of its <picture> (of a type the outputs can hold), then `src`.
    A width ("960w") is compared with a density ("2x") through the <img>'s width."""
    width = _number(img.get("width"), 600)
    offers: list[tuple[float, int, str]] = []
    sets = [img.get("srcset")]
    parent = img.getparent()
    if parent is not None and parent.tag == "picture":
        sets += [
            source.get("srcset")
            for source in parent.iter("source")
            if (source.get("type") or "image/jpeg").strip().lower() in _SHOWN_TYPES
        ]
    for srcset in sets:
        for match in _CANDIDATE.finditer(srcset or ""):
            size = float(match["size"] or 1)
            offers.append(
                (size if match["unit"] == "w" else size * width, len(offers), match["url"])
            )
    ranked = [url for _, _, url in sorted(offers, key=lambda offer: (-offer[0], offer[1]))]
    src = (img.get("src") or "").strip()
    return list(dict.fromkeys([*ranked, src] if src else ranked))


def _number(value: str | None, default: int) -> int:
    """A non-negative whole number attribute (colspan, rowspan), else `default`."""
    try:
        return max(0, int((value or "").strip()))
    except ValueError:
        return default


@dataclass(frozen=True)
class _Shape:
    """A <table>'s caption and rows (head, body, then foot, as shown), before reading."""

    #: One, normally; a second is shown too.
    captions: tuple[_Element, ...]
    #: (row group, cells) of each row.
    rows: tuple[tuple[str, tuple[_Element, ...]], ...]
    #: The page says the table only lays things out (role="presentation" or "none").
    presentation: bool = False

    @staticmethod
    def of(table: _Element) -> _Shape:
        captions: list[_Element] = []
        groups: dict[str, list[tuple[str, tuple[_Element, ...]]]] = {
            "thead": [], "tbody": [], "tfoot": []
        }  # fmt: skip
        for child in table:
            if child.tag == "caption":
                captions.append(child)
            group = [child] if child.tag == "tr" else list(child) if child.tag in groups else []
            for tr in group:
                if tr.tag == "tr":
                    cells = tuple(cell for cell in tr if cell.tag in ("td", "th"))
                    tag = child.tag if child.tag in groups else "tbody"
                    groups[tag].append((tag, cells))
        rows = tuple(row for group in groups.values() for row in group)
        role = (table.get("role") or "").strip().lower()
        return _Shape(tuple(captions), rows, role in ("presentation", "none"))

    @property
    def layout(self) -> bool:
        width = max(
            (sum(_number(c.get("colspan"), 1) or 1 for c in cells) for _, cells in self.rows),
            default=0,
        )
        header = bool(self.captions) or any(
            group == "thead" or any(cell.tag == "th" for cell in cells)
            for group, cells in self.rows
        )
        nested = any(
            next(cell.iter("table", *_HEADINGS), None) is not None for cell in self.cells()
        )
        return (width <= 1 and not header) or nested or self.presentation

    def cells(self) -> list[_Element]:
        return [cell for _, cells in self.rows for cell in cells]

    def left_in_group(self, index: int) -> int:
        """How many rows, this one included, its row group has from here."""
        group = self.rows[index][0]
        return sum(1 for tag, _ in self.rows[index:] if tag == group)

    def header_rows(self) -> int:
        """Rows in <thead>; without one, the leading rows of <th> cells only."""
        head = sum(1 for group, _ in self.rows if group == "thead")
        if head:
            return head
        count = 0
        for _, cells in self.rows:
            if not cells or any(cell.tag != "th" or cell.get("scope") == "row" for cell in cells):
                break
            count += 1
        return count

    def row_headers(self) -> bool:
        """Whether a body row starts with a <th>: the first column names the rows."""
        return any(
            cells and cells[0].tag == "th" and len(cells) > 1
            for _, cells in self.rows[self.header_rows() :]
        )


def _start(ol: _Element) -> int:
    """An <ol>'s first number: its `start` when that is a number (0 or more), else 1."""
    try:
        return max(0, int(ol.get("start", "1").strip()))
    except ValueError:
        return 1


def _items(piece: Piece) -> tuple[ListItem, ...]:
    return piece.items if isinstance(piece, BulletList | NumberedList) else ()
