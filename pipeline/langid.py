"""Passages in another language inside a sheet: a Spanish sentence in an English sheet.

Told apart by function words (articles, prepositions, pronouns: `pipeline/languages/data/<lang>/
function-words.txt`), offline and deterministic: a sentence made mostly of one language's
function words, and few of the sheet's own, is in that language, judged
sentence by sentence (a Spanish passage keeps its short "Visite www…" sentence).
Readers mark such passages on the model's spans (`Span.lang`), so every writer can say
so, the English checks skip them, and spelling checks them with their own dictionary.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import replace

from pipeline.config import Config
from pipeline.languages import data_folder, primary
from pipeline.model import (
    Block,
    BulletList,
    Cell,
    Document,
    Inlines,
    ListItem,
    NumberedList,
    Paragraph,
    Section,
    Span,
    Table,
)
from pipeline.units import units

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
#: A whole word as `\b…\b` delimits one: a run of word characters, digits included.
_TOKEN = re.compile(r"\w+")
#: Sentence ends: . ! ? followed by space (the passage keeps its punctuation).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
#: At least this many of the other language's function words, and this share of the words.
MIN_HITS = 2
MIN_SHARE = 0.25


@functools.cache
def function_words(lang: str) -> frozenset[str]:
    """The language's function words; empty when the pipeline has no list for it."""
    path = data_folder(lang) / "function-words.txt"
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(word for line in lines if (word := line.split("#", 1)[0].strip().lower()))


@functools.cache
def _markers(home: str, other: str) -> frozenset[str] | re.Pattern[str]:
    """`other`'s function words that `home` does not share: as a set when each is one run
    of word characters (looked up word by word), else as one pattern ("l'", "a la")."""
    words = function_words(other) - function_words(home)
    if all(_TOKEN.fullmatch(word) for word in words):
        return words
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, ordered))})\b")


def _likely(text: str, home: str, others: Sequence[str]) -> bool:
    """Whether `text` has MIN_HITS function words of another language: one pass that
    spares the sentence-by-sentence look at nearly every block of an English sheet. A
    whole word, as `\b…\b` delimits it, is a run of word characters: a set lookup per
    word finds what one pattern of all the function words would, trying each everywhere."""
    lower = text.lower()
    tokens: list[str] | None = None
    for other in others:
        if primary(other) == primary(home):
            continue
        markers = _markers(home, other)
        if isinstance(markers, re.Pattern):
            hits = len(markers.findall(lower))
        else:
            tokens = _TOKEN.findall(lower) if tokens is None else tokens
            hits = sum(map(markers.__contains__, tokens))
        if hits >= MIN_HITS:
            return True
    return False


def _hits(text: str, home: str, other: str) -> tuple[int, int, int]:
    """(other language's function words, home language's, all words) in `text`."""
    words = [word.lower() for word in _WORD.findall(text)]
    own, theirs = function_words(home), function_words(other)
    hits = sum(1 for word in words if word in theirs and word not in own)
    home_hits = sum(1 for word in words if word in own and word not in theirs)
    return hits, home_hits, len(words)


def language_of(text: str, home: str, others: Sequence[str]) -> str:
    """`home`, or the language in `others` whose function words dominate `text`."""
    for other in others:
        if primary(other) == primary(home):
            continue
        hits, home_hits, words = _hits(text, home, other)
        if hits >= MIN_HITS and hits > 2 * home_hits and hits >= MIN_SHARE * words:
            return other
    return home


def passages(text: str, home: str, others: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, language) of the sentences of `text` in a language other than `home`.

    A sentence with no word of the home language that follows a passage and has one of its
    function words ("Visite www…") belongs to it.
    """
    if not others or not _likely(text, home, others):
        return []
    found: list[tuple[int, int, str]] = []
    start = 0
    for end in [m.start() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
        sentence = text[start:end]
        lang = language_of(sentence, home, others)
        joined = bool(found) and found[-1][1] == _back(text, start)
        if lang == home and joined:
            hits, home_hits, _ = _hits(sentence, home, found[-1][2])
            lang = found[-1][2] if hits and not home_hits else home
        if lang != home:
            if joined and found[-1][2] == lang:
                found[-1] = (found[-1][0], end, lang)
            else:
                found.append((start, end, lang))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    return found


def _back(text: str, start: int) -> int:
    """Where the space before `start` begins: the end of the sentence before."""
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return start


def others(config: Config) -> tuple[str, ...]:
    """The languages passages are looked for in: those spelling has dictionaries for, each
    as the tag the sheet's translations use ("es-US"), so Word picks the right proofing."""
    tags = {primary(tag): tag for tag in config.translation.languages}
    return tuple(tags.get(primary(lang), lang) for lang in config.spelling.languages)


def mark(document: Document, others: Sequence[str]) -> Document:
    """`document` with its passages in `others` languages marked on their spans."""
    if not [lang for lang in others if function_words(lang)]:
        return document
    home = document.meta.lang
    # One pass over the whole sheet first: most sheets hold no passage, and rebuilding
    # every block of them to find none was most of the cost.
    if not _likely("\n".join(unit.text for unit in units(document)), home, others):
        return document
    sections = tuple(_section(section, home, others) for section in document.sections)
    return replace(document, sections=sections)


def _section(section: Section, home: str, others: Sequence[str]) -> Section:
    return replace(section, blocks=tuple(_block(block, home, others) for block in section.blocks))


def _block(block: Block, home: str, others: Sequence[str]) -> Block:
    match block:
        case Paragraph():
            return replace(block, content=_inlines(block.content, home, others))
        case BulletList() | NumberedList():
            return replace(block, items=_items(block.items, home, others))
        case Table():
            rows = tuple(tuple(_cell(cell, home, others) for cell in row) for row in block.rows)
            return replace(block, rows=rows)
    return block


def _cell(cell: Cell, home: str, others: Sequence[str]) -> Cell:
    return replace(cell, content=_inlines(cell.content, home, others))


def _items(items: tuple[ListItem, ...], home: str, others: Sequence[str]) -> tuple[ListItem, ...]:
    return tuple(
        replace(
            item,
            content=_inlines(item.content, home, others),
            children=_items(item.children, home, others),
        )
        for item in items
    )


def _inlines(content: Inlines, home: str, others: Sequence[str]) -> Inlines:
    """The spans split where a passage in another language starts or ends."""
    text = "".join(span.text for span in content)
    found = passages(text, home, others)
    if not found:
        return content
    cuts = sorted({0, len(text), *(edge for start, end, _ in found for edge in (start, end))})
    spans: list[Span] = []
    offset = 0
    for span in content:
        end = offset + len(span.text)
        edges = [offset, *(cut for cut in cuts if offset < cut < end), end]
        for left, right in itertools.pairwise(edges):
            lang = next((lang for s, e, lang in found if s <= left and right <= e), None)
            if right > left:
                spans.append(replace(span, text=text[left:right], lang=lang))
        offset = end
    return tuple(spans)
