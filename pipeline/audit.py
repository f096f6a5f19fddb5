"""Audit sheets: read each, run every check, apply the project's policy, judge the result.

Policy, in order: a rule switched off in `[audit.rules]` is dropped; a re-graded rule
takes its new severity; a rule the sheet ignores inline ("audit-ignore:") is dropped;
a finding covered by a waiver in `[[audit.waivers]]` stays visible but drops to info,
its message carrying the waiver's reason. A waiver that matches nothing is itself
reported, so stale exceptions do not linger.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline import gate, reading_level
from pipeline.build import display
from pipeline.checks import CHECKS, RULES, Context
from pipeline.config import Config, ConfigError, Waiver
from pipeline.errors import SourceError
from pipeline.languages import primary
from pipeline.model import Document, Finding, Location, Severity
from pipeline.readers import read
from pipeline.translate import xliff

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
    #: Reading ease of the sheet's Spanish translation memory (reviewed and draft
    #: segments alike), by language tag; see reading_level.spanish.
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
    rules. Each process has its own spelling process; results come back in source order."""
    _check_rule_names(config)
    paths = list(sources)
    baseline = gate.load(config.readability.baseline)
    jobs = max(1, min(jobs, len(paths)))
    size = -(-len(paths) // jobs)  # contiguous chunks: joined back, they keep source order
    chunks = [paths[start : start + size] for start in range(0, len(paths), size)] or [[]]
    if len(chunks) == 1:
        results = [_audit_chunk(config, paths, today, baseline)]
    else:
        reading_level.warm()  # loaded once here, shared with the workers by fork
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        with ProcessPoolExecutor(
            len(chunks), mp_context=multiprocessing.get_context(method)
        ) as pool:
            work = [(config, chunk, today, baseline) for chunk in chunks]
            results = list(pool.map(_audit_chunk_args, work))
    sheets = tuple(sheet for found, _ in results for sheet in found)
    used = set().union(*(waivers for _, waivers in results))
    audited = {path.resolve() for path in paths}
    general = tuple(
        Finding(
            "audit.unused-waiver",
            Severity.WARNING,
            f"the waiver for {waiver.rule} matched no finding; remove it from the settings",
            Location(display(waiver.sheet), 1),
        )
        for waiver in config.audit.waivers
        if waiver not in used and waiver.sheet.resolve() in audited
    )
    return AuditResult(sheets, general, Severity[config.audit.fail_level.upper()], today)


def _audit_chunk(
    config: Config, paths: list[Path], today: dt.date, baseline: gate.Baseline
) -> tuple[list[SheetAudit], set[Waiver]]:
    used: set[Waiver] = set()
    with Context(config, today) as context:
        return [_audit_sheet(path, context, baseline, used) for path in paths], used


def _audit_chunk_args(
    args: tuple[Config, list[Path], dt.date, gate.Baseline],
) -> tuple[list[SheetAudit], set[Waiver]]:
    return _audit_chunk(*args)


def _audit_sheet(
    path: Path, context: Context, baseline: gate.Baseline, used: set[Waiver]
) -> SheetAudit:
    shown = display(path)
    config = context.config
    try:
        result = read(path, config, shown)
    except SourceError as error:
        finding = Finding(
            "source.unreadable", Severity.ERROR, error.message, Location(shown, error.line or 1)
        )
        findings = _apply_policy([finding], path, (), config, used)
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
    findings = _apply_policy(found, path, document.meta.ignores, config, used)
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
    """Spanish reading ease of each Spanish translation the memory holds for the sheet."""
    found = {}
    for lang in config.translation.languages:
        if primary(lang) != "es":
            continue
        memory = xliff.load(config.translation.memory / primary(lang) / f"{document.name}.xlf")
        targets = [u.target for u in memory.units if u.target] if memory else []
        if targets:
            found[lang] = reading_level.spanish(targets)
    return found


def _apply_policy(
    findings: list[Finding],
    path: Path,
    ignores: tuple[str, ...],
    config: Config,
    used: set[Waiver],
) -> tuple[Finding, ...]:
    waivers = [w for w in config.audit.waivers if w.sheet.resolve() == path.resolve()]
    kept = [
        judged
        for finding in findings
        if finding.rule not in ignores
        and (judged := _judge(finding, config, waivers, used)) is not None
    ]
    return tuple(sorted(kept, key=lambda f: (f.loc.line, f.loc.col, f.rule, f.message)))


def _judge(
    finding: Finding, config: Config, waivers: list[Waiver], used: set[Waiver]
) -> Finding | None:
    """The finding as the settings grade it; None when its rule is switched off."""
    setting = config.audit.rules.get(finding.rule)
    if setting == "off":
        return None
    if setting is not None:
        finding = replace(finding, severity=Severity[setting.upper()])
    waiver = next((w for w in waivers if w.rule == finding.rule), None)
    if waiver is None:
        return finding
    used.add(waiver)
    message = f"{finding.message} [waived: {waiver.reason}]"
    return replace(finding, severity=Severity.INFO, message=message)


def _unknown_ignores(document: Document) -> Iterator[Finding]:
    for rule in document.meta.ignores:
        if rule not in RULES:
            yield Finding(
                "audit.unknown-rule",
                Severity.WARNING,
                f"the sheet ignores {rule!r}, which is not a rule (`pipeline rules` lists them)",
                Location(document.meta.loc.path, 1),
            )


def _check_rule_names(config: Config) -> None:
    named = [*config.audit.rules, *(waiver.rule for waiver in config.audit.waivers)]
    if unknown := sorted(set(named) - set(RULES)):
        raise ConfigError(
            f"audit settings name unknown rule(s): {', '.join(unknown)} "
            "(`pipeline rules` lists them)"
        )
