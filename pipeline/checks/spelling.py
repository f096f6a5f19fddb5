"""Spelling: every word of the title, headings, paragraphs and list items must be known.

The publisher lines are not checked: they are an address of proper names (street, city,
postcode) that no dictionary holds, they are not text families read for advice, and the
model keeps no location for each of them.

Severity is policy: a typo is an error; an unknown acronym (VAERS), name (Kincaid) or rare
word only a larger word list knows (qigong) is a warning, as most are right and only staff
can tell. A word wrong in several places is one
finding naming them all. Passages in another language (`Span.lang`) are left out of the
English check and checked with their own dictionary where one is installed, where a drug
name the language spells by its regular correspondences with English (acetaminofén:
acetaminophen, `pipeline.borrowed`) is no typo; a single
accented word in an English sentence that such a dictionary knows ("la clínica") is a
`spelling.foreign` warning, not a typo: English typos add no accents.

Suggestions are never applied: hunspell's can be far-fetched (aldesleukin → interleukin).
"""

from __future__ import annotations

import dataclasses
import urllib.parse
from collections.abc import Callable, Iterator, Sequence

from pipeline.borrowed import correspondences
from pipeline.checks.context import Context, at_sheet, places
from pipeline.languages import primary
from pipeline.model import Document, Finding, Location, Severity
from pipeline.rules import Example, Rule
from pipeline.speller import (
    ACRONYM,
    MAX_SUGGESTED,
    NAME,
    RARE,
    TYPO,
    Misspelling,
    Speller,
    SpellingUnavailable,
)
from pipeline.units import TextUnit

_CORRECT = Example("sheet.txt", "Fever\n\nGive the medicine with food.\n")
MISSPELLED = Rule(
    "spelling.misspelled",
    Severity.ERROR,
    "a word none of the dictionaries or the project word list knows",
    _CORRECT,
    Example("sheet.txt", "Fever\n\nGive the medicine by intermittant infusion.\n"),
)
ACRONYM_RULE = Rule(
    "spelling.acronym",
    Severity.WARNING,
    "an acronym or mixed-case word no dictionary knows: spell it out once, or add it to the "
    "word list",
    Example("sheet.txt", "Fever\n\nCall the CDC if you have questions.\n"),
    Example("sheet.txt", "Fever\n\nReport it to the QZRX program.\n"),
)
NAME_RULE = Rule(
    "spelling.name",
    Severity.WARNING,
    "a capitalised word no dictionary knows and that is not one letter from a known word: "
    "a name to check against its source",
    Example("sheet.txt", "Fever\n\nAsk Doctor Smith about it.\n"),
    Example("sheet.txt", "Fever\n\nAsk Doctor Zwolnikowski about it.\n"),
)
FOREIGN_RULE = Rule(
    "spelling.foreign",
    Severity.WARNING,
    "an accented word English does not know but another configured language does: mark "
    "the passage's language, or check it is meant",
    _CORRECT,
    Example("sheet.txt", "Fever\n\nAsk for the clínica by name.\n"),
)
RARE_RULE = Rule(
    "spelling.rare",
    Severity.WARNING,
    "a word only the language's larger word list knows (English: SCOWL's, Debian "
    "wamerican-huge), or a specialist of a known word (intensivist), and no known "
    "misspelling: rare, borrowed or derived (qigong), check it is meant",
    _CORRECT,
    Example("sheet.txt", "Fever\n\nGentle exercise such as qigong may help.\n"),
)
UNAVAILABLE = Rule(
    "spelling.unavailable",
    Severity.ERROR,
    "hunspell or one of its dictionaries is not installed",
    _CORRECT,
    Example("sheet.txt", _CORRECT.text, settings='[spelling]\ndictionaries = ["xx_XX"]\n'),
)
RULES = (MISSPELLED, ACRONYM_RULE, NAME_RULE, FOREIGN_RULE, RARE_RULE, UNAVAILABLE)
#: Kind of a word another language's dictionary knows (Misspelling.kind).
FOREIGN = "foreign"
_BY_KIND = {ACRONYM: ACRONYM_RULE, NAME: NAME_RULE, FOREIGN: FOREIGN_RULE, RARE: RARE_RULE}

#: A word of a link's text this long at least is a site's name if the link's address
#: holds it (a shorter one may be there by chance: "my" in mylifeline.org).
SITE_NAME_LETTERS = 4
#: hunspell suggestions shown when codespell does not know the misspelling.
SUGGESTIONS = 3


def check_spelling(document: Document, context: Context) -> Iterator[Finding]:
    speller = context.resource("speller", lambda: _open(context))
    if isinstance(speller, SpellingUnavailable):
        yield UNAVAILABLE.finding(f"spelling was not checked: {speller}", at_sheet(document))
        return
    units = context.units(document)
    found = _foreign(context, _found(speller, units, [unit.home_text() for unit in units]))
    for lang in sorted({lang for unit in units for _, _, lang in unit.passages}):
        other = _speller(context, lang)
        if isinstance(other, Speller):
            texts = [_only(unit, lang) for unit in units]
            theirs = _found(other, units, texts)
            # Names and loanwords the home dictionaries know ("See www…" ends no sentence),
            # and drug names the passage's language spells by its rules (acetaminofén).
            english = speller.check([m.word for _, m, _ in theirs])
            unknown = [(loc, m) for (loc, m, _), e in zip(theirs, english, strict=True) if e]
            respelt = _respelt(speller, lang, [m.word for _, m in unknown])
            found += [(loc, m, lang) for loc, m in unknown if m.word not in respelt]
    yield from _grouped(found)


def _respelt(speller: Speller, lang: str, words: list[str]) -> set[str]:
    """The words of a passage in `lang` that are English drug or medical words spelt by
    its correspondences (`pipeline.borrowed`); hunspell's suggestions cost 40-110 ms a
    word, so only the first MAX_SUGGESTED distinct words long enough are tried."""
    rules = correspondences(lang)
    if rules is None:
        return set()
    tried = [w for w in dict.fromkeys(words) if len(w) >= rules.min_length][:MAX_SUGGESTED]
    return {word for word in tried if speller.respelt(word, rules.same)}


def _foreign(
    context: Context, found: list[tuple[Location, Misspelling, str | None]]
) -> list[tuple[Location, Misspelling, str | None]]:
    """`found` with each accented typo that another configured language's dictionary
    knows taken for a word of that language (a FOREIGN warning naming it)."""
    accented = list(
        dict.fromkeys(m.word for _, m, _ in found if m.kind == TYPO and not m.word.isascii())
    )
    theirs: dict[str, str] = {}
    for lang in context.config.spelling.languages:
        if not accented:
            break
        if isinstance(other := _speller(context, lang), Speller):
            checked = other.check(accented)
            theirs |= {w: lang for w, wrong in zip(accented, checked, strict=True) if not wrong}
            accented = [w for w in accented if w not in theirs]
    return [
        (loc, dataclasses.replace(m, kind=FOREIGN), theirs[m.word])
        if m.kind == TYPO and m.word in theirs
        else (loc, m, lang)
        for loc, m, lang in found
    ]


def _speller(context: Context, lang: str) -> Speller | SpellingUnavailable:
    """The run's speller for `lang` (one per primary language subtag)."""
    return context.resource(f"speller {primary(lang)}", _opener(context, lang))


def _found(
    speller: Speller, units: Sequence[TextUnit], texts: list[str]
) -> list[tuple[Location, Misspelling, str | None]]:
    checked = speller.check(texts)
    return [
        (unit.at(m.offset), _site_name(unit, m), None)
        for unit, misspellings in zip(units, checked, strict=True)
        for m in misspellings
    ]


def _site_name(unit: TextUnit, misspelling: Misspelling) -> Misspelling:
    """`misspelling` taken for a NAME when it is a word of a link's text that the link's own
    host or path holds ("Lotsa" in "[Lotsa Helping Hands](https://lotsahelpinghands.com/)"):
    a site's or product's name, spelt as its owners spell it. Another link's address, or
    one anywhere else in the sheet, vouches for nothing."""
    word = misspelling.word.lower()
    if misspelling.kind != TYPO or len(word) < SITE_NAME_LETTERS:
        return misspelling
    end = misspelling.offset + len(misspelling.word)
    for start, stop, target in unit.links:
        if start <= misspelling.offset and end <= stop:
            address = urllib.parse.urlsplit(target.strip())
            if word in f"{address.netloc}{address.path}".lower():
                return dataclasses.replace(misspelling, kind=NAME)
    return misspelling


def _only(unit: TextUnit, lang: str) -> str:
    """The unit's passages in `lang`, everything else blanked out (offsets unchanged)."""
    text = [" "] * len(unit.text)
    for start, end, passage_lang in unit.passages:
        if passage_lang == lang:
            text[start:end] = unit.text[start:end]
    return "".join(text)


def _grouped(found: list[tuple[Location, Misspelling, str | None]]) -> Iterator[Finding]:
    """One finding per word and kind, at its first place, naming the others."""
    by_word: dict[tuple[str, str, str | None], list[tuple[Location, Misspelling]]] = {}
    for loc, misspelling, lang in sorted(found, key=lambda f: f[0]):
        by_word.setdefault((misspelling.word, misspelling.kind, lang), []).append(
            (loc, misspelling)
        )
    for (word, kind, lang), where in by_word.items():
        loc, misspelling = where[0]
        rule = _BY_KIND.get(kind, MISSPELLED)
        language = f" ({primary(lang)})" if lang else ""
        message = f'"{word}" is not in the dictionaries{language}'
        if kind == FOREIGN:
            message = f'"{word}" is not in the dictionaries, but {primary(lang or "")}\'s know it'
        message += places([place for place, _ in where])
        yield rule.finding(message, loc, _suggestion(misspelling))


def _opener(context: Context, lang: str) -> Callable[[], Speller | SpellingUnavailable]:
    return lambda: _open(context, lang)


def _open(context: Context, lang: str | None = None) -> Speller | SpellingUnavailable:
    """One speller per language for the whole run, or why there is none (reported on every
    sheet for English; another language's missing dictionary only skips its passages)."""
    config = context.config.spelling
    dictionaries = config.languages.get(primary(lang), ()) if lang else config.dictionaries
    if not dictionaries:
        return SpellingUnavailable(f"no dictionaries for {lang} ([spelling] languages)")
    try:
        return Speller(
            config,
            dictionaries=dictionaries,
            lang=primary(lang or context.config.language),
            loanwords=lang is None,
        )
    except SpellingUnavailable as error:
        return error


def _suggestion(misspelling: Misspelling) -> str | None:
    """codespell's correction when the misspelling is a known one, else hunspell's best few."""
    chosen = misspelling.corrections or misspelling.suggestions[:SUGGESTIONS]
    return ", ".join(chosen) or None


CHECKS = (check_spelling,)
