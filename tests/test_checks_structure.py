"""Structure and review-date checks: a failing and a passing example for every rule."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from pipeline.checks import review, structure
from pipeline.checks.context import Context
from pipeline.config import Config
from pipeline.model import Document, Finding, Severity
from pipeline.readers import markdown_reader
from pipeline.readers.text import parse

CONFIG = Config()
TODAY = dt.date(2026, 11, 25)


def findings(text: str, today: dt.date = TODAY) -> list[Finding]:
    document = parse(text, "sheet.txt", CONFIG)
    with Context(CONFIG, today) as context:
        checks = (*structure.CHECKS, *review.CHECKS)
        return [finding for check in checks for finding in check(document, context)]


def rules(found: list[Finding]) -> list[str]:
    return [finding.rule for finding in found]


GOOD = "Title\n\nWhat is it?\n\nA medicine.\n\n- one\n\nLast reviewed 3/2026\n"


def test_a_good_sheet_has_no_structure_or_review_findings() -> None:
    assert findings(GOOD) == []


def test_seed_lists_without_headings(seed: Document, config: Config) -> None:
    with Context(config, TODAY) as context:
        found = list(structure.list_without_heading(seed, context))
    assert [(f.loc.line, f.severity) for f in found] == [
        (49, Severity.WARNING),
        (67, Severity.WARNING),
    ]
    assert "line 32" in found[0].message


def test_no_title() -> None:
    (finding,) = [
        f for f in findings("This is a sentence.\n\nMore.\n") if f.rule.startswith("structure")
    ]
    assert finding.rule == "structure.no-title"
    assert finding.severity == Severity.ERROR


def test_empty_section() -> None:
    found = findings("Title\n\nFirst?\n\nSecond?\n\nText.\n\nLast reviewed 3/2026\n")
    assert rules(found) == ["structure.empty-section"]
    assert found[0].loc.line == 3


def test_repeated_word_points_at_the_second_copy() -> None:
    found = findings("Title\n\nGive the the medicine. Take 5 5 mL.\n\nLast reviewed 3/2026\n")
    assert rules(found) == ["structure.repeated-word"]
    assert (found[0].loc.line, found[0].loc.col) == (3, 10)


@pytest.mark.parametrize("text", ["Click here for more.", "All rights reserved."])
def test_leftover_web_boilerplate(text: str) -> None:
    found = findings(f"Title\n\nWhat?\n\n{text}\n\nLast reviewed 3/2026\n")
    assert rules(found) == ["structure.boilerplate"]


#: The text reader with its template rules off: template text reaches the checks, as it
#: does from readers and sheets that do not remove it.
RAW = dataclasses.replace(
    CONFIG, text_reader=dataclasses.replace(CONFIG.text_reader, template_rules=())
)


def raw_findings(text: str) -> list[Finding]:
    document = parse(f"Title\n\nWhat?\n\n{text}\n\nLast reviewed 3/2026\n", "sheet.txt", RAW)
    with Context(RAW, TODAY) as context:
        return list(structure.boilerplate(document, context))


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Learn More", "Learn More"),
        ("Give it with food. Learn more \u00bb", "Learn more \u00bb"),
        ("Welcome to Children's Hospital!", "Welcome to Children's Hospital!"),
        ("OFFICE USE ONLY", "OFFICE USE ONLY"),
        ("Facebook icon", "Facebook icon"),
        ("print icon", "print icon"),
        ("42 U.S.C. \u00a7 300aa-26", "42 U.S.C. \u00a7 300aa-26"),
        ("Skip to main content", "Skip to main content"),
    ],
)
def test_template_text_left_in_a_sheet_is_boilerplate(text: str, quoted: str) -> None:
    (finding,) = raw_findings(text)
    assert finding.message.startswith(f"{quoted!r} looks like web page text")


@pytest.mark.parametrize(
    "text",
    [
        "Visit the VAERS website at www.vaers.hhs.gov or call 1-800-822-7967.",
        "See www.example.org for more.",
        "Learn more about the vaccine from your nurse.",
        "The picture on the label shows the dose.",
        "Dr. Smith will print the page for you.",
    ],
)
def test_sentences_that_mention_sites_links_or_pictures_are_content(text: str) -> None:
    assert raw_findings(text) == []


@pytest.mark.parametrize(
    ("text", "quoted", "col"),
    [
        ("Please CLICK HERE now.", "'CLICK HERE'", 8),
        ("Café hours: Back To Top.", "'Back To Top'", 13),
        ("İİ ǅ click here.", "'click here'", 6),  # "İ" lower-cases to two characters
    ],
)
def test_boilerplate_is_quoted_as_written_where_it_is(text: str, quoted: str, col: int) -> None:
    (finding,) = findings(f"Title\n\nWhat?\n\n{text}\n\nLast reviewed 3/2026\n")
    assert finding.message == f"{quoted} looks like web page text left in the sheet"
    assert (finding.loc.line, finding.loc.col) == (5, col)


@pytest.mark.parametrize(
    ("reviewed", "expected"),
    [
        ("", ["review.missing"]),
        ("Last reviewed 8/2015", ["review.overdue"]),
        ("Last reviewed 11/2023", ["review.due-soon"]),  # due by the end of this month
        ("Last reviewed 6/2024", []),  # due June 2027
        ("Last reviewed 1/2024", ["review.due-soon"]),  # due January 2027: within 90 days
        ("Last reviewed 5/2027", ["review.future"]),
        ("Last reviewed 11/2026", []),
    ],
)
def test_review_dates(reviewed: str, expected: list[str]) -> None:
    assert rules(findings(f"Title\n\nWhat?\n\nText.\n\n{reviewed}\n")) == expected


def test_seed_review_is_overdue_with_its_line(seed: Document, config: Config) -> None:
    with Context(config, TODAY) as context:
        (finding,) = review.review_dates(seed, context)
    assert finding.rule == "review.overdue"
    assert finding.severity == Severity.ERROR
    assert finding.loc.line == 121
    assert "August 2018" in finding.message


def test_a_word_repeated_in_many_places_is_one_finding_naming_them() -> None:
    text = "Title\n\nGive the the medicine.\n\nTake the the pill. Eat eat well.\n"
    found = [f for f in findings(text) if f.rule == "structure.repeated-word"]
    assert [(f.loc.line, f.message) for f in found] == [
        (3, "'the' is repeated (2 places: lines 3, 5)"),
        (5, "'eat' is repeated"),
    ]


@pytest.mark.parametrize(
    ("text", "repeated"),
    [
        ("Give it. It helps.\n\n• pain\n• pain relief\n", []),  # not neighbours in one unit
        ("Give The the medicine.\n", ["'the' is repeated"]),  # case differs
        ("Give the\tthe medicine.\n", ["'the' is repeated"]),  # any white space between
        ("Give the thé medicine.\n", []),
        ("Give ÉTÉ été medicine.\n", ["'été' is repeated"]),  # not ASCII: the pattern looks
    ],
)
def test_repeated_words_are_found_with_or_without_the_quick_look(
    text: str, repeated: list[str]
) -> None:
    found = findings(f"Title\n\nWhat?\n\n{text}")
    assert [f.message for f in found if f.rule == "structure.repeated-word"] == repeated


def markup_findings(document: Document) -> list[Finding]:
    with Context(CONFIG, TODAY) as context:
        return list(structure.markup(document, context))


def test_a_broken_tag_in_markdown_is_html_code_shown_as_text() -> None:
    """A link tag missing its ">" is text to Markdown (its "</a>" is markup and goes):
    one error where it starts, quoting it, and "href" is no spelling matter."""
    text = (
        "# Handwashing\n\nRead more:\n\n"
        '* <a href="https://www.cdc.gov/healthywater/hygiene/index.html" Water-related Hygiene'
        "</a>\n* Soap and water\n"
    )
    (finding,) = markup_findings(markdown_reader.parse(text, "sheet.md", CONFIG))
    assert (finding.rule, finding.severity) == ("structure.markup", Severity.ERROR)
    assert finding.message.startswith("HTML code shows as text: '<a href=\"https://www.cdc.gov/")
    assert finding.message.endswith("…'")  # a long tag is shortened
    assert (finding.loc.line, finding.loc.col) == (5, 3)


def test_tags_typed_into_a_sheet_are_one_finding_naming_their_places() -> None:
    text = (
        "Title\n\nWhat?\n\nGive it with food.<br>Not on an empty stomach.\n\n"
        '- See <img src=pill.png alt=""> the <b>label</b>\n\nLast reviewed 3/2026\n'
    )
    (finding,) = markup_findings(parse(text, "sheet.txt", CONFIG))
    assert finding.message == "HTML code shows as text: '<br>' (4 places: lines 5, 7)"
    assert (finding.loc.line, finding.loc.col) == (5, 19)


@pytest.mark.parametrize(
    "text",
    [
        "Children <5 years old need a smaller dose; give less if weight < 20 kg.",
        "Ages 2<age<5 and <about> one dose; a <b and c> d.",
        "Fill in <your name> here: <a lot of care> matters.",
    ],
)
def test_angle_brackets_that_are_no_html_tags_are_text(text: str) -> None:
    document = parse(f"Title\n\nWhat?\n\n{text}\n\nLast reviewed 3/2026\n", "sheet.txt", CONFIG)
    assert markup_findings(document) == []
