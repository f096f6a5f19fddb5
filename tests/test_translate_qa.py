"""Term protection and the checks every translated segment goes through."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import glossary as glossaries
from pipeline.glossary import Glossary
from pipeline.model import Location
from pipeline.translate import protect, qa

GLOSSARY = Path(__file__).parent / "fixtures" / "qa-glossary" / "en-es.csv"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return glossaries.load(GLOSSARY)


def translate_tokens(text: str) -> str:
    """What an engine that keeps placeholders does to the rest: changes it."""
    return text.replace("Give", "Dé").replace("a day", "al día")


def test_protect_and_restore_with_approved_plurals_and_brand_names(glossary: Glossary) -> None:
    text = "Proleukin lowers platelets and red blood cells during the infusion."
    guarded = protect.protect(text, glossaries.find_terms(glossary, text), "es")
    assert guarded.text == "⟦T1⟧ lowers ⟦T2⟧ and ⟦T3⟧ during the ⟦T4⟧."
    restored, lost = protect.restore(guarded.text, guarded)
    assert restored == "Proleukin lowers plaquetas and glóbulos rojos during the infusión."
    assert lost == ()


def test_a_lost_placeholder_is_reported_not_guessed(glossary: Glossary) -> None:
    guarded = protect.protect(
        "Check platelets.", glossaries.find_terms(glossary, "Check platelets."), "es"
    )
    restored, lost = protect.restore("Revise.", guarded)
    assert restored == "Revise." and [slot.found for slot in lost] == ["platelets"]


@given(
    st.lists(st.sampled_from([*"abc .,", "platelet", "Proleukin", " infusion", "s"])).map("".join)
)
def test_protecting_then_restoring_untranslated_text_gives_the_targets_back(text: str) -> None:
    glossary = glossaries.load(GLOSSARY)
    matches = glossaries.find_terms(glossary, text)
    guarded = protect.protect(text, matches, "es")
    restored, lost = protect.restore(guarded.text, guarded)
    assert lost == ()
    assert protect.placeholders(restored) == []
    expected, position = [], 0
    for match in matches:
        if match.term.status in protect.ENFORCED:
            expected += [
                text[position : match.start],
                protect.rendering(protect.Slot("", match.term, match.text), "es"),
            ]
            position = match.end
    assert restored == "".join(expected) + text[position:]


def check(glossary: Glossary, source: str, target: str, reviewed: bool = False) -> list[str]:
    segment = qa.Segment("u7", source, target, Location("sources/x.txt", 12), reviewed)
    return [f"{f.rule} {f.severity}" for f in qa.check(segment, glossary, "es")]


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("Keeps for 48 hours.", "Se conserva 48 horas.", []),
        ("Keeps for 48 hours.", "Se conserva 24 horas.", ["translation.number"] * 2),
        ("Take it out one hour before.", "Sáquelo una hora antes.", []),
        (
            "Call 911 if it gets worse.",
            "Llame si empeora.",
            ["translation.number", "translation.urgent"],
        ),
        # Not an imperative in English either: an infinitive is right, a noun still is not.
        (
            "If you need to call 911, tell them.",
            "Si necesita llamar al 911, dígales.",
            [],
        ),
        ("You should call 911.", "Debe llamar al 911.", []),
        (
            "If you need to call 911, tell them.",
            "Si necesita la llamada 911, dígales.",
            ["translation.urgent", "translation.dangerous"],
        ),
        ("Call 911.", "Llamar al 911.", ["translation.urgent"]),
        # "Stop + -ing" is "dejar de": Apertium's "para respirar" reads "stops to breathe".
        (
            "If he stops breathing, call 911.",
            "Si para respirar, llame al 911.",
            ["translation.dangerous"],
        ),
        ("If he stops breathing, call 911.", "Si deja de respirar, llame al 911.", []),
        (
            "Stop taking it if a rash appears.",
            "Pare tomando si aparece un sarpullido.",
            ["translation.dangerous"],
        ),
        ("Stop taking it if a rash appears.", "Deje de tomarlo si aparece un sarpullido.", []),
        ("Give 2.5 mL.", "Dé 2,5 mL.", []),
        ("Give the infusion.", "Dé la infusión.", []),
        ("Give the infusion.", "Dé el goteo.", ["translation.term"]),
        ("Proleukin helps.", "Proleukin ayuda.", []),
        ("Proleukin helps.", "Proleucina ayuda.", ["translation.term"]),
        ("Do not be embarrassed.", "No esté embarazada.", ["translation.forbidden"]),
        ("Do not get pregnant.", "No quede embarazada.", []),
        ("It is intermittant.", "Es *intermittant.", ["translation.unknown-word"]),
        ("Check platelets.", "Revise ⟦T1⟧.", ["translation.placeholder", "translation.term"]),
        ("Check.", "", ["translation.empty"]),
    ],
)
def test_segment_checks(glossary: Glossary, source: str, target: str, expected: list[str]) -> None:
    found = check(glossary, source, target)
    assert [f.split()[0] for f in found] == expected
    # Machine drafts get warnings, except that an urgent instruction lost is always an error.
    assert all(f.endswith("error" if "urgent" in f else "warning") for f in found)


def test_reviewed_translations_turn_warnings_into_errors(glossary: Glossary) -> None:
    assert check(glossary, "Call 911.", "Llame.", reviewed=True) == [
        "translation.number error",
        "translation.urgent error",
    ]
