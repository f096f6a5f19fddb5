"""Translate one sheet into one language, keeping translators in control.

For each segment of the sheet (title, headings, paragraphs, list items, publisher lines):
1. the sheet's own memory, matched by English text, keeps a person's target — a reviewed
   target is never touched;
2. otherwise a person-made target of the same English, from another sheet's memory or
   another place in this sheet (identical sentences share one translation: reviewing one
   occurrence reviews them all), or else the sheet's own machine draft;
3. otherwise a unit that sat at the same place, whose English changed, keeps its
   person-made target but is marked needs-review (with the English it was made from);
4. otherwise the run's machine draft of it (drafted ahead, once for every sheet that needs
   it, glossary terms protected: `draft`), or it stays new (handoff).
Units no longer in the sheet that a person worked on are kept as obsolete, never dropped.
Each segment not yet reviewed carries the fuzzy matches the run found for its English
(`pipeline.translate.fuzzy`) as suggestions for the translator; they never become its target.
Every segment is then checked (pipeline.translate.qa). The sheet is published to
outputs/<lang>/ only when every segment and the labels are reviewed and no check fails;
otherwise it goes to outputs/drafts/<lang>/ with the draft notice, and any published copy
of it is withdrawn, because it no longer matches the English.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import assert_never

from pipeline import emphasis
from pipeline.dates import PartialDate
from pipeline.engines import Engine
from pipeline.glossary import Glossary, find_terms
from pipeline.i18n import Labels
from pipeline.languages import primary
from pipeline.model import (
    Block,
    BulletList,
    Document,
    Finding,
    Image,
    ListItem,
    Location,
    NumberedList,
    Paragraph,
    Section,
    Span,
    Table,
    Translation,
)
from pipeline.paths import sheet_file
from pipeline.policy import Policy
from pipeline.translate import conventions, drafting, fuzzy, qa, xliff
from pipeline.translate.xliff import SheetMemory, State, Suggestion, TransUnit
from pipeline.units import units

#: Emergency numbers stand out in every language; the digits survive translation.
_URGENT = re.compile(r"\b911\b|\b9-1-1\b")
#: The kind of the publisher block's segments, which are never machine-translated.
PUBLISHER = "publisher"
#: The origin of fuzzy matches from the language's memories (TMX ones say "tmx:<file>").
MEMORY = "memory"


@dataclass(frozen=True)
class Source:
    """One segment of the English sheet."""

    kind: str
    text: str
    line: int


@dataclass(frozen=True)
class SheetTranslation:
    memory: SheetMemory
    document: Document
    findings: tuple[Finding, ...]
    final: bool
    #: Why the sheet is not published, for people to act on; empty when final.
    blockers: tuple[str, ...] = ()
    #: Findings at the fail level stop its publication: the run has failed.
    failed: bool = False


def segments(document: Document) -> list[Source]:
    """The sheet's translatable text in reading order; publisher lines last."""
    found = [Source(unit.kind.value, unit.text, unit.loc.line) for unit in units(document)]
    line = (document.meta.reviewed_loc or document.meta.loc).line
    return found + [Source(PUBLISHER, text, line) for text in document.meta.publisher]


def index(
    memories: Sequence[SheetMemory], engine: str | None, glossary: Glossary | None
) -> dict[str, TransUnit]:
    """English text → the best unit for it across all sheets' memories: a person's work
    first; else a current machine draft (`current`), so shared sentences ("Please call the
    clinic.") go to the engine once."""
    rank = {State.REVIEWED: 2, State.TRANSLATED: 1, State.MACHINE: 0}
    best: dict[str, TransUnit] = {}
    for memory in memories:
        for unit in (*memory.units, *memory.obsolete):
            if unit.state not in rank or (
                unit.state is State.MACHINE and not current(unit, engine, glossary)
            ):
                continue
            held = best.get(unit.source)
            if held is None or rank[unit.state] > rank[held.state]:
                best[unit.source] = unit
    return best


def suggestion_entries(memories: Sequence[SheetMemory]) -> Iterator[fuzzy.Translated]:
    """What people translated in the memories (reviewed as signed off, or translated;
    obsolete units too), as fuzzy-match entries: a machine draft is no suggestion."""
    for memory in memories:
        for unit in (*memory.units, *memory.obsolete):
            reviewed = unit.state is State.REVIEWED and xliff.review_intact(unit)
            if unit.target and (reviewed or unit.state is State.TRANSLATED):
                yield fuzzy.Translated(unit.source, unit.target, MEMORY, exact=False)


def current(unit: TransUnit, engine: str | None, glossary: Glossary | None) -> bool:
    """Whether a machine draft is what the engine would draft now: the same engine and
    version, and the same glossary entries for its English (any other term may change)."""
    entries = glossary.entries_digest(unit.source) if glossary else None
    return (unit.engine, unit.glossary) == (engine, entries)


def glossary_uses(document: Document, glossary: Glossary | None) -> str | None:
    """One digest of the glossary entries the sheet's segments use (see `current`)."""
    if glossary is None:
        return None
    return "".join(glossary.entries_digest(source.text) for source in segments(document))


def engine_id(engine: Engine | None) -> str | None:
    """How provenance names an engine and the draft path around it: "apertium 3.8.3-1+b2,
    apertium-eng-spa 0.8.1-2; drafts 2". A new `drafting.VERSION` redoes every machine
    draft, as a new engine version does."""
    return f"{engine.name} {engine.version}; drafts {drafting.VERSION}" if engine else None


def translate(
    document: Document,
    target: str,
    *,
    existing: SheetMemory | None,
    shared: Mapping[str, TransUnit],
    made_by: str | None,
    glossary: Glossary | None,
    labels: Labels,
    policy: Policy,
    today: dt.date | None = None,
    suggestions: Mapping[str, tuple[Suggestion, ...]] | None = None,
) -> SheetTranslation:
    """The sheet's memory, its translated document and the QA findings (judged by the
    project's policy); final only when every segment and the labels are reviewed and no
    finding reaches the fail level.

    Machine drafts come from `shared`, where the run put every draft it asked the engine
    for (`draft`), made by `made_by` (`engine_id`); a segment nobody could draft stays new.
    `suggestions` holds the run's fuzzy matches by English (`offered`).
    """
    sources = segments(document)
    planned, obsolete = _plan(sources, existing, shared, stale_test(made_by, glossary))
    planned = [
        _kept(source, made_by, today)
        if unit is None and source.kind == PUBLISHER and made_by
        else unit
        for source, unit in zip(sources, planned, strict=True)
    ]
    filled = tuple(
        offered(with_notes(_placed(unit, number, source), glossary), suggestions or {})
        for number, (source, unit) in enumerate(zip(sources, planned, strict=True), start=1)
    )
    memory = SheetMemory(
        sheet=document.meta.loc.path,
        source_lang=document.meta.lang,
        target_lang=target,
        units=filled,
        obsolete=obsolete,
    )
    findings = policy.judge(_check(memory, document, glossary), document.name)
    # Signed off in a CAT tool but naming nobody (the file edited in place) is not enough:
    # publication needs a named reviewer on every unit.
    unreviewed = [u for u in filled if not signed_off(u)]
    failed = policy.failed(findings)
    blockers = tuple(
        reason
        for reason, blocks in (
            (_unreviewed(unreviewed, len(filled), document.meta.loc.path), unreviewed),
            (f"labels not reviewed: {labels.unreviewed}", labels.unreviewed),
            ("findings at the fail level (see above)", failed),
        )
        if blocks
    )
    final = not blockers
    translated = _translated(document, memory, labels, final)
    return SheetTranslation(memory, translated, findings, final, blockers, failed)


def signed_off(unit: TransUnit) -> bool:
    """Reviewed as publication needs it: signed off by a named translator."""
    return unit.state is State.REVIEWED and bool(unit.reviewer)


def _unreviewed(units: list[TransUnit], total: int, path: str, shown: int = 5) -> str:
    """Which units wait for review, by the sheet's lines (the first few), so a person can act."""
    lines = ", ".join(str(u.line) for u in units[:shown]) + (", …" if len(units) > shown else "")
    return f"{len(units)} of {total} unit(s) not reviewed ({path} line {lines})"


def missing(
    document: Document,
    existing: SheetMemory | None,
    shared: Mapping[str, TransUnit],
    stale: Callable[[TransUnit], bool] | None,
) -> list[str]:
    """The sheet's sentences that memory cannot give, which `translate` would draft."""
    sources = segments(document)
    planned, _ = _plan(sources, existing, shared, stale)
    return [
        source.text
        for source, unit in zip(sources, planned, strict=True)
        if unit is None and source.kind != PUBLISHER
    ]


def stale_test(
    made_by: str | None, glossary: Glossary | None
) -> Callable[[TransUnit], bool] | None:
    """Which machine drafts to redo; none without an engine, as a stale draft is still
    better than the English."""
    if made_by is None:
        return None
    return lambda unit: not current(unit, made_by, glossary)


def draft(
    texts: Sequence[str], engine: Engine, glossary: Glossary | None, today: dt.date, lang: str
) -> list[TransUnit]:
    """Machine drafts of `texts` into `lang` in one engine call, through the glossary and
    the language's conventions (pipeline.translate.drafting); each unit's id, kind and
    line are the caller's to set."""
    drafts = drafting.translate(texts, engine, glossary, conventions.load(primary(lang)))
    return [
        TransUnit(
            id="",
            kind="",
            source=source,
            target=made.target,
            state=State.MACHINE,
            engine=engine_id(engine),
            glossary=glossary.entries_digest(source) if glossary else None,
            translated_on=today,
            notes=made.notes,
        )
        if made
        else TransUnit("", "", source, None, State.NEW)
        for source, made in zip(texts, drafts, strict=True)
    ]


def _kept(source: Source, made_by: str, today: dt.date | None) -> TransUnit:
    """A publisher line is never machine-translated: its names and address stay as written,
    for a translator to confirm."""
    return TransUnit(
        "",
        source.kind,
        source.text,
        source.text,
        State.MACHINE,
        engine=made_by,
        notes=(drafting.KEPT_NOTE,),
    )


def _plan(
    sources: list[Source],
    existing: SheetMemory | None,
    shared: Mapping[str, TransUnit],
    stale: Callable[[TransUnit], bool] | None,
) -> tuple[list[TransUnit | None], tuple[TransUnit, ...]]:
    """Reuse what memory has for each segment, a person's work before a machine's; None
    where the engine must draft (also for the sheet's own `stale` machine drafts)."""
    previous = [
        unit
        for unit in (existing.units if existing else ())
        if not (stale and unit.state is State.MACHINE and stale(unit))
    ]
    by_text: dict[str, list[TransUnit]] = {}
    for unit in previous:
        by_text.setdefault(unit.source, []).append(unit)
    used: set[str] = set()
    planned: list[TransUnit | None] = []
    for number, source in enumerate(sources, start=1):
        ident = f"u{number}"
        same = next((u for u in by_text.get(source.text, []) if u.id not in used), None)
        human = other if (other := shared.get(source.text)) and other.state.human else None
        if same is not None:
            used.add(same.id)
        # The sheet's own unit, unless it is a machine's (or empty) and a person translated
        # the same English elsewhere — in this sheet too: one reviewed occurrence of a
        # sentence gives its text to the others.
        chosen = same if same is not None and (same.state.human or human is None) else human
        if chosen is not None and same is not None and chosen is not same:
            # A translator's notes on the unit given way stay with the segment.
            notes = tuple(dict.fromkeys((*chosen.comments, *same.comments)))
            chosen = replace(chosen, comments=notes)
        placed = chosen and replace(chosen, id=ident, kind=source.kind, line=source.line)
        planned.append(placed)
    # English that changed in place: a person's target is kept, for review against the new text.
    by_id = {unit.id: unit for unit in previous}
    for number, (source, planned_unit) in enumerate(zip(sources, planned, strict=True)):
        old = by_id.get(f"u{number + 1}")
        if planned_unit is None and old is not None and old.id not in used and old.state.human:
            used.add(old.id)
            planned[number] = replace(
                old,
                kind=source.kind,
                source=source.text,
                line=source.line,
                state=State.NEEDS_REVIEW,
                previous_source=old.previous_source or old.source,
            )
    # Last, machine drafts of the same English from other sheets: no need to ask again.
    for number, (source, planned_unit) in enumerate(zip(sources, planned, strict=True)):
        if planned_unit is None and (draft := shared.get(source.text)) is not None:
            planned[number] = replace(
                draft, id=f"u{number + 1}", kind=source.kind, line=source.line
            )
    kept = [u for u in previous if u.id not in used and u.state.human]
    obsolete = (*(existing.obsolete if existing else ()), *kept)
    return planned, tuple(replace(u, id=f"obsolete-{n}") for n, u in enumerate(obsolete, 1))


def _placed(unit: TransUnit | None, number: int, source: Source) -> TransUnit:
    """The unit for the sheet's `number`th segment, where it is now; a new one if none. A
    reviewed target edited since its review (outside an import) is reviewed no more: it
    must not be published under the name of a reviewer who never saw it."""
    unit = unit or TransUnit("", source.kind, source.text, None, State.NEW)
    if unit.state is State.REVIEWED and not xliff.review_intact(unit):
        unit = replace(unit, state=State.TRANSLATED)
    return replace(unit, id=f"u{number}", kind=source.kind, line=source.line)


def with_notes(unit: TransUnit, glossary: Glossary | None) -> TransUnit:
    """Glossary matches as notes for the translator, e.g. "infusion → infusión (proposed)",
    after what a machine draft says of itself (unknown words, proposed terms it used)."""
    drafted = tuple(n for n in unit.notes if n.startswith(drafting.DRAFT_NOTES))
    if unit.state is not State.MACHINE:
        drafted = ()  # a person's target: what the engine did no longer applies
    if glossary is None:
        return replace(unit, notes=drafted)
    notes = tuple(
        dict.fromkeys(
            f"{m.term.source} → {m.term.target} ({m.term.status})"
            + (f": {m.term.note}" if m.term.note else "")
            for m in find_terms(glossary, unit.source)
        )
    )
    return replace(unit, notes=drafted + notes)


def offered(unit: TransUnit, suggestions: Mapping[str, tuple[Suggestion, ...]]) -> TransUnit:
    """The unit with the fuzzy matches of its English, unless it is reviewed; a match that
    is its own translation says nothing new."""
    if unit.state is State.REVIEWED:
        return replace(unit, suggestions=())
    kept = tuple(s for s in suggestions.get(unit.source, ()) if s.target != unit.target)
    return replace(unit, suggestions=kept)


def _check(memory: SheetMemory, document: Document, glossary: Glossary | None) -> Iterator[Finding]:
    path = document.meta.loc.path
    lang = primary(memory.target_lang)
    for unit in memory.units:
        if unit.target is None:
            continue
        segment = qa.Segment(
            unit.id,
            unit.source,
            unit.target,
            Location(path, unit.line),
            unit.state is State.REVIEWED,
            # A needs-review unit's English changed, which says more than a stale review.
            unit.review_hash if unit.state is not State.NEEDS_REVIEW else None,
            tuple(drafting.unknown_words(unit.notes)) if unit.state is State.MACHINE else (),
        )
        yield from qa.check(segment, glossary, lang)


def _translated(document: Document, memory: SheetMemory, labels: Labels, final: bool) -> Document:
    """The sheet with every segment's target in place (the English where there is none yet:
    only ever in a draft, since such a sheet cannot be final)."""
    texts = iter(unit.target or unit.source for unit in memory.units)
    meta = document.meta
    title = next(texts) if meta.title is not None else None
    sections = tuple(_section(section, texts) for section in document.sections)
    publisher = tuple(next(texts) for _ in meta.publisher)
    human = [u for u in memory.units if u.state is State.REVIEWED]
    translation = Translation(
        source_lang=meta.lang,
        labels=labels,
        final=final,
        all_reviewed=all(map(signed_off, memory.units)),
        translated=_latest(u.translated_on or u.reviewed_on for u in memory.units),
        reviewed=_latest(u.reviewed_on for u in human) if human else None,
        reviewers=tuple(sorted({u.reviewer for u in human if u.reviewer})),
        engines=tuple(
            sorted({u.engine for u in memory.units if u.state is State.MACHINE and u.engine})
        ),
    )
    translated_meta = replace(
        meta, title=title, lang=memory.target_lang, publisher=publisher, translation=translation
    )
    return Document(translated_meta, sections)


def _section(section: Section, texts: Iterator[str]) -> Section:
    heading = next(texts) if section.heading is not None else None
    return replace(section, heading=heading, blocks=tuple(_block(b, texts) for b in section.blocks))


def _block(block: Block, texts: Iterator[str]) -> Block:
    match block:
        case Paragraph():
            return replace(block, content=_inlines(next(texts)))
        case BulletList() | NumberedList():
            return replace(block, items=tuple(_item(item, texts) for item in block.items))
        case Table():
            caption = _inlines(next(texts)) if block.caption else ()
            rows = tuple(
                tuple(replace(cell, content=_inlines(next(texts))) for cell in row)
                for row in block.rows
            )
            return replace(block, caption=caption, rows=rows)
        case Image():
            return replace(block, alt=next(texts)) if block.alt and not block.decorative else block
        case _:
            assert_never(block)


def _item(item: ListItem, texts: Iterator[str]) -> ListItem:
    content = _inlines(next(texts))
    return replace(item, content=content, children=tuple(_item(c, texts) for c in item.children))


def _inlines(text: str) -> tuple[Span, ...]:
    return emphasis.split((Span(text),), _URGENT)


def _latest(dates: Iterator[dt.date | None]) -> PartialDate | None:
    known = [d for d in dates if d is not None]
    if not known:
        return None
    latest = max(known)
    return PartialDate(latest.year, latest.month, latest.day)


def memory_path(folder: Path, target: str, document: Document) -> Path:
    """translations/<lang>/<sheet>.xlf"""
    return sheet_file(folder, target, document.name, "xlf")
