"""Urgent phrases and their sentences: marked across spans, the source's bold kept."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.emphasis import split
from pipeline.model import Span, plain

URGENT = re.compile(r"\b(?:call 911|call 9-1-1)\b", re.I)


def test_the_phrase_is_strong_and_its_sentence_urgent() -> None:
    content = (Span("Eat well. If it is hard to breathe, call 911 now. Then rest."),)
    assert split(content, URGENT) == (
        Span("Eat well. "),
        Span("If it is hard to breathe, ", urgent=True),
        Span("call 911", strong=True, urgent=True),
        Span(" now.", urgent=True),
        Span(" Then rest."),
    )


def test_ordinary_bold_stays_bold_and_a_bold_phrase_becomes_urgent() -> None:
    content = (Span("Weight", strong=True), Span(" matters. "), Span("Call 911", strong=True))
    assert split(content, URGENT) == (
        Span("Weight", strong=True),
        Span(" matters. "),
        Span("Call 911", strong=True, urgent=True),
    )


def test_a_line_break_or_closing_quote_ends_the_sentence() -> None:
    content = (Span('Say "call 9-1-1."\nThen wait'),)
    assert split(content, URGENT) == (
        Span('Say "', urgent=True),
        Span("call 9-1-1", strong=True, urgent=True),
        Span('."', urgent=True),
        Span("\nThen wait"),
    )


words = st.lists(st.sampled_from(["a", "b", " ", ".", "!", "\n", "call 911", "Call"]), max_size=8)
spans = st.lists(st.builds(Span, words.map("".join), st.booleans()), max_size=6).map(tuple)


@given(spans)
@settings(max_examples=300)
def test_marking_keeps_the_text_and_bold_and_marking_again_changes_nothing(
    content: tuple[Span, ...],
) -> None:
    marked = split(content, URGENT)
    assert plain(marked) == plain(content)
    assert split(marked, URGENT) == marked

    def flags(spans: tuple[Span, ...], attribute: str) -> str:
        return "".join(("1" if getattr(s, attribute) else "0") * len(s.text) for s in spans)

    bold, strong, urgent = (
        flags(content, "strong"),
        flags(marked, "strong"),
        flags(marked, "urgent"),
    )
    assert all(after == "1" for before, after in zip(bold, strong, strict=True) if before == "1")
    for match in URGENT.finditer(plain(content)):
        assert set(strong[match.start() : match.end()] + urgent[match.start() : match.end()]) == {
            "1"
        }
