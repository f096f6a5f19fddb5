"""Turn a text file's bytes into clean lines, or say clearly why not.

Sheets arrive as UTF-8 (sometimes with a BOM), UTF-16 from Notepad, or Windows-1252
from Word's "plain text" export, with any line endings. The decoded text keeps the
file's line numbering so findings point at the line a person sees in an editor.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pipeline import capped, mojibake
from pipeline.errors import SourceError
from pipeline.model import Finding, Location, Severity
from pipeline.rules import Example, Rule

_PLAIN = Example("sheet.txt", "Fever\n\nGive it with food.\n")
UNREADABLE = Rule(
    "source.unreadable",
    Severity.ERROR,
    "the sheet cannot be read (empty, binary, bad encoding, bad date…)",
    _PLAIN,
    Example("sheet.txt", "Fever\n\nGive it with food.\n\nLast reviewed 13/2015\n"),
)
ENCODING = Rule(
    "source.encoding",
    Severity.WARNING,
    "the sheet is not UTF-8 and was read as Windows-1252",
    _PLAIN,
    Example("sheet.txt", "Fever\n\nGive it with food \u2013 or milk.\n", encoding="cp1252"),
)
CONTROL_CHARACTERS = Rule(
    "source.control-characters",
    Severity.WARNING,
    "invisible control characters were removed",
    _PLAIN,
    Example("sheet.txt", "Fever\n\nGive it\x07 with food.\n"),
)
MOJIBAKE = Rule(
    "source.mojibake",
    Severity.WARNING,
    'text that was UTF-8 read as Latin-1 or Windows-1252 ("EspaÃ±ol" for "Español"): '
    "one finding per line; its words are not spell-checked",
    Example("sheet.txt", "Fever\n\nWe speak Espa\u00f1ol.\n"),
    Example("sheet.txt", "Fever\n\nWe speak Espa\u00c3\u00b1ol.\n"),
)
RULES = (UNREADABLE, ENCODING, CONTROL_CHARACTERS, MOJIBAKE)
#: Characters of a damaged word shown in its finding.
_EXCERPT = 40

#: File signatures worth naming when someone saves a binary file with a text name.
_SIGNATURES = {
    b"PK\x03\x04": "a ZIP archive (a Word .docx saved under a text name?)",
    b"%PDF": "a PDF document",
    b"\xd0\xcf\x11\xe0": "an old binary Office document (.doc)",
    b"{\\rtf": "a Rich Text (.rtf) document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
}
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
#: Characters XML (and so HTML and DOCX) cannot carry: C0/C1 controls except tab.
_UNWANTED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


@dataclass(frozen=True)
class SourceText:
    """Decoded text with "\\n" line endings, plus findings about how it was decoded."""

    text: str
    encoding: str
    findings: tuple[Finding, ...] = ()


#: The setting that caps a text, web page or Markdown sheet's size.
SETTING = "text_reader.max_bytes"


def read_text(path: Path, display: str, max_bytes: int) -> SourceText:
    """Read and decode `path`; `display` is the name used in messages."""
    return decode(capped.read_bytes(path, display, max_bytes, SETTING, SourceError), display)


def decode(data: bytes, display: str) -> SourceText:
    """Decode bytes from any of the encodings sheets arrive in."""
    for signature, kind in _SIGNATURES.items():
        if data.startswith(signature):
            raise SourceError(display, f"this is {kind}, not a text file")
    findings: list[Finding] = []
    if data.startswith(_UTF16_BOMS):
        text, encoding = _strict(data, "utf-16", display), "utf-16"
    else:
        if b"\x00" in data:
            line = data.count(b"\n", 0, data.index(b"\x00")) + 1
            raise SourceError(display, "binary data (a NUL byte), not a text file", line)
        text, encoding = _utf8_or_cp1252(data, display, findings)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text.replace("\t", "    "))
    if not text.strip():
        raise SourceError(display, "file is empty (no text to read)")
    text = _drop_unwanted(text, display, findings)
    findings += _mojibake(text, display)
    return SourceText(text, encoding, tuple(findings))


def _strict(data: bytes, encoding: str, display: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SourceError(display, f"not valid {encoding.upper()} text", line) from None


def _utf8_or_cp1252(data: bytes, display: str, findings: list[Finding]) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        bad = data[error.start]
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise SourceError(
            display, f"neither UTF-8 nor Windows-1252 text (byte 0x{bad:02X})", line
        ) from None
    findings.append(
        ENCODING.finding(
            f"not UTF-8 (byte 0x{bad:02X}); read as Windows-1252. "
            "Check the quotes and accents in the output, then save the sheet as UTF-8",
            Location(display, line),
        )
    )
    return text, "cp1252"


def _drop_unwanted(text: str, display: str, findings: list[Finding]) -> str:
    first = _UNWANTED.search(text)
    if first is None:
        return text
    count = len(_UNWANTED.findall(text))
    line = text.count("\n", 0, first.start()) + 1
    findings.append(
        CONTROL_CHARACTERS.finding(
            f"{count} control character(s) removed (first U+{ord(first.group()):04X})",
            Location(display, line),
        )
    )
    return _UNWANTED.sub("", text)


def _mojibake(text: str, display: str) -> list[Finding]:
    """One finding per line holding words that were UTF-8 decoded a byte at a time."""
    by_line: dict[int, list[str]] = {}
    line, counted = 1, 0
    for start, end in mojibake.runs(text):
        line += text.count("\n", counted, start)
        counted = start
        by_line.setdefault(line, []).append(text[start:end])
    return [
        MOJIBAKE.finding(
            f"{len(words)} word(s) look like UTF-8 read as Latin-1 or Windows-1252 "
            f"({words[0][:_EXCERPT]!r}): re-save or re-copy the text as UTF-8",
            Location(display, line),
        )
        for line, words in by_line.items()
    ]
