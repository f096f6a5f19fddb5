"""The Word writer, read back the way Word's Accessibility Checker and a screen reader see it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import time
import zipfile

import docx
import pytest
from docx.document import Document as WordDocument
from lxml import etree

from pipeline import emphasis
from pipeline.a11y import docx_rules
from pipeline.config import Config
from pipeline.i18n import ENGLISH
from pipeline.model import (
    BulletList,
    Document,
    ListItem,
    NumberedList,
    Paragraph,
    Span,
    Translation,
    plain,
)
from pipeline.writers import docx as docx_writer
from tests.conftest import Golden

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
DEFAULT_RUN = "w:docDefaults/w:rPrDefault/w:rPr"


@pytest.fixture(scope="module")
def output(seed: Document) -> bytes:
    return docx_writer.write(seed)


@pytest.fixture(scope="module")
def word(output: bytes) -> WordDocument:
    return docx.Document(io.BytesIO(output))


def _part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def _xpath(node: etree._Element, path: str) -> list[etree._Element]:
    found = node.xpath(path, namespaces=NS)
    assert isinstance(found, list)
    elements = [item for item in found if isinstance(item, etree._Element)]
    assert len(elements) == len(found), f"{path} selects more than elements"
    return elements


def _values(node: etree._Element, path: str) -> list[str]:
    """The attribute values or texts that `path` selects."""
    found = node.xpath(path, namespaces=NS)
    assert isinstance(found, list)
    return [str(item) for item in found]


def _value(node: etree._Element, path: str) -> str:
    (value,) = _values(node, path)
    return value


def _body(data: bytes) -> list[etree._Element]:
    return _xpath(_part(data, "word/document.xml"), "w:body/w:p")


def _text(element: etree._Element) -> str:
    return "".join(_values(element, ".//w:t/text()"))


def _numbering(paragraph: etree._Element) -> tuple[int, int] | None:
    """(numId, ilvl) of a list paragraph, None for any other paragraph."""
    if not _xpath(paragraph, "w:pPr/w:numPr"):
        return None
    num_id, level = (_value(paragraph, f"w:pPr/w:numPr/w:{n}/@w:val") for n in ("numId", "ilvl"))
    return int(num_id), int(level)


def _num_id(paragraph: etree._Element) -> int:
    numbering = _numbering(paragraph)
    assert numbering is not None, f"{_text(paragraph)!r} is not a list item"
    return numbering[0]


def _count(items: tuple[ListItem, ...]) -> int:
    return sum(1 + _count(item.children) for item in items)


def _contrast(rgb: str) -> float:
    """WCAG 2 contrast ratio of a colour against white."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(rgb[i : i + 2], 16)) for i in (0, 2, 4))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_headings_are_real_heading_styles_in_order(seed: Document, output: bytes) -> None:
    headings = [
        (_value(p, "w:pPr/w:pStyle/@w:val"), _text(p))
        for p in _body(output)
        if _values(p, "w:pPr/w:pStyle[starts-with(@w:val, 'Heading')]")
    ]
    expected = [("Heading1", seed.meta.title)]
    expected += [(f"Heading{s.level}", s.heading) for s in seed.sections if s.heading]
    assert headings == expected
    assert expected[1] == ("Heading2", "How does this medicine work?")


def test_a_section_without_heading_has_no_heading_paragraph(seed: Document) -> None:
    first, *rest = seed.sections
    headless = dataclasses.replace(seed, sections=(dataclasses.replace(first, heading=None), *rest))
    paragraphs = _body(docx_writer.write(headless))
    opening = first.blocks[0]
    assert isinstance(opening, Paragraph)
    assert _text(paragraphs[1]) == plain(opening.content)
    assert not _values(paragraphs[1], "w:pPr/w:pStyle/@w:val")  # Normal
    assert first.heading not in [_text(p) for p in paragraphs]


def test_heading_colours_pass_wcag_aa_and_text_is_large(output: bytes) -> None:
    styles = _part(output, "word/styles.xml")
    for level in range(1, 10):
        (run,) = _xpath(styles, f"w:style[@w:styleId='Heading{level}']/w:rPr")
        # Word prefers a theme colour to the RGB value, so there must be none.
        assert not _values(run, "w:color/@w:themeColor")
        assert _contrast(_value(run, "w:color/@w:val")) >= 7
        assert int(_value(run, "w:sz/@w:val")) >= 24
    (defaults,) = _xpath(styles, DEFAULT_RUN)
    assert int(_value(defaults, "w:sz/@w:val")) >= 24  # 12 pt, in half points
    assert int(_value(defaults, "w:szCs/@w:val")) >= 24  # the size Arabic or Hebrew text uses
    assert not _xpath(styles, "w:style[@w:styleId='Normal']/w:rPr/w:sz")


def test_contrast_formula() -> None:
    assert _contrast("000000") == pytest.approx(21)
    assert _contrast("4F81BD") == pytest.approx(4.03, abs=0.01)  # the template's Heading 2


def test_every_list_item_is_a_numbered_list_paragraph(seed: Document, output: bytes) -> None:
    numbered = [p for p in _body(output) if _numbering(p) is not None]
    lists = [b for s in seed.sections for b in s.blocks if isinstance(b, BulletList)]
    assert len(numbered) == sum(_count(b.items) for b in lists)
    for paragraph in numbered:
        assert _values(paragraph, "w:pPr/w:pStyle/@w:val") == ["ListParagraph"]


def test_nested_items_are_deeper_levels_of_the_same_list(output: bytes) -> None:
    paragraphs = _body(output)
    texts = [_text(p) for p in paragraphs]
    parent = texts.index("signs of allergic reaction:")
    num_id = _num_id(paragraphs[parent])
    assert _numbering(paragraphs[parent]) == (num_id, 0)
    children = [_numbering(p) for p in paragraphs[parent + 1 : parent + 4]]
    assert children == [(num_id, 1)] * 3
    assert texts[parent + 3] == "trouble breathing (call 911)"


def test_adjacent_lists_stay_separate_lists(output: bytes) -> None:
    paragraphs = _body(output)
    texts = [_text(p) for p in paragraphs]
    firsts = ("fever, chills", "leakage of fluid in lungs resulting in severe trouble breathing")
    ids = [_num_id(paragraphs[texts.index(text)]) for text in (*firsts, "allergic reactions")]
    assert len(set(ids)) == 3
    start, end = (
        texts.index("What are the side effects?"),
        texts.index("When should I call the doctor?"),
    )
    assert {_num_id(p) for p in paragraphs[start + 1 : end]} == set(ids)


def test_lists_point_at_a_bullet_definition(output: bytes) -> None:
    numbering = _part(output, "word/numbering.xml")
    num_ids = {n[0] for p in _body(output) if (n := _numbering(p))}
    for num_id in num_ids:
        abstract = _value(numbering, f"w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val")
        (definition,) = _xpath(numbering, f"w:abstractNum[@w:abstractNumId='{abstract}']")
        for level in (0, 1):
            assert _value(definition, f"w:lvl[@w:ilvl='{level}']/w:numFmt/@w:val") == "bullet"
        indents = [int(i) for i in _values(definition, "w:lvl/w:pPr/w:ind/@w:left")]
        assert len(indents) == 9
        assert indents == sorted(set(indents))


@pytest.fixture(scope="module")
def steps(seed: Document) -> bytes:
    """The seed with numbered steps first: from 3 with a numbered sublist, then from 1."""
    first, *rest = seed.sections
    loc = first.loc

    def item(text: str, *children: ListItem) -> ListItem:
        return ListItem((Span(text),), loc, children)

    lists = (
        NumberedList(
            (item("Wash your hands"), item("Clean the skin", item("wipe"), item("let it dry"))),
            loc,
            start=3,
        ),
        NumberedList((item("Give the shot"), item("Throw the needle away")), loc),
    )
    first = dataclasses.replace(first, blocks=(*lists, *first.blocks))
    return docx_writer.write(dataclasses.replace(seed, sections=(first, *rest)))


def _definition(data: bytes, text: str) -> tuple[etree._Element, etree._Element]:
    """The `w:num` and `w:abstractNum` of the list paragraph reading `text`."""
    paragraphs = _body(data)
    num_id = _num_id(paragraphs[[_text(p) for p in paragraphs].index(text)])
    numbering = _part(data, "word/numbering.xml")
    (num,) = _xpath(numbering, f"w:num[@w:numId='{num_id}']")
    abstract = _value(num, "w:abstractNumId/@w:val")
    (definition,) = _xpath(numbering, f"w:abstractNum[@w:abstractNumId='{abstract}']")
    return num, definition


def test_numbered_steps_are_a_real_numbered_list(steps: bytes) -> None:
    paragraphs = _body(steps)
    texts = [_text(p) for p in paragraphs]
    first = texts.index("Wash your hands")
    num_id = _num_id(paragraphs[first])
    levels = [_numbering(p) for p in paragraphs[first : first + 4]]
    assert levels == [(num_id, 0), (num_id, 0), (num_id, 1), (num_id, 1)]
    num, definition = _definition(steps, "Wash your hands")
    formats = _values(definition, "w:lvl/w:numFmt/@w:val")
    assert formats[:4] == ["decimal", "lowerLetter", "lowerRoman", "decimal"]
    assert _values(definition, "w:lvl/w:lvlText/@w:val")[:3] == ["%1.", "%2.", "%3."]
    assert _value(definition, "w:multiLevelType/@w:val") == "hybridMultilevel"
    assert _value(num, "w:lvlOverride[@w:ilvl='0']/w:startOverride/@w:val") == "3"


def test_numbered_and_bullet_levels_share_indents(steps: bytes) -> None:
    _, numbers = _definition(steps, "Wash your hands")
    _, bullets = _definition(steps, "fever, chills")
    for definition in (numbers, bullets):
        assert len(_xpath(definition, "w:lvl")) == 9
    for path in ("w:lvl/w:pPr/w:ind/@w:left", "w:lvl/w:pPr/w:ind/@w:hanging"):
        assert _values(numbers, path) == _values(bullets, path)


def test_each_numbered_list_restarts(steps: bytes) -> None:
    (first, first_definition), (second, second_definition) = (
        _definition(steps, text) for text in ("Wash your hands", "Give the shot")
    )
    assert first.get(f"{{{W}}}numId") != second.get(f"{{{W}}}numId")
    assert _values(first_definition, "@w:abstractNumId") == _values(
        second_definition, "@w:abstractNumId"
    )
    assert _value(second, "w:lvlOverride[@w:ilvl='0']/w:startOverride/@w:val") == "1"


def test_bullets_beside_numbered_steps_stay_bullets(steps: bytes, output: bytes) -> None:
    _, definition = _definition(steps, "fever, chills")
    assert set(_values(definition, "w:lvl/w:numFmt/@w:val")) == {"bullet"}
    # Numbered steps add one definition to the sheet; a sheet without them gets none.
    added = [_xpath(_part(data, "word/numbering.xml"), "w:abstractNum") for data in (output, steps)]
    assert len(added[1]) == len(added[0]) + 1


def test_numbered_steps_pass_the_accessibility_rules(steps: bytes) -> None:
    assert docx_rules.check(steps, "steps.docx") == []


def test_no_typed_bullets_and_no_spacer_paragraphs(output: bytes) -> None:
    for paragraph in _body(output):
        text = _text(paragraph)
        assert text.strip(), "an empty paragraph used for spacing"
        assert not text.lstrip().startswith(("\u2022", "-", "*"))


def test_urgent_words_are_bold(output: bytes) -> None:
    (paragraph,) = [p for p in _body(output) if _text(p) == "trouble breathing (call 911)"]
    runs = {_text(run): run for run in _xpath(paragraph, ".//w:r")}
    for run in (runs["call "], runs["911"]):
        assert _xpath(run, "w:rPr/w:b")
        assert _xpath(run, "w:rPr/w:bCs")


def test_only_the_urgent_sentence_has_the_urgent_style(seed: Document, config: Config) -> None:
    """Ordinary bold is only bold; the sentence with "call 911" is in the Urgent style: a
    box and a tint as on the web page, visible without colour (issue 16)."""
    here = seed.sections[0].loc
    content = (
        Span("Weight", strong=True),
        Span(" matters. If your child cannot breathe, call 911 now. Then rest."),
    )
    section = dataclasses.replace(seed.sections[0], blocks=(Paragraph(content, here),))
    data = docx_writer.write(
        emphasis.mark_urgent(dataclasses.replace(seed, sections=(section,)), config)
    )
    runs = {
        _text(run): (_values(run, "w:rPr/w:rStyle/@w:val"), bool(_xpath(run, "w:rPr/w:b")))
        for run in _xpath(_part(data, "word/document.xml"), "//w:body/w:p//w:r")
    }
    assert runs["Weight"] == ([], True)
    assert runs[" matters. "] == ([], False)
    assert runs["If your child cannot breathe, "] == (["Urgent"], False)
    assert runs["call "] == runs["911"] == (["Urgent"], True)
    assert runs[" now."] == (["Urgent"], False)
    assert runs[" Then rest."] == ([], False)
    (style,) = _xpath(_part(data, "word/styles.xml"), "w:style[@w:styleId='Urgent']")
    assert _value(style, "@w:type") == "character"
    assert _value(style, "w:rPr/w:bdr/@w:val") == "single"
    assert _value(style, "w:rPr/w:shd/@w:fill") == docx_writer.URGENT_TINT
    assert docx_rules.contrast(_value(style, "w:rPr/w:color/@w:val"), docx_writer.URGENT_TINT) > 4.5


def test_publisher_and_review_stamps_close_the_sheet(seed: Document, word: WordDocument) -> None:
    publisher, reviewed, attribution = word.paragraphs[-3:]
    assert publisher.text == "\n".join(seed.meta.publisher)
    assert (attribution.text,) == seed.meta.attribution
    assert reviewed.text == "Last reviewed: August 2015\nNext review due: August 2018"


def test_language_in_styles_and_properties(output: bytes, word: WordDocument) -> None:
    (lang,) = _xpath(_part(output, "word/styles.xml"), f"{DEFAULT_RUN}/w:lang")
    assert [lang.get(f"{{{W}}}{a}") for a in ("val", "eastAsia", "bidi")] == ["en-US"] * 3
    assert word.core_properties.language == "en-US"


def test_core_properties_come_from_the_sheet(seed: Document, word: WordDocument) -> None:
    properties = word.core_properties
    assert properties.title == seed.meta.title
    assert properties.author == properties.last_modified_by == seed.meta.publisher[0]
    assert properties.created == properties.modified == dt.datetime(2015, 8, 1, tzinfo=dt.UTC)
    assert properties.revision == 1
    assert properties.comments == ""


def test_undated_sheet_gets_a_fixed_date_not_the_clock(seed: Document) -> None:
    output = docx_writer.write(
        dataclasses.replace(seed, meta=dataclasses.replace(seed.meta, reviewed=None))
    )
    properties = docx.Document(io.BytesIO(output)).core_properties
    assert properties.created == properties.modified == dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def test_no_template_leftovers(output: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(output)) as package:
        names = package.namelist()
        contents = b"".join(package.read(name) for name in names)
    assert [n for n in names if n.startswith("docProps/")] == ["docProps/core.xml"]
    assert "word/stylesWithEffects.xml" not in names
    assert b"2013-" not in contents
    assert b"python-docx" not in contents


def test_package_parts(output: bytes) -> None:
    """Content types first, where Word and file-type sniffers look; no part lost or added."""
    with zipfile.ZipFile(io.BytesIO(output)) as package:
        names = package.namelist()
    assert names[0] == "[Content_Types].xml"
    assert sorted(names) == [
        "[Content_Types].xml",
        "_rels/.rels",
        "customXml/_rels/item1.xml.rels",
        "customXml/item1.xml",
        "customXml/itemProps1.xml",
        "docProps/core.xml",
        "word/_rels/document.xml.rels",
        "word/document.xml",
        "word/fontTable.xml",
        "word/footer1.xml",
        "word/header1.xml",
        "word/numbering.xml",
        "word/settings.xml",
        "word/styles.xml",
        "word/theme/theme1.xml",
        "word/webSettings.xml",
    ]


def test_reproducible_bytes(seed: Document, output: bytes) -> None:
    # Another sheet in between, in another language: sheets share a template, not its state.
    docx_writer.write(dataclasses.replace(seed, meta=dataclasses.replace(seed.meta, lang="ar")))
    assert docx_writer.write(seed) == output
    with zipfile.ZipFile(io.BytesIO(output)) as package:
        entries = package.infolist()
    # Fixed entry metadata is what makes the bytes independent of the wall clock and machine.
    assert {(e.date_time, e.create_system, e.external_attr, e.compress_type) for e in entries} == {
        ((1980, 1, 1, 0, 0, 0), 3, 0o644 << 16, zipfile.ZIP_DEFLATED)
    }


def test_right_to_left_language(seed: Document) -> None:
    output = docx_writer.write(
        dataclasses.replace(seed, meta=dataclasses.replace(seed.meta, lang="ar"))
    )
    paragraphs = _body(output)
    assert all(_xpath(p, "w:pPr/w:bidi") for p in paragraphs)
    assert all(_xpath(r, "w:rPr/w:rtl") for p in paragraphs for r in _xpath(p, "w:r"))
    assert _values(_part(output, "word/styles.xml"), f"{DEFAULT_RUN}/w:lang/@w:bidi") == ["ar"]
    for paragraph in paragraphs:  # Word requires this order of a paragraph's properties
        tags = [etree.QName(child).localname for child in _xpath(paragraph, "w:pPr/*")]
        assert tags[: tags.index("bidi")] in (["pStyle"], ["pStyle", "numPr"], [])
        assert tags[tags.index("bidi") + 1 :] in ([], ["spacing"])


def test_left_to_right_language_has_no_rtl_flags(output: bytes) -> None:
    assert not _xpath(_part(output, "word/document.xml"), "//w:bidi | //w:rtl")


def test_document_xml_matches_golden(output: bytes, golden: Golden) -> None:
    with zipfile.ZipFile(io.BytesIO(output)) as package:
        xml = package.read("word/document.xml")
    root = etree.fromstring(xml, etree.XMLParser(remove_blank_text=True))
    golden("aldesleukin.docx.xml", etree.tostring(root, encoding="utf-8", pretty_print=True))


def _long_sheet(seed: Document, blocks: int) -> Document:
    """`blocks` paragraphs and one-item lists, numbered and not, in one section."""
    here = seed.sections[0].loc
    made: list[Paragraph | BulletList | NumberedList] = []
    for number in range(blocks):
        item = (ListItem((Span(f"Step {number}"),), here),)
        kinds = (
            Paragraph((Span(f"Paragraph {number}. "), Span("Call 911", strong=True)), here),
            BulletList(item, here),
            NumberedList(item, here, start=number),
        )
        made.append(kinds[number % 3])
    section = dataclasses.replace(seed.sections[0], heading=None, blocks=tuple(made))
    return dataclasses.replace(seed, sections=(section,))


def _best_time(document: Document) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        docx_writer.write(document)
        times.append(time.perf_counter() - start)
    return min(times)


def test_time_grows_linearly_with_the_sheet(seed: Document) -> None:
    """Four times the blocks take about four times as long, not sixteen (issue 11: 50,000
    paragraphs took 31 s when each was inserted before the section properties; quadratic
    growth would be 16 times; garbage collection makes linear a little over 4)."""
    small, large = _long_sheet(seed, 3_000), _long_sheet(seed, 12_000)
    docx_writer.write(small)  # warm the template cache
    ratio = _best_time(large) / _best_time(small)
    assert ratio < 8, f"4x the blocks took {ratio:.1f}x as long"


def test_every_page_repeats_the_notice_title_stamp_and_page_count(seed: Document) -> None:
    """Issue 16: a printed draft says so on every page; every page has the title, the
    review stamp and "Page X of Y" (Word's PAGE and NUMPAGES fields)."""
    withheld = dataclasses.replace(seed.meta, withheld="it has no review date")
    data = docx_writer.write(dataclasses.replace(seed, meta=withheld))
    references = {
        _value(reference, "@r:id"): reference.tag.split("}")[1]
        for reference in _xpath(
            _part(data, "word/document.xml"), "w:body/w:sectPr/*[@w:type='default']"
        )
    }
    relationships = _part(data, "word/_rels/document.xml.rels")
    targets = {rel.get("Id"): rel.get("Target") for rel in relationships}
    assert {targets[ident]: kind for ident, kind in references.items()} == {
        "header1.xml": "headerReference",
        "footer1.xml": "footerReference",
    }
    types = _part(data, "[Content_Types].xml")
    assert {o.get("PartName") for o in types if o.get("PartName", "").startswith("/word/h")} == {
        "/word/header1.xml"
    }
    header = _part(data, "word/header1.xml")
    notice, heading = _xpath(header, "w:p")
    assert _text(notice) == "For staff only, do not give to families: it has no review date."
    assert _xpath(notice, "w:pPr/w:pBdr/w:top") and _xpath(notice, "w:r/w:rPr/w:b")
    assert _text(heading) == "Aldesleukin (Interleukin-2, Proleukin)"
    (footer,) = _xpath(_part(data, "word/footer1.xml"), "w:p")
    assert _values(footer, "w:fldSimple/@w:instr") == [" PAGE ", " NUMPAGES "]
    assert _text(footer) == "Last reviewed: August 2015Page 1 of 1"
    # Word opens it, and finds them as the section's header and footer.
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert [p.text for p in section.header.paragraphs][1] == seed.meta.title


def test_a_fit_sheet_has_no_notice_on_its_pages(output: bytes) -> None:
    assert [_text(p) for p in _xpath(_part(output, "word/header1.xml"), "w:p")] == [
        "Aldesleukin (Interleukin-2, Proleukin)"
    ]


def test_a_right_to_left_draft_translation_has_right_to_left_pages(seed: Document) -> None:
    labels = dataclasses.replace(ENGLISH, draft_notice="\u0645\u0633\u0648\u062f\u0629")
    translation = Translation("en-US", labels, final=False, translated=None)
    meta = dataclasses.replace(seed.meta, lang="ar", translation=translation)
    data = docx_writer.write(dataclasses.replace(seed, meta=meta))
    local, english, heading = _xpath(_part(data, "word/header1.xml"), "w:p")
    assert all(_xpath(p, "w:pPr/w:bidi") for p in (local, english, heading))
    assert _xpath(local, "w:r/w:rPr/w:rtl") and not _xpath(english, "w:r/w:rPr/w:rtl")
    assert _values(english, "w:r/w:rPr/w:lang/@w:val") == ["en"]
    (footer,) = _xpath(_part(data, "word/footer1.xml"), "w:p")
    assert _text(footer).endswith("1 / 1")  # no unreviewed words around the page number


def test_a_title_longer_than_word_allows_in_its_properties_still_writes(seed: Document) -> None:
    """Word's document properties hold at most 255 characters; the body keeps the title."""
    title = " ".join(["Fever"] * 100)
    sheet = dataclasses.replace(seed, meta=dataclasses.replace(seed.meta, title=title))
    word = docx.Document(io.BytesIO(docx_writer.write(sheet)))
    assert len(word.core_properties.title) == 255
    assert word.core_properties.title.endswith("…")
    assert title in [paragraph.text for paragraph in word.paragraphs]
