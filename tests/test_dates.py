"""Review dates keep the precision the sheet wrote."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.dates import PartialDate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8/2015", PartialDate(2015, 8)),
        ("08/12/2015", PartialDate(2015, 8, 12)),
        ("2015-08", PartialDate(2015, 8)),
        ("2015-08-12", PartialDate(2015, 8, 12)),
        ("August 2015", PartialDate(2015, 8)),
        ("Aug. 12, 2015", PartialDate(2015, 8, 12)),
        ("sept 2015", PartialDate(2015, 9)),
        ("12 June 2024", PartialDate(2024, 6, 12)),
        ("June 3rd, 2024", PartialDate(2024, 6, 3)),
        ("2/04/2022", PartialDate(2022, 2, 4)),
        # Short years, in the POSIX window: 0-68 are 20xx, 69-99 are 19xx.
        ("11/24", PartialDate(2024, 11)),
        ("8/15", PartialDate(2015, 8)),
        ("8/9", PartialDate(2009, 8)),
        ("3/99", PartialDate(1999, 3)),
        ("11/24/23", PartialDate(2023, 11, 24)),
        ("June '24", PartialDate(2024, 6)),
    ],
)
def test_parse(text: str, expected: PartialDate) -> None:
    assert PartialDate.parse(text) == expected


@pytest.mark.parametrize("text", ["13/2015", "2/30/2015", "Smarch 2015", "13/24", "8/123", "soon"])
def test_parse_refuses(text: str) -> None:
    with pytest.raises(ValueError, match=text):
        PartialDate.parse(text)


def test_forms_for_people_and_machines() -> None:
    assert PartialDate(2015, 8).human() == "August 2015"
    assert PartialDate(2015, 8).iso() == "2015-08"
    assert PartialDate(2015, 8, 2).human() == "August 2, 2015"
    assert PartialDate(2015, 8, 2).iso() == "2015-08-02"
    assert PartialDate(2015, 8).first_moment() == dt.datetime(2015, 8, 1, tzinfo=dt.UTC)


def test_add_years_keeps_precision_and_handles_leap_days() -> None:
    assert PartialDate(2015, 8).add_years(3) == PartialDate(2018, 8)
    assert PartialDate(2016, 2, 29).add_years(3) == PartialDate(2019, 2, 28)
