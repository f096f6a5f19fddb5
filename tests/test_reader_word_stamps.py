"""The Word reader's review stamps, publisher lines and language: in the body, in document
properties and in page headers and footers (pipeline/readers/word/stamps.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import docx
import pytest
from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches
from docx.text.paragraph import Paragraph as WordParagraph

from pipeline.checks.context import Context
from pipeline.checks.review import review_dates
from pipeline.dates import PartialDate
from pipeline.dump import dump
from pipeline.errors import SourceError
from pipeline.model import (
    Severity,
)
from pipeline.readers import word as word_reader
from tests.word_sheets import (
    CONFIG,
    NAME,
    Build,
    error_for,
    part,
    read_bytes,
    read_word,
    repack,
    rules,
    save,
    simple_sheet,
)


@pytest.fixture(scope="module")
def simple() -> bytes:
    return simple_sheet()


# --- metadata ----------------------------------------------------------------------------


def test_publisher_and_review_lines_typed_with_line_breaks(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        word.add_paragraph("Give it with food.")
        word.add_paragraph("Children's Minnesota\nPatient/Family Education\nLast reviewed 3/2021")
        word.add_paragraph("Next review due: 2023-03")

    meta = read_word(tmp_path, make).document.meta
    assert meta.publisher == ("Children's Minnesota", "Patient/Family Education")
    assert (meta.reviewed, meta.next_review) == (PartialDate(2021, 3), PartialDate(2023, 3))
    assert meta.reviewed_loc is not None and meta.reviewed_loc.line == 3


def test_review_date_from_a_document_property(tmp_path: Path, simple: bytes) -> None:
    custom = (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="LastReviewed">'
        "<vt:filetime>2021-03-15T00:00:00Z</vt:filetime></property></Properties>"
    )
    rels = part(simple, "_rels/.rels").replace(
        b"</Relationships>",
        b'<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/officeDocument'
        b'/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>',
    )
    data = repack(simple, {"_rels/.rels": rels, "docProps/custom.xml": custom.encode()})
    meta = read_bytes(tmp_path, data).document.meta
    assert (meta.reviewed, meta.next_review) == (PartialDate(2021, 3, 15), PartialDate(2024, 3, 15))
    assert meta.reviewed_loc is None  # not in the text: findings point at the sheet


def test_two_review_dates_name_their_paragraphs(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        word.add_paragraph("Last reviewed 8/2015")
        word.add_paragraph("Give it with food.")
        word.add_paragraph("Last reviewed 9/2019")

    with pytest.raises(SourceError, match=r"more than one 'last reviewed' date \(lines 2, 4\)"):
        read_word(tmp_path, make)


def test_unreadable_review_date_names_the_paragraph(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        word.add_paragraph("Last reviewed in the summer")

    with pytest.raises(SourceError) as raised:
        read_word(tmp_path, make)
    assert raised.value.line == 2
    assert "cannot read the review date" in raised.value.message


def test_audit_ignore_paragraph(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        word.add_paragraph("audit-ignore: spelling.misspelled")
        word.add_paragraph("Give it with food.")

    document = read_word(tmp_path, make).document
    assert document.meta.ignores == ("spelling.misspelled",)
    assert "audit-ignore" not in dump(document)


# --- review stamps in page headers and footers --------------------------------------------


def _text(text: str) -> str:
    return f"<w:r><w:t xml:space='preserve'>{escape(text)}</w:t></w:r>"


def _field(instruction: str, result: str) -> str:
    """A field as Word writes it: begin, its code, separate, the result Word shows, end."""
    return (
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        f"<w:r><w:instrText xml:space='preserve'> {escape(instruction)} </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r>"
        f"{_text(result)}<w:r><w:fldChar w:fldCharType='end'/></w:r>"
    )


def _simple_field(instruction: str, result: str) -> str:
    return f"<w:fldSimple w:instr={quoteattr(instruction)}>{_text(result)}</w:fldSimple>"


def _write(paragraph: WordParagraph, *xml: str) -> None:
    """Append runs (and fields) given as WordprocessingML to a paragraph."""
    for child in list(parse_xml(f"<w:x {nsdecls('w')}>{''.join(xml)}</w:x>")):
        paragraph._p.append(child)


def _body(word: WordDocument) -> None:
    word.add_heading("Ibuprofen", level=1)
    word.add_paragraph("Give it with food.")


def _with_footer(*xml: str) -> Build:
    def make(word: WordDocument) -> None:
        _body(word)
        _write(word.sections[0].footer.paragraphs[0], *xml)

    return make


#: A hospital's footer line: copyright, the stamp (its date from a DOCPROPERTY field, as
#: templates do), and the page number in a field; field codes must not leak into the text.
HOSPITAL_FOOTER = (
    _text("\u00a9 2015 Children's Hospital | Last reviewed "),
    _field('DOCPROPERTY "Last reviewed"', "8/2015"),
    _text(" | Page "),
    _field("PAGE", "1"),
    _text(" of "),
    _simple_field("NUMPAGES", "2"),
)


def test_review_date_in_the_page_footer(tmp_path: Path) -> None:
    result = read_word(tmp_path, _with_footer(*HOSPITAL_FOOTER))
    meta = result.document.meta
    assert (meta.reviewed, meta.next_review) == (PartialDate(2015, 8), PartialDate(2018, 8))
    assert meta.reviewed_loc is None  # in no body paragraph: findings point at the sheet
    assert meta.publisher == ()
    assert rules(result) == [("docx.review-in-footer", 1)]
    assert result.findings[0].severity is Severity.INFO
    assert "'Last reviewed 8/2015' was read from the page footer" in result.findings[0].message
    assert "Children's Hospital" not in dump(result.document)  # footers give stamps only
    # An overdue review points where the footer finding explains it.
    with Context(CONFIG, dt.date(2025, 1, 1)) as context:
        (overdue,) = review_dates(result.document, context)
    assert (overdue.rule, overdue.loc) == ("review.overdue", result.findings[0].loc)


def test_review_stamps_in_a_header_and_an_even_page_footer(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        _body(word)
        section = word.sections[0]
        section.header.paragraphs[0].text = "Ibuprofen\tLast reviewed: August 2015"
        section.even_page_footer.paragraphs[0].text = "Next review due 2017-08 \u2022 Page 2"

    result = read_word(tmp_path, make)
    meta = result.document.meta
    # The next review is the footer's, not the review cycle's.
    assert (meta.reviewed, meta.next_review) == (PartialDate(2015, 8), PartialDate(2017, 8))
    assert rules(result) == [("docx.review-in-footer", 1)] * 2
    assert "page header" in result.findings[0].message
    assert "even-page footer" in result.findings[1].message


def test_review_stamp_in_a_footer_table_cell_pair(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        _body(word)
        cells = word.sections[0].footer.add_table(1, 3, Inches(6)).rows[0].cells
        for cell, text in zip(cells, ["\u00a9 Children's", "Last reviewed", "3/2021"], strict=True):
            cell.text = text

    assert read_word(tmp_path, make).document.meta.reviewed == PartialDate(2021, 3)


def test_footer_label_as_configured(tmp_path: Path) -> None:
    config = dataclasses.replace(
        CONFIG,
        text_reader=dataclasses.replace(CONFIG.text_reader, reviewed_label=r"(?:last\s+)?reviewed"),
    )
    path = tmp_path / NAME
    word = docx.Document()
    _with_footer(_text("Reviewed: 08/2015 | Next review: 08/2017"))(word)
    path.write_bytes(save(word))
    meta = word_reader.read(path, NAME, config).document.meta
    assert (meta.reviewed, meta.next_review) == (PartialDate(2015, 8), PartialDate(2017, 8))
    # With the default labels, "Reviewed:" is one of the other review labels the text
    # reader reads too ("Revised", "Updated"): the same footer copied to text gives 8/2015.
    assert word_reader.read(path, NAME, CONFIG).document.meta.reviewed == PartialDate(2015, 8)


def test_a_last_reviewed_stamp_in_a_footer_wins_over_other_labels(tmp_path: Path) -> None:
    path = tmp_path / NAME
    word = docx.Document()
    _with_footer(_text("Revised 01/2014 | Last reviewed 08/2015"))(word)
    path.write_bytes(save(word))
    assert word_reader.read(path, NAME, CONFIG).document.meta.reviewed == PartialDate(2015, 8)


def test_body_stamp_wins_over_the_footer(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        _body(word)
        word.add_paragraph("Last reviewed 3/2021")
        footer = word.sections[0].footer.paragraphs[0]
        footer.text = "Last reviewed 8/2015 | Next review 8/2016 | Last reviewed 13/2015"

    result = read_word(tmp_path, make)
    meta = result.document.meta
    assert (meta.reviewed, meta.next_review) == (PartialDate(2021, 3), PartialDate(2024, 3))
    assert meta.reviewed_loc is not None and meta.reviewed_loc.line == 3
    assert rules(result) == []  # footers are not read, so not reported either


def test_body_next_review_stays_when_the_footer_gives_the_last_review(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        _body(word)
        word.add_paragraph("Next review due 5/2016")
        word.sections[0].footer.paragraphs[0].text = "Last reviewed 8/2015 Next review 8/2018"

    result = read_word(tmp_path, make)
    meta = result.document.meta
    assert (meta.reviewed, meta.next_review) == (PartialDate(2015, 8), PartialDate(2016, 5))
    assert rules(result) == [("docx.review-in-footer", 1)]  # only the date taken is reported


def test_the_same_date_in_several_headers_and_footers(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        _body(word)
        first = word.sections[0]
        first.different_first_page_header_footer = True
        first.first_page_footer.paragraphs[0].text = "Last reviewed August 2015"
        first.footer.paragraphs[0].text = "Last reviewed 8/2015"
        second = word.add_section()
        second.footer.is_linked_to_previous = False
        second.footer.paragraphs[0].text = "Last reviewed 2015-08"

    meta = read_word(tmp_path, make).document.meta
    assert (meta.reviewed, meta.next_review) == (PartialDate(2015, 8), PartialDate(2018, 8))


def test_footers_that_disagree_name_both(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        _body(word)
        word.sections[0].footer.paragraphs[0].text = "\u00a9 2015 | Last reviewed 8/2015"
        second = word.add_section()
        second.footer.is_linked_to_previous = False
        second.footer.paragraphs[0].text = "Last reviewed 9/2019 | Page 2"
        second.different_first_page_header_footer = True
        second.first_page_footer.paragraphs[0].text = "Last reviewed 8/2015"

    with pytest.raises(SourceError) as raised:
        read_word(tmp_path, make)
    assert str(raised.value).startswith(f"{NAME}: page headers and footers give different dates")
    assert (
        "'Last reviewed 8/2015' in the page footer of section 1; "
        "'Last reviewed 9/2019' in the page footer of section 2"
    ) in raised.value.message


def test_next_review_dates_that_disagree(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        _body(word)
        section = word.sections[0]
        section.header.paragraphs[0].text = "Next review due 8/2018"
        section.footer.paragraphs[0].text = "Last reviewed 8/2015 | Next review due 8/2019"

    with pytest.raises(SourceError, match="'Next review due 8/2018' in the page header; "):
        read_word(tmp_path, make)


@pytest.mark.parametrize(
    ("footer", "message"),
    [
        ("\u00a9 2015 | Last reviewed 13/2015 | Page 1", "bad review date in the page footer: "),
        ("Last reviewed Smarch 2015", "bad review date in the page footer: unknown month"),
        ("Next review due 2/30/2018", "bad review date in the page footer: "),
        ("Last reviewed by the committee | Page 1", "cannot read the review date in "),
    ],
)
def test_bad_footer_date_names_the_file_and_the_footer(
    tmp_path: Path, footer: str, message: str
) -> None:
    word = docx.Document()
    _with_footer(_text(footer))(word)
    error = error_for(tmp_path, save(word))
    assert error.startswith(message)
    assert "page footer" in error


def test_footer_without_a_stamp_changes_nothing(tmp_path: Path) -> None:
    plain_sheet = read_word(tmp_path, _body)
    footer = _with_footer(_text("\u00a9 2015 Children's Hospital | Page "), _field("PAGE", "1"))
    with_footer = read_word(tmp_path, footer)
    assert dump(with_footer.document) == dump(plain_sheet.document)
    assert with_footer.findings == plain_sheet.findings == ()
    assert with_footer.document.meta.reviewed is None


def test_footer_not_recorded_is_no_date(tmp_path: Path) -> None:
    # What our own outputs write when a sheet has no date.
    result = read_word(tmp_path, _with_footer(_text("Last reviewed: not recorded")))
    assert result.document.meta.reviewed is None
    assert result.findings == ()


def _language(word: WordDocument, lang: str | None) -> None:
    """Mark the document default as `lang` (None: unmarked)."""
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    marker = defaults.find(qn("w:rPr")).find(qn("w:lang"))
    if lang is None:
        marker.getparent().remove(marker)
    else:
        marker.set(qn("w:val"), lang)


@pytest.mark.parametrize(
    ("default", "runs", "core", "expected"),
    [
        ("en-US", None, None, "en-US"),
        ("en-US", "es-MX", None, "es-MX"),  # Word marks the runs a translator typed
        (None, None, "so", "so"),
        (None, None, None, CONFIG.language),
    ],
)
def test_language(
    tmp_path: Path, default: str | None, runs: str | None, core: str | None, expected: str
) -> None:
    def make(word: WordDocument) -> None:
        _language(word, default)
        word.core_properties.language = core or ""
        word.add_heading("Ibuprofeno", level=1)
        run = word.add_paragraph().add_run("Déselo con comida.")
        if runs:
            language = parse_xml(f'<w:lang {nsdecls("w")} w:val="{runs}"/>')
            run._r.get_or_add_rPr().append(language)

    assert read_word(tmp_path, make).document.meta.lang == expected
