"""A readable dump of the document model, like Pandoc's `.native`, for golden tests.

Strings are JSON-quoted so whitespace and odd characters show; `@line:col` marks
locations and can be left out to compare documents read from different files.
"""

from __future__ import annotations

import json
from typing import assert_never

from pipeline.model import (
    Block,
    BulletList,
    Document,
    Inlines,
    ListItem,
    Location,
    NumberedList,
    Paragraph,
)


def dump(document: Document, locations: bool = True) -> str:
    meta = document.meta
    reviewed = meta.reviewed.iso() if meta.reviewed else "none"
    next_review = meta.next_review.iso() if meta.next_review else "none"
    out = [
        "Meta" + _at(meta.loc, locations),
        f"  title: {_quote(meta.title)}",
        f"  lang: {_quote(meta.lang)}",
        f"  reviewed: {reviewed}{_at(meta.reviewed_loc, locations)}",
        f"  next_review: {next_review}",
        "  publisher:" + "".join(f"\n    {_quote(line)}" for line in meta.publisher),
    ]
    if meta.ignores:
        out.append(f"  ignores: {', '.join(meta.ignores)}")
    out.extend(
        f"  {name}: {_quote(value)}"
        for name, value in (("owner", meta.owner), ("audience", meta.audience))
        if value
    )
    for section in document.sections:
        out.append(
            f"Section {section.level} {_quote(section.heading)}{_at(section.loc, locations)}"
        )
        for block in section.blocks:
            _block(block, out, "  ", locations)
    return "\n".join(out) + "\n"


def _block(block: Block, out: list[str], indent: str, locations: bool) -> None:
    match block:
        case Paragraph():
            out.append(f"{indent}Paragraph{_at(block.loc, locations)} {_inlines(block.content)}")
        case BulletList() | NumberedList():
            kind = (
                f"NumberedList start={block.start}"
                if isinstance(block, NumberedList)
                else "BulletList"
            )
            out.append(f"{indent}{kind}{_at(block.loc, locations)}")
            for item in block.items:
                _item(item, out, indent + "  ", locations)
        case _:
            assert_never(block)


def _item(item: ListItem, out: list[str], indent: str, locations: bool) -> None:
    out.append(f"{indent}Item{_at(item.loc, locations)} {_inlines(item.content)}")
    for child in item.children:
        _item(child, out, indent + "  ", locations)


def _at(loc: Location | None, locations: bool) -> str:
    return f" @{loc.line}:{loc.col}" if locations and loc is not None else ""


def _inlines(content: Inlines) -> str:
    return " ".join(("Strong " if span.strong else "") + _quote(span.text) for span in content)


def _quote(text: str | None) -> str:
    return "none" if text is None else json.dumps(text, ensure_ascii=False)
