"""What every printed page of a sheet repeats: its title, its review stamp, its page number
and, on a sheet not fit for families, the draft notice.

Word gets a header part (notice, then title) and a footer part (stamp, then "Page X of Y"
from Word's PAGE and NUMPAGES fields, which Word counts as it lays the pages out). A
translation numbers its pages "X / Y": no words that a translator has not reviewed. The
parts are built with lxml, so a sheet's words are escaped (or refused) as in the body.
"""

from __future__ import annotations

from lxml import etree

from pipeline.model import Meta
from pipeline.writers.stamps import notice, stamps

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER_NAME, FOOTER_NAME = "word/header1.xml", "word/footer1.xml"
HEADER_ID, FOOTER_ID = "rIdHeader", "rIdFooter"
#: A box around each line of the draft notice, as on the web page.
_SIDES = (("top", "1"), ("left", "4"), ("bottom", "1"), ("right", "4"))


def page_words(meta: Meta) -> tuple[str, str, str]:
    """The words before the page number, between it and the count, and after the count."""
    return ("Page ", " of ", "") if meta.translation is None else ("", " / ", "")


def stamp(meta: Meta) -> str:
    """The review stamp every page carries: "Last reviewed: August 2015"."""
    return stamps(meta)[0].text()


def header(meta: Meta, title: str, style: str, rtl: bool) -> bytes:
    """The header part: each line of the draft notice bold in a box (a translation's
    English copy marked as English), then the title."""
    part = _element("hdr")
    for number, line in enumerate(notice(meta)):
        paragraph = _paragraph(part, style, rtl, boxed=True)
        english = number > 0  # a translation's English copy reads left to right
        _run(paragraph, line, rtl and not english, bold=True, lang="en" if english else None)
    _run(_paragraph(part, style, rtl), title, rtl)
    return _serialise(part)


def footer(meta: Meta, style: str, rtl: bool) -> bytes:
    """The footer part: the review stamp, then at the right margin (the Footer style's
    second tab stop) the page number and count."""
    part = _element("ftr")
    paragraph = _paragraph(part, style, rtl)
    _run(paragraph, stamp(meta), rtl)
    tabs = _child(paragraph, "r")
    _child(tabs, "tab")
    _child(tabs, "tab")
    before, between, after = page_words(meta)
    _run(paragraph, before, rtl)
    _field(paragraph, "PAGE", rtl)
    _run(paragraph, between, rtl)
    _field(paragraph, "NUMPAGES", rtl)
    _run(paragraph, after, rtl)
    return _serialise(part)


def _element(tag: str) -> etree._Element:
    return etree.Element(f"{{{_W}}}{tag}", nsmap={"w": _W, "r": _R})


def _child(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(
        parent, f"{{{_W}}}{tag}", {f"{{{_W}}}{k}": v for k, v in attributes.items()}
    )


def _paragraph(part: etree._Element, style: str, rtl: bool, boxed: bool = False) -> etree._Element:
    """A paragraph in `style`; its properties in the schema's order (pStyle, pBdr, bidi)."""
    paragraph = _child(part, "p")
    properties = _child(paragraph, "pPr")
    _child(properties, "pStyle", val=style)
    if boxed:
        borders = _child(properties, "pBdr")
        for side, space in _SIDES:
            _child(borders, side, val="single", sz="12", space=space, color="auto")
    if rtl:
        _child(properties, "bidi")
    return paragraph


def _run(
    parent: etree._Element,
    text: str,
    rtl: bool,
    bold: bool = False,
    lang: str | None = None,
) -> None:
    """A run of `text` (none when empty): right to left, bold or marked as in another
    language if asked, its properties in the schema's order."""
    if not text:
        return
    run = _child(parent, "r")
    if bold or rtl or lang:
        font = _child(run, "rPr")
        if bold:
            _child(font, "b")
            _child(font, "bCs")
        if rtl:
            _child(font, "rtl")
        if lang:
            _child(font, "lang", val=lang)
    words = _child(run, "t")
    words.text = text
    words.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _field(paragraph: etree._Element, instruction: str, rtl: bool) -> None:
    """A field Word fills in as it lays the pages out (showing 1 until it does)."""
    _run(_child(paragraph, "fldSimple", instr=f" {instruction} "), "1", rtl)


def _serialise(part: etree._Element) -> bytes:
    return etree.tostring(part, xml_declaration=True, encoding="UTF-8", standalone=True)
