"""The plain-text reader on the seed sheet and on the layouts other sheets use."""

from __future__ import annotations

import pytest

from pipeline.config import Config, TextReaderConfig
from pipeline.dates import PartialDate
from pipeline.dump import dump
from pipeline.errors import SourceError
from pipeline.model import BulletList, Document, ListItem, NumberedList, Paragraph, Section, plain
from pipeline.readers.text import parse
from pipeline.units import units
from tests.conftest import numbered_from


def headings(document: Document) -> list[str | None]:
    return [section.heading for section in document.sections]


def section(document: Document, heading: str) -> Section:
    return next(s for s in document.sections if s.heading == heading)


def texts(items: tuple[ListItem, ...]) -> list[str]:
    return [plain(item.content) for item in items]


def test_seed_title_headings_and_dates(seed: Document) -> None:
    assert seed.meta.title == "Aldesleukin (Interleukin-2, Proleukin)"
    assert headings(seed) == [
        "How does this medicine work?",
        "How is it given?",
        "Are there any precautions about food or other medicines?",
        "What should I do if a dose is missed?",
        "What are the side effects?",
        "When should I call the doctor?",
        "What else do I need to know?",
    ]
    assert seed.meta.reviewed == PartialDate(2015, 8)
    assert seed.meta.next_review == PartialDate(2018, 8)
    assert seed.meta.reviewed_loc is not None and seed.meta.reviewed_loc.line == 121
    assert seed.meta.lang == "en-US"


def test_seed_keeps_the_three_side_effect_lists_separate(seed: Document) -> None:
    blocks = section(seed, "What are the side effects?").blocks
    assert [type(block) for block in blocks] == [BulletList] * 3
    lists = [block for block in blocks if isinstance(block, BulletList)]
    assert [len(block.items) for block in lists] == [15, 16, 10]
    assert [block.loc.line for block in lists] == [32, 49, 67]
    assert texts(lists[2].items)[-1] == "sudden death"


def test_seed_nested_allergy_list(seed: Document) -> None:
    (block,) = section(seed, "When should I call the doctor?").blocks
    assert isinstance(block, BulletList)
    parent = block.items[-1]
    assert plain(parent.content) == "signs of allergic reaction:"
    assert texts(parent.children) == ["rash or hives", "wheezing", "trouble breathing (call 911)"]
    urgent = [span.text for span in parent.children[2].content if span.strong]
    assert urgent == ["call 911"]
    assert (parent.children[0].loc.line, parent.children[0].loc.col) == (89, 7)


def test_seed_publisher_is_metadata_and_noise_is_gone(seed: Document) -> None:
    assert seed.meta.publisher == (
        "Children's Hospitals and Clinics of Minnesota",
        "Patient/Family Education",
        "2525 Chicago Avenue South",
        "Minneapolis, MN 55404",
    )
    assert seed.meta.attribution == ("\u00a9 2024 Children's Minnesota",)  # kept, for the footer
    body = dump(seed).split("Section", 1)[1]
    for noise in ("Patient & Family Education Materials", "New Search", "Back To Top", "\u00a9"):
        assert noise not in body
    assert "This page is not specific" not in body
    assert "Minneapolis" not in body.split("Section", 1)[1]
    # The sheet's own closing paragraph is content, not template noise.
    assert "This sheet is not specific to your child" in body


def test_seed_keeps_the_typo_as_written(seed: Document) -> None:
    assert "intermittant infusion" in dump(seed)


def test_every_block_has_a_source_line(seed: Document) -> None:
    for section_ in seed.sections:
        assert section_.loc.path == "sources/aldesleukin.txt"
        for block in section_.blocks:
            assert block.loc.line > 0


def read(text: str, **settings: object) -> Document:
    return parse(text, "sheet.txt", Config(text_reader=TextReaderConfig(**settings)))  # type: ignore[arg-type]


def test_noise_patterns_come_from_configuration() -> None:
    text = "Site Menu\n\nTitle\n\nA sentence.\n"
    assert read(text).meta.title == "Site Menu"
    assert read(text, noise=("site menu",)).meta.title == "Title"


@pytest.mark.parametrize(
    "noise",
    [
        (r"(site) menu", r"(\w+) \1"),  # joined, \1 would name the other pattern's group
        ("site menu", r"(?x) bye \s bye"),  # a global flag cannot join an alternation
    ],
)
def test_noise_patterns_with_groups_or_flags_still_match_whole_lines(
    noise: tuple[str, ...],
) -> None:
    document = read("Site Menu\n\nBye bye\n\nTitle\n\nBye now.\n", noise=noise)
    assert [unit.text for unit in units(document)] == ["Title", "Bye now."]


def test_hard_wrapped_paragraph_reads_as_one() -> None:
    document = read("Title\n\nThis sentence is\nwrapped over lines.\nA second one.\n")
    blocks = document.sections[0].blocks
    assert [plain(b.content) for b in blocks if isinstance(b, Paragraph)] == [
        "This sentence is wrapped over lines.",
        "A second one.",
    ]


def test_lead_in_line_stays_its_own_paragraph() -> None:
    document = read("Title\n\nFor parents:\nKeep it cold.\n")
    paragraphs = [b for b in document.sections[0].blocks if isinstance(b, Paragraph)]
    assert [plain(p.content) for p in paragraphs] == ["For parents:", "Keep it cold."]


def test_dash_bullets_nesting_and_wrapped_items() -> None:
    text = "Title\n\nSigns\n\n- one\n  - one a\n    that wraps\n- two\n"
    (section_,) = read(text).sections
    assert section_.heading == "Signs"
    (block,) = section_.blocks
    assert isinstance(block, BulletList)
    assert texts(block.items) == ["one", "two"]
    assert texts(block.items[0].children) == ["one a that wraps"]


def test_one_blank_line_continues_a_list_two_end_it() -> None:
    loose = read("Title\n\n- a\n\n- b\n").sections[0].blocks
    assert len(loose) == 1
    separate = read("Title\n\n- a\n\n\n- b\n").sections[0].blocks
    assert len(separate) == 2


def test_negative_number_is_not_a_bullet() -> None:
    (block,) = read("Title\n\n-5 degrees is too cold.\n").sections[0].blocks
    assert isinstance(block, Paragraph)


def test_sentence_first_line_is_not_taken_as_title() -> None:
    document = read("Give the medicine with food.\n\nMore text here.\n")
    assert document.meta.title is None
    assert len(document.sections[0].blocks) == 2


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Last reviewed 8/2015", PartialDate(2015, 8)),
        ("Last Reviewed: 08/12/2015", PartialDate(2015, 8, 12)),
        ("last reviewed August 2015 © Copyright", PartialDate(2015, 8)),
        ("Last reviewed: 2015-08-12", PartialDate(2015, 8, 12)),
    ],
)
def test_review_date_forms(line: str, expected: PartialDate) -> None:
    document = read(f"Title\n\nText here.\n\nClinic\n{line}\n")
    assert document.meta.reviewed == expected
    assert document.meta.publisher == ("Clinic",)


def test_explicit_next_review_date_is_kept() -> None:
    document = read("Title\n\nText.\n\nLast reviewed: May 2024\nNext review due: May 2025\n")
    assert document.meta.next_review == PartialDate(2025, 5)


def test_review_cycle_comes_from_configuration() -> None:
    document = parse("T\n\nText.\n\nLast reviewed 8/2015\n", "s.txt", Config(review_cycle_years=2))
    assert document.meta.next_review == PartialDate(2017, 8)


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("Title\n\nText.\n\nLast reviewed 13/2015\n", "not a real date", 5),
        ("Title\n\nText.\n\nLast reviewed soon\n", "cannot read the review date", 5),
        ("Title\n\nLast reviewed 8/2015\n\nLast reviewed 9/2016\n", "more than one", None),
        ("Back To Top\n\n\n", "no sheet text", None),
    ],
)
def test_bad_sheets_name_the_file_and_line(text: str, message: str, line: int | None) -> None:
    with pytest.raises(SourceError) as raised:
        read(text, noise=("back to top",))
    assert message in str(raised.value)
    assert raised.value.path == "sheet.txt"
    assert raised.value.line == line


def test_inline_audit_ignore_is_metadata_not_text() -> None:
    document = read("Title\n\nAudit-ignore: spelling.misspelled, readability.grade\n\nText.\n")
    assert document.meta.ignores == ("spelling.misspelled", "readability.grade")
    assert "ignore" not in dump(document).split("Section", 1)[1]


def test_numbered_lines_are_numbered_steps_from_their_first_number() -> None:
    document = read(
        "Steps\n\nHow do I give it?\n\n3) Wash your hands.\n4.  Clean the skin.\n"
        "  a. Use alcohol.\n  b. Let it dry.\n5. Give the shot.\n\n"
        "a. This line is a paragraph: letters number only nested steps.\n"
    )
    steps, paragraph = section(document, "How do I give it?").blocks
    assert numbered_from(steps) == 3 and isinstance(steps, NumberedList)
    assert texts(steps.items) == ["Wash your hands.", "Clean the skin.", "Give the shot."]
    assert texts(steps.items[1].children) == ["Use alcohol.", "Let it dry."]
    assert (steps.items[1].loc.line, steps.items[1].loc.col) == (6, 5)  # the text, after "4.  "
    assert isinstance(paragraph, Paragraph) and plain(paragraph.content).startswith("a. This")


def test_a_list_is_numbered_only_when_its_first_item_is() -> None:
    document = read("Steps\n\nWhat to bring?\n\n- a coat\n2. a hat\n")
    (bring,) = section(document, "What to bring?").blocks
    assert isinstance(bring, BulletList)
    assert texts(bring.items) == ["a coat", "a hat"]
