"""Translation memory exchange as TMX 1.4, the format every CAT tool imports and exports.

Export (`export`): the people-made translations of a language's memories — reviewed and
translated units, never machine drafts or units whose English changed under them — one
translation unit per distinct English and translation, with its state, sheets, and for a
reviewed one its reviewer and date (changeid, changedate).

Import (`read`, `fill`): translations from elsewhere (another hospital, TICO-19) become
suggestions for translators: a segment of a sheet's memory with the same English (white
space aside) that has no person's translation yet (new, or a machine draft) takes the
TMX's translation as "translated", not reviewed, with a note saying where it came from,
so it is checked and signed off like any other. A person's work — reviewed above all,
but also translated or needs-review — is never replaced; the count of such segments is
reported. Import after `pipeline translate` has made the sheets' memories. The units no
segment took (or held already) are kept in the language's suggestion store,
translations/<lang>/suggestions.tmx (one TMX, each unit naming the file it came from), so
sheets translated later get them as fuzzy-match suggestions (`pipeline.translate.fuzzy`),
never as targets; importing the same file again adds nothing.

Files from elsewhere are parsed as TBX files are: no entities, no network, and a DOCTYPE
that declares anything is refused. Inline codes (bpt, ept, ph, it, ut) are the original
format's markup, not text, and are dropped; hi and sub keep their text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree
from lxml.etree import _Element

from pipeline import atomic, capped, untrusted_xml
from pipeline.config import Config
from pipeline.errors import DataFileError
from pipeline.languages import primary
from pipeline.paths import display, language_folder
from pipeline.tags import TagError, canonical
from pipeline.translate import fuzzy, xliff
from pipeline.translate.xliff import Note, SheetMemory, State, TransUnit, review_intact

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CAP_SETTING = "translation.max_tmx_bytes"
#: Where a filled segment's note says its translation came from.
NOTE_AUTHOR = "tmx"
#: The suggestion store of a language: translations/<lang>/suggestions.tmx.
STORE = "suggestions.tmx"
#: The store's property naming the file a unit was imported from.
ORIGIN_PROP = "x-origin"
_CODES = {"bpt", "ept", "ph", "it", "ut"}


# --- Export ------------------------------------------------------------------------------------


def export(memories: Iterable[SheetMemory], source_lang: str, target_lang: str) -> bytes:
    """TMX 1.4 bytes of the memories' people-made translations; the same memories give
    the same bytes."""
    root, body = _root(source_lang)
    pairs: dict[tuple[str, str], list[tuple[str, TransUnit]]] = {}
    for memory in memories:
        for unit in memory.units:
            if _human(unit) and unit.target:
                pairs.setdefault((unit.source, unit.target), []).append((memory.sheet, unit))
    for pair, found in pairs.items():
        _unit(body, pair, found, (source_lang, target_lang))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _human(unit: TransUnit) -> bool:
    reviewed = unit.state is State.REVIEWED and review_intact(unit)
    return reviewed or unit.state is State.TRANSLATED


def _unit(
    body: _Element,
    pair: tuple[str, str],
    found: list[tuple[str, TransUnit]],
    langs: tuple[str, str],
) -> None:
    (source, target), (source_lang, target_lang) = pair, langs
    reviewed = next((u for _, u in found if u.state is State.REVIEWED), None)
    tu = etree.SubElement(body, "tu")
    state = etree.SubElement(tu, "prop", type="x-state")
    state.text = "reviewed" if reviewed else "translated"
    for sheet in dict.fromkeys(sheet for sheet, _ in found):
        etree.SubElement(tu, "prop", type="x-sheet").text = sheet
    _variant(tu, source_lang, source)
    variant = _variant(tu, target_lang, target)
    if reviewed is not None and reviewed.reviewer and reviewed.reviewed_on:
        variant.set("changeid", reviewed.reviewer)
        variant.set("changedate", reviewed.reviewed_on.strftime("%Y%m%dT000000Z"))


def _root(source_lang: str) -> tuple[_Element, _Element]:
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        creationtool="patient-education pipeline",
        creationtoolversion="1",
        segtype="sentence",
        attrib={"o-tmf": "XLIFF", "adminlang": "en", "srclang": source_lang},
        datatype="plaintext",
    )
    return root, etree.SubElement(root, "body")


def _variant(tu: _Element, lang: str, text: str) -> _Element:
    variant = etree.SubElement(tu, "tuv", {XML_LANG: lang})
    etree.SubElement(variant, "seg").text = text
    return variant


# --- Import ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """One translation unit of a TMX file in the two languages asked for."""

    source: str
    target: str
    #: Line of the <tu> in the file, for messages.
    line: int
    #: Where a suggestion store's unit came from (its `<prop type="x-origin">`).
    origin: str = ""


def read(data: bytes, shown: str, source_lang: str, target_lang: str) -> list[Pair]:
    """The TMX's units that hold both languages (by primary subtag: "es-419" is Spanish);
    DataFileError naming `shown` and the line for a file that cannot be used."""
    root = _parse(data, shown)
    source, target = primary(source_lang), primary(target_lang)
    pairs = []
    for tu in root.iter("tu"):
        texts: dict[str, str] = {}
        for variant in tu.iterchildren("tuv"):
            lang = variant.get(XML_LANG) or variant.get("lang") or ""
            seg = variant.find("seg")
            if seg is not None:
                texts.setdefault(_primary(lang, shown, variant), " ".join(_text(seg).split()))
        if texts.get(source) and texts.get(target):
            origin = tu.find(f"prop[@type='{ORIGIN_PROP}']")
            named = "" if origin is None else (origin.text or "")
            pairs.append(Pair(texts[source], texts[target], _line(tu), named))
    return pairs


def _parse(data: bytes, shown: str) -> _Element:
    root = untrusted_xml.parse(data, shown)
    if untrusted_xml.declares(root):
        message = "the file declares entities or elements (DOCTYPE): refused"
        raise DataFileError(shown, message, 1)
    if root.tag != "tmx" or root.find("body") is None:
        raise DataFileError(shown, f"not TMX: the root element is <{root.tag}> with no <body>", 1)
    return root


def _primary(lang: str, shown: str, where: _Element) -> str:
    try:
        return primary(canonical(lang))
    except TagError as error:
        raise DataFileError(shown, f"xml:lang {lang!r}: {error}", _line(where)) from None


def _text(element: _Element) -> str:
    """The segment's text: inline codes dropped, highlighted text and sub-flows kept."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _CODES:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _line(element: _Element) -> int:
    line: object = element.sourceline
    return line if isinstance(line, int) else 0


@dataclass(frozen=True)
class Filled:
    """A memory with the TMX's translations filled in, and what happened."""

    memory: SheetMemory
    #: Segments that took a translation from the TMX.
    filled: int
    #: Segments the TMX has a translation for that a person's work already holds: kept.
    kept: int
    #: The English (single spaces) of the pairs that filled a segment, or that a segment
    #: already had.
    used: frozenset[str] = frozenset()


def fill(memory: SheetMemory, pairs: Mapping[str, str], origin: str, today: dt.date) -> Filled:
    """`memory` with the translations of `pairs` (English with single spaces → translation)
    in its segments that no person has translated (see the module docstring)."""
    filled = kept = 0
    units = []
    used = set()
    for unit in memory.units:
        english = " ".join(unit.source.split())
        found = pairs.get(english)
        if found is not None and found == unit.target:
            used.add(english)  # the memory holds it already
            units.append(unit)
        elif found is None:
            units.append(unit)
        elif unit.state.human:
            kept += 1
            units.append(unit)
        else:
            filled += 1
            used.add(english)
            units.append(_filled(unit, found, origin, today))
    return Filled(replace(memory, units=tuple(units)), filled, kept, frozenset(used))


def _filled(unit: TransUnit, target: str, origin: str, today: dt.date) -> TransUnit:
    note = Note(f"translation from {origin} (TMX): check it before signing it off", NOTE_AUTHOR)
    return replace(
        unit,
        target=target,
        state=State.TRANSLATED,
        engine=None,
        glossary=None,
        translated_on=today,
        reviewer=None,
        reviewed_on=None,
        review_hash=None,
        previous_source=None,
        comments=tuple(dict.fromkeys((*unit.comments, note))),
    )


# --- The commands ------------------------------------------------------------------------------


def export_memory(config: Config, lang: str) -> bytes:
    """`pipeline tmx export`: the language's memories as TMX; a damaged memory is an error
    (DataFileError), not left out in silence."""
    folder = language_folder(config.translation.memory, lang)
    cap = config.translation.max_xliff_bytes
    memories = [xliff.load(path, cap) for path in sorted(folder.glob("*.xlf"))]
    return export([m for m in memories if m is not None], config.language, lang)


def import_memory(config: Config, path: Path, lang: str, today: dt.date) -> TmxImported:
    """`pipeline tmx import`: fill the language's memories from the TMX at `path`; each
    memory is rewritten (atomically) only if a segment took a translation. A damaged
    memory is reported and left alone; the others are filled. Every unit that filled no
    segment joins the language's suggestion store (`STORE`), from which later runs offer
    fuzzy matches to the sheets that need them."""
    shown = display(path)
    data = capped.read_bytes(path, shown, config.translation.max_tmx_bytes, CAP_SETTING)
    pairs = read(data, shown, config.language, lang)
    by_english = {pair.source: pair.target for pair in reversed(pairs)}  # the first wins
    folder = language_folder(config.translation.memory, lang)
    filled = kept = changed = 0
    used: set[str] = set()
    problems: list[DataFileError] = []
    for memory_path in sorted(folder.glob("*.xlf")):
        try:
            memory = xliff.load(memory_path, config.translation.max_xliff_bytes)
        except DataFileError as error:
            problems.append(error)
            continue
        if memory is None:
            continue
        result = fill(memory, by_english, path.name, today)
        if result.filled:
            atomic.write_bytes(memory_path, xliff.write(result.memory))
            changed += 1
        filled, kept = filled + result.filled, kept + result.kept
        used |= result.used
    origin = ORIGIN_PREFIX + path.name
    spare = [replace(p, origin=origin) for p in pairs if p.source not in used]
    try:
        stored = f"{_store(config, folder, lang, spare)} kept as suggestions"
    except DataFileError as error:  # a damaged store is left for a person to look at
        problems.append(error)
        stored = "none kept as suggestions"
    summary = (
        f"{shown}: {len(pairs)} unit(s) read; {filled} segment(s) filled in {changed} "
        f"memory file(s) as translated (to review), {kept} kept (a person's work); "
        f"{stored} in {display(folder / STORE)}"
    )
    return TmxImported(summary, tuple(problems))


#: A store unit's origin, as suggestions name it: "tmx:<file imported>".
ORIGIN_PREFIX = "tmx:"


def _store(config: Config, folder: Path, lang: str, new: list[Pair]) -> int:
    """Add `new` to the language's suggestion store (one unit per English and translation,
    the first import's origin kept); returns how many units it holds now."""
    held = load_store(config, lang)
    merged = {(p.source, p.target): p for p in reversed([*held, *new])}
    units = sorted(merged.values(), key=lambda p: (p.source, p.target))
    data = write_pairs(units, config.language, lang)
    path = folder / STORE
    if len(data) > config.translation.max_tmx_bytes:
        raise DataFileError(
            display(path),
            capped.refusal(len(data), config.translation.max_tmx_bytes, CAP_SETTING),
        )
    atomic.write_bytes(path, data)
    return len(units)


def write_pairs(pairs: Iterable[Pair], source_lang: str, target_lang: str) -> bytes:
    """TMX 1.4 bytes of `pairs`, each naming its origin when it has one."""
    root, body = _root(source_lang)
    for pair in pairs:
        tu = etree.SubElement(body, "tu")
        if pair.origin:
            etree.SubElement(tu, "prop", type=ORIGIN_PROP).text = pair.origin
        _variant(tu, source_lang, pair.source)
        _variant(tu, target_lang, pair.target)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def load_store(config: Config, lang: str) -> list[Pair]:
    """The language's suggestion store (none yet: empty); DataFileError if it is damaged."""
    path = language_folder(config.translation.memory, lang) / STORE
    if not path.is_file():
        return []
    shown = display(path)
    data = capped.read_bytes(path, shown, config.translation.max_tmx_bytes, CAP_SETTING)
    return read(data, shown, config.language, lang)


def store_entries(config: Config, lang: str) -> list[fuzzy.Translated]:
    """The store's units as fuzzy-match entries."""
    return [fuzzy.Translated(p.source, p.target, p.origin) for p in load_store(config, lang)]


@dataclass(frozen=True)
class TmxImported:
    summary: str
    #: Memories that could not be read, so were not filled; a suggestion store that could
    #: not be read or would be over the TMX cap, so was not written.
    problems: tuple[DataFileError, ...]
