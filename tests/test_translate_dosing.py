"""Dosing instructions in Spanish drafts: units, dosing phrases, numbers, short instructions.

Medicine sheets are full of "Give 1 tablet by mouth every 6 hours as needed": each class
is checked without the engine where it can be (what the draft path keeps out of it), then
with the real Apertium pipeline and its Spanish morphology (skipped where Apertium is not
installed; CI installs it and fails a skip).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.engines.apertium import ApertiumEngine, imperatives
from pipeline.errors import DataFileError
from pipeline.model import Location
from pipeline.translate import conventions, drafting, qa
from pipeline.translate.conventions import Conventions
from tests.conftest import PROJECT_GLOSSARY, spanish_drafts

TODAY = dt.date(2026, 11, 25)


#: The project's glossary, as sheets are drafted with it.


@pytest.mark.parametrize(
    ("english", "units"),
    [
        ("Give 2.5 mL.", ["mL"]),
        ("Give 10 mg/kg every 4-6 hours.", ["mg/kg"]),
        ("Give 4-6 mL.", ["mL"]),
        ("The cut is 2 in.", ["pulg"]),  # the sentence's full stop is the unit's
        ("The cut is 2 in long and 1 cm deep.", ["pulg.", "cm"]),
        ("Give 2 in the morning and 1 at night.", []),  # no inches
        ("Give 2 in a cup of water.", []),
        ("SARS-CoV-2 in animals is rare.", []),  # a code's digit, not a number
        ("COVID-19 in children is mild.", []),
        ("PCV13 in infants is given at 2 months.", []),
    ],
)
def test_a_unit_counts_only_after_a_free_standing_number(
    spanish: Conventions, english: str, units: list[str]
) -> None:
    prepared = drafting.prepare(english, None, spanish)
    kept = [v for k, v in prepared.literals.items() if k.startswith("⟦T")]
    written = {*spanish.units, *spanish.written_units.values(), "pulg"}
    assert [u for u in kept if u in written or "/" in u] == units


def test_dosing_phrases_keep_their_numbers_in_the_engine_text(spanish: Conventions) -> None:
    """A phrase looks at a number beside it; the number stays the engine's, so ranges and
    number words are translated with the sentence ("2 to 3" → "2 a 3")."""
    prepared = drafting.prepare("Take 2 to 3 times a day for 10 days.", None, spanish)
    assert sorted(prepared.literals.values()) == ["durante", "veces al día"]
    assert "2 to 3" in prepared.text and "10 days" in prepared.text
    # A dosing phrase opens no instruction; "please" does.
    assert all(token.startswith("⟦T") for token in prepared.literals)
    assert next(iter(drafting.prepare("Please call.", None, spanish).literals)).startswith("⟦P")


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("'\\1 veces'", r"names a group"),
        ("{ text = 'x', opens = 'yes' }", r"a text, or \{ text, opens, engine \}"),
        ("{ text = 'x', engine = 1 }", r"a text, or \{ text, opens, engine \}"),
    ],
)
def test_a_phrase_must_be_a_text_whose_groups_its_pattern_has(
    language_zz: Path, value: str, problem: str
) -> None:
    toml = f"[phrases]\n'\\btimes a day\\b' = {value}\n"
    (language_zz / "conventions.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(DataFileError, match=problem):
        conventions.load("zz")


def test_a_phrase_puts_its_groups_in(language_zz: Path) -> None:
    toml = "[phrases]\n'\\b(\\d+) times a day\\b' = '\\1 veces al día'\n"
    (language_zz / "conventions.toml").write_text(toml, encoding="utf-8")
    found = conventions.load("zz")
    assert found is not None
    prepared = drafting.prepare("Take it 3 times a day.", None, found)
    assert list(prepared.literals.values()) == ["3 veces al día"]


#: English → what its Spanish draft must hold, with the instruction's verb a usted
#: imperative where the English starts with one; phrases at the start, middle and end.
DOSING = [
    ("Take 5 mL by mouth 2 times a day.", "Tome 5 mL por la boca 2 veces al día."),
    (
        "Give 1 tablet by mouth every 6 hours as needed for pain.",
        "Dé 1 pastilla por la boca cada 6 horas según sea necesario",
    ),
    ("Give 2 in the morning and 1 at night.", "Dé 2 por la mañana y 1 por la noche."),
    ("Take 2 tablets two times a day.", "Tome 2 pastillas dos veces al día."),
    ("Give 1 tablet three times daily.", "Dé 1 pastilla tres veces al día."),
    ("Take it once a day at bedtime.", "una vez al día a la hora de acostarse."),
    ("Give twice a day.", "Dé dos veces al día."),
    ("Twice a day, give 1 tablet.", "Dos veces al día, dé 1 pastilla."),
    ("At bedtime, give 1 tablet.", "A la hora de acostarse, dé 1 pastilla."),
    ("As needed, give 2.5 mL by mouth.", "Según sea necesario, dé 2.5 mL por la boca."),
    ("Take with food.", "Tome con alimentos."),
    ("Take with or without food.", "Tome con o sin alimentos."),
    (
        "Take 1 capsule once a day on an empty stomach.",
        "Tome 1 cápsula una vez al día con el estómago vacío.",
    ),
    ("Give 1/2 tablet every other day.", "Dé 1/2 pastilla un día sí y otro no."),
    ("Give 5 mL twice daily for 10 days.", "Dé 5 mL dos veces al día durante 10 días."),
    ("Take 1 teaspoon 3 times a week.", "3 veces a la semana."),
    ("Give the medicine as needed.", "según sea necesario."),
    ("Give every 4 to 6 hours.", "Dé cada 4 a 6 horas."),
    ("Do not give more than 5 doses in 24 hours.", "No dé más de 5 dosis en 24 horas."),
    ("Give 10 mg/kg every 4 to 6 hours.", "Dé 10 mg/kg cada 4 a 6 horas."),
    ("Give ½ tablet.", "Dé ½ pastilla."),
    ("SARS-CoV-2 in animals is rare.", "SARS-CoV-2 en"),
    # The child is who gets the dose; the pronoun goes first in a negative instruction.
    (
        "Give your child 1 teaspoon twice a day for 7 days.",
        "Dele a su niño 1 cucharadita dos veces al día durante 7 días.",
    ),
    ("Do not give your child aspirin.", "No le dé a su niño aspirina."),
    ("Never give your baby honey.", "Nunca le dé a su bebé miel."),
    (
        "Give 1 tablet every 6 hours as needed for pain.",
        "cada 6 horas según sea necesario para el dolor.",
    ),
    ("Give it every other day.", "Delo un día sí y otro no."),  # no accent: RAE
]


@pytest.mark.parametrize(("english", "spanish_text"), DOSING)
def test_dosing_instructions_read_as_us_spanish_writes_them(
    engine: ApertiumEngine, english: str, spanish_text: str
) -> None:
    (draft,) = spanish_drafts([english], engine, PROJECT_GLOSSARY)
    assert spanish_text in draft
    assert " in " not in draft and "tiempo" not in draft


def test_dose_numbers_survive_exactly(engine: ApertiumEngine) -> None:
    """QA's numbers check finds nothing to say about any dosing draft."""
    wrong = qa.Segment("u0", "Give 2.5 mL.", "Dé 25 mL.", Location("x.txt", 1), False)
    assert any(f.rule == qa.NUMBER.id for f in qa.check(wrong, None, "es"))  # it does look
    english = [e for e, _ in DOSING]
    for n, (source, target) in enumerate(
        zip(english, spanish_drafts(english, engine, PROJECT_GLOSSARY), strict=True)
    ):
        segment = qa.Segment(f"u{n}", source, target, Location("x.txt", n + 1), False)
        found = [f for f in qa.check(segment, None, "es") if f.rule == qa.NUMBER.id]
        assert found == [], (source, target)


@pytest.mark.parametrize(
    ("english", "spanish_text"),
    [
        ("Rest.", "Descanse."),
        ("Drink plenty of fluids.", "Beba muchos líquidos."),
        ("Rest and drink plenty of fluids.", "Descanse y beba muchos líquidos."),
        ("Drink plenty of liquids and rest.", "Beba muchos líquidos y descanse."),
        ("Call the clinic and rest.", "Llame a la clínica y descanse."),
        ("Give acetaminophen, then rest.", "Dé paracetamol, entonces descanse."),
        (
            "If your child has a fever, give acetaminophen and rest.",
            "dé paracetamol y descanse.",
        ),
        (
            "If your child has a fever, rest and drink plenty of fluids.",
            "descanse y beba muchos líquidos.",
        ),
        ("In the morning, give 1 tablet.", "Por la mañana, dé 1 pastilla."),
        ("Every day, give 1 tablet by mouth.", "Todos los días, dé 1 pastilla por la boca."),
        # Not instructions: a heading, a list of drinks, infinitives after "Trate de".
        ("Rest", "Resto"),
        ("Give the medicine with food or milk.", "con alimentos o leche."),
        ("Try to eat and drink.", "comer y beber."),
    ],
)
def test_short_instructions_at_a_sentence_or_clause_end_are_usted_imperatives(
    engine: ApertiumEngine, english: str, spanish_text: str
) -> None:
    (draft,) = spanish_drafts([english], engine, PROJECT_GLOSSARY)
    assert spanish_text in draft


def test_teaspoon_is_the_measure_never_the_spoon(engine: ApertiumEngine) -> None:
    """A teaspoon (5 mL) and a tablespoon (15 mL) as the project's glossary gives them, and
    "cucharilla" (a small spoon) for a teaspoon is a dangerous rendering QA reports."""
    english = ["Give 1/2 teaspoon by mouth.", "Take 1 tablespoon.", "Give ½ tsp."]
    assert spanish_drafts(english, engine, PROJECT_GLOSSARY) == [
        "Dé 1/2 cucharadita por la boca.",
        "Tome 1 cucharada.",
        "Dé ½ cucharadita.",
    ]
    spoon = qa.Segment("u1", english[0], "Dé 1/2 cucharilla.", Location("x.txt", 1), False)
    assert [f.rule for f in qa.check(spoon, None, "es")] == [qa.DANGEROUS.id]


def _analysis(*words: str) -> str:
    """Apertium's analysis of a segment as destxt gives it: the words' readings, then the
    end mark destxt adds."""
    return " ".join(words) + "^./.<sent>$[]"


REST = "^Rest/Rest<n><sg>/Rest<vblex><inf>/Rest<vblex><pres>$"
TIME = "^Time/Time<n><sg>/Time<vblex><inf>/Time<vblex><pres>$"
MILK = "^milk/milk<n><sg>/milk<vblex><inf>/milk<vblex><pres>$"
REST_LOWER = "^rest/rest<n><sg>/rest<vblex><inf>/rest<vblex><pres>$"
DRINK = "^Drink/Drink<n><sg>/Drink<vblex><inf>/Drink<vblex><pres>$"
FLUIDS = "^fluids/fluid<n><pl>$"
AND = "^and/and<cnjcoo>$"
STOP = "^./.<sent>$"
ALONE = frozenset({"rest", "drink"})


@pytest.mark.parametrize(
    ("analysis", "word", "verb"),
    [
        (_analysis(REST + STOP), "Rest", True),  # "Rest."
        (_analysis(REST), "Rest", False),  # "Rest", a heading
        (_analysis(TIME + STOP), "Time", False),  # "Time.", a label: no verb of the list
        (_analysis(DRINK, FLUIDS, AND, REST_LOWER + STOP), "rest", True),
        (_analysis(DRINK, FLUIDS, AND, MILK + STOP), "milk", False),  # no verb of the list
    ],
)
def test_a_short_instruction_at_the_end_is_read_as_a_verb(
    analysis: str, word: str, verb: bool
) -> None:
    """The tagger reads "Rest." and "… and rest." as nouns ("Resto"); a verb of the
    source language's list (data/en/instruction-verbs.txt) is read as the verb it is."""
    read = imperatives(analysis, ALONE)
    assert (f"^{word}/{word}<vblex><inf>$" in read) is verb
    assert (f"{word}<n><sg>" in read) is not verb


def test_an_abbreviated_unit_ends_no_sentence(spanish: Conventions) -> None:
    """ "pulg." before a lower-case word is inside its sentence: the ¿ goes at the start."""
    assert drafting.punctuate("Es 2 pulg. de largo?", spanish) == "¿Es 2 pulg. de largo?"
    assert drafting.punctuate("Hola. Tiene fiebre?", spanish) == "Hola. ¿Tiene fiebre?"
