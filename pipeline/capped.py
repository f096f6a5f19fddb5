"""Input files read with a size cap, so that no file can make a run's time or memory
unbounded: sheets, Word packages, glossaries (CSV and TBX), XLIFF and TMX each have a
cap in pipeline.toml.

A file over its cap is refused before it is parsed, and never more than the cap (plus
one byte) is read, so a file that grows meanwhile, or a device, cannot get round it. The
message names the file, its size, the cap and the setting that raises it.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.errors import DataFileError, LocatedError

MB = 1_000_000
#: Defaults of the caps pipeline.toml can change (see `pipeline.config`).
GLOSSARY_BYTES = 10 * MB
TMX_BYTES = 100 * MB
DOCX_BYTES = 20 * MB


def read_bytes(
    path: Path,
    shown: str,
    cap: int,
    setting: str,
    error: type[LocatedError] = DataFileError,
) -> bytes:
    """The bytes of `path` (`shown` in messages); `error` when it cannot be read or is
    larger than `cap` bytes, naming `setting`."""
    try:
        with path.open("rb") as handle:
            data = handle.read(cap + 1)
            size = max(len(data), os.fstat(handle.fileno()).st_size)
    except OSError as failure:
        raise error(shown, f"cannot read: {failure.strerror}") from None
    if len(data) > cap:
        raise error(shown, refusal(size, cap, setting))
    return data


def refusal(size: int, cap: int, setting: str) -> str:
    """Why a file of `size` bytes is refused."""
    return (
        f"file is {size / MB:.1f} MB, over the limit of {cap / MB:.1f} MB: refused "
        f"(if it is right, raise {setting} in pipeline.toml)"
    )
