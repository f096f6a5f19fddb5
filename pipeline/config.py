"""The project's one place for settings: `pipeline.toml`, read into frozen dataclasses.

Unknown keys and wrong types are errors naming the file and key, because a typo in
a threshold must not silently fall back to a default.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

CONFIG_NAME = "pipeline.toml"


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class TextReaderConfig:
    """How to read text copied out of a hospital's education web pages."""

    #: Larger files are refused before they are read: sheets are a few kilobytes.
    max_bytes: int = 2_000_000
    #: Characters that start a bullet item when they begin a line and a space follows.
    bullets: tuple[str, ...] = ("•", "·", "▪", "◦", "‣", "-", "*")
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


@dataclass(frozen=True)
class Config:
    #: Language tag of the English sources (BCP 47, with a region for Word's proofing).
    language: str = "en-US"
    #: Years from "last reviewed" to "next review due".
    review_cycle_years: int = 3
    sources: Path = Path("sources")
    outputs: Path = Path("outputs")
    #: Regular expressions for phrases that must stand out wherever they occur.
    urgent: tuple[str, ...] = (r"call 911", r"call 9-1-1")
    text_reader: TextReaderConfig = field(default_factory=TextReaderConfig)

    def urgent_pattern(self) -> re.Pattern[str] | None:
        """One case-insensitive pattern for all urgent phrases, whole words only."""
        if not self.urgent:
            return None
        return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in self.urgent) + r")\b", re.I)


def load(path: Path) -> Config:
    """Read `path`; relative paths inside it are taken relative to its folder."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    base = path.parent
    text = _build(TextReaderConfig, data.pop("text_reader", {}), path, "text_reader")
    config = _build(Config, data, path, "")
    config = replace(
        config, text_reader=text, sources=base / config.sources, outputs=base / config.outputs
    )
    _check_patterns(config, path)
    if config.review_cycle_years < 1:
        raise ConfigError(f"{path}: review_cycle_years must be at least 1")
    return config


def _build(cls: type[T], data: Any, path: Path, section: str) -> T:
    """Check `data` against the fields of `cls` and build it, converting lists and paths."""
    where = f"[{section}] " if section else ""
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: {where.strip() or 'top level'} must be a table")
    known = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known or key == "text_reader":
            raise ConfigError(f"{path}: {where}unknown setting {key!r}")
        default = getattr(cls(), key)
        values[key] = _convert(value, default, path, f"{where}{key}")
    return cls(**values)


def _convert(value: Any, default: Any, path: Path, key: str) -> Any:
    expected: type
    if isinstance(default, tuple):
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return tuple(value)
        expected = list
    elif isinstance(default, Path):
        if isinstance(value, str):
            return Path(value)
        expected = str
    elif isinstance(value, type(default)) and not isinstance(value, bool):
        return value
    else:
        expected = type(default)
    raise ConfigError(f"{path}: {key} must be a {expected.__name__}, not {value!r}")


def _check_patterns(config: Config, path: Path) -> None:
    text = config.text_reader
    named = [("urgent", p) for p in config.urgent] + [("text_reader.noise", p) for p in text.noise]
    named += [
        ("text_reader.reviewed_label", text.reviewed_label),
        ("text_reader.next_review_label", text.next_review_label),
        ("text_reader.copyright", text.copyright),
    ]
    for key, pattern in named:
        try:
            re.compile(pattern)
        except re.error as error:
            raise ConfigError(
                f"{path}: {key}: bad regular expression {pattern!r}: {error}"
            ) from None
