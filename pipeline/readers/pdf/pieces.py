"""Words of a PDF turned into the marked-up pieces the HTML and Markdown readers share."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pipeline.model import Inlines, Span
from pipeline.readers.markup import Line as TextLine
from pipeline.readers.markup import collapse
from pipeline.readers.pdf.layout import PdfLine, PdfWord

#: Bullet glyphs as PDFs draw them, including the Symbol and Wingdings private-use ones.
_BULLETS = frozenset("•●▪■◦○‣\u2013-*·➢►✓□❑◆◇") | {chr(c) for c in range(0xF000, 0xF100)}
#: Characters that open text rather than mark an item.
_OPENING = set("([{\"'\u201c\u2018¿¡$#@%&")


def is_bullet(word: str) -> bool:
    """A bullet glyph alone, or glued to the item's first word ("•Give")."""
    if len(word) == 1:
        return word in _BULLETS or not (word.isalnum() or word in _OPENING)
    return word[0] in _BULLETS and word[0] != "-" and word[1].isalnum()


def content(words: Iterable[PdfWord]) -> Inlines:
    """The words as text, bold where the PDF sets them in a bold face (the space between
    two bold words bold too, so a bold phrase stays one)."""
    spans: list[Span] = []
    previous: PdfWord | None = None
    for word in words:
        if previous is not None:
            spans.append(Span(" ", previous.bold and word.bold))
        spans.append(Span(word.text, word.bold))
        previous = word
    return collapse(spans)


def text_lines(lines: Iterable[tuple[int, Sequence[PdfWord]]]) -> tuple[TextLine, ...]:
    """One markup line per PDF line (its number and the words of it that belong here)."""
    return tuple(TextLine(content(words), number) for number, words in lines if words)


def whole(lines: Sequence[PdfLine]) -> tuple[TextLine, ...]:
    return text_lines((line.number, line.words) for line in lines)
