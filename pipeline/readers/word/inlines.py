"""Inline text: whitespace as a reader sees it, bold runs as strong spans."""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.model import Inlines, Span
from pipeline.readers.markup import collapse


def clean(content: Iterable[Span]) -> Inlines:
    """Whitespace as a reader sees it; a bold run's edge spaces (Word selects a word with
    the space after it) are not emphasis."""
    pieces: list[Span] = []
    for span in content:
        core = span.text.strip()
        if span.strong and core:
            lead = len(span.text) - len(span.text.lstrip())
            pieces += [
                Span(span.text[:lead]),
                Span(core, True),
                Span(span.text[lead + len(core) :]),
            ]
        else:
            pieces.append(Span(span.text))
    return collapse(pieces)


def join(parts: Iterable[Inlines], separator: Span) -> list[Span]:
    joined: list[Span] = []
    for part in parts:
        if joined:
            joined.append(separator)
        joined.extend(part)
    return joined


def split_lines(spans: tuple[Span, ...]) -> tuple[Inlines, ...]:
    """Split spans at line breaks."""
    lines: list[list[Span]] = [[]]
    for span in spans:
        first, *rest = span.text.split("\n")
        lines[-1].append(Span(first, span.strong))
        lines.extend([Span(text, span.strong)] for text in rest)
    return tuple(tuple(line) for line in lines)


def drop_chars(spans: tuple[Span, ...], count: int) -> list[Span]:
    """The spans without their first `count` characters (a typed bullet)."""
    kept: list[Span] = []
    for span in spans:
        cut = min(count, len(span.text))
        count -= cut
        kept.append(Span(span.text[cut:], span.strong))
    return kept
