"""What translated outputs are made from, for the manifest (`pipeline.manifest`) that
lets a run with nothing new rewrite nothing.

Per sheet and language, one digest of everything its translated outputs depend on — the
English document as read, the sheet's memory file, the person-made units other sheets
share with it, the fuzzy matches offered to its segments, the engine and its version, the
glossary entries its sentences use (so editing one term redoes only the sheets using it),
the labels, the language data drafts and QA read (`language_data`), the settings and the
model version. Per language, a snapshot of every byte the run reads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline import glossary as glossaries
from pipeline import tmx
from pipeline.config import Config
from pipeline.dump import dump
from pipeline.i18n import Labels
from pipeline.languages import data_folder, primary
from pipeline.manifest import MODEL_VERSION, digest, file_hash, settings_digest
from pipeline.model import Document
from pipeline.translate.run import segments
from pipeline.translate.xliff import TransUnit

NAME = ".translations.json"


@dataclass(frozen=True)
class Recipe:
    """What a language's run brings to every sheet it translates."""

    engine: str | None
    #: `run.glossary_uses` of the sheet.
    glossary: str | None
    labels: Labels
    config: Config
    #: The fuzzy-match suggestions offered to the sheet's segments.
    suggestions: str = ""
    #: `language_data` of the run's language.
    data: str = ""


def inputs(
    document: Document, memory: bytes | None, shared: Mapping[str, TransUnit], recipe: Recipe
) -> str:
    """One hash of everything the sheet's translated outputs are made from."""
    human = sorted(
        (s.text, str(unit.state), unit.target or "", unit.reviewer or "")
        for s in segments(document)
        if (unit := shared.get(s.text)) is not None and unit.state.human
    )
    return digest(
        dump(document),
        hashlib.sha256(memory or b"").hexdigest(),
        repr(human),
        recipe.engine or "",
        recipe.glossary or "",
        repr(recipe.labels),
        recipe.suggestions,
        recipe.data,
        settings_digest(recipe.config),
        str(MODEL_VERSION),
    )


def language_data(lang: str) -> str:
    """One hash of the data files of English and of `lang` (conventions, cognate rules,
    dangerous and urgent renderings, word lists): staff may add a row, and a translation
    drafted or checked by the old rows must then be redone."""
    files = [
        path
        for folder in dict.fromkeys((data_folder("en"), data_folder(lang)))
        if folder.is_dir()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    ]
    return digest(*(f"{path.parent.name}/{path.name}\0{file_hash(path) or '-'}" for path in files))


def run_key(lang: str) -> str:
    """The manifest's name for a language's whole run (sheets' keys are "es/<sheet>")."""
    return f"run:{primary(lang)}"


def snapshot(config: Config, sheets: Sequence[Path], lang: str, engine: str) -> str:
    """One hash of every byte a language's run reads — the sheets, the language's memory
    files and suggestion store, its glossary, the labels and the plain-language list — with
    the settings (the fuzzy-match ones too), the engine as `describe` names it and the
    model version.

    When it equals the last complete run's, and that run's outputs are as written, the run
    has nothing to do, which is known without reading a sheet or parsing a memory file:
    a run with nothing new over 1,000 sheets then costs a fraction of a second.
    """
    folder = config.translation.memory / primary(lang)
    # Named by role and file name, not by path, so the manifest is the same on every machine.
    files = [
        *((f"sheet {path.name}", path) for path in sheets),
        *((f"memory {path.name}", path) for path in sorted(folder.glob("*.xlf"))),
        ("glossary", glossaries.path_for(config.translation.glossaries, "en", lang)),
        ("labels", config.translation.memory / "labels.toml"),
        ("suggestion store", folder / tmx.STORE),
        ("plain language", config.readability.plain_language),
    ]
    fuzzy = (config.translation.fuzzy_threshold, config.translation.fuzzy_suggestions)
    return digest(
        str(MODEL_VERSION),
        settings_digest(config),
        repr(fuzzy),
        engine,
        language_data(lang),
        *(f"{role}\0{file_hash(path) or '-'}" for role, path in files),
    )
