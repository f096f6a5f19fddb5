"""Currency: a sheet nobody has reviewed for years may give families outdated advice."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator

from pipeline.checks.context import Context, at_sheet
from pipeline.dates import PartialDate
from pipeline.model import Document, Finding, Severity
from pipeline.rules import Example, Rule

#: Examples are judged on 2026-01-01 with a three-year review cycle.
_CURRENT = Example("sheet.txt", "Fever\n\nGive it with food.\n\nLast reviewed 8/2025\n")
MISSING = Rule(
    "review.missing",
    Severity.ERROR,
    "no 'Last reviewed' date",
    _CURRENT,
    Example("sheet.txt", "Fever\n\nGive it with food.\n"),
)
FUTURE = Rule(
    "review.future",
    Severity.ERROR,
    "the 'Last reviewed' date is in the future",
    _CURRENT,
    Example("sheet.txt", "Fever\n\nGive it with food.\n\nLast reviewed 8/2027\n"),
)
OVERDUE = Rule(
    "review.overdue",
    Severity.ERROR,
    "the next review date has passed",
    _CURRENT,
    Example("sheet.txt", "Fever\n\nGive it with food.\n\nLast reviewed 8/2015\n"),
)
DUE_SOON = Rule(
    "review.due-soon",
    Severity.WARNING,
    "the next review is due soon",
    _CURRENT,
    Example("sheet.txt", "Fever\n\nGive it with food.\n\nLast reviewed 2/2023\n"),
)
RULES = (MISSING, FUTURE, OVERDUE, DUE_SOON)


def last_day(date: PartialDate) -> dt.date:
    """A review "due August 2018" is due by the end of August."""
    day = date.day or calendar.monthrange(date.year, date.month)[1]
    return dt.date(date.year, date.month, day)


def review_dates(document: Document, context: Context) -> Iterator[Finding]:
    meta = document.meta
    loc = meta.reviewed_loc or at_sheet(document)
    if meta.reviewed is None:
        yield MISSING.finding(
            "no 'Last reviewed' date: families cannot tell whether the advice is current",
            loc,
            suggestion="add a line like 'Last reviewed 8/2025' after the publisher's address",
        )
        return
    if meta.reviewed.first_moment().date() > context.today:
        yield FUTURE.finding(
            f"last reviewed {meta.reviewed.human()} is after today ({context.today.isoformat()})",
            loc,
            suggestion="check the year",
        )
    if meta.next_review is None:
        return
    due = last_day(meta.next_review)
    days = (due - context.today).days
    if days < 0:
        yield OVERDUE.finding(
            f"review overdue: last reviewed {meta.reviewed.human()}, next review was due "
            f"{meta.next_review.human()} ({-days} days ago)",
            loc,
            suggestion="have the sheet reviewed, then update its 'Last reviewed' date",
        )
    elif days <= context.config.audit.review_warning_days:
        yield DUE_SOON.finding(
            f"next review due {meta.next_review.human()} (in {days} days)",
            loc,
        )


CHECKS = (review_dates,)
