"""No silent loss: every word a source shows its readers is in the model, or a named rule
removed it.

A reader says what its source shows (`ReadResult.visible`: the visible text, with where
it is) independently of how it builds the model, and lists what it left out on purpose
(`ReadResult.removed`: web-page noise, running heads, the review-date line, each with the
rule that removed it). The words of the model — title, headings, every block, table cell
and alt text, the publisher and attribution lines — and of the removed text must account
for every visible word, counted as a multiset. A word they do not account for was lost
without a word said: an error finding quoting the lost words in context, which stops the
sheet from reaching families. Words are compared casefolded, in NFKC form, so quotes,
spacing, line breaks and emphasis do not matter; order does not either (a reader may move
the review date to the footer).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from pipeline.model import Document, Finding, ListItem, Location, NumberedList, Severity
from pipeline.numbering import format_number, level_format
from pipeline.rules import Example, Rule
from pipeline.units import units

_WORD = re.compile(r"\w+")
#: Lost words quoted in one finding, and findings (runs of lost words) per sheet.
QUOTED_WORDS = 12
MAX_RUNS = 20

DROPPED = Rule(
    "ingest.dropped-text",
    Severity.ERROR,
    "words the source shows reached no output and no named rule removed them",
    Example("sheet.html", "<main><h1>Doses</h1><p>Give 5 mL by mouth.</p></main>"),
    Example(
        "sheet.html",
        "<main><h1>Doses</h1><p>Give <math><mi>x</mi><mo>=</mo><mn>5</mn></math> mL.</p></main>",
    ),
)
RULES = (DROPPED,)


@dataclass(frozen=True)
class Removed:
    """Source text a reader left out on purpose, and the named rule that did."""

    text: str
    #: "noise: <pattern>", "template.skip-link", "review-date", …: `pipeline dump` shows it.
    rule: str
    loc: Location


@dataclass(frozen=True)
class Visible:
    """A piece of the source's visible text, and where it starts."""

    text: str
    loc: Location


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def model_text(document: Document) -> Iterator[str]:
    """Every text the model holds that an output shows, the numbers of numbered steps
    ("3.", "b.") included: a reader that made "3. Give it" a step kept the 3."""
    meta = document.meta
    yield from (unit.text for unit in units(document))
    yield from meta.publisher
    yield from meta.attribution
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, NumberedList):
                yield from _step_numbers(block.items, block.start, 0)


def _step_numbers(items: Sequence[ListItem], start: int, depth: int) -> Iterator[str]:
    for position, item in enumerate(items):
        yield format_number(start + position, level_format(depth))
        yield from _step_numbers(item.children, 1, depth + 1)


def check(
    visible: Sequence[Visible], document: Document, removed: Iterable[Removed]
) -> list[Finding]:
    """One finding per run of visible words that neither the model nor a removal holds."""
    # Texts joined by line breaks split into the same words as one by one (a line break is
    # no word character and NFKC and casefolding leave it alone), in one call each.
    available = Counter(words("\n".join([*model_text(document), *(r.text for r in removed)])))
    if not Counter(words("\n".join(piece.text for piece in visible))) - available:
        return []  # every shown word is accounted for: the usual case, no walk needed
    runs: list[tuple[Location, list[str]]] = []
    losing = False  # whether the word before was lost: a run goes on across pieces
    for piece in visible:
        for word in words(piece.text):
            if available[word] > 0:
                available[word] -= 1
                losing = False
            elif losing:
                runs[-1][1].append(word)
            else:
                runs.append((piece.loc, [word]))
                losing = True
    findings = [
        DROPPED.finding(
            f"{len(lost)} word(s) of the source are in no output: {_quoted(lost)}",
            loc,
            suggestion="report it: the reader lost this text (the sheet is not published)",
        )
        for loc, lost in runs[:MAX_RUNS]
    ]
    if len(runs) > MAX_RUNS:
        more = sum(len(lost) for _, lost in runs[MAX_RUNS:])
        places = len(runs) - MAX_RUNS
        message = f"and {more} more lost word(s) in {places} more place(s)"
        findings.append(DROPPED.finding(message, runs[MAX_RUNS][0]))
    return findings


def _quoted(lost: list[str]) -> str:
    shown = " ".join(lost[:QUOTED_WORDS])
    return repr(shown + (" …" if len(lost) > QUOTED_WORDS else ""))
