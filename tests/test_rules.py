"""The rule catalogue: every rule is well formed, and its two examples really pass and fail
its real check (like Vale's and proselint's example-driven rule tests)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pipeline import rules
from pipeline.a11y import browser, vnu
from pipeline.model import Finding, Location
from pipeline.rules import Example, Rule
from tests.rule_examples import findings

CATALOGUE = rules.catalogue()


def _ids(rule: Rule) -> str:
    return rule.id


def _needs(rule: Rule, example: Example) -> None:
    """Skip (fail under CI) when the rule's real check cannot run here."""
    if example.kind == "file, no checkers":
        return
    if rule.family == "spelling" and shutil.which("hunspell") is None:
        pytest.skip("hunspell is not installed (make deps)")
    if rule.family == "a11y" and example.text.endswith(".html"):
        for checker in (browser, vnu):
            if (reason := checker.missing()) is not None:
                pytest.skip(f"{reason} (make deps)")


def _its(rule: Rule, found: list[Finding]) -> list[Finding]:
    return [
        f for f in found if f.rule == rule.id or (rule.open and f.rule.startswith(f"{rule.id}."))
    ]


def test_rules_are_well_formed() -> None:
    for rule in CATALOGUE.values():
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+", rule.id)
        assert rule.description and rule.description[0].islower(), rule.id
        assert rule.passing != rule.failing, rule.id


def test_lookup_finds_open_rules_sub_rules() -> None:
    assert rules.lookup("a11y.axe.color-contrast") is browser.AXE_RULES
    assert rules.lookup("review.missing.more") is None
    assert rules.unknown(["review.missing", "a11y.axe.region", "review.absent"]) == [
        "review.absent"
    ]


def test_a_closed_rule_refuses_a_sub_rule() -> None:
    with pytest.raises(ValueError, match="not used"):
        CATALOGUE["review.missing"].finding("x", Location("a", 1), sub="more")


@pytest.mark.parametrize("rule", list(CATALOGUE.values()), ids=_ids)
def test_the_failing_example_fails(
    rule: Rule, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _needs(rule, rule.failing)
    found = _its(rule, findings(rule, rule.failing, tmp_path, monkeypatch))
    assert found, f"{rule.id}: its failing example raised no finding"


@pytest.mark.parametrize("rule", list(CATALOGUE.values()), ids=_ids)
def test_the_passing_example_passes(
    rule: Rule, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _needs(rule, rule.passing)
    found = _its(rule, findings(rule, rule.passing, tmp_path, monkeypatch))
    assert not found, f"{rule.id}: its passing example raised {[str(f) for f in found]}"
