"""Phone numbers in a sheet's words, so that a family can call them with one tap.

US forms only: "(312) 555-1234", "312-555-1234", "312.555.1234", "1-800-555-1234",
a "1-" or "+1 " before them, toll-free words ("1-800-FLU-SHOT"), "911" and "9-1-1".
A number is a phone number only standing alone: never part of a dose ("911 mg", "9.11"),
a date ("9/11/2015", "2015-09-11"), an amount ("1,911", "$911") or an id ("MRN-312-555-1234",
"#911", "A911"). "911" alone is also a lot, room or form number ("Lot 911", "Room 911"),
so it is the emergency number only in an urgent phrase (which translations keep), or where
the sentence is about calling: a calling word ("call", "dial", "phone", "emergency" …) a
few words before it, and no label word ("Lot", "Room" …) right before it. Writers show
the number as written, so its link's accessible name is what the sheet says, and put the
digits in a `tel:` address.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: Words after a number that make it an amount ("in" and "m" would also catch "911 in an
#: emergency").
_UNITS = r"mg|mcg|µg|g|kg|lbs?|ml|l|cc|units?|iu|mmol|meq|mm|cm|oz|tabs?|doses?|times|%"
PATTERN = re.compile(
    rf"""
    (?<![\w/.,:#$+-])                                  # not inside a number, date, id or word
    (?:
        (?:\+?1[-.\s])?(?:\(\d{{3}}\)\s?|\d{{3}}[-.])\d{{3}}[-.]\d{{4}}
      | (?:\+?1-)?8(?:00|33|44|55|66|77|88)-(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{{3}}-[A-Z0-9]{{4}}
      | 9-1-1 | 911
    )
    (?![\w/]|[-.,:]\d)                                # nor followed by more of one
    (?!\s?(?:{_UNITS})\b)                             # nor a dose
    """,
    re.VERBOSE | re.IGNORECASE,
)
#: Words that make a following "911" the emergency number: "call 911", "dial your doctor
#: or 9-1-1", "In an emergency, 911".
_CALLING = re.compile(
    r"\b(?:call(?:ing|s)?|dial(?:ing|s)?|phone|ring|contact|text|emergency|emergencies)\b"
    r"(?:\W+\w+){0,8}?\W+$",
    re.IGNORECASE,
)
#: A word right before "911" that makes it a label's number: "Lot 911", "Room 911".
_LABEL = re.compile(
    r"\b(?:lot|batch|room|suite|unit|bed|floor|ward|box|form|no|model|item|page|route|"
    r"code|ext|extension)\W*$",
    re.IGNORECASE,
)
#: How far back a calling word is looked for: one clause of a sentence.
_CONTEXT = 60
#: The letters on a phone's keys.
_KEYS = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "22233344455566677778889999", " ()-.+")


def uri(number: str) -> str:
    """The `tel:` address of a number as written: "tel:911", "tel:+18003587468"."""
    digits = number.upper().translate(_KEYS)
    if len(digits) == 10:
        digits = "1" + digits
    return f"tel:+{digits}" if len(digits) == 11 else f"tel:{digits}"


def pieces(text: str, urgent: bool = False) -> Iterator[tuple[str, str | None]]:
    """`text` in order as (words, None) and (number, its tel: address), none empty.
    `urgent` text is an urgent phrase ("call 911", or its translation, which keeps the
    mark): its "911" is the emergency number in any language."""
    position = 0
    for match in PATTERN.finditer(text):
        if not urgent and _emergency(match.group()) and not _called(text[: match.start()]):
            continue
        if match.start() > position:
            yield text[position : match.start()], None
        yield match.group(), uri(match.group())
        position = match.end()
    if position < len(text):
        yield text[position:], None


def _emergency(number: str) -> bool:
    return number in ("911", "9-1-1")


def _called(before: str) -> bool:
    """Whether the words before a "911" are about calling it, within its sentence."""
    clause = re.split(r"[.!?;](?:\s|$)", before[-_CONTEXT:])[-1]
    return _LABEL.search(clause) is None and _CALLING.search(clause) is not None
