"""A target language's drafting conventions, read as data from pipeline/languages/data/<lang>/.

Everything language-specific the draft path and translation QA use lives in files, never
in code: `conventions.toml` (punctuation, times, register, stand-in nouns, what is kept
as written), `cognates.toml` (how English words the engine does not know are guessed),
`dangerous.csv` (renderings known to hurt) and `urgent.csv` (instructions that must stay
imperative). A language without a folder has no conventions: drafts are
the engine's text with glossary terms applied, and QA runs its language-neutral checks.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import csvdata, languages
from pipeline.errors import DataFileError
from pipeline.translate import cognates


@dataclass(frozen=True)
class Dangerous:
    """A rendering that must never be used (for `source` English only, when given)."""

    target: re.Pattern[str]
    source: re.Pattern[str] | None
    word: str
    note: str
    line: int


@dataclass(frozen=True)
class Urgent:
    """When the English has `source`, the translation must have `target`."""

    source: re.Pattern[str]
    target: re.Pattern[str]
    suggestion: str


@dataclass(frozen=True)
class Phrase:
    """English (a regular expression, any case) written as the language writes it, whatever
    the engine would say: `text`, with the pattern's groups put in (`\\1`: "2 times a day"
    → "2 veces al día"). `opens`: what follows starts an instruction ("please call").
    `engine`: `text` is English the engine gets in the match's place, a spelling it knows
    ("versus" → "vs."), rather than text kept from it."""

    pattern: re.Pattern[str]
    text: str
    opens: bool = False
    engine: bool = False


@dataclass(frozen=True)
class Conventions:
    lang: str
    folder: Path
    #: Closing mark → opening mark ("?" → "¿").
    openers: dict[str, str] = field(default_factory=dict)
    #: Abbreviations whose full stop ends no sentence ("aprox.", "p. ej.").
    abbreviations: tuple[str, ...] = ()
    #: "am"/"pm" → how the language writes them.
    times: dict[str, str] = field(default_factory=dict)
    #: How dates are written: "months" (12 names), "day_month_year", "day_month",
    #: "month_year" ({day}, {month}, {year}), "on" (the word for English "on" a day).
    dates: dict[str, Any] = field(default_factory=dict)
    register: dict[str, Any] = field(default_factory=dict)
    #: Lemma → lemma to use instead, whatever the form.
    lemmas: dict[str, str] = field(default_factory=dict)
    #: "m.sg" → ((english noun, its translation), ...).
    standins: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    #: ((english adjective, {"m.sg": its translation, "f.sg": …, "m.pl": …, "f.pl": …}), ...).
    adjective_standins: tuple[tuple[str, dict[str, str]], ...] = ()
    #: How words the engine did not know are sent again (`[unknown]`: Apertium data of the
    #: English analyser and tagger, words after a name that it does not modify, endings
    #: of words that are no nouns).
    unknown: dict[str, Any] = field(default_factory=dict)
    feminine_endings: tuple[str, ...] = ()
    masculine_words: frozenset[str] = frozenset()
    units: tuple[str, ...] = ()
    #: A unit that is also an English word ("in") → what must follow it where it is a unit
    #: (a regular expression: punctuation, the end, "long"); "2 in the morning" is no unit.
    word_units: dict[str, re.Pattern[str]] = field(default_factory=dict)
    #: A unit the language writes otherwise ("in" → "pulg."); the rest stay as written.
    written_units: dict[str, str] = field(default_factory=dict)
    address: re.Pattern[str] | None = None
    phrases: tuple[Phrase, ...] = ()
    #: Words the language always writes as one, where a kept phrase meets the engine's
    #: next word ("de el" → "del"); the first letter may be a capital, the rest as given.
    contractions: dict[str, str] = field(default_factory=dict)
    #: Number compounds the engine glues into one word (pipeline.translate.compounds):
    #: "link" (the preposition between noun and number), "english" (a compiled pattern of
    #: the English that makes one).
    compounds: dict[str, Any] = field(default_factory=dict)
    dangerous: tuple[Dangerous, ...] = ()
    urgent: tuple[Urgent, ...] = ()
    #: Hunspell dictionaries of the language and of the English (an English word left).
    dictionary: str = ""
    source_dictionary: str = ""
    #: How English words the engine does not know are guessed (`cognates.toml`).
    cognates: cognates.Rules | None = None

    def gender(self, noun: str) -> str:
        """ "m" or "f" for a target noun phrase the glossary gives no gender for."""
        head = noun.split(maxsplit=1)[0].lower() if noun.split() else noun
        if head in self.masculine_words:
            return "m"
        return "f" if head.endswith(self.feminine_endings) else "m"


@functools.cache
def load(lang: str) -> Conventions | None:
    """The conventions for a primary language subtag, or None if it has none.

    Raises DataFileError naming the file and line of a bad entry."""
    folder = languages.data_folder(lang)
    if not re.fullmatch(r"[a-z]{2,3}", lang) or not (folder / "conventions.toml").is_file():
        return None
    path = folder / "conventions.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise DataFileError(str(path), str(error)) from None
    keep = data.get("keep", {})
    for pattern in data.get("register", {}).get("respell", {}):
        _regex(path, pattern, 0)  # a bad one is the file's error, not the morphology's
    gender = data.get("gender", {})
    return Conventions(
        lang=lang,
        folder=folder,
        openers=dict(data.get("punctuation", {})),
        abbreviations=tuple(str(a) for a in data.get("sentences", {}).get("abbreviations", ())),
        times=dict(data.get("times", {})),
        dates=_dates(path, data.get("dates", {})),
        register=dict(data.get("register", {})),
        lemmas=dict(data.get("lemmas", {})),
        standins={
            key: tuple((str(en), str(tr)) for en, tr in pairs)
            for key, pairs in data.get("standins", {}).items()
        },
        adjective_standins=tuple(
            (str(english), dict(zip(cognates.FORMS, (str(f) for f in forms), strict=True)))
            for english, forms in data.get("adjective_standins", {}).items()
        ),
        unknown=dict(data.get("unknown", {})),
        feminine_endings=tuple(gender.get("feminine_endings", ())),
        masculine_words=frozenset(gender.get("masculine_words", ())),
        units=tuple(keep.get("units", ())),
        address=_regex(path, keep["address"], 0) if keep.get("address") else None,
        word_units={
            str(unit): _regex(path, str(after), 0)
            for unit, after in keep.get("word_units", {}).items()
        },
        written_units={str(k): str(v) for k, v in keep.get("written_units", {}).items()},
        phrases=tuple(_phrase(path, p, v) for p, v in data.get("phrases", {}).items()),
        compounds=_compounds(path, data.get("compounds", {})),
        contractions={str(k): str(v) for k, v in data.get("contractions", {}).items()},
        dangerous=_dangerous(folder / "dangerous.csv"),
        urgent=_urgent(folder / "urgent.csv"),
        dictionary=str(data.get("qa", {}).get("dictionary", "")),
        source_dictionary=str(data.get("qa", {}).get("source_dictionary", "")),
        cognates=cognates.load(folder / "cognates.toml"),
    )


def _dates(path: Path, table: dict[str, Any]) -> dict[str, Any]:
    if not table:
        return {}
    months = table.get("months")
    if not (isinstance(months, list) and len(months) == 12):
        raise DataFileError(str(path), "[dates] months must list 12 names")
    if missing := [k for k in ("day_month_year", "day_month", "month_year") if k not in table]:
        raise DataFileError(str(path), f"[dates] needs {', '.join(missing)}")
    return dict(table)


def _compounds(path: Path, table: dict[str, Any]) -> dict[str, Any]:
    if not table:
        return {}
    if not isinstance(table.get("link"), str) or not isinstance(table.get("english"), str):
        raise DataFileError(str(path), "[compounds] needs a link and an english pattern")
    return {"link": table["link"], "english": _regex(path, table["english"], 0, re.IGNORECASE)}


def _phrase(path: Path, pattern: str, value: Any) -> Phrase:
    """A `[phrases]` entry: its text, or a table {text, opens, engine}."""
    table = value if isinstance(value, dict) else {"text": value}
    text, opens, engine = table.get("text"), table.get("opens", False), table.get("engine", False)
    if not isinstance(text, str) or not isinstance(opens, bool) or not isinstance(engine, bool):
        raise DataFileError(
            str(path), f"[phrases] {pattern!r}: a text, or {{ text, opens, engine }}"
        )
    compiled = _regex(path, pattern, 0, re.IGNORECASE)
    if any(int(group) > compiled.groups for group in re.findall(r"\\(\d+)", text)):
        raise DataFileError(str(path), f"[phrases] {text!r} names a group {pattern!r} lacks")
    return Phrase(compiled, text, opens, engine)


def _regex(name: Path, pattern: str, line: int, flags: int = 0) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as error:
        raise DataFileError(
            str(name), f"bad regular expression {pattern!r}: {error}", line or None
        ) from None


def _dangerous(path: Path) -> tuple[Dangerous, ...]:
    if not path.is_file():
        return ()
    found = []
    for row in csvdata.read(path, ("target",), ("source", "case", "note")).rows:
        word, values = row.values["target"], row.values
        flags = 0 if values["case"].lower() == "sensitive" else re.IGNORECASE
        target = _regex(path, rf"(?<!\w){re.escape(word)}(?!\w)", row.line, flags)
        source = _regex(path, values["source"], row.line, re.I) if values["source"] else None
        found.append(Dangerous(target, source, word, values["note"], row.line))
    return tuple(found)


def _urgent(path: Path) -> tuple[Urgent, ...]:
    if not path.is_file():
        return ()
    rows = csvdata.read(path, ("source", "target"), ("suggestion",)).rows
    return tuple(
        Urgent(
            _regex(path, row.values["source"], row.line, re.I),
            _regex(path, row.values["target"], row.line, re.I),
            row.values["suggestion"],
        )
        for row in rows
    )
