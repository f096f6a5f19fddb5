"""`pipeline export-translation`: an XLIFF 1.2 package per sheet and language for a
translator's CAT tool, outputs/exchange/<lang>/<sheet>.xlf.

The package is the memory as it stands (same unit ids, states and provenance, so
`pipeline import-translation` takes it back unit by unit), with the glossary terms found
in each unit's English as `<note from="glossary">` notes from the glossary as it is now,
not as it was when the sheet was last translated. It is written outside translations/:
the memory changes only through an import.

A language's labels (the words around a sheet, translations/labels.toml) are exchanged the
same way, as outputs/exchange/labels-<lang>.xlf: one unit per label and per month, which a
translator can edit and sign off; importing it writes the new words into the table and,
when every unit is signed off, records the review as `pipeline review-labels` does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from pipeline import atomic, i18n
from pipeline import glossary as glossaries
from pipeline.config import Config
from pipeline.errors import DataFileError
from pipeline.exits import UsageError
from pipeline.languages import primary
from pipeline.paths import PathError, display, language_folder, sheet_file
from pipeline.translate import xliff
from pipeline.translate.run import with_notes
from pipeline.translate.xliff import SheetMemory, State, TransUnit

#: Folder under the outputs for files exchanged with CAT tools (TMX, TBX, XLIFF).
EXCHANGE = "exchange"


def export_translation(config: Config, lang: str, sheets: list[Path]) -> list[Path]:
    """Write the packages of `sheets` (by name; all the language's memories if empty) and
    return their paths. A named sheet without a memory is a UsageError, a damaged memory
    a DataFileError naming it."""
    try:
        folder = language_folder(config.translation.memory, lang)
        paths = [sheet_file(config.translation.memory, lang, s.stem, "xlf") for s in sheets]
    except PathError as error:
        raise UsageError(str(error)) from None
    paths = paths or sorted(folder.glob("*.xlf"))
    cap = config.translation.max_glossary_bytes
    glossary = glossaries.for_language(config.translation.glossaries, "en", primary(lang), cap)
    written = []
    for path in paths:
        memory = xliff.load(path, config.translation.max_xliff_bytes)
        if memory is None:
            raise UsageError(
                f"no translation memory {display(path)}: run `pipeline translate` first"
            )
        units = tuple(with_notes(unit, glossary) for unit in memory.units)
        package = sheet_file(config.outputs / EXCHANGE, lang, path.stem, "xlf")
        atomic.write_bytes(package, xliff.write(replace(memory, units=units)))
        written.append(package)
    return written


#: The `original` of a labels package, by which an import tells it from a sheet's.
LABELS = "labels.toml"


def export_labels(config: Config, lang: str) -> Path:
    """Write the [lang] labels as an XLIFF package and return its path."""
    path = config.translation.memory / LABELS
    labels = i18n.load(path).get(primary(lang))
    if labels is None or primary(lang) == "en":
        raise UsageError(f"{display(path)}: no [{primary(lang)}] labels to export")
    state = State.REVIEWED if labels.reviewed else State.TRANSLATED
    units = tuple(
        TransUnit(ident, "label", english, words, state, reviewer=labels.reviewer)
        for ident, english, words in _label_texts(i18n.ENGLISH, labels)
    )
    memory = SheetMemory(LABELS, config.language, lang, units)
    package = config.outputs / EXCHANGE / f"labels-{primary(lang)}.xlf"
    atomic.write_bytes(package, xliff.write(memory))
    return package


def _label_texts(english: i18n.Labels, labels: i18n.Labels) -> list[tuple[str, str, str]]:
    """(unit id, English, the language's words) for every label and month."""
    texts = [(name, getattr(english, name), getattr(labels, name)) for name in i18n.WORDS]
    months = zip(english.months, labels.months, strict=True)
    return texts + [(f"month-{n}", e, t) for n, (e, t) in enumerate(months, start=1)]


def import_labels(
    config: Config, returned: SheetMemory, reviewer: str | None, today: dt.date, shown: str
) -> tuple[str, tuple[DataFileError, ...]]:
    """Apply a returned labels package: the edited words go into the table (checked whole:
    every unit's English as exported, nothing refused, or nothing is written), and when
    every unit is signed off and a reviewer named, the labels are signed off."""
    path = config.translation.memory / LABELS
    lang = primary(returned.target_lang)
    labels = i18n.load(path).get(lang)
    if labels is None or lang == "en":
        raise DataFileError(shown, f"no [{lang}] labels in {display(path)}")
    current = {ident: (e, t) for ident, e, t in _label_texts(i18n.ENGLISH, labels)}
    refused = [
        DataFileError(shown, f"unit {u.id}: not a label, or its English changed", u.at)
        for u in returned.units
        if current.get(u.id, ("",))[0] != u.source
    ]
    if refused:
        return f"{display(path)}: [{lang}] not changed", tuple(refused)
    edits = {u.id: u.target for u in returned.units if u.target and u.target != current[u.id][1]}
    months = tuple(edits.pop(f"month-{n}", m) for n, m in enumerate(labels.months, start=1))
    words: dict[str, str | tuple[str, ...]] = {**edits}
    if months != labels.months:
        words["months"] = months
    # A review covers every label; signed off unchanged and already reviewed, it stands.
    whole = {u.id for u in returned.units} == set(current)
    signed = (
        whole
        and all(u.state is State.REVIEWED for u in returned.units)
        and (bool(words) or not labels.reviewed)
    )
    if signed and not reviewer:
        problem = "the labels are signed off: name their reviewer with --reviewer"
        return f"{display(path)}: [{lang}] not changed", (DataFileError(shown, problem),)
    if words:
        i18n.set_words(path, lang, words)
    if signed and reviewer:
        i18n.sign_off(path, lang, reviewer, today)
    review = f", reviewed by {reviewer}" if signed else ""
    return f"{display(path)}: [{lang}] {len(words)} label(s) updated{review}", ()
