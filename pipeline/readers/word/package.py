"""Open a .docx: the main document, its styles, numbering, properties, comments, pictures
and the page headers and footers its sections show.

The package is opened by `safe_zip` (limits, no macros, no XML entities); every part is
parsed with lxml there, never by a less careful parser. A file that is another Office
kind (a workbook, a presentation) or Strict Open XML is refused with what to do.
"""

from __future__ import annotations

from collections.abc import Iterator

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from pipeline.errors import SourceError
from pipeline.readers import safe_zip
from pipeline.readers.word.ooxml import REL_ID, Tag, attr, in_fallback
from pipeline.readers.word.styles import Level, Styles, numbering_levels

_WORD_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
)
_OTHER_KINDS = {"spreadsheetml": "an Excel workbook", "presentationml": "a PowerPoint presentation"}
#: How a header or footer reference's type reads in messages ("first-page footer").
_PAGES = {"first": "first-page", "even": "even-page"}


class WordFile:
    """One opened .docx: its body and the parts that say how to read it.

    `index` numbers every paragraph (`w:p`) of word/document.xml in document order from
    1, text boxes' and table cells' included (not the VML copies of shapes Word also
    writes as DrawingML): locations say "paragraph n" by it. A footnote's or endnote's
    paragraphs count as the paragraph that refers to the note (`notes`).
    """

    def __init__(self, package: safe_zip.Package) -> None:
        display = package.display
        main = package.related("", RT.OFFICE_DOCUMENT)
        if main is None:
            raise SourceError(display, "not a Word document: the package has no main document")
        _check_kind(package.content_type(main), display)
        body = package.xml(main).find(Tag.BODY)
        if body is None:
            raise SourceError(
                display,
                "not a Word document (Strict Open XML?): save it in Word as a Word Document",
            )
        self.display = display
        self.body = body
        self._package = package
        self._main = main
        self.styles = Styles(_part(package, main, RT.STYLES))
        self.numbering: dict[int, dict[int, Level]] = numbering_levels(
            _part(package, main, RT.NUMBERING)
        )
        self.core = _part(package, "", RT.CORE_PROPERTIES)
        self.custom = _part(package, "", RT.CUSTOM_PROPERTIES)
        self.comments = _part(package, main, RT.COMMENTS)
        shown = (p for p in body.iter(Tag.P) if not in_fallback(p))
        self.index = {p: number for number, p in enumerate(shown, start=1)}
        self.notes = self._notes(package, main)
        self._images = dict(package.relationships(main, RT.IMAGE))
        self.linked_images = package.external(main, RT.IMAGE)
        self._diagrams = dict(package.relationships(main, RT.DIAGRAM_DATA))

    def _notes(self, package: safe_zip.Package, main: str) -> dict[etree._Element, etree._Element]:
        """Each footnote and endnote reference in the body → the note it shows; the note's
        paragraphs are indexed as the paragraph holding the reference."""
        notes: dict[etree._Element, etree._Element] = {}
        for rel_type, tag, reference_tag in (
            (RT.FOOTNOTES, Tag.FOOTNOTE, Tag.FOOTNOTE_REF),
            (RT.ENDNOTES, Tag.ENDNOTE, Tag.ENDNOTE_REF),
        ):
            root = _part(package, main, rel_type)
            if root is None:
                continue
            by_id = {note.get(attr("id")): note for note in root.iter(tag)}
            for reference in self.body.iter(reference_tag):
                note = by_id.get(reference.get(attr("id")))
                anchor = next(reference.iterancestors(Tag.P), None)
                if note is None or anchor not in self.index or in_fallback(reference):
                    continue
                notes[reference] = note
                self.index.update(dict.fromkeys(note.iter(Tag.P), self.index[anchor]))
        return notes

    def diagram(self, rel_id: str) -> list[str]:
        """The text of each point of the SmartArt diagram `rel_id` names, in the order its
        data part lists them (connections between points hold no text)."""
        name = self._diagrams.get(rel_id)
        if name is None or not self._package.has(name):
            return []
        return [
            text
            for point in self._package.xml(name).iter(Tag.DIAGRAM_POINT)
            if point.get("type", "node") == "node"
            for p in point.iter(Tag.A_P)
            if (text := " ".join("".join(t.text or "" for t in p.iter(Tag.A_T)).split()))
        ]

    def image(self, rel_id: str) -> tuple[bytes, str] | None:
        """The bytes and media type of the picture `rel_id` names, if the package has it."""
        name = self._images.get(rel_id)
        if name is None or not self._package.has(name):
            return None
        return self._package.data(name), self._package.content_type(name) or ""

    def headers_footers(self) -> Iterator[tuple[str, etree._Element]]:
        """The page headers and footers the sections refer to, each with where it shows
        ("first-page footer of section 2"); a part several sections share comes once.

        Every section's default, first-page and even-page header and footer is read, even
        one that Word hides while "Different first page" (or odd and even) is off; a part
        no section refers to is never shown, and not read.
        """
        parts = dict(self._package.relationships(self._main, RT.HEADER, RT.FOOTER))
        # Each section's last paragraph holds its properties, the body the last section's
        # (the properties a tracked change recorded as old are deeper, and not read).
        sections = [
            sect
            for p in self.body.iter(Tag.P)
            if (sect := p.find(f"{Tag.PPR}/{Tag.SECT_PR}")) is not None
        ] + self.body.findall(Tag.SECT_PR)
        seen: set[str] = set()
        for number, sect in enumerate(sections, start=1):
            for reference in sect:
                kind = {Tag.HEADER_REF: "header", Tag.FOOTER_REF: "footer"}.get(reference.tag)
                name = parts.get(reference.get(REL_ID, ""))
                if kind is None or name is None or name in seen or not self._package.has(name):
                    continue
                seen.add(name)
                page = _PAGES.get(reference.get(attr("type"), ""), "page")
                section = f" of section {number}" if len(sections) > 1 else ""
                yield f"{page} {kind}{section}", self._package.xml(name)


def _check_kind(content_type: str | None, display: str) -> None:
    if content_type in _WORD_TYPES:
        return
    kind = next((k for key, k in _OTHER_KINDS.items() if key in (content_type or "")), None)
    what = f"this is {kind}" if kind else f"its main part is {content_type or 'of no known type'}"
    raise SourceError(display, f"not a Word document: {what}")


def _part(package: safe_zip.Package, source: str, rel_type: str) -> etree._Element | None:
    name = package.related(source, rel_type)
    return None if name is None or not package.has(name) else package.xml(name)
