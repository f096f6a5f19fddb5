"""TMX 1.4 exchange of the translation memory: a real TMX (TICO-19) read, its translations
offered as suggestions that never replace a person's work, people's work exported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline import cli, exits, tmx
from pipeline.errors import DataFileError
from pipeline.translate import xliff
from pipeline.translate.xliff import SheetMemory, State, TransUnit
from tests.conftest import ROOT

TICO = ROOT / "tests" / "fixtures" / "tico19" / "en-es-419-sample.tmx"
TODAY = dt.date(2026, 1, 1)
FIRST = "about how long have these symptoms been going on?"
SECOND = "and all chest pain should be treated this way especially with your age"
THIRD = "and along with a fever"
FOURTH = "and also needs to be checked your cholesterol blood pressure"


def _unit(number: int, source: str, state: State, target: str | None = None) -> TransUnit:
    unit = TransUnit(f"u{number}", "paragraph", source, target, state, line=number)
    if state is State.REVIEWED:
        return TransUnit(
            unit.id,
            unit.kind,
            source,
            target,
            state,
            line=number,
            reviewer="Ana Ruiz",
            reviewed_on=dt.date(2025, 5, 6),
            review_hash=xliff.review_hash(source, target or ""),
        )
    return unit


MEMORY = SheetMemory(
    "sources/clinic.txt",
    "en-US",
    "es-US",
    (
        _unit(1, FIRST, State.NEW),
        _unit(2, SECOND, State.MACHINE, "y todo dolor de pecho"),
        _unit(3, THIRD, State.REVIEWED, "y con fiebre"),
        _unit(4, FOURTH, State.TRANSLATED, "y también su colesterol"),
        _unit(5, "Call the clinic.", State.NEW),
    ),
)


def test_the_tico19_tmx_is_read_as_spanish_pairs() -> None:
    pairs = tmx.read(TICO.read_bytes(), "tico.tmx", "en-US", "es-US")
    assert len(pairs) == 30
    assert (pairs[0].source, pairs[0].target) == (
        FIRST,
        "¿cuánto hace más o menos que tiene estos síntomas?",
    )
    assert pairs[0].line == 3


def test_suggestions_fill_only_segments_no_person_translated() -> None:
    pairs = {p.source: p.target for p in tmx.read(TICO.read_bytes(), "t", "en", "es")}
    result = tmx.fill(MEMORY, pairs, "tico.tmx", TODAY)
    assert (result.filled, result.kept) == (2, 2)
    first, second, third, fourth, fifth = result.memory.units
    assert (first.state, first.target) == (State.TRANSLATED, pairs[FIRST])
    assert (second.state, second.target, second.engine) == (State.TRANSLATED, pairs[SECOND], None)
    assert "tico.tmx" in first.comments[0].text
    assert (third, fourth, fifth) == MEMORY.units[2:]  # reviewed, translated, unmatched


def test_export_holds_peoples_work_only_and_translate_toolkit_reads_it() -> None:
    storage = pytest.importorskip("translate.storage.tmx")
    data = tmx.export([MEMORY], "en-US", "es-US")
    units = storage.tmxfile.parsestring(data).units
    assert [(u.source, u.target) for u in units] == [
        (THIRD, "y con fiebre"),
        (FOURTH, "y también su colesterol"),
    ]
    assert b'changeid="Ana Ruiz"' in data and b'changedate="20250506T000000Z"' in data
    assert data == tmx.export([MEMORY], "en-US", "es-US")


def test_exported_work_fills_another_project() -> None:
    pairs = tmx.read(tmx.export([MEMORY], "en-US", "es-US"), "x.tmx", "en-US", "es-US")
    fresh = SheetMemory("sources/b.txt", "en-US", "es-US", (_unit(1, THIRD, State.MACHINE, "x"),))
    (unit,) = tmx.fill(fresh, {p.source: p.target for p in pairs}, "x.tmx", TODAY).memory.units
    assert (unit.target, unit.state) == ("y con fiebre", State.TRANSLATED)  # not reviewed here


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]><tmx><body/></tmx>',
            "DOCTYPE",
        ),
        (b"<tmx><body><tu>", "not well-formed XML"),
        (b"<xliff/>", "not TMX"),
        (
            b'<tmx><body><tu><tuv xml:lang="../x"><seg>a</seg></tuv></tu></body></tmx>',
            "xml:lang",
        ),
    ],
)
def test_hostile_or_unusable_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(DataFileError, match=message):
        tmx.read(data, "bad.tmx", "en", "es")


def test_inline_codes_are_not_text() -> None:
    data = (
        b'<tmx><body><tu><tuv xml:lang="en"><seg>Take <bpt i="1">&lt;b&gt;</bpt>two'
        b'<ept i="1">&lt;/b&gt;</ept> pills.</seg></tuv><tuv xml:lang="es"><seg>Tome '
        b"<hi>dos</hi> pastillas.</seg></tuv></tu></body></tmx>"
    )
    (pair,) = tmx.read(data, "codes.tmx", "en", "es")
    assert (pair.source, pair.target) == ("Take two pills.", "Tome dos pastillas.")


def test_the_commands_import_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    memory = tmp_path / "translations" / "es" / "clinic.xlf"
    memory.parent.mkdir(parents=True)
    memory.write_bytes(xliff.write(MEMORY))
    settings = tmp_path / "pipeline.toml"
    settings.write_text('outputs = "outputs"\n', encoding="utf-8")
    common = ["--config", str(settings), "tmx"]
    assert cli.main([*common, "import", str(TICO)]) == exits.OK
    assert "30 unit(s) read; 2 segment(s) filled in 1 memory file(s)" in capsys.readouterr().out
    after = xliff.read(memory.read_bytes(), "clinic.xlf")
    assert after.units[2] == MEMORY.units[2]  # the reviewed unit, untouched
    assert [u.state for u in after.units[:2]] == [State.TRANSLATED, State.TRANSLATED]
    assert cli.main([*common, "export"]) == exits.OK
    exported = (tmp_path / "outputs" / "exchange" / "en-es.tmx").read_bytes()
    assert len(tmx.read(exported, "en-es.tmx", "en", "es")) == 4


def test_a_tmx_over_its_cap_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = tmp_path / "pipeline.toml"
    settings.write_text("[translation]\nmax_tmx_bytes = 1000\n", encoding="utf-8")
    assert cli.main(["--config", str(settings), "tmx", "import", str(TICO)]) == exits.USAGE
    assert "translation.max_tmx_bytes" in capsys.readouterr().err
