"""The glossary review page: terms with their uses and translations, candidates, safety."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree, html
from lxml.etree import _Element

from pipeline import glossary
from pipeline.glossary import Glossary, Status, Term
from pipeline.model import Document, Location, Meta, Paragraph, Section, Span
from pipeline.report import glossary_page
from pipeline.units import units
from tests.conftest import ROOT

STARTER = ROOT / "glossaries" / "en-es.csv"
PLAIN = ROOT / "glossaries" / "plain-language.csv"
SYSTEM_DICTIONARIES = glossary_page.DICTIONARIES
HOSTILE = "<script>alert(1)</script> & \"double\" 'single'"
LINE_13 = "sources/aldesleukin.txt:13"


def texts(seed: Document) -> dict[int, str]:
    return {unit.loc.line: unit.text for unit in units(seed)}


def page(
    gloss: Glossary,
    documents: list[Document],
    translations: dict[str, str] | None = None,
    dictionaries: Path = SYSTEM_DICTIONARIES,
) -> _Element:
    data = glossary_page.render(
        gloss, documents, translations or {}, dictionaries=dictionaries, plain_language=PLAIN
    )
    return html.fromstring(data)


def elements(root: _Element, path: str) -> list[_Element]:
    found = root.xpath(path)
    assert isinstance(found, list)
    return [e for e in found if isinstance(e, _Element)]


def text(element: _Element) -> str:
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def section(root: _Element, ident: str) -> _Element:
    (element,) = elements(root, f"//section[@aria-labelledby='{ident}']")
    return element


def cells(root: _Element, ident: str) -> list[_Element]:
    """The translation cells of a term's table."""
    return elements(section(root, ident), ".//tbody/tr/td[@lang='es']")


def rows(parent: _Element) -> list[list[str]]:
    return [[text(cell) for cell in row] for row in parent.iterfind(".//tbody/tr")]


def marks(element: _Element) -> list[str]:
    return [text(mark) for mark in element.iterfind(".//mark")]


@pytest.fixture
def dictionaries(tmp_path: Path) -> Path:
    """Small hunspell word lists: what the candidate method needs, nothing more."""
    (tmp_path / "en_med_glut.dic").write_text(
        "6\nmagnesium\nspecific\nMinnesota\nProleukin\ncalcium/S\nrash\n", encoding="utf-8"
    )
    (tmp_path / "en_US.dic").write_text("3\nMinnesota/M\nspecific\nrash/MS\n", encoding="utf-8")
    return tmp_path


def test_each_term_lists_its_facts_and_uses_in_the_seed(seed: Document) -> None:
    gloss = glossary.load(STARTER)
    root = page(gloss, [seed])
    iv_term = next(t for t in gloss.terms if t.source == "IV")
    iv = section(root, "term-iv")
    (heading,) = elements(iv, ".//h3")
    assert text(heading) == "IV → por vía intravenosa"
    names = [text(dt) for dt in iv.iterfind(".//dt")]
    facts = dict(zip(names, [text(dd) for dd in iv.iterfind(".//dd")], strict=True))
    assert facts == {
        "Status": "proposed (not reviewed yet)",
        "Variants": "intravenoso, intravenosa, intravenosos, intravenosas, IV",
        "Case": "must match exactly",
        "Note": iv_term.note,
        "Reviewed": "not reviewed",
        "In the glossary": f"{STARTER}:{iv_term.line}",
    }
    assert rows(iv)[0][0] == LINE_13
    assert marks(iv) == ["IV"]
    blood = section(root, "term-white-blood-cell")
    assert [row[0] for row in rows(blood)] == ["sources/aldesleukin.txt:63"]
    assert marks(blood) == ["white blood cell"]
    kidney = section(root, "term-kidney")
    assert [row[0] for row in rows(kidney)] == [
        "sources/aldesleukin.txt:41",
        "sources/aldesleukin.txt:51",
        "sources/aldesleukin.txt:73",
    ]
    assert "Not used in any sheet." in text(section(root, "term-embarrassed"))


def test_translations_are_shown_marked_or_flagged(seed: Document) -> None:
    line = texts(seed)
    translations = {
        line[13]: "La aldesleucina se administra en la vena (IV) por infusión. A veces con una "
        "inyección.",
        line[96]: "No amamante mientras recibe aldesleucina. No quede embarazada. Use un método "
        "anticonceptivo. Estaba constipado.",
    }
    root = page(glossary.load(STARTER), [seed], translations)
    vein = rows(section(root, "term-vein"))
    assert vein == [[LINE_13, line[13], translations[line[13]]]]
    shot_cells = cells(root, "term-shot")
    assert marks(shot_cells[0]) == ["inyección"]
    platelet = cells(root, "term-platelet")[0]
    assert text(platelet) == "Not translated yet."
    refrigerator = cells(root, "term-refrigerator")
    assert all(text(cell) == "Not translated yet." for cell in refrigerator)
    pregnant = cells(root, "term-pregnant")[0]
    assert marks(pregnant) == ["embarazada"] and "missing" not in text(pregnant)
    dose = section(root, "term-double-dose")  # not translated: nothing to flag
    assert "Target missing" not in text(dose)


def test_a_missing_target_and_a_forbidden_word_are_said_in_words(seed: Document) -> None:
    line = texts(seed)
    gloss = glossary.load(STARTER)
    constipated = Term(
        "breastfeed", "dar pecho", Status.FORBIDDEN, (), "test only", None, None, False, 99
    )
    gloss = Glossary("en", "es", gloss.path, (*gloss.terms, constipated), gloss.version)
    translations = {line[96]: "No dar pecho. No quede embarazada."}
    root = page(gloss, [seed], translations)
    birth = cells(root, "term-birth-control")[0]
    assert text(birth).startswith("Target missing: No dar pecho.")
    forbidden = cells(root, "term-breastfeed-forbidden")[0]
    assert text(forbidden).startswith("Forbidden word used: ")
    assert [m.get("class") for m in forbidden.iterfind(".//mark")] == ["forbidden"]
    overview = {row[0]: row for row in rows(section(root, "overview"))}
    assert overview["birth control"][5] == "target missing in 1 translation(s)"
    assert overview["aldesleukin"][3:] == ["6", "1", "target missing in 1 translation(s)"]


@pytest.mark.skipif(
    not (SYSTEM_DICTIONARIES / glossary_page.MEDICAL).is_file(),
    reason="hunspell-en-med not installed (make deps)",
)
def test_candidates_from_the_seed_with_the_real_dictionaries(seed: Document) -> None:
    candidates = rows(section(page(glossary.load(STARTER), [seed]), "candidates"))
    words = {row[0]: row for row in candidates}
    assert words["abdominal"][1:3] == ["2", "1"]
    assert words["abdominal"][3] == 'plain-language list: say "belly"'
    assert words["abdominal"][4].startswith("sources/aldesleukin.txt:60 ")
    assert "medical dictionary, not an everyday word" in words["magnesium"][3]
    covered = {"aldesleukin", "platelet", "infusion", "nausea", "pharmacist", "practitioner"}
    assert not covered & words.keys()
    assert "minnesota" not in words  # a place, not a medical word
    counts = [int(row[1]) for row in candidates]
    assert counts == sorted(counts, reverse=True)


def test_candidates_follow_the_documented_method(dictionaries: Path) -> None:
    words = (
        "Magnesium and calcium levels; more calciums. Specific Minnesota rash. "
        "Proleukin was used. The abdominal pain."
    )
    document = sheet(words)
    root = page(glossary.load(STARTER), [document], dictionaries=dictionaries)
    candidates = {row[0]: row for row in rows(section(root, "candidates"))}
    # Proleukin is in the glossary, Minnesota is a name, rash has one syllable; "specific"
    # is the method's known noise: a general word that the medical dictionary lists.
    assert set(candidates) == {"calcium", "magnesium", "specific", "abdominal"}
    assert candidates["calcium"][1] == "2"
    assert candidates["calcium"][4] == f"{document.meta.loc.path}:3 {words}"


def test_missing_dictionaries_are_said_on_the_page(tmp_path: Path, seed: Document) -> None:
    root = page(glossary.load(STARTER), [seed], dictionaries=tmp_path)
    flags = [text(p) for p in elements(section(root, "candidates"), ".//p[@class='flag']")]
    assert flags == [
        f"Not used for this list: {tmp_path / 'en_med_glut.dic'} is missing "
        "(install hunspell-en-med).",
        f"Not used for this list: {tmp_path / 'en_US.dic'} is missing (install hunspell-en-us).",
    ]
    assert "abdominal" in {row[0] for row in rows(section(root, "candidates"))}


def sheet(words: str, path: str = "sources/hostile.txt") -> Document:
    here = Location(path, 1)
    paragraph = Paragraph((Span(words),), Location(path, 3))
    section_ = Section("Heading", 2, (paragraph,), Location(path, 2))
    return Document(Meta("Title", "en-US", here), (section_,))


def test_a_sentence_many_sheets_share_is_one_row_with_its_places() -> None:
    shared = "Call the clinic if the fever lasts."
    count = glossary_page.PLACES_SHOWN + 2
    documents = [sheet(shared, f"sources/s{n}.txt") for n in range(count)]
    documents.append(sheet("A fever is common.", "sources/other.txt"))
    root = page(glossary.load(STARTER), documents, {shared: "Llame si la fiebre dura."})
    fever = section(root, "term-fever")
    assert f"{count + 1} text(s) of {count + 1} sheet(s), 2 different one(s)." in text(fever)
    places = ", ".join(f"sources/s{n}.txt:3" for n in range(glossary_page.PLACES_SHOWN))
    assert rows(fever) == [
        [f"{places} and 2 more", shared, "Llame si la fiebre dura."],
        ["sources/other.txt:3", "A fever is common.", "Not translated yet."],
    ]


def test_everything_is_escaped_and_nothing_is_fetched(tmp_path: Path, dictionaries: Path) -> None:
    hostile = Term(
        "dose", f"dosis {HOSTILE}", Status.PROPOSED, (HOSTILE,), HOSTILE, None, None, False, 2
    )
    gloss = Glossary("en", "es", tmp_path / "en-es.csv", (hostile,), "0" * 12)
    english = f"One dose {HOSTILE}"
    data = glossary_page.render(
        gloss, [sheet(english)], {english: HOSTILE}, dictionaries=dictionaries, plain_language=PLAIN
    )
    assert b"<script" not in data and HOSTILE.encode() not in data
    root = html.fromstring(data)
    assert HOSTILE in text(root)
    assert not elements(root, "//script|//link|//img|//iframe|//object")
    assert all(a.get("href", "").startswith("#") for a in root.iter("a"))
    assert not [e for e in root.iter() if e.get("src") or e.get("style")]


def test_languages_are_marked_for_screen_readers(seed: Document) -> None:
    root = page(glossary.load(STARTER), [seed])
    assert root.get("lang") == "en"
    terms = section(root, "terms")
    translated = elements(terms, ".//tbody/tr/td[3]")
    assert translated and all(cell.get("lang") == "es" for cell in translated)
    assert all(span.get("lang") == "es" for span in elements(terms, ".//h3/span"))
    assert all(note.get("lang") == "en" for note in elements(terms, ".//td[@lang='es']/span"))


def test_the_page_is_written_once_and_identically(tmp_path: Path, seed: Document) -> None:
    gloss = glossary.load(STARTER)
    path = glossary_page.write(gloss, [seed], {}, tmp_path / "report")
    assert path == tmp_path / "report" / "glossary-en-es.html"
    first = path.read_bytes()
    assert glossary_page.render(gloss, [seed], {}) == first
    assert first.startswith(b'<!DOCTYPE html>\n<html lang="en">')
