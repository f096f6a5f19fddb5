"""The spelling yardstick on real pages: its corpus must be the one SOURCES.md vouches for,
its verified typos must really be in the files, and its typos must be reproducible,
placed where it says, and real non-words, or the precision and recall it prints mean
nothing."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from benchmarks.spelling_precision import (
    CORPUS,
    REAL_TYPOS,
    SOURCES,
    check,
    corpus_files,
    english,
    inject,
    load_real_typos,
    misspellings,
)
from pipeline.checks import Context
from pipeline.config import Config

SAMPLE = """Getting Your Vaccine
Tell your provider if the person getting the vaccine:
Has had an allergic reaction after a previous dose
Visit www.cdc.gov/vaccines or call your health department.
"""
WORDS = {"Getting", "Your", "Vaccine", "Tell", "your", "provider", "person", "getting", "vaccines"}


def test_the_corpus_is_exactly_the_files_with_provenance() -> None:
    listed = corpus_names()
    on_disk = {
        path.relative_to(CORPUS).as_posix()
        for path in CORPUS.rglob("*")
        if path.is_file() and path.name not in (SOURCES, REAL_TYPOS)
    }
    assert set(listed) == on_disk
    assert len(listed) == len(set(listed))
    assert len(english(listed)) >= 25


def test_every_spanish_reference_has_its_english_file_of_the_same_name() -> None:
    listed = corpus_names()
    spanish = [name.removeprefix("es/") for name in listed if name.startswith("es/")]
    assert spanish
    assert set(spanish) <= set(english(listed))


def test_every_verified_typo_is_in_its_file() -> None:
    real = load_real_typos(CORPUS / REAL_TYPOS)
    assert real
    for name, word in real:
        assert name in corpus_names()
        assert word in (CORPUS / name).read_text(encoding="utf-8")


def test_a_malformed_typo_line_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "typos.txt"
    bad.write_text("# fine\ncdc-vis-mmr.txt two words\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"typos\.txt:2"):
        load_real_typos(bad)


def test_each_kind_of_typo_is_what_it_says() -> None:
    kinds = misspellings("receive")
    assert all(typo[0] == "r" and typo != "receive" for typos in kinds.values() for typo in typos)
    assert all(sorted(t) == sorted("receive") for t in kinds["transposition"])
    assert all(len(t) == len("receive") + 1 for t in kinds["doubled letter"])
    assert all(len(t) == len("receive") - 1 for t in kinds["missing letter"])
    assert "recieve" in kinds["common misspelling"]
    assert "Recieve" in misspellings("Receive")["common misspelling"]


def test_typos_are_reproducible_placed_where_reported_and_never_in_addresses() -> None:
    def nonword(text: str) -> bool:
        return text.lower() not in {w.lower() for w in WORDS}

    text, typos = inject(SAMPLE, random.Random(7), 20, WORDS.__contains__, nonword)
    assert (text, typos) == inject(SAMPLE, random.Random(7), 20, WORDS.__contains__, nonword)
    assert len(typos) == 9  # every eligible place but the address: "your" is there twice
    lines = text.splitlines()
    for typo in typos:
        assert typo.typo in lines[typo.line - 1]
        assert typo.word in SAMPLE.splitlines()[typo.line - 1]
    assert "www.cdc.gov/vaccines" in text
    assert text.count("\n") == SAMPLE.count("\n")


def test_no_typo_when_no_word_may_take_one() -> None:
    text, typos = inject(SAMPLE, random.Random(0), 3, lambda word: False, lambda typo: True)
    assert (text, typos) == (SAMPLE, [])


def test_an_injected_typo_in_a_real_sheet_is_caught(
    hunspell: None, config: Config, tmp_path: Path
) -> None:
    source = (CORPUS / "cdc-vis-mmr.txt").read_text(encoding="utf-8")
    text, typos = inject(
        source, random.Random(0), 1, {"vaccinated"}.__contains__, lambda t: t != "vaccinated"
    )
    (tmp_path / "cdc-vis-mmr.txt").write_text(text, encoding="utf-8")
    with Context(config, dt.date(2026, 12, 31)) as context:
        sheet = check(tmp_path / "cdc-vis-mmr.txt", "cdc-vis-mmr.txt", config, context)
        pdf = check(CORPUS / "cdc-vis-covid-19.pdf", "cdc-vis-covid-19.pdf", config, context)
    assert [typo.word for typo in typos] == ["vaccinated"]
    assert typos[0].typo in {word for _, _, word in sheet.found}
    assert pdf.document is not None, pdf.skipped  # agency PDFs are read and checked too


def corpus_names() -> list[str]:
    return corpus_files(CORPUS)
