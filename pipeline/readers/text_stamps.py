"""Where a copied sheet says when it was last reviewed, in the forms sheets really use.

In order of trust:
1. "Last reviewed 8/2015" (`reviewed_label`): the project's own stamp; exactly one, and a
   line starting with the label must hold a readable date (else an error naming the line);
2. another review label with a date and nothing else on its line but perhaps a form number
   (`review_labels`: "Reviewed:", "Date reviewed", "Revised", "Rev. 11/24", "No. 080814
   Rev. 11/24", "Updated", "Last updated June 2024"): the latest of them;
3. an edition date alone on one of the last `edition_lines` lines ("1/31/2025" under a
   vaccine statement's legal citation), with a four-digit year so "1/2" (a cup) never is.
The stamp line leaves the body (it is never a heading) and is reported as removed with how
the date was found ("review-date: label 'Rev.'", "review-date: edition date alone on the
last lines"), which `pipeline dump` shows. The lines around it (the publisher's name and
address) become the footer.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from pipeline.config import TextReaderConfig
from pipeline.dates import DATE_PATTERN, FULL_DATE_PATTERN, NOT_RECORDED, PartialDate
from pipeline.errors import SourceError
from pipeline.fidelity import Removed
from pipeline.model import Location, Meta
from pipeline.readers.text_shape import TextLine, ends_sentence

Lines = list[TextLine | None]
EDITION = "review-date: edition date alone on the last lines"
#: A publisher block is a name and an address: a few short lines.
PUBLISHER_LINES = 6
PUBLISHER_WORDS = 10


@dataclass(frozen=True)
class Review:
    """The sheet's review stamps and the publisher lines around the "reviewed" one."""

    reviewed: PartialDate | None = None
    next_review: PartialDate | None = None
    loc: Location | None = None
    publisher: tuple[str, ...] = ()

    def into(self, meta: Meta, cycle_years: int) -> Meta:
        """`meta` with these stamps: one mapping for every reader that finds stamps in lines."""
        stamped = replace(
            meta,
            reviewed=self.reviewed,
            next_review=self.next_review,
            reviewed_loc=self.loc,
            publisher=self.publisher,
        )
        return next_review_due(stamped, cycle_years)


def next_review_due(meta: Meta, cycle_years: int) -> Meta:
    """`meta` whose next review, when the sheet names none, falls `cycle_years` after the
    review (the setting `review_cycle_years`), whatever reader found the stamps."""
    if meta.reviewed is None or meta.next_review is not None:
        return meta
    return replace(meta, next_review=meta.reviewed.add_years(cycle_years))


@dataclass(frozen=True)
class _Stamp:
    index: int
    number: int
    date: PartialDate | None
    rule: str


def date_line(label: str, copyright: str) -> re.Pattern[str]:
    date = rf"(?P<date>{DATE_PATTERN}|{NOT_RECORDED})"
    return re.compile(rf"(?:{label})\s*:?\s*{date}\.?\s*(?:{copyright})?", re.I)


def find_review(
    lines: Lines,
    display: str,
    settings: TextReaderConfig,
    transparent: Collection[int] = (),
    strict: bool = False,
) -> tuple[Review, list[Removed]]:
    """Take the review stamps and the publisher lines out of `lines` (set to None).

    `transparent` lines were removed by template rules: the publisher block reaches
    across them. `strict` looks for the project's own "Last reviewed" stamp only.
    """
    removed: list[Removed] = []
    next_re = date_line(settings.next_review_label, settings.copyright)
    next_review: PartialDate | None = None
    for index, line in enumerate(lines):
        if line is not None and not line.bullet and (match := next_re.fullmatch(line.text)):
            next_review = _date(match.group("date"), display, line)
            removed.append(Removed(line.text, "review-date: next review", _loc(display, line)))
            lines[index] = None
    stamps = _labelled(lines, display, settings)
    if not stamps and not strict:
        stamps = _other_labels(lines, display, settings) or _edition(lines, settings)
    if not stamps:
        return Review(next_review=next_review), removed
    chosen = max(stamps, key=lambda stamp: (stamp.date or PartialDate(1, 1), stamp.index))
    for stamp in stamps:
        line = lines[stamp.index]
        assert line is not None
        removed.append(Removed(line.text, stamp.rule, _loc(display, line)))
        lines[stamp.index] = None
    publisher = _publisher(lines, chosen.index, set(transparent), settings.edition_lines)
    loc = Location(display, chosen.number)
    return Review(chosen.date, next_review, loc, publisher), removed


def _labelled(lines: Lines, display: str, settings: TextReaderConfig) -> list[_Stamp]:
    reviewed_re = date_line(settings.reviewed_label, settings.copyright)
    label_re = re.compile(rf"(?:{settings.reviewed_label})\b", re.I)
    found: list[_Stamp] = []
    for index, line in enumerate(lines):
        if line is None or line.bullet:
            continue
        if match := reviewed_re.fullmatch(line.text):
            label = line.text[: match.start("date")].strip(" :")
            date = _date(match["date"], display, line)
            found.append(_Stamp(index, line.number, date, f"review-date: label {label!r}"))
        elif label_re.match(line.text):
            raise SourceError(
                display,
                f"cannot read the review date in {line.text!r} (write it like 8/2015)",
                line.number,
            )
    if len(found) > 1:
        numbers = ", ".join(str(_line(lines, stamp.index).number) for stamp in found)
        raise SourceError(display, f"more than one 'last reviewed' date (lines {numbers})")
    return found


def other_stamp(text: str, settings: TextReaderConfig) -> re.Match[str] | None:
    """ "Revised 3/2020", "No. 080814 Rev. 11/24", "Page last updated: March 3, 2024": a
    review label other than "Last reviewed" and a date, after a form number or a name (its
    groups: `label`, `date`); None for anything else ("Doses were revised 3/2020.")."""
    pattern = re.compile(
        rf"(?P<prefix>(?:[\w#./-]+\s+){{0,6}}?)(?P<label>{settings.review_labels})\s*:?\s*"
        rf"(?P<date>{DATE_PATTERN})\.?\s*(?:{settings.copyright})?",
        re.I,
    )
    match = pattern.fullmatch(text)
    if match is None or (match["prefix"] and not _stamp_prefix(match["prefix"])):
        return None
    return match


def _other_labels(lines: Lines, display: str, settings: TextReaderConfig) -> list[_Stamp]:
    found = []
    for index, line in enumerate(lines):
        if line is None or line.bullet or not (match := other_stamp(line.text, settings)):
            continue
        date = _date(match["date"], display, line)
        found.append(_Stamp(index, line.number, date, f"review-date: label {match['label']!r}"))
    return found


def _stamp_prefix(prefix: str) -> bool:
    """What may stand before a review label on a stamp line: a form number ("No. 080814",
    "Form 12-3"), a name in capitals ("Patient Education"), or "This page"."""
    words = prefix.split()
    return (
        any(char.isdigit() for char in prefix)
        or all(word[0].isupper() for word in words)
        or prefix.strip().casefold() in ("this page", "page")
    )


def _edition(lines: Lines, settings: TextReaderConfig) -> list[_Stamp]:
    """The last line holding a date alone, among the sheet's last `edition_lines` lines."""
    pattern = re.compile(rf"(?:{FULL_DATE_PATTERN})\.?", re.I)
    last = [index for index, line in enumerate(lines) if line is not None][
        -settings.edition_lines :
    ]
    for index in reversed(last):
        line = _line(lines, index)
        if line.bullet or not pattern.fullmatch(line.text):
            continue
        try:
            date = PartialDate.parse(line.text.rstrip("."))
        except ValueError:
            continue
        return [_Stamp(index, line.number, date, EDITION)]
    return []


def _publisher(lines: Lines, index: int, transparent: set[int], tail: int) -> tuple[str, ...]:
    """The lines next to the stamp, up to a sentence above and a blank line below, when the
    stamp closes the sheet (nothing but `tail` lines after it): a name and an address are
    short lines, so at most `PUBLISHER_LINES` lines of at most `PUBLISHER_WORDS` words.
    A stamp at the top of a page ("Date reviewed: January 2024" under the title) has none.
    """
    after = sum(1 for line in lines[index + 1 :] if line is not None)
    if after > tail:
        return ()

    def passable(position: int, upward: bool) -> bool:
        if position in transparent:
            return True
        line = lines[position]
        return (
            line is not None
            and not line.bullet
            and len(line.text.split()) <= PUBLISHER_WORDS
            and (not upward or not ends_sentence(line))
        )

    start = index
    while start > 0 and index - start < PUBLISHER_LINES and passable(start - 1, upward=True):
        start -= 1
    end = index + 1
    while end < len(lines) and end - index <= PUBLISHER_LINES and passable(end, upward=False):
        end += 1
    publisher = []
    for position in range(start, end):
        if (line := lines[position]) is not None:
            publisher.append(line.text)
            lines[position] = None
    return tuple(publisher)


def _date(text: str, display: str, line: TextLine) -> PartialDate | None:
    """The date on a stamp line; None for the "not recorded" our own outputs write."""
    if text.lower() == NOT_RECORDED:
        return None
    try:
        return PartialDate.parse(text)
    except ValueError as error:
        raise SourceError(display, f"bad review date: {error}", line.number) from None


def _line(lines: Lines, index: int) -> TextLine:
    line = lines[index]
    assert line is not None
    return line


def _loc(display: str, line: TextLine) -> Location:
    return Location(display, line.number)
