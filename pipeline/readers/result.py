"""What every reader returns."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.model import Document, Finding


@dataclass(frozen=True)
class ReadResult:
    """The document and anything odd about how it was read (e.g. its encoding)."""

    document: Document
    findings: tuple[Finding, ...] = ()
