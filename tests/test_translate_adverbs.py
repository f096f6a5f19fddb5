"""English adverbs in -ly the engine does not know (pipeline.translate.adverbs): made from
the adjective it knows, through Apertium's own analyser, bilingual dictionary and Spanish
generator (skipped where Apertium is not installed; CI installs it)."""

from __future__ import annotations

import pytest

from pipeline.engines.apertium import ApertiumEngine
from pipeline.translate import adverbs, drafting
from pipeline.translate.conventions import Conventions
from tests.conftest import PROJECT_GLOSSARY, needs_apertium, spanish_units


@needs_apertium
@pytest.mark.parametrize(
    ("english", "adverb"),
    [
        ("intensely", "intensamente"),  # intenso → intensa + mente
        ("Importantly", "importantemente"),  # importante: one form for both genders
        ("probably", "probablemente"),  # probab-ly ← probab-le
        ("easily", "fácilmente"),  # eas-ily ← eas-y; the accent stays
        ("dramatically", "dramáticamente"),  # dramatic-ally
        # No adjective the engine knows: nouns in -ly, and words too short to have one.
        ("family", None),
        ("anomaly", None),
        ("assembly", None),
        ("fly", None),
    ],
)
def test_an_adverb_is_made_only_from_an_adjective_the_engine_knows(
    spanish: Conventions, english: str, adverb: str | None
) -> None:
    found = adverbs.guesses([english], spanish)
    assert (found[english].target if english in found else None) == adverb


@pytest.mark.parametrize(
    ("english", "spanish_text"),
    [
        ("The pain may be intense and the child cries intensely.", "intensamente."),
        ("Importantly, call the clinic if the fever lasts.", "Importantemente, "),
    ],
)
def test_unknown_adverbs_are_spanish_in_drafts_and_noted_for_checking(
    engine: ApertiumEngine, english: str, spanish_text: str
) -> None:
    (unit,) = spanish_units([english], engine, PROJECT_GLOSSARY)
    assert spanish_text in (unit.target or "")
    assert "ly" not in (unit.target or "").replace("Importantemente", "")
    assert any(n.startswith(drafting.GUESSED_NOTE) for n in unit.notes)
