"""Bad source files get a clear message naming the file (and line); good ones still read."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.dump import dump
from pipeline.errors import SourceError
from pipeline.readers import read
from pipeline.readers.result import ReadResult

SHEET = (
    "Title\n\nWhat is it?\n\nIt\u2019s a \u201cmedicine\u201d.\n\n\u2022 one\n\n"
    "Last reviewed 8/2015\n"
)


def read_bytes(tmp_path: Path, data: bytes, name: str = "sheet.txt") -> ReadResult:
    path = tmp_path / name
    path.write_bytes(data)
    return read(path, Config(), display=name)


def error_for(tmp_path: Path, data: bytes) -> SourceError:
    with pytest.raises(SourceError) as raised:
        read_bytes(tmp_path, data)
    assert raised.value.path == "sheet.txt"
    assert str(raised.value).startswith("sheet.txt")
    return raised.value


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t\n"])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    assert "empty" in error_for(tmp_path, data).message


def test_binary_file_names_the_line_of_the_nul_byte(tmp_path: Path) -> None:
    error = error_for(tmp_path, b"Title\nline two\n\x00\x01\x02binary")
    assert "binary" in error.message
    assert error.line == 3


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"PK\x03\x04rest-of-zip", "ZIP archive"),
        (b"%PDF-1.7\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
    ],
)
def test_known_binary_formats_are_named(tmp_path: Path, data: bytes, kind: str) -> None:
    assert kind in error_for(tmp_path, data).message


def test_windows_1252_is_read_with_a_warning_naming_the_line(tmp_path: Path) -> None:
    result = read_bytes(tmp_path, SHEET.encode("cp1252"))
    assert "It\u2019s a \u201cmedicine\u201d." in dump(result.document)
    (finding,) = result.findings
    assert finding.rule == "source.encoding"
    assert (finding.loc.path, finding.loc.line) == ("sheet.txt", 5)
    assert "Windows-1252" in finding.message


def test_bytes_that_are_neither_utf8_nor_windows_1252(tmp_path: Path) -> None:
    error = error_for(tmp_path, b"Title\n\nBad \x81 byte.\n")
    assert "neither UTF-8 nor Windows-1252" in error.message
    assert error.line == 3


def test_utf8_bom_and_crlf_read_like_plain_utf8(tmp_path: Path) -> None:
    plain = read_bytes(tmp_path, SHEET.encode(), "a.txt")
    bom = read_bytes(tmp_path, codecs.BOM_UTF8 + SHEET.replace("\n", "\r\n").encode(), "a.txt")
    assert dump(bom.document) == dump(plain.document)  # same text, same line numbers
    assert bom.findings == ()


def test_utf16_from_notepad(tmp_path: Path) -> None:
    result = read_bytes(tmp_path, SHEET.encode("utf-16"))
    assert result.document.meta.title == "Title"


def test_control_characters_are_removed_with_a_warning(tmp_path: Path) -> None:
    result = read_bytes(tmp_path, b"Title\n\nText here.\x1a\x0c\n")
    (finding,) = result.findings
    assert finding.rule == "source.control-characters"
    assert finding.loc.line == 3
    assert "\\u001a" not in dump(result.document)


def test_fifty_megabyte_file_is_refused_before_reading(tmp_path: Path) -> None:
    line = b"This is a line of a sheet that someone pasted far too many times.\n"
    data = line * (50_000_000 // len(line) + 1)
    error = error_for(tmp_path, data)
    assert "50.0 MB" in error.message
    assert "max_bytes" in error.message


def test_unknown_format_is_named(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"sheet\.doc: is an old Word file: save it as \.docx"):
        read_bytes(tmp_path, b"whatever", "sheet.doc")
