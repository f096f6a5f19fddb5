"""Cognates for English words the engine does not know (pipeline.translate.cognates).

The rules are Spanish's own (pipeline/languages/data/es/cognates.toml); the dictionary is
a small word set here, so each case shows which known word a guess rests on.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from pipeline.errors import DataFileError
from pipeline.languages import profile
from pipeline.translate import cognates, conventions
from pipeline.translate import unknown as unknown_words
from pipeline.translate.cognates import ADJECTIVE, ADVERB, NOUN, Guesser

#: Spanish words "the dictionary" knows: forms of the cases below, and look-alikes a rule
#: could wrongly land on (verb forms without the accent).
KNOWN = {
    "pandemia",
    "pandemias",
    "prevalencia",
    "inflamatorio",
    "inflamatoria",
    "inflamatorios",
    "inflamatorias",
    "asintomático",
    "asintomática",
    "asintomáticos",
    "asintomáticas",
    "zoonótica",
    "viral",
    "virales",
    "critico",
    "critica",
    "criticas",
    "crítico",
    "crítica",
    "críticos",
    "críticas",
    "críticamente",
    "eficiente",
    "eficientes",
    "eficientemente",
    "etiología",
    "citoquina",
    "citoquinas",
    "bronquitis",
    "neumocito",
    "neumocitos",
    "nasofaríngeo",
    "desinfectante",
    "civeta",
    "civetas",
}


#: English words "general English" knows: everyday words, where cognates are false friends
#: (and a plural it knows though not its singular, as en_US knows "cytokines").
EVERYDAY = {"adaptive", "supportive", "morbidity", "epidemiological", "baseline", "hypertensions"}


def unknown(words: Sequence[str]) -> set[str]:
    return {word for word in words if word not in KNOWN}


def technical(words: Sequence[str]) -> set[str]:
    return {word for word in words if word.lower() not in EVERYDAY}


@pytest.fixture
def guesser() -> Guesser:
    spanish = conventions.load("es")
    assert spanish is not None and spanish.cognates is not None
    return Guesser(
        spanish.cognates, unknown, spanish.gender, profile("es").plural_endings, technical
    )


@pytest.mark.parametrize(
    ("english", "pos", "target"),
    [
        ("pandemic", NOUN, "pandemia"),
        ("pandemics", NOUN, "pandemias"),
        ("prevalence", NOUN, "prevalencia"),
        ("inflammatory", ADJECTIVE, "inflamatorio"),
        ("asymptomatic", ADJECTIVE, "asintomático"),
        ("Asymptomatic", ADJECTIVE, "asintomático"),
        # The dictionary knows only the feminine: the regular masculine is used.
        ("zoonotic", ADJECTIVE, "zoonótico"),
        ("viral", ADJECTIVE, "viral"),
        # All four forms known beats a verb's forms without the accent.
        ("critical", ADJECTIVE, "crítico"),
        ("critically", ADVERB, "críticamente"),
        ("efficiently", ADVERB, "eficientemente"),
        ("aetiology", NOUN, "etiología"),
        ("cytokines", NOUN, "citoquinas"),
        ("bronchitis", NOUN, "bronquitis"),
        ("pneumocytes", NOUN, "neumocitos"),
        ("nasopharyngeal", ADJECTIVE, "nasofaríngeo"),
        ("disinfectant", ADJECTIVE, "desinfectante"),
        ("civets", NOUN, "civetas"),
    ],
)
def test_a_cognate_the_dictionary_knows_is_guessed(
    guesser: Guesser, english: str, pos: str, target: str
) -> None:
    guess = guesser.guess([english])[english]
    assert (guess.pos, guess.target) == (pos, target)


def test_a_guess_carries_gender_and_every_form(guesser: Guesser) -> None:
    pandemic = guesser.guess(["pandemic"])["pandemic"]
    assert pandemic.gender == "f" and pandemic.forms == {"f.sg": "pandemia", "f.pl": "pandemias"}
    viral = guesser.guess(["viral"])["viral"]
    assert viral.forms == {"m.sg": "viral", "f.sg": "viral", "m.pl": "virales", "f.pl": "virales"}
    zoonotic = guesser.guess(["zoonotic"])["zoonotic"]
    assert zoonotic.forms["f.pl"] == "zoonóticas"


@pytest.mark.parametrize(
    "english",
    [
        "robustly",  # no rule makes a known word
        "preparedness",
        "Wuhan",  # names, acronyms, numbers and hyphenated words stay as written
        "SARS-CoV-2",
        "CoVs",
        "HKU1",
        "surge",  # a Spanish word as it is, with no ending rule: never taken
        # Reliable endings, unconfirmed: not for everyday English (false friends) ...
        "adaptive",  # "adaptativo", not "adaptivo"
        "supportive",
        "baseline",
        # ... nor where the guess is spelled as Spanish never is.
        "racoon",
        "swashable",
        # ... nor where the first ending that matches is not reliable: "-ical" may be
        # "-ico" (químico) or "-ical" (cervical), so no "-al" guess either.
        "vesicocervical",
        "cytopigment",  # "-ment" (not reliable) before "-ent"
        "kilobases",  # "-base" (a base, not an enzyme) before "-ase"
    ],
)
def test_no_guess_without_a_rule_and_a_known_word(guesser: Guesser, english: str) -> None:
    assert guesser.guess([english]) == {}


@pytest.mark.parametrize(
    ("english", "forms"),
    [
        # A certain ending stands even for a word of everyday English.
        ("virological", ("virológico", "virológica", "virológicos", "virológicas")),
        ("epidemiological", ("epidemiológico", "epidemiológica")),
        ("Seroepidemiology", ("seroepidemiología", "seroepidemiologías")),
        ("bronchiolitis", ("bronquiolitis", "bronquiolitis")),  # invariable
        ("candidiases", ("candidiasis", "candidiasis")),
        ("lymphopenia", ("linfopenia", "linfopenias")),
        ("dehydrogenase", ("deshidrogenasa", "deshidrogenasas")),
        ("deoxycytidine", ("desoxicitidina",)),
        ("cholangiocytes", ("colangiocito", "colangiocitos")),
        # Others only for technical words; the accent from the stem's last vowel group.
        ("metagenomic", ("metagenómico", "metagenómica", "metagenómicos", "metagenómicas")),
        ("pediatric", ("pediátrico", "pediátrica")),
        ("therapeutic", ("terapéutico", "terapéutica")),
        ("archaic", ("arcaico", "arcaica")),  # a vowel before the ending: no accent
        ("psychic", ("síquico", "síquica")),  # "qu" before "i": the "u" is silent
        ("chemotherapeutic", ("quimioterapéutico",)),  # chemo- is quimio-
        # "un-" + an unconfirmed guess is no "no …" (only with a word the dictionary knows).
        ("uncovertebral", ("uncovertebral", "uncovertebral", "uncovertebrales")),
        ("meningeal", ("meníngeo", "meníngea")),
        ("pathogens", ("patógeno", "patógenos")),  # an accent before a consonant ending
        ("coronaviruses", ("coronavirus", "coronavirus")),
        ("corticosteroids", ("corticosteroide", "corticosteroides")),
        # The accent goes in the plural; technical, as general English lacks the singular.
        ("hypertensions", ("hipertensión", "hipertensiones")),
        ("comorbidities", ("comorbilidad", "comorbilidades")),
        ("endogenous", ("endógeno", "endógena")),
        ("immunocompetent", ("inmunocompetente", "inmunocompetente", "inmunocompetentes")),
    ],
)
def test_a_reliable_ending_stands_without_the_dictionary(
    guesser: Guesser, english: str, forms: tuple[str, ...]
) -> None:
    guess = guesser.guess([english])[english]
    assert not guess.confirmed
    assert tuple(guess.forms.values())[: len(forms)] == forms


def test_a_known_candidate_beats_a_reliable_ending(guesser: Guesser) -> None:
    """The dictionary knows "citoquinas": confirmed, as "zoonótica" confirms "zoonotic"."""
    assert guesser.guess(["cytokines"])["cytokines"].confirmed
    assert guesser.guess(["zoonotic"])["zoonotic"].confirmed


def test_non_and_un_join_a_word_as_no(guesser: Guesser) -> None:
    """Non- and un- + a word: "no" and that word, confirmed where the dictionary knows it."""
    assert not guesser.guess(["noninvasive"])["noninvasive"].confirmed
    spanish = conventions.load("es")
    assert spanish is not None and spanish.cognates is not None
    known = KNOWN | {"invasivo", "invasiva", "detectado", "detectada"}
    wider = Guesser(
        spanish.cognates,
        lambda words: {w for w in words if w not in known},
        spanish.gender,
        profile("es").plural_endings,
    )
    found = wider.guess(["noninvasive", "undetected"])
    assert found["noninvasive"].confirmed and found["noninvasive"].forms["f.sg"] == "no invasiva"
    assert found["undetected"].confirmed and found["undetected"].target == "no detectado"


def test_each_form_is_asked_about_once(guesser: Guesser) -> None:
    asked: list[str] = []

    def counting(words: Sequence[str]) -> set[str]:
        asked.extend(words)
        return unknown(words)

    spanish = conventions.load("es")
    assert spanish is not None and spanish.cognates is not None
    once = Guesser(spanish.cognates, counting, spanish.gender, profile("es").plural_endings)
    once.guess(["pandemic", "pandemics"])
    first = len(asked)
    once.guess(["pandemic"])
    assert len(asked) == first == len(set(asked))


def test_bad_rules_name_their_file(tmp_path: Path) -> None:
    path = tmp_path / "cognates.toml"
    path.write_text('spelling = [["(unclosed", "x"]]\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"cognates\.toml: bad spelling pattern"):
        cognates.load(path)
    path.write_text("endings = [[1]]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"cognates\.toml: bad cognate rules"):
        cognates.load(path)
    path.write_text('endings = [["ic", "ico", "adjective", "", "always"]]\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"fifth cell"):
        cognates.load(path)
    assert cognates.load(tmp_path / "missing.toml") is None


def test_real_dictionaries_confirm_or_leave_a_guess_to_its_ending(hunspell: None) -> None:
    """With hunspell's es_US and en_US (pipeline.translate.unknown.guesses): es_US lacks
    "zoonótico", so the reliable ending stands alone; it knows "detectado", so "undetected"
    is "no detectado", confirmed; "adaptive" is everyday English (en_US knows it) and es_US
    knows no "adaptivo": no guess, the word stays as written."""
    spanish = conventions.load("es")
    assert spanish is not None
    found = unknown_words.guesses(["la *zoonotic *undetected *adaptive transmisión"], spanish)
    assert set(found) == {"zoonotic", "undetected"}
    assert not found["zoonotic"].confirmed and found["zoonotic"].forms["f.sg"] == "zoonótica"
    assert found["undetected"].confirmed and found["undetected"].forms["f.pl"] == "no detectadas"
