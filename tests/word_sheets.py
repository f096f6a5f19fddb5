"""Building and reading small Word sheets, for the Word reader's tests."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document as WordDocument

from pipeline import emphasis
from pipeline.config import Config
from pipeline.errors import SourceError
from pipeline.model import (
    BulletList,
    ItemList,
    ListItem,
    NumberedList,
    Section,
    plain,
)
from pipeline.readers import word as word_reader
from pipeline.readers.result import ReadResult

CONFIG = Config()
NAME = "sheet.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
Build = Callable[[WordDocument], None]


def read_bytes(tmp_path: Path, data: bytes, name: str = NAME) -> ReadResult:
    path = tmp_path / name
    path.write_bytes(data)
    return marked(word_reader.read(path, name, CONFIG), CONFIG)


def marked(result: ReadResult, config: Config) -> ReadResult:
    """As the build reads a sheet: with its urgent phrases and their sentences marked."""
    return dataclasses.replace(result, document=emphasis.mark_urgent(result.document, config))


def save(word: WordDocument) -> bytes:
    saved = io.BytesIO()
    word.save(saved)
    return saved.getvalue()


def read_word(tmp_path: Path, make: Build) -> ReadResult:
    word = docx.Document()
    make(word)
    return read_bytes(tmp_path, save(word))


def error_for(tmp_path: Path, data: bytes) -> str:
    with pytest.raises(SourceError) as raised:
        read_bytes(tmp_path, data)
    assert raised.value.path == NAME
    assert str(raised.value).startswith(NAME)
    return raised.value.message


def repack(data: bytes, changes: dict[str, bytes | None]) -> bytes:
    """The same package with some parts replaced, added, or (None) removed."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            if name not in changes:
                target.writestr(name, source.read(name))
        for name, content in changes.items():
            if content is not None:
                target.writestr(name, content)
    return out.getvalue()


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name)


def rules(result: ReadResult) -> list[tuple[str, int]]:
    return [(finding.rule, finding.loc.line) for finding in result.findings]


def texts(items: tuple[ListItem, ...]) -> list[str]:
    return [plain(item.content) for item in items]


def only_list(section: Section) -> ItemList:
    (block,) = section.blocks
    assert isinstance(block, BulletList | NumberedList)
    return block


def simple_sheet() -> bytes:
    """A small valid sheet, the base for the bad-input variants."""
    word = docx.Document()
    word.add_paragraph("Ibuprofen", style="Title")
    word.add_paragraph("Give it with food.")
    return save(word)
