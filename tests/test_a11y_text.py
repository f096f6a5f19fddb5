"""Plain-text rules: each catches its bad text at the right line and column, and the text
writer's real output passes them all."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.a11y import text_rules
from pipeline.model import Document
from pipeline.writers import txt
from tests.test_writer_html import steps_sheet

#: Each rule, a text that breaks it, and every (rule, line, column) it then reports.
BAD: dict[str, tuple[bytes, list[tuple[str, int, int]]]] = {
    "a11y.text.encoding": (
        b"Title\n\nCaf\xe9 au lait.\n",
        [("a11y.text.encoding", 3, 4)],
    ),
    "a11y.text.control-character": (
        b"Title\n\nWindows line ending.\r\n",
        [("a11y.text.control-character", 3, 21)],
    ),
    "a11y.text.tab": (b"Title\n\nDose:\t5 mg\n", [("a11y.text.tab", 3, 6)]),
    "a11y.text.box-drawing": (
        "Title\n\n│ Dose │ 5 mg │\n".encode(),
        [("a11y.text.box-drawing", 3, 1)],
    ),
    "a11y.text.decorative": (
        "Title\n\nKeep it cold ★\n".encode(),
        [("a11y.text.decorative", 3, 14)],
    ),
    "a11y.text.symbol-line": (
        b"Title\n\nFirst.\n\n-----\n\nSecond.\n",
        [("a11y.text.symbol-line", 5, 1)],
    ),
    "a11y.text.title": (b"\nTitle\n\nText.\n", [("a11y.text.title", 1, 1)]),
    "a11y.text.heading": (
        b"Title\n\nHow is it given?\nBy IV.\n",
        [("a11y.text.heading", 3, 1)],
    ),
    "a11y.text.bullet": (
        "Title\n\n* fever\n• chills\n".encode(),
        [("a11y.text.bullet", 3, 1), ("a11y.text.bullet", 4, 1)],
    ),
    "a11y.text.indent": (
        b"Title\n\n- fever\n    - chills\n",
        [("a11y.text.indent", 4, 1)],
    ),
    "a11y.text.hard-wrap": (
        b"Title\n\nAldesleukin is given into\nthe vein.\n",
        [("a11y.text.hard-wrap", 4, 1)],
    ),
    "a11y.text.blank-lines": (
        b"Title\n\nOne.\n\n\n\nTwo.\n",
        [("a11y.text.blank-lines", 6, 1)],
    ),
}


def _found(data: bytes) -> list[tuple[str, int, int]]:
    return [(f.rule, f.loc.line, f.loc.col) for f in text_rules.check(data, "sheet.txt")]


def test_every_rule_has_a_bad_example() -> None:
    assert set(BAD) == {rule.id for rule in text_rules.RULES}


@pytest.mark.parametrize("rule", sorted(BAD))
def test_each_rule_catches_its_bad_text(rule: str) -> None:
    data, expected = BAD[rule]
    assert _found(data) == expected


def test_the_writers_output_passes_every_rule(seed: Document) -> None:
    assert text_rules.check(txt.write(seed), "outputs/en/aldesleukin.txt") == []


def test_the_writers_conventions_pass() -> None:
    """Title, headings alone, nested "- " items, two blank lines between lists, a footer."""
    text = (
        "Aldesleukin\n\nWhat are the side effects?\n\n- fever\n- allergy:\n  - rash\n\n\n"
        "- coma\n\nChildren's Hospital\n2525 Chicago Avenue South\nLast reviewed: August 2015\n"
    )
    assert _found(text.encode()) == []


def test_a_byte_order_mark_and_utf16_are_encoding_problems() -> None:
    assert _found(b"\xef\xbb\xbfTitle\n\nText.\n") == [("a11y.text.encoding", 1, 1)]
    assert ("a11y.text.encoding", 1, 1) in _found("Title\n\nText.\n".encode("utf-16"))


def test_a_typed_bullet_glyph_is_one_finding_not_two() -> None:
    assert _found("Title\n\n• fever\n".encode()) == [("a11y.text.bullet", 3, 1)]


def test_findings_print_like_the_audit() -> None:
    box, line = text_rules.check("Title\n\n═════\n".encode(), "outputs/en/x.txt")
    assert box.rule == "a11y.text.box-drawing"
    assert str(line) == (
        "outputs/en/x.txt:3:1: error: a11y.text.symbol-line: "
        "a line of only symbols ('═════'): leave a blank line instead"
    )


@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_bytes_give_findings_not_crashes(data: bytes) -> None:
    lines = max(1, data.count(b"\n") + 1)
    for finding in text_rules.check(data, "x.txt"):
        assert finding.rule in {rule.id for rule in text_rules.RULES}
        assert 1 <= finding.loc.line <= lines


def test_numbered_steps_as_the_writer_puts_them_pass() -> None:
    assert text_rules.check(txt.write(steps_sheet(3)), "outputs/en/steps.txt") == []
    spaced = b"Title\n\nSteps:\n\n1.  Wash.\n2. Dry.\n"
    assert _found(spaced) == [("a11y.text.bullet", 5, 1)]
