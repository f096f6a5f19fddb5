"""The Nu HTML Checker (npm vnu-jar) on every page, in as few Java processes as possible.

Java takes about a second to start, so all pages go to one call (in batches far below any
command-line limit). Only errors are reported: vnu's warnings, such as a missing `lang`,
are WCAG questions that axe-core grades. Language detection is off: it is slow, and it
only ever gives warnings.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from pipeline.a11y import GOOD_PAGE, Checked, CheckerError, Output, node_package_file, unavailable
from pipeline.model import Finding, Location, Severity
from pipeline.rules import Example, Rule

VALID = Rule(
    "a11y.vnu",
    Severity.ERROR,
    "the Nu HTML Checker finds the page's HTML invalid",
    GOOD_PAGE,
    Example("file", "a11y/invalid.html"),
)
RULES = (VALID,)

NAME = "Nu Html Checker"
JAR = "vnu-jar/build/dist/vnu.jar"
#: Pages per Java process.
BATCH = 500
#: vnu needs a deep stack for its schema; the quick JIT halves a batch's time.
JVM_OPTIONS = ("-Xss4m", "-XX:TieredStopAtLevel=1")
OPTIONS = ("--errors-only", "--no-langdetect", "--format", "json", "--stdout")
#: Seconds a batch may take; vnu checks about 50 pages a second.
TIMEOUT = 600.0


def missing() -> str | None:
    """What stops the Nu checker from running here, if anything."""
    if shutil.which("java") is None:
        return "no Java runtime (Debian package default-jre-headless)"
    if node_package_file(JAR) is None:
        return f"node_modules/{JAR} is missing (npm ci --ignore-scripts)"
    return None


def check(pages: Sequence[Output]) -> Checked:
    if (reason := missing()) is not None:
        return unavailable(NAME, reason, pages)
    java, jar = shutil.which("java"), node_package_file(JAR)
    assert java is not None and jar is not None, "missing() checked them"
    shown = {page.path.resolve(): page.shown for page in pages}
    findings: list[Finding] = []
    version = "?"
    for start in range(0, len(pages), BATCH):
        batch = [str(page.path) for page in pages[start : start + BATCH]]
        report = _run([java, *JVM_OPTIONS, "-jar", str(jar), *OPTIONS, *batch])
        version = str(report.get("version", version)).split()[0]  # "26.9.27 (c6ba02c)"
        findings.extend(_finding(message, shown) for message in report.get("messages", ()))
    return Checked(tuple(findings), f"{NAME} {version}")


def _run(command: list[str]) -> dict[str, Any]:
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise CheckerError(f"{NAME}: cannot run java: {error}") from None
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        report = None
    if done.returncode not in (0, 1) or not isinstance(report, dict):
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise CheckerError(f"{NAME} failed (exit {done.returncode}): {detail[0]}")
    return report


def _finding(message: dict[str, Any], shown: dict[Path, str]) -> Finding:
    """vnu's error at its first line and column; errors about the file itself at line 1."""
    url = str(message.get("url", ""))
    path = Path(unquote(urlparse(url).path)) if url.startswith("file:") else Path(url)
    line = int(message.get("firstLine", message.get("lastLine", 1)))
    column = int(message.get("firstColumn", message.get("lastColumn", 1)))
    return VALID.finding(
        " ".join(str(message.get("message", "")).split()),
        Location(shown.get(path.resolve(), url), line, column),
    )
