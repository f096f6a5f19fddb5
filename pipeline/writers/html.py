"""One self-contained, accessible HTML page per sheet, for screens and for print.

Everything is inline, the stylesheet too, so a page can be emailed, opened from a
patient portal or printed on a ward without fetching anything. The tree is built with
lxml, so the serialiser escapes every string from a sheet; nothing is escaped by hand.
Landmarks: the title and last review date in <header>, the sheet in <main>, the
publisher and both review stamps in <footer>. An urgent sentence ("… call 911 …") is
<span class="urgent">, which the stylesheet marks by weight and a box, not by colour
alone; ordinary bold is plain <strong>. Phone numbers are `tel:` links.
"""

from __future__ import annotations

import itertools
import textwrap
from importlib.resources import files
from typing import assert_never

from lxml import etree
from lxml.etree import _Element

from pipeline.elements import add, append
from pipeline.languages import is_rtl
from pipeline.model import (
    Block,
    BulletList,
    Document,
    Image,
    Inlines,
    ListItem,
    Meta,
    NumberedList,
    Paragraph,
    Table,
    plain,
)
from pipeline.numbering import level_format
from pipeline.writers import grid, phones, pictures, running
from pipeline.writers.stamps import Stamp, notice, stamps, title

#: HTML's `type` of an <ol> for each of Word's number formats.
_OL_TYPES = {"decimal": "1", "lowerLetter": "a", "lowerRoman": "i"}
_CSS = files("pipeline.writers").joinpath("sheet.css").read_text(encoding="utf-8")
#: Phrasing elements; the indenter leaves whitespace around them alone so no text changes.
_INLINE = frozenset({"strong", "span", "a", "time", "img"})


def write(document: Document) -> bytes:
    meta = document.meta
    heading = title(meta, document.name)
    root = etree.Element("html", lang=meta.lang)
    if is_rtl(meta.lang):
        root.set("dir", "rtl")
    head = add(root, "head")
    add(head, "meta", attrib={"charset": "utf-8"})
    add(head, "meta", attrib={"name": "viewport", "content": "width=device-width, initial-scale=1"})
    add(head, "title", heading)
    add(head, "style", "\n" + textwrap.indent(_CSS, " " * 6) + " " * 4)  # <style> sits at depth 2
    add(
        head,
        "style",
        "\n" + textwrap.indent(_pages(meta, heading), " " * 6) + " " * 4,
        {"media": "print"},
    )

    body = add(root, "body")
    header = add(body, "header")
    _notice(header, meta)
    add(header, "h1", heading)
    # Families and staff look for the review date first; the footer repeats it with the rest.
    _stamp(add(header, "p", attrib={"class": "stamp"}), stamps(meta)[0])

    main = add(body, "main")
    number = 0
    for section in document.sections:
        parent = main
        if section.heading is not None:
            number += 1
            ident = f"s{number}"
            parent = add(main, "section", attrib={"aria-labelledby": ident})
            add(parent, f"h{min(section.level, 6)}", section.heading, attrib={"id": ident})
        for block in section.blocks:
            _block(parent, block, document.name)

    footer = add(body, "footer")
    if meta.publisher:
        address = add(footer, "address", meta.publisher[0])
        for line in meta.publisher[1:]:
            add(address, "br").tail = line
    for stamp in stamps(meta):
        _stamp(add(footer, "p"), stamp)
    for line in meta.attribution:
        add(footer, "p", line, attrib={"class": "attribution"})

    _indent(root, 0)
    page = etree.tostring(root, method="html", encoding="unicode", doctype="<!DOCTYPE html>")
    return (page + "\n").encode("utf-8")


def _block(parent: _Element, block: Block, name: str) -> None:
    match block:
        case Paragraph():
            _inlines(add(parent, "p"), block.content)
        case BulletList():
            _list(parent, block.items, numbered=False)
        case NumberedList():
            _list(parent, block.items, numbered=True, start=block.start)
        case Table():
            _table(parent, block)
        case Image():
            _image(parent, block, name)
        case _:
            assert_never(block)


def _table(parent: _Element, table: Table) -> None:
    """A real table: a caption, column headings in <thead> (`scope="col"`), row headings
    (`scope="row"`) when the first column names the rows. It sits in a region that scrolls
    by itself, focusable by keyboard, so a wide table never makes the page scroll sideways
    on a phone (WCAG 1.4.10)."""
    label = plain(table.caption) or "Table"
    region = add(
        parent,
        "div",
        attrib={"class": "table", "role": "region", "aria-label": label, "tabindex": "0"},
    )
    element = add(region, "table")
    if table.caption:
        _inlines(add(element, "caption"), table.caption)
    groups = (
        ("thead", table.rows[: table.header_rows]),
        ("tbody", table.rows[table.header_rows :]),
    )
    for group, rows in groups:
        if not rows:
            continue
        container = add(element, group)
        for row in grid.layout(rows):
            tr = add(container, "tr")
            for placed in row:
                if placed.continued:
                    continue
                cell = placed.cell
                # A row heading names the data cells beside it; a cell alone on its row
                # (a note across the table) is data.
                names_row = table.row_headers and not placed.column and len(row) > 1
                scope = "col" if group == "thead" else "row" if names_row else ""
                attributes = {"scope": scope} if scope else {}
                attributes |= {"colspan": str(cell.columns)} if cell.columns != 1 else {}
                attributes |= {"rowspan": str(cell.rows)} if cell.rows != 1 else {}
                _inlines(add(tr, "th" if scope else "td", attrib=attributes), cell.content)


def _image(parent: _Element, image: Image, name: str) -> None:
    """The picture from the file beside the page, with its alternative text ("" when
    decorative, so screen readers skip it); a picture the source only linked to is not
    fetched, and the page says what is missing."""
    if not image.data:
        missing = f"Picture not included: {image.alt}" if image.alt else "Picture not included"
        add(parent, "p", missing, attrib={"class": "picture-missing"})
        return
    source = f"{name}.{pictures.suffix(image)}"
    paragraph = add(parent, "p", attrib={"class": "picture"})
    add(paragraph, "img", attrib={"src": source, "alt": "" if image.decorative else image.alt})


def _list(
    parent: _Element,
    items: tuple[ListItem, ...],
    *,
    numbered: bool,
    start: int = 1,
    depth: int = 0,
) -> None:
    """A real <ul>, or <ol> for numbered steps (1., then a., then i. when nested, as in the
    DOCX); children become a list inside their parent's <li>, as HTML nests lists."""
    attributes = {}
    if numbered and depth:
        attributes["type"] = _OL_TYPES[level_format(depth)]
    if numbered and start != 1:
        attributes["start"] = str(start)
    element = add(parent, "ol" if numbered else "ul", attrib=attributes)
    for item in items:
        li = add(element, "li")
        _inlines(li, item.content)
        if item.children:
            _list(li, item.children, numbered=numbered, depth=depth + 1)


def _inlines(parent: _Element, content: Inlines) -> None:
    """Fill an empty element with text: bold as <strong>, an urgent sentence (with its
    phrase, "call 911", in <strong>) as <span class="urgent">, a passage in another
    language in a <span lang> for screen readers' voices."""
    for urgent, group in itertools.groupby(content, key=lambda span: span.urgent):
        target = add(parent, "span", attrib={"class": "urgent"}) if urgent else parent
        for span in group:
            inner = add(target, "span", attrib={"lang": span.lang}) if span.lang else target
            _linked(add(inner, "strong") if span.strong else inner, span.text, span.urgent)


def _linked(parent: _Element, text: str, urgent: bool = False) -> None:
    """Append `text`, its phone numbers as tap-to-call links named by the number as written."""
    for words, address in phones.pieces(text, urgent):
        if address is None:
            append(parent, words)
        else:
            add(parent, "a", words, attrib={"href": address})


def _pages(meta: Meta, heading: str) -> str:
    """What every printed page repeats, in @page margin boxes (Chromium 131 and later,
    which the accessibility checks use): the draft notice boxed at the top, the title and
    review stamp at the bottom left, "Page X of Y" at the bottom right. A browser without
    margin boxes prints the notice and stamp once, at the top, and no page numbers."""
    rules = ["@page {"]
    if lines := notice(meta):
        rules += [
            "  margin-top: 3.5cm;",
            "  @top-center {",
            f"    content: {_css_string(chr(10).join(lines))};",
            "    white-space: pre-line;",
            "    font: 700 10pt system-ui, sans-serif;",
            "    border: 0.15em solid #000000;",
            "    padding: 0.25em 0.5em;",
            "  }",
        ]
    rules += [
        "  @bottom-left {",
        f"    content: {_css_string(f'{heading} · {running.stamp(meta)}')};",
        "    font: 9pt system-ui, sans-serif;",
        "  }",
        "  @bottom-right {",
        f"    content: {_counter(*running.page_words(meta))};",
        "    font: 9pt system-ui, sans-serif;",
        "  }",
        "}",
    ]
    return "\n".join(rules) + "\n"


def _counter(before: str, between: str, after: str) -> str:
    """CSS content for the page number and count with the words around them."""
    words = [_css_string(word) if word else "" for word in (before, between, after)]
    parts = (words[0], "counter(page)", words[1], "counter(pages)", words[2])
    return " ".join(part for part in parts if part)


def _css_string(text: str) -> str:
    """`text` as a CSS string: letters, digits and plain punctuation as they are, anything
    else (quotes, backslashes, line breaks, "<" that could close the <style>) escaped."""
    safe = " .,:;!?()'-·/"
    return '"' + "".join(c if c.isalnum() or c in safe else f"\\{ord(c):x} " for c in text) + '"'


def _notice(header: _Element, meta: Meta) -> None:
    """A draft translation says so first, in bold and a box (not by colour alone); the
    English copy of the notice is marked as English for screen readers."""
    for number, text in enumerate(notice(meta)):
        paragraph = add(header, "p", attrib={"class": "draft-notice"})
        add(paragraph, "strong", text, attrib={"lang": "en"} if number else None)


def _stamp(paragraph: _Element, stamp: Stamp) -> None:
    """The stamp in stamps.py's words, its date (when recorded) as a machine-readable <time>."""
    if stamp.date is None:
        paragraph.text = stamp.text()
        return
    paragraph.text = stamp.prefix()
    time = add(paragraph, "time", stamp.human(), attrib={"datetime": stamp.date.iso()})
    time.tail = stamp.suffix() or None


def _indent(element: _Element, depth: int) -> None:
    """Put each block-level child on a line of its own, indented, for readable diffs.

    Whitespace goes only next to block boundaries, where HTML rendering ignores it.
    """
    blocks = [child for child in element if child.tag not in _INLINE]
    for child in blocks:
        previous = child.getprevious()
        indentation = "\n" + "  " * (depth + 1)
        if previous is None:
            element.text = (element.text or "") + indentation
        else:
            previous.tail = (previous.tail or "") + indentation
        _indent(child, depth + 1)
    if blocks and blocks[-1] is element[-1] and not blocks[-1].tail:
        blocks[-1].tail = "\n" + "  " * depth
