"""Read a sheet copied as plain text out of a hospital education web page.

The layout is the web page's: the title on the first line, question headings on lines of
their own, "•" bullets indented by nesting depth, blank lines between blocks, and a
publisher block ending in "Last reviewed 8/2015". Template noise (navigation links,
disclaimers, copyright lines) comes from configuration, so other sheets built on the
same template read the same way. The project's own plain-text output reads back
through here too.

How lines become blocks:
- a line that fully matches a noise pattern counts as a blank line;
- the group of lines holding "Last reviewed" is the publisher block (metadata);
- "audit-ignore: rule.id, …" lines switch audit rules off for the sheet (metadata);
- the first remaining line is the title, unless it reads like a sentence or a bullet;
- a line alone (blank line or list after it) with at most `max_heading_words` words
  that ends in "?" or without punctuation is a heading;
- bullet lines form a list; deeper indentation nests; two or more blank lines end a
  list, so lists whose headings were lost stay separate lists;
- numbered lines ("3. Give the shot", "3) …") are list items too, and a list whose first
  item is numbered is numbered steps from that number; indented items may be numbered
  with letters or roman numerals ("a.", "iv."), as the project's own output nests them;
- other lines form paragraphs; a line continues the paragraph above unless that one
  ended a sentence (. ! ? :), so hard-wrapped text reads as one paragraph.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.config import Config, TextReaderConfig
from pipeline.dates import DATE_PATTERN, NOT_RECORDED, PartialDate
from pipeline.errors import SourceError
from pipeline.fidelity import Removed, Visible
from pipeline.model import (
    Block,
    Document,
    ItemList,
    ListItem,
    Location,
    Meta,
    Paragraph,
    Section,
    Span,
    item_list,
)
from pipeline.numbering import NESTED_NUMBER, TOP_NUMBER
from pipeline.readers.encoding import read_text
from pipeline.readers.result import ReadResult

SENTENCE_END = (".", "!", "?", ":")
#: A numbered list item: "3. Text" or "3) Text"; indented, also "a." and "iv.".
_TOP_NUMBERED = re.compile(rf"(?P<marker>{TOP_NUMBER})[.)] (?P<rest>\S.*)")
_NUMBERED = re.compile(rf"(?P<marker>{NESTED_NUMBER})[.)] (?P<rest>\S.*)")
NOT_HEADING_END = (".", "!", ":", ";", ",")


@dataclass(frozen=True)
class TextLine:
    number: int
    indent: int
    text: str
    bullet: bool = False
    #: 0-based column where `text` starts (after the bullet, for bullet lines).
    start: int = 0
    #: A numbered item's number or letters as written ("3", "a", "iv"); else None.
    marker: str | None = None


@dataclass
class _Item:
    """A list item while its list is being assembled."""

    line: TextLine
    children: list[_Item] = field(default_factory=list)

    def freeze(self, path: str) -> ListItem:
        line = self.line
        children = tuple([child.freeze(path) for child in self.children])
        return ListItem((Span(line.text),), Location(path, line.number, line.start + 1), children)


def read(path: Path, display: str, config: Config) -> ReadResult:
    source = read_text(path, display, config.text_reader.max_bytes)
    document, removed = parse_removing(source.text, display, config)
    visible = tuple(
        Visible(line, Location(display, number))
        for number, line in enumerate(source.text.split("\n"), start=1)
        if line.strip()
    )
    return ReadResult(document, source.findings, visible, removed)


def parse(text: str, display: str, config: Config) -> Document:
    """Build a document from decoded text; raises SourceError when there is nothing to read."""
    return parse_removing(text, display, config)[0]


def parse_removing(text: str, display: str, config: Config) -> tuple[Document, tuple[Removed, ...]]:
    """The document, and the lines left out of it with the rule that removed each."""
    settings = config.text_reader
    lines = _classify(text, settings)
    removed = list(_noise_lines(text, lines, display, settings))
    attribution = take_attribution(lines, settings)
    before = list(lines)
    ignores = take_ignores(lines, settings)
    removed += _consumed(before, lines, display, "audit-ignore")
    before = list(lines)
    reviewed, next_review, reviewed_loc, publisher, lines = publisher_block(
        lines, display, settings
    )
    kept = set(publisher)
    removed += [r for r in _consumed(before, lines, display, "review-date") if r.text not in kept]
    title, title_line, lines = _title(lines, settings)
    if title is None and not any(lines):
        raise SourceError(display, "no sheet text left after removing web page noise")
    if reviewed is not None and next_review is None:
        next_review = reviewed.add_years(config.review_cycle_years)
    meta = Meta(
        title=title,
        lang=config.language,
        loc=Location(display, title_line),
        reviewed=reviewed,
        next_review=next_review,
        reviewed_loc=reviewed_loc,
        publisher=publisher,
        attribution=attribution,
        ignores=ignores,
    )
    return Document(meta, _sections(lines, display, settings)), tuple(removed)


def _noise_lines(
    text: str, lines: list[TextLine | None], display: str, settings: TextReaderConfig
) -> Iterator[Removed]:
    """Each noise line, with the pattern that made it noise (copyright lines are kept)."""
    for number, (raw, line) in enumerate(zip(text.split("\n"), lines, strict=True), start=1):
        stripped = " ".join(raw.split())
        if line is None and stripped:
            pattern = next(
                (p for p in settings.noise if re.fullmatch(p, stripped, re.I)), settings.copyright
            )
            yield Removed(stripped, f"noise: {pattern}", Location(display, number))


def take_attribution(lines: list[TextLine | None], settings: TextReaderConfig) -> tuple[str, ...]:
    """Copyright and credit lines out of the body, for the footer."""
    copyright_line = re.compile(settings.copyright, re.I)
    found = []
    for index, line in enumerate(lines):
        if line is not None and not line.bullet and copyright_line.fullmatch(line.text):
            found.append(line.text)
            lines[index] = None
    return tuple(found)


def _consumed(
    before: list[TextLine | None], after: list[TextLine | None], display: str, rule: str
) -> Iterator[Removed]:
    """The lines a step took out of the body, as removed by `rule`."""
    for old, new in zip(before, after, strict=True):
        if old is not None and new is None:
            yield Removed(old.text, rule, Location(display, old.number))


def _classify(text: str, settings: TextReaderConfig) -> list[TextLine | None]:
    """One entry per source line: None for blank and noise lines."""
    is_noise = _noise(settings.noise)
    bullet = _bullet(settings.bullets)
    result: list[TextLine | None] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = " ".join(raw.split())
        if not stripped or is_noise(stripped):
            result.append(None)
            continue
        indent = len(raw) - len(raw.lstrip())
        match = bullet.fullmatch(stripped)
        if match and match.group("rest"):
            after_bullet = raw.lstrip()[1:]
            start = indent + 1 + len(after_bullet) - len(after_bullet.lstrip())
            result.append(TextLine(number, indent, match.group("rest"), True, start))
        elif numbered := (_NUMBERED if indent else _TOP_NUMBERED).fullmatch(stripped):
            after_marker = raw.lstrip()[len(numbered["marker"]) + 1 :]
            start = (
                indent
                + len(numbered["marker"])
                + 1
                + len(after_marker)
                - len(after_marker.lstrip())
            )
            line = TextLine(number, indent, numbered["rest"], True, start, numbered["marker"])
            result.append(line)
        else:
            result.append(TextLine(number, indent, stripped, start=indent))
    return result


@lru_cache(maxsize=16)
def _noise(patterns: tuple[str, ...]) -> Callable[[str], object]:
    """Whether a line fully matches a noise pattern, any case.

    One alternation tries them all in a single call per line; patterns with groups are
    tried one by one, as a backreference would point elsewhere in the alternation.
    """
    compiled = [re.compile(pattern, re.I) for pattern in patterns]
    if not compiled:
        return lambda line: False
    if not any(pattern.groups for pattern in compiled):
        with contextlib.suppress(re.error):  # e.g. a global flag such as "(?x)" inside
            return re.compile("|".join(f"(?:{p.pattern})" for p in compiled), re.I).fullmatch
    return lambda line: any(pattern.fullmatch(line) for pattern in compiled)


@lru_cache(maxsize=16)
def _bullet(bullets: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(
        "(?:" + "|".join(_bullet_pattern(char) for char in bullets) + r")\s*(?P<rest>.*)"
    )


def take_ignores(lines: list[TextLine | None], settings: TextReaderConfig) -> tuple[str, ...]:
    """Take "audit-ignore: rule.one, rule.two" lines out of the body; return the rules."""
    pattern = re.compile(
        rf"(?:{settings.ignore_label})\s*:\s*(?P<rules>[\w.\-]+(?:[\s,]+[\w.\-]+)*)", re.I
    )
    rules: list[str] = []
    for index, line in enumerate(lines):
        if line is not None and not line.bullet and (match := pattern.fullmatch(line.text)):
            rules.extend(rule for rule in re.split(r"[\s,]+", match.group("rules")) if rule)
            lines[index] = None
    return tuple(dict.fromkeys(rules))


def _bullet_pattern(char: str) -> str:
    """ASCII bullets need a space after them ("-5 degrees" is not a list item)."""
    return re.escape(char) + (r"(?=\s)" if char.isascii() else "")


def publisher_block(
    lines: list[TextLine | None], display: str, settings: TextReaderConfig
) -> tuple[
    PartialDate | None, PartialDate | None, Location | None, tuple[str, ...], list[TextLine | None]
]:
    """Take the review dates and the publisher lines around them out of the body."""
    reviewed_re = date_line(settings.reviewed_label, settings.copyright)
    next_re = date_line(settings.next_review_label, settings.copyright)
    label_re = re.compile(rf"(?:{settings.reviewed_label})\b", re.I)
    found: list[tuple[int, PartialDate | None]] = []
    next_review: PartialDate | None = None
    for index, line in enumerate(lines):
        if line is None or line.bullet:
            continue
        if match := next_re.fullmatch(line.text):
            next_review = _date(match.group("date"), display, line)
            lines[index] = None
        elif match := reviewed_re.fullmatch(line.text):
            found.append((index, _date(match.group("date"), display, line)))
        elif label_re.match(line.text):
            raise SourceError(
                display,
                f"cannot read the review date in {line.text!r} (write it like 8/2015)",
                line.number,
            )
    if not found:
        return None, next_review, None, (), lines
    if len(found) > 1:
        numbers = ", ".join(str(_line(lines, index).number) for index, _ in found)
        raise SourceError(display, f"more than one 'last reviewed' date (lines {numbers})")
    index, reviewed = found[0]
    reviewed_loc = Location(display, _line(lines, index).number)
    lines[index] = None
    publisher: list[str] = []
    start = index
    while start > 0 and (above := lines[start - 1]) is not None and not _ends_sentence(above):
        start -= 1
    end = index + 1
    while end < len(lines) and lines[end] is not None:
        end += 1
    for position in range(start, end):
        if (line := lines[position]) is not None:
            publisher.append(line.text)
            lines[position] = None
    return reviewed, next_review, reviewed_loc, tuple(publisher), lines


def date_line(label: str, copyright: str) -> re.Pattern[str]:
    date = rf"(?P<date>{DATE_PATTERN}|{NOT_RECORDED})"
    return re.compile(rf"(?:{label})\s*:?\s*{date}\.?\s*(?:{copyright})?", re.I)


def _date(text: str, display: str, line: TextLine) -> PartialDate | None:
    """The date on a stamp line; None for the "not recorded" our own outputs write."""
    if text.lower() == NOT_RECORDED:
        return None
    try:
        return PartialDate.parse(text)
    except ValueError as error:
        raise SourceError(display, f"bad review date: {error}", line.number) from None


def _line(lines: list[TextLine | None], index: int) -> TextLine:
    line = lines[index]
    assert line is not None
    return line


def _ends_sentence(line: TextLine) -> bool:
    return line.bullet or line.text.endswith(SENTENCE_END)


def _title(
    lines: list[TextLine | None], settings: TextReaderConfig
) -> tuple[str | None, int, list[TextLine | None]]:
    """The first line is the title unless it is a bullet or reads like a sentence."""
    for index, line in enumerate(lines):
        if line is None:
            continue
        words = len(line.text.split())
        if line.bullet or line.text.endswith(NOT_HEADING_END) or words > settings.max_heading_words:
            return None, line.number, lines
        return line.text, line.number, [*lines[:index], None, *lines[index + 1 :]]
    return None, 1, lines


def _sections(
    lines: list[TextLine | None], display: str, settings: TextReaderConfig
) -> tuple[Section, ...]:
    sections: list[Section] = []
    heading: TextLine | None = None
    blocks: list[Block] = []
    first = next((line.number for line in lines if line is not None), 1)

    def close() -> None:
        if heading is None and not blocks:
            return
        if heading is None:
            sections.append(Section(None, 1, tuple(blocks), Location(display, first)))
        else:
            sections.append(
                Section(heading.text, 2, tuple(blocks), Location(display, heading.number))
            )

    index = 0
    while index < len(lines):
        line = lines[index]
        if line is None:
            index += 1
        elif line.bullet:
            block, index = _list(lines, index, display)
            blocks.append(block)
        elif _is_heading(lines, index, settings):
            close()
            heading, blocks = line, []
            index += 1
        else:
            paragraphs, index = _paragraphs(lines, index, display)
            blocks.extend(paragraphs)
    close()
    return tuple(sections)


def _is_heading(lines: list[TextLine | None], index: int, settings: TextReaderConfig) -> bool:
    line = _line(lines, index)
    above = lines[index - 1] if index > 0 else None
    below = lines[index + 1] if index + 1 < len(lines) else None
    alone = (above is None or above.bullet) and (below is None or below.bullet)
    return (
        alone
        and len(line.text.split()) <= settings.max_heading_words
        and not line.text.endswith(NOT_HEADING_END)
    )


def _paragraphs(
    lines: list[TextLine | None], index: int, display: str
) -> tuple[list[Paragraph], int]:
    """Consecutive text lines; a new paragraph starts after a line that ends a sentence."""
    paragraphs: list[Paragraph] = []
    current: list[TextLine] = []

    def flush() -> None:
        if current:
            text = " ".join(line.text for line in current)
            loc = Location(display, current[0].number, current[0].start + 1)
            paragraphs.append(Paragraph((Span(text),), loc))
            current.clear()

    while index < len(lines) and (line := lines[index]) is not None and not line.bullet:
        current.append(line)
        if _ends_sentence(line):
            flush()
        index += 1
    flush()
    return paragraphs, index


def _list(lines: list[TextLine | None], index: int, display: str) -> tuple[ItemList, int]:
    """Bullet lines up to two blank lines or a text line; indentation sets nesting."""
    top: list[_Item] = []
    stack: list[tuple[int, _Item]] = []  # (indent, item) along the current branch
    blanks = 0
    while index < len(lines):
        line = lines[index]
        if line is None:
            blanks += 1
            if blanks >= 2:
                break
            index += 1
            continue
        if not line.bullet:
            if stack and blanks == 0 and line.indent > stack[-1][0]:
                # A wrapped item: the line continues the bullet above it.
                indent, item = stack[-1]
                text = f"{item.line.text} {line.text}"
                item.line = TextLine(item.line.number, indent, text, True, item.line.start)
                index += 1
                continue
            break
        blanks = 0
        while stack and stack[-1][0] >= line.indent:
            stack.pop()
        item = _Item(line)
        (stack[-1][1].children if stack else top).append(item)
        stack.append((line.indent, item))
        index += 1
    first = top[0].line
    numbered = first.marker is not None and first.marker.isdigit()
    return item_list(
        tuple(item.freeze(display) for item in top),
        Location(display, first.number, first.indent + 1),
        int(first.marker) if numbered and first.marker else None,
    ), index
