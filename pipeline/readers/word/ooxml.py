"""WordprocessingML names and the text of runs, shared by every stage of the Word reader.

A run's text is what Word shows: its text, tabs, breaks and inserted symbols; field codes
(w:instrText) and deleted text (w:delText) are never text. Runs are found through the
elements that wrap them in a paragraph (links, insertions, content controls); runs in a
deletion or a move's old place are not (they are reported by `changes`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DC = "{http://purl.org/dc/elements/1.1/}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
REL_ID = f"{_R}id"
REL_EMBED = f"{_R}embed"
REL_LINK = f"{_R}link"
REL_DIAGRAM_DATA = f"{_R}dm"
#: Bullets Word documents carry beyond the text reader's: "o" for a second level,
#: the dash AutoCorrect makes, and the Symbol-font bullet that pasted lists leave.
EXTRA_BULLETS = ("o", "\u2013", "\uf0b7")


class Tag:
    """WordprocessingML element names, as dotted names so `match` can compare with them."""

    BODY = f"{W}body"
    P = f"{W}p"
    PPR = f"{W}pPr"
    PSTYLE = f"{W}pStyle"
    R = f"{W}r"
    RPR = f"{W}rPr"
    RSTYLE = f"{W}rStyle"
    T = f"{W}t"
    TAB = f"{W}tab"
    PTAB = f"{W}ptab"
    BR = f"{W}br"
    CR = f"{W}cr"
    NO_BREAK_HYPHEN = f"{W}noBreakHyphen"
    SYM = f"{W}sym"
    TBL = f"{W}tbl"
    TR = f"{W}tr"
    TC = f"{W}tc"
    SDT = f"{W}sdt"
    SDT_CONTENT = f"{W}sdtContent"
    CUSTOM_XML = f"{W}customXml"
    HYPERLINK = f"{W}hyperlink"
    INS = f"{W}ins"
    DIR = f"{W}dir"
    BDO = f"{W}bdo"
    MOVE_TO = f"{W}moveTo"
    SMART_TAG = f"{W}smartTag"
    FLD_SIMPLE = f"{W}fldSimple"
    TEXT_BOX = f"{W}txbxContent"
    SECT_PR = f"{W}sectPr"
    HEADER_REF = f"{W}headerReference"
    DEL = f"{W}del"
    MOVE_FROM = f"{W}moveFrom"
    DRAWING = f"{W}drawing"
    PICT = f"{W}pict"
    VANISH = f"{W}vanish"
    FRAME_PR = f"{W}framePr"
    COMMENT_REF = f"{W}commentReference"
    FOOTNOTE_REF = f"{W}footnoteReference"
    ENDNOTE_REF = f"{W}endnoteReference"
    FOOTNOTE = f"{W}footnote"
    ENDNOTE = f"{W}endnote"
    TBL_PR = f"{W}tblPr"
    TR_PR = f"{W}trPr"
    TBL_HEADER = f"{W}tblHeader"
    TC_PR = f"{W}tcPr"
    GRID_SPAN = f"{W}gridSpan"
    V_MERGE = f"{W}vMerge"
    #: Markup compatibility: Word writes a shape twice, as DrawingML and a VML fallback.
    FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
    DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
    IMAGE_DATA = "{urn:schemas-microsoft-com:vml}imagedata"
    #: A SmartArt diagram's reference to its data part, and that part's points and text.
    DIAGRAM_IDS = "{http://schemas.openxmlformats.org/drawingml/2006/diagram}relIds"
    DIAGRAM_POINT = "{http://schemas.openxmlformats.org/drawingml/2006/diagram}pt"
    A_P = "{http://schemas.openxmlformats.org/drawingml/2006/main}p"
    A_T = "{http://schemas.openxmlformats.org/drawingml/2006/main}t"
    #: An equation's text (Office Math), which the reader cannot read yet.
    MATH_T = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"
    FOOTER_REF = f"{W}footerReference"


#: Elements inside a paragraph whose runs are part of its text.
_RUN_CONTAINERS = frozenset(
    {
        Tag.HYPERLINK,
        Tag.INS,
        Tag.MOVE_TO,
        Tag.DIR,
        Tag.BDO,
        Tag.SMART_TAG,
        Tag.CUSTOM_XML,
        Tag.FLD_SIMPLE,
        Tag.SDT,
        Tag.SDT_CONTENT,
    }
)


def attr(name: str) -> str:
    return f"{W}{name}"


def drop_cap(p: etree._Element) -> bool:
    """Whether paragraph `p` is a drop cap: the first letter(s) of the next paragraph,
    enlarged in a frame of their own."""
    frame = p.find(f"{Tag.PPR}/{Tag.FRAME_PR}")
    return frame is not None and frame.get(attr("dropCap"), "none") in ("drop", "margin")


def in_fallback(element: etree._Element) -> bool:
    """Whether `element` is in the VML copy of a shape Word also wrote as DrawingML."""
    return next(element.iterancestors(Tag.FALLBACK), None) is not None


def text_of(element: etree._Element) -> str:
    return "".join(text for text in element.itertext() if isinstance(text, str))


def run_elements(parent: etree._Element) -> Iterator[etree._Element]:
    for child in parent:
        if child.tag == Tag.R:
            yield child
        elif child.tag in _RUN_CONTAINERS:
            yield from run_elements(child)


def run_text(r: etree._Element) -> Iterator[str]:
    for child in r:
        match child.tag:
            case Tag.T:
                yield child.text or ""
            case Tag.TAB | Tag.PTAB:
                yield "\t"
            case Tag.BR | Tag.CR:
                yield "\n"
            case Tag.NO_BREAK_HYPHEN:
                yield "-"
            case Tag.SYM:  # Insert Symbol: a character code in a symbol font
                code = child.get(attr("char"), "")
                char = chr(int(code, 16)) if re.fullmatch(r"[0-9A-Fa-f]{1,4}", code) else ""
                yield char if char.isprintable() or char in EXTRA_BULLETS else ""
