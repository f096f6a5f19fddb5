"""Errors that stop one sheet (not the build), always naming the file and, if known, the line."""

from __future__ import annotations


class SourceError(Exception):
    """A source sheet that cannot be read; other sheets still build."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"
