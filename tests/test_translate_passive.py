"""The English passive and non-restrictive relatives in Spanish drafts (pipeline.translate.passive),
with the real Apertium engine and its Spanish morphology, on sentences patient sheets have."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pipeline.engines.apertium import ApertiumEngine
from pipeline.translate.conventions import Conventions
from pipeline.translate.morph import Register
from tests.conftest import needs_apertium, spanish_drafts

pytestmark = needs_apertium


@pytest.fixture(scope="module")
def register() -> Iterator[Register]:
    from pipeline.translate import conventions  # noqa: PLC0415

    spanish = conventions.load("es")
    assert spanish is not None
    started = Register(spanish)
    yield started
    started.close()


@pytest.mark.parametrize(
    ("english", "spanish"),
    [
        # "was/were + participle": the engine's estar is a state; Spanish writes se.
        ("Blood samples were taken from your child.", "muestras de sangre se tomaron de"),
        ("The test was done in the clinic.", "La prueba se hizo en la clínica"),
        ("The test was not done.", "La prueba no se hizo"),
        # Future, conditional, perfect and a modal: the engine's ser, the same se.
        ("The shot will be given in the arm.", "se dará en el brazo"),
        ("The results would be sent to your doctor.", "Los resultados se enviarían a su"),
        ("Cases have been reported in children.", "Los casos se han informado en niños"),
        ("This medicine can be taken with food.", "se puede tomar con"),
        # The present of a procedure's step: "is removed", "is done", not a state.
        ("Blood is removed from a vein.", "La sangre se saca de una "),
        ("The chest x-ray is done to see the lungs.", "se hace para ver"),
        ("A needle (a long, thin needle) is inserted into the bone.", ") se inserta"),
        ("The medicine is usually given with food.", "La medicina se da normalmente con"),
        ("The vaccine is recommended for children.", "La vacuna se recomienda para"),
        ("This condition is called anemia.", "Esta afección se llama anemia"),
        ("Your child is seen by the doctor.", "Su niño es visto por"),
        # English "it" + passive + "that".
        ("It is known that fever is common.", "Se sabe que la fiebre es común"),
        ("It has been reported that the drug works.", "Se ha informado que"),
        ("It was found that the test was wrong.", "Se encontró que la prueba"),
        # A verb of knowing or saying with an infinitive: "se sabe que" + the clause.
        ("This medicine is known to cause headaches.", "Se sabe que esta medicina causa"),
        ("Patients were reported to have a fever.", "Se informó que los pacientes tenían"),
        ("In children, the virus was found to be mild.", "En niños, se encontró que el virus era"),
        ("The kit is designed to help parents.", "está diseñada para ayudar"),  # no such verb
        # English "X was given Y": Spanish has no passive of an indirect object.
        ("Your child will be given a shot.", "A su niño se le dará un "),
        ("Your child may be given a sedative.", "A su niño se le puede dar un sedante"),
        ("The patients were given two doses.", "A los pacientes se les dieron dos dosis"),
        ("You will be told the results.", "Se le dirán los resultados"),
        ("Your child was given the medicine by the nurse.", "Su niño fue dado la medicina por"),
        # An agent, or a person as the subject: the ser passive.
        ("The medicine was approved by the FDA.", "fue aprobada por"),
        ("The patients were examined by the doctor.", "Los pacientes fueron examinados por"),
        ("The patients were examined.", "Los pacientes fueron examinados."),
        ("He was taken to the hospital.", "Fue tomado al hospital"),
        ("Tell anyone who has been exposed to the virus.", "ha sido expuesto al virus"),
        # A state of mind or body: estar, as the engine wrote it.
        ("Your child was tired after the surgery.", "Su niño estuvo cansado después"),
        ("The parents were worried.", "Los padres estuvieron preocupados."),
        # A non-restrictive relative after a comma: "que", whatever the antecedent's gender.
        ("Acute kidney failure, which is rare, can occur.", "agudo, que es raro"),
        ("The vaccines, which are safe, protect children.", "Las vacunas, que son"),
        # "who" and "that" the engine writes as "quién", "aquello": the relative, and the
        # verb in the plural of its antecedent.
        ("The patients who recovered went home.", "Los pacientes que recuperaron"),
        ("The virus that caused the outbreak is new.", "El virus que causó"),
        ("Compare it to that of Italy.", "aquello de Italia"),  # the demonstrative
        ("Who called?", "¿Quién llamó?"),
    ],
)
def test_the_passive_as_spanish_writes_it(
    engine: ApertiumEngine, english: str, spanish: str
) -> None:
    (made,) = spanish_drafts([english], engine)
    assert spanish in made
    assert ("estuv" in made) == ("estuv" in spanish)  # estar only for a state
    assert "se se" not in made.lower()


@pytest.mark.parametrize(
    "english",
    [
        "The sample is based on the test.",  # the present: a state
        "Your skin is exposed to the sun.",
    ],
)
def test_the_present_with_estar_is_left_as_a_state(engine: ApertiumEngine, english: str) -> None:
    (raw,) = engine.translate([english])
    (made,) = spanish_drafts([english], engine)
    assert " está " in raw and " está " in made and " se " not in made


@pytest.mark.parametrize(
    "spanish",
    [
        "El niño se lavó las manos.",  # se is there already
        "La sala en la cual espera es grande.",  # a relative after a preposition
        "Tiene fiebre, lo cual es común.",  # "lo cual" refers to the whole clause
        "La muestra estaba tomada.",  # the imperfect of estar: a state
        "La recombinación es extendida entre virus.",  # ser's present: a procedure's only
    ],
)
def test_what_is_no_engine_passive_is_left(register: Register, spanish: str) -> None:
    assert register.apply([""], [spanish]) == [spanish]


def test_a_clitic_keeps_the_ser_passive_and_se_is_never_doubled(register: Register) -> None:
    """ "se" with a clitic would need moving it ("se le dio"): ser keeps the clitic where
    it is; and a draft rewritten once is not rewritten again."""
    (clitic,) = register.apply([""], ["El medicamento le estuvo dado."])
    assert clitic == "El medicamento le fue dado."
    drafts = ["Los casos estuvieron informados.", "Está sabido que es raro."]
    once = register.apply(["", ""], drafts)
    assert once == ["Los casos se informaron.", "Se sabe que es raro."]
    assert register.apply(["", ""], once) == once


def test_without_the_table_nothing_is_rewritten(spanish: Conventions) -> None:
    from dataclasses import replace  # noqa: PLC0415

    settings = {k: v for k, v in spanish.register.items() if k != "passive"}
    plain = Register(replace(spanish, register=settings))
    try:
        assert plain.apply([""], ["Los casos estuvieron informados."]) == [
            "Los casos estuvieron informados."
        ]
    finally:
        plain.close()
