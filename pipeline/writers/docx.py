"""Word for families and staff who print or edit a sheet, built to pass Word's accessibility checks.

Real "Heading N" styles (dark enough for WCAG AA), real Word lists with one list per
`BulletList` and nested items as deeper levels of the same list (so screen readers
announce the nesting), the sheet's language in the default run properties, and no spacer
paragraphs or typed bullets or numbers. Bullets and numbered steps ("1." then "a." then
"i.") are two definitions with the same indents, and each numbered list restarts at its
`start`; only a sheet with numbered steps gets their definition, so one without them
has the bytes it had before. An urgent sentence is in the "Urgent" character style, phone
numbers are hyperlinks, and every page has a header and footer (`running.py`). No clock
anywhere: the core properties carry the review date, and every zip entry a fixed
timestamp, so the same document gives the same bytes.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import io
import re
import zipfile
from collections.abc import Iterable
from typing import assert_never, cast

import docx
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.image.image import Image as DocxImage
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.opc.parts.coreprops import CorePropertiesPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.coreprops import CT_CoreProperties
from docx.oxml.document import CT_Body, CT_Document
from docx.oxml.ns import nsdecls, qn
from docx.oxml.numbering import CT_Num, CT_Numbering
from docx.oxml.table import CT_Tbl
from docx.oxml.text.font import CT_RPr
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.run import CT_R
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt, RGBColor
from lxml import etree

from pipeline.languages import is_rtl
from pipeline.model import (
    BulletList,
    Document,
    Image,
    Inlines,
    ItemList,
    ListItem,
    Meta,
    NumberedList,
    Paragraph,
    Span,
    Table,
    plain,
)
from pipeline.writers import grid, phones, pictures, running
from pipeline.writers.stamps import notice, stamps, title

BODY_SIZE = Pt(12)
HEADING_SIZES = {1: Pt(20), 2: Pt(16)}
DEEP_HEADING_SIZE = Pt(14)
#: 11.6:1 on white; the template's light blues (4F81BD is 4.0:1) fail WCAG AA's 4.5:1.
HEADING_COLOR = RGBColor(0x1F, 0x38, 0x64)
#: The character style of an urgent sentence ("... call 911 ..."): a box and a tint, as on
#: the web page, so it stands out without colour; its phrase is bold too. Not bold itself:
#: ordinary bold must read back as bold, and only bold.
URGENT_STYLE = "Urgent"
#: 8.0:1 on the tint.
URGENT_COLOR = RGBColor(0x9E, 0x00, 0x00)
URGENT_TINT = "FFF0F0"
#: Gap between list items; the last paragraph of a list gets the body's gap, so lists that
#: follow each other stay visibly separate.
ITEM_GAP = Pt(3)
LIST_END_GAP = Pt(10)
#: Pictures are shrunk to the text width of a Letter page (6.5 inches, in EMU).
MAX_PICTURE_WIDTH = 5_943_600

_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_CONTENT_TYPES = "[Content_Types].xml"
DECORATIVE = "http://schemas.microsoft.com/office/drawing/2017/decorative"
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"

BULLETS = ("\u2022", "\u25e6", "\u25aa")  # • ◦ ▪, repeating over Word's nine levels
NUMBER_FORMATS = ("decimal", "lowerLetter", "lowerRoman")  # 1. a. i., repeating likewise
#: (numFmt, lvlText) of each of Word's nine levels; "%2." is level 1's own number and a dot.
BULLET_LEVELS = tuple(("bullet", BULLETS[level % len(BULLETS)]) for level in range(9))
NUMBER_LEVELS = tuple(
    (NUMBER_FORMATS[level % len(NUMBER_FORMATS)], f"%{level + 1}.") for level in range(9)
)
LEVEL_INDENT = 720  # twentieths of a point: half an inch per level
HANGING = 360

#: Core properties need a timestamp; a sheet with no review date gets this fixed one rather
#: than the clock (which would break reproducibility) or the template's 2013 date.
UNDATED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
#: The earliest time a zip entry can carry; python-docx would stamp each one with the clock.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

#: Template parts whose content would be stale: docProps/app.xml (the template's application,
#: version and word counts of an empty document), its thumbnail, and Word 2010's copy of the
#: styles with the template's light heading colours.
STALE_PARTS = frozenset(
    {
        RT.EXTENDED_PROPERTIES,
        RT.THUMBNAIL,
        "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    }
)

_VAL = qn("w:val")
#: What python-docx's `Run.text` turns into elements rather than text.
_BREAKS = re.compile(r"([\t\r\n])")


def write(document: Document) -> bytes:
    meta = document.meta
    sheet_title = title(meta, document.name)
    template = _template(meta.lang)
    # The parts a sheet changes are fresh copies; the template's own must stay as they are.
    word = copy.deepcopy(template.document)
    numbering = copy.deepcopy(template.numbering)
    core = copy.deepcopy(template.core)
    body = _Body(word.body, numbering, template, is_rtl(meta.lang))
    for text in notice(meta):  # a draft translation says so before anything else, in bold
        body.paragraph((Span(text, strong=True),))
    body.paragraph((Span(sheet_title),), "Heading 1")
    for section in document.sections:
        if section.heading is not None:
            body.paragraph((Span(section.heading),), f"Heading {min(section.level, 9)}")
        for block in section.blocks:
            match block:
                case Paragraph():
                    body.paragraph(block.content)
                case BulletList() | NumberedList():
                    body.item_list(block)
                case Table():
                    body.table(block)
                case Image():
                    body.picture(block)
                case _:
                    assert_never(block)
    if meta.publisher:
        body.paragraph((Span("\n".join(meta.publisher)),))  # an address: one block, line breaks
    body.paragraph((Span("\n".join(stamp.text() for stamp in stamps(meta))),))
    for line in meta.attribution:
        body.paragraph((Span(line),))
    body.close()

    _set_properties(CoreProperties(core), meta, sheet_title)
    package = io.BytesIO(template.shared)
    with zipfile.ZipFile(package, "a") as target:
        _add_entries(
            target,
            (
                (template.core_name, serialize_part_xml(core)),
                (template.document_name, serialize_part_xml(word)),
                (template.numbering_name, serialize_part_xml(numbering)),
                *_package_parts(template, body.media, body.links),
                *_running_parts(meta, sheet_title, template, is_rtl(meta.lang)),
            ),
        )
    return package.getvalue()


def _package_parts(
    template: _Template, media: dict[str, bytes], links: dict[str, str]
) -> list[tuple[str, bytes]]:
    """The document's relationships — with the sheet's pictures and links — and the pictures."""
    relationships = copy.deepcopy(template.relationships)
    for address, ident in links.items():
        etree.SubElement(
            relationships,
            f"{{{_RELATIONSHIPS}}}Relationship",
            Id=ident,
            Type=RT.HYPERLINK,
            Target=address,
            TargetMode="External",
        )
    for name in media:
        etree.SubElement(
            relationships,
            f"{{{_RELATIONSHIPS}}}Relationship",
            Id=_picture_id(name),
            Type=RT.IMAGE,
            Target=f"media/{name}",
        )
    return [
        (template.relationships_name, serialize_part_xml(relationships)),
        *((f"word/media/{name}", data) for name, data in media.items()),
    ]


def _running_parts(
    meta: Meta, sheet_title: str, template: _Template, rtl: bool
) -> list[tuple[str, bytes]]:
    """The header and footer every page repeats; the template refers to them already."""
    header_style, footer_style = template.style_ids["Header"], template.style_ids["Footer"]
    return [
        (running.HEADER_NAME, running.header(meta, sheet_title, header_style, rtl)),
        (running.FOOTER_NAME, running.footer(meta, footer_style, rtl)),
    ]


def _picture_id(name: str) -> str:
    """The relationship id of a picture part: from its name, so the same picture gets the
    same id in every build."""
    return f"rIdPicture{name.split('.', 1)[0]}"


@dataclasses.dataclass(frozen=True)
class _Template:
    """python-docx's default template made ready for one language, shared by every sheet.

    `shared` is the saved package without the three parts a sheet changes, already
    compressed, content types first; a sheet appends those three, serialised from copies
    of `document`, `numbering` and `core`, which must themselves stay untouched.
    """

    shared: bytes
    #: word/_rels/document.xml.rels, to which a sheet's pictures add theirs.
    relationships: etree._Element
    relationships_name: str
    document: CT_Document
    document_name: str
    numbering: CT_Numbering
    numbering_name: str
    core: CT_CoreProperties
    core_name: str
    #: Style name → id ("Heading 2" → "Heading2"): python-docx would look each name up,
    #: and scan every style for the default, on every paragraph.
    style_ids: dict[str, str]
    #: The `w:abstractNumId` of the bullet definition every bullet list points at.
    bullets: int
    #: The `w:abstractNumId` of the numbered-steps definition, and the definition itself,
    #: not in `numbering`: a sheet with numbered lists adds a copy to its own, so sheets
    #: without them keep the bytes they had before.
    numbers: int
    numbers_definition: BaseOxmlElement


@functools.cache
def _template(lang: str) -> _Template:
    """Load, restyle and save the template once per process and language, not once per sheet.

    Parsing, restyling, serialising and compressing its 440 KB styles part took most of
    a sheet's time; only the body, the lists and the core properties differ per sheet.
    """
    word = docx.Document()
    _set_styles(word, lang)
    numbering_part = word.part.numbering_part
    numbering = numbering_part.element
    ids = numbering.xpath("./w:abstractNum/@w:abstractNumId")
    bullets = max((int(value) for value in ids), default=-1) + 1
    numbering.insert_element_before(
        _list_definition(bullets, BULLET_LEVELS), "w:num", "w:numIdMacAtCleanup"
    )
    for rels in (word.part.package.rels, word.part.rels):
        for rid in [rid for rid, rel in rels.items() if rel.reltype in STALE_PARTS]:
            del rels[rid]
    _refer_to_running_parts(word.element.body.sectPr)
    core_part = word.part.package.part_related_by(RT.CORE_PROPERTIES)
    assert isinstance(core_part, CorePropertiesPart)
    relationships_name = f"{word.part.partname.baseURI.lstrip('/')}/_rels/document.xml.rels"
    changed = {part.partname.membername for part in (word.part, numbering_part, core_part)}
    changed.add(relationships_name)
    saved, shared = io.BytesIO(), io.BytesIO()
    word.save(saved)
    with (
        zipfile.ZipFile(saved) as source,
        zipfile.ZipFile(shared, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        unchanged = [name for name in source.namelist() if name not in changed]
        parts = {name: source.read(name) for name in unchanged}
        parts[_CONTENT_TYPES] = _content_types(parts[_CONTENT_TYPES])
        _add_entries(target, parts.items())
        relationships = etree.fromstring(source.read(relationships_name))
    for ident, kind, name in (
        (running.HEADER_ID, RT.HEADER, running.HEADER_NAME),
        (running.FOOTER_ID, RT.FOOTER, running.FOOTER_NAME),
    ):
        etree.SubElement(
            relationships,
            f"{{{_RELATIONSHIPS}}}Relationship",
            Id=ident,
            Type=kind,
            Target=name.removeprefix("word/"),
        )
    return _Template(
        shared=shared.getvalue(),
        relationships=relationships,
        relationships_name=relationships_name,
        document=word.element,
        document_name=word.part.partname.membername,
        numbering=numbering,
        numbering_name=numbering_part.partname.membername,
        core=core_part.element,
        core_name=core_part.partname.membername,
        style_ids={style.name: style.style_id for style in word.styles if style.name},
        bullets=bullets,
        numbers=bullets + 1,
        numbers_definition=_list_definition(bullets + 1, NUMBER_LEVELS),
    )


def _refer_to_running_parts(section: etree._Element) -> None:
    """Every page of the section shows the header and footer (their references come first
    in a w:sectPr, header before footer)."""
    for position, (tag, ident) in enumerate(
        (("w:headerReference", running.HEADER_ID), ("w:footerReference", running.FOOTER_ID))
    ):
        reference = OxmlElement(tag)
        reference.set(qn("w:type"), "default")
        reference.set(qn("r:id"), ident)
        section.insert(position, reference)


def _content_types(content_types: bytes) -> bytes:
    """The package's content types, declaring every picture type a sheet may hold, and
    the header and footer every sheet has, once for all sheets: the part is shared, and
    must stay the package's first (Word and file-type sniffers look for it there)."""
    types = etree.fromstring(content_types)
    for name, media_type in (
        (running.HEADER_NAME, CT.WML_HEADER),
        (running.FOOTER_NAME, CT.WML_FOOTER),
    ):
        override = etree.SubElement(types, f"{{{_TYPES}}}Override", PartName=f"/{name}")
        override.set("ContentType", media_type)
    declared = {element.get("Extension") for element in types}
    for media_type, extension in pictures.EXTENSIONS.items():
        if extension not in declared:
            default = etree.Element(f"{{{_TYPES}}}Default", Extension=extension)
            default.set("ContentType", media_type)
            types.insert(0, default)  # Defaults come before Overrides
    return serialize_part_xml(types)


def _set_properties(properties: CoreProperties, meta: Meta, sheet_title: str) -> None:
    """Properties from the sheet, never from the template or the clock."""
    properties.title = _property(sheet_title)
    properties.language = meta.lang
    author = _property(meta.publisher[0]) if meta.publisher else ""
    properties.author = properties.last_modified_by = author
    properties.comments = ""  # the template says "generated by python-docx"
    properties.created = properties.modified = (
        meta.reviewed.first_moment() if meta.reviewed else UNDATED
    )
    properties.revision = 1


def _property(text: str) -> str:
    """A document property as Word allows it: at most 255 characters (the body keeps the
    whole text)."""
    return text if len(text) <= _PROPERTY_CHARS else text[: _PROPERTY_CHARS - 1] + "…"


_PROPERTY_CHARS = 255


def _set_styles(word: WordDocument, lang: str) -> None:
    """Language, body size, heading colours and sizes, and list spacing, set once in the styles."""
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = defaults.find(qn("w:rPr"))
    _set_size(rpr, BODY_SIZE)
    # A sheet is in one language whatever the script of a word in it: Latin (val),
    # East Asian and complex-script (bidi) runs all get the sheet's language.
    language = rpr.find(qn("w:lang"))
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), lang)
    # All nine levels, not just the ones this sheet uses: headings someone adds in Word
    # stay readable too.
    for level in range(1, 10):
        style = word.styles[f"Heading {level}"]
        style.font.color.rgb = HEADING_COLOR
        _set_size(style.element.get_or_add_rPr(), HEADING_SIZES.get(level, DEEP_HEADING_SIZE))
    # A table's caption: the template's is 9 pt light blue (4.0:1 on white), too faint.
    caption = word.styles["Caption"]
    caption.font.color.rgb = HEADING_COLOR
    _set_size(caption.element.get_or_add_rPr(), BODY_SIZE)
    urgent = word.styles.add_style(URGENT_STYLE, WD_STYLE_TYPE.CHARACTER)
    urgent.font.color.rgb = URGENT_COLOR
    font = urgent.element.get_or_add_rPr()
    border = _append(font, "w:bdr", "single")  # after w:color, as the schema orders them
    border.attrib.update({qn("w:sz"): "8", qn("w:space"): "0", qn("w:color"): "auto"})
    _append(font, "w:shd", "clear").attrib.update(
        {qn("w:color"): "auto", qn("w:fill"): URGENT_TINT}
    )
    items = word.styles["List Paragraph"]
    items.paragraph_format.space_after = ITEM_GAP
    # Contextual spacing would also swallow the gap between two adjacent lists.
    items.element.get_or_add_pPr().remove_all("w:contextualSpacing")


def _set_size(rpr: CT_RPr, size: Pt) -> None:
    """Set the size for all scripts: `w:szCs` is what Arabic or Hebrew text uses."""
    sz = rpr.get_or_add_sz()
    sz.val = size
    complex_size = rpr.find(qn("w:szCs"))
    if complex_size is None:
        complex_size = OxmlElement("w:szCs")
        sz.addnext(complex_size)  # szCs directly follows sz in a w:rPr
    complex_size.set(qn("w:val"), str(round(size.pt * 2)))


class _Body:
    """Appends paragraphs to the body, right to left if the language is.

    Properties are appended in the schema's order rather than set through python-docx's
    paragraph and run objects, which search a dozen or more possible later siblings for
    each property they add, and add text a character at a time: most of a sheet's time.
    Blocks and lists are appended, not inserted before the section properties and the
    first free list number found by a scan, as python-docx does: that made a sheet's time
    grow with the square of its length. `close` puts the section properties back last.
    """

    def __init__(
        self, body: CT_Body, numbering: CT_Numbering, template: _Template, rtl: bool
    ) -> None:
        self._body = body
        self._section = body.sectPr
        if self._section is not None:
            body.remove(self._section)
        self._numbering = numbering
        self._next_num: int = numbering._next_numId
        self._style_ids = template.style_ids
        self._bullets = template.bullets
        self._numbers = template.numbers
        self._numbers_definition: BaseOxmlElement | None = template.numbers_definition
        self._rtl = rtl
        #: The sheet's pictures by part name ("<sha>.png"), in the order first shown.
        self.media: dict[str, bytes] = {}
        #: Relationship ids of the sheet's links by address ("tel:911" → "rIdLink1").
        self.links: dict[str, str] = {}
        self._drawings = 0

    def paragraph(
        self, content: Inlines, style: str | None = None, numbering: tuple[int, int] | None = None
    ) -> CT_P:
        """A paragraph in `style`, or a list item at `numbering` (numId, level)."""
        paragraph = cast(CT_P, _append(self._body, "w:p"))
        # Properties in the order the schema requires (pStyle, numPr, bidi, then a list's
        # closing spacing): Word rejects a document with any other.
        if style is not None or numbering is not None or self._rtl:
            properties = paragraph.get_or_add_pPr()
            if style is not None:
                _append(properties, "w:pStyle", self._style_ids[style])
            if numbering is not None:
                num_id, level = numbering
                numbers = _append(properties, "w:numPr")
                _append(numbers, "w:ilvl", str(level))
                _append(numbers, "w:numId", str(num_id))
            if self._rtl:
                _append(properties, "w:bidi")
        self._runs(paragraph, content)
        return paragraph

    def _runs(self, paragraph: etree._Element, content: Inlines) -> None:
        for span in content:
            for text, address in phones.pieces(span.text, span.urgent):
                parent = paragraph if address is None else self._link(paragraph, address)
                run = cast(CT_R, _append(parent, "w:r"))
                linked = address is not None
                if span.strong or span.urgent or linked or self._rtl or span.lang:
                    font = run.get_or_add_rPr()
                    if span.urgent:
                        _append(font, "w:rStyle", self._style_ids[URGENT_STYLE])
                    if span.strong:
                        _append(font, "w:b")
                        _append(font, "w:bCs")
                    if linked:  # a link looks like one without colour
                        _append(font, "w:u", "single")
                    if self._rtl:
                        _append(font, "w:rtl")
                    if span.lang:  # a passage in another language: Word proofs it as such
                        _append(font, "w:lang", span.lang)
                _add_text(run, text)

    def _link(self, paragraph: etree._Element, address: str) -> etree._Element:
        """A hyperlink to `address` (a phone number's tel:) at the end of `paragraph`; one
        relationship per address, numbered in the order first used."""
        ident = self.links.setdefault(address, f"rIdLink{len(self.links) + 1}")
        link = _append(paragraph, "w:hyperlink")
        link.set(qn("r:id"), ident)
        return link

    def item_list(self, bullets: ItemList) -> None:
        """One `w:num` per list, so adjacent lists stay separate lists for assistive tech.

        A numbered list's `w:num` also restarts its first level at `start`: Word would
        otherwise carry the count on from the last list sharing the definition.
        """
        definition = self._numbers_id() if isinstance(bullets, NumberedList) else self._bullets
        num_id = self._next_num
        self._next_num += 1
        num = CT_Num.new(num_id, definition)  # type: ignore[no-untyped-call]
        self._numbering.append(num)  # the template has no w:numIdMacAtCleanup to go before
        if isinstance(bullets, NumberedList):
            override = num.add_lvlOverride(ilvl=0)
            override.add_startOverride(bullets.start)
        paragraphs = self._items(bullets.items, num_id, 0)
        paragraphs[-1].get_or_add_pPr().spacing_after = LIST_END_GAP

    def table(self, table: Table) -> None:
        """A real Word table: the caption as a Caption paragraph and as the table's own
        title (what screen readers announce), header rows repeated on every printed page,
        merged cells as Word merges them."""
        if table.caption:
            self.paragraph(table.caption, "Caption")
        columns = max((sum(cell.columns for cell in row) for row in table.rows), default=1)
        element = cast(CT_Tbl, parse_xml(f"<w:tbl {nsdecls('w')}/>"))
        properties = _append(element, "w:tblPr")
        _append(properties, "w:tblStyle", self._style_ids["Table Grid"])
        _append(properties, "w:tblW").attrib.update({qn("w:w"): "0", qn("w:type"): "auto"})
        look = _append(properties, "w:tblLook", "04A0")
        for name, value in (("firstRow", True), ("firstColumn", table.row_headers)):
            look.set(qn(f"w:{name}"), "1" if value else "0")
        look.set(qn("w:noVBand"), "1")
        if table.caption:  # after tblLook, as the schema orders them
            _append(properties, "w:tblCaption", plain(table.caption))
        widths = _append(element, "w:tblGrid")
        for _ in range(columns):
            _append(widths, "w:gridCol")
        for number, row in enumerate(grid.layout(table.rows)):
            tr = _append(element, "w:tr")
            if number < table.header_rows:
                _append(_append(tr, "w:trPr"), "w:tblHeader")
            for cell, continued in ((placed.cell, placed.continued) for placed in row):
                tc = _append(tr, "w:tc")
                properties = _append(tc, "w:tcPr")
                if cell.columns > 1:
                    _append(properties, "w:gridSpan", str(cell.columns))
                if cell.rows > 1:
                    _append(properties, "w:vMerge", None if continued else "restart")
                paragraph = _append(tc, "w:p")
                if not continued:
                    self._runs(paragraph, cell.content)
        self._body.append(element)

    def picture(self, image: Image) -> None:
        """A picture in its own paragraph, with its alternative text (Word's "description")
        or marked decorative; a picture the source only linked to is not fetched, and
        the paragraph says what is missing."""
        if not image.data:
            text = f"Picture not included: {image.alt}" if image.alt else "Picture not included"
            self.paragraph((Span(text),))
            return
        name = pictures.suffix(image)
        self.media.setdefault(name, image.data)
        self._drawings += 1
        size = DocxImage.from_blob(image.data)
        width, height = int(size.width), int(size.height)
        if width > MAX_PICTURE_WIDTH:
            width, height = MAX_PICTURE_WIDTH, height * MAX_PICTURE_WIDTH // width
        number = self._drawings
        drawing = parse_xml(
            f"<w:drawing {nsdecls('w', 'wp', 'a', 'pic', 'r')}><wp:inline>"
            f'<wp:extent cx="{width}" cy="{height}"/>'
            f'<wp:docPr id="{number}" name="Picture {number}"/>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/'
            f'picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="{number}" name="{name}"/>'
            "<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>"
            f'<a:blip r:embed="{_picture_id(name)}"/><a:stretch><a:fillRect/></a:stretch>'
            '</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
            f'<a:ext cx="{width}" cy="{height}"/></a:xfrm>'
            '<a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic>'
            "</wp:inline></w:drawing>"
        )
        described = drawing.find(f".//{qn('wp:docPr')}")
        assert described is not None, "in the XML above"
        described.set("descr", "" if image.decorative else image.alt)
        if image.decorative:  # Word's "Mark as decorative"
            extension = etree.SubElement(
                etree.SubElement(described, qn("a:extLst")), qn("a:ext"), uri=DECORATIVE_URI
            )
            etree.SubElement(extension, f"{{{DECORATIVE}}}decorative", val="1")
        paragraph = self.paragraph(())
        paragraph.add_r().append(drawing)

    def close(self) -> None:
        """Put the section properties back, after the last block, where Word wants them."""
        if self._section is not None:
            self._body.append(self._section)

    def _numbers_id(self) -> int:
        """The numbered definition's id, adding it to this sheet's numbering the first time."""
        if self._numbers_definition is not None:
            definition = copy.deepcopy(self._numbers_definition)
            self._numbering.insert_element_before(definition, "w:num", "w:numIdMacAtCleanup")
            self._numbers_definition = None  # added
        return self._numbers

    def _items(self, items: tuple[ListItem, ...], num_id: int, depth: int) -> list[CT_P]:
        paragraphs: list[CT_P] = []
        for item in items:
            paragraphs.append(self.paragraph(item.content, "List Paragraph", (num_id, depth)))
            paragraphs.extend(self._items(item.children, num_id, depth + 1))
        return paragraphs


def _append(parent: etree._Element, tag: str, value: str | None = None) -> etree._Element:
    """Append `tag`, with `w:val` if given: the caller keeps the schema's order."""
    attributes = {} if value is None else {_VAL: value}
    return etree.SubElement(parent, qn(tag), attributes)


def _add_text(run: CT_R, text: str) -> None:
    """What python-docx's `Run.text` does, tabs as `w:tab` and line breaks as `w:br`, in one
    pass rather than a character at a time."""
    for piece in _BREAKS.split(text):
        if piece == "\t":
            run.add_tab()
        elif piece in ("\r", "\n"):
            run.add_br()
        elif piece:
            run.add_t(piece)


def _list_definition(abstract_id: int, formats: Iterable[tuple[str, str]]) -> BaseOxmlElement:
    """A list with a level per (numFmt, lvlText), each indented further, as Word's own are."""
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{number_format}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{LEVEL_INDENT * (level + 1)}" w:hanging="{HANGING}"/></w:pPr>'
        "</w:lvl>"
        for level, (number_format, text) in enumerate(formats)
    )
    return parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>'
    )


def fixed_zip(data: bytes) -> bytes:
    """The same zip with fixed entry times and attributes, so the bytes depend on content only."""
    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        _add_entries(target, ((entry.filename, source.read(entry)) for entry in source.infolist()))
    return fixed.getvalue()


def _add_entries(target: zipfile.ZipFile, entries: Iterable[tuple[str, bytes]]) -> None:
    """Add `entries` in order, each with a fixed time and attributes, not the clock's."""
    for name, data in entries:
        info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3  # Unix, whatever machine wrote it
        info.external_attr = 0o644 << 16
        target.writestr(info, data)
