"""Readability: grade-level ceilings, long and hard sentences, and plain-language words.

The numbers come from `pipeline.reading_level.measured`, computed once per sheet and shared
with the audit's report and regression gate.

Plain-language words come from a CSV file (`readability.plain_language`) with the
columns word,suggestion,note,severity. A word matches whole, in any case, with simple
English inflections of its last word, so the list can hold dictionary forms:
- a final "e" may become -es, -ed or -ing (urinate: urinates, urinated, urinating);
- a final consonant + "y" may become -ies, -ied or -ying (modify: modifies, modified);
- otherwise -s, -es, -ed, -ing may follow, with the last letter doubled before -ed and
  -ing (assist: assisted; occur: occurred, occurring).
No stemming beyond that: "prescribe" matches "prescribed" but not "prescription".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline import capped, csvdata
from pipeline.checks.context import Context, at_sheet
from pipeline.errors import DataFileError
from pipeline.model import Document, Finding, Location, Severity
from pipeline.reading_level import Sentence, measured
from pipeline.rules import Example, Rule

_EASY = Example("sheet.txt", "Fever\n\nGive it with food. Call us if you are sick.\n")
#: Long words in long sentences: grade 17 or so, SMOG 16.
_HARD = (
    "Immunotherapy considerations\n\n"
    "Intravenous administration of interleukin necessitates hospitalization, continuous "
    "cardiopulmonary monitoring, and meticulous documentation of hemodynamic parameters, "
    "particularly hypotension and capillary leak syndrome, throughout the administration period. "
    "Nephrotoxicity, hepatotoxicity and neuropsychiatric manifestations necessitate "
    "individualized therapeutic modifications and comprehensive laboratory evaluations.\n"
)
GRADE = Rule(
    "readability.grade",
    Severity.ERROR,
    "the sheet's Flesch-Kincaid grade is above the target",
    _EASY,
    Example("sheet.txt", _HARD),
)
SMOG = Rule(
    "readability.smog",
    Severity.ERROR,
    "the sheet's SMOG grade is above the target",
    _EASY,
    Example("sheet.txt", _HARD),
)
SECTION_GRADE = Rule(
    "readability.section-grade",
    Severity.WARNING,
    "a section's Flesch-Kincaid grade is above the target",
    _EASY,
    Example("sheet.txt", _HARD),
)
LONG_SENTENCE = Rule(
    "readability.long-sentence",
    Severity.WARNING,
    "a sentence with more words than the target",
    _EASY,
    Example("sheet.txt", _HARD),
)
HARD_SENTENCE = Rule(
    "readability.hard-sentence",
    Severity.INFO,
    "one of the sentences that raise the sheet's grade most",
    _EASY,
    Example(
        "sheet.txt",
        "Fever\n\nGive it with food. Rest at home. Intravenous administration necessitates "
        "continuous cardiopulmonary monitoring.\n",
    ),
)
PLAIN_WORD = Rule(
    "plain-language.word",
    Severity.INFO,
    "a hard word that has an everyday alternative",
    _EASY,
    Example("sheet.txt", "Fever\n\nTake your medications with food.\n"),
)
RULES = (GRADE, SMOG, SECTION_GRADE, LONG_SENTENCE, HARD_SENTENCE, PLAIN_WORD)

#: Sections with fewer words (two or three sentences) are judged only as part of the
#: sheet: there one word moves the grade by whole points, which is noise, not advice.
#: The seed's 18-word section on a missed dose reads at grade 0.52; with "a double
#: medication" for "a double dose", 2.48.
MIN_SECTION_WORDS = 30
#: Characters of a sentence quoted in a message.
QUOTE_LENGTH = 70

COLUMNS = ("word", "suggestion", "note", "severity")
SEVERITIES = {"info": Severity.INFO, "warning": Severity.WARNING}
_WORD = re.compile(r"\w+")


def grade(document: Document, context: Context) -> Iterator[Finding]:
    target = context.config.readability.max_grade
    yield from _ceiling(document, context, "flesch_kincaid_grade", GRADE, target)


def smog(document: Document, context: Context) -> Iterator[Finding]:
    target = context.config.readability.max_smog
    yield from _ceiling(document, context, "smog_index", SMOG, target)


def section_grade(document: Document, context: Context) -> Iterator[Finding]:
    target = context.config.readability.max_grade
    measurement = measured(document, context)
    sections = measurement.sections
    for index, section in enumerate(sections):
        value = section.metrics["flesch_kincaid_grade"]
        if section.metrics["words"] < MIN_SECTION_WORDS or value <= target:
            continue
        name = f"section {section.heading!r}" if section.heading else "the opening section"
        end = sections[index + 1].loc if index + 1 < len(sections) else None
        inside = [s for s in measurement.hardest() if _within(s.loc, section.loc, end)]
        yield SECTION_GRADE.finding(
            f"{name} reads at Flesch-Kincaid grade {value:.2f}, above the target of {target:g}",
            section.loc,
            suggestion=_shorten(inside[:1]),
        )


def long_sentence(document: Document, context: Context) -> Iterator[Finding]:
    limit = context.config.readability.long_sentence_words
    for sentence in measured(document, context).sentences:
        if sentence.words > limit:
            yield LONG_SENTENCE.finding(
                f"sentence of {sentence.words} words (more than {limit}): {_quote(sentence)}",
                sentence.loc,
                suggestion="split it into shorter sentences, one idea each",
            )


def hard_sentence(document: Document, context: Context) -> Iterator[Finding]:
    count = context.config.readability.hardest_sentences
    for rank, sentence in enumerate(measured(document, context).hardest(count), start=1):
        yield HARD_SENTENCE.finding(
            f"hard sentence (#{rank} on this sheet): {sentence.words} words, "
            f"{sentence.polysyllables} of three or more syllables; it raises the sheet's "
            f"grade by {sentence.difficulty:.2f}: {_quote(sentence)}",
            sentence.loc,
            suggestion="use fewer words and everyday words of one or two syllables",
        )


def plain_words(document: Document, context: Context) -> Iterator[Finding]:
    path = context.config.readability.plain_language
    cap = context.config.translation.max_glossary_bytes
    glossary = context.resource(f"plain-language:{path}", lambda: load_plain_language(path, cap))
    for unit in context.units(document):
        for found, offset, entry in glossary.find(unit.home_text()):
            yield PLAIN_WORD.finding(
                f'"{found}" is hard for many families to read',
                unit.at(offset),
                suggestion=f'say "{entry.suggestion}"' + (f" ({entry.note})" if entry.note else ""),
                severity=entry.severity,
            )


CHECKS = (grade, smog, section_grade, long_sentence, hard_sentence, plain_words)


def _ceiling(
    document: Document, context: Context, metric: str, rule: Rule, target: float
) -> Iterator[Finding]:
    measurement = measured(document, context)
    value, raw = measurement.metrics[metric], measurement.raw[metric]
    if value <= target:
        return
    name = "Flesch-Kincaid grade" if metric == "flesch_kincaid_grade" else "SMOG grade"
    scraped = f" ({raw:.2f} on the web page, where lists run together)" if raw != value else ""
    hardest = measurement.hardest(context.config.readability.hardest_sentences)
    yield rule.finding(
        f"{name} {value:.2f} is above the target of {target:g}{scraped}",
        at_sheet(document),
        suggestion=_shorten(hardest),
    )


def _shorten(sentences: Sequence[Sentence]) -> str:
    advice = "use shorter sentences and everyday words"
    if not sentences:
        return advice
    quoted = "; ".join(f"{s.loc.place}: {_quote(s)}" for s in sentences)
    return f"{advice}, starting with the hardest: {quoted}"


def _quote(sentence: Sentence) -> str:
    text = sentence.text
    return repr(text if len(text) <= QUOTE_LENGTH else text[: QUOTE_LENGTH - 1] + "…")


def _within(loc: Location, start: Location, end: Location | None) -> bool:
    return start <= loc and (end is None or loc < end)


@dataclass(frozen=True)
class PlainWord:
    word: str
    suggestion: str
    note: str
    severity: Severity


#: A plain-language entry as the words of the text must spell it: each word's accepted
#: forms (lower case), and what must come between words (any white space for a space).
_Spelling = tuple[tuple[frozenset[str], ...], tuple[str, ...]]


@dataclass(frozen=True)
class PlainLanguage:
    entries: tuple[PlainWord, ...]
    #: A first word's form → the entries it may start, as they must be spelled.
    starts: dict[str, tuple[tuple[PlainWord, _Spelling], ...]]

    def find(self, text: str) -> Iterator[tuple[str, int, PlainWord]]:
        """Each entry found in `text`: the words as written, their offset, the entry.

        A dictionary lookup per word of the text, so the list can grow without slowing
        the audit; where entries overlap, the longest wins.
        """
        starts = self.starts
        lowered = _WORD.findall(text.lower())
        if starts.keys().isdisjoint(lowered):
            return  # the usual case, found quickly
        words = list(_WORD.finditer(text))
        if not text.isascii():  # lower-casing may split or join other text's words
            lowered = [word.group().lower() for word in words]
        resume = 0
        for index in [i for i, word in enumerate(lowered) if word in starts]:
            if index < resume:
                continue
            length, entry = self._longest(text, words, index)
            if entry is not None:
                start, end = words[index].start(), words[index + length - 1].end()
                yield text[start:end], start, entry
                resume = index + length

    def _longest(
        self, text: str, words: list[re.Match[str]], index: int
    ) -> tuple[int, PlainWord | None]:
        """The longest entry starting at `words[index]`, and its length in words."""
        best: tuple[int, PlainWord | None] = (1, None)
        for entry, (forms, gaps) in self.starts.get(words[index].group().lower(), ()):
            following = words[index : index + len(forms)]
            if len(forms) >= best[0] and _spelled(text, following, forms, gaps):
                best = (len(forms), entry)
        return best


def _spelled(
    text: str, words: list[re.Match[str]], forms: tuple[frozenset[str], ...], gaps: tuple[str, ...]
) -> bool:
    """Whether `words` (as many as the entry has, or fewer at the end) spell the entry."""
    if len(words) < len(forms):
        return False
    pairs = zip(words, forms, strict=True)
    if any(word.group().lower() not in allowed for word, allowed in pairs):
        return False
    found = (text[a.end() : b.start()] for a, b in itertools.pairwise(words))
    return all(
        gap == wanted or (wanted.isspace() and gap.isspace())
        for gap, wanted in zip(found, gaps, strict=True)
    )


def load_plain_language(path: Path, max_bytes: int = capped.GLOSSARY_BYTES) -> PlainLanguage:
    """Read the plain-language CSV (UTF-8, an Excel BOM is fine, "#" lines are comments)."""
    entries: list[PlainWord] = []
    first_seen: dict[str, int] = {}
    for row in csvdata.read(path, COLUMNS, max_bytes=max_bytes).rows:
        try:
            entry = _entry(row.values)
            key = " ".join(entry.word.lower().split())
            if key in first_seen:
                raise ValueError(f"duplicate word {key!r} (first on line {first_seen[key]})")
        except ValueError as error:
            raise DataFileError(str(path), str(error), row.line) from None
        first_seen[key] = row.line
        entries.append(entry)
    return _compile(entries)


def _entry(values: dict[str, str]) -> PlainWord:
    if not values["word"]:
        raise ValueError("empty word")
    if not re.fullmatch(r"\w(?:.*\w)?", values["word"]):
        raise ValueError(f"{values['word']!r} must start and end with a letter or digit")
    if not values["suggestion"]:
        raise ValueError(f"no suggestion for {values['word']!r}")
    severity = values["severity"].lower()
    if severity not in SEVERITIES:
        raise ValueError(f"severity {values['severity']!r} is not one of {', '.join(SEVERITIES)}")
    return PlainWord(values["word"], values["suggestion"], values["note"], SEVERITIES[severity])


def _compile(entries: list[PlainWord]) -> PlainLanguage:
    starts: dict[str, list[tuple[PlainWord, _Spelling]]] = {}
    for entry in entries:
        spelling = _spelling(entry.word)
        for form in spelling[0][0]:
            starts.setdefault(form, []).append((entry, spelling))
    return PlainLanguage(tuple(entries), {form: tuple(found) for form, found in starts.items()})


def _spelling(phrase: str) -> _Spelling:
    """The phrase's words, the last one inflected (see the module docstring)."""
    words = _WORD.findall(phrase.lower())
    gaps = tuple(_WORD.split(phrase)[1:-1])
    return (*(frozenset([word]) for word in words[:-1]), _word_forms(words[-1])), gaps


def _word_forms(word: str) -> frozenset[str]:
    if word.endswith("e"):
        return frozenset(word[:-1] + ending for ending in ("e", "es", "ed", "ing"))
    if re.search(r"[^aeiou]y\Z", word):
        return frozenset(word[:-1] + ending for ending in ("y", "ies", "ied", "ying"))
    endings = ("", "s", "es", "ed", "ing", f"{word[-1]}ed", f"{word[-1]}ing")
    return frozenset(word + ending for ending in endings)
