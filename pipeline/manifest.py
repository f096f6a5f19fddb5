"""Incremental work by content, not modification time: which outputs are still as their
inputs would make them now.

Copies, checkouts and archives change mtimes without changing content, so a manifest
records, per unit of work (a sheet's English outputs, a sheet in one language, a
language's whole run), one digest of everything its outputs are made from and the
sha256 of each output's bytes. The work is skipped only when the digest still matches,
every output is on disk as written, and no day its work was decided by has come
(`UNTIL`). A manifest is written after the outputs; a killed run leaves the old one,
whose hashes then no longer match what was rewritten, so nothing is wrongly skipped. A
lost or damaged manifest only costs time.

`pipeline build` keeps outputs/.manifest.json, `pipeline translate` outputs/.translations.json.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import atomic
from pipeline.config import Config
from pipeline.paths import display

#: Bump whenever the document model, a reader or a writer changes what outputs contain:
#: every sheet is then redone once.
MODEL_VERSION = 5
#: The manifest files' own format.
FORMAT = 2
#: In an entry's details, the first day (ISO) on which what its work decided by the date
#: may be decided otherwise: a sheet held back from families until its review date. The
#: inputs are the same on that day, so the day itself must make the work stale.
UNTIL = "withheld_until"


@dataclass(frozen=True)
class Entry:
    #: One digest of everything the outputs are made from.
    inputs: str
    #: Output path relative to outputs/ → sha256 of its bytes.
    outputs: dict[str, str]
    #: What the command needs to report the work as unchanged without redoing it.
    details: dict[str, Any] = field(default_factory=dict)


def load(path: Path) -> dict[str, Entry]:
    """The recorded entries; a missing manifest is empty, an unusable one too (everything
    is redone) with a warning."""
    try:
        data = json.loads(path.read_bytes())
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r} is not {FORMAT}")
        return {key: _entry(value) for key, value in data["entries"].items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        print(f"warning: {display(path)}: unusable ({error}); redoing everything", file=sys.stderr)
        return {}


def _entry(value: Any) -> Entry:
    entry = Entry(value["inputs"], dict(value["outputs"]), dict(value.get("details", {})))
    if not (
        isinstance(entry.inputs, str) and all(isinstance(v, str) for v in entry.outputs.values())
    ):
        raise ValueError("malformed entry")
    return entry


def save(path: Path, entries: Mapping[str, Entry]) -> None:
    """Write the manifest atomically, sorted, so the same work gives the same bytes."""
    data = {
        "format": FORMAT,
        "entries": {
            key: {"details": entry.details, "inputs": entry.inputs, "outputs": entry.outputs}
            for key, entry in sorted(entries.items())
        },
    }
    text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    atomic.write_bytes(path, text.encode("utf-8"))


def fresh(entry: Entry | None, inputs: str, folder: Path, today: dt.date) -> bool:
    """Whether the work `entry` records was made from `inputs`, its outputs, relative to
    `folder`, are on disk as written, and it is still as `today` would decide it."""
    if entry is None or entry.inputs != inputs or due(entry, today):
        return False
    return all(file_hash(folder / name) == sha for name, sha in entry.outputs.items())


def due(entry: Entry, today: dt.date) -> bool:
    """Whether the day that may change what the entry's work decided by the date (`UNTIL`)
    has come."""
    until = entry.details.get(UNTIL)
    return isinstance(until, str) and until <= today.isoformat()


def until(day: dt.date | None) -> dict[str, str]:
    """The details recording `day` as the entry's `UNTIL`; none for no such day."""
    return {UNTIL: day.isoformat()} if day is not None else {}


def digest(*parts: str) -> str:
    """One sha256 of several texts, none of which can run into the next."""
    return hashlib.sha256("\n\0".join(parts).encode("utf-8")).hexdigest()


def hashes(files: Iterable[tuple[str, bytes]]) -> dict[str, str]:
    """name → sha256 of the bytes, for the outputs an entry records."""
    return {name: hashlib.sha256(data).hexdigest() for name, data in files}


def file_hash(path: Path) -> str | None:
    """sha256 of the file's bytes; None when it cannot be read (the reader says why)."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def settings_digest(config: Config) -> str:
    """Hash of the settings readers use, with what to do with a sheet whose review date
    does not vouch for it (`unreviewed`: it decides where outputs go); paths are left out
    so the digest (and the manifest) is the same on every machine, and audit or
    translation settings do not redo the English outputs."""
    shaping = (
        config.language,
        config.review_cycle_years,
        config.urgent,
        config.text_reader,
        config.unreviewed,
    )
    return hashlib.sha256(repr(shaping).encode("utf-8")).hexdigest()


def remove_outputs(entry: Entry, outputs: Path) -> list[Path]:
    """Delete the output files an entry records (those still on disk): outputs mirror
    sources, so a sheet whose source is gone must not stay in front of families."""
    removed = []
    for name in entry.outputs:
        target = outputs / name
        if target.resolve().is_relative_to(outputs.resolve()) and target.is_file():
            target.unlink()
            removed.append(target)
    return removed
