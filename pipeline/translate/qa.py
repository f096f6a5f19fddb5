"""Checks on every translated segment, machine or human: what must survive translation.

A dropped "911", a changed dose or a missing approved term can hurt a child, so each is
a finding at the segment's source line. In a machine draft they are warnings for the
translator; in a reviewed translation they are errors that stop publication.

Numbers: every number in the English (digits, or number words like "one hour") must be
in the translation, as digits or as a number word of the target language (its profile's
`number_words`, pipeline/languages/); and every number written in digits in the
translation must be in the English.
"""

from __future__ import annotations

import functools
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.glossary import (
    Glossary,
    Status,
    find_terms,
    fold,
    forbidden_found,
    target_found,
)
from pipeline.languages import find
from pipeline.model import Finding, Location, Severity
from pipeline.rules import Example, Rule
from pipeline.speller import Hunspell, SpellingError, dictionary_search_path
from pipeline.translate.conventions import Conventions
from pipeline.translate.conventions import load as load_conventions
from pipeline.translate.protect import TOKEN as _TOKEN
from pipeline.translate.protect import placeholders
from pipeline.translate.xliff import review_hash

#: Examples are machine drafts checked with tests/fixtures/qa-glossary/en-es.csv.
NUMBER = Rule(
    "translation.number",
    Severity.ERROR,
    "a number, dose, time or phone number differs from the English",
    Example("segment", "Give 5 mL twice a day.\tDé 5 mL dos veces al día."),
    Example("segment", "Give 5 mL twice a day.\tDé 50 mL dos veces al día."),
)
TERM = Rule(
    "translation.term",
    Severity.ERROR,
    "an approved glossary term's target is missing",
    Example("segment", "Your platelet count is low.\tSu recuento de plaquetas es bajo."),
    Example("segment", "Your platelet count is low.\tSu recuento de trombocitos es bajo."),
)
FORBIDDEN = Rule(
    "translation.forbidden",
    Severity.ERROR,
    "a term the glossary forbids appears in the translation",
    Example("segment", "Do not feel embarrassed.\tNo se sienta avergonzado."),
    Example("segment", "Do not feel embarrassed.\tNo se sienta embarazada."),
)
UNKNOWN_WORD = Rule(
    "translation.unknown-word",
    Severity.ERROR,
    "the engine marked a word it could not translate (* or #)",
    Example("segment", "Call the clinic.\tLlame a la clínica."),
    Example("segment", "Call the clinic.\tLlame al *clinic."),
)
PLACEHOLDER = Rule(
    "translation.placeholder",
    Severity.ERROR,
    "a protected term's placeholder was lost or left behind",
    Example("segment", "Call the clinic.\tLlame a la clínica."),
    Example("segment", "Call the clinic.\tLlame a la ⟦T1⟧."),
)
EMPTY = Rule(
    "translation.empty",
    Severity.ERROR,
    "the translation is empty",
    Example("segment", "Call the clinic.\tLlame a la clínica."),
    Example("segment", "Call the clinic.\t "),
)
#: Examples with a third field give the text as the reviewer signed it off.
EDITED = Rule(
    "translation.edited-after-review",
    Severity.ERROR,
    "a reviewed translation was changed outside an import, after its review",
    Example("segment", "Call the clinic.\tLlame a la clínica.\tLlame a la clínica."),
    Example("segment", "Call the clinic.\tLlame al hospital.\tLlame a la clínica."),
)
URGENT = Rule(
    "translation.urgent",
    Severity.ERROR,
    "an urgent instruction (call 911) is not an instruction in the translation",
    Example("segment", "Call 911 right away.\tLlame al 911 enseguida."),
    Example("segment", "Call 911 right away.\tLlamada 911 enseguida."),
)
DANGEROUS = Rule(
    "translation.dangerous",
    Severity.ERROR,
    "a rendering known to mislead or offend (pipeline/languages/data/<lang>/dangerous.csv)",
    Example("segment", "Your child has hives.\tSu niño tiene urticaria."),
    Example("segment", "Your child has hives.\tSu niño tiene colmenas."),
)
ENGLISH_LEFT = Rule(
    "translation.english-left",
    Severity.WARNING,
    "an English word was left untranslated inside a sentence",
    Example("segment", "Your child may get a rash.\tSu niño puede tener un sarpullido."),
    Example("segment", "Your child may get a rash.\tSu niño puede tener un rash."),
)
RULES = (
    NUMBER,
    TERM,
    FORBIDDEN,
    UNKNOWN_WORD,
    PLACEHOLDER,
    EMPTY,
    EDITED,
    URGENT,
    DANGEROUS,
    ENGLISH_LEFT,
)

_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")
_UNKNOWN = re.compile(r"(?<!\w)[*#](\w[\w'-]*)")


@dataclass(frozen=True)
class Segment:
    """One translated segment, with where its English came from."""

    id: str
    source: str
    target: str
    loc: Location
    reviewed: bool
    #: `xliff.review_hash` of what its reviewer signed off, if anyone did.
    review_hash: str | None = None
    #: Words the engine did not know, kept as written (its marks removed from the draft).
    unknown: tuple[str, ...] = ()


def check(segment: Segment, glossary: Glossary | None, lang: str) -> Iterator[Finding]:
    """What is wrong with the segment: errors in a reviewed translation (they stop its
    publication), warnings for the translator in a machine draft."""

    def finding(rule: Rule, message: str, suggestion: str | None = None) -> Finding:
        where = "reviewed translation" if segment.reviewed else "machine draft"
        draft = None if segment.reviewed else min(rule.severity, Severity.WARNING)
        message = f"{lang} {segment.id} ({where}): {message}"
        return rule.finding(message, segment.loc, suggestion, severity=draft)

    if segment.review_hash not in {None, review_hash(segment.source, segment.target)}:
        # Always an error: nobody vouches for this text, yet a reviewer's name is on it.
        yield EDITED.finding(
            f"{lang} {segment.id}: the translation was changed after its review, outside "
            "an import, so it is not published as reviewed; have it reviewed again "
            "(pipeline import-translation --reviewer NAME)",
            segment.loc,
        )
    if segment.source.strip() and not segment.target.strip():
        yield finding(EMPTY, "no translation")
        return
    yield from (finding(NUMBER, message) for message in _numbers(segment, lang))
    for token in placeholders(segment.target):
        yield finding(PLACEHOLDER, f"placeholder {token} left in the text")
    for unknown in _UNKNOWN.finditer(segment.target):
        yield finding(UNKNOWN_WORD, f"the engine could not translate {unknown.group(1)!r}")
    conventions = load_conventions(lang)
    english = english_left(segment, glossary, conventions)
    for word in english:
        yield finding(ENGLISH_LEFT, f"{word!r} is English, left untranslated")
    for word in segment.unknown:
        if word not in english:
            yield finding(UNKNOWN_WORD, f"the engine did not know {word!r}: kept as written")
    forbidden = forbidden_found(glossary, segment.target, segment.source) if glossary else []
    if conventions is not None:
        # A rendering the glossary forbids already is reported once, as forbidden.
        said = {fold(t) for term in forbidden for t in term.targets}
        yield from _safety(segment, conventions, lang, said)
    if glossary is None:
        return
    for match in find_terms(glossary, segment.source, {Status.APPROVED, Status.DO_NOT_TRANSLATE}):
        term = match.term
        if term.status is Status.DO_NOT_TRANSLATE:
            if match.text.lower() not in segment.target.lower():
                yield finding(TERM, f"{match.text!r} must stay as it is")
        elif not target_found(term, segment.target):
            yield finding(
                TERM,
                f"{term.source!r} must be translated as {term.target!r}",
                suggestion=f"use {term.target!r}" + (f" ({term.note})" if term.note else ""),
            )
    for term in forbidden:
        yield finding(
            FORBIDDEN,
            f"{term.target!r} is forbidden" + (f": {term.note}" if term.note else ""),
        )


def _safety(
    segment: Segment, conventions: Conventions, lang: str, said: set[str]
) -> Iterator[Finding]:
    """Urgent instructions that must stay instructions (an error even in a machine draft:
    "llamada 911" is a noun, nobody is told to call), and known-dangerous renderings."""
    for urgent in conventions.urgent:
        asked = urgent.source.search(segment.source)
        if asked and not urgent.target.search(segment.target):
            yield URGENT.finding(
                f"{lang} {segment.id}: {asked.group()!r} must be an instruction in the translation",
                segment.loc,
                f"use {urgent.suggestion!r}" if urgent.suggestion else None,
            )
    where = "reviewed translation" if segment.reviewed else "machine draft"
    for danger in conventions.dangerous:
        if fold(danger.word) in said:
            continue
        if (danger.source is None or danger.source.search(segment.source)) and (
            found := danger.target.search(segment.target)
        ):
            yield DANGEROUS.finding(
                f"{lang} {segment.id} ({where}): {found.group()!r} must not be used"
                + (f": {danger.note}" if danger.note else ""),
                segment.loc,
                severity=None if segment.reviewed else min(DANGEROUS.severity, Severity.WARNING),
            )


def english_left(
    segment: Segment, glossary: Glossary | None, conventions: Conventions | None
) -> list[str]:
    """Lower-case words of the English found again in a translated sentence that the
    English dictionary knows and the target language's does not ("rash" in "tiene un
    rash"). Not counted: names (capitalised), parts of hyphenated words ("al-des-loo-kin"),
    glossary words, and text kept as written (the target is the English)."""
    if conventions is None or not conventions.dictionary or segment.target == segment.source:
        return []
    words = re.findall(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*", segment.target)
    if len(words) < 3:
        return []
    english = set(re.findall(r"[a-z]+", segment.source))
    allowed: set[str] = set()
    if glossary is not None:
        for term in glossary.terms:
            allowed.update(w.lower() for t in term.targets for w in t.split())
    target_words = dictionary_words(conventions.dictionary)
    source_words = dictionary_words(conventions.source_dictionary)
    candidates = list(
        dict.fromkeys(
            w
            for w in words
            if w in english
            and len(w) > 2
            and w not in allowed
            and w not in target_words
            and w in source_words
        )
    )
    speller = _speller(conventions.dictionary, os.getpid())
    unknown = speller.unknown(candidates) if speller and candidates else set(candidates)
    return [w for w in candidates if w in unknown]


@functools.cache
def _speller(name: str, process: int) -> Hunspell | None:
    """hunspell with the target language's dictionary, one per process (a forked worker
    must not share its parent's pipes); None where it cannot run."""
    try:
        return Hunspell([name])
    except SpellingError:
        return None


@functools.cache
def dictionary_words(name: str) -> frozenset[str]:
    """The stems of a hunspell dictionary (lower case), a quick first sieve; empty if it
    is not installed."""
    for folder in dictionary_search_path():
        path = folder / f"{name}.dic"
        if path.is_file():
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[1:]
            return frozenset(line.split("/", 1)[0].strip().lower() for line in lines)
    return frozenset()


def _numbers(segment: Segment, lang: str) -> Iterator[str]:
    source = _values(segment.source, "en")
    target = _values(_TOKEN.sub(" ", segment.target), lang)  # ⟦T1⟧ is no number
    for value, count in (source - target).items():
        yield f"{value} appears {count} time(s) in the English but not in the translation"
    digits = Counter(_normal(d) for d in _DIGITS.findall(_TOKEN.sub(" ", segment.target)))
    for value in digits - Counter(source):
        yield f"{value} is in the translation but not in the English"


def _values(text: str, lang: str) -> Counter[str]:
    values = Counter(_normal(d) for d in _DIGITS.findall(text))
    found = find(lang)
    words = {word: str(n) for word, n in found.number_words.items()} if found else {}
    for word in re.findall(r"\w+", text.lower()):
        if word in words:
            values[words[word]] += 1
    return values


def _normal(number: str) -> str:
    """ "8.0" and "8,0" are the same dose; leading zeros do not matter."""
    number = number.replace(",", ".")
    return number.rstrip("0").rstrip(".") if "." in number else str(int(number))
