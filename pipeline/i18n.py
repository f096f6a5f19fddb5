"""The words outputs add around a sheet (stamps, dates, the draft notice), per language.

English is built in. Other languages come from `translations/labels.toml`, which belongs
to the translators: a language's labels count as reviewed only when the file names who
reviewed them and when, and a translation is published only with reviewed labels.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

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

    @property
    def reviewed(self) -> bool:
        return bool(self.reviewer) and self.reviewed_on is not None

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

_TEXT_FIELDS = {f.name for f in fields(Labels)} - {"months", "reviewer", "reviewed_on"}


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
    unknown = set(table) - {*_TEXT_FIELDS, "months", "reviewer", "reviewed_on"}
    missing = _TEXT_FIELDS - set(table) | ({"months"} - set(table))
    if unknown or missing:
        problem = f"unknown {sorted(unknown)}" if unknown else f"missing {sorted(missing)}"
        raise DataFileError(str(path), f"[{lang}] {problem}")
    months = table["months"]
    if not (isinstance(months, list) and len(months) == 12):
        raise DataFileError(str(path), f"[{lang}] months must list 12 names")
    reviewed_on = table.get("reviewed_on") or None
    if reviewed_on is not None and not isinstance(reviewed_on, dt.date):
        raise DataFileError(str(path), f"[{lang}] reviewed_on must be a date like 2026-11-25")
    texts = {name: str(table[name]) for name in _TEXT_FIELDS}
    return Labels(
        **texts,
        months=tuple(str(m) for m in months),
        reviewer=str(table.get("reviewer") or "") or None,
        reviewed_on=reviewed_on,
    )
