"""The HTML audit report: verdict, table, chart, findings in context, escaping and contrast."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html
from lxml.etree import _Element

from pipeline.audit import AuditResult, SheetAudit
from pipeline.config import AuditConfig, Config
from pipeline.model import Finding, Location, Severity
from pipeline.report import html_report

CONFIG = Config()
TODAY = dt.date(2026, 11, 25)
SEED = "sources/aldesleukin.txt"
SEED_ID = "sheet-sources-aldesleukin-txt"
LINE_13 = (
    "Aldesleukin is given into the vein (IV), by a continuous or an intermittant infusion. "
    "It is sometimes given by injection (shot)."
)
LINE_15 = (
    "If treatments are given at home, store the medicine in the refrigerator. Do not freeze it."
)
HOSTILE = "<script>alert(1)</script> & \"double\" 'single'"
# What pipeline.reading_level measures on the seed: the model's way, then textstat's.
SEED_METRICS = {
    "flesch_kincaid_grade": 6.83,
    "smog_index": 9.68,
    "flesch_reading_ease": 60.52,
    "gunning_fog": 9.1,
    "coleman_liau_index": 10.4,
    "automated_readability_index": 8.07,
    "dale_chall_readability_score": 9.9,
    "words": 566,
    "sentences": 70,
}
SEED_RAW = {"flesch_kincaid_grade": 9.19, "smog_index": 11.79, "sentences": 40}
SEED_FINDINGS = (
    Finding(
        "spelling.misspelled",
        Severity.ERROR,
        '"intermittant" is not in the dictionaries',
        Location(SEED, 13, 64),
        "intermittent",
    ),
    Finding(
        "structure.list-without-heading",
        Severity.WARNING,
        "this list follows the list at line 32 with no heading or lead-in of its own "
        "(was a heading lost?)",
        Location(SEED, 49, 3),
        "add a heading or a lead-in sentence saying what this list is",
    ),
    Finding(
        "structure.list-without-heading",
        Severity.WARNING,
        "this list follows the list at line 49 with no heading or lead-in of its own "
        "(was a heading lost?)",
        Location(SEED, 67, 3),
        "add a heading or a lead-in sentence saying what this list is",
    ),
    Finding(
        "review.overdue",
        Severity.ERROR,
        "review overdue: last reviewed August 2015, next review was due August 2018 "
        "(3008 days ago)",
        Location(SEED, 121),
        "have the sheet reviewed, then update its 'Last reviewed' date",
    ),
)
SEED_SHEET = SheetAudit(
    SEED,
    SEED_FINDINGS,
    SEED_METRICS,
    SEED_RAW,
    (
        ("How does this medicine work?", 7, {"flesch_kincaid_grade": 5.43, "smog_index": 8.1}),
        (
            "Are there any precautions about food or other medicines?",
            19,
            {"flesch_kincaid_grade": 10.48, "smog_index": 11.2},
        ),
    ),
    {
        5: (1, "Aldesleukin (Interleukin-2, Proleukin)"),
        13: (1, LINE_13),
        49: (3, "leakage of fluid in lungs resulting in severe trouble breathing"),
        67: (3, "allergic reactions"),
    },
)
HARD = SheetAudit(
    "sources/methotrexate.txt",
    (
        Finding(
            "readability.long-sentence",
            Severity.WARNING,
            "this sentence has 24 words",
            Location("sources/methotrexate.txt", 15, 74),
        ),
    ),
    {"flesch_kincaid_grade": 9.42, "smog_index": 10.6, "flesch_reading_ease": 51.0, "words": 812},
    {"flesch_kincaid_grade": 9.42, "smog_index": 12.3},
    text={15: (1, LINE_15)},
)
EASY = SheetAudit(
    "sources/ondansetron.txt",
    (),
    {"flesch_kincaid_grade": 4.2, "smog_index": 7.1, "flesch_reading_ease": 80.3, "words": 301},
    {"flesch_kincaid_grade": 5.0, "smog_index": 7.1},
)
BROKEN = SheetAudit(
    "sources/broken.docx",
    (
        Finding(
            "source.unreadable",
            Severity.ERROR,
            "not a Word document",
            Location("sources/broken.docx", 1),
        ),
    ),
    {},
    {},
    error="sources/broken.docx: not a Word document",
)
UNUSED = Finding(
    "audit.unused-waiver",
    Severity.WARNING,
    "the waiver for spelling.misspelled matched no finding; remove it from the settings",
    Location(SEED, 1),
)


def audit(*sheets: SheetAudit, general: tuple[Finding, ...] = ()) -> AuditResult:
    return AuditResult(sheets, general, Severity.ERROR, TODAY)


RESULT = audit(SEED_SHEET, HARD, EASY, BROKEN, general=(UNUSED,))


def parse(result: AuditResult = RESULT, config: Config = CONFIG) -> _Element:
    return lxml_html.document_fromstring(html_report.render(result, config).decode("utf-8"))


def text(element: _Element) -> str:
    return " ".join(
        etree.tostring(element, method="text", encoding="unicode", with_tail=False).split()
    )


def elements(root: _Element, path: str) -> list[_Element]:
    found = root.xpath(path)
    assert isinstance(found, list) and all(isinstance(e, _Element) for e in found)
    return [e for e in found if isinstance(e, _Element)]


def strings(root: _Element, path: str) -> list[str]:
    """Attribute values, e.g. of "//@href"."""
    found = root.xpath(path)
    assert isinstance(found, list) and all(isinstance(v, str) for v in found)
    return [str(v) for v in found]


def one(root: _Element, path: str) -> _Element:
    (element,) = elements(root, path)
    return element


def attribute(root: _Element, path: str) -> str:
    (value,) = strings(root, path)
    return value


def by_id(root: _Element, ident: str) -> _Element:
    return one(root, f"//*[@id='{ident}']")


def sheet_section(root: _Element, ident: str = SEED_ID) -> _Element:
    return one(root, f"//main/section[@aria-labelledby='{ident}']")


# --- The page ----------------------------------------------------------------------------------


def test_write_puts_the_page_in_the_report_folder(tmp_path: Path) -> None:
    config = replace(CONFIG, audit=AuditConfig(report=tmp_path / "report"))
    path = html_report.write(RESULT, config)
    assert path == tmp_path / "report" / "index.html"
    assert path.read_bytes() == html_report.render(RESULT, config)


def test_skeleton_landmarks_and_verdict() -> None:
    page = html_report.render(RESULT, CONFIG)
    assert page.startswith(b"<!DOCTYPE html>\n<html")
    root = lxml_html.document_fromstring(page.decode("utf-8"))
    assert root.get("lang") == "en"
    assert attribute(root, "/html/head/meta/@charset") == "utf-8"
    assert text(one(root, "/html/head/title")) == "Sheet audit 2026-11-25: FAILED"
    assert [child.tag for child in one(root, "/html/body")] == ["header", "main", "footer"]
    assert [text(h1) for h1 in root.iter("h1")] == ["Sheet audit"]
    assert attribute(root, "//header//time/@datetime") == "2026-11-25"
    header = text(one(root, "//header"))
    assert "Audit FAILED at fail level error." in header
    assert "Found 3 errors, 4 warnings, 0 info in 4 sheet(s), 1 unreadable." in header
    assert one(root, "//header/nav").get("aria-label") == "On this page"
    assert strings(root, "//header/nav//a/@href") == ["#fix-first", "#reading-level", "#audit"]


def test_a_clean_audit_passes() -> None:
    header = text(one(parse(audit(EASY)), "//header"))
    assert "Audit passed at fail level error." in header
    assert "Found 0 errors, 0 warnings, 0 info in 1 sheet(s)." in header


def test_headings_are_in_order_and_ids_unique() -> None:
    root = parse()
    assert [text(h2) for h2 in root.iter("h2")] == [
        "Fix first",
        "Reading level",
        SEED,
        "sources/methotrexate.txt",
        "sources/broken.docx",
        "About the audit itself",
    ]
    ids = strings(root, "//@id")
    assert len(ids) == len(set(ids))
    for section in root.iter("section"):
        assert section[0].tag == "h2"
        assert section[0].get("id") == section.get("aria-labelledby")


# --- The table ---------------------------------------------------------------------------------


def rows(root: _Element) -> list[list[str]]:
    table = one(root, "//section[@aria-labelledby='reading-level']//table")
    return [[text(cell) for cell in row] for row in table.iter("tr")]


def test_table_has_every_sheet_with_values_over_target_said_in_words() -> None:
    root = parse()
    table = one(root, "//section[@aria-labelledby='reading-level']//table")
    assert text(one(table, "caption")) == "Reading level and findings of 4 sheet(s)"
    assert strings(table, "thead/tr/th/@scope") == ["col"] * 8
    assert strings(table, "tbody/tr/th/@scope") == ["row"] * 4
    assert rows(root) == [
        ["Sheet", "FK grade", "SMOG", "Reading ease", "Words", "Errors", "Warnings", "Status"],
        [SEED, "6.8 (textstat 9.2)", "9.7 (textstat 11.8)", "60.5", "566", "2", "2", "fails"],
        [
            "sources/methotrexate.txt",
            "9.4 (over 8)",
            "10.6 (over 10) (textstat 12.3)",
            "51.0",
            "812",
            "0",
            "1",
            "has warnings",
        ],
        ["sources/ondansetron.txt", "4.2 (textstat 5.0)", "7.1", "80.3", "301", "0", "0", "passes"],
        ["sources/broken.docx", "—", "—", "—", "—", "1", "0", "unreadable"],
    ]
    assert [text(s) for s in elements(table, ".//strong[@class='over']")] == [
        "9.4 (over 8)",
        "10.6 (over 10)",
    ]


def test_table_links_sheets_with_findings_to_their_sections() -> None:
    root = parse()
    links = strings(root, "//section[@aria-labelledby='reading-level']//tbody//a/@href")
    assert links == [f"#{SEED_ID}", "#sheet-sources-methotrexate-txt", "#sheet-sources-broken-docx"]
    assert not elements(root, "//*[@id='sheet-sources-ondansetron-txt']")


def test_the_note_explains_how_sentences_are_counted() -> None:
    note = text(one(parse(), "//section[@aria-labelledby='reading-level']/p[@class='note']"))
    assert "each heading and list item as a sentence of its own" in note


def test_a_value_just_over_target_is_not_rounded_down_to_it() -> None:
    sheet = replace(EASY, metrics={"flesch_kincaid_grade": 8.04, "smog_index": 10.0})
    assert rows(parse(audit(sheet)))[1][1:3] == [
        "8.04 (over 8) (textstat 5.0)",
        "10.0 (textstat 7.1)",
    ]


def test_targets_come_from_the_settings() -> None:
    config = replace(CONFIG, readability=replace(CONFIG.readability, max_grade=6.5))
    assert rows(parse(config=config))[1][1] == "6.8 (over 6.5) (textstat 9.2)"


# --- The chart ---------------------------------------------------------------------------------


def chart(root: _Element) -> _Element:
    return one(root, "//figure//svg")


def test_chart_is_a_labelled_image_with_one_bar_per_measured_sheet() -> None:
    root = parse()
    svg = chart(root)
    assert svg.get("role") == "img"
    title, desc = (by_id(root, ident) for ident in (svg.get("aria-labelledby") or "").split())
    assert (title.tag, desc.tag) == ("title", "desc")
    assert title.getparent() is svg and desc.getparent() is svg
    assert "1 of 3 measured sheets are over the target grade 8" in text(desc)
    groups = svg.findall("g")
    assert [text(one(g, "title")) for g in groups] == [
        "sources/methotrexate.txt: grade 9.4",
        f"{SEED}: grade 6.8",
        "sources/ondansetron.txt: grade 4.2",
    ]
    assert [one(g, "rect").get("class") for g in groups] == ["bar over", "bar", "bar"]
    assert [text(g.findall("text")[1]) for g in groups] == ["9.4 (over 8)", "6.8", "4.2"]
    widths = [float(one(g, "rect").get("width") or "") for g in groups]
    assert widths == sorted(widths, reverse=True)


def test_chart_has_a_target_line_on_a_labelled_axis() -> None:
    svg = chart(parse())
    target = one(svg, "line[@class='target']")
    assert target.get("x1") == target.get("x2")
    ticks = {text(t): t.get("x") for t in svg.findall("text") if text(t).isdigit()}
    assert list(ticks) == ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]
    assert ticks["8"] == target.get("x1")
    assert "target 8" in [text(t) for t in svg.findall("text")]
    assert "Flesch-Kincaid grade" in [text(t) for t in svg.findall("text")]


def test_chart_of_one_sheet() -> None:
    svg = chart(parse(audit(EASY)))
    assert len(svg.findall("g")) == 1
    assert svg.get("viewbox") == "0 0 960 114"  # HTML parsers lower-case it
    assert one(svg, "line[@class='target']") is not None


def test_no_chart_when_nothing_was_measured() -> None:
    root = parse(audit(BROKEN))
    assert not elements(root, "//svg")
    assert "No sheet could be measured." in text(one(root, "//figure"))


def test_long_names_are_shortened_from_the_left_in_the_chart() -> None:
    name = "sources/" + "very-long-folder-name/" * 4 + "aldesleukin.txt"
    svg = chart(parse(audit(replace(SEED_SHEET, source=name))))
    label = text(one(svg, "g/text[1]"))
    assert label.startswith("…") and label.endswith("/aldesleukin.txt") and len(label) == 40
    assert text(one(svg, "g/title")) == f"{name}: grade 6.8"


# --- Findings ----------------------------------------------------------------------------------


def findings(section: _Element) -> list[_Element]:
    return elements(section, ".//li[contains(@class, 'finding')]")


def test_findings_are_grouped_by_severity_worst_first() -> None:
    section = sheet_section(parse())
    assert [text(h3) for h3 in section.iter("h3")] == ["Errors (2)", "Warnings (2)"]
    assert [text(one(li, "p[1]")) for li in findings(section)] == [
        f"{SEED}:13:64 spelling.misspelled",
        f"{SEED}:121:1 review.overdue",
        f"{SEED}:49:3 structure.list-without-heading",
        f"{SEED}:67:3 structure.list-without-heading",
    ]
    assert [li.get("class") for li in findings(section)] == [
        "finding error",
        "finding error",
        "finding warning",
        "finding warning",
    ]


def test_a_typo_is_marked_in_its_line() -> None:
    typo = findings(sheet_section(parse()))[0]
    assert [text(p) for p in typo.findall("p")[1:]] == [
        '"intermittant" is not in the dictionaries',
        "Suggestion: intermittent",
        f"Line 13: {LINE_13}",
    ]
    assert [text(mark) for mark in typo.iter("mark")] == ["intermittant"]


def test_a_readability_finding_marks_its_sentence() -> None:
    (finding,) = findings(sheet_section(parse(), "sheet-sources-methotrexate-txt"))
    assert [text(mark) for mark in finding.iter("mark")] == ["Do not freeze it."]


def test_other_findings_show_their_line_unmarked_or_nothing() -> None:
    found = findings(sheet_section(parse()))
    assert text(found[2].findall("p")[-1]) == (
        "Line 49: leakage of fluid in lungs resulting in severe trouble breathing"
    )
    assert not elements(found[2], ".//mark")
    assert not elements(found[1], ".//p[@class='context']")  # the review line is not sheet text


def test_unreadable_sheet_has_its_error_and_audit_findings_their_own_section() -> None:
    root = parse()
    assert text(one(sheet_section(root, "sheet-sources-broken-docx"), "p")) == (
        "Status: unreadable. not a Word document"
    )
    general = one(root, "//section[@aria-labelledby='audit']")
    assert [text(one(li, "p[2]")) for li in findings(general)] == [UNUSED.message]


def test_metrics_details_show_every_measure_with_textstats_where_known() -> None:
    details = one(sheet_section(parse()), "details")
    assert text(one(details, "summary")) == "Reading level in detail"
    measures, parts = details.findall("table")
    assert [[text(cell) for cell in row] for row in measures.iter("tr")][:3] == [
        ["Measure", "Value", "textstat"],
        ["Flesch-Kincaid grade", "6.8", "9.2"],
        ["SMOG grade", "9.7", "11.8"],
    ]
    assert [text(row[0]) for row in measures.iter("tr")][-2:] == ["Words", "Sentences"]
    assert [[text(cell) for cell in row] for row in parts.iter("tr")] == [
        ["Part", "Line", "FK grade", "SMOG"],
        ["How does this medicine work?", "7", "5.4", "8.1"],
        [
            "Are there any precautions about food or other medicines?",
            "19",
            "10.5 (over 8)",
            "11.2 (over 10)",
        ],
    ]


# --- Fix first ---------------------------------------------------------------------------------


def spotlight(root: _Element, heading: str) -> tuple[str, _Element]:
    """The count under a heading of "Fix first", and its list."""
    path = f"//section[@aria-labelledby='fix-first']/h3[.='{heading}']/following-sibling::*"
    count, items = elements(root, path)[:2]
    return text(count), items


def test_typos_overdue_reviews_and_unreadable_sheets_come_first_and_link_to_sheets() -> None:
    root = parse()
    count, typos = spotlight(root, "Typos (spelling.misspelled)")
    assert count == "1 in 1 sheet(s)."
    assert [text(li) for li in typos] == [f"{SEED}: line 13: intermittant (try “intermittent”)"]
    dates = "Review date missing, in the future or overdue"
    count, overdue = spotlight(root, f"{dates} (review.future, review.missing, review.overdue)")
    assert count == "1 in 1 sheet(s)."
    assert [text(li) for li in overdue] == [f"{SEED}: line 121: {SEED_FINDINGS[3].message}"]
    count, unreadable = spotlight(root, "Unreadable sheets")
    assert count == "1 sheet(s)."
    assert [text(li) for li in unreadable] == ["sources/broken.docx: not a Word document"]
    assert strings(typos, "li/a/@href") == strings(overdue, "li/a/@href") == [f"#{SEED_ID}"]
    assert strings(unreadable, "li/a/@href") == ["#sheet-sources-broken-docx"]


@pytest.mark.parametrize(
    "result",
    [RESULT, audit(replace(BROKEN, findings=()))],  # source.unreadable switched off: still linked
    ids=["seed", "unreadable-without-findings"],
)
def test_every_link_leads_somewhere_on_the_page(result: AuditResult) -> None:
    root = parse(result)
    ids = set(strings(root, "//@id"))
    hrefs = strings(root, "//@href")
    assert hrefs and all(href.startswith("#") and href[1:] in ids for href in hrefs)


def test_nothing_to_fix_first_says_none() -> None:
    section = one(parse(audit(EASY)), "//section[@aria-labelledby='fix-first']")
    assert [text(p) for p in section.findall("p")] == ["None."] * 5
    headings = [text(h3).split(" (")[0] for h3 in section.findall("h3")]
    assert headings == [  # in order of harm to families
        "Lost text",
        "Review date missing, in the future or overdue",
        "Typos",
        "Reading level got worse",
        "Unreadable sheets",
    ]


def test_sheets_with_the_same_anchor_get_distinct_ids() -> None:
    twins = audit(SEED_SHEET, replace(SEED_SHEET, source="sources/aldesleukin-txt"))
    sections = strings(parse(twins), "//main/section/@aria-labelledby")
    assert sections[2:] == [SEED_ID, f"{SEED_ID}-2"]


# --- Safety, determinism, scale ----------------------------------------------------------------


def test_everything_from_a_sheet_is_escaped() -> None:
    hostile = SheetAudit(
        HOSTILE,
        (
            Finding(
                "spelling.misspelled", Severity.ERROR, HOSTILE, Location(HOSTILE, 2, 2), HOSTILE
            ),
            Finding("review.overdue", Severity.ERROR, HOSTILE, Location(HOSTILE, 3), HOSTILE),
        ),
        {"flesch_kincaid_grade": 12.0, HOSTILE: 1.0},
        {},
        ((HOSTILE, 1, {}),),
        {2: (1, HOSTILE)},
        error=HOSTILE,
    )
    page = html_report.render(audit(hostile), CONFIG).decode("utf-8")
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; " in page
    root = lxml_html.document_fromstring(page)
    assert not elements(root, "//script")
    assert text(one(root, "//main/section[3]/h2")) == HOSTILE
    assert text(one(root, "//section[@aria-labelledby='reading-level']//tbody/tr/th")) == HOSTILE
    assert text(one(root, "//svg/g/title")) == f"{HOSTILE}: grade 12.0"
    assert [text(mark) for mark in root.iter("mark")] == ["script"]
    assert "Suggestion: " + HOSTILE in [text(p) for p in root.iter("p")]


def test_page_is_self_contained() -> None:
    page = html_report.render(RESULT, CONFIG).decode("utf-8")
    root = lxml_html.document_fromstring(page)
    assert not elements(root, "//script | //link | //img | //iframe | //object")
    assert not strings(root, "//@src")
    assert all(href.startswith("#") for href in strings(root, "//@href"))
    assert "url(" not in html_report.CSS and "@import" not in html_report.CSS
    assert "://" not in page


def test_output_is_deterministic() -> None:
    assert html_report.render(RESULT, CONFIG) == html_report.render(RESULT, CONFIG)


def many(count: int) -> AuditResult:
    sheets: list[SheetAudit] = []
    for n in range(count):
        source = f"sources/sheet-{n:04d}.txt"
        found = tuple(
            Finding(
                "spelling.misspelled",
                Severity.ERROR,
                "not in the dictionaries",
                Location(source, 13, 64),
                "intermittent",
            )
            if k % 3 == 0
            else Finding(
                "structure.repeated-word",
                Severity.WARNING,
                "'the' is repeated",
                Location(source, 13, 1 + k),
            )
            for k in range(10)
        )
        metrics = {**SEED_METRICS, "flesch_kincaid_grade": 3 + (n * 7919 % 1000) / 100}
        sheets.append(SheetAudit(source, found, metrics, SEED_RAW, text={13: (1, LINE_13)}))
    return audit(*sheets)


def test_a_thousand_sheets_render_with_the_hardest_charted() -> None:
    result = many(1000)
    page = html_report.render(result, CONFIG)  # its speed is measured by make bench
    root = lxml_html.document_fromstring(page.decode("utf-8"))
    assert len(elements(root, "//section[@aria-labelledby='reading-level']//tbody/tr")) == 1000
    groups = chart(root).findall("g")
    assert len(groups) == html_report.CHART_LIMIT == 30
    assert text(one(root, "//figcaption")).endswith(
        "the 30 hardest of 1,000 sheets (the table has all)"
    )
    grades = [float(text(g.findall("text")[1]).split()[0]) for g in groups]
    assert grades == sorted(grades, reverse=True) and grades[0] == pytest.approx(13.0, abs=0.1)
    # At most PER_RULE findings of a rule per sheet; the rest counted, the page small.
    assert len(elements(root, "//li[contains(@class, 'finding')]")) == 9_000
    assert len(page) < 5_000_000
    assert "Not shown: 1 more" in text(one(root, "//main/section[last()]"))
    assert "Found 4,000 errors, 6,000 warnings" in text(one(root, "//header"))
    assert spotlight(root, "Typos (spelling.misspelled)")[0] == "4,000 in 1,000 sheet(s)."


# --- The stylesheet ----------------------------------------------------------------------------

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def declarations() -> list[tuple[str, str, str]]:
    """(selector, property, value) for every declaration of the flat stylesheet."""
    found: list[tuple[str, str, str]] = []
    for selectors, block in _RULE.findall(_COMMENT.sub("", html_report.CSS)):
        for declaration in block.split(";"):
            name, _, value = declaration.partition(":")
            if name.strip():
                found.extend((s.strip(), name.strip(), value.strip()) for s in selectors.split(","))
    return found


def luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of "#rrggbb"."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_colours_meet_wcag_aa_contrast() -> None:
    """Text (and SVG text fill) ≥ 4.5:1 on every background; bars, borders, lines ≥ 3:1."""
    css = html_report.CSS
    assert "@media" not in css and "@import" not in css
    assert not re.search(r"#[0-9a-fA-F]{3}\b|\b(?:rgba?|hsla?|hwb|lab|lch|color)\(", css)
    text_colours: set[str] = set()
    backgrounds = {"#ffffff"}
    graphics: set[str] = set()
    for selector, name, value in declarations():
        colours = {colour.lower() for colour in _HEX.findall(value)}
        if name == "color" or (name == "fill" and selector.endswith("text")):
            text_colours |= colours
        elif name.startswith("background"):
            backgrounds |= colours
        elif name.startswith(("border", "outline", "fill", "stroke")):
            graphics |= colours
        else:
            assert not colours, f"{selector} {name} uses a colour this test does not check"
    assert {c.lower() for c in _HEX.findall(css)} <= text_colours | backgrounds | graphics
    assert len(text_colours) >= 5 and len(graphics) >= 5
    for foreground in text_colours:
        for background in backgrounds:
            assert contrast(foreground, background) >= 4.5, (foreground, background)
    for colour in graphics:
        assert contrast(colour, "#ffffff") >= 3, colour


def test_status_never_relies_on_colour_alone() -> None:
    root = parse()
    for element in elements(root, "//*[contains(@class, 'over') or contains(@class, 'fails')]"):
        if element.tag != "rect":
            assert re.search(r"over|fails|unreadable", text(element)), text(element)


def test_a_finding_on_a_huge_line_quotes_an_excerpt_not_the_line() -> None:
    line = "the " * 500_000  # a 2 MB one-line sheet
    findings = tuple(
        Finding(
            "structure.repeated-word",
            Severity.WARNING,
            "'the' is repeated",
            Location("sources/huge.txt", 1, 1 + 4 * n),
        )
        for n in range(1, 40)
    )
    sheet = SheetAudit("sources/huge.txt", findings, {}, {}, text={1: (1, line)})
    page = html_report.render(audit(sheet), CONFIG)
    contexts = elements(lxml_html.document_fromstring(page.decode()), "//p[@class='context']")
    assert len(contexts) == html_report.PER_RULE
    assert all(len(text(p)) < 2 * html_report.CONTEXT_CHARS + 40 for p in contexts)
    assert len(page) < 100_000
