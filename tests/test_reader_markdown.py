"""The Markdown reader: front matter, the seed sheet as Markdown, locations, raw HTML, errors."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import emphasis, fidelity
from pipeline.build import build
from pipeline.config import Config
from pipeline.dates import PartialDate
from pipeline.discovery import discover, survey
from pipeline.dump import dump
from pipeline.errors import SourceError
from pipeline.model import (
    BulletList,
    Document,
    Image,
    NumberedList,
    Paragraph,
    Span,
    Table,
    plain,
)
from pipeline.readers import markdown_reader, read
from pipeline.writers import WRITERS
from tests.conftest import SEED, Golden, numbered_from
from tests.test_tables_pictures import png

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
        ("---\ntitle: T\nreviewed: 8/2015 \n  - x\n---\n", "expected 'key: value'", 4),
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
    assert paragraphs(document) == [
        "Safe text with bold tag.",
        "a whole HTML block",  # its text, without its handlers
        "&xxe; stays as written.",
    ]
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
    (sources / "bad.md").write_text("---\nreviewed: 8/20155\n---\n# T\n")
    settings_ = replace(config, sources=sources, outputs=tmp_path / "outputs")
    results = {
        result.source.rsplit("/", 1)[-1]: result for result in build(settings_, discover(sources))
    }
    assert (results["empty.md"].error or "").endswith(
        "empty.md:2: front matter: 'title' has no value"
    )
    assert "bad.md:2: front matter: bad reviewed" in (results["bad.md"].error or "")
    assert results["aldesleukin.txt"].error is None and results["new.md"].error is None
    assert (settings_.outputs / "en" / "new.html").exists()


markdown_like = st.lists(
    st.sampled_from(
        [
            "---", "title: T", "reviewed: 8/2015", "owner:", "  - x", "# H", "## H", "- a",
            "  - b", "* c", "1. d", "**", "<b>", "<script>", "</script>", "> q", "```", "    code",
            "Last reviewed 8/2015", "Last reviewed", "", "text", "&amp;", "[l](u)", "![i](u)",
            "| a | b |", "|---|:-:|", "| c \\| d |", "![](x.png)", "layout: x", "<div>", "</div>",
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


@given(st.one_of(st.text(), markdown_like))
@settings(max_examples=300, deadline=None)
def test_markdown_reader_accounts_for_every_word_of_any_sheet(text: str) -> None:
    try:
        read = markdown_reader.parse_sheet(text, "any.md", CONFIG)
    except SourceError:
        return
    assert fidelity.check(read.visible, read.document, read.removed) == []


def test_numbered_steps_stay_numbered_from_their_first_number() -> None:
    document = parse("# Steps\n\n## How\n\n3. Get ready\n4. Clean hands\n   1. Wash\n")
    (steps,) = document.sections[0].blocks
    assert isinstance(steps, NumberedList)
    assert numbered_from(steps) == 3
    assert [plain(item.content) for item in steps.items[1].children] == ["Wash"]


# Tables, pictures, fidelity and lenient front matter (issue 12) -----------------------------

FIXTURES = Path(__file__).parent / "fixtures" / "md"


@pytest.mark.parametrize("name", ["fever"])
def test_markdown_fixtures_read_without_loss_and_match_their_golden_dumps(
    name: str, config: Config, golden: Golden
) -> None:
    """The model, what was removed, and the reader's findings (none of them lost text)."""
    result = read(FIXTURES / f"{name}.md", config, display=f"tests/fixtures/md/{name}.md")
    assert result.visible
    assert not [finding for finding in result.findings if finding.rule == "ingest.dropped-text"]
    found = "".join(f"{finding}\n" for finding in result.findings)
    shown = dump(result.document, removed=result.removed) + "Findings\n" + found
    golden(f"md-{name}.native", shown.encode("utf-8"))


def test_a_pipe_table_is_a_table_with_its_header_row() -> None:
    document = parse(
        "# Doses\n\n| Weight | Dose |\n|---|--:|\n| 10 kg | **2.5** mL |\n| a \\| b |\n"
    )
    (table,) = document.sections[0].blocks
    assert isinstance(table, Table)
    assert (table.header_rows, table.row_headers, table.caption) == (1, False, ())
    assert [[plain(cell.content) for cell in row] for row in table.rows] == [
        ["Weight", "Dose"],
        ["10 kg", "2.5 mL"],
        ["a | b", ""],
    ]
    assert table.rows[1][1].content == (Span("2.5", strong=True), Span(" mL"))
    assert [row[0].loc.line for row in table.rows] == [3, 5, 6]


def sheet_in(folder: Path, text: str, name: str = "sheet.md") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def test_pictures_come_only_from_files_beside_the_sheet_inside_sources(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    (sources / "shared").mkdir(parents=True)
    (sources / "shared" / "logo.png").write_bytes(png(3, 3))
    (tmp_path / "secret.png").write_bytes(png(4, 4))
    (sources / "fever" / "not-a-picture.png").parent.mkdir()
    (sources / "fever" / "not-a-picture.png").write_text("<svg onload='x()'/>")
    path = sheet_in(
        sources / "fever",
        "# Fever\n\n![Logo](../shared/logo.png)\n\n![Secret](../../secret.png)\n\n"
        "![Web](http://example.org/a.png)\n\n![Fake](not-a-picture.png)\n\n![Gone](gone.png)\n",
    )
    settings_ = replace(CONFIG, sources=sources)
    result = markdown_reader.read(path, "sources/fever/sheet.md", settings_)
    images = [b for b in result.document.sections[0].blocks if isinstance(b, Image)]
    assert [(i.alt, len(i.data), i.link) for i in images] == [
        ("Logo", len(png(3, 3)), None),
        ("Secret", 0, "../../secret.png"),
        ("Web", 0, "http://example.org/a.png"),
        ("Fake", 0, "not-a-picture.png"),
        ("Gone", 0, "gone.png"),
    ]
    assert [(f.rule, f.loc.line) for f in result.findings] == [
        ("picture.not-included", line) for line in (5, 7, 9, 11)
    ]
    assert "outside sources/" in result.findings[0].message
    assert "never fetched" in result.findings[1].message
    assert "not a PNG" in result.findings[2].message
    assert "missing" in result.findings[3].message


def test_pictures_in_list_items_and_tables_follow_them(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(png(2, 2))
    path = sheet_in(tmp_path, "# T\n\n- one ![A](a.png)\n\n| x | y |\n|-|-|\n| ![](a.png) | z |\n")
    result = markdown_reader.read(path, "sheet.md", CONFIG)
    blocks = result.document.sections[0].blocks
    assert [type(block).__name__ for block in blocks] == ["BulletList", "Image", "Table", "Image"]
    decorative = blocks[3]
    assert isinstance(decorative, Image) and decorative.decorative and decorative.data
    assert result.findings == ()


def test_an_img_tag_in_markdown_is_a_picture_too(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(png(2, 2))
    path = sheet_in(tmp_path, '# T\n\nSee <img src="a.png" alt="A chart" onerror="x()"> here.\n')
    result = markdown_reader.read(path, "sheet.md", CONFIG)
    paragraph, picture = result.document.sections[0].blocks
    assert isinstance(paragraph, Paragraph) and plain(paragraph.content) == "See here."
    assert isinstance(picture, Image) and (picture.alt, picture.data) == ("A chart", png(2, 2))


def test_markdown_sheets_are_checked_for_lost_text(
    tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sheet_in(
        tmp_path,
        "# T\n\nKept.\n\n    Indented text.\n\n<p>An <b>HTML</b> block<nav>Home</nav></p>\n\n"
        "<!DOCTYPE x [<!ENTITY e 'refused'>]>\n",
    )
    result = read(path, config, "sheet.md")
    assert [f.rule for f in result.findings] == []
    assert paragraphs(result.document) == ["Kept.", "Indented text.", "An HTML block"]
    assert [(gone.text, gone.rule) for gone in result.removed] == [
        ("Home", "html.nav"),
        ("]>", "markdown.raw-html"),
    ]

    def nothing(self: object, node: object) -> Iterator[object]:
        yield from ()

    monkeypatch.setattr(markdown_reader._MarkdownWalker, "_code", nothing)
    (lost,) = read(path, config, "sheet.md").findings
    assert (lost.rule, lost.loc.line) == ("ingest.dropped-text", 5)
    assert "'indented text'" in lost.message


def test_unknown_front_matter_keys_warn_and_known_keys_stay_strict() -> None:
    text = (
        "---\nlayout: sheet\ntags:\n  - fever\n  - cold\nreviwed: 8/2015\n"
        "lastReviewed: 2015-08-12\nlanguage: en\nseo:\n  description: x\n---\n# T\n\nText.\n"
    )
    result = markdown_reader.parse_sheet(text, "sheet.md", CONFIG)
    assert result.document.meta.reviewed == PartialDate(2015, 8, 12)
    assert result.document.meta.lang == "en"
    (warning,) = result.findings
    assert (warning.rule, warning.loc.line) == ("markdown.unknown-key", 2)
    assert "'layout' (line 2), 'tags' (line 3), 'reviwed' (line 6), 'seo' (line 9)" in (
        warning.message
    )
    assert warning.suggestion == "did you mean 'reviwed' → 'reviewed'?"
    assert "bad reviewed" in error("---\nlastReviewed: soon\n---\n# T\n").message


def test_a_picture_beside_a_markdown_sheet_is_not_a_sheet(tmp_path: Path) -> None:
    sheet_in(tmp_path, "# T\n\n![A](a.png)\n")
    (tmp_path / "a.png").write_bytes(png(2, 2))
    (tmp_path / "b.JPG").write_bytes(b"\xff\xd8\xff")
    found = survey(tmp_path)
    assert [path.name for path in found.sheets] == ["sheet.md"]
    assert sorted(path.name for path in found.skipped) == ["a.png", "b.JPG"]


def test_a_markdown_sheet_builds_with_its_table_and_picture(tmp_path: Path, config: Config) -> None:
    sources = tmp_path / "sources"
    sheet_in(
        sources,
        "---\nreviewed: 3/2026\n---\n# Fever\n\n![A thermometer](thermometer.png)\n\n"
        "| Weight | Dose |\n|---|---|\n| 10 kg | 2.5 mL |\n",
        "fever.md",
    )
    (sources / "thermometer.png").write_bytes(png(5, 5))
    settings_ = replace(config, sources=sources, outputs=tmp_path / "outputs")
    (result,) = build(settings_, discover(sources))
    assert result.error is None
    page = (settings_.outputs / "en" / "fever.html").read_text(encoding="utf-8")
    (picture,) = (settings_.outputs / "en").glob("fever.*.png")
    assert picture.read_bytes() == png(5, 5)
    assert f'<img src="{picture.name}" alt="A thermometer">' in page
    assert '<th scope="col">Weight</th>' in page


def test_a_links_text_keeps_where_it_links_to() -> None:
    """`Span.link`, as the sheet wrote it, across emphasis inside the link; nothing after."""
    document = parse("# T\n\nSee [Lotsa **Helping** Hands](https://lotsahelpinghands.com/) now.\n")
    (block,) = document.sections[0].blocks
    assert isinstance(block, Paragraph)
    target = "https://lotsahelpinghands.com/"
    assert block.content == (
        Span("See "),
        Span("Lotsa ", link=target),
        Span("Helping", strong=True, link=target),
        Span(" Hands", link=target),
        Span(" now."),
    )
