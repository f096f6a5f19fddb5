"""Project data files kept as CSV, so staff and translators can edit them in a spreadsheet.

One set of rules for every such file (the plain-language list, glossaries): UTF-8 with or
without the BOM Excel writes, lines starting with "#" are comments (also when a
spreadsheet saved them with trailing commas or quotes), blank rows are skipped, the
first row names the columns in any order and case. Every problem is a `DataFileError`
naming the file and the line where the record starts, because a mistake in a data file
would silently misjudge every sheet.

A "#" line inside a quoted multi-line field is read as a comment too: keep notes on
one line.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import capped
from pipeline.errors import DataFileError

if TYPE_CHECKING:
    from _csv import Reader as _Reader

#: A line and its ending: \r\n, \n, or \r alone (old Mac Excel); not str.splitlines(), which
#: would also break lines at characters such as U+2028 inside a note.
#: The setting that caps the size of these files.
CAP_SETTING = "translation.max_glossary_bytes"
_LINE = re.compile(r".*?(?:\r\n|\r|\n)|.+\Z", re.S)


@dataclass(frozen=True)
class Row:
    #: The line where the record starts (1-based), for messages.
    line: int
    #: Column name → value with surrounding spaces removed; "" for a missing optional column.
    values: dict[str, str]


@dataclass(frozen=True)
class CsvTable:
    #: The file's bytes as read, e.g. for a version hash of exactly what was used.
    data: bytes
    rows: tuple[Row, ...]


def read(
    path: Path,
    required: Sequence[str],
    optional: Sequence[str] = (),
    max_bytes: int = capped.GLOSSARY_BYTES,
) -> CsvTable:
    """Read `path`, refused when larger than `max_bytes` (the setting `CAP_SETTING`); the
    header must hold every `required` column and nothing unknown."""
    data = capped.read_bytes(path, str(path), max_bytes, CAP_SETTING)
    return CsvTable(data, tuple(_parse(str(path), data, required, optional)))


def _parse(
    name: str, data: bytes, required: Sequence[str], optional: Sequence[str] = ()
) -> list[Row]:
    """The rows of CSV `data`; `name` is what messages call the file."""
    lines = [
        "\n" if line.lstrip().startswith("#") else line
        for line in _LINE.findall(_decode(name, data))
    ]
    reader = csv.reader(lines)
    header: list[str] | None = None
    rows: list[Row] = []
    line = 1
    for fields in _records(name, reader):
        if any(field.strip() for field in fields) and not fields[0].lstrip().startswith("#"):
            try:
                if header is None:
                    header = _header(fields, required, optional)
                else:
                    rows.append(Row(line, _values(fields, header, optional)))
            except ValueError as error:
                raise DataFileError(name, str(error), line) from None
        line = reader.line_num + 1
    if header is None:
        columns = ",".join((*required, *optional))
        raise DataFileError(name, f"empty: the first row must be {columns}")
    return rows


def _records(name: str, reader: _Reader) -> Iterator[list[str]]:
    """The reader's records; a malformed one (a field over csv's size limit) is an error."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise DataFileError(name, f"not valid CSV: {error}", reader.line_num) from None


def _decode(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DataFileError(name, 'not UTF-8 text (in Excel, save as "CSV UTF-8")', line) from None


def _header(fields: list[str], required: Sequence[str], optional: Sequence[str]) -> list[str]:
    names = [name.strip().lower() for name in fields]
    if missing := [name for name in required if name not in names]:
        raise ValueError(f"missing column {missing[0]!r} (need {','.join(required)})")
    if unknown := [name for name in names if name not in (*required, *optional)]:
        known = ",".join((*required, *optional))
        raise ValueError(f"unknown column {unknown[0]!r} (the columns are {known})")
    if repeated := [name for index, name in enumerate(names) if name in names[:index]]:
        raise ValueError(f"column {repeated[0]!r} appears twice")
    return names


def _values(fields: list[str], header: list[str], optional: Sequence[str]) -> dict[str, str]:
    if len(fields) != len(header):
        raise ValueError(f"expected {len(header)} fields, found {len(fields)}")
    values = dict.fromkeys(optional, "")
    values.update((name, value.strip()) for name, value in zip(header, fields, strict=True))
    return values
