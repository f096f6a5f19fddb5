"""Readers turn a source file into the document model; one entry per file suffix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline import emphasis
from pipeline.config import Config
from pipeline.errors import SourceError
from pipeline.readers import docx_reader, html_reader, markdown_reader, text
from pipeline.readers.result import ReadResult

Reader = Callable[[Path, str, Config], ReadResult]

READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".html": html_reader.read,
    ".htm": html_reader.read,
    ".md": markdown_reader.read,
    ".docx": docx_reader.read,
}


def read(path: Path, config: Config, display: str | None = None) -> ReadResult:
    """Read `path` with the reader for its suffix, then mark urgent phrases.

    `display` is how the path appears in locations and messages (default: as given).
    """
    shown = display if display is not None else path.as_posix()
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise SourceError(shown, f"no reader for '{path.suffix}' files (known: {known})")
    result = reader(path, shown, config)
    return ReadResult(emphasis.mark_urgent(result.document, config), result.findings)
