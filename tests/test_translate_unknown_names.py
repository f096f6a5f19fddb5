"""Names, codes and lower-case words the engine does not know, sent again as stand-ins
(pipeline.translate.unknown): each class where the engine would reorder a stand-in, with
real Apertium (skipped where it is not installed; CI installs it)."""

from __future__ import annotations

import pytest

from pipeline.engines.apertium import ApertiumEngine
from pipeline.translate import drafting, unknown
from pipeline.translate.conventions import Conventions
from tests.conftest import APERTIUM_MISSING as MISSING
from tests.conftest import needs_apertium, spanish_units


@needs_apertium
@pytest.mark.parametrize(
    ("english", "kept", "not_wanted"),
    [
        # A name after a noun phrase's noun: a place name there became the compound's head.
        ("It was caused by the novel virus SARS-CoV-2.", "virus novel SARS-CoV-2", "de virus"),
        ("They named the disease COVID-19.", "enfermedad COVID-19", "de enfermedad"),
        # A name before "et al": "et al de Zhou".
        ("The flow chart of Zhou et al. was updated.", "Zhou et al.", "et al de"),
    ],
)
def test_a_name_after_a_noun_or_before_et_al_keeps_its_place(
    engine: ApertiumEngine, english: str, kept: str, not_wanted: str
) -> None:
    (unit,) = spanish_units([english], engine)
    assert kept in (unit.target or "") and not_wanted not in (unit.target or "")
    assert drafting.UNKNOWN_NOTE in " ".join(unit.notes)


@needs_apertium
def test_a_name_before_a_noun_still_builds_a_compound(engine: ApertiumEngine) -> None:
    """Where the name modifies the noun after it, the place-name stand-in is right."""
    (unit,) = spanish_units(["The first SARS-CoV-2 infection was mild."], engine)
    assert "infección de SARS-CoV-2" in (unit.target or "")


def test_the_tagger_says_which_names_are_appositions(spanish: Conventions) -> None:
    if MISSING:
        pytest.skip(f"{MISSING} (CI installs it)")
    texts = {0: "It was caused by the novel virus SARS-CoV-2.", 1: "SARS-CoV-2 infection rose."}
    words = unknown.tagged(texts, spanish)
    raws = ["causado por el virus novel *SARS-*CoV-2.", "*SARS-*CoV-2 infección subió."]
    kinds = [
        unknown.plan(texts[n], raws[n], {}, spanish, words=words[n])["SARS-CoV-2"].pos
        for n in (0, 1)
    ]
    assert kinds == [unknown.APPOSITION, unknown.NAME]


@needs_apertium
@pytest.mark.parametrize(
    "english",
    ["COVID-19 cases in EU/EEA countries and the UK.", "It was termed Hipposideros/Ghana/19/2008."],
)
def test_a_name_in_a_slash_group_is_left_where_it_stands(
    engine: ApertiumEngine, english: str
) -> None:
    """Any stand-in there is compounded across the slash ("países/de Londres de la UE")."""
    (unit,) = spanish_units([english], engine)
    assert "/de " not in (unit.target or "")
    assert "EEA" in (unit.target or "") or "Hipposideros/Ghana/19/2008" in (unit.target or "")


def test_a_unit_after_the_digit_ending_a_name_is_not_kept(spanish: Conventions) -> None:
    """ "2 in" of "SARS-CoV-2 in animals" is no quantity in inches once the name is gone."""
    text = "SARS-CoV-2 in animals"
    chosen = unknown.plan(text, "*SARS-*CoV-2 en animales", {}, spanish)
    assert drafting.prepare(text, None, spanish, unknowns=chosen).text == "London in animals"


@needs_apertium
def test_a_name_ending_in_a_digit_is_followed_by_spanish(engine: ApertiumEngine) -> None:
    (unit,) = spanish_units(["The evolution of SARS-CoV-2 in animals is unclear."], engine)
    assert "SARS-CoV-2 en animales" in (unit.target or "")


@needs_apertium
def test_an_engine_mark_after_a_digit_is_removed(engine: ApertiumEngine) -> None:
    """Apertium splits "HCoV-229E" and marks its last letter ("HCoV-229*E")."""
    assert unknown.marked("HCoV-229*E causó") == ["E"]
    (unit,) = spanish_units(["Patients infected with HCoV-229E had colds."], engine)
    assert "HCoV-229E" in (unit.target or "") and "*" not in (unit.target or "")


@needs_apertium
@pytest.mark.parametrize(
    ("english", "expected"),
    [
        # An unknown noun modifying the next: the engine builds the phrase round a stand-in.
        ("The coronavirus disease spread quickly.", "enfermedad de coronavirus"),
        ("The interferon response is strong.", "respuesta de interferon"),
        # Plural where its singular is English, with the article in the plural.
        ("The pangolins were sick.", "Los pangolins"),
    ],
)
def test_an_unknown_lower_case_noun_goes_in_as_a_stand_in_noun(
    engine: ApertiumEngine, english: str, expected: str
) -> None:
    (unit,) = spanish_units([english], engine)
    assert expected in (unit.target or "")
    # Named in the unit's note: kept as written, or guessed by an ending ("-virus").
    word = expected.rsplit(maxsplit=1)[-1]
    noted = [n for n in unit.notes if n.startswith((drafting.UNKNOWN_NOTE, drafting.GUESSED_NOTE))]
    assert any(word in note for note in noted)


@needs_apertium
def test_an_unknown_noun_after_and_or_or_stays_where_it_stands(engine: ApertiumEngine) -> None:
    """A noun there is moved round a shared adjective ("diabetes o presión arterial altos")."""
    (unit,) = spanish_units(["Problems like high blood pressure or diabetes"], engine)
    assert "o diabetes" in (unit.target or "") and "diabetes o" not in (unit.target or "")


@pytest.mark.usefixtures("hunspell")
def test_which_unknown_lower_case_words_are_sent_as_nouns(spanish: Conventions) -> None:
    """By ending and length, not by word: adverbs, verb forms and adjectives stay as
    written; a plural is one whose singular English knows ("diabetes" has none)."""
    raw = ["*pangolins *diabetes *bronchiolitis *cytokine *quickly *thrusted *zoonotic *kinda *ca"]
    found = unknown.nouns(raw, {}, spanish)
    assert sorted(found) == ["bronchiolitis", "cytokine", "diabetes", "kinda", "pangolins"]
    assert [w for w, g in sorted(found.items()) if g.plural] == ["pangolins"]
    assert not any(unknown.is_guessed(g) for g in found.values())
