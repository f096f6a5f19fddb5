"""Audit sheets: read each, run every check, apply the project's policy, judge the result.

The policy (`pipeline.policy`) is the one translation and accessibility findings get
too. A waiver that matches nothing is itself reported, so stale exceptions do not linger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import gate, reading_level, rules
from pipeline.checks import CHECKS, Context
from pipeline.config import Config, Waiver
from pipeline.errors import DataFileError, SourceError
from pipeline.languages import primary, readability
from pipeline.model import Document, Finding, Location, Severity
from pipeline.parallel import process_map
from pipeline.paths import display
from pipeline.policy import Policy
from pipeline.readers import read
from pipeline.readers.encoding import UNREADABLE
from pipeline.rules import Example, Rule
from pipeline.translate import xliff

UNKNOWN_RULE = Rule(
    "audit.unknown-rule",
    Severity.WARNING,
    "a sheet's audit-ignore line names no known rule",
    Example("sheet.txt", "Fever\n\naudit-ignore: review.missing\n\nGive it with food.\n"),
    Example("sheet.txt", "Fever\n\naudit-ignore: review.absent\n\nGive it with food.\n"),
)
RULES = (UNKNOWN_RULE,)

#: A section's metrics in reports: its heading (None before the first), line and numbers.
SectionMetrics = tuple[str | None, int, Mapping[str, float]]


@dataclass(frozen=True)
class SheetAudit:
    source: str
    findings: tuple[Finding, ...]
    metrics: Mapping[str, float]
    raw: Mapping[str, float]
    sections: tuple[SectionMetrics, ...] = ()
    #: The sheet's text by source line, (column of its first character, text), so reports
    #: can show a finding in context without reading the source again.
    text: Mapping[int, tuple[int, str]] = field(default_factory=dict)
    #: Reading ease of the sheet's translation memories (reviewed and draft segments
    #: alike), by language tag; see reading_level.translation_ease.
    translations: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    #: Why the sheet could not be read, if it could not.
    error: str | None = None


@dataclass(frozen=True)
class AuditResult:
    sheets: tuple[SheetAudit, ...]
    #: Findings about the audit itself rather than one sheet (e.g. unused waivers).
    general: tuple[Finding, ...]
    fail_level: Severity
    today: dt.date

    def findings(self) -> Iterator[Finding]:
        for sheet in self.sheets:
            yield from sheet.findings
        yield from self.general

    def counts(self) -> dict[Severity, int]:
        counts = dict.fromkeys(Severity, 0)
        for finding in self.findings():
            counts[finding.severity] += 1
        return counts

    def failed(self) -> bool:
        return any(finding.severity >= self.fail_level for finding in self.findings())


def audit(config: Config, sources: Iterable[Path], today: dt.date, jobs: int = 1) -> AuditResult:
    """Audit `sources` in `jobs` processes; raises ConfigError for settings naming unknown
    rules. Each process audits a contiguous share of the sheets with its own spelling
    process; results come back in source order."""
    policy = Policy(config)
    paths = list(sources)
    baseline = gate.load(config.readability.baseline)
    jobs = max(1, min(jobs, len(paths)))
    size = -(-len(paths) // jobs)  # contiguous shares: joined back, they keep source order
    shares = [paths[start : start + size] for start in range(0, len(paths), size)]
    if len(shares) > 1:
        reading_level.warm()  # loaded once here, shared with the workers by fork
    run = _AuditRun(config, today, baseline)
    results = list(process_map(_audit_share, shares, shared=run, jobs=jobs, chunksize=1))
    sheets = tuple(sheet for found, _ in results for sheet in found)
    policy.used.update(*(used for _, used in results))
    general = policy.unused_waivers(path.stem for path in paths)
    return AuditResult(sheets, general, policy.fail_level, today)


@dataclass(frozen=True)
class _AuditRun:
    """What every share of an audit run needs besides its sheets."""

    config: Config
    today: dt.date
    baseline: gate.Baseline


def _audit_share(run: _AuditRun, paths: list[Path]) -> tuple[list[SheetAudit], set[Waiver]]:
    policy = Policy(run.config)
    with Context(run.config, run.today) as context:
        return [_audit_sheet(path, context, run.baseline, policy) for path in paths], policy.used


def _audit_sheet(
    path: Path, context: Context, baseline: gate.Baseline, policy: Policy
) -> SheetAudit:
    shown = display(path)
    config = context.config
    try:
        result = read(path, config, shown)
    except SourceError as error:
        finding = UNREADABLE.finding(error.message, Location(shown, error.line or 1))
        findings = policy.judge([finding], path.stem)
        return SheetAudit(shown, findings, {}, {}, error=str(error))
    document = result.document
    found = [*result.findings, *_unknown_ignores(document)]
    for check in CHECKS:
        found.extend(check(document, context))
    measurement = reading_level.measured(document, context)
    key = gate.key(path, config)
    found.extend(gate.regressions(key, measurement, baseline.get(key), config, document))
    sections = tuple(
        (section.heading, section.loc.line, section.metrics) for section in measurement.sections
    )
    findings = policy.judge(found, path.stem, document.meta.ignores)
    text = {unit.loc.line: (unit.loc.col, unit.text) for unit in context.units(document)}
    return SheetAudit(
        shown,
        findings,
        measurement.metrics,
        measurement.raw,
        sections,
        text,
        _translations(document, config),
    )


def _translations(document: Document, config: Config) -> dict[str, dict[str, float]]:
    """Reading ease of each translation the memory holds for the sheet, by the formulas
    its language's profile names; a damaged memory is left out, not the audit of every
    sheet."""
    found = {}
    for lang in config.translation.languages:
        if not readability(lang).translation_formulas:
            continue
        path = config.translation.memory / primary(lang) / f"{document.name}.xlf"
        try:
            memory = xliff.load(path, config.translation.max_xliff_bytes)
        except DataFileError:  # `pipeline translate` fails that sheet, saying why
            continue
        targets = [u.target for u in memory.units if u.target] if memory else []
        if targets:
            found[lang] = reading_level.translation_ease(targets, lang)
    return found


def _unknown_ignores(document: Document) -> Iterator[Finding]:
    for rule in document.meta.ignores:
        if rules.lookup(rule) is None:
            yield UNKNOWN_RULE.finding(
                f"the sheet ignores {rule!r}, which is not a rule (`pipeline rules` lists them)",
                Location.whole(document.meta.loc.path),
            )
