"""The project's one place for settings: `pipeline.toml`, read into frozen dataclasses.

Unknown keys and wrong types are errors naming the file and key, because a typo in
a threshold must not silently fall back to a default.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pipeline import capped, languages, tags

CONFIG_NAME = "pipeline.toml"
SEVERITY_NAMES = ("info", "warning", "error")

T = TypeVar("T")

#: Settings that have moved, so an old settings file gets told where, not just "unknown".
MOVED = {
    "audit.fail_level": "[policy] fail_level",
    "audit.rules": "[policy.rules]",
    "audit.waivers": "[[policy.waivers]]",
}


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file and key."""


#: The text reader's generic template rules, by name (pipeline/readers/text_template.py).
TEMPLATE_RULES = (
    "skip-link",
    "learn-more",
    "welcome",
    "image-alt",
    "page-tools",
    "page-number",
    "legal-citation",
    "file-name",
    "office-use",
    "running-head",
    "masthead",
    "gov-banner",
)


#: The language source sheets are written in, unless `language` says otherwise.
SOURCE = "en-US"


def _passage_dictionaries() -> dict[str, tuple[str, ...]]:
    """Every other language whose profile names dictionaries: passages in it are spelled
    with them (where installed), never against the source language's."""
    source = languages.primary(SOURCE)
    return {
        code: words
        for code in languages.codes()
        if code != source and (words := languages.spelling(code))
    }


@dataclass(frozen=True)
class TextReaderConfig:
    """How to read text copied out of a hospital's education web pages."""

    #: Larger files are refused before they are read: sheets are a few kilobytes.
    max_bytes: int = 2_000_000
    #: Characters that start a bullet item when they begin a line and a space follows;
    #: PDF copies bring black circles and squares, check boxes (ballot boxes ☐ ☑ ☒ and
    #: Wingdings' shadowed box ❑ for the "check off each step" lists), and the Symbol and
    #: Wingdings fonts' bullets as private-use characters (U+F0B7, U+F0A7, U+F0D8).
    bullets: tuple[str, ...] = (
        "•",
        "·",
        "▪",
        "◦",
        "‣",
        "-",
        "*",
        "\u25cf",
        "\u25cb",
        "\u25a0",
        "\u25a1",
        "\u27a2",
        "\u2713",
        "\u2714",
        "\u2610",
        "\u2611",
        "\u2612",
        "\u2751",
        "\uf0b7",
        "\uf0a7",
        "\uf0d8",
    )
    #: Regular expressions; a line that fully matches one is web template noise.
    noise: tuple[str, ...] = ()
    #: Label before the review date, e.g. "Last reviewed 8/2015".
    reviewed_label: str = r"last\s+reviewed"
    #: Label before an explicit next-review date.
    next_review_label: str = r"next\s+review(?:\s+due)?"
    #: What may follow the review date on its line and is dropped (copyright marks).
    copyright: str = r"(?:©|\(c\)|copyright\b).*"
    #: Headings are single lines of at most this many words.
    max_heading_words: int = 14
    #: A line "<label>: rule.one, rule.two" switches audit rules off for the sheet.
    ignore_label: str = r"audit-ignore"
    #: Larger pictures (a web page's data: URI, a file beside a Markdown sheet) are left out
    #: and reported: a sheet's pictures are tens of kilobytes.
    max_picture_bytes: int = 5_000_000
    #: Other labels a review date may follow when nothing but a form number shares its line
    #: ("Reviewed: 3/2024", "Date reviewed", "Revised", "No. 080814 Rev. 11/24", "Updated").
    review_labels: str = (
        r"(?:date\s+(?:of\s+)?)?(?:last\s+)?(?:reviewed|revised|updated|review|revision)"
        r"(?:\s+(?:on|date))?|rev\.?|effective(?:\s+date)?"
    )
    #: A date alone on one of the sheet's last this-many lines is its edition date.
    edition_lines: int = 6
    #: Generic template rules applied on top of `noise` (pipeline/readers/text_template.py).
    template_rules: tuple[str, ...] = TEMPLATE_RULES
    #: Larger Word sheets are refused before they are read (pictures make some a few MB).
    max_docx_bytes: int = capped.DOCX_BYTES


@dataclass(frozen=True)
class ReadabilityConfig:
    """Reading-level targets; health literacy guidance asks for grade 6 to 8."""

    max_grade: float = 8.0
    max_smog: float = 10.0
    #: How far a gated metric may rise above its baseline before CI fails.
    tolerance: float = 0.3
    #: Metrics the regression gate compares with the baseline.
    gated: tuple[str, ...] = ("flesch_kincaid_grade",)
    baseline: Path = Path("readability-baseline.json")
    #: Sentences longer than this are reported as hard to read.
    long_sentence_words: int = 20
    #: How many of a sheet's hardest sentences to report.
    hardest_sentences: int = 3
    #: Hard word → everyday word suggestions (CSV).
    plain_language: Path = Path("glossaries/plain-language.csv")


@dataclass(frozen=True)
class SpellingConfig:
    #: hunspell dictionaries, checked together (a word known to any is known).
    dictionaries: tuple[str, ...] = field(default_factory=lambda: languages.spelling(SOURCE))
    #: Drug, brand and local names the dictionaries lack, one per line.
    wordlist: Path = Path("glossaries/words.txt")
    #: Words in capitals (VAERS, PCVs) or mixed case (CoV, MedlinePlus) are not checked
    #: as words: an unknown one is a `spelling.acronym` warning, never a typo.
    skip_acronyms: bool = True
    #: Words mixing letters and digits (PCV13, 300aa, 2b) are not checked at all.
    skip_alphanumeric: bool = True
    #: Dictionaries for passages in another language (primary subtag → dictionaries),
    #: used when installed; such passages are never checked against English.
    languages: dict[str, tuple[str, ...]] = field(default_factory=_passage_dictionaries)


@dataclass(frozen=True)
class TranslationConfig:
    """Which languages families get, and how drafts are made for translators."""

    #: Target languages (BCP 47 tags with a region where Word's proofing needs one).
    languages: tuple[str, ...] = ("es-US",)
    #: Primary language subtag → "auto" (Argos if installed, else Apertium, else none),
    #: "argos", "apertium" or "none".
    engines: dict[str, str] = field(default_factory=dict)
    glossaries: Path = Path("glossaries")
    #: Translation memory and translators' work: translations/<lang>/<sheet>.xlf.
    memory: Path = Path("translations")
    #: Larger XLIFF files (memories, translators' returns) are refused before they are
    #: read: a sheet's memory is tens of kilobytes, and parsing costs about four times
    #: the file's size in memory.
    max_xliff_bytes: int = 20_000_000
    #: Where `make models` installs Argos packages; later runs read them offline.
    argos_packages: Path = Path("models/argos")
    #: Larger glossaries (CSV or TBX, the plain-language list too) are refused before
    #: they are read: 10 MB holds about 200,000 terms.
    max_glossary_bytes: int = capped.GLOSSARY_BYTES
    #: Larger TMX files are refused before they are read (`pipeline tmx import`).
    max_tmx_bytes: int = capped.TMX_BYTES
    #: Fuzzy matches from memory and imported TMX scoring at least this (0-100, the
    #: edit-distance ratio of the English) are offered to translators, never applied.
    fuzzy_threshold: int = 75
    #: At most this many of them per segment, the best first.
    fuzzy_suggestions: int = 3


@dataclass(frozen=True)
class Waiver:
    """A deliberate, visible exception: `rule` does not fail the build for `sheet`."""

    #: The source file, relative to the settings file.
    sheet: Path
    rule: str
    reason: str


@dataclass(frozen=True)
class PolicyConfig:
    """How findings of every kind (audit, translation QA, accessibility) are judged."""

    #: Findings at or above this severity fail the run (and CI).
    fail_level: str = "error"
    #: Rule id → "off", "info", "warning" or "error", overriding a rule's own severity.
    rules: dict[str, str] = field(default_factory=dict)
    waivers: tuple[Waiver, ...] = ()


@dataclass(frozen=True)
class AuditConfig:
    #: A review due within this many days is a warning.
    review_warning_days: int = 90
    report: Path = Path("outputs/report")


@dataclass(frozen=True)
class Config:
    #: Language tag of the English sources (BCP 47, with a region for Word's proofing).
    language: str = SOURCE
    #: Years from "last reviewed" to "next review due".
    review_cycle_years: int = 3
    sources: Path = Path("sources")
    #: Read a symbolic link in sources/ whose target stays inside the project folder
    #: (the folder above sources/); a link that leads elsewhere is always refused.
    follow_source_links: bool = False
    outputs: Path = Path("outputs")
    #: Regular expressions for phrases that must stand out wherever they occur.
    urgent: tuple[str, ...] = (r"call 911", r"call 9-1-1")
    #: A sheet with no review date or one in the future: "draft" builds it into
    #: outputs/drafts/<lang>/ with a staff notice, "publish" builds it as usual (the audit
    #: still reports it), "fail" fails it.
    unreviewed: str = "draft"
    text_reader: TextReaderConfig = field(default_factory=TextReaderConfig)
    readability: ReadabilityConfig = field(default_factory=ReadabilityConfig)
    spelling: SpellingConfig = field(default_factory=SpellingConfig)
    policy: PolicyConfig = field(default_factory=PolicyConfig)
    audit: AuditConfig = field(default_factory=AuditConfig)
    translation: TranslationConfig = field(default_factory=TranslationConfig)

    def urgent_pattern(self) -> re.Pattern[str] | None:
        """One case-insensitive pattern for all urgent phrases, whole words only."""
        if not self.urgent:
            return None
        return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in self.urgent) + r")\b", re.I)


UNREVIEWED = ("draft", "publish", "fail")


def load(path: Path, overrides: Mapping[str, Any] | None = None) -> Config:
    """Read `path`; relative paths inside it are taken relative to its folder. `overrides`
    (parsed TOML) replace the file's settings key by key, tables merged."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    where = _Where(path, "", text)
    config = _build(Config, _merged(data, overrides or {}), where)
    _check(config, where)
    return config


def _merged(data: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(data)
    for key, value in overrides.items():
        below = merged.get(key)
        both_tables = isinstance(below, Mapping) and isinstance(value, Mapping)
        merged[key] = _merged(below, value) if both_tables else value  # type: ignore[arg-type]
    return merged


@dataclass(frozen=True)
class _Where:
    """The file and the dotted key being read, for error messages."""

    path: Path
    key: str
    text: str

    def at(self, key: str) -> _Where:
        return _Where(self.path, f"{self.key}.{key}" if self.key else key, self.text)

    def error(self, message: str) -> ConfigError:
        line = _line_of(self.text, self.key)
        where = f"{self.path}:{line}" if line else str(self.path)
        return ConfigError(f"{where}: {self.key}: {message}" if self.key else f"{where}: {message}")


def _line_of(text: str, dotted: str) -> int | None:
    """The line that sets `dotted` (e.g. "audit.fail_level"), found by scanning the TOML."""
    parts = [part for part in dotted.split(".") if not part.isdigit()]
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if header := re.fullmatch(r"\[\[?\s*([^\]]+?)\s*\]\]?", stripped):
            table = header.group(1).split(".")
            if parts == table:
                return number
        elif (key := re.match(r"""["']?([\w.-]+)["']?\s*=""", stripped)) and [
            *table,
            key.group(1),
        ] == parts[: len(table) + 1]:
            return number
    return None


def _build(cls: type[T], data: Any, where: _Where) -> T:
    """Check a TOML table against the fields of dataclass `cls`, converting as the hints say."""
    if not isinstance(data, dict):
        raise where.error("must be a table")
    hints = typing.get_type_hints(cls)
    names = {item.name for item in dataclasses.fields(cls)}  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in names:
            moved = MOVED.get(where.at(key).key)
            raise where.at(key).error(f"moved to {moved}" if moved else "unknown setting")
        values[key] = _convert(value, hints[key], where.at(key))
    for item in dataclasses.fields(cls):  # type: ignore[arg-type]
        # Defaults too are relative to the settings file, and nested tables get the same care.
        if item.name in values:
            continue
        if hints[item.name] is Path and isinstance(item.default, Path):
            values[item.name] = where.path.parent / item.default
        elif dataclasses.is_dataclass(hints[item.name]):
            values[item.name] = _build(hints[item.name], {}, where.at(item.name))
    try:
        return cls(**values)
    except TypeError as error:  # a required field (e.g. of a waiver) is missing
        raise where.error(str(error).split("__init__() ", 1)[-1]) from None


def _convert(value: Any, hint: Any, where: _Where) -> Any:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value, where)  # type: ignore[arg-type]
    if hint is Path:
        if isinstance(value, str):
            return where.path.parent / value
        raise where.error(f"must be a path (a string), not {value!r}")
    if origin is tuple:
        if not isinstance(value, list):
            raise where.error(f"must be a list, not {value!r}")
        return tuple(_convert(item, args[0], where.at(str(n))) for n, item in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict):
            raise where.error(f"must be a table, not {value!r}")
        return {key: _convert(item, args[1], where.at(key)) for key, item in value.items()}
    if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(hint, type) and isinstance(value, hint) and not isinstance(value, bool):
        return value
    if hint is bool and isinstance(value, bool):
        return value
    name = hint.__name__ if isinstance(hint, type | types.GenericAlias) else str(hint)
    raise where.error(f"must be {name}, not {value!r}")


def _check(config: Config, where: _Where) -> None:
    """Settings whose type is right but whose value cannot work."""
    text = config.text_reader
    named = [("urgent", p) for p in config.urgent] + [("text_reader.noise", p) for p in text.noise]
    named += [
        ("text_reader.reviewed_label", text.reviewed_label),
        ("text_reader.next_review_label", text.next_review_label),
        ("text_reader.copyright", text.copyright),
        ("text_reader.ignore_label", text.ignore_label),
        ("text_reader.review_labels", text.review_labels),
    ]
    for key, pattern in named:
        try:
            re.compile(pattern)
        except re.error as error:
            raise where.at(key).error(f"bad regular expression {pattern!r}: {error}") from None
    if unknown := sorted(set(text.template_rules) - set(TEMPLATE_RULES)):
        raise where.at("text_reader.template_rules").error(
            f"unknown rule {unknown[0]!r} (use {', '.join(TEMPLATE_RULES)})"
        )
    for key, tag in [("language", config.language)] + [
        ("translation.languages", tag) for tag in config.translation.languages
    ]:
        try:
            tags.canonical(tag)
        except tags.TagError as error:
            raise where.at(key).error(str(error)) from None
    if config.unreviewed not in UNREVIEWED:
        choices = ", ".join(repr(choice) for choice in UNREVIEWED)
        raise where.at("unreviewed").error(f"must be one of {choices}")
    if not 1 <= config.translation.fuzzy_threshold <= 100:
        raise where.at("translation.fuzzy_threshold").error("must be from 1 to 100")
    if config.translation.fuzzy_suggestions < 0:
        raise where.at("translation.fuzzy_suggestions").error("must be 0 or more")
    if config.review_cycle_years < 1:
        raise where.at("review_cycle_years").error("must be at least 1")
    engines = set(config.translation.engines.values()) - {"auto", "argos", "apertium", "none"}
    if engines:
        raise where.at("translation.engines").error(
            f"unknown engine {sorted(engines)[0]!r} (use auto, argos, apertium or none)"
        )
    levels = {config.policy.fail_level, *config.policy.rules.values()}
    if bad := levels - {*SEVERITY_NAMES, "off"}:
        raise where.at("policy").error(
            f"unknown severity {sorted(bad)[0]!r} (use {', '.join(SEVERITY_NAMES)} or off)"
        )
