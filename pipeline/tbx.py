"""Glossaries as TBX, the term exchange format CAT tools import and export (ISO 30042).

Export writes TBX-Basic in the 2008 "martif" form (termEntry, langSet, tig), which
MultiTerm, memoQ, Phrase and OmegaT all read; import reads that and the 2019 form
(tbx, conceptEntry, langSec, termSec; DCA style), matching element names without
namespaces.

One termEntry per concept: the glossary's terms with one English source (in any case)
share it, the target terms that may be used first, then the forbidden ones, marked
deprecated, so that no tool can offer a forbidden word as the translation. What
TBX-Basic has no data category for is said in a note that a translator can read too,
where a tool keeps it:
- status: administrativeStatus on the target term: approved → preferredTerm-admn-sts,
  proposed → admittedTerm-admn-sts (usable, not reviewed), forbidden →
  deprecatedTerm-admn-sts; do-not-translate → preferredTerm-admn-sts on a target equal
  to the source, plus the note "do-not-translate" on that target term;
- variants: further target terms with termType "variant";
- case-sensitive: the note "case-sensitive" on the English term;
- note: a note on the target term; reviewer and date: a transacGrp (modification,
  responsibility, date) on the target term.

Import maps back; other tools' entries are read as well as they fit: each English term
of an entry becomes a Term; the first target term that is not deprecated is the target,
the other non-deprecated ones are variants, each deprecated one (with its variants) a
forbidden Term; notes on the entry or an English term go to every Term, a target term's
to its own. A preferred term without a reviewer and date comes back as proposed:
nobody can be shown to have approved it. Other data categories are ignored.

Files from elsewhere are not trusted: entities are never expanded, nothing is fetched,
and a DOCTYPE with declarations (where entities live) is refused. A DOCTYPE that only
names the TBX DTD, as tools write it, is accepted; the DTD is never read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree
from lxml.etree import _Element

from pipeline import capped, untrusted_xml
from pipeline.config import Config
from pipeline.csvdata import CAP_SETTING
from pipeline.elements import add
from pipeline.errors import DataFileError
from pipeline.glossary import Glossary, Status, Term, check, fold, load, path_for, write_csv
from pipeline.languages import primary
from pipeline.paths import display

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ADMIN_STATUS = "administrativeStatus"
#: administrativeStatus values (TBX-Basic).
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
SUPERSEDED = "supersededTerm-admn-sts"
VARIANT = "variant"
#: Notes that carry what TBX-Basic has no category for (see the module docstring).
CASE_NOTE = "case-sensitive"
DNT_NOTE = Status.DO_NOT_TRANSLATE.value
_ADMIN = {
    Status.APPROVED: PREFERRED,
    Status.PROPOSED: ADMITTED,
    Status.FORBIDDEN: DEPRECATED,
    Status.DO_NOT_TRANSLATE: PREFERRED,
}
_ENTRIES = ("termEntry", "conceptEntry")
_LANGS = ("langSet", "langSec")
_TERMS = ("tig", "ntig", "termSec")
_REJECTED = (DEPRECATED, SUPERSEDED)


# --- Export ------------------------------------------------------------------------------------


def export(glossary: Glossary) -> bytes:
    """The glossary as TBX-Basic bytes; the same glossary gives the same bytes."""
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: glossary.source_lang})
    header = etree.SubElement(root, "martifHeader")
    description = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    add(
        description,
        "p",
        f"Glossary {glossary.path.name} ({glossary.source_lang} to {glossary.target_lang}), "
        f"version {glossary.version}, from the patient-education pipeline.",
    )
    encoding = etree.SubElement(header, "encodingDesc")
    add(encoding, "p", "TBXBasicXCSV02.xcs", {"type": "XCSURI"})
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    concepts: dict[str, list[Term]] = {}
    for term in glossary.terms:
        concepts.setdefault(fold(term.source), []).append(term)
    for number, terms in enumerate(concepts.values(), start=1):
        _entry(body, terms, number, glossary)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _entry(body: _Element, terms: list[Term], number: int, glossary: Glossary) -> None:
    """One concept's entry: its English term, then the usable target terms before the
    forbidden ones (a tool that takes the first target term takes a usable one)."""
    entry = etree.SubElement(body, "termEntry", {"id": f"concept-{number}"})
    source = _tig(_lang(entry, glossary.source_lang), terms[0].source)
    if terms[0].case_sensitive:
        add(source, "note", CASE_NOTE)
    target_lang = _lang(entry, glossary.target_lang)
    for term in sorted(terms, key=lambda term: term.status is Status.FORBIDDEN):  # stable
        _target(target_lang, term)


def _target(target_lang: _Element, term: Term) -> None:
    target = _tig(target_lang, term.target, _ADMIN[term.status])
    if term.note:
        add(target, "note", term.note)
    for kind, value, names in zip(
        _GRAMMAR, (term.pos, term.gender, term.number), _NAMES, strict=True
    ):
        if value:
            add(target, "termNote", names[value], {"type": kind})
    if term.reviewer and term.reviewed_on:
        group = etree.SubElement(target, "transacGrp")
        add(group, "transac", "modification", {"type": "transactionType"})
        add(group, "transacNote", term.reviewer, {"type": "responsibility"})
        add(group, "date", term.reviewed_on.isoformat())
    if term.status is Status.DO_NOT_TRANSLATE:
        add(target, "note", DNT_NOTE)
    variant_status = ADMITTED if term.status is Status.APPROVED else _ADMIN[term.status]
    for variant in term.variants:
        _tig(target_lang, variant, variant_status, VARIANT)


#: TBX-Basic's grammar notes, and the glossary's values as TBX names them (pos, gender, number).
_GRAMMAR = ("partOfSpeech", "grammaticalGender", "grammaticalNumber")
_NAMES = (
    {"noun": "noun", "verb": "verb", "adj": "adjective", "adv": "adverb", "phrase": "other"},
    {"m": "masculine", "f": "feminine"},
    {"sg": "singular", "pl": "plural", "invariable": "otherNumber"},
)


def _lang(entry: _Element, lang: str) -> _Element:
    return etree.SubElement(entry, "langSet", {XML_LANG: lang})


def _tig(
    lang_set: _Element, text: str, status: str | None = None, kind: str | None = None
) -> _Element:
    tig = etree.SubElement(lang_set, "tig")
    add(tig, "term", text)
    if kind:
        add(tig, "termNote", kind, {"type": "termType"})
    if status:
        add(tig, "termNote", status, {"type": ADMIN_STATUS})
    return tig


# --- Import ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Written:
    """One term as an entry writes it in one language."""

    text: str
    status: str
    variant: bool
    notes: tuple[str, ...]
    reviewer: str | None
    date: dt.date | None
    #: The glossary's pos, gender and number ("" where the entry says nothing).
    grammar: tuple[str, str, str] = ("", "", "")


def import_terms(
    data: bytes, source: str, *, source_lang: str = "en", target_lang: str | None = None
) -> list[Term]:
    """Terms from TBX `data`; `source` names the file in messages. Each Term's `line` is
    its entry's line in the file, so glossary checks point into the TBX.

    The target language is `target_lang`, or else the one language besides `source_lang`
    in the file.
    """
    root = _parse(data, source)
    entries = [e for e in root.iter() if _local(e) in _ENTRIES]
    target = primary(target_lang) if target_lang else _only_target(entries, source, source_lang)
    terms = [t for e in entries for t in _entry_terms(e, source, primary(source_lang), target)]
    check(terms, source)
    return terms


def _parse(data: bytes, source: str) -> _Element:
    root = untrusted_xml.parse(data, source)
    if untrusted_xml.declares(root):
        message = "DOCTYPE declarations are refused (entities could read files or explode)"
        raise DataFileError(source, message, 1)
    if _local(root) not in ("martif", "tbx"):
        raise DataFileError(source, f"not TBX: the root element is <{_local(root)}>", 1)
    if root.get("style") == "dct":
        message = 'TBX in "dct" style is not supported: export it in "dca" style (or TBX 2008)'
        raise DataFileError(source, message, 1)
    return root


def _only_target(entries: Sequence[_Element], source: str, source_lang: str) -> str:
    found = {
        lang
        for entry in entries
        for section in _children(entry, _LANGS)
        if (lang := primary(section.get(XML_LANG, ""))) != primary(source_lang)
    }
    if len(found) != 1:
        said = ", ".join(sorted(found)) or "none"
        message = f"expected one target language besides {source_lang!r}, found {said}"
        raise DataFileError(source, message)
    return found.pop()


def _entry_terms(entry: _Element, source: str, source_lang: str, target_lang: str) -> list[Term]:
    line = _line(entry)
    english = _written(entry, source_lang, source)
    groups = _groups(_written(entry, target_lang, source))
    if not english or not groups:
        missing = source_lang if not english else target_lang
        raise DataFileError(source, f"entry has no {missing!r} term", line)
    shared = [*_texts(entry, "note"), *_notes(english)]
    accepted = [g for g in groups if g[0].status not in _REJECTED]
    rejected = [g for g in groups if g[0].status in _REJECTED]
    terms: list[Term] = []
    for written in english:
        template = Term(
            source=written.text,
            target="",
            status=Status.PROPOSED,
            variants=(),
            note="",
            reviewer=None,
            reviewed_on=None,
            case_sensitive=CASE_NOTE in written.notes,
            line=line,
        )
        if accepted:
            terms.append(_accepted(template, accepted, shared))
        terms += [_forbidden(template, group, shared) for group in rejected]
    return terms


def _notes(written: Sequence[_Written]) -> list[str]:
    """The notes on terms that are not this module's flags."""
    return [n for w in written for n in w.notes if n not in (CASE_NOTE, DNT_NOTE)]


def _joined(shared: list[str], group: Sequence[_Written]) -> str:
    return "; ".join(dict.fromkeys([*shared, *_notes(group)]))


def _accepted(template: Term, groups: list[list[_Written]], shared: list[str]) -> Term:
    main = groups[0][0]
    reviewed = main.reviewer is not None and main.date is not None
    if DNT_NOTE in main.notes:
        status = Status.DO_NOT_TRANSLATE
    elif main.status == PREFERRED and reviewed:
        status = Status.APPROVED
    else:
        status = Status.PROPOSED
    return replace(
        template,
        target=main.text,
        status=status,
        variants=tuple(w.text for group in groups for w in group if w is not main),
        note=_joined(shared, [w for group in groups for w in group]),
        reviewer=main.reviewer if reviewed else None,
        reviewed_on=main.date if reviewed else None,
        pos=main.grammar[0],
        gender=main.grammar[1],
        number=main.grammar[2],
    )


def _forbidden(template: Term, group: list[_Written], shared: list[str]) -> Term:
    main = group[0]
    reviewed = main.reviewer is not None and main.date is not None
    return replace(
        template,
        target=main.text,
        status=Status.FORBIDDEN,
        variants=tuple(w.text for w in group[1:]),
        note=_joined(shared, group),
        reviewer=main.reviewer if reviewed else None,
        reviewed_on=main.date if reviewed else None,
    )


def _groups(written: list[_Written]) -> list[list[_Written]]:
    """Target terms in order, each variant joined to the term before it."""
    groups: list[list[_Written]] = []
    for term in written:
        if term.variant and groups:
            groups[-1].append(term)
        else:
            groups.append([term])
    return groups


def _written(entry: _Element, lang: str, source: str) -> list[_Written]:
    sections = [s for s in _children(entry, _LANGS) if primary(s.get(XML_LANG, "")) == lang]
    return [_term(c, source) for section in sections for c in _children(section, _TERMS)]


def _term(container: _Element, source: str) -> _Written:
    """A tig, ntig or termSec: the term and what this module reads about it."""
    notes = {
        e.get("type", ""): (e.text or "").strip()
        for e in container.iter()
        if _local(e) == "termNote"
    }
    transaction = _first(container, "transacGrp")
    return _Written(
        text=" ".join(_text(_first(container, "term")).split()),
        status=notes.get(ADMIN_STATUS, ""),
        variant=notes.get("termType") == VARIANT,
        notes=tuple(_texts(container, "note")),
        reviewer=_text(_first(transaction, "transacNote")) or None,
        date=_date(_text(_first(transaction, "date")), container, source),
        grammar=(
            _value(notes, 0),
            _value(notes, 1),
            _value(notes, 2),
        ),
    )


def _value(notes: dict[str, str], index: int) -> str:
    """The glossary's value for TBX's grammar note number `index`, "" if absent or unknown."""
    names = {name: value for value, name in _NAMES[index].items()}
    return names.get(notes.get(_GRAMMAR[index], ""), "")


def _date(value: str, where: _Element, source: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        message = f"date {value!r} is not YYYY-MM-DD"
        raise DataFileError(source, message, _line(where)) from None


def _texts(parent: _Element, name: str) -> Iterator[str]:
    """The non-empty texts of `parent`'s own children called `name`."""
    for child in _children(parent, (name,)):
        if text := _text(child):
            yield text


def _first(parent: _Element | None, name: str) -> _Element | None:
    """The first element called `name` at any depth in `parent`."""
    if parent is None:
        return None
    return next((e for e in parent.iter() if _local(e) == name), None)


def _text(element: _Element | None) -> str:
    """The element's text with its children's (a term may hold markup), trimmed."""
    if element is None:
        return ""
    return "".join(t for t in element.itertext() if isinstance(t, str)).strip()


def _children(parent: _Element, names: Sequence[str]) -> list[_Element]:
    return [child for child in parent if _local(child) in names]


def _line(element: _Element) -> int:
    """The line of the element's start tag; the stubs do not type `sourceline`."""
    line: object = element.sourceline
    return line if isinstance(line, int) else 0


def _local(element: _Element) -> str:
    """The tag without a namespace; "" for comments and processing instructions."""
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


# --- The commands ------------------------------------------------------------------------------


def export_glossary(config: Config, lang: str) -> bytes:
    """`pipeline glossary export`: the language's glossary CSV as TBX."""
    folder, cap = config.translation.glossaries, config.translation.max_glossary_bytes
    path = path_for(folder, config.language, lang)
    if not path.is_file():
        raise DataFileError(display(path), "no glossary for this language")
    return export(load(path, cap))


def import_glossary(config: Config, path: Path, lang: str, *, overwrite: bool) -> Path:
    """`pipeline glossary import`: the TBX at `path` as the language's glossary CSV, which
    is only replaced when asked (`overwrite`); the CSV's path."""
    shown = display(path)
    data = capped.read_bytes(path, shown, config.translation.max_glossary_bytes, CAP_SETTING)
    terms = import_terms(data, shown, source_lang=config.language, target_lang=lang)
    csv_path = path_for(config.translation.glossaries, config.language, lang)
    write_csv(terms, csv_path, overwrite=overwrite)
    return csv_path
