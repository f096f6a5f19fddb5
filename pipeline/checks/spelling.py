"""Spelling: every word of the title, headings, paragraphs and list items must be known.

The publisher lines are not checked: they are an address of proper names (street, city,
postcode) that no dictionary holds, they are not text families read for advice, and the
model keeps no location for each of them.

Suggestions are never applied: hunspell's can be far-fetched (aldesleukin → interleukin).
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.context import Context, at_sheet
from pipeline.model import Document, Finding, Severity
from pipeline.rules import Example, Rule
from pipeline.speller import Misspelling, Speller, SpellingUnavailable

_CORRECT = Example("sheet.txt", "Fever\n\nGive the medicine with food.\n")
MISSPELLED = Rule(
    "spelling.misspelled",
    Severity.ERROR,
    "a word none of the dictionaries or the project word list knows",
    _CORRECT,
    Example("sheet.txt", "Fever\n\nGive the medicine by intermittant infusion.\n"),
)
UNAVAILABLE = Rule(
    "spelling.unavailable",
    Severity.ERROR,
    "hunspell or one of its dictionaries is not installed",
    _CORRECT,
    Example("sheet.txt", _CORRECT.text, settings='[spelling]\ndictionaries = ["xx_XX"]\n'),
)
RULES = (MISSPELLED, UNAVAILABLE)

#: hunspell suggestions shown when codespell does not know the misspelling.
SUGGESTIONS = 3


def check_spelling(document: Document, context: Context) -> Iterator[Finding]:
    speller = context.resource("speller", lambda: _open(context))
    if isinstance(speller, SpellingUnavailable):
        yield UNAVAILABLE.finding(
            f"spelling was not checked: {speller}",
            at_sheet(document),
        )
        return
    found = list(context.units(document))
    for unit, misspellings in zip(found, speller.check([u.text for u in found]), strict=True):
        for misspelling in misspellings:
            yield MISSPELLED.finding(
                f'"{misspelling.word}" is not in the dictionaries',
                unit.at(misspelling.offset),
                _suggestion(misspelling),
            )


def _open(context: Context) -> Speller | SpellingUnavailable:
    """One speller for the whole run, or why there is none (reported on every sheet)."""
    try:
        return Speller(context.config.spelling)
    except SpellingUnavailable as error:
        return error


def _suggestion(misspelling: Misspelling) -> str | None:
    """codespell's correction when the misspelling is a known one, else hunspell's best few."""
    chosen = misspelling.corrections or misspelling.suggestions[:SUGGESTIONS]
    return ", ".join(chosen) or None


CHECKS = (check_spelling,)
