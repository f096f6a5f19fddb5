"""Number compounds the engine glues into one word, split again.

Apertium's English → Spanish transfer writes an English number compound ("a 5-day fever",
"a 7-year-old child", "a one-year-old") as its noun, a preposition, the number and the
unit with no space between them: "fiebrede5 días", "niñode7años", "niñodeunaño". A glued
stand-in ("violínde5 días") is not found again either, so the split runs on the engine's
text before anything else reads it. Which preposition, and the English that makes one,
are the language's data (`conventions.toml [compounds]`); the number words are its
profile's (pipeline/languages/profiles/<code>.toml).
"""

from __future__ import annotations

import functools
import re

from pipeline import languages
from pipeline.translate.conventions import Conventions

#: A unit glued to a number word is a word of its own: "unaño" is "un año", never "una ño".
_UNIT_LENGTH = 3


def split(raw: str, english: str, conventions: Conventions | None) -> str:
    """`raw` with each glued compound written as words, where `english` has a number
    compound; a word of the English itself is never split."""
    found = _glued(conventions.lang, conventions.compounds.get("link", "")) if conventions else None
    source = conventions.compounds.get("english") if conventions else None
    if found is None or not isinstance(source, re.Pattern) or not source.search(english):
        return raw
    pattern, numbers = found
    words = set(re.findall(r"\w+", english))

    def spaced(match: re.Match[str]) -> str:
        noun, link, number, unit = match.groups()
        if match.group() in words:
            return match.group()
        if number[0].isdigit():
            return " ".join(w for w in (noun, link, number, unit) if w)
        for word in numbers:  # the longest number word that leaves a whole unit
            rest = (number + unit)[len(word) :]
            whole = not rest or len(rest) >= _UNIT_LENGTH
            if (number + unit).lower().startswith(word) and whole:
                return " ".join(w for w in (noun, link, (number + unit)[: len(word)], rest) if w)
        return match.group()

    return pattern.sub(spaced, raw)


@functools.cache
def _glued(lang: str, link: str) -> tuple[re.Pattern[str], tuple[str, ...]] | None:
    """The glued word's pattern (noun, link, number, unit) and the language's number
    words, longest first; None without a link."""
    if not link:
        return None
    profile = languages.find(lang)
    numbers = tuple(sorted(profile.number_words if profile else (), key=len, reverse=True))
    words = "|".join(re.escape(w) for w in numbers)
    number = r"\d+(?:[.,]\d+)?" + (f"|(?:{words})" if words else "")
    letters = r"[^\W\d_]"
    pattern = re.compile(
        rf"(?<![\w-])({letters}{{2,}})({re.escape(link)})({number})({letters}*)(?![\w-])",
        re.IGNORECASE,
    )
    return pattern, numbers
