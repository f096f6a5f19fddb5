"""Checks look at a document and report findings; each module exports CHECKS and RULES.

A check is a plain function `check(document, context) -> Iterable[Finding]`. Adding one is
one function, one entry in its module's CHECKS and RULES, and a failing and a passing
example in the tests (tests/test_rules.py makes sure every rule has both).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pipeline.checks import readability, review, spelling, structure
from pipeline.checks.context import Context
from pipeline.model import Document, Finding
from pipeline.readers import docx_reader

Check = Callable[[Document, Context], Iterable[Finding]]

CHECKS: tuple[Check, ...] = (
    *structure.CHECKS,
    *review.CHECKS,
    *readability.CHECKS,
    *spelling.CHECKS,
)

#: Rules reported by readers and by the audit itself rather than by a check.
OTHER_RULES = {
    "source.unreadable": "the sheet cannot be read (empty, binary, bad encoding, bad date…)",
    "source.encoding": "the sheet is not UTF-8 and was read as Windows-1252",
    "source.control-characters": "invisible control characters were removed",
    "readability.regression": "a gated reading-level metric rose above the sheet's baseline",
    "audit.unused-waiver": "a waiver in the settings matched no finding",
    "audit.unknown-rule": "a sheet's audit-ignore line names no known rule",
}

RULES: dict[str, str] = {
    **OTHER_RULES,
    **docx_reader.RULES,
    **structure.RULES,
    **review.RULES,
    **readability.RULES,
    **spelling.RULES,
}

__all__ = ["CHECKS", "RULES", "Check", "Context"]
