"""What every printed page of a sheet repeats: its title, its review stamp, its page number
and, on a sheet not fit for families, the draft notice.

Word gets a header part (notice, then title) and a footer part (stamp, then "Page X of Y"
from Word's PAGE and NUMPAGES fields, which Word counts as it lays the pages out). A
translation numbers its pages "X / Y": no words that a translator has not reviewed.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from pipeline.model import Meta
from pipeline.writers.stamps import notice, stamps

_NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
HEADER_NAME, FOOTER_NAME = "word/header1.xml", "word/footer1.xml"
HEADER_ID, FOOTER_ID = "rIdHeader", "rIdFooter"


def page_words(meta: Meta) -> tuple[str, str, str]:
    """The words before the page number, between it and the count, and after the count."""
    return ("Page ", " of ", "") if meta.translation is None else ("", " / ", "")


def stamp(meta: Meta) -> str:
    """The review stamp every page carries: "Last reviewed: August 2015"."""
    return stamps(meta)[0].text()


def header(meta: Meta, title: str, style: str, rtl: bool) -> bytes:
    """The header part: each line of the draft notice bold in a box (a translation's
    English copy marked as English), then the title."""
    boxed = "".join(
        _paragraph(
            style,
            rtl,
            _run(line, bold=True, lang="en" if number else None),
            border='<w:pBdr><w:top w:val="single" w:sz="12" w:space="1" w:color="auto"/>'
            '<w:left w:val="single" w:sz="12" w:space="4" w:color="auto"/>'
            '<w:bottom w:val="single" w:sz="12" w:space="1" w:color="auto"/>'
            '<w:right w:val="single" w:sz="12" w:space="4" w:color="auto"/></w:pBdr>',
        )
        for number, line in enumerate(notice(meta))
    )
    return _part("hdr", boxed + _paragraph(style, rtl, _run(title)))


def footer(meta: Meta, style: str, rtl: bool) -> bytes:
    """The footer part: the review stamp, then at the right margin (the Footer style's
    second tab stop) the page number and count."""
    before, between, after = page_words(meta)
    runs = (
        _run(stamp(meta))
        + "<w:r><w:tab/><w:tab/></w:r>"
        + _run(before)
        + _field("PAGE")
        + _run(between)
        + _field("NUMPAGES")
        + _run(after)
    )
    return _part("ftr", _paragraph(style, rtl, runs))


def _part(tag: str, paragraphs: str) -> bytes:
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    return f"{declaration}<w:{tag} {_NAMESPACES}>{paragraphs}</w:{tag}>".encode()


def _paragraph(style: str, rtl: bool, runs: str, border: str = "") -> str:
    properties = f'<w:pStyle w:val="{style}"/>{border}{"<w:bidi/>" if rtl else ""}'
    return f"<w:p><w:pPr>{properties}</w:pPr>{runs}</w:p>"


def _run(text: str, bold: bool = False, lang: str | None = None) -> str:
    """A run of `text` (none when empty), bold or marked as in another language if asked."""
    if not text:
        return ""
    font = ("<w:b/><w:bCs/>" if bold else "") + (f'<w:lang w:val="{lang}"/>' if lang else "")
    properties = f"<w:rPr>{font}</w:rPr>" if font else ""
    return f'<w:r>{properties}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _field(instruction: str) -> str:
    """A field Word fills in as it lays the pages out (showing 1 until it does)."""
    return f'<w:fldSimple w:instr=" {instruction} ">{_run("1")}</w:fldSimple>'
