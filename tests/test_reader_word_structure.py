"""The Word reader's structure: a sheet typed by a person, our own DOCX output read back,
headings, lists, tables and text boxes (pipeline/readers/word/paragraphs.py, assemble.py)."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import docx
import pytest
from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Inches, Pt
from hypothesis import HealthCheck, given, settings

from pipeline import fidelity
from pipeline.config import Config
from pipeline.dump import dump
from pipeline.model import (
    BulletList,
    Document,
    ItemList,
    ListItem,
    NumberedList,
    Paragraph,
    Span,
    Table,
    plain,
)
from pipeline.readers import read
from pipeline.readers import word as word_reader
from pipeline.readers.result import ReadResult
from pipeline.writers import docx as docx_writer
from tests.conftest import Golden, numbered_from
from tests.fixtures.make_docx_fixtures import SHEET, build_sheet
from tests.test_properties import documents
from tests.word_sheets import (
    marked,
    only_list,
    read_bytes,
    read_word,
    rules,
    texts,
)


@pytest.fixture(scope="module")
def word_sheet(config: Config) -> ReadResult:
    return marked(word_reader.read(SHEET, "tests/fixtures/aldesleukin-word.docx", config), config)


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


def test_word_sheet_loses_no_word(config: Config) -> None:
    result = read(SHEET, config, "aldesleukin-word.docx")
    assert not [f for f in result.findings if f.rule == "ingest.dropped-text"]
    # The typed "o" bullets are letters: removed by name, as the dump lists them.
    assert {(gone.text, gone.rule) for gone in result.removed} == {
        ("o", "docx.typed-bullet"),
        ("Last reviewed 8/2015 \u00a9Copyright", "review-date"),
    }


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


def test_typed_numbers_are_numbered_steps(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        word.add_paragraph("1. Wash your hands.")
        word.add_paragraph("2)\tMeasure the dose.")
        word.add_paragraph("1.5 mL is a small dose.")

    result = read_word(tmp_path, make)
    listed, small = result.document.sections[0].blocks
    assert isinstance(listed, NumberedList) and listed.start == 1
    assert texts(listed.items) == ["Wash your hands.", "Measure the dose."]
    assert isinstance(small, Paragraph)
    assert rules(result) == [("docx.manual-numbering", 2)]
    assert result.findings[0].loc.place == "paragraph 2"


def test_typed_numbers_that_do_not_count_on_keep_them(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        word.add_paragraph("1. Wash your hands.")
        word.add_paragraph("3. Measure the dose.")

    listed = read_word(tmp_path, make).document.sections[0].blocks[0]
    assert isinstance(listed, BulletList)
    assert texts(listed.items) == ["1. Wash your hands.", "3. Measure the dose."]


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


def test_a_table_is_a_table_with_a_bold_header_row(tmp_path: Path) -> None:
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
    table, after = result.document.sections[0].blocks
    assert isinstance(table, Table)
    assert table.header_rows == 0  # only "Weight" is bold: not a header row
    assert [[plain(cell.content) for cell in row] for row in table.rows] == [
        ["Weight", "Dose"],
        ["10 kg", "100 mg"],
        ["", ""],
    ]
    assert table.rows[0][0].content == (Span("Weight", True),)
    assert [row[0].loc.line for row in table.rows] == [3, 5, 7]  # the cells' paragraphs
    assert isinstance(after, Paragraph) and after.loc.line == 9
    assert rules(result) == []


def test_text_boxes_are_read_after_their_anchor_and_reported(tmp_path: Path) -> None:
    box = (
        f"<w:r {nsdecls('w')} xmlns:v='urn:schemas-microsoft-com:vml'>"
        "<w:pict><v:shape><v:textbox><w:txbxContent>"
        "<w:p><w:r><w:t>Call 911 if she faints.</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )

    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        word.add_paragraph("Give it with food.")._p.append(parse_xml(box))

        word.add_paragraph("Store it below 25 \u00b0C.")

    result = read_word(tmp_path, make)
    (section,) = result.document.sections
    assert [plain(b.content) for b in section.blocks if isinstance(b, Paragraph)] == [
        "Give it with food.",
        "Call 911 if she faints.",
        "Store it below 25 \u00b0C.",
    ]
    assert rules(result) == [("docx.text-box", 2)]
    assert "screen readers may skip it" in result.findings[0].message


def test_links_and_tracked_changes_read_as_accepted_and_reported(tmp_path: Path) -> None:
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

    result = read_word(tmp_path, make)
    (section,) = result.document.sections
    assert [plain(b.content) for b in section.blocks if isinstance(b, Paragraph)] == [
        "Call the clinic today."
    ]
    assert rules(result) == [("docx.tracked-change", 2)] * 2
    assert [f.message.split(";")[0] for f in result.findings] == [
        "tracked change: deleted 'tomorrow'",
        "tracked change: inserted 'today'",
    ]


def test_a_drop_cap_starts_the_paragraph_after_it(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.add_heading("Ibuprofen", level=1)
        letter = word.add_paragraph("G")
        letter._p.get_or_add_pPr().append(
            parse_xml(f"<w:framePr {nsdecls('w')} w:dropCap='drop' w:lines='3'/>")
        )
        word.add_paragraph("ive it with food.")

    result = read_word(tmp_path, make)
    (section,) = result.document.sections
    assert [plain(b.content) for b in section.blocks if isinstance(b, Paragraph)] == [
        "Give it with food."
    ]
    assert result.findings == ()
    assert result.visible is not None
    assert fidelity.check(result.visible, result.document, result.removed) == []
