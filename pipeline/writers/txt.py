"""Plain text for a patient portal message or a screen reader.

UTF-8, one line per paragraph (no hard wrapping: the reader's screen wraps), headings
on lines of their own, "- " bullets indented two spaces per level, a blank line between
blocks and two between adjacent lists so they stay separate lists; a table as aligned
columns, a picture as "[Picture: its alternative text]". No box drawing, no
ASCII tables, no decoration a screen reader would read out. The text reader reads this
back into the same document.
"""

from __future__ import annotations

from typing import assert_never

from pipeline.model import (
    BulletList,
    Document,
    Image,
    ListItem,
    NumberedList,
    Paragraph,
    Table,
    plain,
)
from pipeline.numbering import format_number, level_format
from pipeline.writers import grid
from pipeline.writers.stamps import notice, stamps, title

#: Before a table's caption; the text reader reads it back.
TABLE_LABEL = "Table:"
#: Between a table's columns, at least.
COLUMN_GAP = "  "
PICTURE_LABEL = "Picture"
MISSING_PICTURE_LABEL = "Picture not included"


def write(document: Document) -> bytes:
    chunks: list[str] = [*notice(document.meta), title(document.meta, document.name)]
    previous_was_list = False
    for section in document.sections:
        if section.heading is not None:
            chunks.append(section.heading)
            previous_was_list = False
        for block in section.blocks:
            match block:
                case Paragraph():
                    chunks.append(plain(block.content))
                    previous_was_list = False
                case BulletList() | NumberedList():
                    # Two blank lines between adjacent lists: a new list, not more items.
                    gap = "\n" if previous_was_list else ""
                    items = _items(
                        block.items, 0, block.start if isinstance(block, NumberedList) else None
                    )
                    chunks.append(gap + "\n".join(items))
                    previous_was_list = True
                case Table():
                    chunks.append("\n".join(_table(block)))
                    previous_was_list = False
                case Image():
                    if line := _image(block):
                        chunks.append(line)
                        previous_was_list = False
                case _:
                    assert_never(block)
    meta = document.meta
    footer = [*meta.publisher, *(stamp.text() for stamp in stamps(meta)), *meta.attribution]
    chunks.append("\n".join(footer))
    return ("\n\n".join(chunks) + "\n").encode("utf-8")


def _table(table: Table) -> list[str]:
    """ "Table: caption" if it has one, then a line per row, cells in aligned columns two
    spaces apart, as a screen reader reads them: row by row, every row whole (a cell
    spanning rows is repeated in each, one spanning columns covers them)."""
    rows = grid.layout(table.rows)
    columns = max((p.column + p.cell.columns for row in rows for p in row), default=0)
    widths = [0] * columns
    for row in rows:
        for placed in row:
            if placed.cell.columns == 1:
                widths[placed.column] = max(widths[placed.column], len(plain(placed.cell.content)))
    lines = [f"{TABLE_LABEL} {plain(table.caption)}"] if table.caption else []
    for row in rows:
        line = ""
        for placed in row:
            start = sum(widths[: placed.column]) + len(COLUMN_GAP) * placed.column
            # A spanning cell longer than the columns it covers pushes the rest along.
            line = line.ljust(start) if len(line) <= start else line + COLUMN_GAP
            line += plain(placed.cell.content)
        lines.append(line.rstrip())
    return lines


def _image(image: Image) -> str | None:
    """ "[Picture: alt text]"; nothing for a decorative picture, which has nothing to say."""
    if image.decorative:
        return None
    label = PICTURE_LABEL if image.data else MISSING_PICTURE_LABEL
    return f"[{label}: {image.alt}]" if image.alt else f"[{label}]"


def _items(items: tuple[ListItem, ...], depth: int, start: int | None) -> list[str]:
    """ "- " bullets, or numbers from `start` for numbered steps (1., a., i. when nested)."""
    lines: list[str] = []
    for number, item in enumerate(items, start=1 if start is None else start):
        marker = "-" if start is None else f"{format_number(number, level_format(depth))}."
        lines.append(f"{'  ' * depth}{marker} {plain(item.content)}")
        lines.extend(_items(item.children, depth + 1, None if start is None else 1))
    return lines
