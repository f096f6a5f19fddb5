"""Translation memory as XLIFF 1.2 files, one per sheet and language, which every major
CAT tool opens: translations/<lang>/<sheet>.xlf.

Each trans-unit is one segment. Its state says who stands behind the target:

| State        | XLIFF                                                        |
|--------------|--------------------------------------------------------------|
| new          | no target (state="new")                                      |
| machine      | state="needs-review-translation" state-qualifier="mt-suggestion" |
| needs-review | state="needs-review-translation", pe:reason="source-changed" |
| translated   | state="translated" (a person translated it, not signed off)   |
| reviewed     | state="final" or "signed-off" (a qualified translator)        |

Provenance (engine and version, a digest of the glossary entries that applied, dates,
reviewer, the English it was made from) lives in attributes of the pipeline's own
namespace, which XLIFF 1.2 allows. Files are parsed without resolving entities; a DOCTYPE
is refused outright.
"""

from __future__ import annotations

import collections
import datetime as dt
import enum
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline.errors import DataFileError

XLIFF = "urn:oasis:names:tc:xliff:document:1.2"
PE = "urn:x-patient-education-pipeline:provenance"
_NS = {"x": XLIFF}


class State(enum.StrEnum):
    NEW = "new"
    MACHINE = "machine"
    NEEDS_REVIEW = "needs-review"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"

    @property
    def human(self) -> bool:
        """A person wrote or approved the target: a machine must never replace it."""
        return self in {State.NEEDS_REVIEW, State.TRANSLATED, State.REVIEWED}


@dataclass(frozen=True)
class TransUnit:
    id: str
    #: title, heading, paragraph, item or publisher (XLIFF resname).
    kind: str
    source: str
    target: str | None
    state: State
    #: Source line of the segment, so findings can say file:line.
    line: int = 1
    engine: str | None = None
    #: A machine draft's `Glossary.entries_digest` of its English when it was drafted.
    glossary: str | None = None
    translated_on: dt.date | None = None
    reviewer: str | None = None
    reviewed_on: dt.date | None = None
    #: The English a needs-review target was made from.
    previous_source: str | None = None
    #: Glossary matches and other hints for translators.
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SheetMemory:
    #: The source sheet as the project names it, e.g. "sources/aldesleukin.txt".
    sheet: str
    source_lang: str
    target_lang: str
    units: tuple[TransUnit, ...]
    #: Units whose English is no longer in the sheet but that a person worked on: kept,
    #: because nothing a translator wrote is ever dropped.
    obsolete: tuple[TransUnit, ...] = field(default=())


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def write(memory: SheetMemory) -> bytes:
    namespaces = {None: XLIFF, "pe": PE}
    root = etree.Element(f"{{{XLIFF}}}xliff", nsmap=namespaces, version="1.2")  # type: ignore[arg-type]
    file = etree.SubElement(
        root,
        f"{{{XLIFF}}}file",
        original=memory.sheet,
        datatype="plaintext",
        attrib={"source-language": memory.source_lang, "target-language": memory.target_lang},
    )
    etree.SubElement(file, f"{{{XLIFF}}}header")
    body = etree.SubElement(file, f"{{{XLIFF}}}body")
    for unit in memory.units:
        _unit(body, unit)
    if memory.obsolete:
        group = etree.SubElement(body, f"{{{XLIFF}}}group", id="obsolete", resname="obsolete")
        group.set(f"{{{PE}}}obsolete", "yes")
        for unit in memory.obsolete:
            _unit(group, unit)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _unit(parent: etree._Element, unit: TransUnit) -> None:
    element = etree.SubElement(parent, f"{{{XLIFF}}}trans-unit", id=unit.id, resname=unit.kind)
    provenance = {
        "line": str(unit.line),
        "source-hash": source_hash(unit.source),
        "engine": unit.engine,
        "glossary": unit.glossary,
        "translated": unit.translated_on.isoformat() if unit.translated_on else None,
        "reviewer": unit.reviewer,
        "reviewed": unit.reviewed_on.isoformat() if unit.reviewed_on else None,
        "previous-source": unit.previous_source,
        "reason": "source-changed" if unit.state is State.NEEDS_REVIEW else None,
    }
    for name, value in provenance.items():
        if value is not None:
            element.set(f"{{{PE}}}{name}", value)
    etree.SubElement(element, f"{{{XLIFF}}}source").text = unit.source
    target = etree.SubElement(element, f"{{{XLIFF}}}target")
    target.text = unit.target
    target.set("state", _XLIFF_STATE[unit.state])
    if unit.state is State.MACHINE:
        target.set("state-qualifier", "mt-suggestion")
    for note in unit.notes:
        etree.SubElement(element, f"{{{XLIFF}}}note", {"from": "glossary"}).text = note


_XLIFF_STATE = {
    State.NEW: "new",
    State.MACHINE: "needs-review-translation",
    State.NEEDS_REVIEW: "needs-review-translation",
    State.TRANSLATED: "translated",
    State.REVIEWED: "final",
}
_REVIEWED_STATES = {"final", "signed-off"}
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)


def read(data: bytes, path: str) -> SheetMemory:
    """Parse an XLIFF file written by `write` or returned by a translator's CAT tool."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise DataFileError(path, "the file declares a DOCTYPE or entities: refused")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise DataFileError(path, f"not well-formed XML: {error.msg}", error.lineno) from None
    files = root.findall("x:file", _NS)
    if root.tag != f"{{{XLIFF}}}xliff" or len(files) != 1:
        raise DataFileError(path, "not an XLIFF 1.2 file with exactly one <file>")
    file = files[0]
    body = file.find("x:body", _NS)
    if body is None:
        raise DataFileError(path, "the <file> has no <body>", _line(file))
    units = tuple(_read_unit(e, path) for e in body.findall("x:trans-unit", _NS))
    obsolete = tuple(
        _read_unit(e, path) for e in body.findall("x:group[@id='obsolete']/x:trans-unit", _NS)
    )
    ids = collections.Counter(unit.id for unit in (*units, *obsolete))
    if duplicate := next((i for i, count in ids.items() if count > 1), None):
        raise DataFileError(path, f"unit id {duplicate!r} appears twice")
    return SheetMemory(
        sheet=file.get("original", ""),
        source_lang=file.get("source-language", ""),
        target_lang=file.get("target-language", ""),
        units=units,
        obsolete=obsolete,
    )


def _read_unit(element: etree._Element, path: str) -> TransUnit:
    line = _line(element)
    unit_id = element.get("id")
    source = element.find("x:source", _NS)
    if not unit_id or source is None:
        raise DataFileError(path, "a trans-unit needs an id and a <source>", line)
    target = element.find("x:target", _NS)
    text = _text(target) if target is not None else None
    state = _state(target, text, element, path)

    def pe(name: str) -> str | None:
        return element.get(f"{{{PE}}}{name}")

    return TransUnit(
        id=unit_id,
        kind=element.get("resname", "paragraph"),
        source=_text(source),
        target=text,
        state=state,
        line=int(pe("line") or 1),
        engine=pe("engine"),
        glossary=pe("glossary"),
        translated_on=_date(pe("translated"), path, line),
        reviewer=pe("reviewer"),
        reviewed_on=_date(pe("reviewed"), path, line),
        previous_source=pe("previous-source"),
        notes=tuple(_text(n) for n in element.findall("x:note[@from='glossary']", _NS)),
    )


def _text(element: etree._Element) -> str:
    """All text inside, inline tags (which some CAT tools add) flattened."""
    return "".join(str(text) for text in element.itertext())


def _line(element: etree._Element) -> int | None:
    line = element.sourceline
    return line if isinstance(line, int) else None


def _state(
    target: etree._Element | None, text: str | None, unit: etree._Element, path: str
) -> State:
    if target is None or not text:
        return State.NEW
    state = target.get("state", "translated")
    if state in _REVIEWED_STATES:
        return State.REVIEWED
    if state == "needs-review-translation":
        if target.get("state-qualifier") == "mt-suggestion":
            return State.MACHINE
        return State.NEEDS_REVIEW
    if state in {"translated", "needs-review-l10n", "needs-review-adaptation"}:
        return State.TRANSLATED
    if state in {"new", "needs-translation", "needs-l10n", "needs-adaptation"}:
        return State.NEW
    raise DataFileError(path, f"unknown target state {state!r}", _line(unit))


def _date(text: str | None, path: str, line: int | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DataFileError(path, f"bad date {text!r} (use YYYY-MM-DD)", line) from None


def load(path: Path) -> SheetMemory | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    return read(data, str(path))
