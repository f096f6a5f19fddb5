"""Every rule the audit can report is documented and exercised by some test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.checks import CHECKS, RULES

TESTS = Path(__file__).parent


def test_rule_ids_are_dotted_and_described() -> None:
    for rule, description in RULES.items():
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*\.[a-z]+(?:-[a-z]+)*", rule), rule
        assert description and description[0].islower(), rule
    assert len(CHECKS) == len(set(CHECKS))


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule_is_exercised_by_a_test(rule: str) -> None:
    mentions = [
        path.name
        for path in TESTS.glob("test_*.py")
        if path.name != Path(__file__).name and f'"{rule}"' in path.read_text(encoding="utf-8")
    ]
    assert mentions, f"no test names {rule!r}: add a failing and a passing example"
