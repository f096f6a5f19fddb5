"""Translation memory as XLIFF 1.2 files, one per sheet and language, which every major
CAT tool opens: translations/<lang>/<sheet>.xlf. Files are valid against the official
XLIFF 1.2 *strict* schema (tests/schemas/), so a tool that validates accepts them.

Each trans-unit is one segment. Its state says who stands behind the target:

| State        | XLIFF                                                            |
|--------------|------------------------------------------------------------------|
| new          | no target text (state="new")                                     |
| machine      | state="needs-review-translation" state-qualifier="mt-suggestion" |
| needs-review | state="needs-review-translation" (the English changed under it)  |
| translated   | state="translated" (a person translated it, not signed off)      |
| reviewed     | state="final" and approved="yes" (a qualified translator)        |

A returned file's unit is reviewed when marked so in any way CAT tools mark it: state
final or signed-off, or approved="yes".

Provenance (engine and version, a digest of the glossary entries that applied, dates,
reviewer, a hash of the text the reviewer signed off) lives where the strict schema
allows it: a `<context-group name="pipeline:<id>">` of `x-` context types (the source line
as "linenumber"); the English a needs-review target was made from is an `<alt-trans
alttranstype="previous-version">`; fuzzy matches from memory and imported TMX are proposals,
`<alt-trans match-quality="82" origin="memory">` (or origin="tmx:<file>") with their English
and translation, offered and never applied; glossary hints are `<note from="glossary">`; every
other note is a translator's and is kept. The segment's kind is its restype ("x-title");
resnames ("paragraph-3") are unique, so tools that key on them never merge two units.

Files are parsed without resolving entities; a DOCTYPE in any encoding is refused, and
so is a file larger than the configured cap. Native codes a CAT tool puts in a segment
(<bpt>, <ept>, <ph>, <it>) are markup, not text, and never reach a sheet.
"""

from __future__ import annotations

import collections
import datetime as dt
import enum
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline import capped, untrusted_xml
from pipeline.errors import DataFileError

XLIFF = "urn:oasis:names:tc:xliff:document:1.2"
_NS = {"x": XLIFF}
#: Names of the context-groups that hold the pipeline's provenance start so ("pipeline:u3":
#: the schema wants the names unique in the file).
PROVENANCE = "pipeline:"
#: Notes the pipeline writes itself (rewritten every run); any other note is a translator's.
GLOSSARY_NOTE = "glossary"


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
class Note:
    """A translator's note on a unit (XLIFF `<note from="…">`), kept through every run."""

    text: str
    author: str | None = None


@dataclass(frozen=True)
class Suggestion:
    """A fuzzy match offered to the translator (`pipeline.translate.fuzzy`), never applied:
    the English it was made for, its translation, the match score (0-100) and where it
    comes from ("memory", or "tmx:<file>" for a TMX import's unit)."""

    source: str
    target: str
    score: int
    origin: str


@dataclass(frozen=True)
class TransUnit:
    id: str
    #: title, heading, paragraph, item or publisher (XLIFF restype "x-<kind>").
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
    #: `review_hash` of the English and translation the reviewer signed off: a target
    #: edited since (by hand, outside an import) no longer carries the review.
    review_hash: str | None = None
    #: Translators' notes.
    comments: tuple[Note, ...] = ()
    #: Fuzzy matches from memory and imported TMX, best first, for the translator.
    suggestions: tuple[Suggestion, ...] = ()
    #: Line of the `<trans-unit>` in the XLIFF file it was read from, for messages.
    at: int | None = field(default=None, compare=False)


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


def review_hash(source: str, target: str) -> str:
    """What a review vouches for: this English translated as this target."""
    return source_hash(f"{source}\0{target}")


def review_intact(unit: TransUnit) -> bool:
    """Whether the unit's target is the one its reviewer signed off."""
    return unit.review_hash is not None and unit.review_hash == review_hash(
        unit.source, unit.target or ""
    )


def write(memory: SheetMemory) -> bytes:
    root = etree.Element(f"{{{XLIFF}}}xliff", nsmap={None: XLIFF}, version="1.2")  # type: ignore[dict-item]
    file = etree.SubElement(
        root,
        f"{{{XLIFF}}}file",
        original=memory.sheet,
        datatype="plaintext",
        attrib={"source-language": memory.source_lang, "target-language": memory.target_lang},
    )
    etree.SubElement(file, f"{{{XLIFF}}}header")
    body = etree.SubElement(file, f"{{{XLIFF}}}body")
    kinds: collections.Counter[str] = collections.Counter()
    for unit in memory.units:
        kinds[unit.kind] += 1
        _unit(body, unit, f"{unit.kind}-{kinds[unit.kind]}")
    if memory.obsolete:
        group = etree.SubElement(
            body, f"{{{XLIFF}}}group", id="obsolete", resname="obsolete", translate="no"
        )
        for number, unit in enumerate(memory.obsolete, start=1):
            _unit(group, unit, f"obsolete-{number}").set("translate", "no")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _unit(parent: etree._Element, unit: TransUnit, resname: str) -> etree._Element:
    element = etree.SubElement(
        parent, f"{{{XLIFF}}}trans-unit", id=unit.id, resname=resname, restype=f"x-{unit.kind}"
    )
    if unit.state is State.REVIEWED:
        element.set("approved", "yes")
    etree.SubElement(element, f"{{{XLIFF}}}source").text = unit.source
    target = etree.SubElement(element, f"{{{XLIFF}}}target")
    target.text = unit.target
    target.set("state", _XLIFF_STATE[unit.state])
    if unit.state is State.MACHINE:
        target.set("state-qualifier", "mt-suggestion")
    provenance = {
        "linenumber": str(unit.line),
        "x-source-hash": source_hash(unit.source),
        "x-engine": unit.engine,
        "x-glossary": unit.glossary,
        "x-translated": unit.translated_on.isoformat() if unit.translated_on else None,
        "x-reviewer": unit.reviewer,
        "x-reviewed": unit.reviewed_on.isoformat() if unit.reviewed_on else None,
        "x-review-hash": unit.review_hash,
    }
    group = etree.SubElement(
        element, f"{{{XLIFF}}}context-group", name=PROVENANCE + unit.id, purpose="information"
    )
    for kind, value in provenance.items():
        if value is not None:
            etree.SubElement(group, f"{{{XLIFF}}}context", {"context-type": kind}).text = value
    for note in unit.notes:
        etree.SubElement(element, f"{{{XLIFF}}}note", {"from": GLOSSARY_NOTE}).text = note
    for comment in unit.comments:
        attributes = {"from": comment.author} if comment.author else {}
        etree.SubElement(element, f"{{{XLIFF}}}note", attributes).text = comment.text
    if unit.previous_source is not None:
        previous = etree.SubElement(
            element, f"{{{XLIFF}}}alt-trans", alttranstype="previous-version"
        )
        etree.SubElement(previous, f"{{{XLIFF}}}source").text = unit.previous_source
        etree.SubElement(previous, f"{{{XLIFF}}}target").text = unit.target
    for suggestion in unit.suggestions:
        proposal = etree.SubElement(
            element,
            f"{{{XLIFF}}}alt-trans",
            {"match-quality": str(suggestion.score), "origin": suggestion.origin},
        )
        etree.SubElement(proposal, f"{{{XLIFF}}}source").text = suggestion.source
        etree.SubElement(proposal, f"{{{XLIFF}}}target").text = suggestion.target
    return element


_XLIFF_STATE = {
    State.NEW: "new",
    State.MACHINE: "needs-review-translation",
    State.NEEDS_REVIEW: "needs-review-translation",
    State.TRANSLATED: "translated",
    State.REVIEWED: "final",
}
_REVIEWED_STATES = {"final", "signed-off"}
#: Inline elements whose content is the original format's code, not text (XLIFF 1.2 §2.4).
_NATIVE_CODES = {f"{{{XLIFF}}}{name}" for name in ("bpt", "ept", "ph", "it")}
_SUB = f"{{{XLIFF}}}sub"


def read(data: bytes, path: str) -> SheetMemory:
    """Parse an XLIFF file written by `write` or returned by a translator's CAT tool."""
    root = untrusted_xml.parse(data, path)
    if untrusted_xml.has_doctype(root):
        raise DataFileError(path, "the file declares a DOCTYPE or entities: refused")
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
    text = (_text(target) if target is not None else "") or None
    state = _state(target, text, element, path)
    context = {
        c.get("context-type", ""): _text(c)
        for group in element.findall("x:context-group", _NS)
        if group.get("name", "").startswith(PROVENANCE)
        for c in group.findall("x:context", _NS)
    }
    previous = element.find("x:alt-trans[@alttranstype='previous-version']/x:source", _NS)
    restype = element.get("restype", "")
    notes = element.findall("x:note", _NS)
    return TransUnit(
        id=unit_id,
        kind=restype[2:] if restype.startswith("x-") else "paragraph",
        source=_text(source),
        target=text,
        state=state,
        line=_number(context.get("linenumber"), path, line),
        engine=context.get("x-engine"),
        glossary=context.get("x-glossary"),
        translated_on=_date(context.get("x-translated"), path, line),
        reviewer=context.get("x-reviewer"),
        reviewed_on=_date(context.get("x-reviewed"), path, line),
        previous_source=_text(previous) if previous is not None else None,
        notes=tuple(_text(n) for n in notes if n.get("from") == GLOSSARY_NOTE),
        review_hash=context.get("x-review-hash"),
        comments=tuple(
            Note(_text(n), n.get("from")) for n in notes if n.get("from") != GLOSSARY_NOTE
        ),
        suggestions=tuple(
            s for e in element.findall("x:alt-trans", _NS) if (s := _suggestion(e)) is not None
        ),
        at=line,
    )


def _suggestion(element: etree._Element) -> Suggestion | None:
    """A proposal with a numeric match quality, English and translation (a CAT tool's
    other alternatives — previous versions, rejected ones — are not suggestions)."""
    if element.get("alttranstype", "proposal") != "proposal":
        return None
    quality = element.get("match-quality", "").strip().rstrip("%")
    source, target = element.find("x:source", _NS), element.find("x:target", _NS)
    if not quality.isdigit() or source is None or target is None:
        return None
    return Suggestion(_text(source), _text(target), int(quality), element.get("origin", ""))


def _text(element: etree._Element) -> str:
    """The text inside, inline tags (which CAT tools add) flattened; native codes dropped
    but for the text of their <sub> elements."""
    parts = [element.text or ""]
    for child in element:
        if child.tag in _NATIVE_CODES:
            parts += (_text(sub) for sub in child.iterchildren(_SUB))
        elif isinstance(child.tag, str):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _line(element: etree._Element) -> int | None:
    line = element.sourceline
    return line if isinstance(line, int) else None


def _state(
    target: etree._Element | None, text: str | None, unit: etree._Element, path: str
) -> State:
    if target is None or not text:
        return State.NEW
    state = target.get("state", "translated")
    if state in _REVIEWED_STATES or unit.get("approved") == "yes":
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


def _number(text: str | None, path: str, line: int | None) -> int:
    if text is None:
        return 1
    if not text.isdigit():
        raise DataFileError(path, f"bad line number {text!r}", line)
    return int(text)


def _date(text: str | None, path: str, line: int | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DataFileError(path, f"bad date {text!r} (use YYYY-MM-DD)", line) from None


def read_bytes(path: Path, shown: str, max_bytes: int) -> bytes:
    """The bytes of an XLIFF file no larger than `max_bytes` (never more is read)."""
    return capped.read_bytes(path, shown, max_bytes, "translation.max_xliff_bytes")


def load(path: Path, max_bytes: int) -> SheetMemory | None:
    """The memory at `path`, or None when there is none yet."""
    if not path.exists():
        return None
    return read(read_bytes(path, str(path), max_bytes), str(path))
