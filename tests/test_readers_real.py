"""Sheets as other hospitals and agencies really make them (tests/fixtures/real/, and the
`readers-` pages of tests/corpus/): each reads without losing a word, into its golden
`pipeline dump`, and the classes of input they stand for read as a person sees them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.dates import PartialDate
from pipeline.dump import dump
from pipeline.model import BulletList, Image, Paragraph, Table, plain
from pipeline.readers import hyphens
from pipeline.readers import read as read_sheet
from pipeline.readers.result import ReadResult
from pipeline.readers.text import parse
from pipeline.writers import html
from tests.conftest import GOLDEN, ROOT, Golden
from tests.test_reader_markdown import paragraphs

REAL = ROOT / "tests" / "fixtures" / "real"
CORPUS = ROOT / "tests" / "corpus"
SHEETS = sorted(
    [path for path in REAL.iterdir() if path.suffix in {".txt", ".html", ".md", ".docx"}]
    + list(CORPUS.glob("readers-*"))
)


def read(path: Path, config: Config) -> ReadResult:
    return read_sheet(path, config, display=path.name)


@pytest.mark.parametrize("path", SHEETS, ids=[path.name for path in SHEETS])
def test_real_sheet_reads_as_its_golden_dump_and_loses_nothing(
    path: Path, config: Config, golden: Golden
) -> None:
    result = read(path, config)
    assert [f.message for f in result.findings if f.rule == "ingest.dropped-text"] == []
    (GOLDEN / "real").mkdir(exist_ok=True)
    dumped = dump(result.document, removed=result.removed)
    golden(f"real/{path.name}.native", dumped.encode("utf-8"))


def test_a_pdf_copied_to_text_loses_its_hyphens_page_feet_and_checkbox_glyphs(
    config: Config,
) -> None:
    document = read(REAL / "colonoscopy-prep.txt", config).document
    text = " ".join(paragraphs(document))
    assert "large intestine (colon)" in text and "small camera on the end" in text
    assert "This is normal" in text
    headings = [section.heading for section in document.sections]
    assert not any("Clearinghouse" in (heading or "") for heading in headings)
    assert headings.count("Getting Ready for Your Colonoscopy") == 0  # the title is meta
    checklists = [
        block
        for section in document.sections
        for block in section.blocks
        if isinstance(block, BulletList) and "\u2610" not in plain(block.items[0].content)
    ]
    assert [len(block.items) for block in checklists][:2] == [4, 3]


def test_line_end_hyphens_join_words_but_keep_compounds_and_addresses() -> None:
    known = hyphens.dictionary("en-US")
    text = (
        "your large intes-\ntine (colon) is\nblue-\ncolored here and\nwww.example.org/health-\ninfo"
    )
    assert hyphens.unbroken(text, known).split("\n") == [
        "your large intestine",
        "(colon) is",
        "blue-colored",  # a compound keeps its hyphen
        "here and",
        "www.example.org/health-",
        "info",
    ]
    alone = "the medi-\ncine\nworks"  # a line that is only the word's end stays
    assert hyphens.unbroken(alone, known) == alone
    assert hyphens.unbroken("la medi-\ncina es", None) == "la medicina\nes"


def test_short_lines_alone_between_blank_lines_after_a_lead_in_are_one_list() -> None:
    text = (
        "Your Visit\n\nBring these to your visit:\n\nYour insurance card\n\n"
        "A list of your medicines\n\nYour child's shot record\n\n"
        "The nurse will meet you at the desk. She will check your weight.\n"
    )
    blocks = parse(text, "visit.txt", Config()).sections[0].blocks
    assert [type(block) for block in blocks] == [Paragraph, BulletList, Paragraph]
    items = blocks[1].items  # type: ignore[union-attr]
    assert [plain(item.content) for item in items] == [
        "Your insurance card",
        "A list of your medicines",
        "Your child's shot record",
    ]
    one = parse("T\n\nNote:\n\nBring it\n\nMore text here.\n", "one.txt", Config())
    assert not any(isinstance(block, BulletList) for block in one.sections[0].blocks)


def test_a_hospital_drug_page_keeps_its_callout_stamp_and_best_picture(config: Config) -> None:
    document = read(REAL / "warfarin-page.html", config).document
    assert document.meta.reviewed == PartialDate(2024, 3, 12)
    assert "Reviewed by the Anticoagulation Clinic." in paragraphs(document)  # the byline
    foods = next(s for s in document.sections if s.heading == "Foods and other medicines")
    texts = [plain(block.content) for block in foods.blocks if isinstance(block, Paragraph)]
    assert texts[1] == "Check before you start anything new"  # the callout's title, in bold
    assert texts[2].startswith("Ask your pharmacist before taking aspirin")
    assert texts[3].startswith("If your pharmacy gives you tablets")  # still this section
    (picture,) = [b for s in document.sections for b in s.blocks if isinstance(b, Image)]
    assert picture.link == "/media/warfarin-tablets-1440.webp"  # the largest, none saved
    assert picture.alt.startswith("Warfarin tablets come in nine colors.")
    table = next(b for s in document.sections for b in s.blocks if isinstance(b, Table))
    assert table.header_rows == 2 and table.row_headers


def test_a_saved_page_shows_the_srcset_picture_saved_beside_it(
    tmp_path: Path, config: Config
) -> None:
    page = tmp_path / "warfarin-page.html"
    shutil.copy(REAL / "warfarin-page.html", page)
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("/media/warfarin-tablets-960.jpg", "tablets.png"), "utf-8")
    shutil.copy(ROOT / "tests" / "fixtures" / "md" / "thermometer.png", tmp_path / "tablets.png")
    document = read_sheet(page, config, display="warfarin-page.html").document
    (picture,) = [b for s in document.sections for b in s.blocks if isinstance(b, Image)]
    assert picture.data is not None and picture.link is None


def test_stamps_sharing_a_line_are_read_in_markdown(config: Config) -> None:
    meta = read(REAL / "kidney-stone-discharge.md", config).document.meta
    assert (meta.reviewed, meta.next_review) == (PartialDate(2023, 2), PartialDate(2026, 2))
    assert meta.publisher == ()


def test_a_staff_word_sheet_has_row_headers_and_its_footer_review_date(config: Config) -> None:
    document = read(REAL / "anticoag-staff.docx", config).document
    assert (document.meta.reviewed, document.meta.next_review) == (
        PartialDate(2024, 3),
        PartialDate(2027, 3),
    )
    table = next(b for s in document.sections for b in s.blocks if isinstance(b, Table))
    assert table.header_rows == 1 and table.row_headers
    page = html.write(document).decode("utf-8")
    assert '<th scope="row">' in page


def test_a_lot_number_911_is_no_phone_link(config: Config) -> None:
    page = html.write(read(REAL / "lot-recall-notice.txt", config).document).decode("utf-8")
    assert "Lot 911 and Lot 2290" in page and "Room 911 is" in page
    assert page.count('href="tel:911"') == 1  # "call 911 right away"
