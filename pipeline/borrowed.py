"""Words of another language that are the home language's words respelt: drug names.

A Spanish passage in an English sheet is checked with the Spanish dictionary, which lacks
most drug names, yet Spanish writes them by regular correspondences with English
("acetaminofén" is acetaminophen, "amoxicilina" amoxicillin). The correspondences are
data, `pipeline/languages/data/<lang>/borrowed.toml`: a few endings and spelling
rules that bring both words to one form. The check asks the English dictionaries for
candidates (hunspell's suggestions) and keeps one only when it comes to the same form: a
rule never invents a word, and a typo of the passage ("medicamientos") matches none.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
import tomllib
import unicodedata
from dataclasses import dataclass

from pipeline.errors import DataFileError
from pipeline.languages import data_folder

FILE = "borrowed.toml"


@dataclass(frozen=True)
class Correspondences:
    """How a language spells English words (see the module docstring)."""

    #: Fewer letters than this on the English side never match.
    min_length: int
    #: (ending, what both words write for it), the first match on each word.
    endings: tuple[tuple[str, str], ...]
    #: (pattern, replacement), applied in order after the ending.
    spelling: tuple[tuple[re.Pattern[str], str], ...]

    def form(self, word: str) -> str:
        """The form both words come to: no accents, lower case, endings and spelling
        made common ("epinephrine" and "epinefrina": "epinefrin")."""
        lower = unaccented(word).lower()
        for end, common in self.endings:
            if lower.endswith(end) and len(lower) - len(end) >= self.min_length - 1:
                lower = lower[: len(lower) - len(end)] + common
                break
        for pattern, replacement in self.spelling:
            lower = pattern.sub(replacement, lower)
        return lower

    def same(self, word: str, english: str) -> bool:
        """Whether `word` of the language is `english` by its regular correspondences."""
        return len(english) >= self.min_length and self.form(word) == self.form(english)


def unaccented(word: str) -> str:
    """`word` without its accents ("acetaminofén" → "acetaminofen")."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.cache
def correspondences(lang: str) -> Correspondences | None:
    """The language's correspondences with English, or None when it has no such file."""
    with importlib.resources.as_file(data_folder(lang) / FILE) as path:
        if not path.is_file():
            return None
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            return Correspondences(
                min_length=int(data.get("min_length", 5)),
                endings=tuple((str(a), str(b)) for a, b in data.get("endings", ())),
                spelling=tuple((re.compile(a), str(b)) for a, b in data.get("spelling", ())),
            )
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValueError, TypeError) as error:
            raise DataFileError(str(path), f"bad spelling correspondences: {error}") from None
        except re.error as error:
            raise DataFileError(str(path), f"bad spelling pattern: {error}") from None
