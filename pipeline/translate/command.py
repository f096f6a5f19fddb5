"""`pipeline translate` and `pipeline import-translation`: the translator's loop on disk.

Memory files are only ever replaced whole and atomically, after everything about the
change was checked, so a refused import or a crash leaves them as they were.

A language's run has two steps. First every sentence the sheets need that memory cannot
give is drafted by one engine, once however many sheets share it. One engine, because an
engine already keeps the cores busy: Apertium is a pipeline of processes, Argos runs
threads; measured here, two Apertium pipelines draft 4,000 sentences no faster than one
(6.1 s against 6.0 s on 2 cores). Then the sheets are done (memory, checks, outputs) by
`jobs` forked workers that inherit the completed memory index and never run an engine
(an engine's threads would not survive the fork). The files are the same bytes as with
one process.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import multiprocessing
import os
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline import atomic, i18n
from pipeline import glossary as glossaries
from pipeline.build import MODEL_VERSION, Progress, display
from pipeline.config import Config
from pipeline.dump import dump
from pipeline.engines import Engine, EngineError, describe, engine_for
from pipeline.errors import DataFileError, SourceError
from pipeline.languages import primary
from pipeline.model import Document, Finding
from pipeline.readers import read
from pipeline.report import glossary_page
from pipeline.translate import manifest, run, xliff
from pipeline.translate.xliff import SheetMemory, State, Unit
from pipeline.writers import WRITERS

DRAFTS = "drafts"


@dataclass(frozen=True)
class SheetOutcome:
    source: str
    lang: str
    outputs: tuple[Path, ...] = ()
    findings: tuple[Finding, ...] = ()
    final: bool = False
    counts: dict[State, int] | None = None
    error: str | None = None
    #: Skipped: its memory, glossary, labels and English are as when its outputs were made.
    unchanged: bool = False


def translate(
    config: Config,
    sheets: Sequence[Path],
    languages: Sequence[str],
    today: dt.date,
    *,
    jobs: int = 1,
    progress: Progress | None = None,
) -> tuple[list[str], list[SheetOutcome]]:
    """Translate `sheets` into `languages` with `jobs` processes; returns one line per
    language and the outcomes. `progress(done, total)` is called as sheets finish."""
    labels = i18n.load(config.translation.memory / "labels.toml")
    documents: list[Document | SheetOutcome] = []
    for path in sheets:
        try:
            documents.append(read(path, config, display(path)).document)
        except SourceError as error:
            documents.append(SheetOutcome(display(path), "", error=str(error)))
    engines_used: list[str] = []
    outcomes: list[SheetOutcome] = [d for d in documents if isinstance(d, SheetOutcome)]
    done = manifest.load(config.outputs)
    tally = _Tally(len(_docs(documents)) * len(languages), progress)
    for lang in languages:
        engines_used.append(f"{lang}: {describe(config, lang)}")
        words = labels.get(primary(lang))
        if words is None:
            message = f"no labels for {primary(lang)!r} in translations/labels.toml"
            failed = [SheetOutcome(d.meta.loc.path, lang, error=message) for d in _docs(documents)]
        else:
            failed = []
            for outcome in _language(
                config, _docs(documents), lang, labels=words, today=today, done=done, jobs=jobs
            ):
                outcomes.append(outcome)
                tally.add(1)
        outcomes += failed
        tally.add(len(failed))
    manifest.save(config.outputs, done)
    return engines_used, outcomes


def _docs(documents: list[Document | SheetOutcome]) -> list[Document]:
    return [d for d in documents if isinstance(d, Document)]


@dataclass
class _Tally:
    """Sheets finished in all languages, for a progress display."""

    total: int
    progress: Progress | None
    done: int = 0

    def add(self, count: int) -> None:
        self.done += count
        if self.progress is not None and count:
            self.progress(self.done, self.total)


@dataclass(frozen=True)
class _Run:
    """One language's run, as every sheet of it sees it."""

    config: Config
    lang: str
    #: The memory index, with every sentence the run needed drafted already.
    shared: dict[str, Unit]
    engine: Engine | None
    glossary: glossaries.Glossary | None
    labels: i18n.Labels
    today: dt.date
    done: Mapping[str, manifest.Entry]


def _language(
    config: Config,
    documents: list[Document],
    lang: str,
    *,
    labels: i18n.Labels,
    today: dt.date,
    done: dict[str, manifest.Entry],
    jobs: int,
) -> Iterator[SheetOutcome]:
    """The sheets' outcomes as they finish, in order; the glossary page after the last."""
    folder = config.translation.memory / primary(lang)
    for owned in (folder, config.outputs / primary(lang), config.outputs / DRAFTS / primary(lang)):
        atomic.remove_leftovers(owned)  # a killed run's temporary files
    glossary = glossaries.for_language(config.translation.glossaries, "en", primary(lang))
    memories = {path: m for path in sorted(folder.glob("*.xlf")) if (m := xliff.load(path))}
    try:
        engine = engine_for(config, lang)
    except EngineError as error:
        yield from (SheetOutcome(d.meta.loc.path, lang, error=str(error)) for d in documents)
        return
    shared = run.index(list(memories.values()), run.engine_id(engine), glossary)
    work = _Run(config, lang, shared, engine, glossary, labels, today, done)
    try:
        if engine is not None and not _draft_ahead(work, engine, documents, memories):
            jobs = 1  # each sheet asks the engine itself, and reports what went wrong
        for document, (outcome, entry) in zip(
            documents, _sheets(work, documents, jobs), strict=True
        ):
            if entry is not None:
                done[f"{primary(lang)}/{document.name}"] = entry
            yield outcome
    finally:
        if engine is not None:
            engine.close()
    if glossary is not None:
        _glossary_page(config, glossary, documents, shared, done)


def _draft_ahead(
    work: _Run, engine: Engine, documents: list[Document], memories: Mapping[Path, SheetMemory]
) -> bool:
    """Draft every sentence the sheets need that memory cannot give, before the sheets are
    done, each once however many sheets share it. False if the engine failed."""
    config, lang = work.config, work.lang
    stale = run.stale_test(engine, work.glossary)
    needed = {
        text: None
        for document in documents
        for text in run.missing(
            document,
            memories.get(run.memory_path(config.translation.memory, lang, document)),
            work.shared,
            stale,
        )
    }
    try:
        drafted = run.draft(list(needed), engine, work.glossary, work.today) if needed else []
    except EngineError:
        return False
    for unit in drafted:
        if unit.state is State.MACHINE:
            work.shared.setdefault(unit.source, unit)
    return True


def _sheets(
    work: _Run, documents: list[Document], jobs: int
) -> Iterator[tuple[SheetOutcome, manifest.Entry | None]]:
    """Each sheet's outcome and new manifest entry, in order; forked workers when more than
    one job (they inherit the run, so only a sheet's number travels to them)."""
    global _WORK  # noqa: PLW0603 (read by forked workers)
    jobs = max(1, min(jobs, len(documents) // MIN_CHUNK))
    if jobs == 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (_sheet(work, document) for document in documents)
        return
    _WORK = (work, documents)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            chunk = max(1, len(documents) // (jobs * 8))  # small enough to keep all busy
            yield from pool.map(_sheet_elsewhere, range(len(documents)), chunksize=chunk)
    finally:
        _WORK = None


#: The run and its sheets, for forked workers; set only while they run.
_WORK: tuple[_Run, list[Document]] | None = None
#: Fewer sheets than this per process are not worth forking one for.
MIN_CHUNK = 8


def _sheet_elsewhere(index: int) -> tuple[SheetOutcome, manifest.Entry | None]:
    global _WORKER_RUN  # noqa: PLW0603 (one per worker process)
    assert _WORK is not None, "workers are forked while a run is set"
    work, documents = _WORK
    if _WORKER_RUN is None:
        engine = work.engine and _DraftedAhead(work.engine)
        _WORKER_RUN = dataclasses.replace(work, engine=engine)
    return _sheet(_WORKER_RUN, documents[index])


#: A forked worker's view of the run.
_WORKER_RUN: _Run | None = None


class _DraftedAhead:
    """The run's engine as a forked worker sees it: everything was drafted ahead, so a
    sentence still asked for is one the engine gave nothing for, and gets nothing again
    (it stays new, for a translator), as it would in one process."""

    def __init__(self, like: Engine) -> None:
        self.name, self.version = like.name, like.version

    def translate(self, segments: Sequence[str]) -> list[str]:
        return [""] * len(segments)

    def close(self) -> None:
        pass


def _glossary_page(
    config: Config,
    glossary: glossaries.Glossary,
    documents: list[Document],
    shared: dict[str, Unit],
    done: dict[str, manifest.Entry],
) -> None:
    """The translators' view of the glossary, with each sentence's current translation (a
    person's before a machine's); rewritten only when something it shows has changed."""
    current = {text: unit.target for text, unit in shared.items() if unit.target}
    plain = config.readability.plain_language
    parts = (
        glossary.version,
        hashlib.sha256(plain.read_bytes() if plain.is_file() else b"").hexdigest(),
        repr(sorted(current.items())),
        *map(dump, documents),
        str(MODEL_VERSION),
    )
    digest = hashlib.sha256("\n\0".join(parts).encode("utf-8")).hexdigest()
    path = glossary_page.path_in(config.audit.report, glossary)
    key = os.path.relpath(path, config.outputs)  # the report folder may be elsewhere
    if manifest.fresh(done.get(key), digest, config.outputs):
        return
    glossary_page.write(glossary, documents, current, path.parent, plain_language=plain)
    done[key] = manifest.Entry(digest, {key: _sha(path)}, final=False, counts={})


def _sheet(work: _Run, document: Document) -> tuple[SheetOutcome, manifest.Entry | None]:
    """The sheet's outcome, and its new manifest entry when its outputs were written."""
    config, lang, shared, engine = work.config, work.lang, work.shared, work.engine
    glossary, labels = work.glossary, work.labels
    path = run.memory_path(config.translation.memory, lang, document)
    source = document.meta.loc.path
    key = f"{primary(lang)}/{document.name}"
    made_with = manifest.Recipe(
        run.engine_id(engine), run.glossary_uses(document, glossary), labels, config
    )
    try:
        existing_bytes = path.read_bytes() if path.exists() else None
        digest = manifest.inputs(document, existing_bytes, shared, made_with)
        if manifest.fresh(entry := work.done.get(key), digest, config.outputs):
            assert entry is not None
            order = list(WRITERS)  # as a run that writes them lists them
            names = sorted(entry.outputs, key=lambda name: order.index(Path(name).suffix[1:]))
            outputs = tuple(config.outputs / name for name in names)
            counts = {State(state): n for state, n in entry.counts.items()}
            unchanged = SheetOutcome(source, lang, outputs, (), entry.final, counts, unchanged=True)
            return unchanged, None
        existing = xliff.read(existing_bytes, str(path)) if existing_bytes is not None else None
        if existing is not None:
            _belongs(existing, document, lang, path)
        result = run.translate(
            document,
            lang,
            existing=existing,
            shared=shared,
            engine=engine,
            glossary=glossary,
            labels=labels,
            today=work.today,
        )
    except (DataFileError, EngineError) as error:
        return SheetOutcome(source, lang, error=str(error)), None
    memory = xliff.write(result.memory)
    atomic.write_bytes(path, memory)
    outputs = _write_outputs(config, result, lang)
    counts = dict.fromkeys(State, 0)
    for unit in result.memory.units:
        counts[unit.state] += 1
    entry = manifest.Entry(
        manifest.inputs(document, memory, shared, made_with),
        {p.relative_to(config.outputs).as_posix(): _sha(p) for p in outputs},
        result.final,
        {str(state): n for state, n in counts.items()},
    )
    return SheetOutcome(source, lang, outputs, result.findings, result.final, counts), entry


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _belongs(memory: SheetMemory, document: Document, lang: str, path: Path) -> None:
    if memory.sheet != document.meta.loc.path or memory.target_lang != lang:
        raise DataFileError(
            str(path),
            f"this memory is for {memory.sheet} in {memory.target_lang}, "
            f"not {document.meta.loc.path} in {lang}: move it aside, nothing was changed",
        )


def _write_outputs(config: Config, result: run.Result, lang: str) -> tuple[Path, ...]:
    """Published only when final; otherwise drafts, and any published copy withdrawn."""
    name = result.document.name
    published = config.outputs / primary(lang)
    drafts = config.outputs / DRAFTS / primary(lang)
    folder, stale = (published, drafts) if result.final else (drafts, published)
    written = []
    for extension, writer in WRITERS.items():
        target = folder / f"{name}.{extension}"
        atomic.write_bytes(target, writer(result.document))
        written.append(target)
        (stale / f"{name}.{extension}").unlink(missing_ok=True)
    return tuple(written)


def import_translation(config: Config, path: Path, reviewer: str | None, today: dt.date) -> str:
    """Apply a translator's returned XLIFF to the memory; all checked before anything is
    written. Returns a one-line summary; raises DataFileError when refused."""
    shown = display(path)
    try:
        returned = xliff.read(path.read_bytes(), shown)
    except OSError as error:
        raise DataFileError(shown, f"cannot read: {error.strerror}") from None
    name = Path(returned.sheet).stem
    target_path = config.translation.memory / primary(returned.target_lang) / f"{name}.xlf"
    current = xliff.load(target_path)
    if current is None or current.sheet != returned.sheet:
        raise DataFileError(
            shown, f"no translation memory for {returned.sheet!r} in {returned.target_lang}"
        )
    if current.target_lang != returned.target_lang:
        raise DataFileError(shown, f"language {returned.target_lang} is not {current.target_lang}")
    by_id = {unit.id: unit for unit in current.units}
    changes: dict[str, Unit] = {}
    for unit in returned.units:
        mine = by_id.get(unit.id)
        if mine is None or mine.source != unit.source:
            raise DataFileError(
                shown,
                f"unit {unit.id}: the English changed since this file was exported; "
                "export again and redo this unit — nothing was imported",
                unit.line,
            )
        if (change := _apply(mine, unit, reviewer, today, shown)) is not None:
            changes[unit.id] = change
    merged = replace(current, units=tuple(changes.get(u.id, u) for u in current.units))
    atomic.write_bytes(target_path, xliff.write(merged))
    reviewed = sum(1 for u in changes.values() if u.state is State.REVIEWED)
    return f"{display(target_path)}: {len(changes)} unit(s) updated, {reviewed} reviewed"


def _apply(
    mine: Unit, theirs: Unit, reviewer: str | None, today: dt.date, shown: str
) -> Unit | None:
    if theirs.state is State.REVIEWED:
        who = theirs.reviewer or reviewer
        if not who:
            raise DataFileError(
                shown, f"unit {theirs.id} is signed off but names no reviewer: use --reviewer"
            )
        if mine.state is State.REVIEWED and mine.target == theirs.target:
            return None
        return replace(
            mine,
            target=theirs.target,
            state=State.REVIEWED,
            reviewer=who,
            reviewed_on=theirs.reviewed_on or today,
            previous_source=None,
        )
    if theirs.state is State.TRANSLATED and theirs.target != mine.target:
        return replace(
            mine, target=theirs.target, state=State.TRANSLATED, translated_on=today, engine=None
        )
    return None
