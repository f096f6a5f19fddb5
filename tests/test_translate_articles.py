"""The definite article before a bare subject noun (pipeline.translate.articles).

The rule itself runs on Spanish drafts through the real register pass (Apertium's
analyser and tagger); the end-to-end cases translate patient-sheet English with the real
engine. Skipped where Apertium is not installed; CI installs it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pipeline.engines.apertium import ApertiumEngine
from pipeline.translate.articles import Articles
from pipeline.translate.conventions import Conventions
from pipeline.translate.morph import Register
from tests.conftest import PROJECT_GLOSSARY, needs_apertium, spanish_units


@pytest.fixture
def register(spanish: Conventions) -> Iterator[Register]:
    started = Register(spanish)
    yield started
    started.close()


@needs_apertium
@pytest.mark.parametrize(
    ("draft", "expected"),
    [
        ("Efectos secundarios pueden incluir náuseas.", "Los efectos secundarios pueden incluir"),
        ("Pacientes con fiebre deben descansar.", "Los pacientes con fiebre deben"),
        ("Fiebre y tos son comunes.", "La fiebre y la tos son comunes."),
        ("Fiebre alta y tos seca son comunes.", "La fiebre alta y la tos seca son"),
        ("Fiebre, tos y dolor de cabeza pueden ocurrir.", "La fiebre, la tos y el dolor de"),
        ("Náuseas, vómitos, y diarrea son comunes.", "Las náuseas, los vómitos, y la diarrea"),
        # Its own clause after an opening adverbial or condition and its comma.
        ("No obstante, tasas de mutación son altas.", "No obstante, las tasas de mutación"),
        ("Si su niño tiene fiebre, medicamentos pueden ayudar.", ", los medicamentos pueden"),
        # A clause joined to one with a verb by a comma and a coordinator.
        ("Tiene fiebre, pero síntomas pueden variar.", ", pero los síntomas pueden"),
        # A complement clause's subject.
        ("Estudios muestran que niños con asma tienen más riesgo.", "que los niños con asma"),
        # The phrase goes on through a relative clause, a name with a hyphen, an aside.
        ("Pacientes que tienen fiebre deben descansar.", "Los pacientes que tienen"),
        ("Pacientes con COVID-19 tienen fiebre.", "Los pacientes con COVID-19"),
        ("Diarrea (26%) y tos (21%) eran comunes.", "La diarrea (26%) y la tos (21%)"),
        # Number from the verb where the noun has one form for both; "el" before a
        # stressed a; a noun of either gender as a group.
        ("Dosis altas pueden causar daño.", "Las dosis altas pueden"),
        ("Virus se propaga por gotas.", "El virus se propaga"),
        ("Asma es una enfermedad.", "El asma es una enfermedad."),
        ("Agua y jabón son lo mejor.", "El agua y el jabón son"),
        ("Estudiantes deben lavarse las manos.", "Los estudiantes deben"),
        # The engine's own "el" before a stressed a, written in capitals.
        ("EL agua es importante.", "El agua es importante."),
    ],
)
def test_a_bare_noun_heading_a_subject_gets_the_article(
    register: Register, draft: str, expected: str
) -> None:
    (done,) = register.apply(["—"], [draft])
    assert expected in done


@needs_apertium
@pytest.mark.parametrize(
    "draft",
    [
        # Headings and list items: no finite verb of their own.
        "Fiebre",
        "Efectos secundarios:",
        "Efectos secundarios de aldesleucina",
        "Fiebre que dura más de 3 días",
        "Medicamentos que pueden ayudar",
        "Efectos secundarios: náuseas, vómitos y fiebre.",
        # A vocative, with or without a verb of its own; a list with no "y"; the end
        # of a list after an opener; a condition's verb is no main verb.
        "Padres, llamen al médico.",
        "Padres, niños deben lavarse las manos.",
        "Fiebre, tos",
        "Según la gravedad, oxígeno, líquidos intravenosos, e incluso respiración son útiles.",
        "Llamada 911 si su niño deja de respirar.",
        # The end of a list after a verb, not a clause; the "que" of a comparison (read
        # as a relative) starts no clause.
        "Los síntomas incluyen fiebre, tos, y dolor de cabeza son raros.",
        "Afecta a más hombres que mujeres, y la gravedad es mayor.",
        # Determined already, names, acronyms, capitals, numbers, a quantity.
        "Su niño tiene fiebre.",
        "Los pacientes deben descansar.",
        "Muchos pacientes tienen fiebre.",
        "Dos pacientes tienen fiebre.",
        "ADN es una molécula.",
        "FIEBRE ES COMÚN.",
        "EL AGUA ES IMPORTANTE.",
        "Doctor Smith llamará mañana.",
        "Parte de la respuesta es la producción de anticuerpos.",
        # A finite verb after a preposition is a mistranslated modifier, not the verb.
        "Plasma de recuperó pacientes y generación de anticuerpo",
        # Not a subject: the noun after the verb stays bare.
        "Tome medicamentos con comida.",
    ],
)
def test_headings_list_items_names_and_determined_nouns_stay_as_they_are(
    register: Register, draft: str
) -> None:
    assert register.apply(["—"], [draft]) == [draft]


@needs_apertium
def test_an_english_name_of_capitalised_words_keeps_its_first_word_bare(
    register: Register,
) -> None:
    """The English "National Basketball Association suspends season": the tagger reads the
    Spanish "Asociación" as a noun, but the English opens with a name."""
    draft = "Asociación de Baloncesto nacional suspende la temporada."
    assert register.apply(["National Basketball Association suspends season."], [draft]) == [draft]


@needs_apertium
@pytest.mark.parametrize(
    ("english", "expected"),
    [
        ("Side effects may include nausea.", "Los efectos secundarios pueden incluir"),
        ("Patients with fever should rest.", "Los pacientes con fiebre"),
        ("Fever and cough are common.", "La fiebre y la tos son comunes."),
        ("If your child has a fever, medicines can help.", ", los medicamentos pueden ayudar"),
        ("Children who have asthma should get a flu shot.", "Los niños"),
        ("Fever", "Fiebre"),
        ("Side effects:", "Efectos secundarios:"),
        ("Fever that lasts more than 3 days", "Fiebre que dura"),
    ],
)
def test_drafts_of_patient_sheets_get_the_article_their_subjects_need(
    engine: ApertiumEngine, english: str, expected: str
) -> None:
    (unit,) = spanish_units([english], engine, PROJECT_GLOSSARY)
    assert expected in (unit.target or "")


def test_the_rule_and_its_articles_are_language_data(spanish: Conventions) -> None:
    assert Articles.read(None) is None
    assert Articles.read({"stressed_a": ["agua"]}) is None  # no articles: no rule
    articles = Articles.read(spanish.register.get("articles"))
    assert articles is not None
    assert articles.article("fiebre", "f", "sg") == "la"
    assert articles.article("paciente", "mf", "pl") == "los"
    assert articles.article("agua", "f", "sg") == "el"
    assert articles.article("agua", "f", "pl") == "las"
