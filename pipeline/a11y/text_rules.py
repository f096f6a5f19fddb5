"""Plain-text rules: what a patient portal shows and a screen reader reads, character by character.

The conventions are the text writer's (pipeline/writers/txt.py): UTF-8; the title on the
first line; one line per paragraph, since the reader's screen wraps; headings on lines of
their own; "- " bullets indented two spaces per level; blank lines between blocks, two
between adjacent lists. Nothing decorative: box drawing, symbol rules, stars and arrows
are read out one by one. Each rule reports a line at most once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from pipeline.model import Finding, Location, Severity
from pipeline.numbering import NESTED_NUMBER
from pipeline.rules import Example, Rule

#: A text output that passes every rule.
_GOOD_TEXT = "Fever Medicine\n\nWhat is it?\n\nA medicine for fever.\n\n- With food.\n  - or milk\n"
_GOOD = Example("output.txt", _GOOD_TEXT)
ENCODING = Rule(
    "a11y.text.encoding",
    Severity.ERROR,
    "not valid UTF-8, or a byte order mark",
    _GOOD,
    Example("output.txt", "\ufeff" + _GOOD_TEXT),
)
CONTROL = Rule(
    "a11y.text.control-character",
    Severity.ERROR,
    "an invisible control character (carriage return, form feed…)",
    _GOOD,
    Example("output.txt", "Fever Medicine\n\nGive it\x0c with food.\n"),
)
TAB = Rule(
    "a11y.text.tab",
    Severity.ERROR,
    "a tab, which screen readers and portals show differently",
    _GOOD,
    Example("output.txt", "Fever Medicine\n\n-\tGive it with food.\n"),
)
BOX = Rule(
    "a11y.text.box-drawing",
    Severity.ERROR,
    "box-drawing or block characters (frames, ASCII-art tables)",
    _GOOD,
    Example("output.txt", "Fever Medicine\n\n│ Dose │ 5 mL │\n"),
)
DECORATIVE = Rule(
    "a11y.text.decorative",
    Severity.ERROR,
    "a decorative symbol a screen reader reads out (★, ✓, ►, emoji)",
    _GOOD,
    Example("output.txt", "Fever Medicine\n\n★ Give it with food.\n"),
)
SYMBOL_LINE = Rule(
    "a11y.text.symbol-line",
    Severity.ERROR,
    "a line of only symbols, such as a rule drawn with - = * _ ~",
    _GOOD,
    Example("output.txt", "Fever Medicine\n\n=====\n\nGive it with food.\n"),
)
TITLE = Rule(
    "a11y.text.title",
    Severity.ERROR,
    "the first line is not a title on a line of its own",
    _GOOD,
    Example("output.txt", "\nFever Medicine\n\nGive it with food.\n"),
)
HEADING = Rule(
    "a11y.text.heading",
    Severity.ERROR,
    "a heading not on a line of its own, or marked up with #",
    _GOOD,
    Example("output.txt", "Fever Medicine\n\n## What is it?\n\nA medicine.\n"),
)
BULLET = Rule(
    "a11y.text.bullet",
    Severity.ERROR,
    "a list item marked other than '- '",
    _GOOD,
    Example("output.txt", "Fever Medicine\n\n* Give it with food.\n"),
)
INDENT = Rule(
    "a11y.text.indent",
    Severity.ERROR,
    "indentation other than two spaces per list level",
    _GOOD,
    Example("output.txt", "Fever Medicine\n\n- Give it with food.\n     - or milk\n"),
)
HARD_WRAP = Rule(
    "a11y.text.hard-wrap",
    Severity.ERROR,
    "a paragraph broken across lines",
    _GOOD,
    Example("output.txt", "Fever Medicine\n\nGive the medicine\nwith food.\n"),
)
BLANK_LINES = Rule(
    "a11y.text.blank-lines",
    Severity.ERROR,
    "more than two blank lines in a row",
    _GOOD,
    Example("output.txt", "Fever Medicine\n\n\n\nGive it with food.\n"),
)
RULES = (
    ENCODING,
    CONTROL,
    TAB,
    BOX,
    DECORATIVE,
    SYMBOL_LINE,
    TITLE,
    HEADING,
    BULLET,
    INDENT,
    HARD_WRAP,
    BLANK_LINES,
)
_BY_ID = {rule.id: rule for rule in RULES}

#: Box Drawing and Block Elements.
_BOX = re.compile("[\u2500-\u259f]")
#: Geometric shapes, symbols, dingbats, arrows-and-symbols, emoji, and bullets used as
#: decoration (a bullet at the start of a line is the `bullet` rule's).
_DECORATIVE = re.compile(
    "[\u2022\u2023\u2043\u2219\u25a0-\u27bf\u2b00-\u2bff\ufe0f\U0001f000-\U0001faff]"
)
#: A list item: indentation, a marker (a bullet, or a step's number as our writer puts it:
#: "3.", "a.", "iv."), a space, then text.
_ITEM = re.compile(
    rf"( *)([-*+\u2022\u00b7\u25aa\u25e6\u2023\u2013\u2014]|(?:{NESTED_NUMBER})\.)( +)(?=\S)"
)
#: The text reader's longest heading, in words.
HEADING_WORDS = 14


def check(data: bytes, shown: str) -> list[Finding]:
    found: list[tuple[str, int, int, str]] = list(_encoding(data))
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line
    for number, line in enumerate(lines, start=1):
        found += _characters(line, number)
    found += [*_title(lines), *_headings(lines), *_lists(lines), *_wraps(lines)]
    found += _blank_runs(lines)
    return [
        _BY_ID[rule].finding(message, Location(shown, line, column))
        for rule, line, column, message in sorted(found, key=lambda f: (f[1], f[2], f[0]))
    ]


#: (rule, line, column, message); `check` turns them into findings for one file.
Problem = tuple[str, int, int, str]


def _encoding(data: bytes) -> Iterator[Problem]:
    if data.startswith(b"\xef\xbb\xbf"):
        yield "a11y.text.encoding", 1, 1, "starts with a byte order mark; some portals show it"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        yield "a11y.text.encoding", line, column, f"not UTF-8: byte {data[error.start]:#04x}"


def _characters(line: str, number: int) -> Iterator[Problem]:
    """Characters that are invisible, inconsistent or read out as noise."""
    if (tab := line.find("\t")) >= 0:
        yield "a11y.text.tab", number, tab + 1, "a tab: indent list items with two spaces"
    if box := _BOX.search(line):
        message = "box-drawing characters: write the text out instead"
        yield "a11y.text.box-drawing", number, box.start() + 1, message
    if (control := next((n for n, c in enumerate(line) if _is_control(c)), None)) is not None:
        name = unicodedata.name(line[control], f"U+{ord(line[control]):04X}").lower()
        yield "a11y.text.control-character", number, control + 1, f"invisible {name}"
    item = _ITEM.match(line)
    if symbol := _DECORATIVE.search(line, item.end() if item else 0):
        name = unicodedata.name(symbol.group(), "symbol").lower()
        message = f"{symbol.group()!r} ({name}) is read out or skipped: say it in words"
        yield "a11y.text.decorative", number, symbol.start() + 1, message
    stripped = line.strip()
    # U+FFFD stands for bytes that were not UTF-8: the encoding rule's finding.
    if stripped and not item and not any(c.isalnum() or c == "\ufffd" for c in stripped):
        message = f"a line of only symbols ({stripped[:10]!r}): leave a blank line instead"
        yield "a11y.text.symbol-line", number, len(line) - len(line.lstrip()) + 1, message


def _is_control(character: str) -> bool:
    return unicodedata.category(character) == "Cc" and character != "\t"


def _blank(lines: list[str], index: int) -> bool:
    """Whether the 0-based line `index` is blank; lines outside the file count as blank."""
    return not 0 <= index < len(lines) or not lines[index].strip()


def _title(lines: list[str]) -> Iterator[Problem]:
    if _blank(lines, 0) or lines[0][:1].isspace():
        yield "a11y.text.title", 1, 1, "the first line must be the sheet's title"
    elif not _blank(lines, 1):
        yield "a11y.text.title", 2, 1, "leave a blank line after the title"


def _headings(lines: list[str]) -> Iterator[Problem]:
    """Question headings and Markdown-style ones; the title is `_title`'s."""
    for index, line in enumerate(lines[1:], start=1):
        stripped = line.strip()
        if re.match(r"#{1,6} ", stripped):
            message = "a heading marked with '#', which is read out: write the heading alone"
            yield "a11y.text.heading", index + 1, 1, message
        elif (
            stripped.endswith("?")
            and len(stripped.split()) <= HEADING_WORDS
            and not _ITEM.match(line)
            and not (_blank(lines, index - 1) and _blank(lines, index + 1))
        ):
            message = "a heading needs a line of its own: a blank line before and after it"
            yield "a11y.text.heading", index + 1, 1, message


def _lists(lines: list[str]) -> Iterator[Problem]:
    """Markers and indentation: "- " (or "3. " for a numbered step), two spaces per level,
    one level deeper at most."""
    depth = -1  # the level of the item on the line above; -1 when that was no item
    for number, line in enumerate(lines, start=1):
        item = _ITEM.match(line)
        indent = len(line) - len(line.lstrip(" "))
        if item is None:
            if line.strip() and indent:
                yield "a11y.text.indent", number, 1, "an indented line that is not a list item"
            depth = -1
            continue
        numbered = item.group(2).endswith(".")
        if (item.group(2) != "-" and not numbered) or item.group(3) != " ":
            marker = item.group(2) + item.group(3)
            expected = "a number, a dot and one space" if numbered else "'- '"
            message = f"list item marked {marker!r}: use {expected}"
            yield "a11y.text.bullet", number, indent + 1, message
        if indent % 2 or indent // 2 > depth + 1:
            message = "list items are indented two spaces per level, one level at a time"
            yield "a11y.text.indent", number, 1, message
        depth = indent // 2


def _wraps(lines: list[str]) -> Iterator[Problem]:
    """A line that goes on with a lower-case word is the rest of a hard-wrapped sentence."""
    for index in range(1, len(lines)):
        line = lines[index]
        if not _blank(lines, index - 1) and line[:1].islower() and not _ITEM.match(line):
            message = "this line continues the one above: write each paragraph on one line"
            yield "a11y.text.hard-wrap", index + 1, 1, message


def _blank_runs(lines: list[str]) -> Iterator[Problem]:
    run = 0
    for number, line in enumerate(lines, start=1):
        run = run + 1 if not line.strip() else 0
        if run == 3:
            message = "more than two blank lines: screen readers announce each one"
            yield "a11y.text.blank-lines", number, 1, message
