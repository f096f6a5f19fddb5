"""One run at a time per folder: a second `make` waits for the first instead of racing it.

Two runs writing the same outputs (or translators' memories) at once would each clear the
other's temporary files, interleave manifests, or let one overwrite what the other just
imported. An exclusive `flock` on `<folder>/.lock` serialises them; the kernel releases
it when the holder exits however it ends (even SIGKILL), so a crashed run never leaves a
stale lock. Locks are always taken in the order given (outputs/ before translations/),
so two commands cannot wait for each other.
"""

from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from pipeline.paths import display

NAME = ".lock"


@contextmanager
def holding(*folders: Path) -> Iterator[None]:
    """Hold the lock of each folder (made if missing) for the duration, waiting with a
    message while another run holds one."""
    with ExitStack() as stack:
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
            handle = stack.enter_context((folder / NAME).open("a+"))
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                print(
                    f"waiting: another pipeline run is using {display(folder)}/ "
                    f"(this is process {os.getpid()}); it goes on when that one finishes",
                    file=sys.stderr,
                    flush=True,
                )
                fcntl.flock(handle, fcntl.LOCK_EX)
        yield
