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
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline import atomic
from pipeline.build import MODEL_VERSION, display, settings_digest
from pipeline.config import Config
from pipeline.dump import dump
from pipeline.i18n import Labels
from pipeline.model import Document
from pipeline.translate.run import segments
from pipeline.translate.xliff import Unit

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
    document: Document, memory: bytes | None, shared: Mapping[str, Unit], recipe: Recipe
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


def fresh(entry: Entry | None, digest: str, outputs: Path) -> bool:
    if entry is None or entry.inputs != digest:
        return False
    for name, sha in entry.outputs.items():
        try:
            if hashlib.sha256((outputs / name).read_bytes()).hexdigest() != sha:
                return False
        except OSError:
            return False
    return True
