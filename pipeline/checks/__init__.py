"""Checks look at a document and report findings; each module exports CHECKS and RULES.

A check is a plain function `check(document, context) -> Iterable[Finding]`. Adding one is
one function, one entry in its module's CHECKS, and one Rule record in its RULES with a
passing and a failing example (tests/test_rules.py runs both through the check), and the
module listed in `pipeline.rules.DECLARING` if it is a new one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pipeline.checks import readability, review, spelling, structure
from pipeline.checks.context import Context
from pipeline.model import Document, Finding

Check = Callable[[Document, Context], Iterable[Finding]]

CHECKS: tuple[Check, ...] = (
    *structure.CHECKS,
    *review.CHECKS,
    *readability.CHECKS,
    *spelling.CHECKS,
)

__all__ = ["CHECKS", "Check", "Context"]
