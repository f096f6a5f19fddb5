"""The words outputs add around a sheet (stamps, dates, the draft notice), per language.

English is built in. Other languages come from `translations/labels.toml`, which belongs
to the translators: a language's labels count as reviewed only when the file names who
reviewed them, when, and a hash of the words they signed off (`pipeline review-labels`
writes all three), so a label edited since is not published under that reviewer's name.
A translation is published only with reviewed labels.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from pipeline import atomic
from pipeline.dates import PartialDate
from pipeline.errors import DataFileError


@dataclass(frozen=True)
class Labels:
    last_reviewed: str
    next_review: str
    #: For translations: when the English original was last reviewed.
    source_reviewed: str
    translated: str
    translation_reviewed: str
    #: Follows a reviewer's name list, e.g. "by {names}".
    reviewed_by: str
    not_recorded: str
    #: Shown on every draft (machine or changed-source) translation.
    draft_notice: str
    #: January … December.
    months: tuple[str, ...]
    #: Date patterns with {month}, {day} and {year}.
    month_year: str
    day_month_year: str
    reviewer: str | None = None
    reviewed_on: dt.date | None = None
    #: `words_hash` of the words as the reviewer signed them off.
    review_hash: str | None = None

    @property
    def reviewed(self) -> bool:
        return self.unreviewed is None

    @property
    def unreviewed(self) -> str | None:
        """Why the labels do not count as reviewed; None when they do."""
        if not self.reviewer or self.reviewed_on is None:
            return "nobody has reviewed them"
        if self.review_hash != self.words_hash():
            return f"they were changed after {self.reviewer} reviewed them"
        return None

    def words_hash(self) -> str:
        """One hash of every word the labels put on a sheet."""
        words = [getattr(self, name) for name in sorted(_TEXT_FIELDS)] + list(self.months)
        return hashlib.sha256("\0".join(words).encode("utf-8")).hexdigest()[:16]

    def date(self, date: PartialDate | None) -> str:
        if date is None:
            return self.not_recorded
        pattern = self.month_year if date.day is None else self.day_month_year
        return pattern.format(month=self.months[date.month - 1], day=date.day, year=date.year)


ENGLISH = Labels(
    last_reviewed="Last reviewed",
    next_review="Next review due",
    source_reviewed="English version last reviewed",
    translated="Translated",
    translation_reviewed="Translation reviewed",
    reviewed_by="by {names}",
    not_recorded="not recorded",
    draft_notice=(
        "Machine translation — not yet reviewed by a qualified medical translator. "
        "Do not give to families."
    ),
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    month_year="{month} {year}",
    day_month_year="{month} {day}, {year}",
    reviewer="built in",
    reviewed_on=dt.date(2026, 11, 25),
)

_REVIEW_FIELDS = ("reviewer", "reviewed_on", "review_hash")
_TEXT_FIELDS = {f.name for f in fields(Labels)} - {"months", *_REVIEW_FIELDS}
#: The labels' text fields but the months, in a stable order (one XLIFF unit each).
WORDS = tuple(sorted(_TEXT_FIELDS))
ENGLISH = replace(ENGLISH, review_hash=ENGLISH.words_hash())


def load(path: Path) -> dict[str, Labels]:
    """Labels by primary language subtag; English is always present."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return {"en": ENGLISH}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise DataFileError(str(path), f"cannot read labels: {error}") from None
    labels = {"en": ENGLISH}
    for lang, table in data.items():
        labels[lang] = _labels(table, path, lang)
    return labels


def _labels(table: object, path: Path, lang: str) -> Labels:
    if not isinstance(table, dict):
        raise DataFileError(str(path), f"[{lang}] must be a table")
    unknown = set(table) - {*_TEXT_FIELDS, "months", *_REVIEW_FIELDS}
    missing = _TEXT_FIELDS - set(table) | ({"months"} - set(table))
    if unknown or missing:
        problem = f"unknown {sorted(unknown)}" if unknown else f"missing {sorted(missing)}"
        raise DataFileError(str(path), f"[{lang}] {problem}")
    months = table["months"]
    if not (isinstance(months, list) and len(months) == 12):
        raise DataFileError(str(path), f"[{lang}] months must list 12 names")
    reviewed_on = table.get("reviewed_on") or None
    try:  # a TOML date, or the same date quoted
        if isinstance(reviewed_on, str):
            reviewed_on = dt.date.fromisoformat(reviewed_on)
        if reviewed_on is not None and not isinstance(reviewed_on, dt.date):
            raise ValueError(reviewed_on)
    except ValueError:
        raise DataFileError(
            str(path), f"[{lang}] reviewed_on must be a date like 2026-11-25"
        ) from None
    texts = {name: str(table[name]) for name in _TEXT_FIELDS}
    return Labels(
        **texts,
        months=tuple(str(m) for m in months),
        reviewer=str(table.get("reviewer") or "") or None,
        reviewed_on=reviewed_on,
        review_hash=str(table.get("review_hash") or "") or None,
    )


def sign_off(path: Path, lang: str, reviewer: str, today: dt.date) -> Labels:
    """Record in `path` that `reviewer` checked the [lang] labels today, with the hash of
    the words they saw; the rest of the file (comments too) is left as it is."""
    labels = load(path).get(lang)
    if labels is None or lang == "en":
        raise DataFileError(str(path), f"no [{lang}] labels to review")
    signed = replace(labels, reviewer=reviewer, reviewed_on=today, review_hash=labels.words_hash())
    stamp = [
        f"reviewer = {json.dumps(reviewer, ensure_ascii=False)}",
        f"reviewed_on = {today.isoformat()}",
        f'review_hash = "{signed.review_hash}"',
    ]
    lines, start, end = _table(path, lang)
    kept = [line for line in lines[start:end] if _key(line) not in _REVIEW_FIELDS]
    _write(path, lang, [*lines[:start], *stamp, *kept, *lines[end:]], signed)
    return signed


def set_words(path: Path, lang: str, words: Mapping[str, str | tuple[str, ...]]) -> Labels:
    """Write a translator's new wording of some [lang] labels (field → text; "months" → 12
    names) into `path`, each on its own line; the rest of the file is left as it is."""
    labels = load(path).get(lang)
    if labels is None or lang == "en":
        raise DataFileError(str(path), f"no [{lang}] labels")
    edited = replace(labels, **words)  # type: ignore[arg-type]
    lines, start, end = _table(path, lang)
    table = [
        f"{_key(line)} = {json.dumps(words[_key(line)], ensure_ascii=False)}"
        if _key(line) in words
        else line
        for line in lines[start:end]
    ]
    _write(path, lang, [*lines[:start], *table, *lines[end:]], edited)
    return edited


def _key(line: str) -> str:
    return line.split("=", maxsplit=1)[0].strip()


def _table(path: Path, lang: str) -> tuple[list[str], int, int]:
    """The file's lines and where the [lang] table's body starts and ends."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    if f"[{lang}]" not in lines:
        raise DataFileError(str(path), f"write the table header as [{lang}] on a line of its own")
    start = lines.index(f"[{lang}]") + 1
    end = next((n for n in range(start, len(lines)) if lines[n].startswith("[")), len(lines))
    return lines, start, end


def _write(path: Path, lang: str, lines: list[str], expected: Labels) -> None:
    """Write `lines` to `path` if they read back as `expected`; else the table's layout
    (a value over several lines) defeated the edit, and nothing is written."""
    text = "\n".join(lines) + "\n"
    if _labels(tomllib.loads(text).get(lang), path, lang) != expected:
        raise DataFileError(str(path), f"[{lang}] is laid out in a way this cannot edit")
    atomic.write_bytes(path, text.encode("utf-8"))
