"""The Markdown reader: front matter, the seed sheet as Markdown, locations, raw HTML, errors."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import emphasis
from pipeline.build import build
from pipeline.config import Config
from pipeline.dates import PartialDate
from pipeline.discovery import discover
from pipeline.dump import dump
from pipeline.errors import SourceError
from pipeline.model import BulletList, Document, NumberedList, Paragraph, Span, plain
from pipeline.readers import markdown_reader, read
from pipeline.writers import WRITERS
from tests.conftest import SEED, Golden, numbered_from

SHEET = Path(__file__).parent / "fixtures" / "aldesleukin.md"
SHOWN = "tests/fixtures/aldesleukin.md"
CONFIG = Config()


@pytest.fixture
def sheet(config: Config) -> Document:
    return read(SHEET, config, display=SHOWN).document


def parse(text: str) -> Document:
    return emphasis.mark_urgent(markdown_reader.parse(text, "sheet.md", CONFIG), CONFIG)


def error(text: str) -> SourceError:
    with pytest.raises(SourceError) as raised:
        markdown_reader.parse(text, "sheet.md", CONFIG)
    assert str(raised.value).startswith("sheet.md")
    return raised.value


def paragraphs(document: Document) -> list[str]:
    return [
        plain(block.content)
        for section in document.sections
        for block in section.blocks
        if isinstance(block, Paragraph)
    ]


def line_of(text: str) -> int:
    lines = SHEET.read_text(encoding="utf-8").splitlines()
    (number,) = [n for n, line in enumerate(lines, 1) if text in line]
    return number


# The seed sheet as Markdown -----------------------------------------------------------------


def test_sheet_matches_golden_dump(sheet: Document, golden: Golden) -> None:
    golden("aldesleukin-md.native", dump(sheet).encode("utf-8"))


def test_sheet_reads_into_the_seed_model_plus_owner_and_audience(
    sheet: Document, seed: Document
) -> None:
    assert sheet.meta.owner == "Oncology pharmacy"
    assert sheet.meta.audience == "Parents and caregivers of children treated with aldesleukin"
    # The plain-text seed cannot say who owns it or whom it is for; the Markdown copy was
    # written without the web page's closing copyright line; all else is the same.
    without = replace(sheet, meta=replace(sheet.meta, owner=None, audience=None))
    typed = replace(seed, meta=replace(seed.meta, attribution=()))
    assert dump(without, locations=False) == dump(typed, locations=False)


def test_sheet_locations_are_lines_and_columns(sheet: Document) -> None:
    assert sheet.meta.loc.line == line_of("# Aldesleukin")
    assert sheet.meta.reviewed_loc is not None and sheet.meta.reviewed_loc.line == 2
    side_effects = sheet.sections[4]
    assert side_effects.loc.line == line_of("## What are the side effects?")
    first = side_effects.blocks[0]
    assert isinstance(first, BulletList)
    assert (first.loc.line, first.loc.col) == (line_of("- fever, chills"), 1)
    assert (first.items[0].loc.line, first.items[0].loc.col) == (line_of("- fever, chills"), 3)
    doctor = sheet.sections[5].blocks[0]
    assert isinstance(doctor, BulletList)
    wheezing = doctor.items[-1].children[1]
    assert (wheezing.loc.line, wheezing.loc.col) == (line_of("  - wheezing"), 5)


# Front matter -------------------------------------------------------------------------------


def test_front_matter_fields() -> None:
    document = parse(
        "---\n"
        'title: "Fever: what to do"\n'
        "reviewed: 2024-03-05\n"
        "next-review: March 2026\n"
        "# a comment\n"
        "lang: es-US\n"
        "audit-ignore: spelling.misspelled, review.overdue\n"
        "publisher: Hospital\n"
        "  - Street 1\n"
        "---\n"
        "Text.\n"
    )
    meta = document.meta
    assert (meta.title, meta.lang, meta.loc.line) == ("Fever: what to do", "es-US", 2)
    assert (meta.reviewed, meta.next_review) == (PartialDate(2024, 3, 5), PartialDate(2026, 3))
    assert meta.ignores == ("spelling.misspelled", "review.overdue")
    assert meta.publisher == ("Hospital", "Street 1")
    assert paragraphs(document) == ["Text."]
    assert document.sections[0].blocks[0].loc.line == 11


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("---\ntitle: T\nreviwed: 8/2015\n---\n", "unknown key 'reviwed'", 3),
        ("---\nreviewed: 13/2015\n---\n", "bad reviewed: '13/2015' is not a real date", 2),
        ("---\nnext_review: soon\n---\n", "bad next_review", 2),
        ("---\ntitle: T\ntitle: U\n---\n", "'title' given twice (first on line 2)", 3),
        ("---\nowner:\n---\n", "'owner' has no value", 2),
        ("---\nlang: English\n---\n", "not a language tag", 2),
        ("---\njust words\n---\n", "expected 'key: value'", 2),
        ("---\ntitle: T\n\n# T\n", "no closing '---' line", 1),
    ],
)
def test_front_matter_errors_name_the_line(text: str, message: str, line: int) -> None:
    raised = error(text)
    assert message in raised.message
    assert raised.line == line


def test_title_rules() -> None:
    assert parse("# Title\n\nText.\n").meta.title == "Title"
    repeated = parse("---\ntitle: Title\n---\n# Title\n\n## Part\n")
    assert [s.heading for s in repeated.sections] == ["Part"]
    other = parse("---\ntitle: Title\n---\n# Overview\n\n## Part\n")
    assert [(s.heading, s.level) for s in other.sections] == [("Overview", 2), ("Part", 3)]
    assert parse("Only text.\n").meta.title is None


# Body ---------------------------------------------------------------------------------------


def test_last_reviewed_in_the_text_with_the_publisher_above_it() -> None:
    document = parse(
        "# T\n\nCall us with questions.\nHospital\nStreet 1\nLast reviewed 8/2015 ©Copyright\n"
    )
    assert paragraphs(document) == ["Call us with questions."]
    assert document.meta.publisher == ("Hospital", "Street 1")
    assert document.meta.reviewed == PartialDate(2015, 8)
    assert document.meta.reviewed_loc is not None and document.meta.reviewed_loc.line == 6
    assert document.meta.next_review == PartialDate(2018, 8)


def test_review_dates_in_front_matter_and_text_must_agree() -> None:
    same = parse("---\nreviewed: 8/2015\n---\n# T\n\nLast reviewed August 2015\n")
    assert same.meta.reviewed == PartialDate(2015, 8)
    raised = error("---\nreviewed: 8/2015\n---\n# T\n\nLast reviewed 9/2015\n")
    assert "two different 'last reviewed' dates" in raised.message
    assert raised.line == 6


def test_lists_emphasis_and_wrapped_lines() -> None:
    document = parse(
        "- one\n"
        "  - one.a\n"
        "- two\n"
        "  continued\n"
        "\n"
        "* new list\n"
        "\n"
        "1. ordered\n"
        "2. also\n"
        "\n"
        "Give **one dose**, then\n"
        "call 911  \n"
        "now.\n"
    )
    blocks = document.sections[0].blocks
    lists = [block for block in blocks if isinstance(block, BulletList | NumberedList)]
    assert [[plain(item.content) for item in block.items] for block in lists] == [
        ["one", "two continued"],
        ["new list"],
        ["ordered", "also"],
    ]
    assert [plain(child.content) for child in lists[0].items[0].children] == ["one.a"]
    last = blocks[-1]
    assert isinstance(last, Paragraph)
    assert last.content == (
        Span("Give ", urgent=True),
        Span("one dose", strong=True, urgent=True),
        Span(", then ", urgent=True),
        Span("call 911", strong=True, urgent=True),
        Span(" now.", urgent=True),
    )


def test_indented_text_is_kept_as_text() -> None:
    assert paragraphs(parse("# T\n\n    Indented by mistake.\n\n```\nFenced.\n```\n")) == [
        "Indented by mistake.",
        "Fenced.",
    ]


HOSTILE = """# Title

<script>
steal()
</script>

Safe <script>steal()</script>text <img src=x onerror="steal()"> with <b>bold</b> tag.

<div onmouseover="steal()">a whole HTML block</div>

- item <style>body { background: url(javascript:steal()) }</style>
- [a link](javascript:steal()) ![an image](https://example.org/steal.png)

<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>

&xxe; stays as written.
"""


def test_raw_html_is_never_carried_to_any_output() -> None:
    document = parse(HOSTILE)
    assert paragraphs(document) == ["Safe text with bold tag.", "&xxe; stays as written."]
    (block,) = [b for b in document.sections[0].blocks if isinstance(b, BulletList)]
    assert [plain(item.content) for item in block.items] == ["item", "a link"]
    for extension, writer in WRITERS.items():
        output = writer(document)
        if extension == "docx":
            with zipfile.ZipFile(io.BytesIO(output)) as package:
                output = b"".join(package.read(name) for name in package.namelist())
        for active in (b"<script", b"steal", b"onerror", b"javascript:", b"example.org", b"root:"):
            assert active not in output.lower(), (extension, active)


@pytest.mark.parametrize(
    "text",
    ["---\nowner: Pharmacy\n---\n", "<script>steal()</script>\n", "---\n---\n\n<!-- -->\n"],
)
def test_sheet_without_text_is_a_clear_error(text: str) -> None:
    assert error(text).message == "has no sheet text"


def test_bad_sheets_do_not_stop_the_other_sheets(tmp_path: Path, config: Config) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / SEED.name).write_bytes(SEED.read_bytes())
    (sources / "new.md").write_bytes(SHEET.read_bytes())
    (sources / "empty.md").write_text("---\ntitle:\n---\n")
    (sources / "typo.md").write_text("---\nreviwed: 8/2015\n---\n# T\n")
    settings_ = replace(config, sources=sources, outputs=tmp_path / "outputs")
    results = {
        result.source.rsplit("/", 1)[-1]: result for result in build(settings_, discover(sources))
    }
    assert (results["empty.md"].error or "").endswith(
        "empty.md:2: front matter: 'title' has no value"
    )
    assert "typo.md:2: front matter: unknown key 'reviwed'" in (results["typo.md"].error or "")
    assert results["aldesleukin.txt"].error is None and results["new.md"].error is None
    assert (settings_.outputs / "en" / "new.html").exists()


markdown_like = st.lists(
    st.sampled_from(
        [
            "---", "title: T", "reviewed: 8/2015", "owner:", "  - x", "# H", "## H", "- a",
            "  - b", "* c", "1. d", "**", "<b>", "<script>", "</script>", "> q", "```", "    code",
            "Last reviewed 8/2015", "Last reviewed", "", "text", "&amp;", "[l](u)", "![i](u)",
        ]
    ),
    max_size=40,
).map("\n".join)  # fmt: skip


@given(st.one_of(st.text(), markdown_like))
@settings(max_examples=400, deadline=None)
def test_markdown_reader_never_raises_anything_but_source_error(text: str) -> None:
    try:
        markdown_reader.parse(text, "any.md", CONFIG)
    except SourceError as raised:
        assert raised.path == "any.md"


def test_numbered_steps_stay_numbered_from_their_first_number() -> None:
    document = parse("# Steps\n\n## How\n\n3. Get ready\n4. Clean hands\n   1. Wash\n")
    (steps,) = document.sections[0].blocks
    assert isinstance(steps, NumberedList)
    assert numbered_from(steps) == 3
    assert [plain(item.content) for item in steps.items[1].children] == ["Wash"]
