"""`pipeline export-translation`: a package per sheet and language that a strict CAT tool
accepts, carrying the glossary as it is now, written outside the memory, and taken back by
`pipeline import-translation` unit by unit."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from pipeline import cli, exits, i18n
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


def labels_package(config: Config) -> Path:
    assert cli.main(["export-translation", "--labels", "--lang", "es-US"]) == exits.OK
    path = config.outputs / "exchange" / "labels-es.xlf"
    assert STRICT.validate(etree.fromstring(path.read_bytes())), str(STRICT.error_log)
    return path


def test_labels_reviewed_in_a_cat_tool_are_written_and_signed_off(
    project: tuple[Config, Upper],
) -> None:
    config, _ = project
    table = config.translation.memory / "labels.toml"
    path = labels_package(config)
    exported = xliff.load(path, CAP)
    assert exported is not None and len(exported.units) == len(i18n.WORDS) + 12
    by_id = {u.id: u for u in exported.units}
    assert (by_id["translated"].source, by_id["translated"].target) == ("Translated", "Traducción")
    assert (by_id["month-3"].source, by_id["month-3"].target) == ("March", "marzo")
    edited = {"translated": "Fecha de traducción", "month-3": "Marzo"}
    units = tuple(
        replace(u, target=edited.get(u.id, u.target), state=State.REVIEWED) for u in exported.units
    )
    path.write_bytes(xliff.write(replace(exported, units=units)))
    partial = replace(exported, units=units[:3])
    (config.outputs / "partial.xlf").write_bytes(xliff.write(partial))
    command.import_translation(config, config.outputs / "partial.xlf", "Ana Ruiz", TODAY)
    assert not i18n.load(table)["es"].reviewed  # a review covers every label
    refused = command.import_translation(config, path, None, TODAY)
    assert refused.refused and i18n.load(table)["es"].translated == "Traducción"
    result = command.import_translation(config, path, "Ana Ruiz", TODAY)
    assert result.refused == (), result.refused
    labels = i18n.load(table)["es"]
    assert (labels.translated, labels.months[2], labels.months[3]) == (
        "Fecha de traducción",
        "Marzo",
        "abril",
    )
    assert labels.reviewed and labels.reviewer == "Ana Ruiz"
    assert "# Words the pipeline adds" in table.read_text("utf-8")  # comments kept


def test_labels_edited_without_sign_off_are_no_longer_reviewed(
    project: tuple[Config, Upper],
) -> None:
    config, _ = project
    table = config.translation.memory / "labels.toml"
    i18n.sign_off(table, "es", "Ana Ruiz", TODAY)
    path = labels_package(config)
    exported = xliff.load(path, CAP)
    assert exported is not None
    assert command.import_translation(config, path, None, TODAY).refused == ()  # unchanged
    assert i18n.load(table)["es"].reviewed
    units = tuple(
        replace(u, target="Traducido", state=State.TRANSLATED) if u.id == "translated" else u
        for u in exported.units
    )
    path.write_bytes(xliff.write(replace(exported, units=units)))
    assert command.import_translation(config, path, None, TODAY).refused == ()
    labels = i18n.load(table)["es"]
    assert labels.translated == "Traducido" and not labels.reviewed
