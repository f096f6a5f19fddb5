"""Write files so that a crash or a kill never leaves a half-written one behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes(path: Path, data: bytes) -> bool:
    """Replace `path` with `data` via a temporary file and a rename; False if unchanged.

    Leaving identical files alone keeps their timestamps, so tools that watch
    `outputs/` (and people) see only what really changed.
    """
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.chmod(0o644)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return True


def remove_leftovers(folder: Path) -> None:
    """Delete temporary files that a killed `write_bytes` left in `folder`.

    Only for a writer that owns `folder`: another process's write in progress there
    would lose its temporary file.
    """
    for leftover in folder.glob(".*.tmp"):
        leftover.unlink(missing_ok=True)


def remove_leftovers_below(root: Path) -> None:
    """`remove_leftovers` in `root` and every folder below it; only under `pipeline.lock`'s
    lock of `root`, which keeps every other run's writes out of it."""
    if root.is_dir():
        for leftover in root.rglob(".*.tmp"):
            leftover.unlink(missing_ok=True)
