"""Build every sheet in `sources/` into `outputs/<lang>/<sheet>.<format>`.

One sheet that cannot be read or written is reported and skipped; the others still
build. Sources are only ever read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline import atomic
from pipeline.config import Config
from pipeline.errors import SourceError
from pipeline.languages import primary
from pipeline.model import Document, Finding
from pipeline.readers import read
from pipeline.writers import WRITERS


@dataclass(frozen=True)
class SheetResult:
    """What happened to one source: the outputs written or the error that stopped it."""

    source: str
    outputs: tuple[Path, ...] = ()
    findings: tuple[Finding, ...] = ()
    error: str | None = None


def discover(sources: Path) -> list[Path]:
    """Source sheets in `sources`, in a stable order; hidden and editor lock files skipped."""
    return sorted(
        path
        for path in sources.rglob("*")
        if path.is_file() and not path.name.startswith((".", "~$")) and path.name != "README.md"
    )


def output_dir(config: Config, document: Document) -> Path:
    """`outputs/<lang>`, with the primary language subtag: "en-US" → "en"."""
    return config.outputs / primary(document.meta.lang)


def build(config: Config, sources: Iterable[Path]) -> list[SheetResult]:
    results: list[SheetResult] = []
    claimed: dict[Path, str] = {}
    for path in sources:
        shown = display(path)
        try:
            result = read(path, config, shown)
        except SourceError as error:
            results.append(SheetResult(shown, error=str(error)))
            continue
        document = result.document
        folder = output_dir(config, document)
        if (other := claimed.get(folder / document.name)) is not None:
            message = f"{shown}: sheet name '{document.name}' is already used by {other}"
            results.append(SheetResult(shown, findings=result.findings, error=message))
            continue
        claimed[folder / document.name] = shown
        results.append(_write(document, folder, shown, result.findings))
    return results


def _write(
    document: Document, folder: Path, shown: str, findings: tuple[Finding, ...]
) -> SheetResult:
    outputs: list[Path] = []
    for extension, writer in WRITERS.items():
        target = folder / f"{document.name}.{extension}"
        try:
            atomic.write_bytes(target, writer(document))
        except OSError as error:
            message = f"{shown}: cannot write {display(target)}: {error.strerror}"
            return SheetResult(shown, tuple(outputs), findings, message)
        except Exception as error:  # a writer bug must not stop the other sheets
            message = f"{shown}: internal error in the {extension} writer: {error!r}"
            return SheetResult(shown, tuple(outputs), findings, message)
        outputs.append(target)
    return SheetResult(shown, tuple(outputs), findings)


def display(path: Path) -> str:
    """A path as people see it in messages: relative to the working folder when inside it."""
    if path.is_absolute() and path.is_relative_to(Path.cwd()):
        return path.relative_to(Path.cwd()).as_posix()
    return path.as_posix()
