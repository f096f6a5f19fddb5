"""Lines of a copied sheet into sections of paragraphs and lists, by the lines' shapes.

- A heading is a short line standing alone (a blank line or a list above and below) that
  ends in "?" or without punctuation; a question after a blank line is one even when its
  answer follows on the next line. In a dense copy (a PDF copied without blank lines)
  a heading-shaped line also counts when the line above ends a sentence and a capitalised
  line follows.
- A numbered line that is heading-shaped, not inside a run of numbered items, and
  followed by body text (or next in a sequence of such headings: "7. How can I learn
  more?" before its bullets) is a section heading, number kept ("1. Why get
  vaccinated?"); other numbered lines are steps.
- Bullet lines form a list; deeper indentation nests; two blank lines end a list.
- A lead-in ending in ":" followed by a run of short lines is a list whose bullet glyphs
  were lost in copying (items may wrap; one item ending in "." is a sentence, not a list);
  so are two or more short lines after it that each stand alone between blank lines.
- Other lines form paragraphs; a line continues the one above unless that one ended a
  sentence (. ! ? :), and a short unpunctuated line is never run into a capitalised line
  after it ("Keep the cast dry" / "Cover the cast with a bag.").
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from pipeline.config import TextReaderConfig
from pipeline.fidelity import Removed
from pipeline.model import (
    Block,
    ItemList,
    ListItem,
    Location,
    Paragraph,
    Section,
    Span,
    item_list,
)
from pipeline.readers.text_shape import (
    NOT_HEADING_END,
    TextLine,
    byline,
    ends_open,
    ends_sentence,
    heading_shaped,
    inner_sentence_end,
    starts_capital,
    wordless,
)

Lines = list[TextLine | None]
#: A run item after a lead-in has at most this many words; one ending in "." at most
#: `SHORT_SENTENCE` (longer ones are the prose after the list).
MAX_ITEM_WORDS = 30
SHORT_SENTENCE = 12


@dataclass
class _Item:
    """A list item while its list is being assembled."""

    line: TextLine
    children: list[_Item] = field(default_factory=list)

    def freeze(self, path: str) -> ListItem:
        line = self.line
        children = tuple([child.freeze(path) for child in self.children])
        return ListItem((Span(line.text),), Location(path, line.number, line.start + 1), children)


def sections(
    lines: Lines,
    display: str,
    settings: TextReaderConfig,
    *,
    dense: bool,
    own_layout: bool,
    glyphs: Collection[int] = (),
) -> tuple[tuple[Section, ...], list[Removed]]:
    """The sections, and the step numbers as typed ("3.", "b)"): a numbered list holds them
    as its numbering, which every output writes, not as words.

    `glyphs`: lines holding a bullet glyph alone (see `text._classify`).
    `own_layout`: the project's own output, which writes steps as numbered lines and
    headings as they are: numbered lines are always steps, and any short line alone is a
    heading."""
    reader = _BlockReader(lines, display, settings, dense, own_layout, set(glyphs))
    if not own_layout:
        reader.numbered_headings = _numbered_headings(lines, settings.max_heading_words)
    numbers = [
        Removed(line.marker, "list-number", Location(display, line.number, line.indent + 1))
        for index, line in enumerate(lines)
        if line is not None and line.marker and index not in reader.numbered_headings
    ]
    return reader.sections(), numbers


@dataclass
class _BlockReader:
    lines: Lines
    display: str
    settings: TextReaderConfig
    #: The copy has (almost) no blank lines: headings are found between text lines too.
    dense: bool
    own_layout: bool
    #: Lines holding a bullet glyph alone: the next item follows, so no list ends there.
    glyphs: set[int]
    numbered_headings: set[int] = field(default_factory=set)
    #: Lines read as items of a list whose bullets were lost: each ends its item.
    items: set[int] = field(default_factory=set)

    def sections(self) -> tuple[Section, ...]:
        lines, display = self.lines, self.display
        found: list[Section] = []
        heading: tuple[str, int] | None = None
        blocks: list[Block] = []
        first = next((line.number for line in lines if line is not None), 1)

        def close() -> None:
            if heading is None and blocks:
                found.append(Section(None, 1, tuple(blocks), Location(display, first)))
            elif heading is not None:
                text, number = heading
                found.append(Section(text, 2, tuple(blocks), Location(display, number)))

        index = 0
        while index < len(lines):
            line = lines[index]
            if line is None:
                index += 1
            elif index in self.numbered_headings or (not line.bullet and self.is_heading(index)):
                close()
                text = f"{line.marker}. {line.text}" if line.bullet else line.text
                heading, blocks = (text, line.number), []
                index += 1
            elif line.bullet:
                block, index = self.bullets(index)
                blocks.append(block)
            else:
                paragraph, index = self.paragraph(index)
                blocks.append(paragraph)
                if paragraph.content[0].text.endswith(":"):
                    checklist, index = self.checklist(index)
                    if checklist is not None:
                        blocks.append(checklist)
        close()
        return tuple(found)

    def is_heading(self, index: int) -> bool:
        lines, max_words = self.lines, self.settings.max_heading_words
        line = _at(lines, index)
        above = lines[index - 1] if index > 0 else None
        below = lines[index + 1] if index + 1 < len(lines) else None
        alone = (above is None or above.bullet) and (below is None or below.bullet)
        if alone and self.own_layout:
            return len(line.text.split()) <= max_words and not line.text.endswith(NOT_HEADING_END)
        if alone:
            text = line.text
            if len(text.split()) > max_words or text.endswith(NOT_HEADING_END) or wordless(text):
                return False
            return text.endswith("?") or not (
                inner_sentence_end(text) or ends_open(text) or ends_sentence(line) or byline(text)
            )
        if not heading_shaped(line.text, max_words):
            return False
        if not self.dense:
            # A question after a blank line, its answer right below it: "What happened?" /
            # "The vaccine maker told us …".
            return (
                line.text.endswith("?")
                and (above is None or above.bullet)
                and below is not None
                and not below.bullet
                and starts_capital(below)
            )
        ended = above is None or ends_sentence(above) or index - 1 in self.items
        if line.text.endswith("?"):  # a question stands alone unless a sentence runs into it
            return ended or (above is not None and not ends_open(above.text))
        return (
            ended
            and starts_capital(below)
            and (below is None or below.bullet or not heading_shaped(below.text, max_words))
        )

    def paragraph(self, index: int) -> tuple[Paragraph, int]:
        """Lines up to the end of a sentence (or a short line before a capitalised one)."""
        lines = self.lines
        current = [_at(lines, index)]
        index += 1
        while index < len(lines) and (line := lines[index]) is not None and not line.bullet:
            last = current[-1]
            if ends_sentence(last) or (self.dense and self.is_heading(index)):
                break
            short = heading_shaped(last.text, self.settings.max_heading_words)
            if len(current) == 1 and short and starts_capital(line):
                break
            current.append(line)
            index += 1
        text = " ".join(line.text for line in current)
        loc = Location(self.display, current[0].number, current[0].start + 1)
        return Paragraph((Span(text),), loc), index

    def checklist(self, index: int) -> tuple[ItemList | None, int]:
        """After a lead-in ending in ":", a run of short lines whose bullets were lost."""
        if index < len(self.lines) and self.lines[index] is None:
            return self.spaced_checklist(index)
        lines, start = self.lines, index
        items: list[TextLine] = []
        while index < len(lines) and (line := lines[index]) is not None and not line.bullet:
            if items and _continues(items, line):
                self.items.add(index)
                last = items[-1]
                items[-1] = TextLine(
                    last.number, last.indent, f"{last.text} {line.text}", True, last.start
                )
            elif _item_shaped(line.text) and not (
                line.text.endswith(".") and items and not items[0].text.endswith(".")
            ):
                items.append(line)
                self.items.add(index)
            else:
                break
            index += 1
        if not items or (len(items) < 2 and items[0].text.endswith(".")):
            return None, start
        frozen = tuple(
            ListItem((Span(line.text),), Location(self.display, line.number, line.start + 1))
            for line in items
        )
        return item_list(frozen, Location(self.display, items[0].number, items[0].start + 1)), index

    def spaced_checklist(self, index: int) -> tuple[ItemList | None, int]:
        """After a lead-in ending in ":" and a blank line, short lines each standing alone
        between single blank lines (a checklist copied with a blank line between items):
        at least two of them, else nothing (a short line alone is a heading)."""
        items: list[int] = []
        position = index
        while (
            position < len(self.lines)
            and self.lines[position] is None
            and self._alone_item(position + 1)
        ):
            text = _at(self.lines, position + 1).text
            if items and text.endswith(".") and not _at(self.lines, items[0]).text.endswith("."):
                break  # a sentence after items without periods: the text goes on
            items.append(position + 1)
            position += 2
        if len(items) < 2:
            return None, index
        self.items.update(items)
        frozen = tuple(
            ListItem((Span(line.text),), Location(self.display, line.number, line.start + 1))
            for line in (_at(self.lines, item) for item in items)
        )
        return item_list(frozen, frozen[0].loc), position

    def _alone_item(self, index: int) -> bool:
        """A short item-shaped text line with a blank line (or the end) after it."""
        lines = self.lines
        if index >= len(lines) or (line := lines[index]) is None or line.bullet:
            return False
        worded = any(character.isalnum() for character in line.text)  # not a "+" or "="
        alone = index + 1 >= len(lines) or lines[index + 1] is None
        return worded and alone and _item_shaped(line.text)

    def bullets(self, index: int) -> tuple[ItemList, int]:
        """Bullet lines up to two blank lines, a text line or a numbered heading;
        indentation sets nesting."""
        lines = self.lines
        top: list[_Item] = []
        stack: list[tuple[int, _Item]] = []  # (indent, item) along the current branch
        blanks = 0
        while index < len(lines) and index not in self.numbered_headings:
            line = lines[index]
            if index in self.glyphs:
                blanks = 0
                index += 1
                continue
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
            tuple(item.freeze(self.display) for item in top),
            Location(self.display, first.number, first.indent + 1),
            int(first.marker) if numbered and first.marker else None,
        ), index


def _numbered_headings(lines: Lines, max_words: int) -> set[int]:
    """Numbered lines that are section headings, not steps (see the module's docstring)."""
    found: set[int] = set()
    last = 0
    content = [index for index, line in enumerate(lines) if line is not None]
    for position, index in enumerate(content):
        line = _at(lines, index)
        if not (line.marker and line.marker.isdigit() and heading_shaped(line.text, max_words)):
            continue
        above = lines[content[position - 1]] if position else None
        if above is not None and above.marker is not None and content[position - 1] not in found:
            continue  # inside a run of numbered items: a step
        below = lines[content[position + 1]] if position + 1 < len(content) else None
        body = below is not None and not below.bullet
        if body or (last and int(line.marker) == last + 1):
            found.add(index)
            last = int(line.marker)
    return found


def _continues(items: list[TextLine], line: TextLine) -> bool:
    """The line wraps the item above: that one stops mid-sentence, or the items start with
    capitals and this line does not."""
    capitals = all(item.text[:1].isupper() for item in items)
    return ends_open(items[-1].text) or (capitals and line.text[:1].islower())


def _item_shaped(text: str) -> bool:
    words = len(text.split())
    return (
        words <= MAX_ITEM_WORDS
        and not inner_sentence_end(text)
        and not text.endswith((":", "?"))
        and (not text.endswith(".") or words <= SHORT_SENTENCE)
    )


def _at(lines: Lines, index: int) -> TextLine:
    line = lines[index]
    assert line is not None
    return line
