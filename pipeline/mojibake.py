"""Mojibake: UTF-8 text that was once decoded as Latin-1 or Windows-1252 ("EspaÃ±ol").

Every non-ASCII character in UTF-8 is a lead byte (0xC2-0xF4) followed by continuation
bytes (0x80-0xBF). Decoded one byte at a time, that is a Latin-1 letter "Ã", "Ð", "æ"…
followed by a sign, a symbol or a Windows-1252 punctuation mark ("±", "µ", "€", "™"),
a pair written English and the other Latin languages never have in one word. The
continuation bytes 0x80-0x9F are C1 controls in Latin-1, which readers remove, so a
damaged word may have lost some of them ("æ¥æ¬èª", 日本語): one pair is the sign, not a
whole sequence that would decode back.

Such a run is an encoding defect to fix at the source, not a word to spell-check.
"""

from __future__ import annotations

import re

#: Latin-1 letters that are UTF-8 lead bytes: Â (0xC2) to ô (0xF4), less the sign 0xD7.
_LEAD = "\u00c2-\u00d6\u00d8-\u00f4"
#: Continuation bytes as Latin-1 (0x80-0xBF) or Windows-1252 (its 0x80-0x9F marks).
_CONTINUATION = (
    "\u0080-\u00bf"
    "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
#: A lead byte directly followed by a continuation byte, as decoded one byte at a time.
PAIR = re.compile(f"[{_LEAD}][{_CONTINUATION}]")
_SPACE = re.compile(r"\s")
_LONE = re.compile(f"[{_LEAD}]")
_SEPARATORS = " \t\n\r\f\v\u00a0"


def runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of the damaged words of `text`, in order: each whole run of non-space
    characters holding a pair. Linear: a run is searched for its ends once."""
    found: list[tuple[int, int]] = []
    end = 0
    for pair in PAIR.finditer(text):
        if pair.start() < end:
            continue
        start = max(text.rfind(c, end, pair.start()) for c in _SEPARATORS) + 1
        # A lead byte before a continuation 0xA0 that became a plain space ("Ð Ñ…").
        if start - 2 >= end and text[start - 1] in " \u00a0" and _LONE.match(text, start - 2):
            start = max(text.rfind(c, end, start - 2) for c in _SEPARATORS) + 1
        start = max(start, end)
        space = _SPACE.search(text, pair.end())
        end = space.start() if space else len(text)
        found.append((start, end))
    return found


def blanked(text: str) -> str:
    """`text` with its damaged words replaced by spaces (offsets unchanged)."""
    parts, done = [], 0
    for start, end in runs(text):
        parts += [text[done:start], " " * (end - start)]
        done = end
    return "".join(parts) + text[done:]
