"""Build every sheet in `sources/` into `outputs/<lang>/<sheet>.<format>`.

One sheet that cannot be read or written is reported and skipped; the others still
build. Sources are only ever read.

Builds are incremental by content (`pipeline.manifest`): a sheet's entry in
`outputs/.manifest.json` is a digest of its source's bytes, the settings that shape
outputs and the model version, and each output's hash. A sheet is skipped only when all
of those still match, so an edited source, changed settings, a new model, or an output
edited or deleted by hand rebuilds it. Skipping needs neither a reader nor a writer, so
a build with nothing to do imports neither.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline import atomic, manifest
from pipeline.config import Config
from pipeline.errors import SourceError
from pipeline.model import Finding
from pipeline.parallel import Progress, process_map
from pipeline.paths import FORMATS, PathError, display, sheet_file
from pipeline.policy import Policy

MANIFEST_NAME = ".manifest.json"


@dataclass(frozen=True)
class SheetResult:
    """What happened to one source: the outputs written or the error that stopped it."""

    source: str
    outputs: tuple[Path, ...] = ()
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    #: Skipped because its outputs were already up to date (it was not even read).
    unchanged: bool = False
    #: Its source is gone: `outputs` lists the files removed.
    gone: bool = False
    #: Why it was built into drafts, not for families (`Meta.withheld`).
    withheld: str | None = None


@dataclass(frozen=True)
class _Rendered:
    """One sheet read and rendered (in a worker process); the parent claims and writes it."""

    stem: str = ""
    files: tuple[tuple[str, bytes], ...] = ()
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    #: Why it was built into drafts, not for families (`Meta.withheld`).
    withheld: str | None = None
    #: Withheld for a review date in the future: the date it becomes publishable.
    until: dt.date | None = None


def build(
    config: Config, sources: Iterable[Path], jobs: int = 1, progress: Progress | None = None
) -> list[SheetResult]:
    """Build outdated sheets in `jobs` processes, skip the rest; results in source order.

    `progress(done, total)` is called as sheets finish, for a progress display."""
    paths = list(sources)
    recorded = manifest.load(config.outputs / MANIFEST_NAME)
    settings = manifest.settings_digest(config)
    keys = [_key(path, config) for path in paths]
    limit = config.text_reader.max_bytes
    inputs = [_inputs(path, settings, limit) for path in paths]
    today = dt.date.today()
    fresh = [
        _unchanged(recorded.get(key), digest, config.outputs, today)
        for key, digest in zip(keys, inputs, strict=True)
    ]
    outdated = [path for path, entry in zip(paths, fresh, strict=True) if entry is None]
    # Judging needs the rule catalogue: loaded once here, and inherited by the workers.
    work = _Work(config, Policy(config) if outdated else None, today)
    results: list[SheetResult] = []
    built: dict[str, manifest.Entry] = {}
    claimed: dict[str, str] = {}
    # Closed here, not when garbage is collected: a run stopped while it writes must stop
    # its workers before it exits, or the exit waits for every sheet they have left.
    with closing(process_map(_render, outdated, shared=work, jobs=jobs)) as rendered:
        for path, key, digest, entry in zip(paths, keys, inputs, fresh, strict=True):
            if progress is not None:
                progress(len(results), len(paths))
            shown = display(path)
            if entry is not None:
                stem = _stem(entry)
                if message := _claim(claimed, stem, shown):
                    results.append(SheetResult(shown, error=message))
                else:
                    outputs = tuple(config.outputs / f"{stem}.{ext}" for ext in FORMATS)
                    results.append(SheetResult(shown, outputs, unchanged=True))
                continue
            item = next(rendered)
            if message := item.error or _claim(claimed, item.stem, shown):
                results.append(SheetResult(shown, findings=item.findings, error=message))
                continue
            result = _write(item, config.outputs, shown)
            results.append(result)
            if result.error is None:
                _remove_replaced(recorded.get(key), item, config.outputs)
                if digest is not None:
                    details = manifest.until(item.until)
                    built[key] = manifest.Entry(digest, manifest.hashes(item.files), details)
    results += _save_manifest(config, recorded, built)
    if progress is not None:
        progress(len(results), len(paths))
    return results


def _inputs(path: Path, settings: str, limit: int) -> str | None:
    """The digest of what a sheet's outputs are made from — the sheet, the pictures beside
    it that it names, the settings and the model version; None when it cannot be read."""
    source = manifest.file_hash(path)
    if source is None:
        return None
    pictures = _pictures(path, limit)
    return manifest.digest(source, *pictures, settings, str(manifest.MODEL_VERSION))


#: A picture a Markdown or web sheet names: ![alt](file) or <img src="file">.
_PICTURE = re.compile(
    r"!\[[^\]]*\]\(\s*<?([^)\s>]+)|<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.I
)
#: The candidates of a `srcset` (on <img> or a <picture>'s <source>): "a.jpg 1x, b.jpg 2x".
_SRCSET = re.compile(r"\bsrcset\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.I)
_NAMES_PICTURES = {".md", ".html", ".htm"}


def _pictures(path: Path, limit: int) -> list[str]:
    """ "name=hash" of each local picture the sheet names ("name=missing" when absent), so
    a picture changed, added or removed beside the sheet rebuilds it. A sheet over `limit`
    bytes is not read here: its reader refuses it, so no picture of it counts."""
    if path.suffix.lower() not in _NAMES_PICTURES:
        return []
    try:
        if path.stat().st_size > limit:
            return []
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    names = [match.group(1) or match.group(2) for match in _PICTURE.finditer(text)]
    for match in _SRCSET.finditer(text):
        candidates = (match.group(1) or match.group(2) or "").split(",")
        names += [words[0] for words in (c.split() for c in candidates) if words]
    found = []
    for name in names:
        if "://" in name or name.startswith(("data:", "#")):
            continue
        target = path.parent / name  # a regular file only: a pipe would never end
        found.append(f"{name}={(target.is_file() and manifest.file_hash(target)) or 'missing'}")
    return sorted(set(found))


def _unchanged(
    entry: manifest.Entry | None, inputs: str | None, outputs: Path, today: dt.date
) -> manifest.Entry | None:
    """The sheet's entry if its outputs are as its inputs would make them now, with one
    output of every format (a new writer rebuilds every sheet); else None. A sheet withheld
    for a review date in the future is rebuilt once that date has come."""
    if entry is None or inputs is None or not manifest.fresh(entry, inputs, outputs, today):
        return None
    formats = {PurePosixPath(name).suffix[1:] for name in entry.outputs}
    return entry if formats >= set(FORMATS) else None


def _stem(entry: manifest.Entry) -> str:
    """`en/aldesleukin`: the sheet's claim on an output name (that of its first format;
    pictures beside it are named after it too)."""
    first = next(name for name in entry.outputs if name.endswith(f".{FORMATS[0]}"))
    return PurePosixPath(first).with_suffix("").as_posix()


def _remove_replaced(old: manifest.Entry | None, item: _Rendered, outputs: Path) -> None:
    """Files the sheet's last build wrote and this one did not (it moved between the
    families' folder and drafts, or a picture changed): outputs mirror the sheet as it is."""
    if old is not None:
        kept = {name for name, _ in item.files}
        gone = {name: digest for name, digest in old.outputs.items() if name not in kept}
        manifest.remove_outputs(manifest.Entry(old.inputs, gone), outputs)


def _claim(claimed: dict[str, str], stem: str, shown: str) -> str | None:
    """Record that `shown` writes `stem`; an error message if an earlier source does."""
    if (other := claimed.get(stem)) is not None:
        return f"{shown}: sheet name '{PurePosixPath(stem).name}' is already used by {other}"
    claimed[stem] = shown
    return None


@dataclass(frozen=True)
class _Work:
    config: Config
    policy: Policy | None
    today: dt.date


def _render(work: _Work, path: Path) -> _Rendered:
    # Readers and writers are imported only when there is something to render.
    from pipeline.readers import held_until, read_publishable  # noqa: PLC0415
    from pipeline.writers import WRITERS, attachments  # noqa: PLC0415

    config, policy = work.config, work.policy
    assert policy is not None, "made when there is something to render"
    shown = display(path)
    try:
        result = read_publishable(path, config, policy, work.today, shown)
    except SourceError as error:
        return _Rendered(error=str(error))
    document = result.document
    rendered: list[tuple[str, bytes]] = []
    for extension, writer in WRITERS.items():
        try:
            rendered.append((extension, writer(document)))
        except Exception as error:  # a writer bug must not stop the other sheets
            message = f"{shown}: internal error in the {extension} writer: {error!r}"
            return _Rendered(findings=result.findings, error=message)
    withheld = document.meta.withheld is not None
    try:
        files = tuple(
            (_output_name(config, document.name, suffix, withheld), data)
            for suffix, data in [*rendered, *attachments(document)]
        )
    except PathError as error:
        return _Rendered(findings=result.findings, error=f"{shown}: {error}")
    stem = PurePosixPath(files[0][0]).with_suffix("").as_posix()
    until = held_until(document.meta)
    return _Rendered(stem, files, result.findings, withheld=document.meta.withheld, until=until)


def _output_name(config: Config, name: str, suffix: str, withheld: bool) -> str:
    """outputs/en/<name>.<suffix> (outputs/drafts/en/ for a sheet withheld from families)
    as the manifest names it: relative to outputs/."""
    path = sheet_file(config.outputs, config.language, name, suffix, draft=withheld)
    return path.relative_to(config.outputs).as_posix()


def _write(item: _Rendered, outputs: Path, shown: str) -> SheetResult:
    written: list[Path] = []
    for name, data in item.files:
        target = outputs / name
        try:
            atomic.write_bytes(target, data)
        except OSError as error:
            message = f"{shown}: cannot write {display(target)}: {error.strerror}"
            return SheetResult(shown, tuple(written), item.findings, message)
        written.append(target)
    return SheetResult(shown, tuple(written), item.findings, withheld=item.withheld)


def _key(path: Path, config: Config) -> str:
    """The manifest's name for a source: relative to `sources/` when inside it, so the
    manifest does not depend on where the project is checked out."""
    resolved, sources = path.resolve(), config.sources.resolve()
    if resolved.is_relative_to(sources):
        return resolved.relative_to(sources).as_posix()
    return resolved.as_posix()


def _save_manifest(
    config: Config, old: dict[str, manifest.Entry], built: dict[str, manifest.Entry]
) -> list[SheetResult]:
    """Keep entries of failed or skipped sheets as they were; remove the outputs of sheets
    whose source is gone (deleted or renamed), so outputs mirror sources; clear temporary
    files a killed build left behind. One result per sheet whose outputs were removed."""
    entries: dict[str, manifest.Entry] = {}
    gone: list[SheetResult] = []
    for key, entry in old.items():
        source = _source_path(key, config)
        if source.exists() or source.is_symlink():
            entries[key] = entry
        elif removed := manifest.remove_outputs(entry, config.outputs):
            gone.append(SheetResult(display(source), tuple(removed), gone=True))
    entries.update(built)
    manifest.save(config.outputs / MANIFEST_NAME, entries)
    folders = {config.outputs} | {
        (config.outputs / name).parent for entry in entries.values() for name in entry.outputs
    }
    for folder in sorted(folders):
        atomic.remove_leftovers(folder)
    return gone


def _source_path(key: str, config: Config) -> Path:
    path = Path(key)
    return path if path.is_absolute() else config.sources / path
