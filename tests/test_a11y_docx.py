"""Word's accessibility rules read from the XML: every rule catches its bad document, and
the writer's real output passes them all. Documents are made with python-docx, as an
author's tools would make them."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable

import docx
import pytest
from docx.document import Document as WordDocument
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor
from hypothesis import given
from hypothesis import strategies as st

from pipeline.a11y import docx_rules
from pipeline.model import Document
from pipeline.writers import docx as docx_writer


def _png() -> bytes:
    """A one-pixel white PNG, made here so no image file is needed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _word(title: str = "Aldesleukin") -> WordDocument:
    """A good start: a title in the properties, dark headings, a Heading 1 as paragraph 1."""
    word = docx.Document()
    word.core_properties.title = title
    for level in range(1, 10):
        word.styles[f"Heading {level}"].font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
    word.add_heading("Aldesleukin", level=1)
    return word


def _saved(word: WordDocument) -> bytes:
    saved = io.BytesIO()
    word.save(saved)
    return saved.getvalue()


def _found(data: bytes) -> list[tuple[str, int]]:
    return [(f.rule, f.loc.line) for f in docx_rules.check(data, "sheet.docx")]


def typed_bullets_and_no_title() -> bytes:
    word = _word(title="")
    word.add_paragraph("• fever")
    word.add_paragraph("• chills")
    return _saved(word)


def no_language() -> bytes:
    word = _word()
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    language = defaults.find(qn("w:rPr")).find(qn("w:lang"))
    language.getparent().remove(language)
    return _saved(word)


def no_headings() -> bytes:
    word = docx.Document()
    word.core_properties.title = "Aldesleukin"
    word.add_paragraph("Aldesleukin boosts the immune system.")
    return _saved(word)


def skipped_heading() -> bytes:
    word = _word()
    word.add_heading("Side effects", level=3)
    return _saved(word)


def nested_by_style() -> bytes:
    """python-docx's "List Bullet 2" looks nested but is a list of its own."""
    word = _word()
    word.add_paragraph("signs of allergic reaction:", style="List Bullet")
    word.add_paragraph("rash or hives", style="List Bullet 2")
    return _saved(word)


def image_without_alt() -> bytes:
    word = _word()
    word.add_picture(io.BytesIO(_png()))
    return _saved(word)


def table_without_header() -> bytes:
    word = _word()
    table = word.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ("Dose", "When", "5 mg", "Morning"), strict=True):
        cell.text = text
    return _saved(word)


def empty_paragraph() -> bytes:
    word = _word()
    word.add_paragraph("")
    word.add_paragraph("Store it in the refrigerator.")
    return _saved(word)


def light_text() -> bytes:
    word = _word()
    word.add_paragraph().add_run("Light grey is hard to read.").font.color.rgb = RGBColor(
        0xAA, 0xAA, 0xAA
    )
    return _saved(word)


def not_a_word_file() -> bytes:
    return b"PK\x03\x04 this is not a zip file"


#: Each rule, a document that breaks it, and where it says so (rule, paragraph).
BAD: dict[str, tuple[Callable[[], bytes], list[tuple[str, int]]]] = {
    "a11y.docx.no-title": (
        typed_bullets_and_no_title,
        [("a11y.docx.no-title", 1), ("a11y.docx.typed-bullet", 2), ("a11y.docx.typed-bullet", 3)],
    ),
    "a11y.docx.typed-bullet": (
        typed_bullets_and_no_title,
        [("a11y.docx.no-title", 1), ("a11y.docx.typed-bullet", 2), ("a11y.docx.typed-bullet", 3)],
    ),
    "a11y.docx.no-language": (no_language, [("a11y.docx.no-language", 1)]),
    "a11y.docx.no-headings": (no_headings, [("a11y.docx.no-headings", 1)]),
    "a11y.docx.heading-order": (skipped_heading, [("a11y.docx.heading-order", 2)]),
    "a11y.docx.list-not-nested": (nested_by_style, [("a11y.docx.list-not-nested", 3)]),
    "a11y.docx.image-alt": (image_without_alt, [("a11y.docx.image-alt", 2)]),
    "a11y.docx.table-header": (table_without_header, [("a11y.docx.table-header", 2)]),
    "a11y.docx.empty-paragraph": (empty_paragraph, [("a11y.docx.empty-paragraph", 2)]),
    "a11y.docx.contrast": (light_text, [("a11y.docx.contrast", 2)]),
    "a11y.docx.unreadable": (not_a_word_file, [("a11y.docx.unreadable", 1)]),
}


def test_every_rule_has_a_bad_example() -> None:
    assert set(BAD) == {rule.id for rule in docx_rules.RULES}


@pytest.mark.parametrize("rule", sorted(BAD))
def test_each_rule_catches_its_bad_document(rule: str) -> None:
    make, expected = BAD[rule]
    assert _found(make()) == expected


def test_the_writers_output_passes_every_rule(seed: Document) -> None:
    assert docx_rules.check(docx_writer.write(seed), "outputs/en/aldesleukin.docx") == []


def test_a_good_python_docx_document_passes() -> None:
    word = _word()
    word.add_heading("Side effects", level=2)
    word.add_paragraph("fever", style="List Bullet")
    word.add_paragraph("Call the clinic if it does not help.")
    assert _found(_saved(word)) == []


def test_findings_name_the_file_paragraph_and_text() -> None:
    (title, first, _) = docx_rules.check(typed_bullets_and_no_title(), "outputs/en/bad.docx")
    assert str(title) == (
        "outputs/en/bad.docx:1:1: error: a11y.docx.no-title: "
        "the document has no title: set File > Info > Title"
    )
    assert str(first).startswith(
        "outputs/en/bad.docx:2:1: error: a11y.docx.typed-bullet: '• fever'"
    )


@pytest.mark.parametrize("typed", ["- fever", "* fever", "1. Take it", "(2) Wait", "a) rest"])
def test_typed_dashes_and_numbers_are_typed_lists_too(typed: str) -> None:
    word = _word()
    word.add_paragraph(typed)
    assert _found(_saved(word)) == [("a11y.docx.typed-bullet", 2)]


def test_a_described_or_decorative_image_passes() -> None:
    word = _word()
    word.add_picture(io.BytesIO(_png()))
    word.add_picture(io.BytesIO(_png()))
    described, decorative = word.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    )
    described.set("descr", "The medicine's box")
    decorative.append(
        parse_xml(
            '<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            '<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
            '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative"'
            ' val="1"/></a:ext></a:extLst>'
        )
    )
    assert _found(_saved(word)) == []


def test_a_table_with_a_header_row_passes() -> None:
    word = _word()
    table = word.add_table(rows=2, cols=1)
    first_row = table.rows[0]._tr.get_or_add_trPr()
    first_row.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    assert _found(_saved(word)) == []


def test_large_bold_text_needs_only_three_to_one() -> None:
    word = _word()
    run = word.add_paragraph().add_run("Warning")
    run.font.color.rgb = RGBColor(0x94, 0x94, 0x94)  # 3.03:1 on white
    run.font.size = Pt(14)
    run.font.bold = True
    assert _found(_saved(word)) == []
    run.font.bold = False
    assert _found(_saved(word)) == [("a11y.docx.contrast", 2)]


def test_the_default_templates_light_blue_headings_fail() -> None:
    """Why the writer darkens them: Heading 2 is 13 pt bold #4F81BD, 4.0:1 on white."""
    word = docx.Document()
    word.core_properties.title = "Aldesleukin"
    word.add_heading("Aldesleukin", level=1)
    word.add_heading("How is it given?", level=2)
    (finding,) = docx_rules.check(_saved(word), "sheet.docx")
    assert (finding.rule, finding.loc.line) == ("a11y.docx.contrast", 2)
    assert "#4F81BD on #FFFFFF: contrast 4.03:1, needs 4.5:1" in finding.message


def test_contrast_is_judged_on_the_highlight() -> None:
    word = _word()
    run = word.add_paragraph().add_run("White on yellow")
    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    (finding,) = docx_rules.check(_saved(word), "sheet.docx")
    assert "#FFFFFF on #FFFF00" in finding.message


def test_a_trailing_empty_paragraph_is_word_s_own() -> None:
    word = _word()
    word.add_paragraph("")
    assert _found(_saved(word)) == []


def test_contrast_ratio_matches_wcag() -> None:
    assert docx_rules.contrast("000000", "FFFFFF") == pytest.approx(21.0)
    assert docx_rules.contrast("767676", "FFFFFF") == pytest.approx(4.54, abs=0.01)


@given(st.binary(max_size=200))
def test_anything_that_is_not_a_word_file_is_reported_not_crashed_on(data: bytes) -> None:
    assert _found(data) == [("a11y.docx.unreadable", 1)]


def test_a_package_without_a_document_is_unreadable() -> None:
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as zipped:
        zipped.writestr("_rels/.rels", "<Relationships/>")
    assert _found(package.getvalue()) == [("a11y.docx.unreadable", 1)]
