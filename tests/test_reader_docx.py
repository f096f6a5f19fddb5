"""The Word reader: a sheet typed by a person, our own DOCX output read back, and bad files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import struct
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import docx
import pytest
from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches, Pt
from docx.text.paragraph import Paragraph as WordParagraph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import build as build_module
from pipeline.checks.context import Context
from pipeline.checks.review import review_dates
from pipeline.config import Config
from pipeline.dates import PartialDate
from pipeline.discovery import discover
from pipeline.dump import dump
from pipeline.errors import SourceError
from pipeline.model import (
    BulletList,
    Document,
    ItemList,
    ListItem,
    NumberedList,
    Paragraph,
    Section,
    Severity,
    plain,
)
from pipeline.readers import docx_reader, safe_zip
from pipeline.readers.result import ReadResult
from pipeline.writers import docx as docx_writer
from tests.conftest import Golden, numbered_from
from tests.fixtures.make_docx_fixtures import SHEET, build_sheet
from tests.test_properties import documents

CONFIG = Config()
NAME = "sheet.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
Build = Callable[[WordDocument], None]


def read_bytes(tmp_path: Path, data: bytes, name: str = NAME) -> ReadResult:
    path = tmp_path / name
    path.write_bytes(data)
    return docx_reader.read(path, name, CONFIG)


def save(word: WordDocument) -> bytes:
    saved = io.BytesIO()
    word.save(saved)
    return saved.getvalue()


def read_word(tmp_path: Path, make: Build) -> ReadResult:
    word = docx.Document()
    make(word)
    return read_bytes(tmp_path, save(word))


def error_for(tmp_path: Path, data: bytes) -> str:
    with pytest.raises(SourceError) as raised:
        read_bytes(tmp_path, data)
    assert raised.value.path == NAME
    assert str(raised.value).startswith(NAME)
    return raised.value.message


def repack(data: bytes, changes: dict[str, bytes | None]) -> bytes:
    """The same package with some parts replaced, added, or (None) removed."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            if name not in changes:
                target.writestr(name, source.read(name))
        for name, content in changes.items():
            if content is not None:
                target.writestr(name, content)
    return out.getvalue()


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name)


def rules(result: ReadResult) -> list[tuple[str, int]]:
    return [(finding.rule, finding.loc.line) for finding in result.findings]


def texts(items: tuple[ListItem, ...]) -> list[str]:
    return [plain(item.content) for item in items]


def only_list(section: Section) -> ItemList:
    (block,) = section.blocks
    assert isinstance(block, BulletList | NumberedList)
    return block


@pytest.fixture(scope="module")
def word_sheet(config: Config) -> ReadResult:
    return docx_reader.read(SHEET, "tests/fixtures/aldesleukin-word.docx", config)


@pytest.fixture(scope="module")
def simple() -> bytes:
    """A small valid sheet, the base for the bad-input variants."""
    word = docx.Document()
    word.add_paragraph("Ibuprofen", style="Title")
    word.add_paragraph("Give it with food.")
    return save(word)


# --- a sheet typed in Word by a person ------------------------------------------------------


def test_word_sheet_matches_golden_dump(word_sheet: ReadResult, golden: Golden) -> None:
    golden("aldesleukin-word.native", dump(word_sheet.document).encode())


def test_word_sheet_reads_as_the_same_document_as_the_text_seed(
    word_sheet: ReadResult, seed: Document
) -> None:
    # Title style, a bold fake heading, typed and real bullets, publisher paragraphs:
    # none of that changes what the sheet says. (The Word copy was typed without the web
    # page's closing copyright line, which the text seed keeps as its attribution.)
    typed = dataclasses.replace(seed, meta=dataclasses.replace(seed.meta, attribution=()))
    assert dump(word_sheet.document, locations=False) == dump(typed, locations=False)


def test_word_sheet_reports_its_fake_structure_where_it_is(word_sheet: ReadResult) -> None:
    assert rules(word_sheet) == [
        ("docx.empty-paragraph", 2),  # the blank line under the title
        ("docx.fake-heading", 9),
        ("docx.empty-paragraph", 30),  # between the side-effect lists
        ("docx.empty-paragraph", 47),
        ("docx.typed-bullet", 59),
    ]
    fake = word_sheet.findings[1]
    assert "Are there any precautions about food or other medicines?" in fake.message
    assert "12 paragraph(s)" in word_sheet.findings[4].message


def test_word_sheet_locations_are_paragraph_indexes(word_sheet: ReadResult) -> None:
    document = word_sheet.document
    assert document.meta.loc.line == 1  # the Title paragraph
    assert document.meta.reviewed_loc is not None and document.meta.reviewed_loc.line == 87
    call = next(s for s in document.sections if s.heading == "When should I call the doctor?")
    allergy = only_list(call).items[-1]
    assert [item.loc.line for item in allergy.children] == [68, 69, 70]
    paragraphs = docx.Document(str(SHEET)).paragraphs
    assert paragraphs[70 - 1].text == "o\ttrouble breathing (call 911)"


def test_fixture_is_what_the_script_builds(seed: Document) -> None:
    assert build_sheet(seed) == SHEET.read_bytes(), (
        "run .venv/bin/python tests/fixtures/make_docx_fixtures.py and review the change"
    )


# --- our own DOCX output read back -------------------------------------------------------


def test_our_docx_output_reads_back_as_the_same_model(tmp_path: Path, seed: Document) -> None:
    result = read_bytes(tmp_path, docx_writer.write(seed))
    assert dump(result.document, locations=False) == dump(seed, locations=False)
    assert result.findings == ()  # our writer uses real structure only


@given(documents(numbered=True))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_docx_round_trips_any_document(document: Document) -> None:
    with tempfile.TemporaryDirectory() as folder:
        again = read_bytes(Path(folder), docx_writer.write(document)).document
    assert dump(again, locations=False) == dump(document, locations=False)


# --- structure ---------------------------------------------------------------------------


def test_title_style_and_heading_1_sections_map_to_level_2(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=0)  # the Title style
        word.add_heading("How is it given?", level=1)
        word.add_paragraph("By mouth.")
        word.add_heading("With food", level=2)
        word.add_paragraph("Give it with a snack.")

    document = read_word(tmp_path, make).document
    assert document.meta.title == "Ibuprofen"
    assert [(s.heading, s.level) for s in document.sections] == [
        ("How is it given?", 2),
        ("With food", 3),
    ]


def test_title_from_properties_when_no_paragraph_is_one(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.core_properties.title = "Ibuprofen"
        word.add_heading("How is it given?", level=2)
        word.add_paragraph("By mouth.")

    document = read_word(tmp_path, make).document
    assert document.meta.title == "Ibuprofen"
    assert [(s.heading, s.level) for s in document.sections] == [("How is it given?", 2)]


def test_large_first_line_is_a_fake_title(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.core_properties.title = "Document1"
        word.add_paragraph().add_run("Ibuprofen").font.size = Pt(20)
        word.add_paragraph("Give it with food.")

    result = read_word(tmp_path, make)
    assert result.document.meta.title == "Ibuprofen"
    assert rules(result) == [("docx.fake-heading", 1)]
    assert "Title style" in (result.findings[0].suggestion or "")


def test_bold_lines_that_are_not_headings(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        word.add_paragraph().add_run("For girls of child-bearing age:").bold = True  # a lead-in
        word.add_paragraph("Do not take it while pregnant.")
        word.add_paragraph().add_run("Do not double the dose").bold = True  # nothing follows
        word.add_heading("Storage", level=2)
        word.add_paragraph("Keep it dry.")
        word.add_paragraph().add_run("Questions").bold = True  # last line of the sheet

    result = read_word(tmp_path, make)
    first, storage = result.document.sections
    assert [(s.heading, s.level) for s in (first, storage)] == [(None, 1), ("Storage", 2)]
    lead_in = first.blocks[0]
    assert isinstance(lead_in, Paragraph)
    assert [(span.text, span.strong) for span in lead_in.content] == [
        ("For girls of child-bearing age:", True)
    ]
    assert [plain(b.content) for b in storage.blocks if isinstance(b, Paragraph)] == [
        "Keep it dry.",
        "Questions",
    ]
    assert result.findings == ()


def test_bold_run_becomes_strong_without_its_spaces(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        paragraph = word.add_paragraph("If your child cannot breathe,")
        paragraph.add_run("  call 911 ").bold = True
        paragraph.add_run(" now.")

    (section,) = read_word(tmp_path, make).document.sections
    (block,) = section.blocks
    assert isinstance(block, Paragraph)
    assert [(span.text, span.strong) for span in block.content] == [
        ("If your child cannot breathe, ", False),
        ("call 911", True),
        (" now.", False),
    ]


#: (numFmt, lvlText) of Word's plain steps: "%1." at level 0, "%2)" in lower-case letters.
PLAIN_STEPS = (("decimal", "%1."), ("lowerLetter", "%2)"), ("lowerRoman", "%3."))
_ABSTRACT_IDS = iter(range(90, 200))


def _numbered(
    word: WordDocument,
    *items: tuple[int, str],
    levels: tuple[tuple[str, str], ...] = PLAIN_STEPS,
    start: int = 1,
) -> int:
    """Items of a new Word numbered list with these levels, its first level counting
    from `start`; its numId, for more items of the same list (`_list_items`)."""
    numbering = word.part.numbering_part.element
    abstract_id = next(_ABSTRACT_IDS)
    definition = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="{start if level == 0 else 1}"/>'
        f'<w:numFmt w:val="{number_format}"/><w:lvlText w:val="{text}"/>'
        f'<w:pPr><w:ind w:left="{720 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        for level, (number_format, text) in enumerate(levels)
    )
    numbering.insert_element_before(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f"{definition}</w:abstractNum>"
        ),
        "w:num",
    )
    num_id: int = numbering.add_num(abstract_id).numId
    _list_items(word, num_id, *items)
    return num_id


def _list_items(word: WordDocument, num_id: int, *items: tuple[int, str]) -> None:
    for level, text in items:
        paragraph = word.add_paragraph(text, style="List Paragraph")
        numbers = (
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
            f'<w:numId w:val="{num_id}"/></w:numPr>'
        )
        paragraph._p.get_or_add_pPr().insert(1, parse_xml(numbers))


def _lists(result: ReadResult) -> list[ItemList]:
    return [
        b
        for s in result.document.sections
        for b in s.blocks
        if isinstance(b, BulletList | NumberedList)
    ]


def _shown(items: tuple[ListItem, ...]) -> list[object]:
    """Each item's text, followed by its children's when it has any."""
    shown: list[object] = []
    for item in items:
        shown.append(plain(item.content))
        if item.children:
            shown.append(_shown(item.children))
    return shown


def test_plain_word_numbering_reads_as_numbered_steps(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        word.add_heading("How to give it", level=2)
        _numbered(
            word,
            (0, "Shake the bottle."),
            (1, "up"),
            (2, "slowly"),
            (1, "down"),
            (0, "Measure the dose."),
            (1, "with the syringe"),
            start=3,
        )

    result = read_word(tmp_path, make)
    block = only_list(result.document.sections[0])
    assert numbered_from(block) == 3
    assert _shown(block.items) == [
        "Shake the bottle.",
        ["up", ["slowly"], "down"],
        "Measure the dose.",
        ["with the syringe"],
    ]
    assert [item.loc.line for item in block.items] == [3, 7]
    assert result.findings == ()


@pytest.mark.parametrize(
    ("levels", "shown"),
    [
        pytest.param(
            (("decimal", "%1."), ("decimal", "%1.%2.")),
            ["1. Shake the bottle.", ["1.1. up", "1.2. down"], "2. Measure the dose."],
            id="multi-level",
        ),
        pytest.param(
            (("upperRoman", "%1."), ("lowerLetter", "%2.")),
            ["I. Shake the bottle.", ["a. up", "b. down"], "II. Measure the dose."],
            id="upper-roman",
        ),
        pytest.param(
            (("decimal", "Step %1:"), ("lowerLetter", "%2.")),
            ["Step 1: Shake the bottle.", ["a. up", "b. down"], "Step 2: Measure the dose."],
            id="step-label",
        ),
        pytest.param(
            (("decimal", "%1."), ("decimal", "%2.")),
            ["1. Shake the bottle.", ["1. up", "2. down"], "2. Measure the dose."],
            id="decimal-nested",
        ),
        pytest.param(
            (("decimal", "%1."), ("upperLetter", "%2.")),
            ["1. Shake the bottle.", ["A. up", "B. down"], "2. Measure the dose."],
            id="plain-and-not-plain-levels",
        ),
        pytest.param(
            (("decimal", "%1."), ("bullet", "\u2022")),
            ["1. Shake the bottle.", ["up", "down"], "2. Measure the dose."],
            id="bullets-below-steps",
        ),
    ],
)
def test_other_word_numbering_keeps_its_numbers_in_the_text(
    tmp_path: Path, levels: tuple[tuple[str, str], ...], shown: list[object]
) -> None:
    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        items = ((0, "Shake the bottle."), (1, "up"), (1, "down"), (0, "Measure the dose."))
        _numbered(word, *items, levels=levels)

    result = read_word(tmp_path, make)
    block = only_list(result.document.sections[0])
    assert numbered_from(block) is None
    assert _shown(block.items) == shown
    assert result.findings == ()


def test_a_list_whose_first_item_is_nested_keeps_its_numbers(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        _numbered(word, (1, "first, shake it"), (0, "Measure the dose."), (0, "Give it."))

    block = only_list(read_word(tmp_path, make).document.sections[0])
    assert (numbered_from(block), _shown(block.items)) == (
        None,
        ["a) first, shake it", "1. Measure the dose.", "2. Give it."],
    )


def test_a_list_that_skips_a_level_keeps_its_numbers(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        _numbered(word, (0, "Shake the bottle."), (2, "slowly"), (0, "Measure the dose."))

    block = only_list(read_word(tmp_path, make).document.sections[0])
    assert (numbered_from(block), _shown(block.items)) == (
        None,
        ["1. Shake the bottle.", ["i. slowly"], "2. Measure the dose."],
    )


def test_numbering_continued_across_a_paragraph_starts_where_word_shows_it(
    tmp_path: Path,
) -> None:
    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        num_id = _numbered(word, (0, "Wash your hands."), (0, "Shake the bottle."))
        word.add_paragraph("Then measure carefully.")
        _list_items(word, num_id, (0, "Measure the dose."), (1, "in mL"), (0, "Give it."))

    result = read_word(tmp_path, make)
    first, second = _lists(result)
    assert (numbered_from(first), _shown(first.items)) == (
        1,
        ["Wash your hands.", "Shake the bottle."],
    )
    assert (numbered_from(second), _shown(second.items)) == (
        3,
        ["Measure the dose.", ["in mL"], "Give it."],
    )
    assert result.findings == ()


def test_steps_of_separate_lists_count_separately(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        _numbered(word, (0, "Wash your hands."), (0, "Shake the bottle."))
        _numbered(word, (0, "Measure the dose."), (0, "Give it."), start=0)

    first, second = _lists(read_word(tmp_path, make))
    assert [(numbered_from(b), texts(b.items)) for b in (first, second)] == [
        (1, ["Wash your hands.", "Shake the bottle."]),
        (0, ["Measure the dose.", "Give it."]),
    ]


def test_typed_items_under_word_steps_keep_the_numbers(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        _numbered(word, (0, "Shake the bottle."))
        word.add_paragraph("\t- up and down")

    result = read_word(tmp_path, make)
    block = only_list(result.document.sections[0])
    assert (numbered_from(block), _shown(block.items)) == (
        None,
        ["1. Shake the bottle.", ["up and down"]],
    )
    assert rules(result) == [("docx.typed-bullet", 3)]


def test_word_bullet_styles_nest_by_indentation(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        word.add_paragraph("signs of allergy:", style="List Bullet")
        word.add_paragraph("rash", style="List Bullet 2")  # its own list, indented further
        word.add_paragraph("fever", style="List Bullet")

    block = only_list(read_word(tmp_path, make).document.sections[0])
    assert texts(block.items) == ["signs of allergy:", "fever"]
    assert texts(block.items[0].children) == ["rash"]


def test_typed_bullets_nest_by_tabs_and_indents(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        word.add_paragraph("- upset stomach")
        word.add_paragraph("\t*\tworse at night")
        word.add_paragraph("\u2022 rash")
        word.add_paragraph("\u25e6 with itching").paragraph_format.left_indent = Inches(0.5)
        word.add_paragraph("-5 degrees is too cold for it.")

    result = read_word(tmp_path, make)
    listed, cold = result.document.sections[0].blocks
    assert isinstance(listed, BulletList)
    assert texts(listed.items) == ["upset stomach", "rash"]
    assert [texts(item.children) for item in listed.items] == [["worse at night"], ["with itching"]]
    assert isinstance(cold, Paragraph)
    assert rules(result) == [("docx.typed-bullet", 2)]
    assert "4 paragraph(s)" in result.findings[0].message


def test_manual_numbering_keeps_the_numbers(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        word.add_paragraph("1. Wash your hands.")
        word.add_paragraph("2)\tMeasure the dose.")
        word.add_paragraph("1.5 mL is a small dose.")

    result = read_word(tmp_path, make)
    listed, small = result.document.sections[0].blocks
    assert isinstance(listed, BulletList)
    assert texts(listed.items) == ["1. Wash your hands.", "2) Measure the dose."]
    assert isinstance(small, Paragraph)
    assert rules(result) == [("docx.manual-numbering", 2)]


def test_empty_paragraph_separates_lists(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        word.add_paragraph("common", style="List Bullet")
        word.add_paragraph()
        word.add_paragraph()
        word.add_paragraph("rare", style="List Bullet")

    result = read_word(tmp_path, make)
    assert [
        texts(b.items) for b in result.document.sections[0].blocks if isinstance(b, BulletList)
    ] == [
        ["common"],
        ["rare"],
    ]
    assert rules(result) == [("docx.empty-paragraph", 3)]
    assert result.findings[0].message.startswith("2 empty paragraph(s)")


def test_table_rows_become_list_items(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        word.add_heading("Doses", level=2)
        table = word.add_table(rows=3, cols=2)
        for row, cells in zip(
            table.rows, [("Weight", "Dose"), ("10 kg", "100 mg"), ("", "")], strict=True
        ):
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
        table.rows[0].cells[0].paragraphs[0].runs[0].bold = True
        word.add_paragraph("Do not give more than 4 doses a day.")

    result = read_word(tmp_path, make)
    rows, after = result.document.sections[0].blocks
    assert isinstance(rows, BulletList)
    assert [(span.text, span.strong) for span in rows.items[0].content] == [
        ("Weight", True),
        (" \u2014 Dose", False),
    ]
    assert texts(rows.items) == ["Weight \u2014 Dose", "10 kg \u2014 100 mg"]
    assert [item.loc.line for item in rows.items] == [3, 5]  # the rows' first paragraphs
    assert isinstance(after, Paragraph) and after.loc.line == 9
    assert rules(result) == [("docx.table", 3)]


def test_text_boxes_are_reported_not_read(tmp_path: Path) -> None:
    box = (
        f"<w:r {nsdecls('w')} xmlns:v='urn:schemas-microsoft-com:vml'>"
        "<w:pict><v:shape><v:textbox><w:txbxContent>"
        "<w:p><w:r><w:t>Call 911 if she faints.</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )

    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        word.add_paragraph("Give it with food.")._p.append(parse_xml(box))

    result = read_word(tmp_path, make)
    (section,) = result.document.sections
    assert [plain(b.content) for b in section.blocks if isinstance(b, Paragraph)] == [
        "Give it with food."
    ]
    assert rules(result) == [("docx.text-box", 2)]


def test_links_and_tracked_changes_read_as_accepted(tmp_path: Path) -> None:
    runs = (
        f"<w:hyperlink {nsdecls('w')}><w:r><w:t>Call the clinic</w:t></w:r></w:hyperlink>"
        f"<w:del {nsdecls('w')}><w:r><w:delText> tomorrow</w:delText></w:r></w:del>"
        f"<w:ins {nsdecls('w')}><w:r><w:t xml:space='preserve'> today</w:t></w:r></w:ins>"
        f"<w:r {nsdecls('w')}><w:t>.</w:t></w:r>"
    )

    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        paragraph = word.add_paragraph()._p
        for run in parse_xml(f"<w:x {nsdecls('w')}>{runs}</w:x>"):
            paragraph.append(run)

    (section,) = read_word(tmp_path, make).document.sections
    assert [plain(b.content) for b in section.blocks if isinstance(b, Paragraph)] == [
        "Call the clinic today."
    ]


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
    meta = docx_reader.read(path, NAME, config).document.meta
    assert (meta.reviewed, meta.next_review) == (PartialDate(2015, 8), PartialDate(2017, 8))
    # With the default label ("Last reviewed"), "Reviewed:" is not a stamp.
    assert docx_reader.read(path, NAME, CONFIG).document.meta.reviewed is None


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


# --- bad input ---------------------------------------------------------------------------


def test_not_a_zip(tmp_path: Path) -> None:
    assert error_for(tmp_path, b"Ibuprofen\n\nGive it with food.\n") == (
        "not a Word document: the file is not a ZIP archive"
    )


def test_damaged_zip(tmp_path: Path, simple: bytes) -> None:
    assert "damaged" in error_for(tmp_path, simple[: len(simple) // 2])


def test_old_binary_word_document(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert "old binary Word document (.doc)" in error_for(tmp_path, ole)
    encrypted = ole + "EncryptedPackage".encode("utf-16-le")
    assert "password-protected" in error_for(tmp_path, encrypted)


def test_macro_enabled_document(tmp_path: Path, simple: bytes) -> None:
    types = part(simple, "[Content_Types].xml").replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
    )
    renamed = repack(simple, {"[Content_Types].xml": types, "word/vbaProject.bin": b"\x00" * 64})
    assert (
        error_for(tmp_path, renamed) == "macro-enabled document (.docm): save it as a plain .docx"
    )
    hidden = repack(simple, {"word/vbaProject.bin": b"\x00" * 64})  # the part alone is enough
    assert "macro-enabled" in error_for(tmp_path, hidden)


def test_other_office_documents(tmp_path: Path, simple: bytes) -> None:
    types = part(simple, "[Content_Types].xml").replace(
        b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml"
    )
    assert error_for(tmp_path, repack(simple, {"[Content_Types].xml": types})) == (
        "not a Word document: this is an Excel workbook"
    )
    assert "no [Content_Types].xml" in error_for(
        tmp_path, repack(simple, {"[Content_Types].xml": None})
    )


def test_zip_bomb_by_total_size(tmp_path: Path, simple: bytes) -> None:
    bomb = repack(simple, {"word/media/padding.xml": bytes(safe_zip.MAX_UNCOMPRESSED_BYTES + 1)})
    assert len(bomb) < 200_000
    assert error_for(tmp_path, bomb) == "decompressed size exceeds 50 MB (possible zip bomb)"


def test_zip_bomb_by_ratio(tmp_path: Path, simple: bytes) -> None:
    bomb = repack(simple, {"word/media/padding.xml": bytes(2 * safe_zip.RATIO_GRACE_BYTES)})
    assert "possible zip bomb" in error_for(tmp_path, bomb)


def patch_header(data: bytes, name: str, field: str, value: int) -> bytes:
    """The package with a field of entry `name`'s headers changed, as a forger would."""
    local, central, width = {"size": (22, 24, "<I"), "flags": (6, 8, "<H")}[field]
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        struct.pack_into(width, patched, package.getinfo(name).header_offset + local, value)
    position = patched.find(b"PK\x01\x02")
    while position >= 0:  # the central directory
        (length,) = struct.unpack_from("<H", patched, position + 28)
        if patched[position + 46 : position + 46 + length] == name.encode():
            struct.pack_into(width, patched, position + central, value)
        position = patched.find(b"PK\x01\x02", position + 1)
    return bytes(patched)


def test_zip_whose_headers_understate_a_size(tmp_path: Path, simple: bytes) -> None:
    # The directory passes the limits, but unpacking stops at the declared size.
    padded = part(simple, "word/document.xml") + bytes(10 * safe_zip.RATIO_GRACE_BYTES)
    forged = patch_header(
        repack(simple, {"word/document.xml": padded}), "word/document.xml", "size", 100
    )
    message = error_for(tmp_path, forged)
    assert message.startswith("the document is damaged: cannot unpack word/document.xml")


def test_encrypted_entry(tmp_path: Path, simple: bytes) -> None:
    encrypted = patch_header(simple, "word/document.xml", "flags", 0x1)
    assert error_for(tmp_path, encrypted) == (
        "word/document.xml is encrypted; save the document without a password"
    )


def test_too_many_entries(tmp_path: Path, simple: bytes) -> None:
    many = repack(simple, {f"customXml/item{n}.xml": b"<a/>" for n in range(safe_zip.MAX_ENTRIES)})
    assert "ZIP entries" in error_for(tmp_path, many)


XXE = (
    b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    b'<w:document xmlns:w="' + W.encode() + b'"><w:body><w:p><w:r><w:t>&secret;</w:t></w:r>'
    b"</w:p></w:body></w:document>"
)


def _laughs() -> bytes:
    """Billion laughs: nine levels of ten references each, 10^9 "lol"s if ever expanded."""
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)).replace(
        "&lol0;", "&lol;"
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">{entities}]>'
        f'<w:styles xmlns:w="{W}">&lol9;</w:styles>'
    ).encode()


LAUGHS = _laughs()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("word/document.xml", XXE),
        ("word/styles.xml", LAUGHS),
        ("[Content_Types].xml", XXE),
        (
            "word/document.xml",
            XXE.decode().replace('"1.0"?>', '"1.0" encoding="UTF-16"?>').encode("utf-16"),
        ),
        (
            "word/document.xml",
            XXE.decode().replace('"1.0"?>', '"1.0" encoding="UTF-32"?>').encode("utf-32"),
        ),
    ],
)
def test_xml_entities_are_refused(tmp_path: Path, simple: bytes, name: str, content: bytes) -> None:
    message = error_for(tmp_path, repack(simple, {name: content}))
    assert message == f"{name}: XML declares entities (DOCTYPE), which Word never writes — refused"


def test_damaged_xml(tmp_path: Path, simple: bytes) -> None:
    message = error_for(tmp_path, repack(simple, {"word/document.xml": b"<w:document"}))
    assert message.startswith("the document is damaged: word/document.xml is not well-formed XML")


@pytest.mark.parametrize("paragraphs", [0, 3])
def test_empty_document(tmp_path: Path, paragraphs: int) -> None:
    word = docx.Document()
    for _ in range(paragraphs):
        word.add_paragraph("  ")
    assert error_for(tmp_path, save(word)) == "the document has no text"


def test_document_with_only_a_review_stamp(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.add_paragraph("Children's Minnesota")
        word.add_paragraph("Last reviewed 8/2015")

    with pytest.raises(SourceError, match="no text besides its review stamp"):
        read_word(tmp_path, make)


def test_file_too_large_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_bytes(b"PK\x03\x04" + bytes(20))
    with pytest.raises(SourceError, match=r"over the limit .* raise text_reader.max_docx_bytes"):
        safe_zip.open_package(path, NAME, max_bytes=10)


@given(st.data())
@settings(max_examples=80, deadline=None)
def test_damaged_bytes_give_a_source_error_or_a_document(
    simple: bytes, data: st.DataObject
) -> None:
    damaged = bytearray(simple)
    for _ in range(data.draw(st.integers(1, 8))):
        damaged[data.draw(st.integers(0, len(damaged) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(damaged)))
    with tempfile.TemporaryDirectory() as folder:
        try:
            read_bytes(Path(folder), bytes(damaged[:cut]))
        except SourceError as error:
            assert error.path == NAME


def test_a_bad_word_file_does_not_stop_the_other_sheets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, simple: bytes
) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "broken.docx").write_bytes(simple[:100])
    (sources / "ibuprofen.docx").write_bytes(simple)
    config = dataclasses.replace(CONFIG, sources=sources, outputs=tmp_path / "outputs")
    results = build_module.build(config, discover(sources))
    broken, good = results
    assert broken.error is not None and "broken.docx" in broken.error and "damaged" in broken.error
    assert good.error is None
    assert {path.name for path in good.outputs} == {
        "ibuprofen.html",
        "ibuprofen.docx",
        "ibuprofen.txt",
    }


def test_rules_are_described() -> None:
    assert {rule.id for rule in docx_reader.RULES} == {
        "docx.fake-heading",
        "docx.typed-bullet",
        "docx.manual-numbering",
        "docx.table",
        "docx.empty-paragraph",
        "docx.text-box",
        "docx.review-in-footer",
    }
