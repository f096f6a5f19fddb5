"""Read a sheet copied as plain text: from the hospital's education web pages, other
hospitals' sites, or a PDF.

The seed's layout is the web page's: the title, question headings on lines of their own,
"•" bullets indented by nesting depth, blank lines between blocks, and a publisher block
ending in "Last reviewed 8/2015". Other sites and PDF copies bring their own template
and lose their markup; the reader works in steps, each naming what it leaves out so the
fidelity check (`pipeline.fidelity`) can account for every word:

1. a line that fully matches a configured noise pattern (`pipeline.toml`) is noise;
2. copyright lines go to the footer; "audit-ignore: rule.id, …" lines are metadata;
3. generic template rules remove what most templates share (`text_template`);
4. the review date, in any common form, and the publisher lines around it become
   metadata (`text_stamps`);
5. the title is chosen by evidence among the lines at the top (`text_shape`); short
   lines above it (site name, tagline, kicker) are the masthead;
6. the rest becomes sections of paragraphs and lists (`text_blocks`).
The project's own plain-text output reads back through here too.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

from pipeline.config import Config, TextReaderConfig
from pipeline.errors import SourceError
from pipeline.fidelity import Removed, Visible
from pipeline.model import Document, Location, Meta
from pipeline.numbering import NESTED_NUMBER, TOP_NUMBER
from pipeline.readers import hyphens
from pipeline.readers.encoding import read_text
from pipeline.readers.result import ReadResult
from pipeline.readers.text_blocks import sections
from pipeline.readers.text_shape import (
    NOT_HEADING_END,
    SENTENCE_END,
    TextLine,
    choose_title,
    ends_open,
)
from pipeline.readers.text_stamps import Review, date_line, find_review
from pipeline.readers.text_template import template_lines

__all__ = [
    "NOT_HEADING_END",
    "SENTENCE_END",
    "TextLine",
    "date_line",
    "parse",
    "parse_removing",
    "publisher_block",
    "read",
    "take_attribution",
    "take_ignores",
]

#: A numbered list item: "3. Text" or "3) Text"; indented, also "a." and "iv.".
_TOP_NUMBERED = re.compile(rf"(?P<marker>{TOP_NUMBER})[.)] (?P<rest>\S.*)")
_NUMBERED = re.compile(rf"(?P<marker>{NESTED_NUMBER})[.)] (?P<rest>\S.*)")
#: A copy with fewer blank lines than one in this many lines is dense (a PDF copy).
DENSE_RATIO = 5


def read(path: Path, display: str, config: Config) -> ReadResult:
    source = read_text(path, display, config.text_reader.max_bytes)
    # A PDF copied to text keeps the PDF's line-end hyphens ("intes-" / "tine").
    text = hyphens.unbroken(source.text, hyphens.dictionary(config.language))
    document, removed = parse_removing(text, display, config)
    visible = tuple(
        Visible(line, Location(display, number))
        for number, line in enumerate(text.split("\n"), start=1)
        if line.strip()
    )
    return ReadResult(document, source.findings, visible, removed)


def parse(text: str, display: str, config: Config) -> Document:
    """Build a document from decoded text; raises SourceError when there is nothing to read."""
    return parse_removing(text, display, config)[0]


def parse_removing(text: str, display: str, config: Config) -> tuple[Document, tuple[Removed, ...]]:
    """The document, and the lines left out of it with the rule that removed each."""
    settings = config.text_reader
    lines, glyphs = _classify(text, settings)
    removed = list(_noise_lines(text, lines, display, settings, glyphs))
    removed += _repeated_copyright(lines, display, settings)
    attribution = take_attribution(lines, settings)
    before = list(lines)
    ignores = take_ignores(lines, settings)
    removed += _consumed(before, lines, display, "audit-ignore")
    # The project's own layout (its own output) has no site template: it stamps "Next review".
    own = _own_stamps(lines, settings)
    breaks = [number for number, source in enumerate(text.split("\n")) if "\f" in source]
    template = template_lines(lines, () if own else settings.template_rules, breaks)
    raw = text.split("\n")
    for gone in template:
        line = lines[gone.index]
        assert line is not None
        whole = " ".join(raw[line.number - 1].split())  # with its bullet or number
        removed.append(Removed(whole, gone.rule, Location(display, line.number)))
        lines[gone.index] = None
    transparent = {gone.index for gone in template}
    review, stamps = find_review(lines, display, settings, transparent)
    removed += stamps
    dense = _dense(text, lines)
    if own:
        title, title_line, lines = _first_line_title(lines, settings)
    else:
        title, title_line, masthead, lines = _title(lines, display, settings)
        removed += masthead
    if title is None and not any(lines):
        raise SourceError(display, "no sheet text left after removing web page noise")
    meta = Meta(
        title=title,
        lang=config.language,
        loc=Location(display, title_line),
        attribution=attribution,
        ignores=ignores,
    )
    meta = review.into(meta, config.review_cycle_years)
    body, numbers = sections(lines, display, settings, dense=dense, own_layout=own, glyphs=glyphs)
    removed += numbers
    return Document(meta, body), tuple(sorted(removed, key=lambda gone: gone.loc.line))


def publisher_block(
    lines: list[TextLine | None], display: str, settings: TextReaderConfig
) -> Review:
    """The project's own "Last reviewed" stamp and the publisher lines around it, taken out
    of `lines` (set to None), for readers whose text is not a copy (Word paragraphs)."""
    review, _ = find_review(lines, display, settings, strict=True)
    return review


def _repeated_copyright(
    lines: list[TextLine | None], display: str, settings: TextReaderConfig
) -> Iterator[Removed]:
    """A copyright line a PDF repeats on every page is one footer line: later copies go."""
    copyright_line = re.compile(settings.copyright, re.I)
    seen: set[str] = set()
    for index, line in enumerate(lines):
        if line is None or line.bullet or not copyright_line.fullmatch(line.text):
            continue
        if line.text in seen:
            yield Removed(line.text, "template.running-head", Location(display, line.number))
            lines[index] = None
        seen.add(line.text)


def _own_stamps(lines: list[TextLine | None], settings: TextReaderConfig) -> bool:
    stamp = date_line(settings.next_review_label, settings.copyright)
    return any(line is not None and stamp.fullmatch(line.text) for line in lines)


def _dense(text: str, lines: list[TextLine | None]) -> bool:
    """Whether the copy has (almost) no blank lines between its text lines (list items
    are often written without blank lines between them, so they do not count)."""
    blank = sum(1 for line in text.split("\n") if not line.strip())
    prose = sum(1 for line in lines if line is not None and not line.bullet)
    return prose >= 6 and blank * DENSE_RATIO < prose


def _first_line_title(
    lines: list[TextLine | None], settings: TextReaderConfig
) -> tuple[str | None, int, list[TextLine | None]]:
    """In the project's own layout the first line is the title, unless it is a bullet or
    reads like a sentence."""
    for index, line in enumerate(lines):
        if line is None:
            continue
        words = len(line.text.split())
        if line.bullet or line.text.endswith(NOT_HEADING_END) or words > settings.max_heading_words:
            return None, line.number, lines
        return line.text, line.number, [*lines[:index], None, *lines[index + 1 :]]
    return None, 1, lines


def _title(
    lines: list[TextLine | None], display: str, settings: TextReaderConfig
) -> tuple[str | None, int, list[Removed], list[TextLine | None]]:
    """The title chosen by evidence, the masthead lines above it, and the lines left."""
    first = next((line.number for line in lines if line is not None), 1)
    span = choose_title(lines, settings.max_heading_words, display)
    if span is None:
        return None, first, [], lines
    start, end = span
    title = [line for line in lines[start : end + 1] if line is not None]
    masthead: list[Removed] = []
    if "masthead" in settings.template_rules:
        for position, line in enumerate(lines[:start]):
            if line is not None and not line.bullet and _masthead(line.text, settings):
                loc = Location(display, line.number)
                masthead.append(Removed(line.text, "template.masthead", loc))
                lines[position] = None
    before = lines[start - 1] if start else None
    after = lines[end + 1] if end + 1 < len(lines) else None
    # Taken out of the middle of interleaved columns, its neighbours join up.
    gap: list[TextLine | None] = [] if before and after else [None]
    text = " ".join(line.text for line in title)
    return text, title[0].number, masthead, [*lines[:start], *gap, *lines[end + 1 :]]


def _masthead(text: str, settings: TextReaderConfig) -> bool:
    """A short line above the title that is not a sentence: site name, tagline, kicker."""
    return (
        len(text.split()) <= settings.max_heading_words
        and not text.endswith((".", "!", "?"))
        and not ends_open(text)
    )


def _noise_lines(
    text: str,
    lines: list[TextLine | None],
    display: str,
    settings: TextReaderConfig,
    glyphs: set[int],
) -> Iterator[Removed]:
    """Each noise line, with the pattern that made it noise (copyright lines are kept)."""
    for number, (raw, line) in enumerate(zip(text.split("\n"), lines, strict=True), start=1):
        if line is not None:
            continue
        stripped = " ".join(raw.split())
        if stripped and number - 1 not in glyphs:
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


def _classify(text: str, settings: TextReaderConfig) -> tuple[list[TextLine | None], set[int]]:
    """One entry per source line: None for blank and noise lines; and the indices of lines
    holding a bullet glyph alone ("●" as PDF copies set it, the item on a later line),
    which make the next text line a bullet item."""
    is_noise = _noise(settings.noise)
    bullet = _bullet(settings.bullets)
    result: list[TextLine | None] = []
    glyphs: set[int] = set()
    glyph_indent: int | None = None
    for index, raw in enumerate(text.split("\n")):
        number = index + 1
        stripped = " ".join(raw.split())
        if not stripped or is_noise(stripped):
            result.append(None)
            continue
        indent = len(raw) - len(raw.lstrip())
        match = bullet.fullmatch(stripped)
        if match and not match.group("rest") and not stripped.isascii():
            result.append(None)
            glyphs.add(index)
            glyph_indent = indent
            continue
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
        elif glyph_indent is not None:
            result.append(TextLine(number, glyph_indent, stripped, True, indent))
        else:
            result.append(TextLine(number, indent, stripped, start=indent))
        glyph_indent = None
    return result, glyphs


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
