"""Build every sheet in `sources/` into `outputs/<lang>/<sheet>.<format>`.

One sheet that cannot be read or written is reported and skipped; the others still
build. Sources are only ever read.

Builds are incremental by content hash, not modification time (copies, checkouts and
archives change mtimes without changing content): `outputs/.manifest.json` records, per
source, the hashes of its bytes, of the settings that shape outputs, `MODEL_VERSION`, and
of each output's bytes. A sheet is skipped only when all of those still match, so an edited
source, changed settings, a new model, or an output edited or deleted by hand rebuilds it.
The manifest is written after the outputs; a killed build leaves the old one, whose
hashes then no longer match what was rewritten, so nothing is wrongly skipped.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline import atomic
from pipeline.config import Config
from pipeline.errors import SourceError
from pipeline.languages import primary
from pipeline.model import Finding
from pipeline.paths import display
from pipeline.readers import read
from pipeline.writers import WRITERS

#: Bump whenever the document model, a reader or a writer changes what outputs contain:
#: every sheet is then rebuilt once.
MODEL_VERSION = 1
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


@dataclass(frozen=True)
class _Entry:
    """The manifest's record of one source's last successful build."""

    source: str
    config: str
    model: int
    #: Output path relative to `outputs/` (posix) → sha256 of its bytes.
    outputs: dict[str, str]

    def stem(self) -> str:
        """`en/aldesleukin`: the sheet's claim on an output name."""
        return PurePosixPath(next(iter(self.outputs))).with_suffix("").as_posix()


@dataclass(frozen=True)
class _Rendered:
    """One sheet read and rendered (in a worker process); the parent claims and writes it."""

    stem: str = ""
    files: tuple[tuple[str, bytes], ...] = ()
    findings: tuple[Finding, ...] = ()
    error: str | None = None


def discover(sources: Path) -> list[Path]:
    """Source sheets in `sources`, in a stable order; hidden and editor lock files skipped."""
    return sorted(
        path
        for path in sources.rglob("*")
        if path.is_file() and not path.name.startswith((".", "~$")) and path.name != "README.md"
    )


def settings_digest(config: Config) -> str:
    """Hash of the settings readers use; paths are left out so the digest (and the
    manifest) is the same on every machine, and audit or translation settings do not
    rebuild the English outputs."""
    shaping = (config.language, config.review_cycle_years, config.urgent, config.text_reader)
    return hashlib.sha256(repr(shaping).encode("utf-8")).hexdigest()


Progress = Callable[[int, int], None]


def build(
    config: Config, sources: Iterable[Path], jobs: int = 1, progress: Progress | None = None
) -> list[SheetResult]:
    """Build outdated sheets in `jobs` processes, skip the rest; results in source order.

    `progress(done, total)` is called as sheets finish, for a progress display."""
    paths = list(sources)
    manifest = _load_manifest(config.outputs / MANIFEST_NAME)
    digest = settings_digest(config)
    keys = [_key(path, config) for path in paths]
    hashes = [file_hash(path) for path in paths]
    fresh = [
        entry
        if (entry := manifest.get(key)) and _is_fresh(entry, source, digest, config.outputs)
        else None
        for key, source in zip(keys, hashes, strict=True)
    ]
    outdated = [path for path, entry in zip(paths, fresh, strict=True) if entry is None]
    rendered = _render_all(config, outdated, jobs)
    results: list[SheetResult] = []
    built: dict[str, _Entry] = {}
    claimed: dict[str, str] = {}
    for path, key, source, entry in zip(paths, keys, hashes, fresh, strict=True):
        if progress is not None:
            progress(len(results), len(paths))
        shown = display(path)
        if entry is not None:
            if message := _claim(claimed, entry.stem(), shown):
                results.append(SheetResult(shown, error=message))
            else:
                stem = entry.stem()  # outputs in WRITERS order, as a build lists them
                outputs = tuple(config.outputs / f"{stem}.{ext}" for ext in WRITERS)
                results.append(SheetResult(shown, outputs, unchanged=True))
            continue
        item = next(rendered)
        if message := item.error or _claim(claimed, item.stem, shown):
            results.append(SheetResult(shown, findings=item.findings, error=message))
            continue
        result = _write(item, config.outputs, shown)
        results.append(result)
        if result.error is None and source is not None:
            written = {name: hashlib.sha256(data).hexdigest() for name, data in item.files}
            built[key] = _Entry(source, digest, MODEL_VERSION, written)
    _save_manifest(config, manifest, built)
    if progress is not None:
        progress(len(results), len(paths))
    return results


def _claim(claimed: dict[str, str], stem: str, shown: str) -> str | None:
    """Record that `shown` writes `stem`; an error message if an earlier source does."""
    if (other := claimed.get(stem)) is not None:
        return f"{shown}: sheet name '{PurePosixPath(stem).name}' is already used by {other}"
    claimed[stem] = shown
    return None


def _render_all(config: Config, paths: list[Path], jobs: int) -> Iterator[_Rendered]:
    """Rendered sheets in the order of `paths`; forked workers when more than one job."""
    jobs = max(1, min(jobs, len(paths)))
    if jobs == 1:
        yield from (_render(config, path) for path in paths)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    chunk = max(1, len(paths) // (jobs * 8))  # small enough to keep every worker busy
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method)) as pool:
        yield from pool.map(partial(_render, config), paths, chunksize=chunk)


def _render(config: Config, path: Path) -> _Rendered:
    shown = display(path)
    try:
        result = read(path, config, shown)
    except SourceError as error:
        return _Rendered(error=str(error))
    document = result.document
    stem = f"{primary(document.meta.lang)}/{document.name}"
    files: list[tuple[str, bytes]] = []
    for extension, writer in WRITERS.items():
        try:
            files.append((f"{stem}.{extension}", writer(document)))
        except Exception as error:  # a writer bug must not stop the other sheets
            message = f"{shown}: internal error in the {extension} writer: {error!r}"
            return _Rendered(findings=result.findings, error=message)
    return _Rendered(stem, tuple(files), result.findings)


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
    return SheetResult(shown, tuple(written), item.findings)


def _key(path: Path, config: Config) -> str:
    """The manifest's name for a source: relative to `sources/` when inside it, so the
    manifest does not depend on where the project is checked out."""
    resolved, sources = path.resolve(), config.sources.resolve()
    if resolved.is_relative_to(sources):
        return resolved.relative_to(sources).as_posix()
    return resolved.as_posix()


def file_hash(path: Path) -> str | None:
    """sha256 of the file's bytes; None when it cannot be read (the reader says why)."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def _is_fresh(entry: _Entry, source: str | None, digest: str, outputs: Path) -> bool:
    if (entry.source, entry.config, entry.model) != (source, digest, MODEL_VERSION):
        return False
    if sorted(PurePosixPath(name).suffix[1:] for name in entry.outputs) != sorted(WRITERS):
        return False
    return all(file_hash(outputs / name) == sha for name, sha in entry.outputs.items())


def _load_manifest(path: Path) -> dict[str, _Entry]:
    """The recorded entries; a missing manifest is empty, an unusable one too (every sheet
    is rebuilt) with a warning, because losing it costs time, never correctness."""
    try:
        data = json.loads(path.read_bytes())
        if data.get("version") != 1:
            raise ValueError("unknown manifest version")
        return {key: _entry(value) for key, value in data["sheets"].items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        print(
            f"warning: {display(path)}: unusable ({error}); rebuilding every sheet",
            file=sys.stderr,
        )
        return {}


def _entry(value: Any) -> _Entry:
    entry = _Entry(value["source"], value["config"], value["model"], dict(value["outputs"]))
    if not (
        isinstance(entry.source, str)
        and isinstance(entry.config, str)
        and isinstance(entry.model, int)
        and entry.outputs
        and all(isinstance(v, str) for v in entry.outputs.values())
    ):
        raise ValueError("malformed entry")
    return entry


def _save_manifest(config: Config, old: dict[str, _Entry], built: dict[str, _Entry]) -> None:
    """Keep entries of failed or skipped sheets as they were, drop those whose source is
    gone (their outputs stay: deleting files people may have handed out is their call), and
    clear temporary files a killed build left behind."""
    entries = {key: entry for key, entry in old.items() if _source_path(key, config).exists()}
    entries.update(built)
    sheets = {
        key: {"config": e.config, "model": e.model, "outputs": e.outputs, "source": e.source}
        for key, e in sorted(entries.items())
    }
    text = json.dumps({"version": 1, "sheets": sheets}, indent=1, sort_keys=True) + "\n"
    atomic.write_bytes(config.outputs / MANIFEST_NAME, text.encode("utf-8"))
    folders = {config.outputs} | {
        (config.outputs / name).parent for entry in entries.values() for name in entry.outputs
    }
    for folder in sorted(folders):
        atomic.remove_leftovers(folder)


def _source_path(key: str, config: Config) -> Path:
    path = Path(key)
    return path if path.is_absolute() else config.sources / path
