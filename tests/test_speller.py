"""Spelling with the real hunspell (en_US + en_med_glut), codespell and the project word list."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline import borrowed, langid, languages
from pipeline import speller as speller_module
from pipeline.checks.context import Context
from pipeline.checks.spelling import check_spelling
from pipeline.config import Config, SpellingConfig
from pipeline.errors import DataFileError
from pipeline.model import Document, Finding, Location, Severity
from pipeline.readers import markdown_reader
from pipeline.readers.text import parse
from pipeline.speller import Misspelling, Speller, SpellingError

TODAY = dt.date(2026, 1, 1)
#: The curly apostrophe (U+2019) of text pasted from word processors and web pages.
Q = "\u2019"
INSTALL = "apt-get install hunspell hunspell-en-us hunspell-en-med"


@pytest.fixture(scope="module")
def speller(hunspell: None, config: Config) -> Iterator[Speller]:
    with Speller(config.spelling) as shared:
        yield shared


def check(document: Document, config: Config) -> list[Finding]:
    with Context(config, TODAY) as context:
        return list(check_spelling(document, context))


def misspelled(speller: Speller, text: str) -> list[Misspelling]:
    [found] = speller.check([text])
    return found


def with_spelling(config: Config, **changes: Any) -> Config:
    return dataclasses.replace(config, spelling=dataclasses.replace(config.spelling, **changes))


def word_list(tmp_path: Path, data: bytes) -> SpellingConfig:
    path = tmp_path / "words.txt"
    path.write_bytes(data)
    return SpellingConfig(wordlist=path)


def test_seed_has_one_misspelling_with_codespells_correction(
    hunspell: None, seed: Document, config: Config
) -> None:
    assert check(seed, config) == [
        Finding(
            "spelling.misspelled",
            Severity.ERROR,
            '"intermittant" is not in the dictionaries',
            Location("sources/aldesleukin.txt", 13, 64),
            "intermittent",
        )
    ]


def test_codespell_corrections_come_first_in_the_words_case(speller: Speller) -> None:
    [found] = misspelled(speller, "Please Recieve it.")
    assert (found.word, found.offset, found.corrections) == ("Recieve", 7, ("Receive",))


def test_unknown_misspelling_gets_hunspells_suggestions_only(speller: Speller) -> None:
    [found] = misspelled(speller, "Take the medicime.")
    assert (found.word, found.offset, found.corrections) == ("medicime", 9, ())
    assert found.suggestions[0] == "medicine"


def test_title_headings_paragraphs_and_items_are_checked(hunspell: None, config: Config) -> None:
    text = "About the medicime\n\nHow is it givn?\n\nTake the medicime.\n\n- one dosse a day\n"
    found = check(parse(text, "sheet.txt", config), config)
    # A word wrong in several places is one finding, at its first place, naming the rest.
    assert [(f.loc.line, f.loc.col, f.message) for f in found] == [
        (1, 11, '"medicime" is not in the dictionaries (2 places: lines 1, 5)'),
        (3, 11, '"givn" is not in the dictionaries'),
        (7, 7, '"dosse" is not in the dictionaries'),
    ]
    # Not known misspellings: hunspell's three best guesses, listed for a person to choose.
    assert found[0].suggestion is not None
    assert found[0].suggestion.startswith("medicine, ")
    assert found[0].suggestion.count(", ") == 2


def test_a_word_in_a_list_item_is_located_at_its_column(hunspell: None, config: Config) -> None:
    found = check(parse("Title\n\n- one dosse a day\n", "sheet.txt", config), config)
    assert [(f.loc.line, f.loc.col) for f in found] == [(3, 7)]


def test_far_fetched_suggestions_are_listed_not_applied(hunspell: None, config: Config) -> None:
    en_us_only = with_spelling(config, dictionaries=("en_US",))
    with Speller(en_us_only.spelling) as speller:
        [found] = misspelled(speller, "aldesleukin")
    assert found.word == "aldesleukin"
    assert "interleukin" in found.suggestions


def test_word_list_makes_words_known_in_any_case_and_possessive(
    hunspell: None, tmp_path: Path
) -> None:
    text = f"Zolgensma and zolgensma{Q}s dose; KYMRIAH; Zolgensmax"
    entries = b"\xef\xbb\xbf# gene therapies\nzolgensma\nKymriah  # brand\n\n"
    with Speller(word_list(tmp_path, entries)) as speller:
        assert [m.word for m in misspelled(speller, text)] == ["Zolgensmax"]


def test_known_terms_make_each_of_their_words_known(hunspell: None, config: Config) -> None:
    terms = ["Kymriah infusion", "tisagenlecleucel (Kymriah)", "onasemnogene-abeparvovec"]
    with Speller(config.spelling, known=terms) as speller:
        found = misspelled(speller, "Kymriah, tisagenlecleucel and onasemnogene abeparvovec")
    assert found == []


def test_possessives_are_known_when_their_word_is(speller: Speller) -> None:
    # en_med_glut has no affix rules, so hunspell itself rejects "aldesleukin's".
    assert misspelled(speller, f"aldesleukin's dose, Aldesleukin{Q}s dose, the child's care") == []
    assert misspelled(speller, "Abadie's sign") == []  # en_med_glut lists "abadie's" only
    [found] = misspelled(speller, "an intermittant's risk")
    assert (found.word, found.offset, found.corrections) == ("intermittant", 3, ("intermittent",))


def test_curly_apostrophes_are_apostrophes(speller: Speller) -> None:
    assert misspelled(speller, f"Crohn{Q}s disease; don{Q}t; children{Q}s") == []
    [found] = misspelled(speller, f"Crohn{Q}s intermittant")
    assert (found.word, found.offset) == ("intermittant", 8)


def test_numbers_addresses_and_hyphenated_words_are_not_misspelled(speller: Speller) -> None:
    text = "Call 911 within 48 hours; see www.childrensmn.org or mail info@childrensmn.org."
    assert misspelled(speller, text + " Non-prescription, build-up, al-des-loo-kin.") == []


def test_many_new_words_at_once_keep_their_answers(speller: Speller) -> None:
    # Far more than a pipe buffer holds: written while the answers are read, never stuck.
    entries = Path("/usr/share/hunspell/en_US.dic").read_text(encoding="utf-8").splitlines()[1:]
    words = [w for e in entries if (w := e.split("/")[0]).isascii() and w.isalpha()][:20_000]
    text = " ".join([*words[:10_000], "intermittant", *words[10_000:], "x" * 150])
    found = misspelled(speller, text)
    assert [(m.word, m.offset) for m in found] == [
        ("intermittant", text.index(" intermittant ") + 1),
        ("x" * 150, text.index("x" * 150)),
    ]


def test_suggestions_are_asked_only_when_codespell_has_no_correction(speller: Speller) -> None:
    # A codespell correction is certain; hunspell's search would cost 40-110 ms for nothing.
    known, unknown = misspelled(speller, "intermittant aldesleukinn")
    assert (known.corrections, known.suggestions) == (("intermittent",), ())
    assert (unknown.corrections, unknown.suggestions[0]) == ((), "aldesleukin")


def test_missing_dictionary_is_a_finding_at_the_sheet(
    hunspell: None, seed: Document, config: Config
) -> None:
    [finding] = check(seed, with_spelling(config, dictionaries=("en_US", "xx_XX")))
    assert (finding.rule, finding.severity) == ("spelling.unavailable", Severity.ERROR)
    assert finding.loc == Location.whole("sources/aldesleukin.txt")
    assert "xx_XX (.dic)" in finding.message
    assert INSTALL in finding.message


def test_missing_hunspell_is_a_finding_at_the_sheet(
    seed: Document, config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    [finding] = check(seed, config)
    assert finding.rule == "spelling.unavailable"
    assert finding.loc == Location.whole("sources/aldesleukin.txt")
    assert f"hunspell is not installed; install: {INSTALL}" in finding.message


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[subprocess.Popen[bytes]]:
    """The hunspell processes started while the test runs."""
    processes: list[subprocess.Popen[bytes]] = []
    popen = subprocess.Popen

    def spy(args: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        process: subprocess.Popen[bytes] = popen(args, **kwargs)
        if "-L" in args or "-a" in args:
            processes.append(process)
        return process

    monkeypatch.setattr(subprocess, "Popen", spy)
    return processes


def test_one_process_serves_every_sheet_of_a_run(
    hunspell: None, seed: Document, config: Config, started: list[subprocess.Popen[bytes]]
) -> None:
    with Context(config, TODAY) as context:
        for _ in range(5):
            assert len(list(check_spelling(seed, context))) == 1
        assert len(started) == 1
        assert started[0].poll() is None
    assert started[0].poll() == 0


def test_a_dead_hunspell_is_a_clear_error(
    hunspell: None, config: Config, started: list[subprocess.Popen[bytes]]
) -> None:
    with Speller(config.spelling) as speller:
        started[0].kill()
        with pytest.raises(SpellingError, match=r"hunspell stopped \(exit code -9\)"):
            speller.check(["a brand new word"])


def test_a_stuck_hunspell_times_out(
    hunspell: None,
    config: Config,
    started: list[subprocess.Popen[bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Only the stopped process is to time out: `hunspell -D`, run once to find the
    # dictionaries, may itself take longer than 0.2 s on a busy machine.
    folders = speller_module.dictionary_search_path()
    monkeypatch.setattr(speller_module, "dictionary_search_path", lambda: folders)
    monkeypatch.setattr(speller_module, "TIMEOUT", 0.2)
    with Speller(config.spelling) as speller:
        os.kill(started[0].pid, signal.SIGSTOP)
        try:
            with pytest.raises(SpellingError, match=r"no answer within 0\.2 s"):
                speller.check(["a brand new word"])
        finally:
            os.kill(started[0].pid, signal.SIGCONT)


@pytest.mark.parametrize(
    ("data", "where", "message"),
    [
        (b"# drugs\nzolgensma\nKymriah tisagenlecleucel\n", "words.txt:3:", "is not one word"),
        (b"zolgensma\nPNG\x89\x00\xff\n", "words.txt:2:", "not UTF-8 text"),
        (b"zolgensma\n\x00\x01\n", "words.txt:2:", "is not one word"),
    ],
)
def test_malformed_word_list_names_file_and_line(
    tmp_path: Path, data: bytes, where: str, message: str
) -> None:
    with pytest.raises(DataFileError, match=message) as raised:
        Speller(word_list(tmp_path, data))
    assert str(raised.value).startswith(f"{tmp_path / where}")


def test_hunspell_suggests_for_at_most_a_few_words_of_a_sheet(
    speller: Speller, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A passage in another language: dozens of unknown words, 40-110 ms of search each.
    words = [f"zorblat{chr(ord('a') + n)}" for n in range(speller_module.MAX_SUGGESTED + 5)]
    asked: list[str] = []

    def suggestions(word: str) -> tuple[str, ...]:
        asked.append(word)
        return ("zorblat",)

    monkeypatch.setattr(speller._hunspell, "suggestions", suggestions)
    [found] = speller.check([" ".join(words)])
    assert [m.word for m in found] == words
    assert asked == words[: speller_module.MAX_SUGGESTED]
    assert [m.suggestions for m in found[speller_module.MAX_SUGGESTED - 1 :]] == [("zorblat",)] + [
        ()
    ] * 5


def rules_of(text: str, config: Config) -> list[tuple[str, str]]:
    """(rule, word) of each spelling finding in a sheet made of `text`, read as `read` does."""
    document = langid.mark(parse(f"Title\n\n{text}\n", "sheet.txt", config), langid.others(config))
    found = check(document, config)
    return [(f.rule, f.message.split('"')[1]) for f in found]


def test_acronyms_are_warnings_and_alphanumerics_are_skipped(
    hunspell: None, config: Config
) -> None:
    text = "Report it to VAERS or VICP; the PCVs and PCV13, 2b and 300aa, SARS-CoV-2 and aP."
    assert rules_of(text, config) == [
        ("spelling.acronym", "VAERS"),
        ("spelling.acronym", "VICP"),
        ("spelling.acronym", "PCVs"),
        ("spelling.acronym", "CoV"),
        ("spelling.acronym", "aP"),
    ]
    strict = with_spelling(config, skip_acronyms=False, skip_alphanumeric=False)
    assert ("spelling.misspelled", "VAERS") in rules_of(text, strict)
    assert ("spelling.misspelled", "300aa") in rules_of(text, strict)


def test_units_dosing_abbreviations_and_vaccine_names_are_known(
    hunspell: None, config: Config
) -> None:
    text = "Give 5 mL (100 mcg) SubQ or IV, not PO; the Tdap and MMRV vaccines are adjuvanted."
    assert rules_of(text, config) == []


def test_addresses_domains_file_names_and_slugs_are_not_words(
    hunspell: None, config: Config
) -> None:
    text = (
        "See cancer.gov/types/breastcancer, vsafe.cdc.gov, HealthCare.gov, "
        "Eating_Diabetes_508.pdf and mail skincancer@example.org."
    )
    assert rules_of(text, config) == []


def test_affixed_known_words_are_known_but_a_prefix_does_not_hide_a_typo(
    hunspell: None, config: Config
) -> None:
    text = (
        "Toolkits for survivorship after reincarceration; recations in adoptees. "
        "Immunotherapies and probiotics, not therapys."
    )
    assert rules_of(text, config) == [
        ("spelling.misspelled", "recations"),
        ("spelling.misspelled", "therapys"),
    ]


def test_unknown_capitalised_words_are_names_unless_one_edit_from_a_word(
    hunspell: None, config: Config
) -> None:
    text = "Ask Dr. Kincaid at the Helath center."
    assert rules_of(text, config) == [
        ("spelling.name", "Kincaid"),
        ("spelling.misspelled", "Helath"),
    ]


def test_a_spanish_passage_is_not_checked_as_english(hunspell: None, config: Config) -> None:
    text = (
        "Many statements are available in Spanish. Hojas de información sobre vacunas están "
        "disponibles en español y en muchos otros idiomas. Visite www.immunize.org/vis"
    )
    assert rules_of(text, config) == []
    misspelt = text.replace("disponibles", "disponibels")
    assert rules_of(misspelt, config) == [("spelling.misspelled", "disponibels")]


def test_a_drug_name_spelt_the_passages_way_is_no_typo_there(
    hunspell: None, config: Config
) -> None:
    """In a Spanish passage, a word Spanish lacks that is an English drug name by Spanish
    spelling (ph → f, ll → l, a final vowel, -ina for -ine) is no typo; a Spanish typo
    ("medicamientos", one letter from "medicamentos") still is."""
    text = (
        "Si su hijo tiene fiebre, llame a la clínica. No le dé acetaminofén ni ibuprofeno "
        "antes de llamar; la amoxicilina y la epinefrina son para él. Lleve la lista de "
        "medicamientos de su hijo."
    )
    assert rules_of(text, config) == [("spelling.misspelled", "medicamientos")]


@pytest.mark.parametrize(
    ("word", "english", "same"),
    [
        ("acetaminofén", "acetaminophen", True),
        ("ibuprofeno", "ibuprofen", True),
        ("amoxicilina", "amoxicillin", True),
        ("Epinefrina", "epinephrine", True),
        ("insulina", "insulin", True),
        ("medicamientos", "medicamentosa", False),  # one letter more than by any rule
        ("medicamientos", "medicament", False),
        ("fina", "fin", False),  # too short to tell
    ],
)
def test_spanish_spelling_correspondences_with_english(word: str, english: str, same: bool) -> None:
    rules = borrowed.correspondences("es")
    assert rules is not None
    assert rules.same(word, english) is same


def test_fda_drug_and_brand_names_are_known(hunspell: None, config: Config) -> None:
    text = "Take Basaglar or Baqsimi as the nurse showed you; Comirnaty is a vaccine."
    assert rules_of(text, config) == []


def test_inflection_look_alikes_stay_typos(hunspell: None, config: Config) -> None:
    """Affixes explain real words, not typos: an "e" is dropped before -ed, no plural ends
    in "ss", a known misspelling stays one, and a name one letter from a listed word is a
    typo of it."""
    text = "He allegeed it; the dizziess befores. Vaccinaed with Tdaap."
    assert rules_of(text, config) == [
        ("spelling.misspelled", "allegeed"),
        ("spelling.misspelled", "dizziess"),
        ("spelling.misspelled", "befores"),
        ("spelling.misspelled", "Vaccinaed"),
        ("spelling.misspelled", "Tdaap"),
    ]


def test_closed_compounds_of_two_everyday_words_are_known(hunspell: None, config: Config) -> None:
    """bloodwork (blood + work) is known though "bloodworm" is one edit away, as that is
    blood + worm, a compound too."""
    text = "These check-ups may include bloodwork and handwashing lessons for the caregiver."
    assert rules_of(text, config) == []


def test_words_run_together_and_compound_look_alikes_stay_typos(
    hunspell: None, config: Config
) -> None:
    """A function word is no part of a compound (thedoctor, withyour); a word one edit
    from an everyday word that is no compound is its typo (carefull: careful, "ful" is no
    word); a participle ends a compound modifier, which takes a hyphen (blue-colored); a
    medical-list fragment is no part (intermittant is not intermit + tant); and a word whose
    neighbour differs only in its second part's ending is that neighbour mistyped
    (Caregives: care + gives, by Caregivers: care + givers, both forms of "give")."""
    text = (
        "Tell thedoctor withyour list; be carefull of bluecolored spots, intermittant pain. "
        "Caregives should ask."
    )
    assert rules_of(text, config) == [
        ("spelling.misspelled", "thedoctor"),
        ("spelling.misspelled", "withyour"),
        ("spelling.misspelled", "carefull"),
        ("spelling.misspelled", "bluecolored"),
        ("spelling.misspelled", "intermittant"),
        ("spelling.misspelled", "Caregives"),
    ]
    with Speller(config.spelling) as speller:
        [found] = misspelled(speller, "Tell thedoctor.")
    assert found.suggestions[0] == "the doctor"


def test_a_name_one_letter_from_a_dictionary_name_is_a_name_where_names_stand(
    hunspell: None, config: Config
) -> None:
    """After a title, beside another capitalised word mid-sentence, or in a list of names:
    a name, though "Therese" is one letter away, since no everyday word is."""
    for text in (
        "Illustration credit: © Terese Winslow",
        "Ask Dr. Terese about the dose.",
        "The nurses Ana, Terese and Bob can help.",
    ):
        assert rules_of(text, config) == [("spelling.name", "Terese")], text


def test_a_capitalised_typo_stays_a_typo_where_names_stand_too(
    hunspell: None, config: Config
) -> None:
    """At a sentence's start no name is assumed; beside a capital, a word one edit from an
    everyday word is its typo (Staes: States), whatever names are also near; and beside
    everyday words in capitals (an organisation's name) no name is assumed, and a word one
    letter from a familiar word (American) or from one with a plural (Africans) is its
    typo."""
    text = (
        "Terese said so. It spreads in the United Staes. Check Your Tempature Often. "
        "Ask the Ameriican Diabetes Association. Are you African Ameriican, Alaska Native? "
        "Many Afrrican Americans do."
    )
    assert rules_of(text, config) == [
        ("spelling.misspelled", "Terese"),
        ("spelling.misspelled", "Staes"),
        ("spelling.misspelled", "Tempature"),
        ("spelling.misspelled", "Ameriican"),
        ("spelling.misspelled", "Afrrican"),
    ]


def test_an_accented_word_another_language_knows_is_a_foreign_warning(
    hunspell: None, config: Config
) -> None:
    text = "Ask for the clínica by name; call the clinnic."
    assert rules_of(text, config) == [
        ("spelling.foreign", "clínica"),
        ("spelling.misspelled", "clinnic"),
    ]


def test_a_word_only_the_larger_list_knows_is_rare_unless_it_looks_like_a_typo(
    speller: Speller,
) -> None:
    """qigong is in SCOWL's larger list (Debian wamerican-huge) and no known word is close
    to it: a warning. "changs" is there too, but one letter from "changes"; "ers" too, but
    short words' typos are mostly some rare word; "moore" is there only as the name Moore:
    all stay typos."""
    if not languages.rare_words("en"):
        pytest.skip("wamerican-huge not installed: apt-get install wamerican-huge")
    found = misspelled(speller, "Try qigong; moore changs in the ers are coming.")
    assert {m.word: m.kind for m in found} == {
        "qigong": speller_module.RARE,
        "moore": speller_module.TYPO,
        "changs": speller_module.TYPO,
        "ers": speller_module.TYPO,
    }


@pytest.mark.parametrize(
    "text",
    [
        "See www.cdc.gov/flu, write to a@b.com+c@d.com or open Diet_508.pdf.",
        "Call 555-1212. Dose 0.5 mL at 8:30 (see https://x.org/a?b=1).",
        "HealthCare.gov\tvsafe.cdc.gov/en\u00a0e.g. U.S. cdc.gov.x@y.com",
        "no addresses here at all",
    ],
)
def test_masked_blanks_what_the_address_pattern_finds_anywhere(text: str) -> None:
    whole = speller_module.ADDRESS.sub(lambda match: " " * len(match.group()), text)
    assert speller_module.masked(text) == whole


@pytest.mark.parametrize(
    "word",
    ["intermittant", "Recieve", "OCCURED", "\u017feperate", "teh", "nosuchwordatall", "a-b", ""],
)
def test_codespell_corrections_are_those_of_the_whole_dictionary(word: str) -> None:
    pattern = re.compile(rf"^{re.escape(word)}->(.*)$", re.IGNORECASE | re.MULTILINE)
    everywhere = [
        fixes
        for match in pattern.finditer(speller_module._codespell_dictionary())
        if (fixes := tuple(fix.strip() for fix in match.group(1).split(",") if fix.strip()))
    ]
    assert speller_module.codespell_corrections(word) == (everywhere[-1] if everywhere else ())


def test_a_slip_of_the_keys_where_names_stand_stays_a_typo(speller: Speller) -> None:
    """Two letters swapped or one doubled is a known word's typo even where names stand
    (beside a brand, in a Title Case heading, with no hunspell suggestion for it); a name's
    variant one letter from a dictionary name is a name (Terese, by Therese)."""
    texts = [
        "Give ibuprofen (Mottrin, Advil) if needed.",
        "Infection and Neutropneia and Cancer Treatment",
        "The OncoLife Sruvivorship Care Plan helps.",
        "Illustration © Terese Winslow",
    ]
    kinds = {m.word: m.kind for found in speller.check(texts) for m in found}
    assert kinds["Mottrin"] == kinds["Neutropneia"] == kinds["Sruvivorship"] == "typo"
    assert kinds["Terese"] == "name"


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Try tai chi, or yoga.", "tai", ["try_tai", "try_tai_chi", "tai_chi"]),
        (
            "made de novo-ish",
            "novo",
            ["made_de_novo", "made_de_novo-ish", "de_novo", "de_novo-ish", "novo-ish"],
        ),
        ("(Mea culpa.)", "Mea", ["mea_culpa"]),
        ("tai. Chi", "tai", []),  # a full stop ends the run
    ],
)
def test_phrases_are_the_runs_of_words_joined_to_a_word(
    text: str, word: str, expected: list[str]
) -> None:
    start = text.index(word)
    assert speller_module.phrases(text, start, start + len(word)) == expected


def test_a_word_of_a_multi_word_entry_is_known_beside_the_others(speller: Speller) -> None:
    """WordNet's lemmas of several words (Debian wordnet-base) make their parts known
    together: "tai" in "tai chi", "novo" in "de novo", "feng shui", "bona fide"; alone, or
    beside other words, "tai" is unknown as before."""
    if not languages.collocations("en"):
        pytest.skip("WordNet not installed: apt-get install wordnet-base (CI installs it)")
    text = "Try tai chi or feng shui; a bona fide de novo case. Tai Chi helps."
    assert misspelled(speller, text) == []
    assert [m.word for m in misspelled(speller, "Try tai or chi; the tai way.")] == ["tai", "tai"]


def test_html_tags_shown_as_text_are_no_words(speller: Speller) -> None:
    """A tag that lost its ">" is a structure finding (structure.markup), not typos:
    "href", "src" and "img" are not asked about; the text around them still is."""
    text = '<a href="https://www.cdc.gov/x/index.html" Water hygeine</a> <img src=x.png><br>'
    assert [m.word for m in misspelled(speller, text)] == ["hygeine"]


def test_a_word_of_a_links_text_its_own_address_holds_is_a_sites_name(
    hunspell: None, config: Config
) -> None:
    """ "Lotsa" in a link to lotsahelpinghands.com is the site's name (a warning); the same
    word in a link elsewhere, or outside any link though the address is in the sheet, is
    a typo, and so is a short word the address holds by chance."""
    text = (
        "# Support\n\nUse sites such as [Lotsa Helping Hands](https://lotsahelpinghands.com/) "
        "or [MyLifeLine](https://www.mylifeline.org/).\n\n"
        "Lotsa people help: see [Lotsa Caring](https://www.caringbridge.org/) and "
        "[Ths site](https://ths.example.org/).\n"
    )
    document = markdown_reader.parse(text, "sheet.md", config)
    assert [(f.rule, f.message.split('"')[1], f.loc.line) for f in check(document, config)] == [
        ("spelling.name", "Lotsa", 3),
        ("spelling.acronym", "MyLifeLine", 3),  # mixed case: an acronym wherever it stands
        ("spelling.misspelled", "Lotsa", 5),
        ("spelling.misspelled", "Ths", 5),
    ]


def test_a_specialist_of_a_known_word_is_rare_not_a_typo(hunspell: None, config: Config) -> None:
    """Dictionaries lack many specialists' names made of a known word and -ist
    (intensive → intensivist, hospital → hospitalist): a warning to check, while a typo of
    such a word, or of the -ist word itself, stays a typo."""
    text = "Ask the intensivist. Ask the intensavist. Ask the specialst. Ask the dentistt."
    assert rules_of(text, config) == [
        ("spelling.rare", "intensivist"),
        ("spelling.misspelled", "intensavist"),
        ("spelling.misspelled", "specialst"),
        ("spelling.misspelled", "dentistt"),
    ]
