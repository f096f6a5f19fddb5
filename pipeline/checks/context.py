"""What every check may use besides the document: settings, today's date, shared resources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import chain
from typing import Any, TypeVar

from pipeline import langid
from pipeline.config import Config
from pipeline.model import Document, Location
from pipeline.units import Kind, TextUnit, section_units, title_units

T = TypeVar("T")


@dataclass
class Context:
    """Shared by all checks of one audit run; resources (a spelling process, word lists)
    are made on first use and closed once at the end."""

    config: Config
    #: The day reviews are judged against; the audit's only use of the clock.
    today: dt.date
    _resources: dict[str, Any] = field(default_factory=dict)
    #: The sheet whose resources `_sheet_resources` holds (see `sheet_resource`).
    _sheet: Document | None = None
    _sheet_resources: dict[str, Any] = field(default_factory=dict)

    def resource(self, key: str, factory: Callable[[], T]) -> T:
        """The resource called `key`, made by `factory` the first time it is asked for."""
        if key not in self._resources:
            self._resources[key] = factory()
        value: T = self._resources[key]
        return value

    def sheet_resource(self, document: Document, key: str, factory: Callable[[], T]) -> T:
        """`document`'s resource called `key` (its units, its measurement), made by
        `factory` the first time it is asked for while checks look at that document.

        Asked about another document, the context drops the last one's: kept for the
        whole run, every sheet's model would stay in memory, and the garbage collector
        would walk them all again and again (a fifth of a 1,000-sheet audit's time).
        """
        if document is not self._sheet:
            self._sheet, self._sheet_resources = document, {}
        if key not in self._sheet_resources:
            self._sheet_resources[key] = factory()
        value: T = self._sheet_resources[key]
        return value

    def units(self, document: Document) -> tuple[TextUnit, ...]:
        """The document's text units, listed once per sheet however many checks walk them."""
        return self.sheet_resource(
            document,
            "units",
            lambda: (
                *(self._headed(document, unit) for unit in title_units(document)),
                *chain.from_iterable(self.section_units(document)),
            ),
        )

    def section_units(self, document: Document) -> tuple[tuple[TextUnit, ...], ...]:
        """Each section's units, listed once per sheet (reading level measures by section)."""
        return self.sheet_resource(
            document,
            "section units",
            lambda: tuple(
                tuple(self._headed(document, unit) for unit in section_units(section))
                for section in document.sections
            ),
        )

    def _headed(self, document: Document, unit: TextUnit) -> TextUnit:
        """A title or heading with its passages in another language: the model keeps them as
        plain strings, without spans to mark ("Para las familias que hablan español")."""
        if unit.kind not in (Kind.TITLE, Kind.HEADING):
            return unit
        found = langid.passages(unit.text, document.meta.lang, langid.others(self.config))
        return replace(unit, passages=tuple(found)) if found else unit

    def close(self) -> None:
        for value in self._resources.values():
            if callable(close := getattr(value, "close", None)):
                close()
        self._resources.clear()
        self._sheet, self._sheet_resources = None, {}

    def __enter__(self) -> Context:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def at_sheet(document: Document) -> Location:
    """Where a finding about the whole sheet points: the sheet, not a line of it."""
    return Location.whole(document.meta.loc.path)


#: Lines named in a finding about something found in several places; a count says the rest.
PLACES = 5


def places(locations: list[Location]) -> str:
    """ " (3 places: lines 4, 9, 12)" for a finding standing for several places, else ""."""
    if len(locations) < 2:
        return ""
    lines = list(dict.fromkeys(loc.line for loc in locations))
    named = ", ".join(str(line) for line in lines[:PLACES])
    more = f" and {len(lines) - PLACES} more" if len(lines) > PLACES else ""
    word = "line" if len(lines) == 1 else "lines"
    return f" ({len(locations)} places: {word} {named}{more})"
