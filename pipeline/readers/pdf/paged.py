"""Pages on a PDF sheet's locations, so a finding says "page 2, line 3" to people.

The readers number a PDF's lines over the whole file in reading order, and everything
built from them (fidelity, stamps, sections, checks) points at those numbers, which stay
what tools get. Rather than teach every place that makes a Location about pages, the
finished result has each location whose line is on a page given that page and the line's
place on it, counted over every line the page shows (running heads too).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields, is_dataclass, replace
from typing import TypeVar

from pipeline.model import WHOLE, Location
from pipeline.readers.pdf.layout import PdfLine

T = TypeVar("T")


def pages(lines: Sequence[PdfLine]) -> dict[int, tuple[int, int]]:
    """(page, line on that page) by line number over the file."""
    counted: dict[int, int] = {}
    out = {}
    for line in sorted(lines, key=lambda line: line.number):
        counted[line.page] = counted.get(line.page, 0) + 1
        out[line.number] = (line.page, counted[line.page])
    return out


def paged(value: T, at: Mapping[int, tuple[int, int]]) -> T:
    """`value` with the page on every Location inside it (in dataclasses and tuples);
    what holds none is returned as it was."""
    if isinstance(value, Location):
        page = None if value.unit == WHOLE else at.get(value.line)
        return value if page is None else replace(value, page=page)
    if isinstance(value, tuple):
        items = tuple(paged(item, at) for item in value)
        same = all(new is old for new, old in zip(items, value, strict=True))
        return value if same else items  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        changed = {}
        for item in fields(value):
            if item.init:
                old = getattr(value, item.name)
                new = paged(old, at)
                if new is not old:
                    changed[item.name] = new
        return replace(value, **changed) if changed else value
    return value
