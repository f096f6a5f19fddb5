"""Open a Word (Office Open XML) package without trusting it.

A .docx is a ZIP of XML parts, so a hostile or broken file can be a zip bomb, hide
macros, or carry XML entities (billion laughs, external entities that read local
files). Every limit is checked on the ZIP's directory before anything is unpacked
(zipfile itself refuses to unpack more bytes than an entry declares), and every part
is parsed here with a parser that neither loads DTDs nor resolves entities; a part
that declares any is refused outright, since Word never writes one. Readers get
parsed parts only and never hand the file to a less careful parser.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from pipeline import capped
from pipeline.errors import SourceError

MB = 1_000_000
#: The most that all entries together may unpack to.
MAX_UNCOMPRESSED_BYTES = 50 * MB
#: XML compresses about 10:1; 100:1 is a zip bomb's signature...
MAX_RATIO = 100
#: ...once an entry is large enough to matter (tiny repetitive parts compress well).
RATIO_GRACE_BYTES = 1 * MB
MAX_ENTRIES = 1000

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File: old .doc, or an encrypted .docx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_CONTENT_TYPES = "[Content_Types].xml"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_VBA_TYPE = "application/vnd.ms-office.vbaproject"
_DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
#: What zipfile raises for damage beyond its own BadZipFile checks: a name that is not
#: UTF-8, an impossible offset, an unknown ZIP version or compression method.
_DAMAGED = (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass(frozen=True)
class Package:
    """An opened package whose limits have been checked; parts are parsed on demand."""

    display: str
    archive: zipfile.ZipFile
    names: frozenset[str]
    #: Part name (no leading "/") → content type, from [Content_Types].xml.
    overrides: dict[str, str]
    #: Lower-case extension → content type.
    defaults: dict[str, str]

    def content_type(self, name: str) -> str | None:
        override = self.overrides.get(name.lower())
        return override or self.defaults.get(posixpath.splitext(name)[1].lstrip(".").lower())

    def has(self, name: str) -> bool:
        return name in self.names

    def xml(self, name: str) -> etree._Element:
        """Parse part `name`; damaged XML and any DTD or entity declaration are refused."""
        return _parse(_unpack(self.archive, name, self.display), name, self.display)

    def data(self, name: str) -> bytes:
        """The bytes of part `name` (a picture), within the package's limits."""
        return _unpack(self.archive, name, self.display)

    def related(self, source: str, rel_type: str) -> str | None:
        """The part that `source` ("" for the package) points at with `rel_type`, if any;
        the first such relationship when there are several."""
        return next((name for _, name in self.relationships(source, rel_type)), None)

    def relationships(self, source: str, *rel_types: str) -> list[tuple[str, str]]:
        """(relationship id, part name) for every internal relationship of `source` ("" for
        the package) of one of `rel_types`, in the order its .rels part lists them.

        Part names are resolved against `source`'s folder; whether each part exists is
        the caller's to check (`has`).
        """
        folder, base = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", f"{base}.rels")
        if not self.has(rels):
            return []
        found: list[tuple[str, str]] = []
        for rel in self.xml(rels).iter(f"{_REL_NS}Relationship"):
            if rel.get("Type") in rel_types and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                if target.startswith("/"):
                    name = target.lstrip("/")
                else:
                    name = posixpath.normpath(posixpath.join(folder, target))
                found.append((rel.get("Id", ""), name))
        return found

    def external(self, source: str, rel_type: str) -> dict[str, str]:
        """Relationship id → target as written, for `source`'s relationships of `rel_type`
        that point outside the package (a linked picture): never fetched, only named."""
        folder, base = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", f"{base}.rels")
        if not self.has(rels):
            return {}
        return {
            rel.get("Id", ""): rel.get("Target", "")
            for rel in self.xml(rels).iter(f"{_REL_NS}Relationship")
            if rel.get("Type") == rel_type and rel.get("TargetMode") == "External"
        }


def open_package(path: Path, display: str, max_bytes: int = capped.DOCX_BYTES) -> Package:
    """Open `path` as an Office Open XML package, or raise SourceError saying why not; a
    file larger than `max_bytes` (text_reader.max_docx_bytes) is refused unread."""
    data = capped.read_bytes(path, display, max_bytes, "text_reader.max_docx_bytes", SourceError)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise SourceError(display, _not_zip(data)) from None
    except _DAMAGED:
        raise SourceError(
            display, "the document is damaged: its ZIP archive cannot be read"
        ) from None
    _check_entries(archive.infolist(), display)
    names = frozenset(archive.namelist())
    if _CONTENT_TYPES not in names:
        raise SourceError(
            display, "not a Word document: the ZIP archive has no [Content_Types].xml"
        )
    types = _parse(_unpack(archive, _CONTENT_TYPES, display), _CONTENT_TYPES, display)
    overrides = {
        entry.get("PartName", "").lstrip("/").lower(): entry.get("ContentType", "")
        for entry in types.iter(f"{_CT_NS}Override")
    }
    defaults = {
        entry.get("Extension", "").lower(): entry.get("ContentType", "")
        for entry in types.iter(f"{_CT_NS}Default")
    }
    package = Package(display, archive, names, overrides, defaults)
    _refuse_macros(package)
    return package


def _unpack(archive: zipfile.ZipFile, name: str, display: str) -> bytes:
    try:
        return archive.read(name)
    except KeyError:
        raise SourceError(display, f"the document is damaged: {name} is missing") from None
    except _DAMAGED as error:
        raise SourceError(
            display, f"the document is damaged: cannot unpack {name} ({error})"
        ) from None


def _parse(data: bytes, name: str, display: str) -> etree._Element:
    # Refused before parsing: libxml2 would stop a billion laughs itself, but as "damaged".
    if any(marker in data for marker in _DTD_MARKERS):
        raise SourceError(display, _refused(name))
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise SourceError(
            display, f"the document is damaged: {name} is not well-formed XML ({error})"
        ) from None
    if root.getroottree().docinfo.internalDTD is not None:  # a DOCTYPE in another encoding
        raise SourceError(display, _refused(name))
    return root


def _refused(name: str) -> str:
    return f"{name}: XML declares entities (DOCTYPE), which Word never writes — refused"


def _not_zip(data: bytes) -> str:
    if data.startswith(_OLE):
        if _ENCRYPTED in data:
            return "password-protected document: remove the password in Word, then save it as .docx"
        return "old binary Word document (.doc): open it in Word and save it as .docx"
    if data.startswith(b"PK"):
        return "the document is damaged: its ZIP archive cannot be read"
    return "not a Word document: the file is not a ZIP archive"


def _check_entries(entries: list[zipfile.ZipInfo], display: str) -> None:
    """Refuse bombs and encryption from the directory alone, before unpacking anything."""
    if len(entries) > MAX_ENTRIES:
        raise SourceError(display, f"{len(entries)} ZIP entries (at most {MAX_ENTRIES} allowed)")
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise SourceError(
            display,
            f"decompressed size exceeds {MAX_UNCOMPRESSED_BYTES // MB} MB (possible zip bomb)",
        )
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise SourceError(
                display, f"{entry.filename} is encrypted; save the document without a password"
            )
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_GRACE_BYTES and ratio > MAX_RATIO:
            raise SourceError(
                display,
                f"{entry.filename} unpacks {ratio:.0f} times larger than it is stored "
                f"(more than {MAX_RATIO}:1, possible zip bomb)",
            )


def _refuse_macros(package: Package) -> None:
    types = [*package.overrides.values(), *package.defaults.values()]
    if any("macroenabled" in t.lower() or t.lower() == _VBA_TYPE for t in types) or any(
        name.lower().endswith("vbaproject.bin") for name in package.names
    ):
        raise SourceError(
            package.display, "macro-enabled document (.docm): save it as a plain .docx"
        )
