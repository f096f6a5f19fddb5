"""Reference-list entries and mojibake: not prose to spell-check (issue 15, third round)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import citations, mojibake
from pipeline import speller as speller_module
from pipeline.config import Config
from pipeline.readers.encoding import decode
from pipeline.speller import Speller

CITATIONS = [
    "Moro PL, Perez-Vilar S, Lewis P, Kamiya H, Cano M. Safety Surveillance of DTaP "
    "Vaccines. Pediatrics. 2018;142(1). pii: e20174171.",
    "Moon RY; TASK FORCE ON SUDDEN INFANT DEATH SYNDROME. SIDS and Other Deaths. "
    "Pediatrics. 2016;138(5).",
    "Eriksen EM, Perlman JA. Lack of association: a study from the vaccine safety datalink "
    "project. Pediatr Infect Dis J. 2004;23(7):656-62.",
    "Silvers et al. The epidemiology of fatalities. Pharmacoepidemiol Drug Saf. 2001 "
    "Jun-Jul;10(4):279-85.",
    "Griffin, M.R., W. A. Ray, et al. Risk of SIDS. N Engl J Med. 1988 Sep 8;319(10):618-23.",
    "3. Smith AB, Jones C. A title. JAMA. 2020. doi:10.1001/jama.2020.1",
]
SENTENCES = [
    "In 2020; 5 children were seen.",  # a year and a semicolon, no authors
    "Moro PL, our nurse, says hello.",  # an author's shape, no journal or identifier
    "Institute of Medicine (US). Immunization Safety Review. Washington, DC, 2003.",
    "Smith J. said in 2019 that it was safe.",
]


@pytest.mark.parametrize("line", CITATIONS)
def test_citation_entries_are_known_by_their_shape(line: str) -> None:
    assert citations.is_citation(line)
    assert citations.blanked(f"Sources\n{line}\nEnd") == f"Sources\n{' ' * len(line)}\nEnd"


@pytest.mark.parametrize("line", SENTENCES)
def test_sentences_that_merely_hold_a_year_or_a_name_are_no_citations(line: str) -> None:
    assert not citations.is_citation(line)
    assert citations.blanked(line) == line


def test_citation_words_are_not_spell_checked_but_the_text_around_them_is(
    hunspell: None, config: Config
) -> None:
    with Speller(config.spelling) as speller:
        [found] = speller.check([f"{CITATIONS[2]}\nAsk the nurse abuot it."])
    assert [m.word for m in found] == ["abuot"]


@pytest.mark.parametrize(
    ("text", "damaged"),
    [
        ("We speak EspaÃ±ol and FranÃ§ais.", ["EspaÃ±ol", "FranÃ§ais."]),
        ("Tiáº¿ng Viá»t", ["Tiáº¿ng", "Viá»t"]),
        ("æ¥æ¬èª", ["æ¥æ¬èª"]),  # 日本語 with its C1 bytes removed
        ("Tagalog Ð ÑÑÑÐºÐ\u00b8Ð¹", ["Ð ÑÑÑÐºÐ\u00b8Ð¹"]),  # its 0xA0 became a space
        ("It costs 5\u00a0â\u20ac\u201d or so", ["â\u20ac\u201d"]),  # an em dash via cp1252
    ],
)
def test_utf8_read_a_byte_at_a_time_is_found_and_blanked(text: str, damaged: list[str]) -> None:
    assert [text[start:end] for start, end in mojibake.runs(text)] == damaged
    blank = mojibake.blanked(text)
    assert len(blank) == len(text)
    assert all(word not in blank for word in damaged)


@pytest.mark.parametrize(
    "text", ["café, naïve, résumé, São Paulo, España, Straße, «bonjour», 5 °C, niño \u2013 ¿Qué?"]
)
def test_accented_words_of_real_languages_are_no_mojibake(text: str) -> None:
    assert mojibake.runs(text) == []


def test_mojibake_is_one_reader_finding_per_line(tmp_path: Path) -> None:
    data = "Title\n\nEspaÃ±ol\nFranÃ§ais and PortuguÃªs\nPlain text.\n".encode()
    findings = decode(data, "sheet.txt").findings
    assert [(f.rule, f.loc.line) for f in findings] == [
        ("source.mojibake", 3),
        ("source.mojibake", 4),
    ]
    assert "2 word(s)" in findings[1].message


def test_mojibake_words_are_not_spell_checked(hunspell: None, config: Config) -> None:
    with Speller(config.spelling) as speller:
        [found] = speller.check(["Languages: EspaÃ±ol, KreyÃ²l Ayisyen, æ¥æ¬èª."])
    assert [m.word for m in found if m.kind == speller_module.TYPO] == []


@pytest.mark.parametrize("text", ["A lock or https:// means you are safe.", "see http:// now"])
def test_a_bare_scheme_is_masked_like_an_address(text: str) -> None:
    assert "http" not in speller_module.masked(text)


@pytest.mark.parametrize(
    "text",
    ["A clear consommé.", "Soufflés and a café.", "Her résumé is naïve.", "The chef's purées."],
)
def test_accented_loanwords_are_known_by_their_plain_letters(
    hunspell: None, config: Config, text: str
) -> None:
    with Speller(config.spelling) as speller:
        [found] = speller.check([text])
    assert found == []


def test_an_accented_word_only_another_language_knows_stays_unknown(
    hunspell: None, config: Config
) -> None:
    with Speller(config.spelling) as speller:
        [found] = speller.check(["Ask at the clínica, or the consommé soufflée."])
    assert [m.word for m in found] == ["clínica", "soufflée"]
