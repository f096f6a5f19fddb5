"""What word/document.xml shows a reader, paragraph by paragraph, for the fidelity check
(`pipeline.fidelity`): worked out from the XML alone, not from what the reader built.

Every paragraph's text — body, tables, text boxes, shapes, frames, content controls,
equations, the footnotes and endnotes the body refers to, hidden text too (the reader
removes it by a named rule) — is the text of its `w:t` and `m:t` elements, and a
SmartArt diagram's (in its data part) counts as its paragraph's. Not shown:
deleted text (w:delText) and a move's old place (w:moveFrom), field codes
(w:instrText), and the VML copy Word writes of each DrawingML shape for old readers.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.fidelity import Visible
from pipeline.readers.word.findings import at
from pipeline.readers.word.ooxml import REL_DIAGRAM_DATA, Tag, drop_cap, in_fallback
from pipeline.readers.word.package import WordFile

#: What separates words besides spaces in the text.
_SHOWN = {Tag.TAB: " ", Tag.PTAB: " ", Tag.BR: " ", Tag.CR: " ", Tag.NO_BREAK_HYPHEN: "-"}


def visible(word: WordFile) -> Iterator[Visible]:
    letters = ""  # a drop cap's, which start the next paragraph's first word
    for p, index in word.index.items():
        if in_fallback(p):
            continue
        text = letters + "".join(
            _SHOWN.get(element.tag, element.text or "")
            for element in p.iter(Tag.T, Tag.MATH_T, *_SHOWN)
            if next(element.iterancestors(Tag.P), None) is p
            and next(element.iterancestors(Tag.MOVE_FROM, Tag.DEL), None) is None
        )
        letters = text if drop_cap(p) else ""
        if text.strip() and not letters:
            yield Visible(text, at(word.display, index))
        for diagram in p.iter(Tag.DIAGRAM_IDS):
            if not in_fallback(diagram) and next(diagram.iterancestors(Tag.P), None) is p:
                for shown in word.diagram(diagram.get(REL_DIAGRAM_DATA, "")):
                    yield Visible(shown, at(word.display, index))
