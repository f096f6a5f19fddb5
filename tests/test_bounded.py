"""Bounded on every input (issue 11): each kind of input has a size cap whose message names
the file, the cap and the setting; time and memory grow linearly with the input. Growth is
judged by the ratio between an input and one four times larger, never by a wall time."""

from __future__ import annotations

import datetime as dt
import random
import string
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline import capped, csvdata, glossary
from pipeline.audit import audit
from pipeline.config import Config
from pipeline.errors import DataFileError, SourceError
from pipeline.glossary import Glossary, Status, Term
from pipeline.readers import read
from pipeline.report import html_report
from pipeline.translate import xliff
from tests.conftest import SEED

TODAY = dt.date(2026, 1, 1)


# --- caps ----------------------------------------------------------------------------------


def test_a_file_over_its_cap_is_refused_naming_file_cap_and_setting(tmp_path: Path) -> None:
    path = tmp_path / "big.xlf"
    path.write_bytes(b"x" * 3_000_001)
    with pytest.raises(DataFileError) as raised:
        capped.read_bytes(path, "translations/es/big.xlf", 2_000_000, "translation.max_xliff_bytes")
    assert str(raised.value) == (
        "translations/es/big.xlf: file is 3.0 MB, over the limit of 2.0 MB: refused "
        "(if it is right, raise translation.max_xliff_bytes in pipeline.toml)"
    )
    assert capped.read_bytes(path, "big.xlf", 3_000_001, "x") == b"x" * 3_000_001


@pytest.mark.parametrize(
    ("name", "setting"),
    [
        ("sheet.txt", "text_reader.max_bytes"),
        ("sheet.md", "text_reader.max_bytes"),
        ("sheet.html", "text_reader.max_bytes"),
        ("sheet.docx", "text_reader.max_docx_bytes"),
    ],
)
def test_sheets_have_caps(tmp_path: Path, config: Config, name: str, setting: str) -> None:
    small = replace(
        config, text_reader=replace(config.text_reader, max_bytes=100, max_docx_bytes=100)
    )
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04" + b"a" * 200)
    with pytest.raises(SourceError, match=rf"over the limit of 0\.0 MB.*{setting}"):
        read(path, small, name)


def test_glossaries_and_word_lists_have_a_cap(tmp_path: Path) -> None:
    path = tmp_path / "en-es.csv"
    rows = "".join(f"dose {n},dosis {n},proposed\n" for n in range(100))
    path.write_text("source,target,status\n" + rows, encoding="utf-8")
    with pytest.raises(DataFileError, match=r"translation\.max_glossary_bytes"):
        glossary.load(path, max_bytes=1000)
    with pytest.raises(DataFileError, match=r"translation\.max_glossary_bytes"):
        csvdata.read(path, ("source",), ("target", "status"), max_bytes=1000)
    assert len(glossary.load(path, max_bytes=10_000).terms) == 100


def test_xliff_has_a_cap(tmp_path: Path) -> None:
    path = tmp_path / "fever.xlf"
    path.write_bytes(b"<xliff/>" * 100)
    with pytest.raises(DataFileError, match=r"translation\.max_xliff_bytes"):
        xliff.load(path, 100)


# --- growth ----------------------------------------------------------------------------------


def _peak(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _fastest(action: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


WORDS = [
    "the",
    "child",
    "should",
    "take",
    "this",
    "medicine",
    "with",
    "food",
    "and",
    "water",
    "every",
    "day",
    "intermittant",
]


def _one_line_sheet(folder: Path, characters: int) -> Path:
    rng = random.Random(characters)
    words = " ".join(rng.choice(WORDS) for _ in range(characters // 6))
    path = folder / f"line{characters}.txt"
    path.write_text(f"Big Line\n\n{words}\n\nLast reviewed 8/2025\n", encoding="utf-8")
    return path


def test_the_audit_and_its_report_grow_linearly_with_a_line(
    tmp_path: Path, config: Config, hunspell: None
) -> None:
    """A line with a typo every few words: each finding's context is quoted in the report.
    Quoting the whole line for each made memory grow with the square of its length."""
    settings = replace(config, audit=replace(config.audit, report=tmp_path / "report"))

    def run(characters: int) -> None:
        sheet = _one_line_sheet(tmp_path, characters)
        html_report.write(audit(settings, [sheet], TODAY), settings)

    run(2_000)  # imports, dictionaries, caches
    small, large = _peak(lambda: run(25_000)), _peak(lambda: run(100_000))
    assert large / small < 6, (small, large)  # linear: about 4; quadratic: 16


def _terms(count: int) -> tuple[Term, ...]:
    rng = random.Random(count)
    terms = []
    for number in range(count):
        word = "".join(rng.choice(string.ascii_lowercase) for _ in range(8))
        status = Status.FORBIDDEN if number % 3 == 0 else Status.PROPOSED
        terms.append(Term(word, f"{word}o", status, (), "", None, None, False, number + 2))
    terms.append(Term("medicine", "medicamento", Status.PROPOSED, (), "", None, None, False, 1))
    return tuple(terms)


def test_applying_a_glossary_costs_the_same_however_many_terms_it_has() -> None:
    sentences = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]

    def cost(count: int) -> float:
        gloss = Glossary("en", "es", Path("en-es.csv"), _terms(count), "v")
        glossary.find_terms(gloss, "warm up the index")

        def apply() -> None:
            for sentence in sentences:
                glossary.find_terms(gloss, sentence)
                glossary.forbidden_found(gloss, "medicamento", sentence)

        return _fastest(apply, repeat=5)

    small, large = cost(10_000), cost(40_000)
    assert large / small < 2.5, (small, large)  # a scan per term: about 4


def test_loading_a_glossary_grows_linearly(tmp_path: Path) -> None:
    def write(count: int) -> Path:
        path = tmp_path / str(count) / "en-es.csv"
        path.parent.mkdir()
        rows = [",".join((t.source, t.target, t.status.value)) for t in _terms(count)]
        path.write_text("source,target,status\n" + "\n".join(rows) + "\n", encoding="utf-8")
        return path

    small, large = write(5_000), write(20_000)
    ratio = _peak(lambda: glossary.load(large)) / _peak(lambda: glossary.load(small))
    assert ratio < 6, ratio  # linear: about 4; quadratic: 16
