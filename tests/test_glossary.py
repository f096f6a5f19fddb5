"""Glossaries: loading and checking the CSV, finding terms in English, targets in translations."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import glossary
from pipeline.errors import DataFileError
from pipeline.glossary import Glossary, Status, Term, find_terms, forbidden_found, target_found
from pipeline.model import Document
from pipeline.units import units
from tests.conftest import ROOT

STARTER = ROOT / "glossaries" / "en-es.csv"
HEADER = "source,target,status,variants,note,reviewer,reviewed,case\n"
#: The seed's medical terms the starter glossary must cover (in their dictionary form).
SEED_TERMS = {
    "aldesleukin",
    "interleukin-2",
    "Proleukin",
    "IV",
    "vein",
    "infusion",
    "injection",
    "shot",
    "refrigerator",
    "dose",
    "platelet",
    "red blood cell",
    "white blood cell",
    "kidney",
    "liver",
    "seizure",
    "chest pain",
    "allergic reaction",
    "hives",
    "wheezing",
    "nurse practitioner",
    "pharmacist",
    "birth control",
}


def write(tmp_path: Path, text: str, name: str = "en-es.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def load(tmp_path: Path, rows: str, encoding: str = "utf-8") -> Glossary:
    return glossary.load(write(tmp_path, HEADER + rows, encoding=encoding))


def term(source: str, target: str, status: Status = Status.PROPOSED, **changes: Any) -> Term:
    made = Term(source, target, status, (), "", None, None, False, 1)
    return dataclasses.replace(made, **changes)


def of(*terms: Term) -> Glossary:
    return Glossary("en", "es", Path("en-es.csv"), terms, "0" * 12)


def found(gloss: Glossary, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.term.source) for m in find_terms(gloss, text)]


def without_lines(terms: tuple[Term, ...] | list[Term]) -> list[Term]:
    return [dataclasses.replace(t, line=0) for t in terms]


# --- The starter glossary ----------------------------------------------------------------------


def test_the_starter_glossary_loads_with_languages_and_version() -> None:
    loaded = glossary.load(STARTER)
    assert (loaded.source_lang, loaded.target_lang) == ("en", "es")
    assert loaded.version == hashlib.sha256(STARTER.read_bytes()).hexdigest()[:12]
    assert len(loaded.terms) >= 30


def test_no_starter_term_pretends_to_be_reviewed() -> None:
    terms = glossary.load(STARTER).terms
    assert not [t for t in terms if t.status is Status.APPROVED or t.reviewer or t.reviewed_on]
    assert {t.source for t in terms if t.status is Status.DO_NOT_TRANSLATE} >= {"Proleukin"}
    forbidden = {(t.source, t.target) for t in terms if t.status is Status.FORBIDDEN}
    assert forbidden >= {("constipated", "constipado"), ("embarrassed", "embarazada")}
    assert all(t.note for t in terms if t.status is Status.FORBIDDEN)


def test_the_starter_glossary_covers_the_seed(seed: Document) -> None:
    loaded = glossary.load(STARTER)
    used = {m.term.source for unit in units(seed) for m in find_terms(loaded, unit.text)}
    assert used >= SEED_TERMS


def test_a_glossary_is_found_by_language_tags(tmp_path: Path) -> None:
    write(tmp_path, HEADER + "dose,dosis,proposed,,,,,\n")
    found_glossary = glossary.for_language(tmp_path, "en-US", "es-US")
    assert found_glossary is not None and found_glossary.terms[0].target == "dosis"
    assert glossary.for_language(tmp_path, "en-US", "fr") is None


# --- Reading the CSV ---------------------------------------------------------------------------


def test_every_column_is_read(tmp_path: Path) -> None:
    loaded = load(
        tmp_path,
        'IV,por vía intravenosa,approved,IV|intravenoso,"say it, slowly",Ana Ruiz,2025-03-04,'
        "sensitive\n",
    )
    assert loaded.terms == (
        Term(
            "IV",
            "por vía intravenosa",
            Status.APPROVED,
            ("IV", "intravenoso"),
            "say it, slowly",
            "Ana Ruiz",
            dt.date(2025, 3, 4),
            True,
            2,
        ),
    )


def test_excel_bom_comments_blank_rows_and_requoted_comments_are_fine(tmp_path: Path) -> None:
    text = (
        "# a comment, with a comma\n\n"
        + HEADER
        + ",,,,,,,\n"
        + '"# a comment Excel quoted, again",,,,,,,\n'
        + "dose,dosis,proposed,,,,,\n"
    )
    loaded = glossary.load(write(tmp_path, text, encoding="utf-8-sig"))
    assert [(t.source, t.line) for t in loaded.terms] == [("dose", 6)]


def test_old_mac_line_ends_work_and_a_line_separator_in_a_note_does_not_end_the_row(
    tmp_path: Path,
) -> None:
    text = HEADER.replace("\n", "\r") + "dose,dosis,proposed,,one\u2028two,,,\r"
    assert glossary.load(write(tmp_path, text)).terms == (
        term("dose", "dosis", note="one\u2028two", line=2),
    )


def test_columns_may_come_in_any_order_and_optional_ones_may_be_left_out(tmp_path: Path) -> None:
    loaded = glossary.load(write(tmp_path, "Status,Target,Source\nproposed,dosis,dose\n"))
    assert loaded.terms == (term("dose", "dosis", line=2),)


def test_a_do_not_translate_target_may_be_empty(tmp_path: Path) -> None:
    loaded = load(tmp_path, "Proleukin,,do-not-translate,,,,,\n")
    assert loaded.terms[0].target == "Proleukin"


def test_a_row_after_a_multi_line_note_has_its_own_line(tmp_path: Path) -> None:
    text = 'dose,dosis,proposed,,"two\nlines",,,\ndose,dosis,proposed,,,,,\n'
    with pytest.raises(DataFileError) as raised:
        load(tmp_path, text)
    assert (raised.value.line, raised.value.message) == (4, "duplicate of line 2 ('dose')")


BAD_ROWS = [
    ("dose,,proposed,,,,,\n", 2, "empty target for proposed term 'dose'"),
    ("dose,dosis,proposed,,,,,\n\ndose,dosis,proposed,,,,,\n", 4, "duplicate of line 2"),
    ("Dose,dosis,proposed,,,,,\ndose,dosis,forbidden,,,,,\n", 3, "'dosis' for 'dose' is both"),
    (
        "dose,dosis,proposed,,,,,\ndose,toma,proposed,,,,,\n",
        3,
        "conflicting entries for 'dose': line 2 says 'dosis' (proposed), this line 'toma'",
    ),
    (
        "constipated,constipado,forbidden,,,,,\nconstipated,estreñido,approved,constipado,,A B,"
        "2025-01-02,\n",
        3,
        "'constipado' for 'constipated' is both forbidden (line 2) and approved (line 3)",
    ),
    ("dose,dosis,approved,,,,,\n", 2, "approved 'dose' has no reviewer and date"),
    ("dose,dosis,proposed,,,Ana,,\n", 2, "'dose' needs both a reviewer and a reviewed date"),
    ("dose,dosis,aproved,,,,,\n", 2, "unknown status 'aproved' (use approved, proposed"),
    ("dose,dosis,approved,,,Ana,5/1/2025,\n", 2, "reviewed date '5/1/2025' is not a date"),
    ("dose,dosis,approved,,,Ana,2025-13-01,\n", 2, "reviewed date '2025-13-01' is not a date"),
    ("dose,dosis,proposed,,,,,yes\n", 2, "case must be 'sensitive' or empty, not 'yes'"),
    ("Proleukin,proleucina,do-not-translate,,,,,\n", 2, "do-not-translate 'Proleukin' must"),
    ("constipated,,forbidden,,,,,\n", 2, "forbidden 'constipated' needs the forbidden"),
    ("dose,dosis,proposed,dosis||toma,,,,\n", 2, "'dose' has an empty variant (two | in a row"),
    ("dose,dosis,proposed\n", 2, "expected 8 fields, found 3"),
    ("(dose),dosis,proposed,,,,,\n", 2, "source '(dose)' must start and end with a letter"),
    (",dosis,proposed,,,,,\n", 2, "empty source term"),
    ("IV,IV,proposed,,,,,sensitive\niv,x,forbidden,,,,,\n", 3, "'iv' has other case handling"),
    ("dose,dosis,proposed,,bad\x0bnote,,,\n", 2, "control character in column 'note'"),
]


@pytest.mark.parametrize(("rows", "line", "message"), BAD_ROWS)
def test_a_bad_row_names_file_and_line(tmp_path: Path, rows: str, line: int, message: str) -> None:
    with pytest.raises(DataFileError) as raised:
        load(tmp_path, rows)
    assert str(raised.value).startswith(f"{tmp_path / 'en-es.csv'}:{line}: {message}")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("source,target\n", 1, "missing column 'status'"),
        ("source,target,status,colour\n", 1, "unknown column 'colour'"),
        ("source,target,status,source\n", 1, "column 'source' appears twice"),
        ("# only a comment\n", None, "empty: the first row must be source,target,status"),
    ],
)
def test_a_bad_header_is_an_error(
    tmp_path: Path, text: str, line: int | None, message: str
) -> None:
    with pytest.raises(DataFileError) as raised:
        glossary.load(write(tmp_path, text))
    assert (raised.value.line, raised.value.message[: len(message)]) == (line, message)


def test_the_first_problem_is_reported_with_the_count_of_the_others(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as raised:
        load(tmp_path, "dose,dosis,approved,,,,,\nvein,,proposed,,,,,\nshot,x,bad,,,,,\n")
    assert raised.value.line == 2
    assert raised.value.message.endswith("(and 2 more problems in this file)")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("spanish.csv", HEADER.encode(), "the file name must name the languages"),
        ("en-es.csv", HEADER.encode() + b"dose,dosis\xff,proposed,,,,,\n", "not UTF-8 text"),
        ("en-es.csv", HEADER.encode() + b"dose,do\x00sis,proposed,,,,,\n", "control character"),
        (
            "en-es.csv",
            HEADER.encode() + b"dose," + b"s" * 200_000 + b",proposed\n",
            "not valid CSV",
        ),
    ],
)
def test_an_unusable_file_is_an_error(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DataFileError, match=message):
        glossary.load(path)


CSV_PIECES = [",", '"', "\n", "\r", "#", " ", "|", "\u2028", "\x00", "\ufeff", "dose", "IV"]


@given(st.lists(st.sampled_from([*CSV_PIECES, "proposed", "approved", "2025-01-02", "x"])))
def test_any_text_loads_or_is_a_data_file_error_at_a_line(pieces: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "en-es.csv"
        path.write_bytes((HEADER + "".join(pieces)).encode("utf-8"))
        try:
            loaded = glossary.load(path)
        except DataFileError as error:
            assert error.line is not None and error.line >= 2
        else:
            assert all(t.source and t.line >= 2 for t in loaded.terms)


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read"):
        glossary.load(tmp_path / "en-es.csv")


# --- Writing the CSV ---------------------------------------------------------------------------


def test_written_terms_load_back_the_same(tmp_path: Path) -> None:
    shot = term(
        "shot",
        "inyección",
        Status.APPROVED,
        variants=("inyecciones",),
        note='=HYPERLINK("x") says "hi", twice\nsecond line',
        reviewer="-Ana",
        reviewed_on=dt.date(2025, 1, 2),
        case_sensitive=True,
    )
    path = tmp_path / "en-fr.csv"
    glossary.write_csv([shot], path)
    assert without_lines(glossary.load(path).terms) == without_lines([shot])
    written = path.read_text()
    assert '," =HYPERLINK(""x"") says' in written and ", -Ana,2025-01-02," in written
    starter = glossary.load(STARTER).terms
    glossary.write_csv(starter, path, overwrite=True)
    assert without_lines(glossary.load(path).terms) == without_lines(starter)


def test_a_formula_is_written_as_text(tmp_path: Path) -> None:
    path = tmp_path / "en-es.csv"
    glossary.write_csv([term("dose", "dosis", note="=1+1")], path)
    assert "dose,dosis,proposed,, =1+1,,,,,,\n" in path.read_text()
    assert glossary.load(path).terms[0].note == "=1+1"


def test_an_existing_glossary_is_not_replaced_unless_asked(tmp_path: Path) -> None:
    path = write(tmp_path, "translators' work\n")
    with pytest.raises(DataFileError, match="already exists"):
        glossary.write_csv([term("dose", "dosis")], path)
    assert path.read_text() == "translators' work\n"


# --- Finding terms in English ------------------------------------------------------------------


PLATELET = term("platelet", "plaqueta")
RED_CELL = term("red blood cell", "glóbulo rojo")
WHITE_CELL = term("white blood cell", "glóbulo blanco")
BLOOD = term("blood", "sangre")
IV = term("IV", "por vía intravenosa", case_sensitive=True, variants=("IV",))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Platelets are low.", ["Platelets"]),
        ("a platelet count; the platelet's size", ["platelet", "platelet's"]),
        ("the platelet\u2019s size", ["platelet\u2019s"]),
        ("plateletx and xplatelet", []),
    ],
)
def test_a_term_is_found_whole_in_any_case_with_plurals(text: str, expected: list[str]) -> None:
    assert [m.text for m in find_terms(of(PLATELET), text)] == expected


def test_multi_word_terms_allow_any_space_or_a_hyphen_and_inflect_their_last_word() -> None:
    gloss = of(RED_CELL, term("interleukin-2", "interleucina 2"))
    text = "Red blood cells, red\n blood cell's, red-blood cell; interleukin 2, Interleukin-2"
    assert [m.text for m in find_terms(gloss, text)] == [
        "Red blood cells",
        "red\n blood cell's",
        "red-blood cell",
        "interleukin 2",
        "Interleukin-2",
    ]


@pytest.mark.parametrize(
    ("source", "written"),
    [
        ("allergy", "allergies"),
        ("rash", "rashes"),
        ("diagnosis", "diagnoses"),
        ("calf", "calves"),
        ("knife", "knives"),
        ("Crohn's disease", "Crohn\u2019s diseases"),
    ],
)
def test_english_plurals(source: str, written: str) -> None:
    assert [m.text for m in find_terms(of(term(source, "x")), f"the {written} here")] == [written]


def test_verb_forms_are_not_guessed() -> None:
    """ "nursing" is not a form of the noun "nurse" here: a wrong replacement is worse."""
    assert find_terms(of(term("nurse", "enfermera")), "nursing, nursed") == []


def test_a_case_sensitive_term_matches_only_as_written() -> None:
    assert found(of(IV), "into the vein (IV). Give it; see (iv); IVs and IV's") == [
        ("IV", "IV"),
        ("IVs", "IV"),
        ("IV's", "IV"),
    ]


def test_the_longest_match_wins_and_shorter_terms_match_elsewhere() -> None:
    gloss = of(BLOOD, WHITE_CELL, PLATELET)
    text = "decreased platelet and white blood cell production; blood tests"
    assert found(gloss, text) == [
        ("platelet", "platelet"),
        ("white blood cell", "white blood cell"),
        ("blood", "blood"),
    ]


def test_longest_wins_over_leftmost() -> None:
    gloss = of(term("high blood", "x"), term("blood pressure reading", "y"))
    assert found(gloss, "high blood pressure reading") == [
        ("blood pressure reading", "blood pressure reading")
    ]


def test_statuses_filter_and_rank_the_terms() -> None:
    proposed = term("constipated", "estreñido")
    forbidden = term("constipated", "constipado", Status.FORBIDDEN)
    gloss = of(forbidden, proposed)
    assert [m.term for m in find_terms(gloss, "is constipated")] == [proposed]
    assert [m.term for m in find_terms(gloss, "is constipated", {Status.FORBIDDEN})] == [forbidden]
    assert find_terms(gloss, "is constipated", {Status.APPROVED}) == []


WORDS = ["blood", "red", "white", "cell", "cells", "IV", "iv", "platelet's", "dose", "doses"]


@given(st.lists(st.sampled_from([*WORDS, " ", "  ", "-", "\n", ".", "'", "\u2019", "(", "x"])))
def test_matches_never_overlap_and_point_into_the_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    gloss = of(BLOOD, RED_CELL, WHITE_CELL, PLATELET, IV, term("dose", "dosis"))
    matches = find_terms(gloss, text)
    assert all(text[m.start : m.end] == m.text for m in matches)
    assert all(a.end <= b.start for a, b in itertools.pairwise(matches))


# --- Targets in translations -------------------------------------------------------------------


KIDNEY = term("kidney", "riñón", variants=("riñones",))


@pytest.mark.parametrize(
    ("translation", "expected"),
    [
        ("Cuide su riñón.", True),
        ("Los RIÑONES funcionan.", True),
        ("Riñón y más", True),
        (unicodedata.normalize("NFD", "el riñón"), True),
        ("el riñon", False),  # the accent matters
        ("los riñónes", False),
        ("elriñón", False),
    ],
)
def test_a_target_or_variant_is_found_as_whole_words(translation: str, expected: bool) -> None:
    assert target_found(KIDNEY, translation) is expected


def test_whole_words_respect_spanish_letters() -> None:
    vein = term("vein", "vena")
    assert not target_found(vein, "las venas y la avena")
    assert target_found(vein, "en la vena (IV)")


def test_case_sensitive_targets_may_still_start_a_sentence() -> None:
    assert target_found(IV, "Por vía intravenosa (IV).")
    assert target_found(IV, "en la vena (IV)")
    assert not target_found(dataclasses.replace(IV, variants=()), "por VÍA intravenosa")
    assert not target_found(term("IV", "IV", case_sensitive=True), "el iv")


def test_forbidden_words_are_found_for_their_own_source_only() -> None:
    gloss = glossary.load(STARTER)
    assert [t.target for t in forbidden_found(gloss, "Estaba constipado.")] == ["constipado"]
    assert [t.source for t in forbidden_found(gloss, "No quede embarazada.")] == ["embarrassed"]
    assert forbidden_found(gloss, "No quede embarazada.", "Do not get pregnant.") == []
    flagged = forbidden_found(gloss, "Está embarazada.", "She is embarrassed.")
    assert [t.target for t in flagged] == ["embarazada"]
    assert forbidden_found(gloss, "Estaba estreñida.", "He was constipated.") == []


def test_agreement_columns_are_optional_and_checked(tmp_path: Path) -> None:
    old = glossary.load(write(tmp_path, "source,target,status\nvein,vena,proposed\n"))
    assert (old.terms[0].pos, old.terms[0].gender, old.terms[0].number) == ("", "", "")
    new = glossary.load(
        write(tmp_path, "source,target,status,pos,gender,number\nvein,vena,proposed,Noun,f,sg\n")
    )
    assert (new.terms[0].pos, new.terms[0].gender, new.terms[0].number) == ("noun", "f", "sg")
    bad = write(tmp_path, "source,target,status,gender\nvein,vena,proposed,feminine\n")
    with pytest.raises(DataFileError, match=r"en-es.csv:2: gender must be one of m, f"):
        glossary.load(bad)
