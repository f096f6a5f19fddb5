"""`pipeline export-translation`: a package per sheet and language that a strict CAT tool
accepts, carrying the glossary as it is now, written outside the memory, and taken back by
`pipeline import-translation` unit by unit."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from pipeline import cli, exits
from pipeline.config import Config
from pipeline.translate import command, exchange, xliff
from pipeline.translate.xliff import State
from tests.test_translate import CAP, TODAY, Upper, memory, project, run
from tests.test_xliff import STRICT

__all__ = ["project"]  # the fixture, used by name

GLOSSARY = """source,target,status,note,reviewer,reviewed
medicine,medicamento,approved,,Ana Ruiz,2026-11-20
seizure,convulsión,proposed,not crisis,,
"""


def package(config: Config) -> Path:
    return config.outputs / "exchange" / "es" / "fever.xlf"


def test_the_package_is_strict_xliff_with_todays_glossary_as_notes(
    project: tuple[Config, Upper],
) -> None:
    config, _ = project
    run(config)
    before = config.translation.memory.joinpath("es", "fever.xlf").read_bytes()
    config.translation.glossaries.mkdir()
    (config.translation.glossaries / "en-es.csv").write_text(GLOSSARY, encoding="utf-8")
    assert exchange.export_translation(config, "es-US", []) == [package(config)]
    data = package(config).read_bytes()
    assert STRICT.validate(etree.fromstring(data)), str(STRICT.error_log)
    units = xliff.read(data, "package").units
    notes = {n for u in units if "brings a fever" in u.source for n in u.notes}
    assert "medicine → medicamento (approved)" in notes
    notes = {n for u in units if "seizure" in u.source for n in u.notes}
    assert "seizure → convulsión (proposed): not crisis" in notes
    # The memory is only ever changed by an import.
    assert config.translation.memory.joinpath("es", "fever.xlf").read_bytes() == before


def test_an_edited_package_signed_off_comes_back_reviewed(project: tuple[Config, Upper]) -> None:
    config, _ = project
    run(config)
    assert cli.main(["export-translation", "--lang", "es-US", "sources/fever.txt"]) == exits.OK
    exported = xliff.load(package(config), CAP)
    assert exported is not None
    edited = tuple(
        replace(u, target="¿Qué es?", state=State.REVIEWED) if u.id == "u2" else u
        for u in exported.units
    )
    package(config).write_bytes(xliff.write(replace(exported, units=edited)))
    result = command.import_translation(config, package(config), "Ana Ruiz", TODAY)
    assert result.refused == ()
    back = next(u for u in memory(config).units if u.id == "u2")
    assert (back.target, back.state, back.reviewer) == ("¿Qué es?", State.REVIEWED, "Ana Ruiz")
    assert xliff.review_intact(back)


def test_a_sheet_without_a_memory_is_a_usage_error(project: tuple[Config, Upper]) -> None:
    config, _ = project
    assert cli.main(["export-translation", "sources/fever.txt"]) == exits.USAGE
    assert cli.main(["export-translation", "--lang", "../x", "sources/fever.txt"]) == exits.USAGE
    assert not package(config).exists()


@pytest.mark.parametrize("name", ["../escape", "a/../../b"])
def test_sheet_names_cannot_leave_the_memory(project: tuple[Config, Upper], name: str) -> None:
    config, _ = project
    run(config)
    assert cli.main(["export-translation", name]) == exits.USAGE
