"""The one catalogue of rules: every finding the pipeline reports is made from a Rule.

A rule is a record — a stable dotted id, a default severity, a one-line description, and a
passing and a failing example — declared by the module that checks it (`RULES`, a tuple).
Findings are made with `Rule.finding`, so a rule's default severity is written once, here
in its record, never at the places that report it. One policy (`pipeline.policy`)
re-grades, waives and judges findings of every family alike: the audit's, translation
QA's and accessibility's.

The examples are data, run through the rule's real check by tests/test_rules.py; `kind`
says what the text is:
- "sheet.txt", "sheet.md", "sheet.html": a source sheet saved as sources/example.<ext>
  and audited as `pipeline audit` would (on 2026-01-01, with the project's settings
  plus `settings`);
- "file": a path under tests/fixtures/ of a sheet or output that text cannot express
  (a Word document, a page for the browser), checked by the rule family's check;
- "file, no checkers": the same, checked on a machine without the external checkers;
- "segment": a translated segment, "English<TAB>Spanish", checked as a machine draft
  with tests/fixtures/qa-glossary/ ("<TAB>Spanish as signed off" may follow);
- "output.txt", "output.html": an output file, checked for accessibility.

Like Vale's rules and proselint's checks, a rule that has no example of each kind that
its check really passes and really fails is a broken rule, and the tests say so.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from pipeline.model import Finding, Location, Severity

#: Modules that declare rules (each exports RULES); the catalogue imports them on first use.
DECLARING = (
    "pipeline.readers.encoding",
    "pipeline.fidelity",
    "pipeline.readers.word",
    "pipeline.readers.pdf.problems",
    "pipeline.audit",
    "pipeline.policy",
    "pipeline.gate",
    "pipeline.checks.structure",
    "pipeline.checks.review",
    "pipeline.checks.readability",
    "pipeline.checks.spelling",
    "pipeline.translate.qa",
    "pipeline.a11y",
    "pipeline.a11y.browser",
    "pipeline.a11y.vnu",
    "pipeline.a11y.docx_rules",
    "pipeline.a11y.text_rules",
    "pipeline.readers.markup",
    "pipeline.readers.markdown_reader",
)


@dataclass(frozen=True)
class Example:
    """An input for the rule's check (see the module docstring for the kinds)."""

    kind: str
    text: str
    #: TOML merged into the project's settings for this example.
    settings: str = ""
    #: How a "sheet.*" example's text is saved (a rule may be about encodings).
    encoding: str = "utf-8"
    #: Other files of the example's project, (path from the project folder, text).
    files: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    description: str
    passing: Example
    failing: Example
    #: Findings name a sub-rule under this id, from an external checker's own rule names
    #: ("a11y.axe.color-contrast"); settings may name the rule or one sub-rule.
    open: bool = False

    @property
    def family(self) -> str:
        """The first part of the id: structure, review, translation, a11y…"""
        return self.id.split(".", 1)[0]

    def finding(
        self,
        message: str,
        loc: Location,
        suggestion: str | None = None,
        *,
        severity: Severity | None = None,
        sub: str | None = None,
    ) -> Finding:
        """A finding of this rule, at its default severity unless the data behind it says
        otherwise (a plain-language entry's own severity, a checker's own grading)."""
        if self.open != (sub is not None):
            raise ValueError(f"{self.id}: a sub-rule is {'needed' if self.open else 'not used'}")
        rule = self.id if sub is None else f"{self.id}.{sub}"
        return Finding(
            rule, self.severity if severity is None else severity, message, loc, suggestion
        )


@cache
def catalogue() -> Mapping[str, Rule]:
    """Every rule by id, from the declaring modules, in their order."""
    rules: dict[str, Rule] = {}
    for name in DECLARING:
        for rule in importlib.import_module(name).RULES:
            if rule.id in rules:
                raise ValueError(f"rule {rule.id} is declared twice")
            rules[rule.id] = rule
    return rules


def lookup(rule_id: str) -> Rule | None:
    """The rule a finding's id belongs to: itself, or the open rule it is a sub-rule of."""
    rules = catalogue()
    if (rule := rules.get(rule_id)) is not None:
        return rule
    parent = rule_id.rsplit(".", 1)[0]
    found = rules.get(parent)
    return found if found is not None and found.open else None


def unknown(rule_ids: Iterable[str]) -> list[str]:
    """The ids that name no rule, sorted, for settings that must name real rules."""
    return sorted({rule_id for rule_id in rule_ids if lookup(rule_id) is None})


def by_family() -> dict[str, list[Rule]]:
    """The catalogue grouped by family, families and rules sorted, for `pipeline rules`."""
    grouped: dict[str, list[Rule]] = {}
    for rule in sorted(catalogue().values(), key=lambda rule: rule.id):
        grouped.setdefault(rule.family, []).append(rule)
    return dict(sorted(grouped.items()))
