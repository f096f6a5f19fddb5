"""The readability regression gate: a sheet may not get harder to read than its baseline.

The committed baseline (`readability-baseline.json`) records, per sheet, the gated
metrics and a short hash of every sentence. A gated metric that rises by more than the
tolerance fails the audit, naming the sentences that are new since the baseline, hardest
first: those are the ones that made the sheet harder. Sheets not in the baseline are held
to the ceilings (`readability.grade`, `readability.smog`). Improvements never fail;
`make baseline` records them on purpose.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import atomic
from pipeline.checks.context import at_sheet
from pipeline.config import Config
from pipeline.errors import DataFileError
from pipeline.model import Document, Finding, Severity
from pipeline.reading_level import Measurement
from pipeline.rules import Example, Rule

#: The examples' baseline: the example sheet at grade 5.
_BASELINE = (
    (
        "readability-baseline.json",
        '{"version": 1, "sheets": {"sources/example.txt": '
        '{"metrics": {"flesch_kincaid_grade": 5.0}, "sentences": []}}}',
    ),
)
REGRESSION = Rule(
    "readability.regression",
    Severity.ERROR,
    "a gated reading-level metric rose above the sheet's baseline",
    Example("sheet.txt", "Fever\n\nGive it with food. Call us if you are sick.\n", files=_BASELINE),
    Example(
        "sheet.txt",
        "Fever\n\nIntravenous administration necessitates continuous cardiopulmonary "
        "monitoring and meticulous documentation of hemodynamic parameters.\n",
        files=_BASELINE,
    ),
)
RULES = (REGRESSION,)

VERSION = 1
#: How many of the new sentences a regression message quotes.
QUOTED = 3


@dataclass(frozen=True)
class SheetBaseline:
    metrics: Mapping[str, float]
    sentences: frozenset[str]


Baseline = dict[str, SheetBaseline]


def key(path: Path, config: Config) -> str:
    """A sheet's name in the baseline: its path relative to the project folder."""
    project = config.sources.resolve().parent
    resolved = path.resolve()
    return (
        resolved.relative_to(project).as_posix()
        if resolved.is_relative_to(project)
        else path.as_posix()
    )


def sentence_hash(text: str) -> str:
    """Short and stable; spacing and case changes do not make a sentence "new"."""
    return hashlib.sha256(" ".join(text.lower().split()).encode("utf-8")).hexdigest()[:12]


def load(path: Path) -> Baseline:
    """The baseline at `path`; an absent file is an empty baseline (every sheet is new)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    try:
        data = json.loads(text)
        if data.get("version") != VERSION:
            raise DataFileError(
                str(path),
                f"baseline version {data.get('version')!r} is not {VERSION}; run `make baseline`",
            )
        return {
            sheet: SheetBaseline(
                {name: float(value) for name, value in entry["metrics"].items()},
                frozenset(entry["sentences"]),
            )
            for sheet, entry in data["sheets"].items()
        }
    except json.JSONDecodeError as error:
        raise DataFileError(str(path), f"not valid JSON: {error.msg}", error.lineno) from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise DataFileError(
            str(path), f"not a readability baseline ({error!r}); run `make baseline`"
        ) from None


def save(path: Path, entries: Mapping[str, SheetBaseline]) -> bool:
    """Write the baseline atomically, sorted, so its diff shows exactly what changed."""
    data: dict[str, Any] = {
        "version": VERSION,
        "sheets": {
            sheet: {
                "metrics": dict(sorted(entry.metrics.items())),
                "sentences": sorted(entry.sentences),
            }
            for sheet, entry in sorted(entries.items())
        },
    }
    return atomic.write_bytes(path, (json.dumps(data, indent=2) + "\n").encode("utf-8"))


def entry(measurement: Measurement, config: Config) -> SheetBaseline:
    metrics = {name: measurement.metrics[name] for name in config.readability.gated}
    return SheetBaseline(metrics, frozenset(sentence_hash(s.text) for s in measurement.sentences))


def regressions(
    sheet: str,
    measurement: Measurement,
    before: SheetBaseline | None,
    config: Config,
    document: Document,
) -> Iterable[Finding]:
    if before is None:
        return
    tolerance = config.readability.tolerance
    for name in config.readability.gated:
        old, new = before.metrics.get(name), measurement.metrics.get(name)
        if old is None or new is None or new <= old + tolerance:
            continue
        fresh = [s for s in measurement.hardest() if sentence_hash(s.text) not in before.sentences]
        quoted = "; ".join(f"{s.loc.place}: {s.text!r}" for s in fresh[:QUOTED])
        yield REGRESSION.finding(
            f"{sheet}: {name} rose from {old:.2f} to {new:.2f} (allowed: +{tolerance:.2f})"
            + (f"; new or changed sentences, hardest first: {quoted}" if quoted else ""),
            fresh[0].loc if fresh else at_sheet(document),
            suggestion="simplify the quoted sentences, or run `make baseline` if this is intended",
        )
