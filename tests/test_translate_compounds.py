"""Number compounds ("a 5-day fever", "a 7-year-old child") in Spanish drafts.

Apertium glues them into one word ("fiebrede5 días", "niñode7años"); the draft path
splits them again (pipeline.translate.compounds). Checked on the split alone, then with
the real Apertium pipeline (skipped where it is not installed; CI installs it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.engines.apertium import ApertiumEngine
from pipeline.errors import DataFileError
from pipeline.translate import compounds, conventions
from pipeline.translate.conventions import Conventions
from tests.conftest import PROJECT_GLOSSARY, spanish_drafts


@pytest.mark.parametrize(
    ("raw", "english", "split"),
    [
        ("una fiebrede5 días", "a 5-day fever", "una fiebre de 5 días"),
        ("Un niñode7años", "A 7-year-old child", "Un niño de 7 años"),
        ("una esperade2.5 horas", "a 2.5-hour wait", "una espera de 2.5 horas"),
        ("Un niñodeunaño", "A one-year-old child", "Un niño de un año"),  # never "una ño"
        ("Una criaturadeunmes", "A one-month-old baby", "Una criatura de un mes"),
        ("un cursodedos semanas", "a two-week course", "un curso de dos semanas"),
        # The English has no number compound: the engine's text stays as it is.
        ("una fiebrede5 días", "a fever of 5 days", "una fiebrede5 días"),
        # A word of the English is never split, nor a word after a hyphen.
        ("Codede5 es", "Codede5 is a 5-day code", "Codede5 es"),
        ("Un 10-a-cursode14 días", "A 10-to-14-day course", "Un 10-a-cursode14 días"),
    ],
)
def test_a_glued_compound_is_split_where_the_english_has_one(
    spanish: Conventions, raw: str, english: str, split: str
) -> None:
    assert compounds.split(raw, english, spanish) == split


def test_without_compounds_data_nothing_is_split(language_zz: Path) -> None:
    (language_zz / "conventions.toml").write_text("[punctuation]\n", encoding="utf-8")
    found = conventions.load("zz")
    assert found is not None
    assert compounds.split("fiebrede5 días", "a 5-day fever", found) == "fiebrede5 días"


def test_compounds_data_needs_a_link_and_a_pattern(language_zz: Path) -> None:
    (language_zz / "conventions.toml").write_text("[compounds]\nlink = 'de'\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="link and an english pattern"):
        conventions.load("zz")


@pytest.mark.parametrize(
    ("english", "spanish_text"),
    [
        ("A 7-year-old child had a 5-day fever.", "niño de 7 años tuvo una fiebre de 5 días."),
        ("Give a 10-day course of antibiotics.", "curso de 10 días de antibióticos."),
        ("Your 2-year-old may cry.", "Su niño de 2 años puede llorar."),
        ("A 3-month-old baby may have a fever.", "bebé de 3 meses"),
        ("A one-year-old child can walk.", "niño de un año"),
        ("The visit is a 30-minute appointment.", "cita de 30 minutos."),
        # The space Apertium leaves before a stop or comma after such phrases is gone.
        ("The visit is a long appointment.", "es una cita larga."),
        ("It was a 3-day fever, and it went away.", "fiebre de 3 días, y"),
        # A glossary noun sent as a stand-in comes back through the compound ("fever").
        ("He had a 5-day fever and a 2-week rash.", "fiebre de 5 días y un sarpullido de 2"),
    ],
)
def test_number_compounds_read_as_spanish_writes_them(
    engine: ApertiumEngine, english: str, spanish_text: str
) -> None:
    (draft,) = spanish_drafts([english], engine, PROJECT_GLOSSARY)
    assert spanish_text in draft
    assert not any(w for w in draft.split() if "de" in w and any(c.isdigit() for c in w))
