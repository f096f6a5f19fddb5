"""Which translated outputs are up to date, so a run with nothing new rewrites nothing.

Like the English build's manifest (pipeline/build.py), by content: per sheet and language,
a hash of everything a translated sheet's outputs depend on — the English document as
read, the sheet's memory file, the person-made units other sheets share with it, the
engine and its version, the glossary entries its sentences use (so editing one term
redoes only the sheets using it), the labels, the settings and the model version — and
each output's hash. A sheet is skipped only when all of it still matches and the outputs
are on disk as written. A lost or damaged manifest only costs time: everything is redone.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline import atomic
from pipeline import glossary as glossaries
from pipeline.build import MODEL_VERSION, file_hash, settings_digest
from pipeline.config import Config
from pipeline.dump import dump
from pipeline.i18n import Labels
from pipeline.languages import primary
from pipeline.model import Document
from pipeline.paths import display
from pipeline.translate.run import segments
from pipeline.translate.xliff import TransUnit

NAME = ".translations.json"


@dataclass(frozen=True)
class Entry:
    inputs: str
    #: Output path relative to outputs/ → sha256 of its bytes.
    outputs: dict[str, str]
    final: bool
    #: Units by state, for the summary line of an unchanged sheet.
    counts: dict[str, int]


def load(outputs: Path) -> dict[str, Entry]:
    path = outputs / NAME
    try:
        data = json.loads(path.read_bytes())
        return {key: Entry(**value) for key, value in data.items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, TypeError, AttributeError) as error:
        print(
            f"warning: {display(path)}: unusable ({error}); redoing every translation",
            file=sys.stderr,
        )
        return {}


def save(outputs: Path, entries: Mapping[str, Entry]) -> None:
    data = {key: asdict(entry) for key, entry in sorted(entries.items())}
    text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    atomic.write_bytes(outputs / NAME, text.encode("utf-8"))


@dataclass(frozen=True)
class Recipe:
    """What a language's run brings to every sheet it translates."""

    engine: str | None
    #: `run.glossary_uses` of the sheet.
    glossary: str | None
    labels: Labels
    config: Config


def inputs(
    document: Document, memory: bytes | None, shared: Mapping[str, TransUnit], recipe: Recipe
) -> str:
    """One hash of everything the sheet's translated outputs are made from."""
    human = sorted(
        (s.text, str(unit.state), unit.target or "", unit.reviewer or "")
        for s in segments(document)
        if (unit := shared.get(s.text)) is not None and unit.state.human
    )
    parts = (
        dump(document),
        hashlib.sha256(memory or b"").hexdigest(),
        repr(human),
        recipe.engine or "",
        recipe.glossary or "",
        repr(recipe.labels),
        settings_digest(recipe.config),
        str(MODEL_VERSION),
    )
    return hashlib.sha256("\n\0".join(parts).encode("utf-8")).hexdigest()


def run_key(lang: str) -> str:
    """The manifest's name for a language's whole run (sheets' keys are "es/<sheet>")."""
    return f"run:{primary(lang)}"


def snapshot(config: Config, sheets: Sequence[Path], lang: str, engine: str) -> str:
    """One hash of every byte a language's run reads — the sheets, the language's memory
    files, its glossary, the labels and the plain-language list — with the settings, the
    engine as `describe` names it and the model version.

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
        ("plain language", config.readability.plain_language),
    ]
    digest = hashlib.sha256(f"{MODEL_VERSION}\0{settings_digest(config)}\0{engine}".encode())
    for role, path in files:
        digest.update(f"\0{role}\0{file_hash(path) or '-'}".encode())
    return digest.hexdigest()


def fresh(entry: Entry | None, digest: str, outputs: Path) -> bool:
    if entry is None or entry.inputs != digest:
        return False
    return all(file_hash(outputs / name) == sha for name, sha in entry.outputs.items())
