"""Machine drafts through the glossary and the Spanish conventions (pipeline.translate.drafting).

Unit tests use a stand-in engine; the rest run the real Apertium pipeline and its Spanish
morphology, as drafts are made (skipped where Apertium is not installed; CI installs it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest

from pipeline.engines.apertium import ApertiumEngine
from pipeline.errors import DataFileError
from pipeline.glossary import Glossary, Status, load
from pipeline.translate import conventions, drafting, run, unknown
from pipeline.translate.conventions import Conventions
from tests.conftest import PROJECT_GLOSSARY, needs_apertium, spanish_drafts

TODAY = dt.date(2026, 11, 25)
GLOSSARY = """\
source,target,status,variants,reviewer,reviewed,pos,gender,number
chest,pecho,approved,,Ana Ruiz,2026-11-20,noun,m,sg
chest pain,dolor torácico,proposed,,,,noun,m,sg
platelet,plaqueta,proposed,plaquetas,,,noun,f,sg
medicine,medicamento,proposed,medicamentos,,,noun,m,sg
doctor,médico,proposed,médicos,,,noun,m,sg
clinic,clínica,proposed,clínicas,,,noun,f,sg
hives,urticaria,proposed,,,,noun,f,sg
hives,colmenas,forbidden,,,,,,
Proleukin,,do-not-translate,,,,,,
"""


class Echo:
    """A stand-in engine: gives the English back, marking one word as unknown."""

    name = "echo"
    version = "1"

    def translate(self, segments: Sequence[str]) -> list[str]:
        return [s.replace("Aldesleukin", "*Aldesleukin") for s in segments]

    def close(self) -> None:
        pass


@pytest.fixture
def glossary(tmp_path: Path) -> Glossary:
    path = tmp_path / "en-es.csv"
    path.write_text(GLOSSARY, encoding="utf-8")
    return load(path)


def test_approved_terms_win_and_a_longer_proposed_entry_never_blocks_them(
    glossary: Glossary,
) -> None:
    chosen = drafting.choose(glossary, "Tell the doctor about chest pain.")
    assert [(m.text, m.term.status) for m in chosen] == [
        ("doctor", Status.PROPOSED),
        ("chest", Status.APPROVED),
    ]


def test_forbidden_terms_are_never_applied(glossary: Glossary) -> None:
    assert [m.term.target for m in drafting.choose(glossary, "Your child has hives.")] == [
        "urticaria"
    ]


def test_marks_are_removed_and_unknown_words_noted(glossary: Glossary) -> None:
    (unit,) = run.draft(["Aldesleukin helps."], Echo(), glossary, TODAY, "es-US")
    assert unit.target == "Aldesleukin helps."
    assert drafting.UNKNOWN_NOTE + "Aldesleukin" in unit.notes


def test_each_unit_says_which_proposed_terms_it_used(glossary: Glossary) -> None:
    (unit,) = run.draft(["Ask the doctor about Proleukin."], Echo(), glossary, TODAY, "es")
    assert "Proleukin" in (unit.target or "") and "médico" in (unit.target or "")
    assert unit.notes == (drafting.PROPOSED_NOTE + "doctor → médico",)


def test_times_units_and_addresses_are_kept_as_the_language_writes_them(
    spanish: Conventions,
) -> None:
    prepared = drafting.prepare("Give 5 mL at 10 AM at 2525 Chicago Avenue South.", None, spanish)
    kept = ["10 a. m.", "2525 Chicago Avenue South", "a las", "mL"]  # "a las": the clock's
    assert sorted(prepared.literals.values()) == kept
    assert "mL" not in prepared.text and "Chicago" not in prepared.text


@pytest.mark.parametrize(
    ("english", "kept"),
    [
        ("On 31 December 2019, a case was reported.", "El 31 de diciembre de 2019"),
        ("Come back on March 5, 2026.", "el 5 de marzo de 2026"),
        ("From 1 January to 15 March 2020.", "1 de enero|15 de marzo de 2020"),
        ("Cases rose in early February 2020.", "febrero de 2020"),
        ("Call on March 5 at 10:30 AM.", "el 5 de marzo|a las|10:30 a. m."),
        ("It may rise in May.", ""),  # no number beside it: a verb, or a month as it is
    ],
)
def test_dates_are_written_as_the_language_writes_them(
    spanish: Conventions, english: str, kept: str
) -> None:
    prepared = drafting.prepare(english, None, spanish)
    assert "|".join(prepared.literals.values()) == kept


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tiene fiebre?", "¿Tiene fiebre?"),
        ("Llame hoy. Tiene fiebre?", "Llame hoy. ¿Tiene fiebre?"),
        ("«Tiene fiebre?»", "«¿Tiene fiebre?»"),
        ("Cuidado!", "¡Cuidado!"),
        ("¿Tiene fiebre?", "¿Tiene fiebre?"),
        ("Venga a las 10 a. m.?", "¿Venga a las 10 a. m.?"),
        ("Sirve?Sí.", "¿Sirve?Sí."),
    ],
)
def test_questions_and_exclamations_open_with_their_marks(
    spanish: Conventions, text: str, expected: str
) -> None:
    assert drafting.punctuate(text, spanish) == expected


def test_a_language_without_conventions_gets_the_engine_text_with_terms(
    glossary: Glossary,
) -> None:
    units = run.draft(["Ask the doctor?"], Echo(), glossary, TODAY, "xx")
    assert units[0].target == "Ask the médico?"


@needs_apertium
@pytest.mark.parametrize(
    ("english", "spanish"),
    [
        ("Call 911 right away.", "Llame al 911 enseguida."),
        ("Tell your doctor if you have a fever.", "Dígale a su médico si tiene fiebre."),
        (
            "Call the clinic if your child has hives.",
            "Llame a la clínica si su niño tiene urticaria.",
        ),
        ("Do you have chest pain?", "¿Tiene dolor de pecho?"),
        ("Please call the clinic.", "Por favor llame a la clínica."),
        ("Call us if you can come.", "si puede venir"),
        ("Do not freeze it. Never give a double dose.", "No lo congele. Nunca dé"),
        ("Take it at 10 AM.", "10 a. m."),
        ("If your child stops breathing, call 911.", ", llame al 911."),
        ("In an emergency, call 9-1-1 right away.", ", llame al 9-1-1 enseguida."),
        ("If it hurts, tell your doctor.", ", dígale a su médico."),
        ("To prevent infection, wash your hands.", ", lave sus manos."),
        ("If you have a fever, cough, or sore throat, call", "tos, o garganta"),
        ("When you get home, rest in bed.", "Cuando"),
        ("When is the next dose due?", "¿Cuándo"),
        # "Stop" + -ing is "dejar de" (the engine wrote "para respirar": stops to breathe).
        ("If your child stops breathing, call 911.", "deja de respirar, llame al 911."),
        ("Stop taking the medicine if a rash appears.", "Deje de tomar el medicamento"),
        ("Do not stop giving the medicine.", "No deje de dar"),
        ("If he stops breathing, use the mask to help him breathe.", "máscara para ayudar"),
        # The pronoun as transcripts write it: "i" is unknown to the engine, "I" is not.
        ("i think i have a fever.", "Pienso que tengo fiebre."),
        ("Do step (i) first.", "(i)"),
        # Relative clauses: the pronoun as a relative, its verb agreeing with a plural noun
        # ("Niños quiénes tienen", "un huésped aquello sirve", "comidas que contiene").
        ("Children who have a fever should stay home.", "niños que tienen fiebre"),
        ("Foods that contain iron are good.", "omidas que contienen hierro"),
        ("Call if your child has a rash that spreads.", "rash que extiende"),
        # … not where the English verb is singular: it may go with the noun before.
        ("The rate of infections that increases each year is high.", "infecciones que aumenta"),
        # An -ed word before its noun is a participle there, not a past tense.
        ("Infected people should stay home.", "Las personas infectadas"),
        # An infinitive joined to what it completes as Spanish joins it, not by "para"/"de".
        ("It is important to give the medicine on time.", "Es importante dar el"),
        ("Remember to take your medicine.", "Recuerde tomar su"),
        ("It is not safe to eat raw eggs.", "No es seguro comer"),
        ("Ask your doctor how to use it.", "cómo utilizarlo"),
        ("We went to the store to buy milk.", "para comprar leche"),  # a purpose
        # Questions asked in the statement's order, which the engine can translate ("¿Cuándo
        # tener que llamo el médico?", "¿Puede doy …?", "¿Es allí cualesquier …?").
        ("When should I call the doctor?", "¿Cuándo debería llamar"),
        ("Can my child go to school?", "¿Mi niño puede ir a"),
        ("Is the medicine safe?", "¿El medicamento es seguro?"),
        ("How do I take it?", "¿Cómo lo tomo?"),
        ("Are there any risks?", "¿Hay "),
        ("How does this medicine work?", "¿Cómo este medicamento "),
        ("Where can we buy it?", "¿Dónde lo podemos comprar?"),
        # A word the engine wrote twice is written once, unless the English has it twice.
        ("If treatments are given at home, store it.", "se dan en casa,"),
        ("It is very very important.", "muy muy importante"),
        # One of a unit is singular (the engine wrote "1 semanas", "un días").
        ("Give a 1-week course of antibiotics.", "un curso de 1 semana de"),
        ("Your child had a one-day fever.", "una fiebre de un día."),
        # "OK" as US Spanish says it, not Spain's "vale".
        ("It is OK to bathe your child.", "Está bien bañar"),
        ("Is it OK to give ibuprofen?", "¿Está bien dar"),
        # "Should" as advice ("debería"), never "tendría que"; in the usted form.
        ("Your child should not take aspirin.", "Su niño no debería tomar aspirina."),
        ("You should rest.", "Debería descansar."),
        # A number compared with, as Spanish says it (the engine: "fiebre encima 100.4").
        ("Call if your child has a fever over 100.4°F.", "fiebre de más de 100.4"),
        ("Do not give it to babies under 6 months.", "bebés de menos de 6 meses"),
        ("He has had a fever for over 3 days.", "fiebre durante más de 3 días"),
        # An object pronoun as the object: the engine wrote "Tome él con agua".
        ("Take it with water.", "Tómelo con agua."),
        ("Keep it here.", "Manténgalo aquí."),  # the generator has no neuter "lo" here
        # "Mantenerlo fuera del alcance" is read as one pronominal verb of a set phrase.
        ("Keep it out of the reach of children.", "Manténgalo fuera del alcance de los niños."),
        ("Talk to your doctor.", "Hable con su médico."),
        ("Keep out of reach of children.", "fuera del alcance de los niños."),
        ("Store it out of children's reach.", "fuera del alcance de los niños."),
        ("Aldesleukin may change how this medicine works.", "cómo este medicamento"),
        ("It results in severe trouble breathing.", "dificultad grave para respirar"),
        ("trouble breathing (call 911)", "(llame al 911)"),  # the engine: "(Llamar"
        ("However, some children need more.", "Sin embargo, algunos niños"),
        ("There was an outbreak of flu.", "un brote de"),
        ("The rash is on his arms.", "sus brazos"),  # not "armas" (weapons)
        ("Use only the syringe that comes with it.", "Utilice solo la jeringa"),  # RAE 2010
        # Symptoms as Spanish has them: "tiene fiebre", "dificultad para respirar".
        ("If your child has a fever, call.", "Si su niño tiene fiebre, llame."),
        ("Does your child have a high fever?", "una fiebre alta"),  # a modified one keeps it
        ("Is your child having trouble breathing?", "¿Su niño tiene dificultad para respirar?"),
        ("Watch for signs of dehydration.", "Vigile signos de deshidratación."),
        ("Thank you for your call.", "Gracias por su llamada."),
        # An infinitive takes its "a" as the imperative does ("llamar el médico" before).
        ("You can call the doctor.", "Puede llamar al médico."),
        ("If you need to call 911, stay calm.", "necesita llamar al 911"),
        # The subjunctive after "cuando" in an instruction, after "antes de que" always;
        # "cuando" telling what happens keeps the indicative.
        ("Call your doctor when your child has a fever.", "cuando su niño tenga fiebre."),
        ("When your child has a fever, give acetaminophen.", "Cuando su niño tenga fiebre,"),
        ("Before you travel, call.", "Antes de que viaje, llame."),
        # Phrasal verbs as the verb they mean ("echa arriba" for "throws up").
        ("If your child throws up, call.", "Si su niño vomita, llame."),
        ("Your child is throwing up.", "Su niño está vomitando."),
        ("Pick up the medicine at the pharmacy.", "Recoja el medicamento"),
        ("Throw away the medicine after 14 days.", "Tire el medicamento"),  # "Eche fuera"
        ("Throw it away.", "Tírelo."),
        # "Stay home" as "stay at home"; a weekday after a preposition takes its article.
        ("Stay home until Monday.", "Quédese en casa hasta el lunes."),
        ("Do not eat after Tuesday.", "después del martes."),
        ("It happens when your child has a fever.", "cuando su niño tiene fiebre."),
        # A condition's verb that may be a plural noun, and "until" before a clause.
        ("If your child vomits, call.", "Si su niño vomita, llame."),
        # Phrases the engine reads word by word ("van fuera", "todo del", "suele tratar").
        ("These side effects usually go away.", "normalmente desaparecen."),
        ("Finish all of the medicine.", "Acabe todo el medicamento."),
        ("Give it as soon as you can.", "Delo lo antes posible."),
        ("This medicine is used to treat infections.", "se utiliza para tratar infecciones."),
        ("Your child can go back to school.", "volver a la escuela."),
        # Safe sleep: "boca arriba" (the engine: "en su atrás"); "6 o más pañales".
        ("Put your baby to sleep on his back.", "boca arriba."),
        ("Your baby should have 6 or more wet diapers a day.", "6 o más pañales mojados al día."),
        ("Call if the fever is 100.4°F or higher.", "100.4°F o más."),
        ("Your baby may cry more than usual.", "llorar más de lo habitual."),
        # "Always"/"Never" before an instruction's verb ("Siempre lavar", "Nunca puesto").
        ("Always wash your hands.", "Siempre lave sus manos."),
        ("Never put a baby to sleep on her stomach.", "Nunca ponga un bebé"),
        # A preposition's noun, not a base verb ("vasos de abrevar": to water animals).
        ("Drink 8 glasses of water.", "Beba 8 vasos de agua."),
        # A clock time, a telephone number, closing time as Spanish says them ("en 5 p. m.").
        ("Come back at 5 PM.", "Vuelva a las 5 p. m."),
        ("Come at 1 pm.", "Venga a la 1 p. m."),
        ("Call before 5 PM.", "Llame antes de las 5 p. m."),  # was "antes de que"
        ("Wait until 1 PM.", "Espere hasta la 1 p. m."),
        ("Tell us if he had a reaction before.", "una reacción antes."),  # not "antes de que."
        ("Some children get a fever.", "Algunos niños tienen fiebre."),  # not "reciben un"
        ("Your child may be sleepy for a day or two.", "durante un día o dos."),
        ("Call the clinic at 555-123-4567.", "Llame a la clínica al 555-123-4567."),
        ("After hours, call the operator.", "Fuera del horario de atención, llame"),
        # "Anything" after a negation is "nada" ("No come cualquier cosa": not just anything).
        ("Do not eat or drink anything after midnight.", "No coma o beba nada después"),
        # A word that can only be a verb starts the instruction ("Evita deportes").
        ("Avoid contact sports for 4 weeks.", "Evite deportes de contacto"),
        ("A low fever is normal for the first few days.", "durante los primeros días."),
        # A list item after "Call if your child:" goes on that subject ("Vómitos más de 3
        # tiempo", "Es habiendo una convulsión"); "times" counts occasions.
        ("Vomits more than 3 times in 1 day", "Vomita más de 3 veces en 1 día"),
        ("Cries a lot", "Llora mucho"),
        ("Is having a seizure", "Tiene una convulsión"),
        ("Side effects are mild.", "Los efectos"),  # a heading's noun stays one
        # A second instruction after "or"/"and" ("o llamada 911": a noun, no instruction).
        ("Go to the emergency room or call 911.", "o llame al 911."),
        ("Rest and call your doctor.", "Descanse y llame a su médico."),
        ("Give water or milk.", "Dé agua o leche."),
        ("It seems very serious to you.", "a usted"),  # "a ti" is tú
        ("Stay away from smoke.", "Evite humo."),  # not "Quédese fuera de humo"
        ("He cannot be woken up.", "despertado."),  # not "despertado arriba"
        # A noun after "the" with no noun after it ("volver al escolar después de").
        ("He can go back to school after taking it.", "volver a la escuela después de"),
        ("Use the same cup.", "Utilice la misma taza."),
        # Medicine labels: "en cuanto" + subjunctive (the engine: "apenas", also "barely"),
        # "a la vez" for doses together ("inmediatamente" changes the instruction).
        ("If you miss a dose, take it as soon as you remember.", "en cuanto recuerde."),
        ("Do not take 2 doses at once.", "No tome 2 dosis a la vez."),
        ("Call your doctor at once.", "inmediatamente."),
        ("Swallow the capsule whole.", "Trague la cápsula entera."),
        ("Avoid alcohol while taking this medicine.", "mientras tome este"),
        ("Store it at room temperature.", "a temperatura ambiente."),
        # A plural subject's verb that may be a noun ("Necesidad de niños 9 horas").
        ("Children need 9 hours of sleep.", "Los niños necesitan 9 horas de sueño."),
        ("Most children need 9 hours of sleep.", "niños necesitan 9 horas"),
        ("If children need help, call.", "Si los niños necesitan ayuda, llame."),
        ("Children care tips.", "Consejos de cuidado"),  # a heading: nouns
        ("Children ages 2 to 5 should be active.", "niños de 2 a 5 años deberían"),
        # A person as the object takes "a" ("Mantenga su bebé"); not after "ser".
        ("Keep your baby warm.", "Mantenga a su bebé tibio."),
        ("Watch your child closely.", "Vigile a su niño"),
        ("You can hold your baby.", "a su bebé."),
        ("Is this your child?", "¿Es esto su niño?"),
        # A passing state is "estar" ("Es embarazada"); what something is stays "ser".
        ("She is pregnant.", "Está embarazada."),
        ("If your child is sick, call.", "Si su niño está enfermo, llame."),
        ("The bone is broken.", "El hueso está roto."),
        ("The vaccine is safe.", "La vacuna es segura."),
        # "Feel" + how someone is: the pronominal "sentirse" ("puede sentir cansado").
        ("Your child may feel tired.", "Su niño puede sentirse cansado."),
        ("If you feel sick, rest.", "Si se siente enfermo, descanse."),
        ("Do you feel well?", "¿Se siente bien?"),
        ("How do you feel?", "¿Cómo se siente?"),
        ("Your child may feel pain.", "puede sentir dolor."),  # a noun: "sentir"
        # The same word after a subject that starts the sentence, before its object.
        ("Your child needs to rest.", "Su niño necesita descansar."),  # "Sus necesidades"
        ("The doctor needs to see your child.", "El médico necesita ver"),
        ("The side effects of this medicine.", "Los efectos "),  # not "el lado efectúa"
        ("What are the side effects?", "¿Cuáles son los efectos "),
        ("Wait until the cut heals.", "hasta que el corte se cure."),
        ("Stay in bed until Monday.", "hasta el lunes"),  # no clause: the preposition
        ("Before you travel, call.", "Antes de que viaje, llame."),
        # Phrasal verbs as the verb they mean ("echa arriba" for "throws up").
        ("If your child throws up, call.", "Si su niño vomita, llame."),
        ("Your child is throwing up.", "Su niño está vomitando."),
        ("Pick up the medicine at the pharmacy.", "Recoja el medicamento"),
        ("Throw away the medicine after 14 days.", "Tire el medicamento"),  # "Eche fuera"
        ("Throw it away.", "Tírelo."),
        # "Stay home" as "stay at home"; a weekday after a preposition takes its article.
        ("Stay home until Monday.", "Quédese en casa hasta el lunes."),
        ("Do not eat after Tuesday.", "después del martes."),
        # The questions every sheet asks, in the statement's order past their question
        # words ("¿Cuánto tiempo tener que espero?" before).
        ("What are the side effects?", "¿Cuáles son los efectos "),
        ("How long should I wait?", "¿Cuánto tiempo debería esperar?"),
        ("What medicines should I avoid?", "¿Qué medicamentos debería evitar?"),
        ("How often do I take it?", "¿Con qué frecuencia lo tomo?"),
        ("Are you not having pain?", "¿No tiene dolor?"),
        # A condition's brackets hold a list, not the main clause (every CDC vaccine sheet).
        (
            "If you see signs of a severe allergic reaction (hives, swelling of the face and"
            " throat, difficulty breathing, a fast heartbeat, dizziness, or weakness), call"
            " 9-1-1 and get the person to the nearest hospital.",
            "o debilidad), llame al 9-1-1 y reciba",
        ),
        # A clause's subject after "after", not the object of a preposition.
        ("Expect side effects after you are vaccinated.", "después de que"),
    ],
)
def test_spanish_drafts_follow_the_conventions(
    engine: ApertiumEngine, glossary: Glossary, english: str, spanish: str
) -> None:
    (draft,) = spanish_drafts([english], engine, glossary)
    assert spanish in draft


def test_the_project_glossary_s_general_terms_reach_drafts(engine: ApertiumEngine) -> None:
    """Proposed terms for words every children's hospital writes, which the engine gets
    wrong or does not know ("el NICU", "proveedor de cuidado de la salud", "Measles")."""
    nicu, provider, measles = spanish_drafts(
        [
            "Your baby may stay in the NICU.",
            "Call your health care provider.",
            "Measles and mumps spread easily.",
        ],
        engine,
        PROJECT_GLOSSARY,
    )
    assert nicu.endswith("en la UCIN.")
    assert provider == "Llame a su proveedor de atención médica."
    assert "sarampión" in measles.lower() and "paperas" in measles


def test_a_glossary_adjective_goes_where_spanish_puts_it_and_agrees(
    engine: ApertiumEngine,
) -> None:
    """A glossary adjective goes in as an adjective the engine knows ("purple"), so it
    follows its noun and agrees; as a placeholder it stayed in front ("Embarazada las
    mujeres", "Estreñido los bebés")."""
    women, babies, fussy, otc = spanish_drafts(
        [
            "Pregnant women should not take it.",
            "Constipated babies cry a lot.",
            "A fussy baby cries a lot.",
            "Use non-prescription medicines.",
        ],
        engine,
        PROJECT_GLOSSARY,
    )
    assert women.startswith("Las mujeres embarazadas ")
    assert babies.startswith("Los bebés estreñidos ")  # the masculine plural, by its ending
    assert fussy.startswith("Un bebé irritable llora")
    assert "medicamentos sin receta" in otc  # a phrase never changes


def test_a_glossary_state_takes_estar_and_sentirse(engine: ApertiumEngine) -> None:
    """ "Sleepy" and "dizzy" the engine does not know: as glossary adjectives they come
    back as written, and a state still takes "estar" and "sentirse"."""
    dizzy, sleepy = spanish_drafts(
        ["Your child may be dizzy.", "Your child may feel sleepy."], engine, PROJECT_GLOSSARY
    )
    assert dizzy == "Su niño puede estar mareado."
    assert sleepy == "Su niño puede sentirse somnoliento."


def test_a_guess_that_is_a_known_dangerous_rendering_is_not_made(
    engine: ApertiumEngine, glossary: Glossary
) -> None:
    """The engine does not know "constipated"; its look-alike "constipado" is having a
    cold (dangerous.csv), so the word stays as written for a translator to see."""
    (draft,) = spanish_drafts(["If your child is constipated, call."], engine, glossary)
    assert "constipado" not in draft and "constipated" in draft


def test_the_project_glossary_names_what_babies_need(engine: ApertiumEngine) -> None:
    seat, milk, swabs = spanish_drafts(
        [
            "Use a car seat every time.",
            "Breast milk is the best food.",
            "Do not use cotton swabs.",
        ],
        engine,
        PROJECT_GLOSSARY,
    )
    assert "un asiento de seguridad para el auto" in seat  # not "escaño automovilístico"
    assert milk.startswith("La leche materna")
    assert "hisopos" in swabs  # the glossary's plural
    strep, cast = spanish_drafts(
        ["Strep throat is an infection.", "The cast must stay dry."], engine, PROJECT_GLOSSARY
    )
    assert strep.startswith("La faringitis estreptocócica es")  # "Strep la garganta"
    assert cast.startswith("El yeso")  # not "El molde"
    (er,) = spanish_drafts(["Go to the ER now."], engine, PROJECT_GLOSSARY)
    assert er == "Vaya a la sala de emergencias ahora."  # an acronym's stand-in: no capital
    pain, breath = spanish_drafts(
        ["Give pain medicine.", "Your child may have bad breath."], engine, PROJECT_GLOSSARY
    )
    assert pain == "Dé medicamento para el dolor."  # not "medicamento de dolor"
    assert "mal aliento" in breath  # not "respiración mala"


def test_an_ing_term_after_be_is_the_verb_not_the_noun(engine: ApertiumEngine) -> None:
    """ "Vomiting" is a noun term (vómitos), but "is vomiting" is the verb: the engine's
    "Está vomitando", not "Es vómitos"."""
    drafts = spanish_drafts(
        [
            "He is vomiting.",
            "Is your child still vomiting?",
            "Vomiting is common.",
            "Is the swelling worse?",
        ],
        engine,
        PROJECT_GLOSSARY,
    )
    assert drafts[:2] == ["Está vomitando.", "¿Su niño todavía está vomitando?"]
    assert drafts[2].startswith("Los vómitos") and drafts[3].startswith("¿La hinchazón")


@needs_apertium
def test_articles_and_adjectives_agree_with_the_term(
    engine: ApertiumEngine, glossary: Glossary
) -> None:
    """The engine agrees its words with a stand-in noun of the term's gender and number."""
    these, other = spanish_drafts(
        ["These platelets are low.", "Take this medicine and other medicines."], engine, glossary
    )
    assert these.startswith("Estas plaquetas")
    assert "este medicamento" in other and "otros medicamentos" in other


@needs_apertium
def test_no_engine_marks_no_informal_address(engine: ApertiumEngine, glossary: Glossary) -> None:
    texts = [
        "Give Aldesleukin in the vein.",
        "You and your child should wash your hands.",
        "Are you feeling better?",
    ]
    made = spanish_drafts(texts, engine, glossary)
    assert not any(mark in text for text in made for mark in ("*", "#", "@"))
    from pipeline.translate.morph import Register  # noqa: PLC0415

    spanish = conventions.load("es")
    assert spanish is not None
    register = Register(spanish)
    try:
        assert register.informal(made) == [[], [], []]
        assert register.informal(["Tienes vuestro niño."]) == [["Tienes", "vuestro"]]
        # A possessive the tagger reads as an adjective: "su" before its noun, "suya" after.
        assert register.apply(
            ["Just tell your manager.", "It is yours."],
            ["Justo decir vuestra gerente.", "Es vuestra."],
        ) == ["Justo decirle a su gerente.", "Es suya."]
    finally:
        register.close()


@needs_apertium
@pytest.mark.parametrize("english", ["mouth sores", "Mouth sores", "pain in the mouth"])
def test_the_register_pass_never_drops_a_word(engine: ApertiumEngine, english: str) -> None:
    """Apertium's analyser drops a last word that starts one of its multiword entries
    ("de boca" of "de boca en boca") unless a blank follows it: the draft keeps it."""
    (raw,) = engine.translate([english])
    (draft,) = spanish_drafts([english], engine, None)
    assert raw.split()[-1].strip("*#@") in draft.split()[-1]


@needs_apertium
def test_every_stand_in_comes_back_as_the_data_says(
    engine: ApertiumEngine, spanish: Conventions
) -> None:
    """A stand-in the engine translates otherwise is never swapped back, and its segment
    falls back to placeholders ("drum" came back "bidón", not "tambor")."""
    pairs = [pair for key, found in spanish.standins.items() if "." in key for pair in found]
    translated = engine.translate([f"The {english} is here." for english, _ in pairs])
    for (english, target), text in zip(pairs, translated, strict=True):
        assert f" {target} " in text, (english, text)


@needs_apertium
def test_stand_ins_measure_better_than_placeholders(
    engine: ApertiumEngine, glossary: Glossary, spanish: Conventions
) -> None:
    """With a placeholder, the engine cannot agree an article with it."""
    text = ["These platelets are low."]
    (placeholder,) = drafting.translate(text, engine, glossary, spanish, standins=False)
    (standin,) = drafting.translate(text, engine, glossary, spanish)
    assert placeholder is not None and standin is not None
    assert standin.target.startswith("Estas plaquetas")
    assert not placeholder.target.startswith("Estas plaquetas")


def test_a_bad_pattern_in_a_language_file_names_the_file_and_line(language_zz: Path) -> None:
    (language_zz / "conventions.toml").write_text("[times]\nam = 'AM'\n", encoding="utf-8")
    (language_zz / "dangerous.csv").write_text(
        "target,source\nok,\nbad,(unclosed\n", encoding="utf-8"
    )
    with pytest.raises(DataFileError, match=r"dangerous.csv:3: bad regular expression"):
        conventions.load("zz")


@needs_apertium
def test_an_unknown_cognate_is_guessed_and_noted(engine: ApertiumEngine) -> None:
    """Apertium leaves "pandemic" in English; the Spanish dictionary knows "pandemia"."""
    (unit,) = run.draft(["The pandemic affects Wuhan."], engine, None, TODAY, "es-US")
    assert "pandemia" in (unit.target or "") and "pandemic" not in (unit.target or "")
    assert drafting.GUESSED_NOTE + "pandemic → pandemia" in unit.notes
    assert drafting.UNKNOWN_NOTE + "Wuhan" in unit.notes


@needs_apertium
def test_unknown_words_join_the_sentence_as_stand_ins(engine: ApertiumEngine) -> None:
    """A guessed adjective follows its noun and agrees with it; a name is built into the
    sentence as a name ("infección de SARS-CoV-2", not "SARS-CoV-2 infección")."""
    viral, infection = spanish_drafts(
        ["The viral genomes changed.", "The illness resulting from SARS-CoV-2 infection."],
        engine,
        None,
    )
    assert viral.startswith("Los genomas virales")
    assert "infección de SARS-CoV-2" in infection


def test_names_next_to_each_other_are_one_stand_in(spanish: Conventions) -> None:
    text = "Boli Zhang and coworkers saw HCoVs in T cells."
    raw = "*Boli *Zhang y *coworkers vio *HCoVs en *T células."
    chosen = unknown.plan(text, raw, {}, spanish)
    # Not "coworkers" (no noun by its ending) or a letter; a plural acronym as a plural noun.
    assert sorted(chosen) == ["Boli Zhang", "HCoVs"] and chosen["HCoVs"].plural
    prepared = drafting.prepare(text, None, spanish, unknowns=chosen)
    assert prepared.text.startswith("London and coworkers saw Violins in T cells")
    assert drafting.finish(prepared, "Londres y *coworkers", spanish).target == (
        "Boli Zhang y coworkers"
    )


def test_a_lost_stand_in_keeps_the_first_draft(spanish: Conventions) -> None:
    """The engine gave the stand-in back twice: the segment keeps its first draft."""

    class Twice:
        name, version = "twice", "1"

        def translate(self, segments: Sequence[str]) -> list[str]:
            return [
                s.replace("Wuhan", "*Wuhan").replace("London", "Londres Londres") for s in segments
            ]

        def close(self) -> None:
            pass

    (draft,) = drafting.translate(["Cases rose in Wuhan."], Twice(), None, spanish)
    assert draft is not None and draft.target.endswith("in Wuhan.")
    assert "Londres" not in draft.target


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ("months = ['x']", "months must list 12 names"),
        ("months = [" + "'m', " * 12 + "]", "needs day_month_year, day_month, month_year"),
    ],
)
def test_dates_need_month_names_and_patterns(language_zz: Path, table: str, problem: str) -> None:
    (language_zz / "conventions.toml").write_text(f"[dates]\n{table}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"conventions\.toml: \[dates\] {problem}"):
        conventions.load("zz")


@needs_apertium
def test_agreement_by_morphology_is_measured_against_stand_ins(spanish: Conventions) -> None:
    """The other way to agreement (benchmarks/mt_eval.py compares them): articles and
    adjectives around a placeholder take its gender and number; a determiner the tagger
    reads as a pronoun ("esto ⟦T1⟧") is left, which is why stand-ins stay the default."""
    from pipeline.translate.morph import Register  # noqa: PLC0415

    register = Register(spanish)
    try:
        agreed = register.agree(
            ["Las ⟦T1⟧ rojas.", "Tiene una ⟦T1⟧ roja.", "Tome esto ⟦T1⟧."],
            [{"⟦T1⟧": "m.sg"}, {"⟦T1⟧": "m.pl"}, {"⟦T1⟧": "m.sg"}],
        )
    finally:
        register.close()
    assert agreed == ["El ⟦T1⟧ rojo.", "Tiene unos ⟦T1⟧ rojos.", "Tome esto ⟦T1⟧."]


def test_a_name_written_in_lower_case_is_never_taken_for_a_cognate(
    spanish: Conventions,
) -> None:
    """English knows "Mary" only with a capital: "mary" in a transcript is a name, not
    "maría"; "pandemic" is English with a Spanish cognate the dictionary knows."""
    found = unknown.guesses(["ahora *mary tiene una *pandemic"], spanish)
    assert list(found) == ["pandemic"] and found["pandemic"].target == "pandemia"


@pytest.mark.parametrize(
    ("english", "raw", "expected"),
    [
        ("decreased platelet count", "*decreased Plaqueta recuento", "decreased plaqueta recuento"),
        ("CoVs have returned.", "*CoVs Ha regresado.", "CoVs ha regresado."),
        ("Aldesleukin Smith helps.", "*Aldesleukin Smith ayuda.", "Aldesleukin Smith ayuda."),
    ],
)
def test_an_unknown_first_word_starts_no_new_sentence(
    english: str, raw: str, expected: str
) -> None:
    """Apertium capitalises the word after an unknown first word; the English says not."""
    prepared = drafting.prepare(english, None, None)
    assert drafting.finish(prepared, raw, None).target == expected
