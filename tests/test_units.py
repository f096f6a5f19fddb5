"""Text units: where a character of a unit is."""

from __future__ import annotations

import dataclasses

from pipeline.model import Location
from pipeline.units import Kind, TextUnit


def test_a_place_in_a_unit_keeps_every_field_of_its_location() -> None:
    loc = Location("sheet.pdf", 40, 3, "line", (2, 7))
    at = TextUnit(Kind.PARAGRAPH, "Give it with food.", loc, None).at(5)
    assert at == dataclasses.replace(loc, col=8)
    assert [getattr(at, f.name) for f in dataclasses.fields(Location)] == [
        "sheet.pdf",
        40,
        8,
        "line",
        (2, 7),
    ]
