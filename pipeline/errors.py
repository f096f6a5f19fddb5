"""Errors about one file, always naming it and, when known, the line."""

from __future__ import annotations


class LocatedError(Exception):
    """Something wrong in a file a person wrote; the message says `path:line: what`."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class SourceError(LocatedError):
    """A source sheet that cannot be read; the other sheets still build."""


class DataFileError(LocatedError):
    """A project data file (word list, plain-language list, baseline) that cannot be used;
    the run stops, because every sheet would be judged wrongly without it."""
