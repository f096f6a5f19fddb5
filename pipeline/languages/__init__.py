"""Languages as data: everything the pipeline knows about a language is in its profile.

`profiles/<code>.toml`, one per primary language subtag, holds the language's name, script
direction, number words (translation QA), how glossary targets form their plural, each
engine's code for it, readability settings (syllables, easy words, formulas), its hunspell
dictionaries and Debian packages (dictionaries, engine data). Generic code reads profiles
and never names a language.

Adding a language takes three files and no code:
1. `pipeline/languages/profiles/<code>.toml` — copy the closest profile; every key but
   `name` and `direction` is optional (a missing one means "not known": no number words,
   no plural forms, no engine code, one syllable per word without hyphenation patterns).
2. `glossaries/en-<code>.csv` — the terms translation must enforce (may start with one).
3. A `[<code>]` table of labels in `translations/labels.toml` (stamps, dates, the draft
   notice), reviewed with `pipeline review-labels <code> --reviewer NAME`.
Optional, in `pipeline/languages/data/<code>/`: the drafting conventions (register,
punctuation, kept phrases: `conventions.toml`), renderings known to mislead
(`dangerous.csv`), how urgent instructions must read (`urgent.csv`), which of Apertium's
translations of an English word health texts want (`lexicon.csv`), function words for
telling its passages apart; as a source language, the verbs that end an instruction on
their own (`instruction-verbs.txt`: "Rest.", "… and rest"). Then add the tag to
`[translation] languages` in `pipeline.toml`; `make deps` installs the profile's Debian
packages (`python -m pipeline.languages packages` lists them).

Only the standard library is imported here: writers and engines load profiles at start-up.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, ClassVar, Literal

PROFILES = Path(__file__).parent / "profiles"
EASY_WORDS = Path(__file__).parent / "easy_words"
#: `data/<code>/`: a language's word lists and drafting conventions (function words for
#: telling passages apart, units and drug names, the draft path's conventions.toml,
#: dangerous.csv, urgent.csv and Apertium's lexicon.csv), read by the modules that use them.
DATA = Path(__file__).parent / "data"


def data_folder(tag: str) -> Path:
    """The folder of the language's data files (it may not exist: no such data yet)."""
    return DATA / primary(tag)


_CODE = re.compile(r"[a-z]{2,3}\Z")


class ProfileError(Exception):
    """A profile that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class FleschEase:
    """Flesch reading ease: base - sentence_length * words per sentence -
    syllables_per_word * syllables per word."""

    base: float
    sentence_length: float
    syllables_per_word: float


#: Flesch's own constants (1948, English): the default for a language without its own.
FLESCH = FleschEase(206.835, 1.015, 84.6)


@dataclass(frozen=True)
class Readability:
    #: Count syllables with the CMU pronouncing dictionary first (English).
    cmudict: bool = False
    #: pyphen's hyphenation dictionary; None counts one syllable per word.
    hyphenation: str | None = None
    #: A file in `easy_words/`: familiar words for Dale-Chall and Gunning fog.
    easy_words: str | None = None
    fre: FleschEase = FLESCH
    #: Words of this many syllables or more are "complex" (Gunning fog).
    syllable_threshold: int = 3
    #: Reading-ease formulas for translations (`pipeline.reading_level.TRANSLATION_FORMULAS`).
    translation_formulas: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    code: str
    name: str
    direction: Literal["ltr", "rtl"]
    #: Lower-case word → the number it names.
    number_words: Mapping[str, int] = field(default_factory=dict)
    #: (singular ending, plural ending) pairs, "" meaning "added"; empty: plural unknown.
    plural_endings: tuple[tuple[str, str], ...] = ()
    #: Whether an accent may move or go in the plural (Spanish "riñón" → "riñones").
    accents_move: bool = False
    #: Engine name → this language's code in it (Apertium: "spa"; Argos: "es").
    engines: Mapping[str, str] = field(default_factory=dict)
    readability: Readability = Readability()
    debian_packages: tuple[str, ...] = ()
    #: hunspell dictionaries for the language's words, checked together (when installed).
    spelling: tuple[str, ...] = ()
    #: A larger word list (one word a line, when installed): a word only it knows is rare
    #: rather than a typo (qigong), a warning for staff to check.
    rare_words: Path | None = None
    #: Word lists whose entries of several words ("tai_chi", "de_novo": words joined by
    #: "_", the first field of each line) make a word known beside the others (when
    #: installed): English borrows phrases whose parts are no words alone.
    collocations: tuple[Path, ...] = ()


def primary(tag: str) -> str:
    """The primary subtag of a BCP 47 tag, lower case: "en-US" → "en"."""
    return tag.split("-", maxsplit=1)[0].lower()


@lru_cache(maxsize=1024)  # tags may come from files: keep the cache bounded
def find(tag: str) -> Profile | None:
    """The profile of a tag's language, or None when there is none."""
    code = primary(tag)
    return load(code) if _CODE.match(code) and (PROFILES / f"{code}.toml").is_file() else None


def profile(tag: str) -> Profile:
    """The profile of a tag's language; raises ProfileError naming the file to add."""
    found = find(tag)
    if found is None:
        raise ProfileError(
            f"no language profile for {tag!r}: add {PROFILES / (primary(tag) + '.toml')}"
        )
    return found


def codes() -> list[str]:
    """Every language with a profile."""
    return sorted(path.stem for path in PROFILES.glob("*.toml"))


def spelling(tag: str) -> tuple[str, ...]:
    """The hunspell dictionaries of a tag's language; none without a profile."""
    found = find(tag)
    return found.spelling if found else ()


def rare_words(tag: str) -> frozenset[str]:
    """The words of a tag's larger word list, as the list writes them (a name there,
    "Moore", is no lower-case word); none where it has none or the list is not installed."""
    found = find(tag)
    return _rare_words(found.rare_words) if found and found.rare_words else frozenset()


@cache
def _rare_words(path: Path) -> frozenset[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return frozenset()
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def collocations(tag: str) -> frozenset[str]:
    """The multi-word entries of a tag's collocation lists, lower case, words joined by
    "_" (a hyphen stays a hyphen); none where it has none or they are not installed.
    Read once per process, on the first unknown word that may be part of one."""
    found = find(tag)
    return _collocations(found.collocations) if found else frozenset()


#: An entry of several words: the first field of a line, holding "_" (WordNet's index
#: files: "tai_chi n 1 1 @ …"; licence lines start with a space and are left out).
_COLLOCATION = re.compile(rb"\n([^ \n_]*_[^ \n]*)")


@cache
def _collocations(paths: tuple[Path, ...]) -> frozenset[str]:
    """Only entries with "_", found by one regex over each whole file: about 0.1 s for
    WordNet's 6 MB, where a loop over its 150,000 lines took three times as long."""
    found: set[str] = set()
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        found.update(e.decode("utf-8", "replace").lower() for e in _COLLOCATION.findall(data))
    return frozenset(found)


def readability(tag: str) -> Readability:
    """The readability settings of a tag's language; the defaults without a profile."""
    found = find(tag)
    return found.readability if found else Readability()


def easy_words(tag: str) -> frozenset[str]:
    """Words most readers of the language know; English's where the language has no
    list, as textstat does."""
    return _easy_words(readability(tag).easy_words or "en.txt")


def is_rtl(tag: str) -> bool:
    found = find(tag)
    return found is not None and found.direction == "rtl"


@cache
def load(code: str, folder: Path = PROFILES) -> Profile:
    path = folder / f"{code}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ProfileError(f"{path}: {error}") from None
    return _ProfileReader(path, data).profile(code)


@cache
def _easy_words(name: str) -> frozenset[str]:
    lines = (EASY_WORDS / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip())


class _ProfileReader:
    """Typed access to one profile's TOML, with errors naming the file and key."""

    _KEYS: ClassVar[dict[str, set[str]]] = {
        "": {"name", "direction", "number_words", "debian_packages", "engines", "spelling"}
        | {"grammar", "readability", "rare_words", "collocations"},
        "grammar": {"plural_endings", "accents_move"},
        "readability": {"cmudict", "hyphenation", "easy_words", "fre", "syllable_threshold"}
        | {"translation_formulas"},
        "readability.fre": {"base", "sentence_length", "syllables_per_word"},
    }

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path, self.data = path, data

    def fail(self, key: str, problem: str) -> ProfileError:
        return ProfileError(f"{self.path}: {key}: {problem}")

    def table(self, key: str) -> dict[str, Any]:
        value: Any = self.data
        for part in key.split(".") if key else []:
            value = value.get(part, {})
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        if unknown := set(value) - self._KEYS.get(key, set(value)):
            raise self.fail(key or "profile", f"unknown key(s) {sorted(unknown)}")
        return value

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = None) -> Any:
        table, _, name = key.rpartition(".")
        value = self.table(table).get(name, default)
        if value is not default and not isinstance(value, kind):
            raise self.fail(key, f"has the wrong type ({type(value).__name__})")
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        values = self.get(key, list, [])
        if not all(isinstance(v, str) for v in values):
            raise self.fail(key, "must list strings")
        return tuple(values)

    def profile(self, code: str) -> Profile:
        direction = self.get("direction", str)
        if direction not in ("ltr", "rtl"):
            raise self.fail("direction", 'must be "ltr" or "rtl"')
        numbers = self.get("number_words", dict, {})
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in numbers.values()):
            raise self.fail("number_words", "values must be whole numbers")
        endings = self.get("grammar.plural_endings", list, [])
        if not all(isinstance(e, list) and len(e) == 2 for e in endings):
            raise self.fail("grammar.plural_endings", 'must list pairs like ["z", "ces"]')
        engines = self.get("engines", dict, {})
        if not all(isinstance(c, str) for c in engines.values()):
            raise self.fail("engines", "codes must be strings")
        name = self.get("name", str)
        if not name:
            raise self.fail("name", "is missing")
        return Profile(
            code=code,
            name=name,
            direction=direction,
            number_words={str(word).lower(): n for word, n in numbers.items()},
            plural_endings=tuple((str(s), str(p)) for s, p in endings),
            accents_move=self.get("grammar.accents_move", bool, False),
            engines=dict(engines),
            readability=self.readability(),
            debian_packages=self.strings("debian_packages"),
            spelling=self.strings("spelling"),
            rare_words=Path(rare) if (rare := self.get("rare_words", str)) else None,
            collocations=tuple(Path(path) for path in self.strings("collocations")),
        )

    def readability(self) -> Readability:
        easy = self.get("readability.easy_words", str)
        if easy is not None and not (EASY_WORDS / easy).is_file():
            raise self.fail("readability.easy_words", f"no file {EASY_WORDS / easy}")
        return Readability(
            cmudict=self.get("readability.cmudict", bool, False),
            hyphenation=self.get("readability.hyphenation", str),
            easy_words=easy,
            fre=self.fre() or FLESCH,
            syllable_threshold=self.get("readability.syllable_threshold", int, 3),
            translation_formulas=self.strings("readability.translation_formulas"),
        )

    def fre(self) -> FleschEase | None:
        table = self.table("readability.fre")
        if not table:
            return None
        values = [table.get(key) for key in ("base", "sentence_length", "syllables_per_word")]
        numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        if len(numbers) != len(values):
            raise self.fail(
                "readability.fre", "needs numbers base, sentence_length, syllables_per_word"
            )
        return FleschEase(*(float(v) for v in numbers))
