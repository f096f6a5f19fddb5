"""The translator's loop: memory first, machine drafts only where needed, reviewed work never
overwritten, drafts kept apart from published sheets, imports checked before anything changes.

The engine here is a fake (a unit test of the runner); tests/test_translate_engines.py runs
the real Apertium and Argos engines end to end.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any, TypeVar

import pytest

from pipeline import i18n, languages, parallel, readers
from pipeline.config import Config, TranslationConfig
from pipeline.engines import apertium
from pipeline.errors import DataFileError
from pipeline.readers import read
from pipeline.translate import command, drafting, xliff
from pipeline.translate.run import segments
from pipeline.translate.xliff import State
from tests.conftest import ROOT, SEED

#: The default size cap on XLIFF files.
CAP = Config().translation.max_xliff_bytes

TODAY = dt.date(2026, 11, 25)
T = TypeVar("T")
MISSING = apertium.unavailable(Config(), "en", "es")
needs_apertium = pytest.mark.skipif(MISSING is not None, reason=f"{MISSING} (CI installs it)")
SHEET = """Fever Medicine

What is it?

This medicine brings a fever down. Give 5 mL every 6 hours.

Call 911 if:

- your child has trouble breathing (call 911)
- a seizure lasts 5 minutes

Clinic Name
Last reviewed 6/2025
"""


class Upper:
    """A stand-in engine: upper-cases text, keeps placeholders, counts what it was asked."""

    name = "upper"
    version = "1"

    def __init__(self) -> None:
        self.asked: list[str] = []

    def translate(self, segments: Sequence[str]) -> list[str]:
        self.asked += segments
        return [_upper_outside_placeholders(s) for s in segments]

    def close(self) -> None:
        pass


def _upper_outside_placeholders(text: str) -> str:
    return re.sub(
        r"⟦T\d+⟧|[^⟦]+",
        lambda m: m.group() if m.group().startswith("⟦") else m.group().upper(),
        text,
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Config, Upper]:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "fever.txt").write_text(SHEET, encoding="utf-8")
    memory = tmp_path / "translations"
    memory.mkdir()
    labels = (ROOT / "translations" / "labels.toml").read_text(encoding="utf-8")
    (memory / "labels.toml").write_text(labels, encoding="utf-8")
    config = replace(
        Config(),
        sources=sources,
        outputs=tmp_path / "outputs",
        translation=TranslationConfig(
            languages=("es-US",), glossaries=tmp_path / "glossaries", memory=memory
        ),
    )
    engine = Upper()
    monkeypatch.setattr(command, "engine_for", lambda config, lang: engine)
    monkeypatch.setattr(command, "describe", lambda config, lang: f"upper {engine.version}")
    monkeypatch.chdir(tmp_path)
    return config, engine


def run(config: Config) -> list[command.SheetOutcome]:
    return command.translate(config, sorted(config.sources.glob("*.txt")), ["es-US"], TODAY)[1]


def memory(config: Config, sheet: str = "fever") -> xliff.SheetMemory:
    found = xliff.load(config.translation.memory / "es" / f"{sheet}.xlf", CAP)
    assert found is not None
    return found


def approve_spanish_labels(config: Config) -> None:
    """What `pipeline review-labels es --reviewer "Ana Ruiz"` records once the qualified
    translator checked the Spanish words."""
    i18n.sign_off(config.translation.memory / "labels.toml", "es", "Ana Ruiz", TODAY)


def review_all(config: Config, reviewer: str = "Ana Ruiz, CHI", sheet: str = "fever") -> None:
    """What a translator's CAT tool does: sign off every unit, fixing a target or two."""
    current = memory(config, sheet)
    units = tuple(
        # An urgent instruction must read as one in the translation (translation.urgent).
        replace(
            u,
            target=(u.target or "").lower().replace("call 911", "llame al 911"),
            state=State.REVIEWED,
        )
        for u in current.units
    )
    returned = config.translation.memory.parent / "returned.xlf"
    returned.write_bytes(xliff.write(replace(current, units=units)))
    assert command.import_translation(config, returned, reviewer, TODAY).refused == ()


def test_first_run_drafts_every_segment_into_drafts(project: tuple[Config, Upper]) -> None:
    config, engine = project
    (outcome,) = run(config)
    assert outcome.error is None and not outcome.final
    assert all(p.parent == config.outputs / "drafts" / "es" for p in outcome.outputs)
    units = memory(config).units
    assert [u.kind for u in units][:3] == ["title", "heading", "paragraph"]
    assert all(
        u.state is State.MACHINE and u.engine == f"upper 1; drafts {drafting.VERSION}"
        for u in units
    )
    drafted = [u for u in units if u.kind != "publisher"]
    assert all(u.translated_on == TODAY for u in drafted)
    # The publisher block is never machine-translated: kept as written, for a translator.
    assert all(u.target == u.source for u in units if u.kind == "publisher")
    assert len(engine.asked) == len(drafted)
    text = (config.outputs / "drafts" / "es" / "fever.txt").read_text(encoding="utf-8")
    assert text.startswith("Traducción automática: todavía no la ha revisado")
    assert "Machine translation — not yet reviewed" in text
    assert "GIVE 5 mL EVERY 6 HOURS." in text  # units are kept as written
    html = (config.outputs / "drafts" / "es" / "fever.html").read_text(encoding="utf-8")
    assert '<html lang="es-US">' in html and 'class="draft-notice"' in html
    assert re.search(r'<span class="urgent">[^<]*<strong><a href="tel:911">911</a></strong>', html)


def test_second_run_asks_the_engine_for_nothing(project: tuple[Config, Upper]) -> None:
    config, engine = project
    run(config)
    before = (config.translation.memory / "es" / "fever.xlf").read_bytes()
    engine.asked.clear()
    run(config)
    assert engine.asked == []
    assert (config.translation.memory / "es" / "fever.xlf").read_bytes() == before


def test_reviewed_segments_survive_rebuilds_and_source_edits(project: tuple[Config, Upper]) -> None:
    config, engine = project
    run(config)
    review_all(config)
    (outcome,) = run(config)
    assert all(u.state is State.REVIEWED for u in memory(config).units)
    assert not outcome.final  # the Spanish labels are not reviewed yet: still a draft
    sheet = config.sources / "fever.txt"
    sheet.write_text(SHEET.replace("every 6 hours", "every 8 hours"), encoding="utf-8")
    engine.asked.clear()
    (outcome,) = run(config)
    changed = [u for u in memory(config).units if u.state is not State.REVIEWED]
    assert len(changed) == 1
    unit = changed[0]
    assert unit.state is State.NEEDS_REVIEW
    assert unit.target == "this medicine brings a fever down. give 5 ml every 6 hours."
    assert unit.previous_source is not None and "every 6 hours" in unit.previous_source
    assert engine.asked == []  # a person's target is never replaced by the machine
    # The kept target now disagrees with the English dose: QA says so, at the sheet's line.
    numbers = [f for f in outcome.findings if f.rule == "translation.number"]
    assert numbers and numbers[0].loc.line == 5


def test_publishing_needs_reviewed_labels_and_withdraws_on_change(
    project: tuple[Config, Upper],
) -> None:
    config, _ = project
    approve_spanish_labels(config)
    run(config)
    review_all(config)
    (outcome,) = run(config)
    assert outcome.final, outcome.findings
    published = config.outputs / "es" / "fever.html"
    assert published.exists()
    assert not (config.outputs / "drafts" / "es" / "fever.html").exists()
    html = published.read_text(encoding="utf-8")
    assert 'class="draft-notice"' not in html
    assert "Traducción revisada: <time" in html and "por Ana Ruiz, CHI" in html
    (config.sources / "fever.txt").write_text(
        SHEET.replace("Clinic Name", "Our Clinic"), encoding="utf-8"
    )
    (outcome,) = run(config)
    assert not outcome.final
    assert not published.exists(), "an outdated translation must not stay published"


def test_obsolete_human_work_is_kept(project: tuple[Config, Upper]) -> None:
    config, _ = project
    run(config)
    review_all(config)
    (config.sources / "fever.txt").write_text(
        SHEET.replace("- a seizure lasts 5 minutes\n", ""), encoding="utf-8"
    )
    run(config)
    kept = memory(config).obsolete
    assert [u.source for u in kept] == ["a seizure lasts 5 minutes"]
    assert kept[0].state is State.REVIEWED


def test_identical_segments_reuse_other_sheets_memory(project: tuple[Config, Upper]) -> None:
    config, engine = project
    run(config)
    review_all(config)
    (config.sources / "cough.txt").write_text(SHEET.replace("Fever", "Cough"), encoding="utf-8")
    engine.asked.clear()
    run(config)
    assert engine.asked == ["Cough Medicine"]
    cough = xliff.load(config.translation.memory / "es" / "cough.xlf", CAP)
    assert cough is not None
    assert sum(u.state is State.REVIEWED for u in cough.units) == len(cough.units) - 1


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda m: replace(m, sheet="sources/other.txt"), "no translation memory"),
        (lambda m: replace(m, target_lang="fr"), "no translation memory"),
    ],
)
def test_files_for_another_memory_are_refused_whole(
    project: tuple[Config, Upper], edit: object, message: str
) -> None:
    config, _ = project
    run(config)
    path = config.translation.memory / "es" / "fever.xlf"
    before = path.read_bytes()
    current = memory(config)
    signed = replace(
        current, units=tuple(replace(u, target="ok", state=State.TRANSLATED) for u in current.units)
    )
    returned = config.translation.memory.parent / "returned.xlf"
    assert callable(edit)
    returned.write_bytes(xliff.write(edit(signed)))
    with pytest.raises(DataFileError, match=message):
        command.import_translation(config, returned, "Ana Ruiz", TODAY)
    assert path.read_bytes() == before


def test_hostile_xliff_is_refused(project: tuple[Config, Upper]) -> None:
    config, _ = project
    run(config)
    evil = config.translation.memory.parent / "evil.xlf"
    evil.write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"/>'
    )
    with pytest.raises(DataFileError, match="DOCTYPE"):
        command.import_translation(config, evil, "x", TODAY)


def test_xliff_round_trip() -> None:
    unit = xliff.TransUnit(
        "u1",
        "paragraph",
        "Give 5 mL.",
        "Dé 5 mL.",
        State.REVIEWED,
        5,
        "apertium 3.8",
        "abc",
        TODAY,
        "Ana",
        TODAY,
        None,
        ("dose → dosis (proposed)",),
    )
    memory_ = xliff.SheetMemory(
        "sources/x.txt", "en-US", "es-US", (unit,), (replace(unit, id="obsolete-1"),)
    )
    assert xliff.read(xliff.write(memory_), "x.xlf") == memory_


def test_seed_sheet_segments_cover_publisher(config: Config) -> None:
    found = segments(read(SEED, config).document)
    assert found[0].kind == "title" and found[-1].kind == "publisher"
    assert len(found) == 79 + len(read(SEED, config).document.meta.publisher)


def test_shared_sentences_go_to_the_engine_once(project: tuple[Config, Upper]) -> None:
    config, engine = project
    (config.sources / "cough.txt").write_text(SHEET.replace("Fever", "Cough"), encoding="utf-8")
    run(config)
    assert sorted(engine.asked) == sorted(set(engine.asked))
    assert "Cough Medicine" in engine.asked and "Fever Medicine" in engine.asked
    cough = xliff.load(config.translation.memory / "es" / "cough.xlf", CAP)
    assert cough is not None and all(u.state is State.MACHINE for u in cough.units)
    engine.asked.clear()
    run(config)  # and a later run asks for nothing at all
    assert engine.asked == []


def test_an_upgraded_engine_redrafts_every_machine_draft_once(
    project: tuple[Config, Upper],
) -> None:
    config, engine = project
    (config.sources / "cough.txt").write_text(SHEET.replace("Fever", "Cough"), encoding="utf-8")
    run(config)
    engine.version = "2"
    engine.asked.clear()
    run(config)
    # Both sheets' drafts are redone, a sentence they share once.
    assert sorted(engine.asked) == sorted({*engine.asked})
    assert {"Fever Medicine", "Cough Medicine"} <= {*engine.asked}
    assert {u.engine for u in memory(config).units} == {f"upper 2; drafts {drafting.VERSION}"}


def test_editing_one_glossary_term_redoes_only_the_sentences_and_sheets_using_it(
    project: tuple[Config, Upper],
) -> None:
    config, engine = project
    rash = SHEET.replace("fever", "rash").replace("Fever", "Rash")
    (config.sources / "rash.txt").write_text(rash, encoding="utf-8")
    config.translation.glossaries.mkdir()
    glossary = config.translation.glossaries / "en-es.csv"
    terms = (
        "source,target,status,reviewer,reviewed\n"
        "seizure,convulsión,approved,Ana Ruiz,2026-11-20\n"
        "fever,{},approved,Ana Ruiz,2026-11-20\n"
    )
    glossary.write_text(terms.format("fiebre"), encoding="utf-8")
    run(config)
    engine.asked.clear()
    glossary.write_text(terms.format("calentura"), encoding="utf-8")
    fever, rash_outcome = run(config)
    # Only the two sentences with "fever" (the title, one paragraph), of the fever sheet.
    assert engine.asked == [
        "⟦T1⟧ Medicine",
        "This medicine brings a ⟦T1⟧ down. Give 5 ⟦T2⟧ every 6 hours.",  # units kept too
    ]
    assert rash_outcome.unchanged and not fever.unchanged
    assert memory(config).units[0].target == "Calentura MEDICINE"  # capital like the English
    engine.asked.clear()
    glossary.write_text(terms.format("calentura") + "bandage,venda,proposed,,\n", encoding="utf-8")
    assert all(outcome.unchanged for outcome in run(config))  # a term no sheet uses
    assert engine.asked == []


def test_units_signed_off_without_a_named_reviewer_are_not_published(
    project: tuple[Config, Upper],
) -> None:
    config, _ = project
    approve_spanish_labels(config)
    run(config)
    path = config.translation.memory / "es" / "fever.xlf"
    current = memory(config)
    anonymous = tuple(replace(u, state=State.REVIEWED, reviewer=None) for u in current.units)
    path.write_bytes(xliff.write(replace(current, units=anonymous)))  # edited in place by a tool
    (outcome,) = run(config)
    assert not outcome.final
    assert not (config.outputs / "es" / "fever.html").exists()


def test_a_run_with_nothing_new_rewrites_nothing(project: tuple[Config, Upper]) -> None:
    config, _ = project
    (first,) = run(config)
    stamps = {path: path.stat().st_mtime_ns for path in first.outputs}
    (again,) = run(config)
    assert again.unchanged and again.outputs == first.outputs and again.final == first.final
    assert {path: path.stat().st_mtime_ns for path in again.outputs} == stamps
    glossary = config.translation.glossaries
    glossary.mkdir()
    (glossary / "en-es.csv").write_text(
        "source,target,status\nfever,fiebre,proposed\n", encoding="utf-8"
    )
    (changed,) = run(config)  # a new glossary version: redone (its notes reach the memory)
    assert not changed.unchanged
    assert any(u.notes for u in memory(config).units)
    first.outputs[0].write_text("edited by hand", encoding="utf-8")
    (repaired,) = run(config)
    assert not repaired.unchanged
    assert first.outputs[0].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_row_added_to_the_language_data_redoes_the_translations(
    project: tuple[Config, Upper], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Staff may add a dangerous rendering or an urgent phrase: the drafts and QA made
    with the old rows are then out of date, though no sheet, memory or glossary changed."""
    config, _ = project
    data = tmp_path / "language-data"
    shutil.copytree(languages.DATA, data)
    monkeypatch.setattr(languages, "DATA", data)
    run(config)
    (again,) = run(config)
    assert again.unchanged
    with (data / "es" / "dangerous.csv").open("a", encoding="utf-8") as rows:
        rows.write("fiebre,\\bfever\\b,,a row staff added\n")
    (changed,) = run(config)
    assert not changed.unchanged


def test_the_glossary_page_is_rewritten_only_when_what_it_shows_changes(
    project: tuple[Config, Upper],
) -> None:
    config, _ = project
    config.translation.glossaries.mkdir()
    glossary = config.translation.glossaries / "en-es.csv"
    glossary.write_text("source,target,status\nfever,fiebre,proposed\n", encoding="utf-8")
    run(config)
    page = config.audit.report / "glossary-en-es.html"
    written = page.stat().st_mtime_ns
    run(config)
    assert page.stat().st_mtime_ns == written
    glossary.write_text("source,target,status\nfever,calentura,proposed\n", encoding="utf-8")
    run(config)
    assert "calentura" in page.read_text(encoding="utf-8")
    page.unlink()
    run(config)
    assert page.is_file()


@needs_apertium
def test_translating_with_two_processes_gives_the_same_files_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pools: list[tuple[int | None, str]] = []
    pool = ProcessPoolExecutor

    def spy(workers: int | None, mp_context: BaseContext, **options: Any) -> ProcessPoolExecutor:
        pools.append((workers, mp_context.get_start_method()))
        return pool(workers, mp_context=mp_context, **options)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", spy)
    trees = {}
    for jobs in (1, 2):
        root = tmp_path / f"jobs{jobs}"
        sources = root / "sources"
        sources.mkdir(parents=True)
        for n in range(3 * command.MIN_CHUNK):
            sheet = SHEET.replace("Fever", f"Fever {n}").replace("6 hours", f"{n + 2} hours")
            (sources / f"sheet{n:02}.txt").write_text(sheet, encoding="utf-8")
        (root / "translations").mkdir()
        shutil.copy(ROOT / "translations" / "labels.toml", root / "translations")
        config = replace(
            Config(),
            sources=sources,
            outputs=root / "outputs",
            translation=TranslationConfig(
                languages=("es-US",),
                engines={"es": "apertium"},
                glossaries=root / "glossaries",
                memory=root / "translations",
            ),
        )
        monkeypatch.chdir(root)
        sheets = sorted(sources.glob("*.txt"))
        _, outcomes = command.translate(config, sheets, ["es-US"], TODAY, jobs=jobs)
        assert all(o.error is None and o.counts and o.counts[State.MACHINE] for o in outcomes)
        trees[jobs] = {
            path.relative_to(root): path.read_bytes()
            for path in sorted(root.rglob("*"))
            if path.is_file()
        }
    assert pools == [(2, "fork")]  # the second run's sheets, in two forked workers
    assert trees[1] == trees[2]


def test_progress_counts_every_sheet_of_every_language(project: tuple[Config, Upper]) -> None:
    config, _ = project
    (config.sources / "cough.txt").write_text(SHEET.replace("Fever", "Cough"), encoding="utf-8")
    calls: list[tuple[int, int]] = []
    sheets = sorted(config.sources.glob("*.txt"))
    command.translate(
        config, sheets, ["es-US", "xx"], TODAY, progress=lambda *call: calls.append(call)
    )
    # The sheets of Spanish one by one; those of a language without labels at once.
    assert calls == [(1, 4), (2, 4), (4, 4)]


def test_a_run_with_nothing_new_reads_no_sheet_and_parses_no_memory(
    project: tuple[Config, Upper], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, _ = project
    (first,) = run(config)
    calls: list[str] = []

    def counted(what: str, real: Callable[..., T]) -> Callable[..., T]:
        def call(*args: object) -> T:
            calls.append(what)
            return real(*args)

        return call

    monkeypatch.setattr(readers, "read", counted("sheet", read))
    monkeypatch.setattr(xliff, "read", counted("memory", xliff.read))
    (again,) = run(config)
    assert again.unchanged and again.outputs == first.outputs and calls == []
    # A translator's change to the memory is new: the sheet is read and done again.
    path = config.translation.memory / "es" / "fever.xlf"
    current = memory(config)
    signed = replace(current.units[0], state=State.TRANSLATED, target="Medicina para la fiebre")
    path.write_bytes(xliff.write(replace(current, units=(signed, *current.units[1:]))))
    (changed,) = run(config)
    assert not changed.unchanged and "sheet" in calls
    assert memory(config).units[0].target == "Medicina para la fiebre"


def test_a_damaged_memory_file_fails_its_own_sheet_only(project: tuple[Config, Upper]) -> None:
    config, _ = project
    (config.sources / "cough.txt").write_text(SHEET.replace("Fever", "Cough"), encoding="utf-8")
    run(config)
    damaged = config.translation.memory / "es" / "fever.xlf"
    cut = damaged.read_bytes()[:200]
    damaged.write_bytes(cut)  # cut short, as by a full disk
    (config.sources / "cough.txt").write_text(SHEET.replace("Fever", "Rash"), encoding="utf-8")
    cough, fever = run(config)
    assert fever.error is not None
    assert fever.error.startswith(f"{damaged}:") and "not well-formed XML" in fever.error
    assert cough.error is None and not cough.unchanged
    assert damaged.read_bytes() == cut  # left as it is, for a person to look at


def test_a_removed_sheet_loses_its_outputs_but_keeps_its_memory(
    project: tuple[Config, Upper],
) -> None:
    config, _ = project
    (drafted,) = run(config)
    assert drafted.outputs and all(path.exists() for path in drafted.outputs)
    (config.sources / "fever.txt").rename(config.sources / "fever-v2.txt")
    outcomes = run(config)
    (gone,) = [outcome for outcome in outcomes if outcome.gone]
    assert (gone.source, gone.lang) == ("fever", "es")
    assert sorted(gone.outputs) == sorted(drafted.outputs)
    assert not any(path.exists() for path in drafted.outputs)
    orphan = config.translation.memory / "es" / "fever.xlf"
    assert orphan.exists()
    assert command.orphaned_memories(config) == [orphan]
