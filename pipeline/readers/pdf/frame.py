"""What a PDF's pages repeat around the sheet: running heads and feet, page numbers, line-end
hyphens. Taken out (or joined) before the lines are read as headings, lists and paragraphs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from pipeline.fidelity import Removed
from pipeline.model import Location
from pipeline.readers import hyphens
from pipeline.readers.pdf.layout import PdfLine

#: The top and bottom of a page, as a share of its height, where running heads and feet sit.
MARGIN = 0.1
_PAGE_NUMBER = re.compile(r"(?:page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?|-\s*\d{1,3}\s*-", re.I)
_DIGITS = re.compile(r"\d+")


def in_margin(line: PdfLine) -> bool:
    return line.top < line.page_height * MARGIN or line.bottom > line.page_height * (1 - MARGIN)


def running(
    lines: Sequence[PdfLine], pages: int, display: str
) -> tuple[list[PdfLine], list[Removed]]:
    """Lines without the page numbers and the text repeated in the margins of most pages."""

    def key(line: PdfLine) -> str:
        return _DIGITS.sub("#", line.text.casefold())

    seen = Counter(key for key in {(key(line), line.page) for line in lines if in_margin(line)})
    repeated = Counter(k for k, _ in seen.elements())
    kept: list[PdfLine] = []
    removed: list[Removed] = []
    for line in lines:
        loc = Location(display, line.number)
        if in_margin(line) and _PAGE_NUMBER.fullmatch(line.text.strip()):
            removed.append(Removed(line.text, "pdf.page-number", loc))
        elif pages >= 2 and in_margin(line) and repeated[key(line)] >= max(2, pages / 2):
            removed.append(Removed(line.text, "pdf.running-head", loc))
        else:
            kept.append(line)
    return kept, removed


def dehyphenate(lines: Sequence[PdfLine], known: hyphens.Known | None = None) -> list[PdfLine]:
    """A word broken across lines with a hyphen ("medi-" / "cine") made whole again on the
    first line (`hyphens` decides); a line left empty goes. A web or e-mail address keeps
    the hyphens and slashes it breaks after."""
    result = [line for line in lines if line.words]
    index = 0
    while index < len(result) - 1:
        line, following = result[index], result[index + 1]
        index += 1
        if line.cells or following.cells:
            continue
        last, first = line.words[-1], following.words[0]
        address = any(mark in last.text for mark in hyphens.ADDRESS_MARKS)
        broken_address = address and last.text.endswith(("-", "/")) and first.text[:1].isalnum()
        if not (broken_address or hyphens.broken(last.text, first.text)):
            continue
        text = last.text + first.text if address else hyphens.rejoined(last.text, first.text, known)
        joined = replace(last, text=text)
        rest = following.words[1:]
        if any(character.isalnum() for word in rest for character in word.text):
            result[index - 1] = replace(line, words=(*line.words[:-1], joined))
            result[index] = replace(following, words=rest)
        else:  # the whole line (or all but its punctuation) joins the one above, which may
            # go on into the next
            result[index - 1] = replace(line, words=(*line.words[:-1], joined, *rest))
            del result[index]
            index -= 1
    return result
