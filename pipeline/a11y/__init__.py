"""Accessibility checks of the built outputs, as families and their tools meet them.

HTML pages are judged in a real browser (axe-core in headless Chromium, plus reflow, text
spacing and print) and by the Nu HTML Checker; Word and plain-text files by rules read from
their bytes. Every problem is a `Finding` like the audit's, located in the output file.
The external checkers come from Debian (chromium, a Java runtime) and npm (axe-core,
vnu-jar); when one is missing the run says so with an `a11y.unavailable` finding instead
of passing silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.model import Finding, Location, Severity
from pipeline.rules import Example, Rule

#: A page that passes every check (tests/fixtures/a11y/).
GOOD_PAGE = Example("file", "a11y/good.html")
UNAVAILABLE = Rule(
    "a11y.unavailable",
    Severity.ERROR,
    "an accessibility checker is not installed, so files went unchecked",
    GOOD_PAGE,
    Example("file, no checkers", "a11y/good.html"),
)
RULES = (UNAVAILABLE,)

#: What a person runs to get every external checker; the Makefile installs them all.
INSTALL = "make deps (Debian chromium and default-jre-headless, then npm ci --ignore-scripts)"


@dataclass(frozen=True)
class Output:
    """An output file, and its path as findings show it (relative to the working folder)."""

    path: Path
    shown: str


@dataclass(frozen=True)
class Checked:
    """What one checker found, and its name and version for the summary and the report."""

    findings: tuple[Finding, ...]
    checker: str


class CheckerError(Exception):
    """A checker ran but failed in a way no output file explains (a runtime error)."""


def node_package_file(relative: str) -> Path | None:
    """A file inside `node_modules/`, or None when `npm ci` has not installed it.

    `npm ci` installs into the project folder: normally the working folder, else the one
    this package is installed from in editable mode.
    """
    for folder in (Path.cwd(), Path(__file__).resolve().parents[2]):
        candidate = folder / "node_modules" / relative
        if candidate.is_file():
            return candidate
    return None


def unavailable(checker: str, missing: str, outputs: Sequence[Output]) -> Checked:
    """One finding for a checker that cannot run, so a broken set-up never looks clean."""
    finding = UNAVAILABLE.finding(
        f"{checker} did not check {len(outputs)} file(s): {missing}; install: {INSTALL}",
        Location(outputs[0].shown, 1),
    )
    return Checked((finding,), f"{checker} (not run)")
