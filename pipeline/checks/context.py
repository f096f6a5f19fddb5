"""What every check may use besides the document: settings, today's date, shared resources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pipeline.config import Config
from pipeline.model import Document, Location
from pipeline.units import Unit, units

T = TypeVar("T")


@dataclass
class Context:
    """Shared by all checks of one audit run; resources (a spelling process, word lists)
    are made on first use and closed once at the end."""

    config: Config
    #: The day reviews are judged against; the audit's only use of the clock.
    today: dt.date
    _resources: dict[str, Any] = field(default_factory=dict)

    def resource(self, key: str, factory: Callable[[], T]) -> T:
        """The resource called `key`, made by `factory` the first time it is asked for."""
        if key not in self._resources:
            self._resources[key] = factory()
        value: T = self._resources[key]
        return value

    def units(self, document: Document) -> tuple[Unit, ...]:
        """The document's text units, listed once per sheet however many checks walk them."""
        return self.resource(f"units:{document.meta.loc.path}", lambda: tuple(units(document)))

    def close(self) -> None:
        for value in self._resources.values():
            if callable(close := getattr(value, "close", None)):
                close()
        self._resources.clear()

    def __enter__(self) -> Context:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def at_sheet(document: Document) -> Location:
    """Where a finding about the whole sheet points: its first line."""
    return Location(document.meta.loc.path, 1)
