"""One policy for every finding — the audit's, translation QA's and accessibility's.

In order: a rule switched off in `[policy.rules]` is dropped; a re-graded rule takes its
new severity; a rule the sheet ignores inline ("audit-ignore:") is dropped; a finding
covered by a waiver in `[[policy.waivers]]` stays visible but drops to info, its message
carrying the waiver's reason. Settings may name a rule, or one sub-rule of an open rule
("a11y.axe.color-contrast"); the more specific setting wins. Findings at or above the
fail level fail the run (docutils' Reporter: a report level and a halt level).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from pipeline import rules
from pipeline.config import Config, ConfigError, Waiver
from pipeline.model import Finding, Location, Severity
from pipeline.paths import display

#: The rule for waivers that no finding needed.
UNUSED_WAIVER = "audit.unused-waiver"


@dataclass
class Policy:
    """The project's settings as a judge of findings; remembers which waivers it used."""

    config: Config
    used: set[Waiver] = field(default_factory=set)

    def __post_init__(self) -> None:
        named = [*self.config.policy.rules, *(w.rule for w in self.config.policy.waivers)]
        if unknown := rules.unknown(named):
            raise ConfigError(
                f"policy settings name unknown rule(s): {', '.join(unknown)} "
                "(`pipeline rules` lists them)"
            )

    @property
    def fail_level(self) -> Severity:
        return Severity[self.config.policy.fail_level.upper()]

    def judge(
        self, findings: Iterable[Finding], sheet: str | None = None, ignores: Iterable[str] = ()
    ) -> tuple[Finding, ...]:
        """The findings as the settings grade them, in source order. `sheet` is the name of
        the sheet they are about (its source's or its outputs' stem: waivers name a source,
        and cover its outputs too), `ignores` the rules the sheet switches off itself."""
        ignored = set(ignores)
        waivers = [w for w in self.config.policy.waivers if w.sheet.stem == sheet]
        kept = [
            judged
            for finding in findings
            if not _named(finding.rule, ignored)
            and (judged := self._judge(finding, waivers)) is not None
        ]
        return tuple(sorted(kept, key=lambda f: (f.loc.line, f.loc.col, f.rule, f.message)))

    def failed(self, findings: Iterable[Finding]) -> bool:
        return any(finding.severity >= self.fail_level for finding in findings)

    def unused_waivers(self, sheets: Iterable[str]) -> tuple[Finding, ...]:
        """A warning for each waiver of a judged sheet (by name) that matched no finding."""
        judged = set(sheets)
        return tuple(
            UNUSED.finding(
                f"the waiver for {waiver.rule} matched no finding; remove it from the settings",
                Location(display(waiver.sheet), 1),
            )
            for waiver in self.config.policy.waivers
            if waiver not in self.used and waiver.sheet.stem in judged
        )

    def _judge(self, finding: Finding, waivers: list[Waiver]) -> Finding | None:
        setting = _setting(finding.rule, self.config.policy.rules)
        if setting == "off":
            return None
        if setting is not None:
            finding = replace(finding, severity=Severity[setting.upper()])
        waiver = next((w for w in waivers if _named(finding.rule, {w.rule})), None)
        if waiver is None:
            return finding
        self.used.add(waiver)
        message = f"{finding.message} [waived: {waiver.reason}]"
        return replace(finding, severity=Severity.INFO, message=message)


def _setting(rule_id: str, settings: dict[str, str]) -> str | None:
    """The setting for a rule id: its own, else its open parent's."""
    while True:
        if rule_id in settings:
            return settings[rule_id]
        if "." not in rule_id:
            return None
        rule_id = rule_id.rsplit(".", 1)[0]


def _named(rule_id: str, names: set[str]) -> bool:
    """Whether `rule_id` or a rule it belongs to (a.b for a.b.c) is among `names`."""
    parts = rule_id.split(".")
    return any(".".join(parts[:end]) in names for end in range(1, len(parts) + 1))


UNUSED = rules.Rule(
    UNUSED_WAIVER,
    Severity.WARNING,
    "a waiver in the settings matched no finding",
    rules.Example("sheet.txt", "Fever\n\nGive it with food.\n", settings=""),
    rules.Example(
        "sheet.txt",
        "Fever\n\nGive it with food.\n",
        settings=(
            '[[policy.waivers]]\nsheet = "sources/example.txt"\n'
            'rule = "review.future"\nreason = "an example"\n'
        ),
    ),
)
RULES = (UNUSED,)
