"""The PDF reader: one fixture per heuristic (tests/fixtures/make_pdf_fixtures.py), golden
dumps of what it reads, real agency PDFs from tests/corpus, and clear errors for bad files."""

from __future__ import annotations

import dataclasses
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.config import Config
from pipeline.dates import PartialDate
from pipeline.dump import dump
from pipeline.errors import SourceError
from pipeline.model import (
    BulletList,
    Document,
    Image,
    Location,
    NumberedList,
    Paragraph,
    Table,
    plain,
)
from pipeline.readers import read
from pipeline.readers.pdf import frame, layout, paged, parse
from tests.conftest import Golden
from tests.fixtures.make_pdf_fixtures import pdf, turned

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"
CORPUS = Path(__file__).parent / "corpus"


def _read(name: str, config: Config, folder: Path = FIXTURES):  # type: ignore[no-untyped-def]
    return read(folder / name, config, display=f"sources/{name}")


@pytest.mark.parametrize(
    "name", ["statement", "two-columns", "tagged", "picture", "undated", "dose-table"]
)
def test_each_fixture_reads_as_its_golden_dump(name: str, config: Config, golden: Golden) -> None:
    result = _read(f"{name}.pdf", config)
    assert not [f for f in result.findings if f.rule == "ingest.dropped-text"]
    golden(f"pdf/{name}.native", dump(result.document, removed=result.removed).encode("utf-8"))


def test_running_heads_and_page_numbers_are_removed_and_listed(config: Config) -> None:
    result = _read("statement.pdf", config)
    rules = sorted({(gone.rule, gone.text) for gone in result.removed})
    assert ("pdf.running-head", "VACCINE INFORMATION STATEMENT") in rules
    assert ("pdf.page-number", "Page 2 of 2") in rules
    text = dump(result.document)
    assert "VACCINE INFORMATION" not in text and "Page 1" not in text


def test_numbered_section_titles_are_headings_and_numbered_steps_stay_steps(
    config: Config,
) -> None:
    document = _read("statement.pdf", config).document
    headings = [section.heading for section in document.sections]
    assert headings[:3] == [
        "1. Why get vaccinated?",
        "2. Talk with your health care provider",
        "3. What if there is a serious problem?",
    ]
    (steps,) = [b for s in document.sections for b in s.blocks if isinstance(b, NumberedList)]
    assert steps.items[0].content[0].text == "Wash your hands."
    checklist = [b for s in document.sections for b in s.blocks if isinstance(b, BulletList)]
    assert len(checklist[0].items) == 3


def test_a_word_broken_at_a_line_end_is_whole_again(config: Config) -> None:
    assert "tiredness, loss of appetite" in dump(_read("statement.pdf", config).document)


def test_two_columns_are_read_left_column_first(config: Config) -> None:
    document = _read("two-columns.pdf", config).document
    assert document.meta.title == "Caring for a Cast"
    assert [s.heading for s in document.sections] == [
        "Keep the cast dry",
        "Itching",
        "When to call",
    ]


def test_a_tagged_pdf_is_read_by_its_structure_tree(config: Config) -> None:
    document = _read("tagged.pdf", config).document
    blocks = [b for s in document.sections for b in s.blocks]
    (table,) = [b for b in blocks if isinstance(b, Table)]
    assert table.header_rows == 1 and len(table.rows) == 3
    assert any(isinstance(b, NumberedList) and len(b.items) == 3 for b in blocks)
    assert document.meta.reviewed == PartialDate(2026, 3)


def test_a_ruled_table_in_an_untagged_pdf_is_a_table(config: Config) -> None:
    blocks = [b for s in _read("dose-table.pdf", config).document.sections for b in s.blocks]
    (table,) = [b for b in blocks if isinstance(b, Table)]
    assert table.header_rows == 1
    assert [[plain(cell.content) for cell in row] for row in table.rows][2] == [
        "18 to 23 pounds",
        "3.75 mL",
    ]


def test_a_picture_is_kept_with_its_alt_text_as_the_page_shows_it(config: Config) -> None:
    result = _read("picture.pdf", config)
    assert result.findings == ()
    (image,) = [b for s in result.document.sections for b in s.blocks if isinstance(b, Image)]
    assert image.alt == "A syringe filled to 5 mL"
    assert image.media_type == "image/png" and image.data.startswith(b"\x89PNG")


def test_a_picture_without_alt_text_is_kept_and_reported(config: Config) -> None:
    result = _read("picture-no-alt.pdf", config)
    assert [f.rule for f in result.findings] == ["pdf.no-alt"]
    assert any(isinstance(b, Image) for s in result.document.sections for b in s.blocks)


def test_a_tagged_picture_that_cannot_be_found_is_reported(config: Config) -> None:
    findings = _read("lost-picture.pdf", config).findings
    assert [f.rule for f in findings] == ["pdf.picture"]
    assert "A syringe filled to 5 mL" in findings[0].message


def test_without_a_review_date_the_file_date_stands_in_and_says_so(config: Config) -> None:
    result = _read("undated.pdf", config)
    assert result.document.meta.reviewed == PartialDate(2025, 3, 1)
    assert [f.rule for f in result.findings] == ["pdf.date-from-properties"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("scanned.pdf", "no text layer"),
        ("encrypted.pdf", "encrypted PDF"),
        ("malformed.pdf", "not a readable PDF"),
    ],
)
def test_bad_pdfs_are_clear_errors(name: str, message: str, config: Config) -> None:
    with pytest.raises(SourceError, match=message) as raised:
        _read(name, config)
    assert raised.value.path == f"sources/{name}"


def test_too_many_pages_is_refused_before_reading(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse, "MAX_PAGES", 1)
    with pytest.raises(SourceError, match="has 2 pages"):
        _read("statement.pdf", config)


def test_a_real_vaccine_statement_reads_without_loss(config: Config) -> None:
    """The CDC's COVID-19 statement (two columns, symbol-font bullets, numbered headings)."""
    result = _read("cdc-vis-covid-19.pdf", config, CORPUS)
    assert not [f for f in result.findings if f.rule == "ingest.dropped-text"]
    document = result.document
    headings = [s.heading for s in document.sections]
    assert "4. Risks of a vaccine reaction" in headings
    assert "7. How can I learn more?" in headings
    text = dump(document)
    assert 'Strong "call 9-1-1" " and get the person to the nearest hospital."]' in text
    assert "VACCINE INFORMATION STATEMENT" not in text


def test_a_real_agency_booklet_reads_without_loss(config: Config) -> None:
    result = _read("niddk-eating-diabetes.pdf", config, CORPUS)
    assert not [f for f in result.findings if f.rule == "ingest.dropped-text"]
    assert len(result.document.sections) > 10


_LINE = layout.PdfLine((), 1, 792)
_WORD = layout.PdfWord("x", 1, 72, 90, 100, 111, 11, False, None)


@given(st.lists(st.text(st.sampled_from("ab-C"), min_size=1, max_size=6), min_size=1, max_size=30))
def test_joining_broken_words_never_loses_a_letter(texts: list[str]) -> None:
    lines = [
        dataclasses.replace(_LINE, words=(dataclasses.replace(_WORD, text=t),), number=n)
        for n, t in enumerate(texts, 1)
    ]
    joined = "".join(w.text for line in frame.dehyphenate(lines) for w in line.words)
    assert joined.replace("-", "") == "".join(texts).replace("-", "")


def _one_page(content: bytes, filters: str = "") -> bytes:
    """A one-page PDF drawing `content` (no cross-reference table: readers rebuild it)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(content), filters.encode(), content),
    ]
    body = b"".join(b"%d 0 obj\n%s\nendobj\n" % (n, o) for n, o in enumerate(objects, 1))
    return b"%PDF-1.4\n" + body + b"trailer\n<< /Root 1 0 R /Size 5 >>\n%%EOF\n"


def test_a_decompression_bomb_is_a_clear_error_in_bounded_memory(
    tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    packer = zlib.compressobj(9)
    chunk = b"\0" * 1_000_000
    bomb = b"".join(packer.compress(chunk) for _ in range(1_200)) + packer.flush()
    (tmp_path / "bomb.pdf").write_bytes(_one_page(bomb, "/Filter /FlateDecode"))
    monkeypatch.setattr(parse, "MEMORY_BYTES", 1_000_000_000)
    with pytest.raises(SourceError, match="needs more than 1 GB of memory"):
        _read("bomb.pdf", config, tmp_path)


def test_deeply_nested_objects_do_not_stop_the_reader(tmp_path: Path, config: Config) -> None:
    nested = b"[" * 200_000 + b"]" * 200_000
    content = b"BT /F1 11 Tf 72 700 Td (Fever medicine) Tj ET " + nested
    (tmp_path / "nested.pdf").write_bytes(_one_page(content))
    assert '"Fever medicine"' in dump(_read("nested.pdf", config, tmp_path).document)


@pytest.mark.parametrize("name", ["word-tagged.pdf", "word-untagged.pdf"])
def test_a_word_sheet_exported_by_libreoffice_reads_as_the_word_reader_reads_it(
    name: str, config: Config
) -> None:
    """The seed sheet's Word version, saved as PDF with and without tags: the same title,
    section headings, review date and list items as the Word reader finds in the .docx."""
    word = read(FIXTURES.parent / "aldesleukin-word.docx", config).document
    result = _read(name, config)
    assert not [f for f in result.findings if f.rule == "ingest.dropped-text"]
    document = result.document
    assert document.meta.title == word.meta.title
    assert document.meta.reviewed == word.meta.reviewed
    assert [s.heading for s in document.sections] == [s.heading for s in word.sections]

    def items(doc: Document) -> list[str]:
        return [
            plain(item.content)
            for section in doc.sections
            for block in section.blocks
            if isinstance(block, BulletList | NumberedList)
            for item in block.items
        ]

    assert items(document)[:10] == items(word)[:10]


@pytest.mark.parametrize(
    ("before", "after", "whole"),
    [
        ("medi-", "cine.", "medicine."),
        ("tired-", "ness,", "tiredness,"),
        ("some-", "times", "sometimes"),
        ("blue-", "colored", "blue-colored"),
        ("(long-", "term)", "(long-term)"),
    ],
)
def test_a_line_end_hyphen_goes_unless_it_joins_a_compound(
    before: str, after: str, whole: str
) -> None:
    known = {
        "medicine",
        "tiredness",
        "sometimes",
        "some",
        "times",
        "blue",
        "colored",
        "long",
        "term",
    }
    lines = [
        dataclasses.replace(_LINE, words=(dataclasses.replace(_WORD, text=text),), number=n)
        for n, text in enumerate((before, after), 1)
    ]
    (line,) = frame.dehyphenate(lines, known.__contains__)
    assert line.text == whole


def test_locations_say_the_page_and_keep_the_line_over_the_file(config: Config) -> None:
    result = _read("statement.pdf", config)
    third = next(s for s in result.document.sections if (s.heading or "").startswith("3."))
    assert third.loc.page == (2, 2) and third.loc.line > 2
    assert str(third.loc) == "sources/statement.pdf: page 2, line 2"
    assert all(visible.loc.page is not None for visible in result.visible or ())
    first = result.document.sections[0].loc
    assert first.page is not None and first.page[0] == 1


def test_paging_reaches_nested_locations_and_leaves_the_rest_as_it_was() -> None:
    here, elsewhere = Location("s.pdf", 5), Location("s.pdf", 99)
    blocks = (Paragraph((), here), (Paragraph((), elsewhere),))
    done = paged.paged(blocks, {5: (2, 1)})
    assert done[0].loc.page == (2, 1) and str(done[0].loc) == "s.pdf: page 2, line 1"
    assert done[1] is blocks[1]
    assert done[0].loc == here  # the line over the file is what compares


def test_a_web_address_broken_over_three_lines_is_whole_again() -> None:
    pieces = [
        ("at", "www.fda.gov/emergency-"),
        ("preparedness-and-response/disease-2019-",),
        ("covid-19/vaccines", "."),
    ]
    lines = [
        dataclasses.replace(
            _LINE,
            words=tuple(dataclasses.replace(_WORD, text=text) for text in texts),
            number=n,
        )
        for n, texts in enumerate(pieces, 1)
    ]
    (line,) = frame.dehyphenate(lines)
    assert (
        line.text
        == "at www.fda.gov/emergency-preparedness-and-response/disease-2019-covid-19/vaccines ."
    )


def test_turned_text_reads_as_words_each_way(tmp_path: Path) -> None:
    """A side label turned counter-clockwise (NIDDK's meal table: "Dinner", read bottom to
    top) or clockwise is one word, not letters backwards ("r e nn i D")."""
    drawing = turned("Dinner", 100, 400, 14, upward=True) + turned("Snack", 300, 200, 14, False)
    path = tmp_path / "turned.pdf"
    path.write_bytes(pdf([[("Meal plan", 72, 72, 12, True)]], drawing=drawing))
    [page] = parse.isolated(path)["pages"]
    words = {word[0]: word for word in page["words"]}
    assert set(words) == {"Meal", "plan", "Dinner", "Snack"}
    assert words["Dinner"][5] == pytest.approx(14) and words["Snack"][5] == pytest.approx(14)


def test_a_path_relative_to_the_working_folder_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`pipeline build` names sources relative to the project, which need not be where the
    pipeline is installed (the child that parses runs there): it read "no such file"."""
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "sheet.pdf").write_bytes(pdf([[("Fever care", 72, 72, 12, True)]]))
    monkeypatch.chdir(tmp_path)
    [page] = parse.isolated(Path("sources/sheet.pdf"))["pages"]
    assert [word[0] for word in page["words"]] == ["Fever", "care"]
