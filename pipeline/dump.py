"""A readable dump of the document model, like Pandoc's `.native`, for golden tests.

Strings are JSON-quoted so whitespace and odd characters show; `@line:col` marks
locations and can be left out to compare documents read from different files.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Sequence
from typing import assert_never

from pipeline.fidelity import Removed
from pipeline.model import (
    Block,
    BulletList,
    Document,
    Image,
    Inlines,
    ListItem,
    Location,
    NumberedList,
    Paragraph,
    Table,
)


def dump(document: Document, locations: bool = True, removed: Sequence[Removed] = ()) -> str:
    """The model, then what the reader left out of it and the rule that removed each."""
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
    if meta.attribution:
        out.append("  attribution:" + "".join(f"\n    {_quote(line)}" for line in meta.attribution))
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
    if removed:
        out.append("Removed")
        out.extend(
            f"  {_quote(gone.text)}{_at(gone.loc, locations)} by {gone.rule}" for gone in removed
        )
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
        case Table():
            header = f" header_rows={block.header_rows}" if block.header_rows else ""
            header += " row_headers" if block.row_headers else ""
            out.append(f"{indent}Table{header}{_at(block.loc, locations)}")
            if block.caption:
                out.append(f"{indent}  Caption {_inlines(block.caption)}")
            for row in block.rows:
                out.append(f"{indent}  Row")
                for cell in row:
                    span = "".join(
                        f" {name}={value}"
                        for name, value in (("columns", cell.columns), ("rows", cell.rows))
                        if value != 1
                    )
                    out.append(
                        f"{indent}    Cell{span}{_at(cell.loc, locations)} {_inlines(cell.content)}"
                    )
        case Image():
            out.append(f"{indent}Image{_at(block.loc, locations)} {_image(block)}")
        case _:
            assert_never(block)


def _item(item: ListItem, out: list[str], indent: str, locations: bool) -> None:
    out.append(f"{indent}Item{_at(item.loc, locations)} {_inlines(item.content)}")
    for child in item.children:
        _item(child, out, indent + "  ", locations)


def _image(image: Image) -> str:
    """alt text (or decorative), then the picture: its type, size and digest, or its link."""
    parts = ["decorative" if image.decorative else f"alt={_quote(image.alt)}"]
    if image.data:
        digest = hashlib.sha256(image.data).hexdigest()[:12]
        parts.append(f"{image.media_type} {len(image.data)} bytes sha256:{digest}")
    if image.link is not None:
        parts.append(f"link={_quote(image.link)}")
    return " ".join(parts)


def _at(loc: Location | None, locations: bool) -> str:
    return f" @{loc.line}:{loc.col}" if locations and loc is not None else ""


def _inlines(content: Inlines) -> str:
    """Spans in order, `Strong` before bold ones; an urgent run (a phrase such as "call
    911" and its sentence) grouped as `Urgent [...]`. Links' targets are not shown, nor
    where they split a run of the same emphasis: a page's links are no part of what the
    dump compares (the HTML writer makes phone numbers links)."""
    words: list[str] = []
    for urgent, group in itertools.groupby(content, key=lambda span: span.urgent):
        runs = itertools.groupby(group, key=lambda span: span.strong)
        spans = " ".join(
            ("Strong " if strong else "") + _quote("".join(s.text for s in run))
            for strong, run in runs
        )
        words.append(f"Urgent [{spans}]" if urgent else spans)
    return " ".join(words)


def _quote(text: str | None) -> str:
    return "none" if text is None else json.dumps(text, ensure_ascii=False)
