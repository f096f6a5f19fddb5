"""The checks' context: run-wide resources, and one sheet's units and measurement at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pipeline.checks.context import Context
from pipeline.config import Config
from pipeline.model import Document
from pipeline.units import section_units, units

TODAY = dt.date(2026, 11, 25)


def test_units_are_listed_once_per_sheet_as_pipeline_units_lists_them(
    seed: Document, config: Config
) -> None:
    with Context(config, TODAY) as context:
        found = context.units(seed)
        assert found == tuple(units(seed))
        assert context.units(seed) is found
        by_section = context.section_units(seed)
        assert by_section == tuple(tuple(section_units(s)) for s in seed.sections)
        assert found[1:] == tuple(unit for group in by_section for unit in group)


def test_a_sheets_resources_go_when_the_next_sheet_comes(seed: Document, config: Config) -> None:
    made: list[str] = []

    def maker(name: str) -> Callable[[], str]:
        def make() -> str:
            made.append(name)
            return name

        return make

    other = Document(seed.meta, seed.sections[:1])
    with Context(config, TODAY) as context:
        for document, name in ((seed, "seed"), (seed, "seed"), (other, "other"), (seed, "seed")):
            assert context.sheet_resource(document, "name", maker(name)) == name
        context.resource("run-wide", maker("run-wide"))
        context.resource("run-wide", maker("run-wide"))
    assert made == ["seed", "other", "seed", "run-wide"]
