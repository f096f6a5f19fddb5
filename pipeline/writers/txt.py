"""Plain text for a patient portal message or a screen reader.

UTF-8, one line per paragraph (no hard wrapping: the reader's screen wraps), headings
on lines of their own, "- " bullets indented two spaces per level, a blank line between
blocks and two between adjacent lists so they stay separate lists. No box drawing, no
ASCII tables, no decoration a screen reader would read out. The text reader reads this
back into the same document.
"""

from __future__ import annotations

from typing import assert_never

from pipeline.model import BulletList, Document, ListItem, NumberedList, Paragraph, plain
from pipeline.numbering import format_number, level_format
from pipeline.writers.stamps import notice, stamps, title


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
                case _:
                    assert_never(block)
    footer = [*document.meta.publisher, *(stamp.text() for stamp in stamps(document.meta))]
    chunks.append("\n".join(footer))
    return ("\n\n".join(chunks) + "\n").encode("utf-8")


def _items(items: tuple[ListItem, ...], depth: int, start: int | None) -> list[str]:
    """ "- " bullets, or numbers from `start` for numbered steps (1., a., i. when nested)."""
    lines: list[str] = []
    for number, item in enumerate(items, start=1 if start is None else start):
        marker = "-" if start is None else f"{format_number(number, level_format(depth))}."
        lines.append(f"{'  ' * depth}{marker} {plain(item.content)}")
        lines.extend(_items(item.children, depth + 1, None if start is None else 1))
    return lines
