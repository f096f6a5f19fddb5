"""The Word reader refuses bad files with a clear error naming them: not a zip, damaged,
macros, other Office kinds, zip bombs, XML entities, empty documents
(pipeline/readers/safe_zip.py, pipeline/readers/word/package.py)."""

from __future__ import annotations

import dataclasses
import io
import struct
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document as WordDocument
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import build as build_module
from pipeline.discovery import discover
from pipeline.errors import SourceError
from pipeline.readers import safe_zip
from pipeline.readers import word as word_reader
from tests.word_sheets import (
    CONFIG,
    NAME,
    W,
    error_for,
    part,
    read_bytes,
    read_word,
    repack,
    save,
    simple_sheet,
)


@pytest.fixture(scope="module")
def simple() -> bytes:
    return simple_sheet()


# --- bad input ---------------------------------------------------------------------------


def test_not_a_zip(tmp_path: Path) -> None:
    assert error_for(tmp_path, b"Ibuprofen\n\nGive it with food.\n") == (
        "not a Word document: the file is not a ZIP archive"
    )


def test_damaged_zip(tmp_path: Path, simple: bytes) -> None:
    assert "damaged" in error_for(tmp_path, simple[: len(simple) // 2])


def test_old_binary_word_document(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert "old binary Word document (.doc)" in error_for(tmp_path, ole)
    encrypted = ole + "EncryptedPackage".encode("utf-16-le")
    assert "password-protected" in error_for(tmp_path, encrypted)


def test_macro_enabled_document(tmp_path: Path, simple: bytes) -> None:
    types = part(simple, "[Content_Types].xml").replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
    )
    renamed = repack(simple, {"[Content_Types].xml": types, "word/vbaProject.bin": b"\x00" * 64})
    assert (
        error_for(tmp_path, renamed) == "macro-enabled document (.docm): save it as a plain .docx"
    )
    hidden = repack(simple, {"word/vbaProject.bin": b"\x00" * 64})  # the part alone is enough
    assert "macro-enabled" in error_for(tmp_path, hidden)


def test_other_office_documents(tmp_path: Path, simple: bytes) -> None:
    types = part(simple, "[Content_Types].xml").replace(
        b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml"
    )
    assert error_for(tmp_path, repack(simple, {"[Content_Types].xml": types})) == (
        "not a Word document: this is an Excel workbook"
    )
    assert "no [Content_Types].xml" in error_for(
        tmp_path, repack(simple, {"[Content_Types].xml": None})
    )


def test_zip_bomb_by_total_size(tmp_path: Path, simple: bytes) -> None:
    bomb = repack(simple, {"word/media/padding.xml": bytes(safe_zip.MAX_UNCOMPRESSED_BYTES + 1)})
    assert len(bomb) < 200_000
    assert error_for(tmp_path, bomb) == "decompressed size exceeds 50 MB (possible zip bomb)"


def test_zip_bomb_by_ratio(tmp_path: Path, simple: bytes) -> None:
    bomb = repack(simple, {"word/media/padding.xml": bytes(2 * safe_zip.RATIO_GRACE_BYTES)})
    assert "possible zip bomb" in error_for(tmp_path, bomb)


def patch_header(data: bytes, name: str, field: str, value: int) -> bytes:
    """The package with a field of entry `name`'s headers changed, as a forger would."""
    local, central, width = {"size": (22, 24, "<I"), "flags": (6, 8, "<H")}[field]
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        struct.pack_into(width, patched, package.getinfo(name).header_offset + local, value)
    position = patched.find(b"PK\x01\x02")
    while position >= 0:  # the central directory
        (length,) = struct.unpack_from("<H", patched, position + 28)
        if patched[position + 46 : position + 46 + length] == name.encode():
            struct.pack_into(width, patched, position + central, value)
        position = patched.find(b"PK\x01\x02", position + 1)
    return bytes(patched)


def test_zip_whose_headers_understate_a_size(tmp_path: Path, simple: bytes) -> None:
    # The directory passes the limits, but unpacking stops at the declared size.
    padded = part(simple, "word/document.xml") + bytes(10 * safe_zip.RATIO_GRACE_BYTES)
    forged = patch_header(
        repack(simple, {"word/document.xml": padded}), "word/document.xml", "size", 100
    )
    message = error_for(tmp_path, forged)
    assert message.startswith("the document is damaged: cannot unpack word/document.xml")


def test_encrypted_entry(tmp_path: Path, simple: bytes) -> None:
    encrypted = patch_header(simple, "word/document.xml", "flags", 0x1)
    assert error_for(tmp_path, encrypted) == (
        "word/document.xml is encrypted; save the document without a password"
    )


def test_too_many_entries(tmp_path: Path, simple: bytes) -> None:
    many = repack(simple, {f"customXml/item{n}.xml": b"<a/>" for n in range(safe_zip.MAX_ENTRIES)})
    assert "ZIP entries" in error_for(tmp_path, many)


XXE = (
    b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    b'<w:document xmlns:w="' + W.encode() + b'"><w:body><w:p><w:r><w:t>&secret;</w:t></w:r>'
    b"</w:p></w:body></w:document>"
)


def _laughs() -> bytes:
    """Billion laughs: nine levels of ten references each, 10^9 "lol"s if ever expanded."""
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)).replace(
        "&lol0;", "&lol;"
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">{entities}]>'
        f'<w:styles xmlns:w="{W}">&lol9;</w:styles>'
    ).encode()


LAUGHS = _laughs()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("word/document.xml", XXE),
        ("word/styles.xml", LAUGHS),
        ("[Content_Types].xml", XXE),
        (
            "word/document.xml",
            XXE.decode().replace('"1.0"?>', '"1.0" encoding="UTF-16"?>').encode("utf-16"),
        ),
        (
            "word/document.xml",
            XXE.decode().replace('"1.0"?>', '"1.0" encoding="UTF-32"?>').encode("utf-32"),
        ),
    ],
)
def test_xml_entities_are_refused(tmp_path: Path, simple: bytes, name: str, content: bytes) -> None:
    message = error_for(tmp_path, repack(simple, {name: content}))
    assert message == f"{name}: XML declares entities (DOCTYPE), which Word never writes — refused"


def test_damaged_xml(tmp_path: Path, simple: bytes) -> None:
    message = error_for(tmp_path, repack(simple, {"word/document.xml": b"<w:document"}))
    assert message.startswith("the document is damaged: word/document.xml is not well-formed XML")


@pytest.mark.parametrize("paragraphs", [0, 3])
def test_empty_document(tmp_path: Path, paragraphs: int) -> None:
    word = docx.Document()
    for _ in range(paragraphs):
        word.add_paragraph("  ")
    assert error_for(tmp_path, save(word)) == "the document has no text"


def test_document_with_only_a_review_stamp(tmp_path: Path) -> None:
    def make(word: WordDocument) -> None:
        word.add_paragraph("Children's Minnesota")
        word.add_paragraph("Last reviewed 8/2015")

    with pytest.raises(SourceError, match="no text besides its review stamp"):
        read_word(tmp_path, make)


def test_file_too_large_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_bytes(b"PK\x03\x04" + bytes(20))
    with pytest.raises(SourceError, match=r"over the limit .* raise text_reader.max_docx_bytes"):
        safe_zip.open_package(path, NAME, max_bytes=10)


@given(st.data())
@settings(max_examples=80, deadline=None)
def test_damaged_bytes_give_a_source_error_or_a_document(
    simple: bytes, data: st.DataObject
) -> None:
    damaged = bytearray(simple)
    for _ in range(data.draw(st.integers(1, 8))):
        damaged[data.draw(st.integers(0, len(damaged) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(damaged)))
    with tempfile.TemporaryDirectory() as folder:
        try:
            read_bytes(Path(folder), bytes(damaged[:cut]))
        except SourceError as error:
            assert error.path == NAME


def test_a_bad_word_file_does_not_stop_the_other_sheets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, simple: bytes
) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "broken.docx").write_bytes(simple[:100])
    (sources / "ibuprofen.docx").write_bytes(simple)
    config = dataclasses.replace(CONFIG, sources=sources, outputs=tmp_path / "outputs")
    results = build_module.build(config, discover(sources))
    broken, good = results
    assert broken.error is not None and "broken.docx" in broken.error and "damaged" in broken.error
    assert good.error is None
    assert {path.name for path in good.outputs} == {
        "ibuprofen.html",
        "ibuprofen.docx",
        "ibuprofen.txt",
    }


def test_rules_are_described() -> None:
    assert {rule.id for rule in word_reader.RULES} == {
        "docx.fake-heading",
        "docx.typed-bullet",
        "docx.manual-numbering",
        "docx.layout-table",
        "docx.empty-paragraph",
        "docx.text-box",
        "docx.note",
        "docx.image-alt",
        "docx.linked-image",
        "docx.tracked-change",
        "docx.comment",
        "docx.hidden-text",
        "docx.review-in-footer",
    }
