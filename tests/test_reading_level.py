"""Reading level on the document model: the seed's numbers, equality with textstat, sentences."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import socket
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import NoReturn

import nltk  # type: ignore[import-untyped]
import pytest
import textstat  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st
from textstat.backend import counts, metrics, utils  # type: ignore[import-untyped]

from pipeline.checks.context import Context
from pipeline.config import Config
from pipeline.model import Document, Location, Meta, Paragraph, Section, Span
from pipeline.readers.text import parse
from pipeline.reading_level import METRICS, Measurement, Sentence, measure, measured
from pipeline.syllables import CMUDICT_ENV, prepare_cmudict
from pipeline.syllables import count as syllables
from pipeline.units import Kind, section_units, units

TEXTSTAT: dict[str, Callable[[str, str], float]] = {
    "flesch_kincaid_grade": metrics.flesch_kincaid_grade,
    "smog_index": metrics.smog_index,
    "flesch_reading_ease": metrics.flesch_reading_ease,
    "gunning_fog": metrics.gunning_fog,
    "coleman_liau_index": lambda text, lang: metrics.coleman_liau_index(text),
    "automated_readability_index": lambda text, lang: metrics.automated_readability_index(text),
    "dale_chall_readability_score": metrics.dale_chall_readability_score,
}


def described(texts: list[str]) -> str:
    """A section's text as pipeline.reading_level's docstring describes it, built independently."""
    lines = []
    for index, text in enumerate(texts):
        end = text.rstrip().rstrip("\"')]\u201d\u2019")[-1:]
        closed = end in {".", "!", "?"} or (end == ":" and index < len(texts) - 1)
        lines.append(text if closed or not text.strip() else text + ".")
    return "\n".join(lines)


@pytest.fixture(autouse=True, scope="module")
def textstat_offline() -> None:
    """textstat, which these tests compare with, would download the CMU dictionary."""
    prepare_cmudict()


def textstat_metrics(text: str) -> dict[str, float]:
    found = {name: round(formula(text, "en"), 2) for name, formula in TEXTSTAT.items()}
    return {**found, "words": counts.count_words(text), "sentences": counts.count_sentences(text)}


@pytest.fixture(scope="module")
def measurement(seed: Document) -> Measurement:
    return measure(seed)


def test_seed_numbers_are_pinned(measurement: Measurement) -> None:
    # ENVIRONMENT.md: 6.83 and 9.68 with every item a sentence; 9.19 and 11.79 as scraped.
    assert measurement.metrics == {
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
    assert measurement.raw == {"flesch_kincaid_grade": 9.19, "smog_index": 11.79, "sentences": 40}


def test_seed_equals_textstat_on_the_described_text(
    seed: Document, measurement: Measurement
) -> None:
    sections = [described([u.text for u in section_units(s)]) for s in seed.sections]
    sheet = "\n".join([seed.meta.title or "", *sections])
    assert measurement.metrics == textstat_metrics(sheet)
    for section, text in zip(measurement.sections, sections, strict=True):
        assert section.metrics == textstat_metrics(text)


def test_raw_is_textstat_on_the_scraped_text(seed: Document, measurement: Measurement) -> None:
    raw = "\n".join(unit.text for unit in units(seed))
    assert measurement.raw["flesch_kincaid_grade"] == round(
        metrics.flesch_kincaid_grade(raw, "en"), 2
    )
    assert measurement.raw["smog_index"] == round(metrics.smog_index(raw, "en"), 2)
    assert measurement.raw["sentences"] == counts.count_sentences(raw)


def test_sections_include_headings_and_every_section(
    seed: Document, measurement: Measurement
) -> None:
    assert [s.heading for s in measurement.sections] == [s.heading for s in seed.sections]
    assert [s.loc for s in measurement.sections] == [s.loc for s in seed.sections]
    title_words = len(seed.meta.title.split()) if seed.meta.title else 0
    section_words = sum(s.metrics["words"] for s in measurement.sections)
    assert measurement.metrics["words"] == section_words + title_words


def test_every_metric_is_reported_rounded(measurement: Measurement) -> None:
    for found in (measurement.metrics, *(s.metrics for s in measurement.sections)):
        assert set(found) == {*METRICS, "words", "sentences"}
        assert all(round(value, 2) == value for value in found.values())


def test_textstat_global_language_is_left_alone(seed: Document) -> None:
    textstat.set_lang("es")
    try:
        assert measure(seed).metrics["flesch_kincaid_grade"] == 6.83
    finally:
        textstat.set_lang("en_US")


def test_a_regional_tag_measures_like_its_language(seed: Document) -> None:
    british = dataclasses.replace(seed, meta=dataclasses.replace(seed.meta, lang="en-GB"))
    assert measure(british).metrics == measure(seed).metrics


# Sentences


def by_start(measurement: Measurement) -> dict[tuple[int, int], Sentence]:
    return {(s.loc.line, s.loc.col): s for s in measurement.sentences}


def unit_at(document: Document, line: int) -> tuple[Location, str]:
    (unit,) = [u for u in units(document) if u.loc.line == line and u.kind != Kind.TITLE]
    return unit.loc, unit.text


def test_sentences_know_where_they_start(seed: Document, measurement: Measurement) -> None:
    loc, text = unit_at(seed, 15)
    sentence = by_start(measurement)[(15, loc.col + text.index("Do not freeze"))]
    assert (sentence.text, sentence.words) == ("Do not freeze it.", 4)


def test_the_title_is_not_a_sentence_but_headings_are(measurement: Measurement) -> None:
    first = measurement.sentences[0]
    assert (first.text, first.loc.line) == ("How does this medicine work?", 7)


def test_items_are_sentences_shown_without_the_added_period(
    seed: Document, measurement: Measurement
) -> None:
    loc, _ = unit_at(seed, 61)
    sentence = by_start(measurement)[(61, loc.col)]
    assert (sentence.text, sentence.words, sentence.polysyllables) == (
        "abdominal enlargement",
        2,
        2,
    )


def test_a_colon_leads_into_the_next_unit(seed: Document, measurement: Measurement) -> None:
    starts = by_start(measurement)
    loc, _ = unit_at(seed, 95)
    assert starts[(95, loc.col)].text == (
        "For females of child-bearing age: Do not breastfeed while you are being treated "
        "with aldesleukin."
    )
    loc, _ = unit_at(seed, 88)
    assert starts[(88, loc.col)].text == "signs of allergic reaction: rash or hives"
    assert len(measurement.sentences) == 92


def sheet(body: str) -> Document:
    return parse("Title\n\nWhat is it?\n\n" + body + "\n", "x.txt", Config())


def texts(document: Document) -> list[str]:
    return [s.text for s in measure(document).sentences]


def test_a_section_ending_in_a_colon_still_ends_its_sentence() -> None:
    document = parse("Title\n\nFirst:\n\nSecond part\n", "x.txt", Config())
    assert texts(document) == ["First:", "Second part"]


def test_sentences_split_only_before_white_space() -> None:
    found = texts(sheet('Take 1.5 mL by mouth. He said "stop." Then rest! (Call 911.) Done'))
    assert found[1:] == [
        "Take 1.5 mL by mouth.",
        'He said "stop."',
        "Then rest!",
        "(Call 911.)",
        "Done",
    ]


def test_hardest_ranks_sentences_that_raise_the_grade(measurement: Measurement) -> None:
    hardest = measurement.hardest(2)
    assert [s.loc.line for s in hardest] == [23, 21]
    assert hardest[0].difficulty == pytest.approx(0.192, abs=1e-3)
    assert measurement.hardest() == tuple(
        sorted(
            (s for s in measurement.sentences if round(s.difficulty, 2) > 0),
            key=lambda s: -s.difficulty,
        )
    )


def test_difficulty_is_the_grade_the_sentence_adds() -> None:
    hard = "Immunotherapy necessitates continuous cardiovascular observation."
    document = sheet(f"Take the pill. {hard} Drink water.")
    measurement = measure(document)
    without = measure(sheet("Take the pill. Drink water."))
    (sentence,) = [s for s in measurement.sentences if s.text == hard]
    expected = measurement.metrics["flesch_kincaid_grade"] - without.metrics["flesch_kincaid_grade"]
    assert sentence.difficulty == pytest.approx(expected, abs=0.01)
    assert measurement.hardest(1) == (sentence,)


def test_sentences_as_easy_as_the_sheet_are_not_hard() -> None:
    document = parse("Pill\n\nTake the pill\n\nTake the pill. Take the pill.\n", "x.txt", Config())
    assert measure(document).hardest() == ()


def test_measured_is_computed_once_per_run(seed: Document, config: Config) -> None:
    with Context(config, dt.date(2026, 11, 25)) as context:
        first = measured(seed, context)
        assert measured(seed, context) is first
    with Context(config, dt.date(2026, 11, 25)) as context:
        assert measured(seed, context) is not first


def test_measured_keeps_only_the_sheet_being_checked(seed: Document, config: Config) -> None:
    other = sheet("Take the pill with water.")
    with Context(config, dt.date(2026, 11, 25)) as context:
        first = measured(seed, context)
        assert measured(other, context).metrics != first.metrics
        again = measured(seed, context)
    assert again is not first  # dropped when the other sheet came: memory stays flat
    assert again == first


# Syllables: textstat's counts, from a table rather than nltk's copy of the dictionary.

#: Words the CMU dictionary lacks (pyphen counts them) or that textstat splits or strips.
ODD_WORDS = [
    "Aldesleukin", "phlebotomist", "ondansetron", "Crohn's", "it's", "don't", "naïve",
    "café", "911", "1.5", "e.g.", "build-up", "rock'n'roll", "x'", "'quoted'", "İstanbul",
    "_", "qwzx", "Hullabaloo", "METHOTREXATE",
]  # fmt: skip


def test_syllables_equal_textstat_in_and_out_of_the_dictionary() -> None:
    prepare_cmudict()
    dictionary = utils.get_cmudict("en")  # textstat's, through nltk
    assert sum(word.lower() not in dictionary for word in ODD_WORDS) >= 8
    sample = random.Random(0).sample(sorted(dictionary), 300)
    words = [*ODD_WORDS, *sample, *(word.capitalize() for word in sample[:50])]
    for lang, textstat_lang in (("en", "en"), ("en-US", "en"), ("es", "es"), ("fr", "fr")):
        expected = [counts.count_syllables(word, textstat_lang) for word in words]
        assert [syllables(word, lang) for word in words] == expected, lang


def refuse(*args: object, **kwargs: object) -> NoReturn:
    raise AssertionError("reading level must not use the network or load nltk's dictionary")


def test_syllables_are_written_once_and_read_without_network_or_nltk(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(nltk, "download", refuse)
    monkeypatch.setattr(nltk.data, "path", list(nltk.data.path))
    monkeypatch.setattr(nltk.corpus, "cmudict", SimpleNamespace(dict=refuse))
    monkeypatch.setenv(CMUDICT_ENV, str(tmp_path))
    assert [syllables(word, "en") for word in ("medicine", "aldesleukin", "it's")] == [3, 2, 1]
    (table,) = tmp_path.glob("cmudict-*/syllables.pickle")
    assert table.parent == prepare_cmudict()
    document = sheet("A quizzical phlebotomist's xylophonic hullabaloo.")
    assert measure(document).sentences[-1].syllables == 16


# Equality with textstat on generated sections: the counts and formulas are textstat's.

PIECES = [
    "the", "medicine", "Aldesleukin", "it's", "don't", "child's", "Crohn's", "1.5", "911",
    "e.g.", "U.S.", "(IV)", "build-up", "and/or", "\u201cquoted\u201d", "'quoted'", "\u2014",
    "-", "&", "?", "!", "...", ":", "Dr.", "rock'n'roll", "x'", "hypertension", "a",
    "irregular", "50%", "mL", "•", "_", "café", "résumé", "naïve",
]  # fmt: skip
ENDINGS = ["", ".", "?", "!", ":", ".)", '."', "?\u201d", ",", " ."]

unit_text = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=12),
    st.sampled_from(ENDINGS),
)


def document_of(sections: list[tuple[str | None, list[str]]], title: str | None) -> Document:
    here = Location("generated.txt", 1)
    return Document(
        Meta(title, "en-US", here),
        tuple(
            Section(heading, 2, tuple(Paragraph((Span(t),), here) for t in body), here)
            for heading, body in sections
        ),
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.none() | unit_text, st.lists(unit_text, max_size=5)), min_size=1, max_size=3
    ),
    st.none() | unit_text,
)
def test_sections_and_raw_equal_textstat(
    sections: list[tuple[str | None, list[str]]], title: str | None
) -> None:
    document = document_of(sections, title)
    measurement = measure(document)
    for section, found in zip(document.sections, measurement.sections, strict=True):
        expected = textstat_metrics(described([u.text for u in section_units(section)]))
        assert found.metrics == expected
    raw = "\n".join(u.text for u in units(document))
    assert measurement.raw["flesch_kincaid_grade"] == round(
        metrics.flesch_kincaid_grade(raw, "en"), 2
    )
    assert measurement.raw["smog_index"] == round(metrics.smog_index(raw, "en"), 2)


@settings(max_examples=50, deadline=None)
@given(st.lists(unit_text, min_size=1, max_size=6))
def test_sentence_counts_add_up_to_the_section(body: list[str]) -> None:
    measurement = measure(document_of([("Heading", body)], None))
    words = sum(s.words for s in measurement.sentences)
    assert words == measurement.sections[0].metrics["words"]
