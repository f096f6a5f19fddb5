"""English words the engine does not know, made part of the sentence it builds.

Apertium leaves an unknown word where it stood and builds the sentence around a hole:
"*coronavirus enfermedad", "*viral genomas", "*SARS-*CoV-2 infección", with no article or
agreement. So after a first pass, each segment with such words is sent again with each one
as a stand-in word the engine knows (pipeline.translate.drafting, as glossary nouns are):
- a word with a cognate the target dictionary knows (pipeline.translate.cognates), noun or
  adjective, as a stand-in of its part of speech, gender and number ("The viral genomes" →
  "Los genomas morados" → "Los genomas virales"), then swapped for the guess's form;
- a name, acronym or code (capitals after the first letter, digits, or a capital inside
  the sentence: "Wuhan", "SARS-CoV-2", "CoVs") as a place name the engine knows, then
  swapped back for the word as written ("infección de Londres" → "infección de
  SARS-CoV-2"). Measured on TICO-19's PubMed abstracts (benchmarks/mt_eval.py), a name
  stand-in beats a noun one: a noun draws the engine into reordering it as a compound
  ("neutralizaron MERS-CoV" became "MERS-CoV neutralizado").
Other unknown words (lower-case English with no cognate) stay as written; every one is
named in its unit's note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from pipeline.languages import find
from pipeline.speller import Hunspell, SpellingError
from pipeline.translate.cognates import ADJECTIVE, FORMS, NOUN, Guess, Guesser
from pipeline.translate.conventions import Conventions

#: An engine mark on an unknown word ("*viral"), as Apertium writes it.
MARK = re.compile(r"(?<![\w*#@])([*#@])(\w[\w'\u2019-]*)")
#: An English word, hyphenated parts joined ("SARS-CoV-2", "HCoV-229E").
_TOKEN = re.compile(r"\w+(?:['\u2019-]\w+)*")
#: The part of speech of a name, acronym or code kept as written (`conventions.toml`
#: [standins] key of the names that stand in for it).
NAME = "name"
#: An acronym in the plural: "CoVs", "alpha-CoVs".
_PLURAL_ACRONYM = re.compile(r"[\w-]*[A-Z][A-Z0-9]*s")


def marked(raw: str) -> list[str]:
    """The words `raw` marks as unknown to the engine, in order, once each."""
    return list(dict.fromkeys(m.group(2) for m in MARK.finditer(raw) if m.group(1) == "*"))


def guesses(raw: Iterable[str], conventions: Conventions | None) -> dict[str, Guess]:
    """Cognates for the words the engine marked unknown in `raw`; none without the
    language's rules or its dictionary."""
    if conventions is None or conventions.cognates is None or not conventions.dictionary:
        return {}
    words = list(dict.fromkeys(word for text in raw for word in marked(text)))
    names = _names(words, conventions)
    words = [word for word in words if word not in names]
    if not words:
        return {}
    language = find(conventions.lang)
    try:
        speller = Hunspell([conventions.dictionary])
    except SpellingError:
        return {}
    english = _speller(conventions.source_dictionary)
    try:
        guesser = Guesser(
            conventions.cognates,
            speller.unknown,
            conventions.gender,
            language.plural_endings if language else (),
            english.unknown if english else None,
        )
        return guesser.guess(words)
    finally:
        speller.close()
        if english:
            english.close()


def _speller(dictionary: str) -> Hunspell | None:
    """The source language's general dictionary, which tells technical words from
    everyday ones (cognates.Guesser); None without it."""
    try:
        return Hunspell([dictionary]) if dictionary else None
    except SpellingError:
        return None


def _names(words: Sequence[str], conventions: Conventions) -> set[str]:
    """Lower-case words the English dictionary knows only with a capital: names written
    without one ("mary" in a transcript), never to be taken for cognates ("maría")."""
    lower = [w for w in words if w.islower()]
    if not lower or not conventions.source_dictionary:
        return set()
    try:
        english = Hunspell([conventions.source_dictionary])
    except SpellingError:
        return set()
    try:
        unknown = english.unknown(lower)
        capitalised = {w.capitalize() for w in unknown}
        return {w for w in unknown if w.capitalize() not in english.unknown(list(capitalised))}
    finally:
        english.close()


def plan(
    text: str, raw: str, found: Mapping[str, Guess], conventions: Conventions
) -> dict[str, Guess]:
    """The English words of `text` to send as stand-ins, each with what it becomes: its
    guess, or (a name, acronym or code) itself. Names next to each other are one name
    ("Boli Zhang", "RCGP RSC"); a plural acronym ("HCoVs") and a single letter are left
    as they are, as no singular name can stand for them."""
    unknown = [word.strip("-'\u2019") for word in marked(raw)]
    chosen: dict[str, Guess] = {}
    #: (start, end, whether a name: not a lone capitalised word starting the sentence).
    names: list[tuple[int, int, bool]] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        parts = re.split(r"[-'\u2019]", token)
        if not any(word in parts or word == token for word in unknown):
            continue
        guess = found.get(token)
        if guess is not None and guess.pos in (NOUN, ADJECTIVE):
            chosen[token] = guess
        elif guess is None and _name_like(token, match.start(), text):
            if names and not text[names[-1][1] : match.start()].strip():
                names[-1] = (names[-1][0], match.end(), True)
            else:
                names.append((match.start(), match.end(), True))
        elif guess is None and token[:1].isupper():
            # A capitalised word starting the sentence: a name if one follows ("Boli Zhang").
            names.append((match.start(), match.end(), False))
    for start, end, name_like in names:
        if not name_like:
            continue
        name = text[start:end]
        chosen[name] = Guess(name, NAME, "", False, {"m.sg": name})
    return chosen


def standin(
    guess: Guess, conventions: Conventions, used: set[str]
) -> tuple[str, dict[str, str]] | None:
    """An English stand-in not in the sentence (`used`), and its target forms → the forms
    to put in their place; None when the language lists none left."""
    if guess.pos == NAME:
        for english, spanish in conventions.standins.get(NAME, ()):
            if english.lower() not in used:
                return english, {spanish: guess.english}
        return None
    if guess.pos == ADJECTIVE:
        for english, forms in conventions.adjective_standins:
            if english.lower() not in used:
                return english, {forms[key]: guess.forms[key] for key in FORMS}
        return None
    number = "pl" if guess.plural else "sg"
    target = guess.forms.get(f"{guess.gender}.{number}", guess.english)
    for english, spanish in conventions.standins.get(f"{guess.gender}.{number}", ()):
        if english.lower() not in used:
            return english, {spanish: target}
    return None


def is_guessed(guess: Guess) -> bool:
    """Whether a planned word is a guess (noted for checking), not a name kept as written."""
    return guess.pos != NAME


def _name_like(token: str, start: int, text: str) -> bool:
    """Capitals after the first letter, digits, or a capital inside a sentence; not a
    plural acronym or a single letter."""
    if len(token) < 2 or _PLURAL_ACRONYM.fullmatch(token):
        return False
    if any(c.isupper() for c in token[1:]) or any(c.isdigit() for c in token):
        return True
    return token[:1].isupper() and bool(re.search(r"\w[^.!?:]*$", text[:start]))
