"""Checks look at a document and report findings; each module exports a CHECKS tuple.

A check is a plain function `check(document, context) -> Iterable[Finding]`. Adding one is
one function, one entry in its module's CHECKS, and a failing and a passing example in
the tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pipeline.checks.context import Context
from pipeline.model import Document, Finding

Check = Callable[[Document, Context], Iterable[Finding]]

__all__ = ["Check", "Context"]
