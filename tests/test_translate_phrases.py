"""English phrases the engine gets wrong, written as Spanish writes them (`[phrases]` in
pipeline/languages/data/es/conventions.toml): Latin and citation abbreviations, ages,
"unlike". Checked with the real Apertium pipeline and its Spanish morphology, as drafts
are made (skipped where Apertium is not installed; CI installs it), with sentences where
a phrase's words mean something else left as the engine says them.
"""

from __future__ import annotations

import pytest

from pipeline.engines.apertium import ApertiumEngine
from pipeline.translate import drafting
from pipeline.translate.conventions import Conventions
from tests.conftest import PROJECT_GLOSSARY, spanish_drafts


@pytest.mark.parametrize(
    ("english", "spanish_text"),
    [
        (
            "Call if your child has signs of dehydration, i.e. no tears or a dry mouth.",
            "deshidratación, es decir, ninguna lágrima",
        ),
        ("Is it viral, i.e., caused by a virus?", "¿Es viral, es decir, causado por un virus?"),
        ("Some foods (e.g. nuts, eggs) can cause an allergy.", "(p. ej. nueces, huevos)"),
        ("Give fluids, e.g., water or juice.", "Dé líquidos, p. ej., agua o jugo."),
        ("The dose is approx. 5 mL.", "La dosis es aprox. 5 mL."),
        ("It affects ca. 10% of children.", "Afecta aprox. 10% de niños."),
        ("Smith et al. found that fever is common.", "Smith et al. encontró que la fiebre"),
        ("Bring toys, books, etc. to the clinic.", "libros, etc. a la clínica."),
        ("Fever versus infection.", "Fiebre vs. infección."),  # never "*versus" turned round
        ("Children vs. adults: who is at risk?", "Niños vs. adultos: ¿quién"),
        # Not abbreviations: "ca" without its stop before a number, "eg" as a word.
        ("The CA 5 form is here.", "CA 5"),
    ],
)
def test_latin_and_citation_abbreviations_read_as_spanish_writes_them(
    engine: ApertiumEngine, english: str, spanish_text: str
) -> None:
    (target,) = spanish_drafts([english], engine, PROJECT_GLOSSARY)
    assert spanish_text in target
    assert "i.e." not in target and "e.g." not in target and "approx" not in target


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("La dosis es aprox. 5 mL?", "¿La dosis es aprox. 5 mL?"),
        ("Smith et al. Encontró esto?", "¿Smith et al. Encontró esto?"),
        ("Es p. ej. Tylenol?", "¿Es p. ej. Tylenol?"),
        ("Niños vs. Adultos?", "¿Niños vs. Adultos?"),
        # "etc." often ends a sentence; a plain full stop always does.
        ("Traiga libros, etc. Tiene fiebre?", "Traiga libros, etc. ¿Tiene fiebre?"),
        ("Hola. Tiene fiebre? Sí. Venga!", "Hola. ¿Tiene fiebre? Sí. ¡Venga!"),
    ],
)
def test_an_abbreviation_s_full_stop_ends_no_sentence(
    spanish: Conventions, text: str, marked: str
) -> None:
    assert drafting.punctuate(text, spanish) == marked


@pytest.mark.parametrize(
    ("english", "spanish_text"),
    [
        ("The vaccine is for children aged 6 months to 5 years.", "niños de 6 meses a 5 años."),
        ("Children aged ≥19 years can get it.", "Los niños de ≥19 años"),  # a subject: its article
        ("People aged 65 and older are at higher risk.", "Las personas de 65 años o más"),
        ("People aged 65 years and older should get the vaccine.", "de 65 años o más"),
        ("Adults aged 18 to 64 years.", "Adultos de 18 a 64 años."),
        ("Children 1 year and older need 2 doses.", "1 año o más"),
        ("Infants 6 months and older can get the flu shot.", "6 meses o más"),
        ("Children over the age of 10 may take it.", "niños de más de 10 años"),
        ("Do not give it to children under the age of 2.", "niños de menos de 2 años."),
        ("It is for people over age 65.", "personas de más de 65 años."),
    ],
)
def test_ages_read_as_spanish_writes_them(
    engine: ApertiumEngine, english: str, spanish_text: str
) -> None:
    (target,) = spanish_drafts([english], engine, PROJECT_GLOSSARY)
    assert spanish_text in target
    assert "envejecieron" not in target and "más viejos" not in target


@pytest.mark.parametrize(
    ("english", "spanish_text"),
    [
        ("The child aged quickly.", "envejeció"),  # "aged" as a verb
        ("Call if the fever lasts over 3 days.", "3 días"),  # "over" before no age
        ("Give 2 and then 1 more.", "2"),
    ],
)
def test_words_of_an_age_that_give_none_are_left_to_the_engine(
    engine: ApertiumEngine, english: str, spanish_text: str
) -> None:
    (target,) = spanish_drafts([english], engine, PROJECT_GLOSSARY)
    assert spanish_text in target
    assert "año" not in target and " o más" not in target


@pytest.mark.parametrize(
    ("english", "spanish_text"),
    [
        ("Unlike adults, children rarely get very sick.", "A diferencia de adultos, los niños"),
        ("Unlike the virus, the bacteria can be treated.", "A diferencia del virus, las bacterias"),
        ("Unlike other medicines, this one can be given with food.", "A diferencia de otros"),
        ("Most children, unlike adults, get better fast.", "a diferencia de adultos"),
    ],
)
def test_unlike_opening_a_clause_is_a_comparison(
    engine: ApertiumEngine, english: str, spanish_text: str
) -> None:
    (target,) = spanish_drafts([english], engine, PROJECT_GLOSSARY)
    assert spanish_text in target
    assert "diferentes" not in target and "de el " not in target


def test_a_kept_phrase_and_the_engine_s_article_contract(spanish: Conventions) -> None:
    """ "de" + "el" is "del" (and "a el" "al") where a kept phrase meets the engine's
    article; a name's capital ("de El Salvador") and the pronoun "él" are left."""
    prepared = drafting.prepare("Unlike the virus, it spreads.", None, spanish)
    token = next(iter(prepared.literals))
    finished = drafting.finish(prepared, f"{token} el virus, de El Salvador y de él.", spanish)
    assert finished.target == "a diferencia del virus, de El Salvador y de él."


@pytest.mark.parametrize(
    ("english", "spanish_text"),
    [
        # Spanish writes an acronym's plural as its singular (RAE: "las ONG").
        ("CoVs have been found in bats.", "Los CoV se han encontrado"),
        ("Most ICUs are full.", "UCI son"),  # the glossary's term
        ("EDs see many children with fever.", "Los ED ven muchos niños"),
        ("Many NSAIDs can upset the stomach.", "Muchos NSAID pueden"),
        # A singular acronym stays singular.
        ("The ICU has beds for children.", "tiene camas"),
    ],
)
def test_a_plural_acronym_takes_a_plural_verb_and_loses_its_s(
    engine: ApertiumEngine, english: str, spanish_text: str
) -> None:
    (target,) = spanish_drafts([english], engine, PROJECT_GLOSSARY)
    assert spanish_text in target
    assert "violin" not in target.lower()
