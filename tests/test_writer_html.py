"""The HTML writer: golden page, structure, escaping, self-containment and colour contrast."""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace
from importlib.resources import files

import pytest
from lxml import etree
from lxml import html as lxml_html
from lxml.etree import _Element

from pipeline import emphasis
from pipeline.config import Config
from pipeline.model import (
    BulletList,
    Document,
    ListItem,
    Location,
    Meta,
    NumberedList,
    Paragraph,
    Section,
    Span,
)
from pipeline.writers import html
from pipeline.writers.stamps import stamps
from tests.conftest import Golden

CSS = files("pipeline.writers").joinpath("sheet.css").read_text(encoding="utf-8")
HOSTILE = "<script>alert(1)</script> & \"double\" 'single'"


def parse(document: Document) -> _Element:
    return lxml_html.document_fromstring(html.write(document).decode("utf-8"))


def text(element: _Element) -> str:
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def lines(element: _Element) -> list[str]:
    return [line.strip() for line in text(element).splitlines()]


def one(root: _Element, path: str) -> _Element:
    (element,) = root.findall(path)
    return element


def section(root: _Element, heading: str) -> _Element:
    return one(root, f".//main/section[h2='{heading}']")


def test_seed_page_matches_golden(seed: Document, golden: Golden) -> None:
    golden("aldesleukin.html", html.write(seed))


def test_head_title_and_headings(seed: Document) -> None:
    page = html.write(seed)
    root = lxml_html.document_fromstring(page.decode("utf-8"))
    assert page.startswith(b"<!DOCTYPE html>\n<html")
    assert root.get("lang") == "en-US"
    assert root.get("dir") is None
    assert one(root, "head/meta[@charset]").get("charset") == "utf-8"
    assert "width=device-width" in (one(root, "head/meta[@name='viewport']").get("content") or "")
    assert one(root, "head/title").text == seed.meta.title
    assert [text(h1) for h1 in root.iter("h1")] == [seed.meta.title]
    assert [text(h2) for h2 in root.iter("h2")] == [s.heading for s in seed.sections if s.heading]


def test_landmarks_and_labelled_sections(seed: Document) -> None:
    root = parse(seed)
    assert [child.tag for child in one(root, "body")] == ["header", "main", "footer"]
    sections = root.findall(".//section")
    assert len(sections) == len(seed.sections)
    for number, element in enumerate(sections, start=1):
        heading = element[0]
        assert heading.tag == "h2"
        assert heading.get("id") == element.get("aria-labelledby") == f"s{number}"
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))


def test_lists_stay_separate_and_nest(seed: Document) -> None:
    root = parse(seed)
    side_effects = section(root, "What are the side effects?")
    assert [len(ul.findall("li")) for ul in side_effects.findall("ul")] == [15, 16, 10]
    call = section(root, "When should I call the doctor?")
    parent = one(call, "ul/li/ul/..")
    assert (parent.text or "").strip() == "signs of allergic reaction:"
    assert [text(li) for li in parent.findall("ul/li")] == [
        "rash or hives",
        "wheezing",
        "trouble breathing (call 911)",
    ]


def test_urgent_words_are_marked_with_their_item(seed: Document) -> None:
    root = parse(seed)
    urgent = one(root, ".//span[@class='urgent']")
    assert text(urgent) == "trouble breathing (call 911)"
    assert text(one(urgent, "strong")) == "call 911"
    item = urgent.getparent()
    assert item is not None and item.tag == "li" and text(item) == text(urgent)


def test_only_the_urgent_sentence_is_set_apart_from_ordinary_bold(config: Config) -> None:
    """Bold "Weight" stays plain bold; the sentence with "call 911" is boxed (issue 16)."""
    here = Location("sheet.txt", 1)
    content = (
        Span("Weight", strong=True),
        Span(" matters. If your child cannot breathe, call 911 now. Then rest."),
    )
    sheet = Document(
        Meta("Fever", "en-US", here), (Section(None, 1, (Paragraph(content, here),), here),)
    )
    root = parse(emphasis.mark_urgent(sheet, config))
    paragraph = one(root, ".//main/p")
    assert [(e.tag, e.get("class"), e.text) for e in paragraph] == [
        ("strong", None, "Weight"),
        ("span", "urgent", "If your child cannot breathe, "),
    ]
    assert text(one(paragraph, "span/strong")) == "call 911"
    assert (
        text(paragraph) == "Weight matters. If your child cannot breathe, call 911 now. Then rest."
    )


def test_stamps_use_the_shared_wording_and_time_elements(seed: Document) -> None:
    root = parse(seed)
    footer = one(root, "body/footer")
    assert lines(one(footer, "address")) == list(seed.meta.publisher)
    found = footer.findall("p")
    assert [text(p) for p in found if p.get("class") == "attribution"] == list(
        seed.meta.attribution
    )
    assert [text(p) for p in found if p.get("class") is None] == [
        s.text() for s in stamps(seed.meta)
    ]
    times = [(t.get("datetime"), t.text) for t in footer.iter("time")]
    assert times == [("2015-08", "August 2015"), ("2018-08", "August 2018")]
    top = one(root, "body/header/p")
    assert text(top) == stamps(seed.meta)[0].text()
    assert one(top, "time").get("datetime") == "2015-08"


def test_missing_dates_say_not_recorded_without_time(seed: Document) -> None:
    meta = replace(seed.meta, reviewed=None, next_review=None)
    root = parse(replace(seed, meta=meta))
    footer = one(root, "body/footer")
    found = [p for p in footer.findall("p") if p.get("class") is None]
    assert [text(p) for p in found] == [s.text() for s in stamps(meta)]
    assert all(text(p).endswith("not recorded") for p in found)
    assert not list(root.iter("time"))


def test_blocks_before_the_first_heading_sit_directly_in_main(seed: Document) -> None:
    loc = Location("intro.txt", 1)
    intro = Section(None, 2, (Paragraph((Span("Read this first."),), loc),), loc)
    meta = replace(seed.meta, title=None, loc=loc)
    root = parse(Document(meta, (intro, *seed.sections[:1])))
    main = one(root, "body/main")
    assert [child.tag for child in main] == ["p", "section"]
    assert text(main[0]) == "Read this first."
    assert one(main, "section/h2").get("id") == "s1"
    assert [text(h1) for h1 in root.iter("h1")] == ["intro"]


def test_output_is_deterministic(seed: Document) -> None:
    assert html.write(seed) == html.write(seed)


@pytest.mark.parametrize(
    ("lang", "direction"),
    [
        ("ar", "rtl"),
        ("ar-EG", "rtl"),
        ("AR", "rtl"),
        ("he-IL", "rtl"),
        ("fa", "rtl"),
        ("ur-PK", "rtl"),
        ("en-US", None),
        ("es", None),
        ("so", None),
    ],
)
def test_right_to_left_languages(seed: Document, lang: str, direction: str | None) -> None:
    root = parse(replace(seed, meta=replace(seed.meta, lang=lang)))
    assert root.get("lang") == lang
    assert root.get("dir") == direction


def test_all_text_is_escaped() -> None:
    loc = Location("hostile.txt", 1)
    item = ListItem((Span(HOSTILE),), loc, (ListItem((Span(HOSTILE, strong=True),), loc),))
    body = (Paragraph((Span(HOSTILE), Span(HOSTILE, strong=True)), loc), BulletList((item,), loc))
    meta = Meta(title=HOSTILE, lang="en-US", loc=loc, publisher=(HOSTILE, HOSTILE))
    document = Document(meta, (Section(HOSTILE, 2, body, loc),))
    page = html.write(document).decode("utf-8")
    assert "<script" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt; &amp; ") == 9
    root = lxml_html.document_fromstring(page)
    assert not list(root.iter("script"))
    assert one(root, "head/title").text == HOSTILE
    assert text(one(root, ".//h1")) == HOSTILE
    assert text(one(root, ".//h2")) == HOSTILE
    assert text(one(root, ".//main//p")) == HOSTILE * 2
    assert [strong.text for strong in root.iter("strong")] == [HOSTILE, HOSTILE]
    assert (one(root, ".//main/section/ul/li").text or "").strip() == HOSTILE
    assert lines(one(root, ".//address")) == [HOSTILE, HOSTILE]


def test_page_is_self_contained(seed: Document) -> None:
    page = html.write(seed).decode("utf-8")
    root = lxml_html.document_fromstring(page)
    assert not root.xpath("//script | //link | //img | //iframe | //object | //@src")
    # The only links call a phone: nothing is fetched.
    assert all(a.get("href", "").startswith("tel:") for a in root.iter("a"))
    assert "://" not in page
    screen, printed = root.findall("head/style")
    assert textwrap.dedent(screen.text or "").strip() == CSS.strip()
    assert printed.get("media") == "print" and "url(" not in (printed.text or "")
    assert "@import" not in CSS
    assert "url(" not in CSS
    assert "@font-face" not in CSS


# --- The stylesheet ---------------------------------------------------------------------------

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def rules(css: str) -> dict[str, dict[str, str]]:
    """Declarations by single selector, merged in source order (enough for this flat sheet)."""
    result: dict[str, dict[str, str]] = {}
    for selectors, block in _RULE.findall(_COMMENT.sub("", css)):
        declarations = {
            name.strip(): value.strip()
            for name, _, value in (d.partition(":") for d in block.split(";"))
            if name.strip()
        }
        for selector in selectors.split(","):
            result.setdefault(selector.strip(), {}).update(declarations)
    return result


SCREEN_CSS, _, PRINT_CSS = CSS.partition("@media print")
SCREEN = rules(SCREEN_CSS)
PRINT = rules(PRINT_CSS)


def luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of "#rrggbb"."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_formula() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_colours_meet_wcag_aa_contrast() -> None:
    """Every text colour on every background ≥ 4.5:1; borders and focus rings ≥ 3:1."""
    text_colours: set[str] = set()
    backgrounds = {"#ffffff"}  # the page itself when nothing sets a background
    ui_colours: set[str] = set()
    for declarations in [*SCREEN.values(), *PRINT.values()]:
        for name, value in declarations.items():
            colours = {colour.lower() for colour in _HEX.findall(value)}
            if name == "color":
                text_colours |= colours
            elif name.startswith("background"):
                backgrounds |= colours
            elif name.startswith(("border", "outline")):
                ui_colours |= colours
            else:
                assert not colours, f"{name} uses a colour this test does not check"
    assert {c.lower() for c in _HEX.findall(CSS)} == text_colours | backgrounds | ui_colours
    assert not re.search(r"#[0-9a-fA-F]{3}\b|\b(?:rgba?|hsla?|hwb|lab|lch|color)\(", CSS)
    for declarations in [*SCREEN.values(), *PRINT.values()]:
        for name in ("color", "background", "background-color"):
            if name in declarations:
                assert _HEX.fullmatch(declarations[name]), f"{name}: use #rrggbb colours only"
    for foreground in text_colours:
        for background in backgrounds:
            assert contrast(foreground, background) >= 4.5, (foreground, background)
    for ui in ui_colours:
        for background in backgrounds:
            assert contrast(ui, background) >= 3, (ui, background)


def test_readable_typography() -> None:
    assert SCREEN["html"]["font-size"] == "112.5%"  # 18px on a 16px default
    body = SCREEN["body"]
    assert float(body["line-height"]) >= 1.5
    assert body["max-width"] == "40em"
    fonts = [font.strip() for font in body["font-family"].split(",")]
    assert fonts[0] == "system-ui" and fonts[-1] == "sans-serif"
    assert "outline" in SCREEN[":focus-visible"]


def test_urgent_words_do_not_rely_on_colour() -> None:
    urgent = SCREEN[".urgent"]
    assert "solid" in urgent["border"]
    assert "strong" not in SCREEN  # ordinary bold is only bold
    assert not [name for name in PRINT[".urgent"] if name.startswith("border")]
    assert PRINT[".urgent"]["color"] == "#000000"


def test_print_stylesheet() -> None:
    assert PRINT["body"]["color"] == "#000000"
    assert PRINT["body"]["background"] == "#ffffff"
    assert PRINT["h2"]["break-after"] == "avoid"
    assert PRINT["li"]["break-inside"] == "avoid"


def test_deep_word_headings_stay_valid_html(seed: Document) -> None:
    """Word has nine heading levels, HTML six: deeper sections are written as h6."""
    deep = replace(seed, sections=(replace(seed.sections[0], level=8),))
    page = lxml_html.fromstring(html.write(deep))
    assert [e.tag for e in page.iter("h1", "h2", "h3", "h4", "h5", "h6")] == ["h1", "h6"]


def steps_sheet(start: int) -> Document:
    """A sheet whose only list is numbered steps, the second with two sub-steps."""
    here = Location("sheet.txt", 1)
    sub = (ListItem((Span("Wash"),), here), ListItem((Span("Dry"),), here))
    items = (ListItem((Span("Get ready"),), here), ListItem((Span("Clean hands"),), here, sub))
    steps = NumberedList(items, here, start)
    return Document(Meta("Steps", "en-US", here), (Section("How", 2, (steps,), here),))


def test_numbered_steps_are_an_ordered_list_lettered_when_nested() -> None:
    root = parse(steps_sheet(3))
    outer = one(root, ".//main/section/ol")
    assert (outer.get("start"), outer.get("type")) == ("3", None)
    inner = one(outer, "li/ol")
    assert (inner.get("start"), inner.get("type")) == (None, "a")
    assert [(li.text or "").strip() for li in outer.iterfind("li")] == ["Get ready", "Clean hands"]
    assert [li.text for li in inner.iterfind("li")] == ["Wash", "Dry"]
    assert root.find(".//main//ul") is None
    assert one(parse(steps_sheet(1)), ".//main/section/ol").get("start") is None
