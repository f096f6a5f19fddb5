"""`pipeline translate` and `pipeline import-translation`: the translator's loop on disk.

Memory files are only ever replaced whole and atomically, after everything about the
change was checked, so a refused import or a crash leaves them as they were.

A language's run with nothing new is recognised from its snapshot (`inputs.snapshot`)
without reading a sheet. Otherwise the sheets whose outputs are up to date are set aside
(`inputs.inputs`), and the rest take two steps. First every sentence they need that
memory cannot give is drafted by one engine, once however many sheets share it. One
engine, because an engine already keeps the cores busy: Apertium is a pipeline of
processes, Argos runs threads; measured here, two Apertium pipelines draft 4,000
sentences no faster than one (6.1 s against 6.0 s on 2 cores). Then the sheets are done
(memory, checks, outputs) by `jobs` forked workers (`process_map`) that inherit the
completed memory index and never run an engine (an engine's threads would not survive
the fork): a sentence the engine gave nothing for stays new, for a translator. The files
are the same bytes as with one process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Generator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline import atomic, i18n, manifest, tags, tmx
from pipeline import glossary as glossaries
from pipeline.config import Config
from pipeline.discovery import discover
from pipeline.dump import dump
from pipeline.engines import Engine, EngineError, describe, engine_for
from pipeline.errors import DataFileError, SourceError
from pipeline.exits import UsageError
from pipeline.languages import primary
from pipeline.manifest import MODEL_VERSION, UNTIL, file_hash
from pipeline.model import Document, Finding
from pipeline.parallel import Progress, process_map
from pipeline.paths import FORMATS, PathError, display, language_folder, sheet_file
from pipeline.policy import Policy
from pipeline.translate import exchange, fuzzy, inputs, run, status, xliff
from pipeline.translate.status import SheetStatus
from pipeline.translate.xliff import SheetMemory, State, TransUnit
from pipeline.units import units


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
    #: Why it is not published (`run.SheetTranslation.blockers`).
    blockers: tuple[str, ...] = ()
    #: Findings at the fail level block its publication (also when unchanged since).
    failed: bool = False
    #: A published copy was taken down because the translation is no longer final.
    withdrawn: bool = False
    #: Its source is gone: `outputs` lists the files removed.
    gone: bool = False
    #: What people need to act on it, for the status report (`status.SheetStatus`).
    status: SheetStatus | None = None


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
    language and the outcomes. `progress(done, total)` is called as sheets finish.
    Raises UsageError for a language that is no language tag."""
    try:
        languages = [tags.canonical(lang) for lang in languages]
    except tags.TagError as error:
        raise UsageError(f"--lang: {error}") from None
    labels = i18n.load(config.translation.memory / "labels.toml")
    documents: list[Document | SheetOutcome] | None = None  # read once a language needs them
    engines_used: list[str] = []
    outcomes: list[SheetOutcome] = []
    done = manifest.load(config.outputs / inputs.NAME)
    loaded = dict(done)  # entries are replaced, never changed in place
    tally = _Tally(len(sheets) * len(languages), progress)
    for lang in languages:
        engine = describe(config, lang)
        engines_used.append(f"{lang}: {engine}")
        if (
            as_before := _as_before(config, sheets, lang, engine, done=done, today=today)
        ) is not None:
            outcomes += as_before
            tally.add(len(as_before))
            continue
        if documents is None:
            documents = _read_all(config, sheets, today)
            outcomes += [d for d in documents if isinstance(d, SheetOutcome)]
        tally.add(len(documents) - len(_docs(documents)))
        words = labels.get(primary(lang))
        if words is None:
            message = f"no labels for {primary(lang)!r} in translations/labels.toml"
            mine = [SheetOutcome(d.meta.loc.path, lang, error=message) for d in _docs(documents)]
            tally.add(len(mine))
        else:
            mine = _language(
                config,
                _docs(documents),
                lang,
                labels=words,
                today=today,
                done=done,
                jobs=jobs,
                tally=tally,
            )
        outcomes += mine
        unread = [d for d in documents if isinstance(d, SheetOutcome)]
        for failed in (o for o in (*unread, *mine) if o.error is not None):
            _record_failure(done, f"{primary(lang)}/{Path(failed.source).stem}", lang, failed)
        complete = len(_docs(documents)) == len(sheets) and all(o.error is None for o in mine)
        _record_run(
            config, sheets, lang, engine=engine, done=done, outcomes=mine if complete else None
        )
    outcomes += _remove_gone(config, done)
    if done != loaded:  # a run with nothing new leaves the manifest alone
        manifest.save(config.outputs / inputs.NAME, done)
    return engines_used, outcomes


def _remove_gone(config: Config, done: dict[str, manifest.Entry]) -> list[SheetOutcome]:
    """Remove every language's outputs of sheets whose source is gone (outputs mirror
    sources); their memories stay (`orphaned_memories`)."""
    if not config.sources.is_dir():
        return []
    current = {path.stem for path in discover(config.sources)}
    outcomes = []
    for key in [key for key in done if ":" not in key]:  # sheets' keys: "es/<sheet>"
        lang, _, name = key.partition("/")
        if name not in current:
            removed = manifest.remove_outputs(done.pop(key), config.outputs)
            outcomes.append(SheetOutcome(name, lang, tuple(removed), gone=True))
    return outcomes


def reported(config: Config, outcomes: Sequence[SheetOutcome]) -> list[SheetOutcome]:
    """Every translation the status report shows: this run's outcomes, and each other
    sheet and language as the manifest recorded it when last done (`unchanged`), so a run
    of some sheets keeps the others' status; a sheet whose source is gone drops out (this
    run removed its outputs). Languages in the settings' order, then sheets in sources/'
    order, as a run of every sheet gives them."""
    done = manifest.load(config.outputs / inputs.NAME)
    sheets = discover(config.sources) if config.sources.is_dir() else []
    ran = {(Path(o.source).stem, primary(o.lang)) for o in outcomes if o.lang}
    unread = {Path(o.source).stem for o in outcomes if not o.lang and not o.gone}
    tags: dict[str, str] = {}  # primary subtag → the first tag named with it, in order
    for tag in (*config.translation.languages, *(o.lang for o in outcomes if o.lang)):
        tags.setdefault(primary(tag), tag)
    by_name: dict[str, list[tuple[str, manifest.Entry]]] = {}
    for key, entry in done.items():
        if ":" not in key:  # sheets' keys: "es/<sheet>"
            lang, _, name = key.partition("/")
            by_name.setdefault(name, []).append((lang, entry))
    recorded = []
    for path in sheets:
        for lang, entry in by_name.get(path.stem, []):
            if (path.stem, lang) in ran or path.stem in unread:
                continue
            tag = str(entry.details.get("lang") or tags.get(lang, lang))
            if outcome := _unchanged_outcome(entry, display(path), tag, config.outputs):
                recorded.append(outcome)
    order = {sheet.stem: number for number, sheet in enumerate(sheets)}
    langs = {subtag: number for number, subtag in enumerate(tags)}

    def place(outcome: SheetOutcome) -> tuple[bool, int, str, int]:
        """Unread sheets first, removed ones last, as in a run's outcomes."""
        subtag = primary(outcome.lang) if outcome.lang else ""
        number = langs.get(subtag, len(langs)) if outcome.lang else -1
        return outcome.gone, number, subtag, order.get(Path(outcome.source).stem, len(order))

    return sorted([*outcomes, *recorded], key=place)


def orphaned_memories(config: Config) -> list[Path]:
    """Memory files whose sheet is gone from sources/: translators' work, never deleted,
    reported on every run until someone moves or renames them."""
    memory = config.translation.memory
    if not config.sources.is_dir() or not memory.is_dir():
        return []
    current = {path.stem for path in discover(config.sources)}
    return sorted(path for path in memory.glob("*/*.xlf") if path.stem not in current)


def _read_all(
    config: Config, sheets: Sequence[Path], today: dt.date
) -> list[Document | SheetOutcome]:
    from pipeline.readers import read_publishable  # noqa: PLC0415 (none when nothing is new)

    documents: list[Document | SheetOutcome] = []
    policy = Policy(config)
    for path in sheets:
        try:
            read = read_publishable(path, config, policy, today, display(path))
            documents.append(read.document)
        except SourceError as error:
            documents.append(SheetOutcome(display(path), "", error=str(error)))
    return documents


def _as_before(
    config: Config,
    sheets: Sequence[Path],
    lang: str,
    engine: str,
    *,
    done: dict[str, manifest.Entry],
    today: dt.date,
) -> list[SheetOutcome] | None:
    """Every sheet's outcome, unchanged, when nothing the language's run reads has changed
    since its last complete run (`inputs.snapshot`) and no sheet's review date has come
    since (`_record_run`); else None."""
    digest = inputs.snapshot(config, sheets, lang, engine)
    if not manifest.fresh(done.get(inputs.run_key(lang)), digest, config.outputs, today):
        return None
    outcomes = []
    for path in sheets:  # a sheet's name is its file's stem (`Document.name`)
        entry = done.get(f"{primary(lang)}/{path.stem}")
        outcome = _unchanged_outcome(entry, display(path), lang, config.outputs)
        if outcome is None:
            return None
        outcomes.append(outcome)
    return outcomes


def _record_run(
    config: Config,
    sheets: Sequence[Path],
    lang: str,
    *,
    engine: str,
    done: dict[str, manifest.Entry],
    outcomes: list[SheetOutcome] | None,
) -> None:
    """Remember a complete run (every sheet read and translated), with all its outputs, so
    the next one can tell at once that it has nothing to do — until the first day a sheet
    held back for its review date may be published (`manifest.UNTIL`); forget an
    incomplete one."""
    key = inputs.run_key(lang)
    if outcomes is None:
        done.pop(key, None)
        return
    entries = [done.get(f"{primary(lang)}/{path.stem}") for path in sheets]
    entries.append(done.get(_page_key(config, lang)))
    written = {name: sha for entry in entries if entry for name, sha in entry.outputs.items()}
    days = [day for entry in entries if entry and isinstance(day := entry.details.get(UNTIL), str)]
    until = dt.date.fromisoformat(min(days)) if days else None
    digest = inputs.snapshot(config, sheets, lang, engine)
    done[key] = manifest.Entry(digest, written, manifest.until(until))


def _record_failure(
    done: dict[str, manifest.Entry], key: str, lang: str, outcome: SheetOutcome
) -> None:
    """Remember that the sheet failed in `lang`, so that the report of a later run of other
    sheets still says so (`reported`). With no inputs it is done again next time; its
    outputs stay recorded, as they stay on disk (until its source is gone), and so does
    what its status remembers (a withdrawal)."""
    old = done.get(key)
    details = {**(old.details if old else {}), "error": outcome.error, "lang": lang}
    done[key] = manifest.Entry("", dict(old.outputs) if old else {}, details)


def _page_key(config: Config, lang: str) -> str:
    """The manifest's name for the glossary page: "page:" and its path from outputs/ (the
    report folder may be elsewhere); sheets' keys are "es/<sheet>", runs' "run:es"."""
    from pipeline.report import glossary_page  # noqa: PLC0415 (see _glossary_page)

    page = glossary_page.path_in(config.audit.report, "en", primary(lang))
    return f"page:{os.path.relpath(page, config.outputs)}"


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
class _TranslationRun:
    """One language's run, as every sheet of it sees it."""

    config: Config
    lang: str
    #: The memory index, with every sentence the run needed drafted already.
    shared: dict[str, TransUnit]
    #: The engine that made the run's machine drafts, as provenance names it.
    made_by: str | None
    glossary: glossaries.Glossary | None
    labels: i18n.Labels
    today: dt.date
    done: Mapping[str, manifest.Entry]
    #: The language's memory files as read, by path.
    memories: Mapping[Path, _Memory]
    policy: Policy
    #: Fuzzy matches for the sheets' English, from memory and the TMX suggestion store.
    suggestions: Mapping[str, tuple[xliff.Suggestion, ...]]
    #: The language data drafts and QA read, as `inputs.language_data` hashes it.
    data: str


@dataclass(frozen=True)
class _Memory:
    """A memory file as read: its bytes, and its units or why it cannot be used."""

    data: bytes
    parsed: SheetMemory | DataFileError


def _memories(folder: Path, max_bytes: int) -> dict[Path, _Memory]:
    """Every memory file of a language; a damaged or oversized one fails its own sheet,
    not the run."""
    found = {}
    for path in sorted(folder.glob("*.xlf")):
        try:
            data = xliff.read_bytes(path, str(path), max_bytes)
        except DataFileError as error:
            found[path] = _Memory(b"", error)
            continue
        try:
            found[path] = _Memory(data, xliff.read(data, str(path)))
        except DataFileError as error:
            found[path] = _Memory(data, error)
    return found


def _language(
    config: Config,
    documents: list[Document],
    lang: str,
    *,
    labels: i18n.Labels,
    today: dt.date,
    done: dict[str, manifest.Entry],
    jobs: int,
    tally: _Tally,
) -> list[SheetOutcome]:
    """The sheets' outcomes, in order. Sheets whose outputs are up to date are found first,
    so only the others are planned, drafted for and done; the glossary page last."""
    folder = language_folder(config.translation.memory, lang)
    published = language_folder(config.outputs, lang)
    for owned in (folder, published, language_folder(config.outputs, lang, draft=True)):
        atomic.remove_leftovers(owned)  # a killed run's temporary files
    cap = config.translation.max_glossary_bytes
    glossary = glossaries.for_language(config.translation.glossaries, "en", primary(lang), cap)
    memories = _memories(folder, config.translation.max_xliff_bytes)
    try:
        engine = engine_for(config, lang)
    except EngineError as error:
        tally.add(len(documents))
        return [SheetOutcome(d.meta.loc.path, lang, error=str(error)) for d in documents]
    usable = [m.parsed for m in memories.values() if isinstance(m.parsed, SheetMemory)]
    shared = run.index(usable, run.engine_id(engine), glossary)
    made_by, policy = run.engine_id(engine), Policy(config)
    suggestions = _suggestions(config, lang, usable, documents, shared)
    work = _TranslationRun(
        config,
        lang,
        shared,
        made_by,
        glossary,
        labels,
        today,
        done,
        memories,
        policy,
        suggestions,
        inputs.language_data(lang),
    )
    outcomes: dict[int, SheetOutcome] = {}
    for number, document in enumerate(documents):
        if (unchanged := _unchanged(work, document)) is not None:
            outcomes[number] = unchanged
            tally.add(1)
    todo = [n for n in range(len(documents)) if n not in outcomes]
    try:
        failure = _draft_ahead(work, engine, [documents[n] for n in todo]) if engine else None
    finally:
        if engine is not None:
            engine.close()
    if failure is not None:  # the sheets that needed the engine fail; the others go on
        for number in (todo[n] for n in failure.needing):
            source = documents[number].meta.loc.path
            outcomes[number] = SheetOutcome(source, lang, error=failure.message)
            tally.add(1)
        todo = [n for n in todo if n not in outcomes]
    with closing(_sheets(work, [documents[n] for n in todo], jobs)) as done_now:
        for number, (outcome, entry) in zip(todo, done_now, strict=True):
            if entry is not None:
                done[f"{primary(lang)}/{documents[number].name}"] = entry
            outcomes[number] = outcome
            tally.add(1)
    if glossary is not None:
        _glossary_page(
            config, glossary, documents, shared, done, suggestions=suggestions, today=today
        )
    return [outcomes[n] for n in range(len(documents))]


def _suggestions(
    config: Config,
    lang: str,
    memories: list[SheetMemory],
    documents: list[Document],
    shared: Mapping[str, TransUnit],
) -> dict[str, tuple[xliff.Suggestion, ...]]:
    """Fuzzy matches for the sheets' segments (looked up once per distinct English), from
    what people translated in the memories, then the TMX suggestion store. Found for
    sheets whose outputs are up to date too, since what they are offered is part of what
    their memory is made from (`inputs.inputs`); not for English a reviewer signed off,
    which is what it is offered to (so a library mostly reviewed costs little)."""
    settings = config.translation
    index = fuzzy.Index([*run.suggestion_entries(memories), *tmx.store_entries(config, lang)])
    texts = [
        source.text
        for document in documents
        for source in run.segments(document)
        if not ((unit := shared.get(source.text)) and unit.state is State.REVIEWED)
    ]
    return fuzzy.suggestions(index, texts, settings.fuzzy_threshold, settings.fuzzy_suggestions)


@dataclass(frozen=True)
class _EngineFailure:
    message: str
    #: The sheets that needed a draft from it, by their place in the list drafted for.
    needing: list[int]


def _draft_ahead(
    work: _TranslationRun, engine: Engine, documents: list[Document]
) -> _EngineFailure | None:
    """Draft every sentence the sheets need that memory cannot give, before the sheets are
    done, each once however many sheets share it; what went wrong if the engine failed."""
    stale = run.stale_test(work.made_by, work.glossary)
    needed: dict[str, None] = {}
    needing = []
    for number, document in enumerate(documents):
        memory = _memory_of(work, document)
        if isinstance(memory, DataFileError):
            continue  # the sheet fails with its memory's error
        if missing := run.missing(document, memory, work.shared, stale):
            needing.append(number)
            needed.update(dict.fromkeys(missing))
    try:
        drafted = (
            run.draft(list(needed), engine, work.glossary, work.today, work.lang) if needed else []
        )
    except EngineError as error:
        return _EngineFailure(str(error), needing)
    for unit in drafted:
        if unit.state is State.MACHINE:
            work.shared.setdefault(unit.source, unit)
    return None


def _memory_path(work: _TranslationRun, document: Document) -> Path:
    return run.memory_path(work.config.translation.memory, work.lang, document)


def _memory_of(work: _TranslationRun, document: Document) -> SheetMemory | DataFileError | None:
    memory = work.memories.get(_memory_path(work, document))
    return None if memory is None else memory.parsed


def _sheets(
    work: _TranslationRun, documents: list[Document], jobs: int
) -> Generator[tuple[SheetOutcome, manifest.Entry | None], None, None]:
    """Each sheet's outcome and new manifest entry, in order, in up to `jobs` processes
    (at least `MIN_CHUNK` sheets each)."""
    jobs = max(1, min(jobs, len(documents) // MIN_CHUNK))
    return process_map(_sheet, documents, shared=work, jobs=jobs)


#: Fewer sheets than this per process are not worth forking one for.
MIN_CHUNK = 8


def _glossary_page(
    config: Config,
    glossary: glossaries.Glossary,
    documents: list[Document],
    shared: dict[str, TransUnit],
    done: dict[str, manifest.Entry],
    *,
    suggestions: Mapping[str, tuple[xliff.Suggestion, ...]],
    today: dt.date,
) -> None:
    """The translators' view of the glossary, with each sentence's current translation (a
    person's before a machine's) and the fuzzy matches offered for it; rewritten only when
    something it shows has changed."""
    from pipeline.report import glossary_page  # noqa: PLC0415 (it measures reading ease)

    texts = {unit.text for document in documents for unit in units(document)}
    current = {
        text: unit.target
        for text in texts
        if (unit := shared.get(text)) is not None and unit.target is not None
    }
    plain = config.readability.plain_language
    parts = (
        glossary.version,
        hashlib.sha256(plain.read_bytes() if plain.is_file() else b"").hexdigest(),
        repr(sorted(current.items())),
        repr(sorted(suggestions.items())),
        *map(dump, documents),
        str(MODEL_VERSION),
    )
    digest = hashlib.sha256("\n\0".join(parts).encode("utf-8")).hexdigest()
    path = glossary_page.path_in(config.audit.report, glossary.source_lang, glossary.target_lang)
    key = _page_key(config, glossary.target_lang)
    if manifest.fresh(done.get(key), digest, config.outputs, today):
        return
    glossary_page.write(
        glossary, documents, current, path.parent, plain_language=plain, suggestions=suggestions
    )
    done[key] = manifest.Entry(
        digest, {os.path.relpath(path, config.outputs): file_hash(path) or ""}
    )


def _recipe(work: _TranslationRun, document: Document) -> inputs.Recipe:
    glossary_uses = run.glossary_uses(document, work.glossary)
    offered = [work.suggestions.get(source.text, ()) for source in run.segments(document)]
    return inputs.Recipe(
        work.made_by, glossary_uses, work.labels, work.config, repr(offered), work.data
    )


def _unchanged(work: _TranslationRun, document: Document) -> SheetOutcome | None:
    """The sheet's outcome if its outputs are as its English, memory, engine, glossary
    entries, labels and settings would make them now; else None."""
    memory = work.memories.get(_memory_path(work, document))
    data = None if memory is None else memory.data
    digest = inputs.inputs(document, data, work.shared, _recipe(work, document))
    entry = work.done.get(f"{primary(work.lang)}/{document.name}")
    if entry is None or not manifest.fresh(entry, digest, work.config.outputs, work.today):
        return None
    return _unchanged_outcome(entry, document.meta.loc.path, work.lang, work.config.outputs)


def _unchanged_outcome(
    entry: manifest.Entry | None, source: str, lang: str, outputs_folder: Path
) -> SheetOutcome | None:
    """The outcome the entry recorded (a failure too: `_record_failure`); None when it has
    none to give (no entry, or one written before the status was kept), so the sheet is
    done again."""
    if entry is not None and isinstance(error := entry.details.get("error"), str):
        return SheetOutcome(source, lang, error=error, unchanged=True)
    if entry is None or (recorded := _recorded_status(entry)) is None:
        return None
    order = list(FORMATS)  # as a run that writes them lists them, pictures last
    names = sorted(
        entry.outputs,
        key=lambda name: order.index(suffix) if (suffix := Path(name).suffix[1:]) in order else 99,
    )
    outputs = tuple(outputs_folder / name for name in names)
    counts = {State(state): n for state, n in entry.details.get("counts", {}).items()}
    final = bool(entry.details.get("final", False))
    blockers = tuple(str(b) for b in entry.details.get("blockers", ()))
    failed = bool(entry.details.get("failed", False))
    return SheetOutcome(
        source,
        lang,
        outputs,
        (),
        final,
        counts,
        unchanged=True,
        blockers=blockers,
        failed=failed,
        status=recorded,
    )


def _recorded_status(entry: manifest.Entry) -> SheetStatus | None:
    try:
        return SheetStatus.from_json(entry.details["status"])
    except (KeyError, TypeError, ValueError):
        return None


def _sheet(work: _TranslationRun, document: Document) -> tuple[SheetOutcome, manifest.Entry | None]:
    """Translate a sheet whose outputs are out of date: its outcome, and its new manifest
    entry when its memory and outputs were written."""
    config, lang = work.config, work.lang
    path = _memory_path(work, document)
    source = document.meta.loc.path
    try:
        existing = _memory_of(work, document)
        if isinstance(existing, DataFileError):
            raise existing
        if existing is not None:
            _belongs(existing, document, lang, path)
        result = run.translate(
            document,
            lang,
            existing=existing,
            shared=work.shared,
            made_by=work.made_by,
            glossary=work.glossary,
            labels=work.labels,
            policy=work.policy,
            today=work.today,
            suggestions=work.suggestions,
        )
    except DataFileError as error:
        return SheetOutcome(source, lang, error=str(error)), None
    from pipeline.readers import held_until  # noqa: PLC0415 (see _read_all)

    memory = xliff.write(result.memory)
    atomic.write_bytes(path, memory)
    withheld = document.meta.withheld
    fit = result.final and withheld is None  # the English too must be fit for families
    written, withdrawn = _write_outputs(config, result, lang, fit)
    outputs = tuple(written)
    counts = dict.fromkeys(State, 0)
    for unit in result.memory.units:
        counts[unit.state] += 1
    blockers = result.blockers
    if withheld is not None:
        blockers += (f"the English sheet is withheld: {withheld}",)
    found = _status(work, document, result, memory, fit=fit, withdrawn=withdrawn)
    entry = manifest.Entry(
        inputs.inputs(document, memory, work.shared, _recipe(work, document)),
        {p.relative_to(config.outputs).as_posix(): sha for p, sha in written.items()},
        {
            "final": fit,
            "counts": {str(state): n for state, n in counts.items()},
            "blockers": list(blockers),
            "failed": result.failed,
            "status": found.as_json(),
            "lang": lang,
            **manifest.until(held_until(document.meta)),
        },
    )
    outcome = SheetOutcome(
        source,
        lang,
        outputs,
        result.findings,
        fit,
        counts,
        blockers=blockers,
        failed=result.failed,
        withdrawn=withdrawn,
        status=found,
    )
    return outcome, entry


def _status(
    work: _TranslationRun,
    document: Document,
    result: run.SheetTranslation,
    memory: bytes,
    *,
    fit: bool,
    withdrawn: bool,
) -> SheetStatus:
    """The sheet's status for the report; a withdrawal is remembered, with its day, until
    the sheet is published again."""
    before = work.done.get(f"{primary(work.lang)}/{document.name}")
    earlier = None if before is None else _recorded_status(before)
    withdrawn_on = earlier.withdrawn_on if earlier is not None else None
    if withdrawn:
        withdrawn_on = work.today.isoformat()
    return status.of(
        result.memory.units,
        result.findings,
        memory=display(_memory_path(work, document)),
        memory_bytes=memory,
        labels=work.labels.unreviewed,
        withheld=document.meta.withheld,
        withdrawn_on=None if fit else withdrawn_on,
    )


def _belongs(memory: SheetMemory, document: Document, lang: str, path: Path) -> None:
    if memory.sheet != document.meta.loc.path or memory.target_lang != lang:
        raise DataFileError(
            str(path),
            f"this memory is for {memory.sheet} in {memory.target_lang}, "
            f"not {document.meta.loc.path} in {lang}: move it aside, nothing was changed",
        )


def _write_outputs(
    config: Config, result: run.SheetTranslation, lang: str, fit: bool
) -> tuple[dict[Path, str], bool]:
    """Published only when `fit`; otherwise drafts, and any published copy withdrawn.
    Returns each file written, in WRITERS order, with the sha256 of its bytes, and
    whether a published copy was withdrawn."""
    from pipeline.writers import WRITERS, attachments  # noqa: PLC0415 (see _read_all)

    document = result.document
    files = [(suffix, writer(document)) for suffix, writer in WRITERS.items()]
    written = {}
    withdrawn = False
    for suffix, data in [*files, *attachments(document)]:
        target = sheet_file(config.outputs, lang, document.name, suffix, draft=not fit)
        atomic.write_bytes(target, data)
        written[target] = hashlib.sha256(data).hexdigest()
        stale = sheet_file(config.outputs, lang, document.name, suffix, draft=fit)
        if stale.exists():
            withdrawn |= not fit
            stale.unlink()
    return written, withdrawn


@dataclass(frozen=True)
class Imported:
    """What an import did: one line to print, and the units it refused (each naming the
    returned file's line), which left the rest imported."""

    summary: str
    refused: tuple[DataFileError, ...]


def import_translation(
    config: Config, path: Path, reviewer: str | None, today: dt.date
) -> Imported:
    """Apply a translator's returned XLIFF to the memory, unit by unit: a unit that cannot
    be taken (its English changed since the export, or it would replace reviewed text
    with text nobody signed off) is refused on its own and the good ones are imported.
    Raises DataFileError when the file as a whole cannot be used, UsageError for a blank
    reviewer."""
    if reviewer is not None and not reviewer.strip():
        raise UsageError("--reviewer: give the qualified translator's name, not a blank")
    reviewer = reviewer.strip() if reviewer else None
    shown = display(path)
    cap = config.translation.max_xliff_bytes
    returned = xliff.read(xliff.read_bytes(path, shown, cap), shown)
    if Path(returned.sheet).name == exchange.LABELS:
        return Imported(*exchange.import_labels(config, returned, reviewer, today, shown))
    name = Path(returned.sheet).stem
    try:
        target_path = sheet_file(config.translation.memory, returned.target_lang, name, "xlf")
    except PathError as error:
        raise DataFileError(shown, f"not a memory this project can hold: {error}") from None
    current = xliff.load(target_path, cap)
    if current is None or current.sheet != returned.sheet:
        raise DataFileError(
            shown, f"no translation memory for {returned.sheet!r} in {returned.target_lang}"
        )
    if current.target_lang != returned.target_lang:
        raise DataFileError(shown, f"language {returned.target_lang} is not {current.target_lang}")
    by_id = {unit.id: unit for unit in current.units}
    changes: dict[str, TransUnit] = {}
    refused: list[DataFileError] = []
    for unit in returned.units:
        mine = by_id.get(unit.id)
        try:
            if mine is None or mine.source != unit.source:
                raise DataFileError(
                    shown,
                    f"unit {unit.id}: the English changed since this file was exported; "
                    "export again and redo this unit — it was not imported",
                    unit.at,
                )
            if (change := _apply(mine, unit, reviewer, today, shown)) is not None:
                changes[unit.id] = change
        except DataFileError as error:
            refused.append(error)
    if changes:
        merged = replace(current, units=tuple(changes.get(u.id, u) for u in current.units))
        atomic.write_bytes(target_path, xliff.write(merged))
    reviewed = sum(1 for i, u in changes.items() if u.state is State.REVIEWED and by_id[i] != u)
    summary = (
        f"{display(target_path)}: {len(changes)} unit(s) updated, {reviewed} reviewed, "
        f"{len(refused)} refused"
    )
    return Imported(summary, tuple(refused))


def _apply(
    mine: TransUnit, theirs: TransUnit, reviewer: str | None, today: dt.date, shown: str
) -> TransUnit | None:
    """The memory's unit with the returned one applied; None when nothing changes. A
    changed target is a translator's edit whatever state the tool left; signed-off text
    is credited to `reviewer`; reviewed text is only ever replaced by signed-off text."""
    comments = tuple(dict.fromkeys((*mine.comments, *theirs.comments)))
    edited = bool(theirs.target) and theirs.target != mine.target
    if theirs.state is State.REVIEWED and (edited or not xliff.review_intact(mine)):
        if not reviewer:
            raise DataFileError(
                shown,
                f"unit {theirs.id} is signed off: name its reviewer with --reviewer",
                theirs.at,
            )
        target = theirs.target or ""
        return replace(
            mine,
            target=target,
            state=State.REVIEWED,
            reviewer=reviewer,
            reviewed_on=today,
            review_hash=xliff.review_hash(mine.source, target),
            previous_source=None,
            comments=comments,
        )
    if edited and mine.state is State.REVIEWED and xliff.review_intact(mine):
        raise DataFileError(
            shown,
            f"unit {theirs.id} was reviewed by {mine.reviewer} on {mine.reviewed_on}, and this "
            "file's text for it is not signed off (an older export?): not imported, the "
            "reviewed text stays; sign the unit off to replace it",
            theirs.at,
        )
    if edited:
        return replace(
            mine,
            target=theirs.target,
            state=State.TRANSLATED,
            translated_on=today,
            engine=None,
            glossary=None,
            reviewer=None,
            reviewed_on=None,
            review_hash=None,
            comments=comments,
        )
    return replace(mine, comments=comments) if comments != mine.comments else None
