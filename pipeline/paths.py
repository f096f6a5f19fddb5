"""Paths as people see them in messages."""

from __future__ import annotations

from pathlib import Path


def display(path: Path) -> str:
    """A path as people see it in messages: relative to the working folder when inside it."""
    if path.is_absolute() and path.is_relative_to(Path.cwd()):
        return path.relative_to(Path.cwd()).as_posix()
    return path.as_posix()


#: The output formats, in the order builds list them (`pipeline.writers.WRITERS` has one
#: writer for each); known without importing a writer.
FORMATS = ("html", "docx", "txt")
