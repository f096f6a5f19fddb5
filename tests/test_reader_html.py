"""The HTML reader: a real hospital page, our own output read back, and hostile pages."""

from __future__ import annotations

import base64
import io
import os
import re
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import emphasis, fidelity
from pipeline.build import build
from pipeline.config import Config
from pipeline.dates import PartialDate
from pipeline.discovery import discover
from pipeline.dump import dump
from pipeline.errors import SourceError
from pipeline.model import (
    Block,
    BulletList,
    Cell,
    Document,
    Image,
    NumberedList,
    Paragraph,
    Span,
    Table,
    plain,
)
from pipeline.readers import html_reader, markup, read
from pipeline.readers.result import ReadResult
from pipeline.writers import WRITERS, attachments, html, pictures
from tests.conftest import ROOT, SEED, Golden, numbered_from
from tests.test_properties import HERE, documents, words
from tests.test_tables_pictures import png

FIXTURES = Path(__file__).parent / "fixtures"
PAGE = FIXTURES / "aldesleukin-page.html"
SHOWN = "tests/fixtures/aldesleukin-page.html"
CONFIG = Config()


@pytest.fixture
def page(config: Config) -> Document:
    return read(PAGE, config, display=SHOWN).document


def parse(body: str, config: Config = CONFIG) -> Document:
    return emphasis.mark_urgent(html_reader.parse(body, "sheet.html", config), config)


def read_bytes(tmp_path: Path, data: bytes) -> ReadResult:
    path = tmp_path / "sheet.html"
    path.write_bytes(data)
    return html_reader.read(path, "sheet.html", CONFIG)


def line_of(text: str, path: Path = PAGE) -> int:
    """The 1-based line of the fixture that holds `text`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    (number,) = [n for n, line in enumerate(lines, 1) if text in line]
    return number


def error(body: str) -> SourceError:
    with pytest.raises(SourceError) as raised:
        html_reader.parse(body, "sheet.html", CONFIG)
    assert str(raised.value).startswith("sheet.html")
    return raised.value


# The hospital's web page --------------------------------------------------------------------


def test_page_matches_golden_dump(page: Document, golden: Golden) -> None:
    golden("aldesleukin-page.native", dump(page).encode("utf-8"))


def test_page_reads_into_the_same_model_as_the_seed(page: Document, seed: Document) -> None:
    assert dump(page, locations=False) == dump(seed, locations=False)


def test_site_template_is_left_out(page: Document) -> None:
    body = dump(page)
    for noise in (
        "Find a Doctor",  # navigation
        "Breadcrumb",
        "Search",  # search form
        "Skip to main content",
        "Print",  # hidden toolbar
        "Related topics",  # aside
        "Back To Top",  # configured template noise
        "This page is not specific",
        "dataLayer",  # scripts
        "Printed from",  # display: none
        "Children's Minnesota,",  # the site footer's address is not the sheet's publisher
    ):
        assert noise not in body, noise


def test_site_copyright_is_the_sheets_attribution(page: Document) -> None:
    assert page.meta.attribution == ("© 2024 Children's Minnesota",)


def test_page_locations_are_the_source_lines(page: Document) -> None:
    assert page.meta.loc.line == line_of("<h1>")
    assert page.meta.reviewed_loc is not None
    assert page.meta.reviewed_loc.line == line_of("Last reviewed 8/2015")
    given = page.sections[1]
    assert given.loc.line == line_of("<h2>How is it given?</h2>")
    assert given.blocks[0].loc.line == line_of("Aldesleukin is given into the vein")
    last = page.sections[-2].blocks[-1]
    assert isinstance(last, BulletList)
    wheezing = last.items[-1].children[1]
    assert plain(wheezing.content) == "wheezing"
    assert wheezing.loc.line == line_of("<li>wheezing</li>")


# Our own output read back -------------------------------------------------------------------


def test_own_html_output_reads_back_into_the_seed(seed: Document) -> None:
    page = html.write(seed).decode("utf-8")
    assert dump(parse(page), locations=False) == dump(seed, locations=False)


@given(documents(numbered=True))
@settings(max_examples=200, deadline=None)
def test_own_html_output_round_trips_any_document(document: Document) -> None:
    page = html.write(document).decode("utf-8")
    assert dump(parse(page), locations=False) == dump(document, locations=False)


# Structure ---------------------------------------------------------------------------------


def test_headings_levels_and_text_before_the_first_heading() -> None:
    document = parse(
        "<main><h1>Title</h1><p>Intro.</p><h2>Part</h2><h3>Detail</h3><p>Text.</p>"
        "<h1>Second top</h1></main>"
    )
    assert document.meta.title == "Title"
    shape = [(s.heading, s.level, len(s.blocks)) for s in document.sections]
    # A second h1 is a section as high as any: every level moves down one, order kept.
    assert shape == [(None, 1, 1), ("Part", 3, 0), ("Detail", 4, 1), ("Second top", 2, 0)]


def test_whitespace_emphasis_and_line_breaks_read_as_a_browser_shows_them() -> None:
    document = parse(
        "<main><p>  Give <b>one</b>\n   dose,<br>then <strong>call  <em>911</em></strong> now. </p>"
        "<p>a<script>alert(1)</script>b <a href='javascript:x()'>link</a></p>"
        "<a href='/card'><div>Card</div><div>text</div></a></main>"
    )
    first, second, third = document.sections[0].blocks
    assert isinstance(first, Paragraph) and isinstance(second, Paragraph)
    assert first.content == (
        Span("Give ", urgent=True),
        Span("one", strong=True, urgent=True),
        Span(" dose, then ", urgent=True),
        Span("call 911", strong=True, urgent=True),
        Span(" now.", urgent=True),
    )
    # A link's text keeps where it links to, as the page wrote it.
    assert second.content == (Span("ab "), Span("link", link="javascript:x()"))
    assert isinstance(third, Paragraph) and third.content == (Span("Card text", link="/card"),)


def test_lists_nest_including_a_list_placed_directly_in_a_list() -> None:
    document = parse(
        "<main><ol><li>one<ul><li>one.a</li></ul></li><li>two</li>"
        "<ul><li>two.a</li></ul><li><p>three</p><p>continued</p></li><li> </li></ol></main>"
    )
    (block,) = document.sections[0].blocks
    assert isinstance(block, NumberedList)
    assert [plain(item.content) for item in block.items] == ["one", "two", "three continued"]
    assert [plain(c.content) for c in block.items[0].children] == ["one.a"]
    assert [plain(c.content) for c in block.items[1].children] == ["two.a"]


@pytest.mark.parametrize(
    "wrapper",
    [
        "<div role='main'>{}</div>",
        "<article>{}</article>",
        "<div id='content'>{}</div>",
        "<form id='aspnetForm'><div id='content'>{}</div></form>",
    ],
)
def test_content_root_without_a_main_landmark(wrapper: str) -> None:
    sheet = "<h1>Title</h1><h2>What is it?</h2>" + "<p>A sentence about the medicine.</p>" * 12
    document = parse(
        "<body><div class='top'><a href='/'>Home</a> <p>Call us any time.</p></div>"
        + wrapper.format(sheet)
        + "<div class='side'><p>Other topics.</p></div></body>"
    )
    assert document.meta.title == "Title"
    (section,) = document.sections
    assert [plain(block.content) for block in section.blocks if isinstance(block, Paragraph)] == [
        "A sentence about the medicine."
    ] * 12


def test_hidden_elements_and_form_controls_are_dropped() -> None:
    document = parse(
        "<main><h1>Title</h1><p hidden>secret one</p><div aria-hidden='true'>secret two</div>"
        "<p style='color: red; display:none'>secret three</p><form><label>Email</label>"
        "<input value='secret four'><button>Sign up</button><select><option>x</option></select>"
        "</form><p>Shown.</p></main>"
    )
    assert "secret" not in dump(document) and "Sign up" not in dump(document)
    assert [plain(b.content) for b in document.sections[0].blocks if isinstance(b, Paragraph)] == [
        "Shown."
    ]


# Review stamps and publisher ----------------------------------------------------------------


def test_publisher_in_an_address_before_the_stamp_and_time_datetime_wins() -> None:
    document = parse(
        "<main><h1>Title</h1><p>Text.</p></main><footer><address>Hospital<br>\nStreet 1</address>"
        '<p>Last reviewed: <time datetime="2015-08-12">August 2015</time></p>'
        "<p>© 2024 Hospital</p></footer>"
    )
    assert document.meta.publisher == ("Hospital", "Street 1")
    assert document.meta.reviewed == PartialDate(2015, 8, 12)
    assert document.meta.next_review == PartialDate(2018, 8, 12)


def test_sentences_above_the_publisher_stay_sheet_text() -> None:
    document = parse(
        "<main><h1>Title</h1>\n<p>Call us with questions.<br>\nHospital<br>\nStreet 1<br>\n"
        "Last reviewed 8/2015 ©Copyright<br>\nNext review due: 2017-08</p></main>"
    )
    (section,) = document.sections
    assert [plain(b.content) for b in section.blocks if isinstance(b, Paragraph)] == [
        "Call us with questions."
    ]
    assert document.meta.publisher == ("Hospital", "Street 1")
    assert document.meta.reviewed_loc is not None and document.meta.reviewed_loc.line == 5
    assert document.meta.next_review == PartialDate(2017, 8)


def test_two_different_review_dates_are_an_error_naming_the_line() -> None:
    raised = error("<main><h1>T</h1>\n<p>Last reviewed 8/2015</p>\n<p>Last reviewed 9/2016</p>")
    assert "two different 'last reviewed' dates" in raised.message
    assert raised.line == 3


def test_unreadable_review_date_names_the_line() -> None:
    raised = error("<main><h1>T</h1>\n\n<p>Last reviewed sometime in 2015</p></main>")
    assert "cannot read the review date" in raised.message
    assert raised.line == 3


# Bad and hostile input ----------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<html><body><main><h1>Title</h1><p>&lol4;</p></main></body></html>
"""


def external_entity(target: Path) -> str:
    return (
        f'<!DOCTYPE html [\n<!ENTITY xxe SYSTEM "file://{target}">\n]>\n'
        "<html><body><main><h1>Title</h1><p>Text &xxe; end.</p></main></body></html>\n"
    )


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"declares XML entities \(DOCTYPE\) — refused") as raised:
        read_bytes(tmp_path, BILLION_LAUGHS.encode())
    assert (raised.value.path, raised.value.line) == ("sheet.html", 3)


def test_external_entity_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER")
    with pytest.raises(SourceError, match=r"sheet\.html:2: declares XML entities"):
        read_bytes(tmp_path, external_entity(secret).encode())


@pytest.mark.parametrize("kind", ["billion laughs", "external entity"])
def test_entities_would_not_be_expanded_even_without_the_refusal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """The second line of defence: the parser itself neither expands nor fetches entities."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER")
    monkeypatch.setattr(html_reader, "_ENTITY", re.compile("(?!)"))
    body = BILLION_LAUGHS if kind == "billion laughs" else external_entity(secret)
    text = dump(parse(body))
    assert "TOP-SECRET-MARKER" not in text
    assert "lollol" not in text


HOSTILE = """<!DOCTYPE html>
<html><head><script>steal()</script><base href="javascript:steal()//"></head>
<body onload="steal()">
<main>
<h1 onclick="steal()">Title<script>steal()</script></h1>
<img src="x" onerror="steal()">
<p onmouseover="steal()">Safe text <a href="javascript:steal()">here</a>.</p>
<svg onload="steal()"><script>steal()</script><text>svg text</text></svg>
<iframe srcdoc="&lt;script&gt;steal()&lt;/script&gt;"></iframe>
<object data="javascript:steal()">object text</object>
<template><script>steal()</script></template>
<noscript><img src=x onerror=steal()></noscript>
<style>body { background: url(javascript:steal()) }</style>
<ul><li>item <img src=x onerror=steal()></li></ul>
</main></body></html>
"""


def test_hostile_page_carries_no_active_content_to_any_output(tmp_path: Path) -> None:
    document = emphasis.mark_urgent(read_bytes(tmp_path, HOSTILE.encode()).document, CONFIG)
    assert document.meta.title == "Title"
    assert "Safe text here." in dump(document)
    assert "item" in dump(document)
    for extension, writer in WRITERS.items():
        output = writer(document)
        if extension == "docx":
            with zipfile.ZipFile(io.BytesIO(output)) as package:
                output = b"".join(package.read(name) for name in package.namelist())
        for active in (b"<script", b"steal", b"onerror", b"onload", b"javascript:", b"svg text"):
            assert active not in output.lower(), (extension, active)


@pytest.mark.parametrize(
    "body",
    [
        "<html><body></body></html>",
        "<!-- only a comment -->",
        "<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>",
        "<html><body><main><p> &nbsp; </p></main><footer>© 2024 Hospital</footer></body></html>",
    ],
)
def test_page_without_sheet_text_is_a_clear_error(body: str) -> None:
    assert "has no sheet text" in error(body).message


def test_bad_pages_do_not_stop_the_other_sheets(tmp_path: Path, config: Config) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / SEED.name).write_bytes(SEED.read_bytes())
    (sources / "page.html").write_bytes(PAGE.read_bytes())
    (sources / "empty.html").write_text("<html><body><nav>Home</nav></body></html>")
    (sources / "laughs.html").write_text(BILLION_LAUGHS)
    settings_ = replace(config, sources=sources, outputs=tmp_path / "outputs")
    results = {
        result.source.rsplit("/", 1)[-1]: result for result in build(settings_, discover(sources))
    }
    assert results["empty.html"].error is not None
    assert results["empty.html"].error.endswith("empty.html: has no sheet text")
    assert "laughs.html:3: declares XML entities" in (results["laughs.html"].error or "")
    assert results["aldesleukin.txt"].error is None and results["page.html"].error is None
    assert (settings_.outputs / "en" / "page.html").exists()


# Encodings ---------------------------------------------------------------------------------


def test_declared_charset_is_used_for_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    page = '<meta charset="iso-8859-2"><main><h1>Title</h1><p>Łódź clinic.</p></main>'
    result = read_bytes(tmp_path, page.encode("iso-8859-2"))
    assert "Łódź clinic." in dump(result.document)
    assert result.findings == ()


def test_undeclared_windows_1252_is_read_with_the_usual_warning(tmp_path: Path) -> None:
    page = "<main>\n<h1>Title</h1>\n<p>It\u2019s cold.</p></main>"
    result = read_bytes(tmp_path, page.encode("cp1252"))
    assert "It\u2019s cold." in dump(result.document)
    assert [(f.rule, f.loc.line) for f in result.findings] == [("source.encoding", 3)]


# Never anything but SourceError -------------------------------------------------------------

html_like = st.lists(
    st.sampled_from(
        [
            "<main>", "</main>", "<h1>", "</h1>", "<h2>", "<p>", "</p>", "<ul>", "<li>", "</ul>",
            "<br>", "<b>", "</b>", "<address>", "<footer>", "<header>", "<time datetime='x'>",
            "Last reviewed 8/2015", "Last reviewed", "Next review due: 2015-13", "text", "\n",
            "<!DOCTYPE html>", "<script>", "<table><td>", "&amp;", "&#0;", "<?xml?>", "<![CDATA[",
            "<!--", "-->", "©", "<div hidden>", "<meta charset='x'>",
            "<embed>", "<wbr>", "<source>", "<track>", "<img alt='a' src='x.png'>", "<img>",
            "<tr>", "<th>", "<caption>", "</table>", "<td rowspan=0 colspan=2>", "<ol>", "<nav>",
        ]
    ),
    max_size=40,
).map("".join)  # fmt: skip


@given(st.one_of(st.text(), html_like))
@settings(max_examples=400, deadline=None)
def test_html_reader_never_raises_anything_but_source_error(text: str) -> None:
    try:
        html_reader.parse(text, "any.html", CONFIG)
    except SourceError as raised:
        assert raised.path == "any.html"


@given(st.one_of(st.text(), html_like))
@settings(max_examples=300, deadline=None)
def test_html_reader_accounts_for_every_word_of_any_page(text: str) -> None:
    try:
        page = html_reader.parse_page(text, "any.html", CONFIG)
    except SourceError:
        return
    assert fidelity.check(page.visible, page.document, page.removed) == []


def test_a_stamp_repeated_on_one_line_is_removed_twice() -> None:
    page = html_reader.parse_page(
        "<h1>T</h1>Last reviewed 1/2020<p>Last reviewed 1/2020", "a.html", CONFIG
    )
    assert [gone.rule for gone in page.removed] == ["review-date", "review-date"]
    assert fidelity.check(page.visible, page.document, page.removed) == []


def test_text_right_inside_a_list_is_an_item() -> None:
    (steps,) = blocks("<main><h1>T</h1><ul>Before<li>One</li>between<li>Two</ul></main>")
    assert isinstance(steps, BulletList)
    assert [plain(item.content) for item in steps.items] == ["Before", "One", "between", "Two"]


@pytest.mark.parametrize(("attributes", "start"), [("", 1), (' start="4"', 4), (' start="x"', 1)])
def test_an_ordered_list_stays_numbered(attributes: str, start: int) -> None:
    body = f"<main><h1>Steps</h1><h2>How</h2><ol{attributes}><li>Wash</li><li>Dry</li></ol></main>"
    (steps,) = parse(body).sections[0].blocks
    assert isinstance(steps, NumberedList)
    assert (numbered_from(steps), len(steps.items)) == (start, 2)


# Parsed as browsers parse it (issue 12) -----------------------------------------------------

WEB = FIXTURES / "web"


@pytest.mark.parametrize("name", ["croup-embed", "fever-table", "gov-page"])
def test_web_fixtures_read_without_loss_and_match_their_golden_dumps(
    name: str, config: Config, golden: Golden
) -> None:
    """The model, what was removed, and the reader's findings (none of them lost text)."""
    result = read(WEB / f"{name}.html", config, display=f"tests/fixtures/web/{name}.html")
    assert not [finding for finding in result.findings if finding.rule == "ingest.dropped-text"]
    found = "".join(f"{finding}\n" for finding in result.findings)
    shown = dump(result.document, removed=result.removed) + "Findings\n" + found
    golden(f"web-{name}.native", shown.encode("utf-8"))


@pytest.mark.parametrize(
    "void", ["<embed src='x.swf'>", "<wbr>", "<source src='x.mp4'>", "<track src='x.vtt'>"]
)
def test_nothing_after_an_element_without_content_is_lost_or_merged(void: str) -> None:
    document = parse(
        f"<main>{void}<h1>Croup</h1><p>Before {void}after.\n<h2>Help</h2>\n"
        "<ul><li>Call 911.</ul>\n<p>Last reviewed 3/2025</main>"
    )
    assert document.meta.title == "Croup"
    assert document.meta.reviewed == PartialDate(2025, 3)
    assert [section.heading for section in document.sections] == [None, "Help"]
    (before,) = document.sections[0].blocks
    assert isinstance(before, Paragraph) and plain(before.content).startswith("Before ")
    (steps,) = document.sections[1].blocks
    assert isinstance(steps, BulletList) and plain(steps.items[0].content) == "Call 911."


def test_a_word_broken_by_wbr_is_one_word_in_the_model_and_the_fidelity_check(
    tmp_path: Path,
) -> None:
    page = b"<main><h1>T</h1><p>wind<wbr>pipe and <b>wind</b>pipe</p></main>"
    result = read_bytes(tmp_path, page)
    (paragraph,) = result.document.sections[0].blocks
    assert isinstance(paragraph, Paragraph) and plain(paragraph.content) == "windpipe and windpipe"
    assert result.visible is not None
    assert [piece.text for piece in result.visible] == ["T", "windpipe and windpipe"]


def test_nesting_deeper_than_any_sheet_is_refused_with_its_line() -> None:
    raised = error("<main><h1>T</h1>\n" + "<div>" * 300 + "deep")
    assert "nests elements more than 256 deep" in raised.message
    assert raised.line == 2


# Tables and pictures (issue 12) -------------------------------------------------------------

PNG_URI = "data:image/png;base64," + base64.b64encode(png(8, 2)).decode()


def blocks(body: str) -> tuple[Block, ...]:
    return tuple(b for section in parse(body).sections for b in section.blocks)


def test_a_data_table_keeps_its_header_rows_row_headings_caption_and_spans() -> None:
    (table,) = blocks(
        "<main><h1>T</h1><table><caption>Dose</caption><tr><th>Weight<th>Dose"
        "<tr><th>10 kg<td>2.5 mL<tr><th rowspan=0>20 kg<td>5 mL<tr><td>or 1 tablet"
        "<tr><td colspan=2000>Call us.</table></main>"
    )
    assert isinstance(table, Table)
    assert (table.header_rows, table.row_headers, plain(table.caption)) == (1, True, "Dose")
    assert [[plain(cell.content) for cell in row] for row in table.rows] == [
        ["Weight", "Dose"],
        ["10 kg", "2.5 mL"],
        ["20 kg", "5 mL"],
        ["or 1 tablet"],
        ["Call us."],
    ]
    # rowspan=0 runs to the end of its row group; colspan is capped as browsers cap it.
    assert (table.rows[2][0].rows, table.rows[4][0].columns) == (3, 1000)


@pytest.mark.parametrize(
    ("markup", "header_rows", "row_headers"),
    [
        ("<thead><tr><td>A<td>B</thead><tr><td>1<td>2", 1, False),
        ("<tr><th>A<th>B<tr><th>C<th>D<tr><td>1<td>2", 2, False),
        ("<tr><th scope=row>A<td>B<tr><th scope=row>C<td>D", 0, True),
        ("<tr><td>A<td>B<tr><td>1<td>2", 0, False),
    ],
)
def test_header_rows_come_from_thead_or_leading_rows_of_th(
    markup: str, header_rows: int, row_headers: bool
) -> None:
    (table,) = blocks(f"<main><h1>T</h1><table>{markup}</table></main>")
    assert isinstance(table, Table)
    assert (table.header_rows, table.row_headers) == (header_rows, row_headers)


@pytest.mark.parametrize(
    "layout",
    [
        "<table><tr><td><p>Rest.</p></td></tr><tr><td>Drink <b>water</b>.</td></tr></table>",
        "<table><tr><td><h2>Rest</h2></td><td>Sleep.</td></tr></table>",
        "<table role=presentation><tr><th>Rest</th><td>Sleep.</td></tr></table>",
    ],
)
def test_a_layout_table_reads_as_paragraphs_and_is_reported(tmp_path: Path, layout: str) -> None:
    result = read_bytes(tmp_path, f"<main><h1>T</h1>\n{layout}</main>".encode())
    assert not any(isinstance(b, Table) for s in result.document.sections for b in s.blocks)
    assert "Rest" in dump(result.document)
    assert [(f.rule, f.loc.line) for f in result.findings] == [("table.layout", 2)]


def test_pictures_alt_text_decorative_and_never_fetched(tmp_path: Path) -> None:
    result = read_bytes(
        tmp_path,
        f"<main><h1>T</h1><p>Give it <img src='{PNG_URI}' alt=' A  syringe '> now.</p>\n"
        f"<img src='{PNG_URI}' alt=''><img src='{PNG_URI}'>\n"
        "<img src='https://example.org/a.png' alt='Chart'><img src='//cdn.example.org/b.png'"
        " alt=''>\n<img src='data:image/svg+xml,<svg/>' alt='Logo'></main>".encode(),
    )
    images = [b for s in result.document.sections for b in s.blocks if isinstance(b, Image)]
    assert [(i.alt, i.decorative, i.media_type, i.link) for i in images] == [
        ("A syringe", False, "image/png", None),
        ("", True, "image/png", None),
        ("", False, "image/png", None),
        ("Chart", False, "", "https://example.org/a.png"),
        ("Logo", False, "", None),
    ]
    assert images[0].data == png(8, 2)
    paragraph = result.document.sections[0].blocks[0]
    assert isinstance(paragraph, Paragraph) and plain(paragraph.content) == "Give it now."
    assert [(f.rule, f.loc.line) for f in result.findings] == [
        ("picture.no-alt", 2),
        ("picture.not-included", 3),
        ("picture.not-included", 3),  # decorative, so left out, but still said
        ("picture.not-included", 4),
    ]
    assert "never fetched" in result.findings[1].message
    assert "not a PNG" in result.findings[3].message


def test_data_uri_pictures_are_capped_before_they_are_decoded(tmp_path: Path) -> None:
    big = "A" * 200
    settings_ = replace(CONFIG, text_reader=replace(CONFIG.text_reader, max_picture_bytes=100))
    path = tmp_path / "sheet.html"
    path.write_text(f"<main><h1>T</h1><img src='data:image/png;base64,{big}' alt='X'></main>")
    result = html_reader.read(path, "sheet.html", settings_)
    (finding,) = result.findings
    assert "larger than 100 bytes" in finding.message


def test_pictures_in_list_items_and_cells_follow_their_list_or_table() -> None:
    shape = [
        type(b).__name__
        for b in blocks(
            f"<main><h1>T</h1><ul><li>One <img src='{PNG_URI}' alt='a'></ul>"
            f"<table><tr><th>A<th>B<tr><td><img src='{PNG_URI}' alt='b'>x<td>y</table></main>"
        )
    ]
    assert shape == ["BulletList", "Image", "Table", "Image"]


def test_a_picture_file_that_is_not_a_regular_file_is_never_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.png")  # reading it would wait for a writer for ever
    result = read_bytes(tmp_path, b"<main><h1>T</h1><img src='pipe.png' alt='A pipe'></main>")
    (finding,) = result.findings
    assert "not a regular file" in finding.message


def test_the_shared_signatures_are_the_writers_picture_kinds() -> None:
    samples = [png(1, 1), b"\xff\xd8\xff\xe0", b"GIF89a", b"BM", b"RIFF\0\0\0\0WEBPVP8 "]
    assert {markup.media_type(sample) for sample in samples} == set(pictures.EXTENSIONS)
    assert markup.media_type(b"<svg") is None


cell_text = words(1, 4)


@st.composite
def tables(draw: st.DrawFn) -> Table:
    """Tables the HTML writer and reader agree on: at least two columns (one column and no
    header is a layout table), row headings only where a row has more than one cell."""
    width = draw(st.integers(2, 4))
    rows = [
        tuple(Cell((Span(draw(cell_text)),), HERE) for _ in range(width))
        for _ in range(draw(st.integers(1, 4)))
    ]
    if draw(st.booleans()):
        rows.append((Cell((Span(draw(cell_text)),), HERE, columns=width),))
    header_rows = draw(st.integers(0, min(1, len(rows) - 1)))
    caption = draw(st.one_of(st.just(""), cell_text))
    return Table(
        tuple(rows),
        HERE,
        header_rows=header_rows,
        row_headers=draw(st.booleans()) and len(rows) - header_rows > 0 and len(rows[-1]) > 1,
        caption=(Span(caption),) if caption else (),
    )


pictures_ = st.builds(
    lambda alt, size: Image(alt, HERE, decorative=not alt, data=png(*size), media_type="image/png"),
    st.one_of(st.just(""), cell_text),
    st.tuples(st.integers(1, 3), st.integers(1, 3)),
)


@st.composite
def documents_with_tables(draw: st.DrawFn) -> Document:
    document = draw(documents(numbered=True))
    sections = [
        replace(
            section,
            blocks=tuple(
                draw(
                    st.permutations(
                        [*section.blocks, *draw(st.lists(tables() | pictures_, max_size=2))]
                    )
                )
            ),
        )
        for section in document.sections
    ]
    return replace(document, sections=tuple(sections))


@given(documents_with_tables())
@settings(max_examples=100, deadline=None)
def test_own_html_output_with_tables_and_pictures_reads_back_loss_free(document: Document) -> None:
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / f"{document.name}.html"
        page.write_bytes(html.write(document))
        for suffix, data in attachments(document):
            (page.parent / f"{document.name}.{suffix}").write_bytes(data)
        result = html_reader.read(page, "generated.html", CONFIG)
    again = emphasis.mark_urgent(result.document, CONFIG)
    assert dump(again, locations=False) == dump(document, locations=False)
    assert result.findings == ()


# Site furniture of .gov pages (issue 15) ------------------------------------------------------


def test_a_gov_page_without_landmarks_loses_its_banner_skip_links_and_toolbars(
    config: Config,
) -> None:
    result = read(WEB / "gov-page.html", config, display="gov-page.html")
    rules = {gone.text: gone.rule for gone in result.removed}
    assert rules["Skip directly to site content Skip directly to search"] == "template.skip-link"
    assert list(rules.values()).count("template.gov-banner") == 6
    assert rules["Sources Print Share"] == "template.page-tools"
    assert rules["Facebook LinkedIn Twitter Syndicate"] == "template.page-tools"
    document = result.document
    assert [section.heading for section in document.sections] == [
        None, "How to protect your baby", "Sources"
    ]  # fmt: skip
    shown = " ".join(
        plain(block.content)
        for s in document.sections
        for block in s.blocks
        if isinstance(block, Paragraph)
    )
    assert "on Facebook or by email" in shown and ".gov" not in shown


def test_one_banner_sentence_in_the_sheet_stays() -> None:
    document = parse(
        "<main><h1>Safe websites</h1><h2>Secure .gov websites use HTTPS</h2>"
        "<p>Look for the lock before you type your details.</p></main>"
    )
    assert [section.heading for section in document.sections] == ["Secure .gov websites use HTTPS"]


def test_the_gov_banner_as_the_page_frames_it_is_one_block_of_lines() -> None:
    document = parse(
        "<main><h1>Flu</h1><div><p>An official website of the United States government</p>"
        "<p>Here's how you know</p></div><p>Get a flu shot every year.</p></main>"
    )
    assert [
        plain(b.content) for s in document.sections for b in s.blocks if isinstance(b, Paragraph)
    ] == ["Get a flu shot every year."]


# Review dates a page carries for machines (issue 15) ------------------------------------------

_SHEET = "<main><h1>Flu</h1><p>Get a flu shot every year.</p>{}</main>"


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="cdc:last_reviewed" content="July 31, 2024">',
        '<meta name="cdc:last_reviewed" content="2024-07-31">',
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": '
        '[{"@type": "WebSite"}, {"@type": "MedicalWebPage", "lastReviewed": "2024-07-31"}]}'
        "</script>",
        '<meta itemprop="lastReviewed" content="2024-07-31T09:30:00-04:00">',
    ],
    ids=["cdc-property", "cdc-name", "json-ld", "microdata"],
)
def test_a_last_reviewed_date_for_machines_is_the_review_date_when_none_is_shown(
    head: str,
) -> None:
    document = parse(f"<html><head>{head}</head><body>{_SHEET.format('')}</body></html>")
    assert document.meta.reviewed == PartialDate(2024, 7, 31)
    assert document.meta.reviewed_loc is not None
    assert document.meta.next_review == PartialDate(2027, 7, 31)


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="cdc:last_updated" content="December 20, 2024">',
        '<meta name="cdc:last_published" content="2024-12-23T15:42:32Z">',
        '<meta name="dcterms.modified" content="2024-12-23">',
        '<meta name="DC.date" content="2024-12-23T13:51:02Z">',
        '<meta property="article:modified_time" content="2024-12-23T13:51:02-05:00">',
        '<meta property="og:updated_time" content="2024-12-23T13:51:02-05:00">',
        '<script type="application/ld+json">{"@type": "WebPage", "dateModified": "2024-12-23",'
        ' "datePublished": "2024-08-13"}</script>',
        '<meta property="cdc:last_reviewed" content="soon">',  # not a date: no review
    ],
    ids=["cdc-updated", "cdc-published", "dcterms", "dc-date", "article", "og", "schema", "bad"],
)
def test_a_modified_date_is_not_a_review_date(head: str) -> None:
    document = parse(f"<html><head>{head}</head><body>{_SHEET.format('')}</body></html>")
    assert document.meta.reviewed is None


def test_the_shown_review_date_wins_over_the_one_for_machines() -> None:
    head = '<meta property="cdc:last_reviewed" content="July 31, 2024">'
    body = _SHEET.format("<p>Last reviewed 3/2025</p>")
    document = parse(f"<html><head>{head}</head><body>{body}</body></html>")
    assert document.meta.reviewed == PartialDate(2025, 3)


def test_a_cdc_page_reads_its_last_reviewed_meta_not_its_last_updated(config: Config) -> None:
    page = ROOT / "tests" / "corpus" / "cdc-sids-vaccines.html"
    meta = read(page, config, display="cdc-sids-vaccines.html").document.meta
    assert meta.reviewed == PartialDate(2024, 7, 31)  # cdc:last_updated is December 20, 2024
