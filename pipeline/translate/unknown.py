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
  ("neutralizaron MERS-CoV" became "MERS-CoV neutralizado"). A place name is itself
  taken for a noun compound after a noun ("the novel virus London" → "el Londres de virus
  novel") and before "et al", so there (Apertium's English tagger says which) a person's
  name stands in, which the engine leaves in place ("el virus novel John").
- an acronym in the plural ("CoVs", "IVs") as a stand-in plural noun, so its verb and
  article are plural ("Los CoV han sido", not "CoVs ha sido"), swapped back as Spanish
  writes an acronym's plural, as its singular (RAE: "las ONG");
- a lower-case word with no cognate that may be a noun by its ending (`[unknown]`) as a
  stand-in noun, masculine, plural where English knows its singular ("coronavirus
  disease" → "violin disease" → "enfermedad de violín" → "enfermedad de coronavirus"),
  then swapped back for the word as written.
Left where they stand, as the engine reorders any stand-in there (measured): a word in a
slash group ("EU/EEA countries" gave "países/de Londres de la UE"), and a lower-case noun
after "and"/"or" ("high blood pressure or violin" gave "violín o presión arterial
altos"). Every unknown word kept as written is named in its unit's note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from pipeline.engines import EngineError
from pipeline.engines.apertium import data_folder
from pipeline.languages import find
from pipeline.speller import Hunspell, SpellingError
from pipeline.translate import adverbs
from pipeline.translate.cognates import ADJECTIVE, FORMS, NOUN, Guess, Guesser
from pipeline.translate.conventions import Conventions
from pipeline.translate.morph import Tagger, Word

#: An engine mark on an unknown word ("*viral"), as Apertium writes it; after a digit too,
#: where it splits a code ("HCoV-229*E").
MARK = re.compile(r"(?<![^\W\d]|[_*#@])([*#@])(\w[\w'\u2019-]*)")
#: An English word, hyphenated parts joined ("SARS-CoV-2", "HCoV-229E").
_TOKEN = re.compile(r"\w+(?:['\u2019-]\w+)*")
#: The part of speech of a name, acronym or code kept as written (`conventions.toml`
#: [standins] key of the names that stand in for it).
NAME = "name"
#: A name after a noun, or before a word it does not modify: [standins] key of the names
#: the engine keeps in place there.
APPOSITION = "apposition"
NAMES = (NAME, APPOSITION)
#: A lower-case word with no cognate, sent as a stand-in noun and kept as written.
KEPT = "kept"
#: An acronym in the plural: "CoVs", "alpha-CoVs".
_PLURAL_ACRONYM = re.compile(r"[\w-]*[A-Z][A-Z0-9]*s")


def marked(raw: str) -> list[str]:
    """The words `raw` marks as unknown to the engine, in order, once each."""
    return list(dict.fromkeys(m.group(2) for m in MARK.finditer(raw) if m.group(1) == "*"))


def guesses(raw: Iterable[str], conventions: Conventions | None) -> dict[str, Guess]:
    """Cognates for the words the engine marked unknown in `raw`, and adverbs in -ly made
    from an adjective the engine knows (pipeline.translate.adverbs); none without the
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
        found = _safe(guesser.guess(words), conventions)
        return found | adverbs.guesses([w for w in words if w not in found], conventions)
    finally:
        speller.close()
        if english:
            english.close()


def _safe(found: Mapping[str, Guess], conventions: Conventions) -> dict[str, Guess]:
    """The guesses but those a known-dangerous rendering forbids for their word (dangerous.csv:
    "constipated" looks like "constipado", which is having a cold): the word stays as
    written, for a translator to see."""
    return {
        word: guess
        for word, guess in found.items()
        if not any(
            (danger.source is None or danger.source.search(word))
            and any(danger.target.search(form) for form in guess.forms.values())
            for danger in conventions.dangerous
        )
    }


def _speller(dictionary: str) -> Hunspell | None:
    """The source language's general dictionary, which tells technical words from
    everyday ones (cognates.Guesser); None without it."""
    try:
        return Hunspell([dictionary]) if dictionary else None
    except SpellingError:
        return None


def nouns(
    raw: Iterable[str], found: Mapping[str, Guess], conventions: Conventions | None
) -> dict[str, Guess]:
    """Lower-case words the engine marked unknown in `raw`, with no guess in `found`, that
    may be nouns by their ending and length (`[unknown]`): each as a masculine noun kept
    as written, plural where it ends in "s" (not "is", "us", "ss") and is no singular the
    English dictionary knows ("pangolins", "swabs"; not "diabetes", "bronchiolitis")."""
    if conventions is None:
        return {}
    settings = conventions.unknown
    endings = tuple(settings.get("not_noun_endings", ()))
    shortest = int(settings.get("noun_length", 0))
    words = list(dict.fromkeys(word for text in raw for word in marked(text)))
    words = [
        w
        for w in words
        if w not in found
        and re.fullmatch(r"[a-z]+", w)
        and len(w) >= shortest
        and not w.endswith(endings)
    ]
    if not words:
        return {}
    words = [w for w in words if w not in _names(words, conventions)]
    plural = _plural([w for w in words if re.search(r"[^isu]s$", w)], conventions)
    return {w: Guess(w, KEPT, "m", w in plural, {"m.sg": w, "m.pl": w}) for w in words}


def _plural(words: Sequence[str], conventions: Conventions) -> set[str]:
    """The words ending in "s" that are plurals: the English dictionary knows a singular
    of theirs ("pangolin", "comorbidity"), or does not know them at all; a word it knows
    with no singular is singular ("diabetes")."""
    if not words or not conventions.source_dictionary:
        return set(words)
    singulars = {w: {w[:-1], w[:-2], w[:-3] + "y"} for w in words}
    try:
        english = Hunspell([conventions.source_dictionary])
    except SpellingError:
        return set(words)
    try:
        unknown = english.unknown([*words, *(s for forms in singulars.values() for s in forms)])
    finally:
        english.close()
    return {w for w in words if w in unknown or singulars[w] - unknown}


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
    text: str,
    raw: str,
    found: Mapping[str, Guess],
    conventions: Conventions,
    *,
    words: Sequence[Word] = (),
    kept: Mapping[str, Guess] | None = None,
) -> dict[str, Guess]:
    """The English words of `text` to send as stand-ins, each with what it becomes: its
    guess, or (a name, acronym or code) itself. Names next to each other are one name
    ("Boli Zhang", "RCGP RSC"); a plural acronym ("HCoVs") goes as a plural noun kept as
    written, as no singular name can stand for it; a single letter is left as it is.
    `words` are `text` tagged (`tagged`): a name after a noun or before a word it does not
    modify is an apposition.
    `kept` are lower-case words to send as stand-in nouns (`nouns`)."""
    kept = kept or {}
    unknown = [word.strip("-'\u2019") for word in marked(raw)]
    chosen: dict[str, Guess] = {}
    #: (start, end, whether a name: not a lone capitalised word starting the sentence).
    names: list[tuple[int, int, bool]] = []
    #: (start, end, whether plural) of lower-case words sent as nouns.
    common: list[tuple[int, int, bool]] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        parts = re.split(r"[-'\u2019]", token)
        if not any(word in parts or word == token for word in unknown):
            continue
        guess = found.get(token)
        if guess is not None and guess.pos in (NOUN, ADJECTIVE):
            chosen[token] = guess
        elif guess is None and token in kept:
            if common and not text[common[-1][1] : match.start()].strip():
                # Unknown nouns next to each other are one ("diabetes mellitus").
                common[-1] = (common[-1][0], match.end(), kept[token].plural)
            else:
                common.append((match.start(), match.end(), kept[token].plural))
        elif guess is None and _PLURAL_ACRONYM.fullmatch(token):
            # A plural acronym ("CoVs", "ICUs") as a plural noun, so its verb is plural.
            common.append((match.start(), match.end(), True))
        elif guess is None and _name_like(token, match.start(), text):
            if names and not text[names[-1][1] : match.start()].strip():
                names[-1] = (names[-1][0], match.end(), True)
            else:
                names.append((match.start(), match.end(), True))
        elif guess is None and token[:1].isupper():
            # A capitalised word starting the sentence: a name if one follows ("Boli Zhang").
            names.append((match.start(), match.end(), False))
    for start, end, plural in common:
        before = _neighbours(start, end, words)[0]
        if _slashed(start, end, text) or (before and _tagged(before[-1], "<cnjcoo>")):
            # After "and", "or": the engine moves a noun there round a shared adjective
            # ("high blood pressure or violin" → "violín o presión arterial altos").
            continue
        noun = text[start:end]
        # Spanish writes an acronym's plural as its singular ("los CoV", "las ONG": RAE).
        written = noun[:-1] if _PLURAL_ACRONYM.fullmatch(noun) else noun
        chosen[noun] = Guess(noun, KEPT, "m", plural, {"m.sg": written, "m.pl": written})
    for start, end, name_like in names:
        if not name_like:
            continue
        if _slashed(start, end, text):
            continue
        name = text[start:end]
        kind = APPOSITION if _apposition(start, end, words, conventions) else NAME
        chosen[name] = Guess(name, kind, "", False, {"m.sg": name})
    return chosen


#: Tags of a word that opens a noun phrase, or stands in one before its noun.
_OPENERS = ("<det>", "<adj>", "<num>")


def _tagged(word: Word, *tags: str) -> bool:
    return word.reading is not None and any(tag in word.reading for tag in tags)


def tagged(texts: Mapping[int, str], conventions: Conventions) -> dict[int, list[Word]]:
    """The English `texts` tagged by the analyser and tagger of `[names]`, by index; none
    without them."""
    names = conventions.unknown
    if not texts or not all(names.get(key) for key in ("apertium", "analyser", "tagger")):
        return {}
    try:
        tagger = Tagger(data_folder(names["apertium"]), names["analyser"], names["tagger"])
    except EngineError:
        return {}
    try:
        order = list(texts)
        return {order[i]: ws for i, ws in tagger.words([texts[n] for n in order]).items()}
    except EngineError:
        return {}
    finally:
        tagger.close()


def _apposition(start: int, end: int, words: Sequence[Word], conventions: Conventions) -> bool:
    """Whether the tagged words right before `start` end a noun phrase on its noun ("the
    novel virus SARS-CoV-2"), or the one right after `end` is one a name does not modify
    ("Zhou et al")."""
    before, after = _neighbours(start, end, words)
    if len(before) > 1 and _tagged(before[-1], "<n>") and _tagged(before[-2], *_OPENERS):
        return True
    return bool(after) and after[0].lemma in conventions.unknown.get("not_modified", ())


def _slashed(start: int, end: int, text: str) -> bool:
    """Whether `text[start:end]` is part of a slash group ("EU/EEA countries"): the engine
    compounds any stand-in there with the words across the slash ("países/de Londres de
    la UE"), so the word is left unknown."""
    return "/" in (text[start - 1 : start], text[end : end + 1])


def _neighbours(start: int, end: int, words: Sequence[Word]) -> tuple[list[Word], list[Word]]:
    """The tagged words before `start` and after `end`, without the spaces between."""
    before, after, position = [], [], 0
    for word in words:
        if word.surface.strip() and position + len(word.surface) <= start:
            before.append(word)
        elif word.surface.strip() and position >= end:
            after.append(word)
        position += len(word.surface)
    return before, after


def standin(
    guess: Guess, conventions: Conventions, used: set[str]
) -> tuple[str, dict[str, str]] | None:
    """An English stand-in not in the sentence (`used`), and its target forms → the forms
    to put in their place; None when the language lists none left."""
    if guess.pos in NAMES:
        for english, spanish in conventions.standins.get(guess.pos, ()):
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
    return guess.pos not in (*NAMES, KEPT)


def _name_like(token: str, start: int, text: str) -> bool:
    """Capitals after the first letter, digits, or a capital inside a sentence; not a
    plural acronym or a single letter."""
    if len(token) < 2 or _PLURAL_ACRONYM.fullmatch(token):
        return False
    if any(c.isupper() for c in token[1:]) or any(c.isdigit() for c in token):
        return True
    return token[:1].isupper() and bool(re.search(r"\w[^.!?:]*$", text[:start]))
