"""Assemble classified paragraphs into the model: the title, flat sections, lists with
their numbers, tables and pictures.

- title: the first paragraph in the Title style; else the first heading if it is a
  Heading 1; else a short, entirely bold or larger first paragraph (reported); else
  the title in the document properties;
- section levels start at 2 because the title is level 1: if any section heading uses
  Heading 1 (the author titled the sheet in the Title style, or used Heading 1 for
  everything), all levels move down by one, so Heading 1 → 2, Heading 2 → 3;
  otherwise Heading N → N, which is how our own DOCX writer maps sections back;
- a fake heading at level 2 (reported): a short paragraph that is entirely bold (or
  larger than body text), does not end like a sentence and is followed by body text;
  or a numbered line standing alone, a one-item list ("4. Risks of a vaccine
  reaction"), that is short, does not end like a sentence and is followed by body text
  — a section title numbered by hand, or by Word when it is all bold; it keeps its
  number;
- lists: adjacent items stay one list unless a top-level item is of another kind
  (another Word list, typed bullets, typed numbers) or an empty paragraph separates
  them. A list is numbered steps when every item is a plain step at the depth it
  nests at and the numbers count on as the model counts them (the top items on from
  the first one's number, each item's children from 1): the steps start where the first
  item's number says (a list continuing an earlier one's count starts where Word shows
  it) and the numbers leave the text. Otherwise ("1.b)", "Step 2:", a list whose first
  item is nested, one that skips a level or a number) it stays a bullet list with the
  numbers kept at the start of each item's text, as the sheet's text may refer to them
  ("see step 1.b"); typed bullets and numbers are reported;
- a table takes as its caption a Caption-style paragraph right before it, else its own
  title (Table Properties > Alt WordText); row headers are not read: Word marks a first
  column special by default, which says nothing about what it holds;
- empty paragraphs are reported once per run, as Word's checker flags them as spacing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from pipeline.config import TextReaderConfig
from pipeline.model import (
    Block,
    BulletList,
    Cell,
    Finding,
    Image,
    ItemList,
    ListItem,
    Location,
    NumberedList,
    Paragraph,
    Section,
    Span,
    Table,
    plain,
)
from pipeline.numbering import level_format
from pipeline.readers.word.findings import (
    EMPTY_PARAGRAPH,
    FAKE_HEADING,
    MANUAL_NUMBERING,
    TYPED_BULLET,
    at,
)
from pipeline.readers.word.kinds import (
    Element,
    Empty,
    Grid,
    Item,
    WordHeading,
    WordPicture,
    WordText,
    short_title,
)


def take_title(
    elements: list[Element], settings: TextReaderConfig, display: str, findings: list[Finding]
) -> tuple[str | None, int, list[Element]]:
    """The title and where it is; the elements without it."""
    content = [element for element in elements if not isinstance(element, Empty)]
    headings = [element for element in content if isinstance(element, WordHeading)]
    chosen: WordHeading | WordText | None = next((h for h in headings if h.title_style), None)
    if chosen is None and headings and headings[0].level == 1:
        chosen = headings[0]
    first = content[0] if content else None
    if (
        chosen is None
        and isinstance(first, WordText)
        and first.heading_like(settings.max_heading_words)
    ):
        chosen = first
        findings.append(
            FAKE_HEADING.finding(
                f"the title {plain(first.content())!r} is formatted text, not a title style",
                at(display, first.index),
                suggestion="apply Word's Title style to it",
            )
        )
    if chosen is None:
        return None, 1, elements
    text = chosen.text if isinstance(chosen, WordHeading) else plain(chosen.content())
    return text, chosen.index, [element for element in elements if element is not chosen]


def spacing_findings(elements: list[Element], display: str) -> Iterator[Finding]:
    """One finding per run of empty paragraphs: Word's checker flags them as spacing."""
    run: list[Empty] = []
    for element in [*elements, None]:
        if isinstance(element, Empty) and element.spacing:
            run.append(element)
            continue
        if run:
            yield EMPTY_PARAGRAPH.finding(
                f"{len(run)} empty paragraph(s) used for spacing",
                at(display, run[0].index),
                suggestion="delete them and set the space before or after paragraphs instead",
            )
        run = []


@dataclass
class _Node:
    """A list item while its list is being assembled."""

    item: Item
    children: list[_Node] = field(default_factory=list)

    def freeze(self, display: str, steps: bool = False) -> ListItem:
        """The item; as a numbered step (`steps`), its text without its number."""
        step = self.item.step
        return ListItem(
            step.content if steps and step is not None else self.item.content,
            at(display, self.item.index),
            tuple(child.freeze(display, steps) for child in self.children),
        )


def _steps_start(group: list[Item], top: list[_Node]) -> int | None:
    """The number a list of plain steps starts at; None when the list is not one (its
    numbers then stay in the items' text).

    Plain steps: one list kind, every item a plain step at the depth it nests at (for
    Word's lists, the depth its level says), numbered as the model numbers them.
    """
    first = top[0].item.step
    if first is None or any(item.kind != group[0].kind or item.step is None for item in group):
        return None
    start = first.number

    def counts_on(nodes: list[_Node], depth: int, first: int) -> bool:
        return all(
            (node.item.kind == "manual" or node.item.key[0] == depth)
            and node.item.step is not None
            and node.item.step.format == level_format(depth)
            and node.item.step.number == first + position
            and counts_on(node.children, depth + 1, 1)
            for position, node in enumerate(nodes)
        )

    return start if counts_on(top, 0, start) else None


def _captioned(elements: list[Element]) -> list[Element]:
    """A Caption paragraph right before a table becomes that table's caption."""
    merged: list[Element] = []
    for element in elements:
        before = merged[-1] if merged else None
        if isinstance(element, Grid) and isinstance(before, WordText) and before.caption:
            merged[-1] = replace(element, caption=(Span(plain(before.content())),))
        else:
            merged.append(element)
    return merged


class Sections:
    """Groups elements into flat sections under their headings."""

    def __init__(self, display: str, settings: TextReaderConfig, findings: list[Finding]) -> None:
        self.display = display
        self.settings = settings
        self.findings = findings

    def build(self, elements: list[Element]) -> tuple[Section, ...]:
        elements = self._promote(_captioned(elements))
        shift = int(any(isinstance(e, WordHeading) and e.level == 1 for e in elements))
        sections: list[Section] = []
        heading: WordHeading | None = None
        blocks: list[Block] = []
        items: list[Item] = []
        for element in [*elements, None]:
            if isinstance(element, Item):
                items.append(element)
                continue
            if items:
                blocks.extend(self._lists(items))
                items = []
            match element:
                case WordHeading():
                    if heading is not None or blocks:
                        sections.append(self._section(heading, shift, blocks))
                    heading, blocks = element, []
                case WordText():
                    blocks.append(Paragraph(element.content(), self._at(element.index)))
                case Grid():
                    blocks.append(self._table(element))
                case WordPicture():
                    blocks.append(self._image(element))
                case Empty() | None:
                    pass
        if heading is not None or blocks:
            sections.append(self._section(heading, shift, blocks))
        return tuple(sections)

    def _section(self, heading: WordHeading | None, shift: int, blocks: list[Block]) -> Section:
        if heading is None:  # text before the first heading
            return Section(None, 1, tuple(blocks), blocks[0].loc)
        level = 2 if heading.fake else min(heading.level + shift, 9)
        return Section(heading.text, level, tuple(blocks), self._at(heading.index))

    def _promote(self, elements: list[Element]) -> list[Element]:
        """Short bold (or large) paragraphs, and numbered lines standing alone, followed by
        body text become headings."""
        content = [e for e in elements if not isinstance(e, Empty)]
        around = {
            id(element): (
                content[position - 1] if position else None,
                content[position + 1] if position + 1 < len(content) else None,
            )
            for position, element in enumerate(content)
        }
        promoted: list[Element] = []
        for element in elements:
            before, after = around.get(id(element), (None, None))
            text = self._fake_heading(element, before, after)
            if text is None:
                promoted.append(element)
                continue
            promoted.append(WordHeading(text, 2, element.index, fake=True))
            self.findings.append(
                FAKE_HEADING.finding(
                    f"formatted or numbered text used as a heading: {text!r} (screen readers "
                    "and Word's navigation pane do not see it as one)",
                    self._at(element.index),
                    suggestion="apply a Heading style to it",
                )
            )
        return promoted

    def _fake_heading(
        self, element: Element, before: Element | None, after: Element | None
    ) -> str | None:
        """The heading text if `element` is a fake heading, else None."""
        if isinstance(element, WordText):
            if (
                self._heading_like(element)
                and isinstance(after, WordText | Item | Grid)
                and not (isinstance(after, WordText) and self._heading_like(after))
            ):
                return plain(element.content())
            return None
        if not isinstance(element, Item) or element.step is None:
            return None
        if element.kind != "manual" and not element.emphatic:
            return None  # a one-step list made with Word's numbering, not a bold title
        text = plain(element.content)
        alone = not (isinstance(before, Item) and before.kind == element.kind) and not (
            isinstance(after, Item) and after.kind == element.kind
        )
        followed = isinstance(after, WordText) and not self._heading_like(after)
        return text if alone and followed and short_title(text, self._max_words) else None

    @property
    def _max_words(self) -> int:
        return self.settings.max_heading_words

    def _heading_like(self, text: WordText) -> bool:
        return text.heading_like(self._max_words)

    def _lists(self, items: list[Item]) -> Iterator[ItemList]:
        """Consecutive items: a new list starts at a top-level item of another kind."""
        groups: list[list[Item]] = []
        for item in items:
            if groups and (item.kind == groups[-1][0].kind or item.key > groups[-1][0].key):
                groups[-1].append(item)
            else:
                groups.append([item])
        for group in groups:
            self._report_fake_list(group)
            top: list[_Node] = []
            stack: list[_Node] = []
            for item in group:
                while stack and stack[-1].item.key >= item.key:
                    stack.pop()
                node = _Node(item)
                (stack[-1].children if stack else top).append(node)
                stack.append(node)
            start = _steps_start(group, top)
            frozen = tuple(node.freeze(self.display, steps=start is not None) for node in top)
            if start is None:
                yield BulletList(frozen, frozen[0].loc)
            else:
                yield NumberedList(frozen, frozen[0].loc, start)

    def _report_fake_list(self, group: list[Item]) -> None:
        for kind, rule, what, fix in (
            ("typed", TYPED_BULLET, "typed bullet characters", "Bullets"),
            ("manual", MANUAL_NUMBERING, "typed numbers", "Numbering"),
        ):
            typed = [item for item in group if item.kind == kind]
            if typed:
                self.findings.append(
                    rule.finding(
                        f"{len(typed)} paragraph(s) made into a list with {what}: "
                        "screen readers do not announce it as a list",
                        self._at(typed[0].index),
                        suggestion=f"select them and use Word's {fix} button",
                    )
                )

    def _table(self, grid: Grid) -> Table:
        rows = tuple(
            tuple(Cell(cell.content, self._at(cell.index), cell.columns, cell.rows) for cell in row)
            for row in grid.rows
        )
        return Table(
            rows, self._at(grid.index), grid.header_rows, grid.row_headers, caption=grid.caption
        )

    def _image(self, picture: WordPicture) -> Image:
        return Image(
            picture.alt,
            self._at(picture.index),
            picture.decorative,
            picture.data,
            picture.media_type,
            picture.link,
        )

    def _at(self, index: int) -> Location:
        return at(self.display, index)
