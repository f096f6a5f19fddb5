"""Words a copy broke across lines with a hyphen ("medi-" / "cine"), made whole again.

One decision for the PDF reader (its lines) and the text reader (a PDF copied to text):
a hyphen at a line's end after two letters, before a lower-case letter, is a break and
goes; it stays when both halves are known words and their joining is not ("blue-" /
"colored" is "blue-colored", "some-" / "times" is "sometimes"). Known words come from
the language's pronouncing word list (English only: elsewhere every hyphen goes).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline import syllables
from pipeline.languages import primary

Known = Callable[[str], bool]
_HYPHENATED = re.compile(r"[^\W\d_]{2}-$")
_EDGE = re.compile(r"^\W+|\W+$")
#: A web or e-mail address breaks after its own hyphens and slashes: they stay.
ADDRESS_MARKS = ("/", "www.", "@")


def dictionary(lang: str) -> Known | None:
    """Whether a word is a word of `lang`, where the project has a word list for it."""
    if primary(lang) != "en":
        return None
    table = syllables.table()
    return lambda word: word.lower() in table


def broken(last: str, first: str) -> bool:
    """Whether the word `last` ending a line and `first` starting the next are one word."""
    return _HYPHENATED.search(last) is not None and first[:1].islower()


def rejoined(last: str, first: str, known: Known | None) -> str:
    """The two halves of a broken word as one: without the hyphen unless a compound."""
    keep = known is not None and _compound(last[:-1], first, known)
    return (last if keep else last[:-1]) + first


def unbroken(text: str, known: Known | None) -> str:
    """`text` with each word broken at a line's end whole on the first line. Lines stay
    where they were (a line's number is a location), so a line that is only the end of
    a broken word is left as it is; web addresses are left too."""
    lines = text.split("\n")
    for index in range(len(lines) - 1):
        head, tail = lines[index].rstrip(), lines[index + 1]
        words = tail.split(maxsplit=1)
        if not head or len(words) < 2:
            continue
        last = head.split()[-1]
        if any(mark in last for mark in ADDRESS_MARKS) or not broken(last, words[0]):
            continue
        lines[index] = head[: len(head) - len(last)] + rejoined(last, words[0], known)
        indent = tail[: len(tail) - len(tail.lstrip())]
        lines[index + 1] = indent + words[1]
    return "\n".join(lines)


def _compound(before: str, after: str, known: Known) -> bool:
    """Whether "before-" / "after" is a compound written with its hyphen."""
    head = _EDGE.sub("", before.rsplit("-", 1)[-1])
    tail = _EDGE.sub("", after.split("-", 1)[0])
    return not known(head + tail) and known(head) and known(tail)
