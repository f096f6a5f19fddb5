"""How list numbers look, shared by the Word reader and the writers.

Numbered steps nest as Word and browsers number them by default: 1. at the top level,
then a., then i., repeating deeper down, so a step's number reads the same on paper, in
Word and on screen.
"""

from __future__ import annotations

#: Word's numFmt for each nesting depth, repeating.
LEVEL_FORMATS = ("decimal", "lowerLetter", "lowerRoman")
#: A step's number as plain text shows it (without the "." or ")"): digits at the top;
#: nested, also letters or roman numerals ("3", "b", "iv").
TOP_NUMBER = r"\d{1,3}"
NESTED_NUMBER = r"\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6}"

_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def level_format(depth: int) -> str:
    """The numFmt of a numbered list nested `depth` levels deep (0: the top)."""
    return LEVEL_FORMATS[depth % len(LEVEL_FORMATS)]


def format_number(number: int, number_format: str) -> str:
    """`number` as Word shows it in `number_format` (decimal, lower/upperLetter,
    lower/upperRoman; anything else as decimal): 28 → "bb", 4 → "iv"."""
    match number_format:
        case "lowerLetter" | "upperLetter":
            letters = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
            return letters.upper() if number_format == "upperLetter" else letters
        case "lowerRoman" | "upperRoman":
            roman = ""
            for value, numeral in _ROMAN:
                count, number = divmod(number, value)
                roman += numeral * count
            return roman.lower() if number_format == "lowerRoman" else roman
        case _:
            return str(number)
