"""Reading level of a sheet, measured on the document model rather than on a page scrape.

Why the model: on a web page, list items and headings have no end punctuation, so
textstat reads a whole bullet list as one long sentence. On the seed that turns FK
grade 6.83 into 9.19 and SMOG 9.68 into 11.79. Here every heading, paragraph and list
item ends a sentence of its own; the scrape-like numbers are kept as `raw` so reports
can show both.

What is counted (sections' numbers equal textstat 0.7.13 on the text described):
- A section's text is its units (`pipeline.units`: heading, paragraphs, list items)
  one per line. A unit that doesn't end in . ! or ? (closing quotes or brackets may
  follow) gets a "." appended, so textstat counts it as its own sentence; except that
  a unit ending in ":" leads into the next unit of its section ("For females of
  child-bearing age:" + the advice, "signs of allergic reaction:" + its first item).
  A section's last unit always ends a sentence.
- The sheet is the title plus its sections. The title's words count, but the title is
  never a sentence: it is a name ("Aldesleukin (Interleukin-2, Proleukin)"), and on
  the page it runs into the first heading. That equals textstat on the title and the
  sections' texts, one per line, while the title has no . ! or ? and the first
  section opens with three words or more before its first . ! or ? (as on the seed).
  It is the text ENVIRONMENT.md measured (566 words, 70 sentences: FK 6.83, SMOG
  9.68; 6.78 and 9.63 if the title were a sentence).
- textstat does not count "sentences" of two words or fewer ("coma.", "chest pain.")
  but counts their words. We keep that rule, so the numbers stay textstat's; it errs
  on the strict side (short items lengthen the average sentence).
- `raw` is textstat on the title and units joined by newlines, nothing added.
- Language: the document's primary subtag ("en-US" → "en") chooses, through its profile
  (pipeline/languages/), how syllables are counted (`pipeline.syllables`: the CMU
  dictionary, then pyphen's "en" patterns, which give "aldesleukin" two syllables where
  "en_US" gives one: FK 6.70; ENVIRONMENT.md used "en"), the easy-word list, the
  Flesch reading ease constants and the formulas for translations. The grade formulas
  are English ones; other languages get rough numbers.

`sentences` lists every sentence, short ones too: the same text split at . ! or ?
(plus closing quotes or brackets) before white space, each with its `Location`.

Speed: a sentence's words are split once, with textstat's regular expressions; each
distinct word's syllables are counted once per process, as textstat counts them; every
metric is derived from those counts with textstat 0.7.13's formulas, term for term (the
tests check equality with textstat's public API on generated text). So sections,
sentences and `raw` cost no extra passes over the text.

textstat itself is not imported: its private modules change between versions, and it
downloads the CMU dictionary through nltk when offline machines have none.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, NamedTuple

from pipeline.languages import easy_words, primary, readability
from pipeline.model import Document, Location
from pipeline.syllables import count as count_syllables
from pipeline.syllables import words as split_words
from pipeline.units import TextUnit, section_units

if TYPE_CHECKING:  # at run time the import would be circular: checks import this module
    from pipeline.checks.context import Context

#: The grade formulas reported for sheets and sections, named as textstat names them.
METRICS = (
    "flesch_kincaid_grade",
    "smog_index",
    "flesch_reading_ease",
    "gunning_fog",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
)

#: Closing quotes and brackets that may follow a sentence's end.
_CLOSERS = "\"')]\u201d\u2019"
_ENDS = frozenset(".!?")
_BOUNDARY = re.compile(rf"[.!?]+[{re.escape(_CLOSERS)}]*(\s+)")
# textstat's own pattern (textstat/backend/counts/_count_sentences.py).
_TEXTSTAT_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
_WORD_CHARACTER = re.compile(r"\w")


class _Counts(NamedTuple):
    """What the formulas need, additive over pieces of text split at white space."""

    words: int = 0
    syllables: int = 0
    #: Words of three or more syllables (SMOG).
    polysyllables: int = 0
    #: Words not on textstat's easy-word list (Dale-Chall).
    unfamiliar: int = 0
    #: Unfamiliar words with at least the language's syllable threshold (Gunning fog).
    complex: int = 0
    #: Letters and digits (Coleman-Liau).
    letters: int = 0
    #: Non-space characters, punctuation included, and white-space separated tokens (ARI).
    chars: int = 0
    tokens: int = 0
    #: Sentences as textstat counts them: more than two words.
    sentences: int = 0


def _sum(parts: list[_Counts]) -> _Counts:
    return _Counts(*map(sum, zip(*parts, strict=True))) if parts else _Counts()


@dataclass(frozen=True)
class Sentence:
    """A sentence as the source shows it (white space normalised), and where it starts."""

    text: str
    loc: Location
    words: int
    syllables: int
    polysyllables: int
    #: How much lower the sheet's FK grade would be without this sentence: long
    #: sentences and long words both raise it, so it ranks the hardest sentences.
    difficulty: float


@dataclass(frozen=True)
class SectionMeasurement:
    """One section's metrics, like `Measurement.metrics`; `heading` None for the opening."""

    heading: str | None
    loc: Location
    metrics: dict[str, float]


@dataclass(frozen=True)
class Measurement:
    """A sheet's reading level; plain values, ready for a JSON report."""

    #: The metrics in `METRICS` plus "words" and "sentences", rounded to 2 decimals.
    metrics: dict[str, float]
    #: FK grade, SMOG and sentences of the text as a page scrape gives it.
    raw: dict[str, float]
    sections: tuple[SectionMeasurement, ...]
    sentences: tuple[Sentence, ...]

    def hardest(self, count: int | None = None) -> tuple[Sentence, ...]:
        """The sentences that raise the sheet's grade (up to `count`), hardest first."""
        return self._ranked[:count]

    @cached_property  # several checks, the report and the gate ask
    def _ranked(self) -> tuple[Sentence, ...]:
        raising = [s for s in self.sentences if round(s.difficulty, 2) > 0]
        return tuple(sorted(raising, key=lambda s: -s.difficulty))


def measure(document: Document) -> Measurement:
    """Measure a sheet as the module docstring describes."""
    return _measure(document, [tuple(section_units(section)) for section in document.sections])


def measured(document: Document, context: Context) -> Measurement:
    """`measure`, once per sheet while an audit run looks at it, shared by every check
    (and on the units the checks walk, listed once)."""
    return context.sheet_resource(
        document, "readability", lambda: _measure(document, context.section_units(document))
    )


def _measure(document: Document, groups: Sequence[Sequence[TextUnit]]) -> Measurement:
    """`measure`, given each section's units."""
    lang = primary(document.meta.lang)
    title = document.meta.title or ""
    found = [_sentences(group, lang) for group in groups]
    section_counts = [_sum([part for _, _, part in sentences]) for sentences in found]
    # The title's words count, but it is never a sentence (see above).
    total = _sum([_counts(title, lang)._replace(sentences=0), *section_counts])
    raw_text = "\n".join([title, *(unit.text for group in groups for unit in group)])
    raw = total._replace(sentences=_textstat_sentences(raw_text))
    grade = _grade(total)
    return Measurement(
        metrics=_metrics(total, lang),
        raw={
            "flesch_kincaid_grade": round(_grade(raw), 2),
            "smog_index": round(_smog(raw), 2),
            "sentences": _sentence_count(raw),
        },
        sections=tuple(
            SectionMeasurement(section.heading, section.loc, _metrics(part, lang))
            for section, part in zip(document.sections, section_counts, strict=True)
        ),
        sentences=tuple(
            Sentence(
                text,
                loc,
                part.words,
                part.syllables,
                part.polysyllables,
                _difficulty(total, part, grade),
            )
            for sentences in found
            for text, loc, part in sentences
        ),
    )


def _sentences(pieces: Sequence[TextUnit], lang: str) -> list[tuple[str, Location, _Counts]]:
    """A section's sentences as the source shows them, where each starts, their counts."""
    text, starts, added = _section_text(pieces)
    found = []
    for start, end in _spans(text):
        index = bisect_right(starts, start) - 1
        shown = text[start : end - 1] if end - 1 in added else text[start:end]
        location = pieces[index].at(start - starts[index])
        found.append((" ".join(shown.split()), location, _counts(text[start:end], lang)))
    return found


def _section_text(pieces: Sequence[TextUnit]) -> tuple[str, list[int], set[int]]:
    """The units one per line, closed as sentences; where each unit starts; where the
    added periods are (sentences are shown without them)."""
    texts: list[str] = []
    starts: list[int] = []
    added: set[int] = set()
    offset = 0
    for index, unit in enumerate(pieces):
        text = unit.home_text()  # passages in another language are not English to measure
        last = text.rstrip().rstrip(_CLOSERS)[-1:]
        leads_in = last == ":" and index < len(pieces) - 1
        if text.strip() and last not in _ENDS and not leads_in:
            added.add(offset + len(text))
            text += "."
        texts.append(text)
        starts.append(offset)
        offset += len(text) + 1
    return "\n".join(texts), starts, added


def _spans(text: str) -> Iterator[tuple[int, int]]:
    """Start and end of each sentence: split at . ! or ? (and closers) before white space."""
    start = len(text) - len(text.lstrip())
    for boundary in _BOUNDARY.finditer(text, start):
        yield start, boundary.start(1)
        start = boundary.end()
    if text[start:].strip():
        yield start, len(text.rstrip())


#: word → syllables (textstat's count), and 1 or 0 for: polysyllable (3+ syllables),
#: unfamiliar (not on textstat's easy-word list, for Dale-Chall), complex (unfamiliar
#: with the language's syllable threshold, for Gunning fog).
_Known = dict[str, tuple[int, int, int, int]]
_KNOWN: dict[str, _Known] = {}
#: Vocabularies are bounded in practice; generated nonsense must not grow without end.
_KNOWN_LIMIT = 200_000


def _known_words(lang: str) -> _Known:
    known = _KNOWN.setdefault(lang, {})
    if len(known) > _KNOWN_LIMIT:
        known.clear()
    return known


def _word(word: str, lang: str, known: _Known) -> tuple[int, int, int, int]:
    """Count a word as textstat does, once per process."""
    count = count_syllables(word, lang)
    unfamiliar = word.lower() not in easy_words(lang)
    threshold = readability(lang).syllable_threshold
    known[word] = stats = (
        count,
        int(count >= 3),
        int(unfamiliar),
        int(unfamiliar and count >= threshold),
    )
    return stats


@lru_cache(maxsize=1 << 14)  # sheets share sentences ("Please call the clinic.")
def _counts(text: str, lang: str) -> _Counts:
    """Counts of one piece of text, equal to textstat's counts of that text."""
    words = split_words(text)
    known = _known_words(lang)
    syllables = polysyllables = unfamiliar = complex_ = 0
    for word in words:
        a, b, c, d = known.get(word) or _word(word, lang, known)
        syllables += a
        polysyllables += b
        unfamiliar += c
        complex_ += d
    # Words keep every letter and digit (textstat's letters) and contraction apostrophes.
    joined = "".join(words)
    tokens = text.split()
    core = text.rstrip().rstrip(_CLOSERS).rstrip(".!?")
    # Nearly every sentence is one textstat sentence, with no . ! or ? inside: quick count.
    single = not any(mark in core for mark in _ENDS)
    return _Counts(
        len(words),
        syllables,
        polysyllables,
        unfamiliar,
        complex_,
        letters=len(joined) - joined.count("'"),
        chars=sum(map(len, tokens)),
        tokens=len(tokens),
        sentences=int(len(words) > 2) if single else _textstat_sentences(text),
    )


def _textstat_sentences(text: str) -> int:
    """textstat's sentence count before its floor of one: pieces of three or more words."""
    return sum(1 for piece in _TEXTSTAT_SENTENCE.findall(text) if _three_words(piece))


def _three_words(text: str) -> bool:
    """Whether textstat finds three words: tokens with a letter or digit are its words."""
    found = 0
    for token in text.split():
        found += bool(_WORD_CHARACTER.search(token))
        if found == 3:
            return True
    return False


def _sentence_count(c: _Counts) -> int:
    """textstat counts at least one sentence in any text with something in it."""
    return max(1, c.sentences) if c.chars else 0


def _metrics(c: _Counts, lang: str) -> dict[str, float]:
    values = {
        "flesch_kincaid_grade": _grade(c),
        "smog_index": _smog(c),
        "flesch_reading_ease": _reading_ease(c, lang),
        "gunning_fog": _fog(c),
        "coleman_liau_index": _coleman_liau(c),
        "automated_readability_index": _ari(c),
        "dale_chall_readability_score": _dale_chall(c),
    }
    return {
        **{name: round(value, 2) for name, value in values.items()},
        "words": c.words,
        "sentences": _sentence_count(c),
    }


# The formulas below are textstat 0.7.13's (textstat/backend/metrics/), term for term and
# with the same zero guards, so the results are equal to textstat's on the same text.


def _per_sentence(c: _Counts) -> float:
    sentences = _sentence_count(c)
    return c.words / sentences if sentences else 0.0


def _per_word(value: int, c: _Counts) -> float:
    return value / c.words if c.words else 0.0


def _grade(c: _Counts) -> float:
    return _flesch_kincaid(c.words, _sentence_count(c), c.syllables)


def _difficulty(total: _Counts, part: _Counts, grade: float) -> float:
    """The sheet's FK grade minus its grade without `part` (cheaper than subtracting)."""
    rest = total.sentences - part.sentences
    sentences = max(1, rest) if total.chars > part.chars else 0
    return grade - _flesch_kincaid(
        total.words - part.words, sentences, total.syllables - part.syllables
    )


def _flesch_kincaid(words: int, sentences: int, syllables: int) -> float:
    sentence_length = words / sentences if sentences else 0.0
    per_word = syllables / words if words else 0.0
    if sentence_length == 0 or per_word == 0:
        return 0.0
    return (0.39 * sentence_length) + (11.8 * per_word) - 15.59


def _smog(c: _Counts) -> float:
    sentences = _sentence_count(c)
    if not sentences:
        return 0.0
    return (1.043 * float((30 * (c.polysyllables / sentences)) ** 0.5)) + 3.1291


def _reading_ease(c: _Counts, lang: str) -> float:
    sentence_length, syllables = _per_sentence(c), _per_word(c.syllables, c)
    if sentence_length == 0 or syllables == 0:
        return 0.0
    fre = readability(lang).fre
    return fre.base - fre.sentence_length * sentence_length - fre.syllables_per_word * syllables


def _fog(c: _Counts) -> float:
    if not c.words:
        return 0.0
    return 0.4 * (_per_sentence(c) + 100 * c.complex / c.words)


def _coleman_liau(c: _Counts) -> float:
    letters = _per_word(c.letters, c) * 100
    sentences = _per_word(_sentence_count(c), c) * 100
    if letters == 0 or sentences == 0:
        return 0.0
    return (0.058 * letters) - (0.296 * sentences) - 15.8


def _ari(c: _Counts) -> float:
    chars = c.chars / c.tokens if c.tokens else 0.0
    sentence_length = _per_sentence(c)
    if chars == 0 or sentence_length == 0:
        return 0.0
    return (4.71 * chars) + (0.5 * sentence_length) - 21.43


def _dale_chall(c: _Counts) -> float:
    if not c.words:
        return 0.0
    unfamiliar = 100 * c.unfamiliar / c.words
    score = (0.1579 * unfamiliar) + (0.0496 * _per_sentence(c))
    if unfamiliar > 5:
        score += 3.6365
    return score


def _fernandez_huerta(c: _Counts, lang: str) -> float:
    """Fernández Huerta's Spanish reading ease (textstat's constants)."""
    sentence_length, syllables = _per_sentence(c), _per_word(c.syllables, c)
    if sentence_length == 0 or syllables == 0:
        return 0.0
    return 206.84 - (60 * syllables) - (1.02 * sentence_length)


def _szigriszt_pazos(c: _Counts, lang: str) -> float:
    """Szigriszt Pazos' perspicuity (Spanish), on the language's Flesch base."""
    sentences = _sentence_count(c)
    if not c.words or not sentences:
        return 0.0
    return readability(lang).fre.base - 62.3 * (c.syllables / c.words) - c.words / sentences


#: Reading-ease formulas a language's profile may name for its translations.
TRANSLATION_FORMULAS: dict[str, Callable[[_Counts, str], float]] = {
    "flesch_reading_ease": _reading_ease,
    "fernandez_huerta": _fernandez_huerta,
    "szigriszt_pazos": _szigriszt_pazos,
}


def translation_ease(segments: Sequence[str], lang: str) -> dict[str, float]:
    """Reading ease of translated text by the formulas its language's profile names, each
    segment a sentence of its own as in `measure` (higher is easier: 60 to 70 is
    "normal", as on Flesch's scale); empty for a language that names none."""
    text = " ".join(s if s.rstrip().endswith((".", "!", "?")) else f"{s}." for s in segments)
    counts = _counts(text, primary(lang))
    return {
        name: round(TRANSLATION_FORMULAS[name](counts, primary(lang)), 2)
        for name in readability(lang).translation_formulas
    }


def warm(lang: str = "en") -> None:
    """Load the syllable table now, e.g. before worker processes fork and share it."""
    _counts("Warm the dictionary up.", lang)
