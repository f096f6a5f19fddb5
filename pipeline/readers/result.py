"""What every reader returns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.fidelity import Removed, Visible
from pipeline.model import Document, Finding


@dataclass(frozen=True)
class ReadResult:
    """The document and anything odd about how it was read (e.g. its encoding), with what
    the fidelity check (`pipeline.fidelity`) needs: the source's visible text, and the text
    the reader left out on purpose, each piece with the rule that removed it."""

    document: Document
    findings: tuple[Finding, ...] = ()
    #: None only from a reader that cannot say yet: its sheets are not checked for loss.
    visible: tuple[Visible, ...] | None = None
    removed: tuple[Removed, ...] = ()


@dataclass(frozen=True)
class Parsed:
    """A markup sheet (web page, Markdown) parsed from its decoded text: the document, the
    text a reader of it sees, what was left out, and the parser's findings."""

    document: Document
    visible: tuple[Visible, ...]
    removed: tuple[Removed, ...]
    findings: tuple[Finding, ...] = ()

    def result(self, decoding: Sequence[Finding]) -> ReadResult:
        """What the reader returns, the decoding's findings first."""
        return ReadResult(self.document, (*decoding, *self.findings), self.visible, self.removed)
