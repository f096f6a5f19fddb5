"""Review dates as sheets write them: often only a month ("8/2015"), sometimes a day.

A `PartialDate` keeps the precision the sheet gave, so a stamp never claims a day
nobody wrote.

Years may be written with 4 digits, or with 1 or 2 after a month ("Rev. 11/24", "8/15",
"June '24"). Short years are read in the POSIX `strptime` window: 69-99 are 1969-1999,
0-68 are 2000-2068 ("11/24" is November 2024, "8/9" is August 2009). A month and a
short year are never read as a month and a day: on a review stamp the year is what counts.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9

#: Short years at or above this are 19xx, below it 20xx (POSIX strptime's %y window).
PIVOT = 69

_NUMERIC = re.compile(r"(?P<m>\d{1,2})[/-](?:(?P<d>\d{1,2})[/-])?(?P<y>\d{4}|\d{1,2})")
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?")
_WORDS = re.compile(
    r"(?P<mname>[A-Za-z]+)\.?,?\s+(?:(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+)?(?P<y>\d{4}|'\d{2})"
)
_DAY_FIRST = re.compile(
    r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mname>[A-Za-z]+)\.?,?\s+(?P<y>\d{4})"
)

#: What a review stamp says when the sheet gives no date; readers accept it back.
NOT_RECORDED = "not recorded"

#: The date forms `PartialDate.parse` accepts, as a regular expression to embed elsewhere.
DATE_PATTERN = (
    r"\d{1,2}[/-](?:\d{1,2}[/-])?(?:\d{4}|\d{1,2})\b|\d{4}-\d{1,2}(?:-\d{1,2})?"
    r"|[A-Za-z]+\.?,?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(?:\d{4}|'\d{2})"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\.?,?\s+\d{4}"
)
#: Dates with a 4-digit year only: a line holding nothing else is an edition date, while
#: "1/2" alone (half a cup) is not.
FULL_DATE_PATTERN = (
    r"\d{1,2}/(?:\d{1,2}/)?\d{4}|\d{4}-\d{1,2}(?:-\d{1,2})?"
    r"|[A-Za-z]+\.?\s+(?:\d{1,2},?\s+)?\d{4}|\d{1,2}\s+[A-Za-z]+\.?\s+\d{4}"
)


def full_year(written: str) -> int:
    """A year as written ("2024", "24", "'24", "9") as a four-digit year (see `PIVOT`)."""
    digits = written.lstrip("'")
    year = int(digits)
    if len(digits) == 4:
        return year
    return year + (1900 if year >= PIVOT else 2000)


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int
    day: int | None = None

    def __post_init__(self) -> None:
        # Raises ValueError for impossible dates such as 13/2015 or 2/30/2015.
        dt.date(self.year, self.month, self.day or 1)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read "8/2015", "8/12/2015", "11/24", "2015-08", "2015-08-12", "August 2015",
        "Aug 12, 2015" or "12 August 2015"."""
        text = text.strip()
        for pattern in (_ISO, _NUMERIC, _WORDS, _DAY_FIRST):
            match = pattern.fullmatch(text)
            if match is None:
                continue
            groups = match.groupdict()
            if "mname" in groups:
                month = MONTHS.get(groups["mname"].lower())
                if month is None:
                    raise ValueError(f"unknown month name {groups['mname']!r} in {text!r}")
            else:
                month = int(groups["m"])
            day = int(groups["d"]) if groups.get("d") else None
            try:
                return cls(full_year(groups["y"]), month, day)
            except ValueError:
                raise ValueError(f"{text!r} is not a real date") from None
        raise ValueError(f"{text!r} is not a date like 8/2015, 8/12/2015 or August 2015")

    def iso(self) -> str:
        """The form for `<time datetime>`: "2015-08" or "2015-08-12"."""
        month = f"{self.year:04d}-{self.month:02d}"
        return month if self.day is None else f"{month}-{self.day:02d}"

    def human(self) -> str:
        """The form patients read: "August 2015" or "August 12, 2015"."""
        name = calendar.month_name[self.month]
        return f"{name} {self.year}" if self.day is None else f"{name} {self.day}, {self.year}"

    def add_years(self, years: int) -> PartialDate:
        """The same date `years` later; 29 February becomes 28 February in common years."""
        year = self.year + years
        day = self.day
        if day is not None:
            day = min(day, calendar.monthrange(year, self.month)[1])
        return PartialDate(year, self.month, day)

    def first_moment(self) -> dt.datetime:
        """The earliest instant the date can mean, in UTC, for fields that need a timestamp."""
        return dt.datetime(self.year, self.month, self.day or 1, tzinfo=dt.UTC)
