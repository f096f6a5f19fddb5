"""The plain-text reader on the seed sheet and on the layouts other sheets use."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import config as config_module
from pipeline import fidelity
from pipeline.config import TEMPLATE_RULES, Config, ConfigError, TextReaderConfig
from pipeline.dates import PartialDate
from pipeline.dump import dump
from pipeline.errors import SourceError
from pipeline.fidelity import Visible
from pipeline.model import (
    BulletList,
    Document,
    ListItem,
    Location,
    NumberedList,
    Paragraph,
    Section,
    plain,
)
from pipeline.readers import read as read_sheet
from pipeline.readers import text_shape, text_template
from pipeline.readers.result import ReadResult
from pipeline.readers.text import parse, parse_removing
from pipeline.units import units
from tests.conftest import GOLDEN, ROOT, Golden, numbered_from
from tests.test_reader_markdown import paragraphs


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


# Sheets from other hospitals' sites and from PDFs (tests/fixtures/text/, written for these
# tests): one heuristic each, with its golden `pipeline dump`, removals included.
TEXT_FIXTURES = ROOT / "tests" / "fixtures" / "text"


def read_fixture(name: str, config: Config) -> ReadResult:
    return read_sheet(TEXT_FIXTURES / f"{name}.txt", config, display=f"{name}.txt")


@pytest.mark.parametrize("name", sorted(path.stem for path in TEXT_FIXTURES.glob("*.txt")))
def test_fixture_reads_as_its_golden_dump_and_loses_nothing(
    name: str, config: Config, golden: Golden
) -> None:
    result = read_fixture(name, config)
    assert [f.message for f in result.findings if f.rule == "ingest.dropped-text"] == []
    (GOLDEN / "text").mkdir(exist_ok=True)
    golden(f"text/{name}.native", dump(result.document, removed=result.removed).encode("utf-8"))


def rules_of(result: ReadResult) -> dict[str, str]:
    return {gone.text: gone.rule for gone in result.removed}


def test_web_page_title_is_the_heading_not_the_skip_link_site_or_tagline(config: Config) -> None:
    result = read_fixture("cast-care", config)
    assert result.document.meta.title == "Cast Care"
    rules = rules_of(result)
    assert rules["Skip to Main Content"] == "template.skip-link"
    assert rules["Growing healthier kids together"] == "template.masthead"
    assert rules["clipboard icon"] == rules["phone icon"] == "template.image-alt"
    assert rules["Welcome to Lakeside Children's Hospital!"] == "template.welcome"
    assert rules["Learn More"] == "template.learn-more"
    assert headings(result.document) == [None, "When should I call the doctor?"]


def test_gov_page_copy_loses_skip_links_banner_and_toolbars_not_sentences(
    config: Config,
) -> None:
    """A .gov page copied as text (issue 15): skip links, the federal website banner and
    the share toolbar are site noise, each recorded; a sentence naming Facebook stays."""
    result = read_fixture("gov-page-copy", config)
    assert result.document.meta.title == "Whooping Cough (Pertussis) and Babies"
    rules = rules_of(result)
    assert rules[
        "Skip directly to site content Skip directly to search Skip directly to A to Z list"
    ] == ("template.skip-link")
    banner = [text for text, rule in rules.items() if rule == "template.gov-banner"]
    assert len(banner) == 6 and "Here\u2019s how you know" in banner
    assert rules["Sources Print Share"] == rules["Email"] == "template.page-tools"
    assert rules["Facebook LinkedIn Twitter Syndicate"] == "template.page-tools"
    assert headings(result.document) == [None, "How to protect your baby", "Sources"]
    assert any("on Facebook or by email" in text for text in paragraphs(result.document))


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Skip to main content", "skip-link"),
        ("Skip directly to A to Z list", "skip-link"),
        ("Skip navigation | Skip to search", "skip-link"),
        ("Print", "page-tools"),
        ("Sources Print Share", "page-tools"),
        ("Facebook | X | LinkedIn", "page-tools"),
        ("follow us on Instagram", "page-tools"),
        ("Sources", None),  # a heading over the references
        ("X", None),
        ("Skip meals if you feel sick.", None),
        ("Share your story on Facebook.", None),
        ("Print and share the checklist", None),
    ],
)
def test_skip_links_and_toolbars_are_whole_lines_of_their_words(
    line: str, rule: str | None
) -> None:
    assert text_template.line_rule(line, TEMPLATE_RULES) == rule


def test_the_gov_banner_is_a_block_of_its_sentences_not_one_alone() -> None:
    banner = [
        "An official website of the United States government Here's how you know",
        None,
        "Secure .gov websites use HTTPS",
        "A lock (A locked padlock) or https:// means you\u2019ve safely connected to the .gov "
        "website.",
        "Share sensitive information only on official, secure websites.",
        "Washing hands keeps germs away.",
        "Official websites use .gov",  # alone, after the sheet's text: not a banner
    ]
    assert list(text_template.banner_lines(banner)) == [0, 2, 3, 4]


def test_an_agency_header_is_not_the_title_and_a_version_stamp_not_a_heading(
    config: Config,
) -> None:
    """A copied NIH page (issue 15): the department and institute lines above the title are
    the site's header (the masthead), and "Version 4.12.0" at its foot is text."""
    result = read_fixture("agency-header", config)
    assert result.document.meta.title == "Mouth and Throat Problems and Cancer Treatment"
    rules = rules_of(result)
    header = "U.S. Department of Health and Human Services National Institutes of Health"
    assert rules[header] == rules["National Cancer Institute"] == "template.masthead"
    assert headings(result.document) == [None, "Ways to feel better"]
    assert paragraphs(result.document)[-1] == "Version 4.12.0"


@pytest.mark.parametrize(
    ("text", "is_agency"),
    [
        ("US Department of Health and Human Services National Institutes of Health", True),
        ("U.S. Department of Veterans Affairs", True),
        ("Centers for Disease Control and Prevention", True),
        ("National Institute on Aging", True),
        ("Going Home After Surgery", False),
        ("National Nutrition Month Recipes", False),
    ],
)
def test_agency_headers_by_the_name_they_open_with(text: str, is_agency: bool) -> None:
    assert text_shape.agency(text) is is_agency


@pytest.mark.parametrize("text", ["Version 5.9.2", "v2.1", "Build 1043", "version 3"])
def test_a_version_stamp_is_never_a_heading(text: str) -> None:
    assert text_shape.wordless(text) and not text_shape.heading_shaped(text, 14)


def test_tagline_under_the_site_name_is_not_the_title(config: Config) -> None:
    assert read_fixture("tagline-title", config).document.meta.title == "Going Home After Surgery"


def test_pdf_copy_running_heads_page_numbers_citation_and_office_box(config: Config) -> None:
    result = read_fixture("rotavirus-statement", config)
    meta = result.document.meta
    assert meta.title == "Rotavirus Vaccine: What You Need to Know"  # not the running head
    assert meta.reviewed == PartialDate(2024, 10, 15)  # the edition date after the citation
    assert meta.publisher == ("Vaccine Information Statement", "Rotavirus Vaccine")
    rules = [gone.rule for gone in result.removed]
    for rule in ("running-head", "page-number", "legal-citation", "office-use"):
        assert f"template.{rule}" in rules
    assert "review-date: edition date alone on the last lines" in rules


def test_running_heads_at_page_breaks_and_bare_page_numbers(config: Config) -> None:
    result = read_fixture("page-furniture", config)
    assert result.document.meta.title == "Asthma Action Plan"
    assert headings(result.document) == [None, "Green zone", "Yellow zone", "Red zone"]
    gone = [(g.text, g.rule) for g in result.removed if g.rule.startswith("template.")]
    assert ("2", "template.page-number") in gone
    assert [text for text, rule in gone if rule == "template.office-use"] == [
        "OFFICE USE ONLY",
        "MRN:",
        "Date given:",
    ]


def test_numbered_section_headings_keep_their_bullets_as_bullets(config: Config) -> None:
    document = read_fixture("numbered-headings", config).document
    assert headings(document) == [
        "1. Why get vaccinated?",
        "2. Who should get it?",
        "3. How can I learn more?",
    ]
    (learn,) = section(document, "3. How can I learn more?").blocks
    assert isinstance(learn, BulletList)


def test_numbered_steps_stay_steps(config: Config) -> None:
    (steps, _) = read_fixture("steps-stay-steps", config).document.sections[0].blocks
    assert isinstance(steps, NumberedList) and len(steps.items) == 3


def test_lead_in_and_short_lines_read_as_a_checklist(config: Config) -> None:
    lead_in, checklist, *rest = read_fixture("checklist", config).document.sections[0].blocks
    assert plain(lead_in.content) == "Tell the nurse if your child:"  # type: ignore[union-attr]
    assert isinstance(checklist, BulletList)
    assert texts(checklist.items)[0] == "has a pacemaker"
    assert len(checklist.items) == 4
    assert [type(block) for block in rest] == [Paragraph, Paragraph]  # "For parents:" + one


def test_checklist_items_wrapped_by_the_copy_join_up() -> None:
    text = (
        "Title\n\nTell us if your child:\nHas had a reaction to a vaccine, or has any\n"
        "severe allergies\nHas a cold\nMost children can still get the vaccine.\n"
    )
    _, checklist, after = read(text).sections[0].blocks
    assert isinstance(checklist, BulletList)
    assert texts(checklist.items) == [
        "Has had a reaction to a vaccine, or has any severe allergies",
        "Has a cold",
    ]
    assert isinstance(after, Paragraph)


def test_short_line_is_never_run_into_the_sentence_after_it(config: Config) -> None:
    blocks = read_fixture("short-lines", config).document.sections[0].blocks
    assert [plain(b.content) for b in blocks if isinstance(b, Paragraph)][:2] == [
        "Keep the cast dry",
        "Cover the cast with a bag when your child bathes.",
    ]


def test_dense_copy_finds_headings_between_text_lines() -> None:
    text = (
        "Fever\nA fever is a body temperature of 100.4 F or higher.\nIt helps fight germs.\n"
        "What to do\nGive plenty of fluids.\nLet your child rest.\nWhen to call\n"
        "Call the doctor if the fever lasts more than 3 days.\n"
    )
    assert headings(read(text)) == [None, "What to do", "When to call"]


@pytest.mark.parametrize(
    ("line", "expected", "how"),
    [
        ("Reviewed: 3/2024", PartialDate(2024, 3), "label 'Reviewed'"),
        ("Date reviewed: 02/04/22", PartialDate(2022, 2, 4), "label 'Date reviewed'"),
        ("Revised June 2023", PartialDate(2023, 6), "label 'Revised'"),
        ("Rev. 11/24", PartialDate(2024, 11), "label 'Rev.'"),
        ("No. 080814 Rev. 11/24", PartialDate(2024, 11), "label 'Rev.'"),
        ("Updated 12 January 2025", PartialDate(2025, 1, 12), "label 'Updated'"),
        ("Last updated: Aug. 3, 2021", PartialDate(2021, 8, 3), "label 'Last updated'"),
        ("This page last reviewed on March 21, 2025", PartialDate(2025, 3, 21), "label"),
        ("1/31/2025", PartialDate(2025, 1, 31), "edition date alone on the last lines"),
    ],
)
def test_review_dates_in_common_forms_and_where_they_came_from(
    line: str, expected: PartialDate, how: str
) -> None:
    text = f"Title\n\nText here.\n\nClinic\n42 U.S.C. § 300aa-26\n{line}\n"
    document, removed = parse_removing(text, "sheet.txt", Config())
    assert document.meta.reviewed == expected
    assert document.meta.publisher == ("Clinic",)
    (stamp,) = [gone for gone in removed if gone.text == line]
    assert stamp.rule.startswith(f"review-date: {how}")
    assert line not in dump(document)  # never a heading, never body text


def test_latest_of_several_labelled_dates_is_the_review_date() -> None:
    text = "Title\n\nText here.\n\nReviewed 3/2020\nRevised 5/2023\n"
    document = read(text)
    assert document.meta.reviewed == PartialDate(2023, 5)
    assert document.meta.reviewed_loc is not None and document.meta.reviewed_loc.line == 6


@pytest.mark.parametrize(
    "text",
    [
        "Title\n\nUpdated 2024-2025 vaccines are recommended for everyone.\n",  # a sentence
        "Title\n\nMix 1/2 cup of water.\n\n1/2\n",  # a fraction is no edition date
        "Title\n\n5/2021\n\nMore text after it.\n" + "More.\n" * 8,  # not on the last lines
    ],
)
def test_text_that_only_looks_like_a_date_stays_text(text: str) -> None:
    assert read(text).meta.reviewed is None


def test_template_rules_can_be_switched_off_by_name() -> None:
    text = "Title\n\nSkip to content\n\nLearn more\n\nText.\n"
    document, removed = parse_removing(
        text, "sheet.txt", Config(text_reader=TextReaderConfig(template_rules=("learn-more",)))
    )
    assert [gone.rule for gone in removed] == ["template.learn-more"]
    assert "Skip to content" in dump(document)


def test_an_unknown_template_rule_is_a_settings_error(tmp_path: Path) -> None:
    settings_file = tmp_path / "pipeline.toml"
    settings_file.write_text('[text_reader]\ntemplate_rules = ["skip-lnk"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="skip-lnk"):
        config_module.load(settings_file)


# Lines the reader must account for: template text, stamps, structure and plain words.
_LINES = st.sampled_from(
    [
        "Skip to Main Content",
        "Learn More",
        "Welcome to Lakeside Children's Hospital",
        "clipboard icon",
        "Page 2 of 4",
        "VACCINE INFORMATION STATEMENT",
        "42 U.S.C. § 300aa-26",
        "OFFICE USE ONLY",
        "1/31/2025",
        "No. 080814 Rev. 11/24",
        "Reviewed: 3/2024",
        "Home > Health Library > Fever",
        "Tell your provider if your child:",
        "1. Why get vaccinated?",
        "2) Give the medicine",
        "- fever",
        "  • rash",
        "© 2024 Lakeside",
        "7",
        "",
        "",
    ]
)
_WORDS = st.text(alphabet=string.ascii_letters + " .,:?'", min_size=1, max_size=40)


@given(st.lists(st.one_of(_LINES, _WORDS), max_size=40).map("\n".join))
@settings(max_examples=300)
def test_the_reader_never_loses_a_word(text: str) -> None:
    """Every word of the input is in the model or in a removal with a named rule."""
    try:
        document, removed = parse_removing(text, "sheet.txt", Config())
    except SourceError:
        return  # nothing left to read, or a review date that cannot be read: said so
    visible = [Visible(line, Location("sheet.txt", n)) for n, line in enumerate(text.split("\n"))]
    assert fidelity.check(visible, document, removed) == []
    assert all(gone.rule for gone in removed)


def test_a_sentence_naming_a_revision_is_not_a_stamp() -> None:
    document = read("Title\n\nDoses were revised 3/2020.\n")
    assert document.meta.reviewed is None
    assert "Doses were revised 3/2020." in dump(document)


def test_a_file_name_pasted_above_the_sheet_is_never_its_title() -> None:
    document, removed = parse_removing(
        "cast_care_FINAL_v2.pdf\n\nCast Care\n\nKeep it dry.\n\nMore stories »\n",
        "sheet.txt",
        Config(),
    )
    assert document.meta.title == "Cast Care"
    assert [(gone.text, gone.rule) for gone in removed] == [
        ("cast_care_FINAL_v2.pdf", "template.file-name"),
        ("More stories »", "template.learn-more"),
    ]


def test_pdf_bullets_glyphs_and_private_use_bullets_start_items() -> None:
    text = (
        "Title\n\nYou can keep on target by\n\n\u25cf\n\nmaking wise food choices\n\n\u25cf\n\n"
        "being active\n\n\uf0b7 taking medicines\n\nMore text.\n"
    )
    _, items, after = read(text).sections[0].blocks
    assert isinstance(items, BulletList)
    assert texts(items.items) == ["making wise food choices", "being active", "taking medicines"]
    assert isinstance(after, Paragraph)
