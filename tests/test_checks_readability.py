"""Readability checks: a failing and a passing example for every rule, and the word list."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from pipeline.checks.context import Context
from pipeline.checks.readability import CHECKS, RULES, PlainLanguage, load_plain_language
from pipeline.config import Config
from pipeline.errors import DataFileError
from pipeline.model import Document, Finding, Severity
from pipeline.readers.text import parse
from pipeline.reading_level import measure

TODAY = dt.date(2026, 11, 25)

EASY = "Take the pill with food. Drink a glass of water. Call us if you feel sick."
HARD = (
    "Intravenous administration of immunotherapeutic medications necessitates continuous "
    "cardiovascular monitoring and comprehensive laboratory evaluation."
)
TWENTY = "Do not take more than one pill a day, even when it hurts, and call us if you feel sick."
TWENTY_ONE = TWENTY.replace("feel sick", "feel very sick")


def sheet(*paragraphs: str) -> str:
    return "Title\n\nWhat is it?\n\n" + "\n\n".join(paragraphs) + "\n"


def findings(text: str, config: Config, rule: str) -> list[Finding]:
    document = parse(text, "x.txt", config)
    with Context(config, TODAY) as context:
        return [f for check in CHECKS for f in check(document, context) if f.rule == rule]


#: rule → (a sheet that breaks it, a sheet that keeps it)
EXAMPLES = {
    "readability.grade": (sheet(HARD), sheet(EASY)),
    "readability.smog": (sheet(HARD), sheet(EASY)),
    # One HARD paragraph is too short to judge (13 words + the heading's 3).
    "readability.section-grade": (sheet(HARD, HARD, HARD), sheet(HARD)),
    "readability.long-sentence": (sheet(TWENTY_ONE), sheet(TWENTY)),
    "readability.hard-sentence": (
        sheet(EASY, HARD),
        "Pill\n\nTake the pill\n\nTake the pill. Take the pill.\n",
    ),
    "plain-language.word": (sheet("The nurse will administer it."), sheet("The nurse gives it.")),
}


def test_every_rule_has_examples() -> None:
    assert set(EXAMPLES) == {rule.id for rule in RULES}
    assert len(CHECKS) == len(RULES)


@pytest.mark.parametrize("rule", EXAMPLES)
def test_failing_example(rule: str, config: Config) -> None:
    assert findings(EXAMPLES[rule][0], config, rule)


@pytest.mark.parametrize("rule", EXAMPLES)
def test_passing_example(rule: str, config: Config) -> None:
    assert findings(EXAMPLES[rule][1], config, rule) == []


def test_grade_says_value_target_and_hardest_sentences(config: Config) -> None:
    text = sheet(EASY, HARD)
    (finding,) = findings(text, config, "readability.grade")
    value = measure(parse(text, "x.txt", config)).metrics["flesch_kincaid_grade"]
    assert finding.severity == Severity.ERROR
    assert finding.loc.line == 1
    assert f"Flesch-Kincaid grade {value:.2f} is above the target of 8" in finding.message
    assert finding.suggestion is not None
    assert "line 7: 'Intravenous administration" in finding.suggestion


def test_grade_shows_the_scraped_value_where_it_differs(config: Config) -> None:
    items = "\n".join(f"  • {word} infusion complications" for word in ("cardiac", "renal"))
    (finding,) = findings(sheet(HARD, items), config, "readability.grade")
    assert "on the web page, where lists run together" in finding.message


def test_smog_is_an_error_against_max_smog(config: Config) -> None:
    strict = dataclasses.replace(
        config, readability=dataclasses.replace(config.readability, max_smog=3.0)
    )
    (finding,) = findings(sheet(EASY), strict, "readability.smog")
    assert finding.severity == Severity.ERROR
    assert "SMOG grade" in finding.message and "target of 3" in finding.message


def test_section_grade_points_at_the_section(config: Config) -> None:
    (finding,) = findings(sheet(HARD, HARD, HARD), config, "readability.section-grade")
    assert (finding.severity, finding.loc.line) == (Severity.WARNING, 3)
    assert "section 'What is it?'" in finding.message
    assert finding.suggestion is not None and "line 5" in finding.suggestion


def test_long_sentence_location_and_limit(config: Config) -> None:
    (finding,) = findings(sheet(f"Go. {TWENTY_ONE}"), config, "readability.long-sentence")
    assert (finding.severity, finding.loc.line, finding.loc.col) == (Severity.WARNING, 5, 5)
    assert finding.message.startswith("sentence of 21 words (more than 20): 'Do not take")


def test_hard_sentences_are_capped_and_ranked(config: Config) -> None:
    text = sheet(EASY, HARD, "Cardiovascular complications are uncommon.")
    assert len(findings(text, config, "readability.hard-sentence")) == 2
    one = dataclasses.replace(
        config, readability=dataclasses.replace(config.readability, hardest_sentences=1)
    )
    (finding,) = findings(text, one, "readability.hard-sentence")
    assert finding.severity == Severity.INFO
    assert finding.loc.line == 7
    assert "#1" in finding.message and "of three or more syllables" in finding.message


# Plain language


def words_found(text: str, config: Config) -> list[tuple[str, int, Severity]]:
    return [
        (f.message.split('"')[1], f.loc.col, f.severity)
        for f in findings(sheet(text), config, "plain-language.word")
    ]


def test_plain_words_match_inflections_whole_words_any_case(config: Config) -> None:
    text = (
        "Medication was administered; they kept administering it, it occurred twice "
        "and modifies nothing. No premedication, no administrators."
    )
    assert [word for word, _, _ in words_found(text, config)] == [
        "Medication",
        "administered",
        "administering",
        "occurred",
        "modifies",
    ]


def test_plain_words_in_text_that_lower_casing_changes(config: Config) -> None:
    # "İ" lower-cases to two characters, "ǅ" is a letter whose cases differ: the words
    # and columns are still those of the text as written.
    found = words_found("İİ ǅ administered, CAFÉ OCCURRED; naïve Hypertension.", config)
    assert found == [
        ("administered", 6, Severity.INFO),
        ("OCCURRED", 25, Severity.INFO),
        ("Hypertension", 41, Severity.WARNING),
    ]


def test_plain_phrases_and_severity_from_the_list(config: Config) -> None:
    found = words_found("Hypertension can cause loss of consciousness.", config)
    assert found == [
        ("Hypertension", 1, Severity.WARNING),
        ("loss of consciousness", 24, Severity.INFO),
    ]


def test_plain_word_suggestion_has_the_everyday_word_and_note(config: Config) -> None:
    (finding,) = findings(sheet("Check for edema."), config, "plain-language.word")
    assert finding.suggestion == 'say "swelling"'
    (finding,) = findings(sheet("Abdominal pain."), config, "plain-language.word")
    assert finding.suggestion == 'say "belly" ("belly pain", "swollen belly")'


def test_the_starter_list_finds_each_of_its_words(config: Config) -> None:
    glossary = load_plain_language(config.readability.plain_language)
    assert len(glossary.entries) >= 40
    for entry in glossary.entries:
        assert [e for _, _, e in glossary.find(f"say {entry.word} now")] == [entry]


def test_the_seed_meets_the_grade_and_smog_targets(seed: Document, config: Config) -> None:
    with Context(config, TODAY) as context:
        found = [f for check in CHECKS for f in check(seed, context)]
    rules = [f.rule for f in found]
    assert "readability.grade" not in rules and "readability.smog" not in rules
    assert [(f.rule, f.loc.line) for f in found if f.rule.startswith("readability.")] == [
        ("readability.section-grade", 19),
        ("readability.section-grade", 29),
        ("readability.long-sentence", 17),
        ("readability.long-sentence", 21),
        ("readability.hard-sentence", 23),
        ("readability.hard-sentence", 21),
        ("readability.hard-sentence", 61),
    ]
    assert {"medications", "irregular", "urinating", "bowel movement"} <= {
        f.message.split('"')[1] for f in found if f.rule == "plain-language.word"
    }


# The list's format


def load(tmp_path: Path, text: str, encoding: str = "utf-8") -> PlainLanguage:
    path = tmp_path / "plain.csv"
    path.write_text(text, encoding=encoding)
    return load_plain_language(path)


HEADER = "word,suggestion,note,severity\n"


def test_list_allows_comments_blank_lines_and_an_excel_bom(tmp_path: Path) -> None:
    glossary = load(tmp_path, "# hard words\n\n" + HEADER + "utilize,use,,INFO\n", "utf-8-sig")
    assert [(e.word, e.suggestion, e.severity) for e in glossary.entries] == [
        ("utilize", "use", Severity.INFO)
    ]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("word,suggestion,severity\n", 1, "missing column 'note'"),
        ("word,suggestion,note,severity,extra\n", 1, "unknown column 'extra'"),
        (HEADER + "utilize,use,\n", 2, "expected 4 fields, found 3"),
        (HEADER + "# a comment\n ,use,,info\n", 3, "empty word"),
        (HEADER + "utilize,,,info\n", 2, "no suggestion for 'utilize'"),
        (HEADER + "utilize,use,,error\n", 2, "severity 'error' is not one of info, warning"),
        (HEADER + "Utilize,use,,info\n\nutilize,use,,info\n", 4, "duplicate word 'utilize'"),
    ],
)
def test_a_bad_list_names_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    with pytest.raises(DataFileError) as raised:
        load(tmp_path, text)
    assert str(raised.value).startswith(f"{tmp_path / 'plain.csv'}:{line}: {message}")


def test_an_empty_or_missing_list_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="empty: the first row must be"):
        load(tmp_path, "# nothing\n")
    with pytest.raises(DataFileError, match="cannot read"):
        load_plain_language(tmp_path / "missing.csv")
