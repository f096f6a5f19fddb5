"""One way to spread work over processes: build, audit and translate all use `process_map`.

Workers are forked where the platform can (Linux): they inherit what the run already
loaded — settings, the translation memory index, the syllable table — instead of
receiving it pickled, and `shared` reaches each worker once, through the pool's
initializer, never through a module global set around the fork. Workers ask the kernel
to kill them when their parent dies, so a killed run leaves no orphan blocked on a pipe.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

#: Called as `progress(done, total)` while a run goes on, for a progress display.
Progress = Callable[[int, int], None]

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

#: Linux's prctl option: the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1

#: What this worker process runs: (function, shared), set once by `_start`.
_worker: tuple[Callable[[Any, Any], Any], Any] | None = None


def process_map(
    function: Callable[[S, T], R],
    items: Sequence[T],
    *,
    shared: S,
    jobs: int,
    chunksize: int | None = None,
) -> Generator[R, None, None]:
    """`function(shared, item)` for every item, results in the items' order, in up to
    `jobs` worker processes (none when one job or one item would do). A caller that does
    other work between results closes the generator (`contextlib.closing`): a stop raised
    in that work leaves it suspended, and the workers run on until it is collected."""
    jobs = max(1, min(jobs, len(items)))
    if jobs == 1:
        yield from (function(shared, item) for item in items)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    chunk = chunksize or max(1, len(items) // (jobs * 8))  # small enough to keep all busy
    with ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context(method),
        initializer=_start,
        initargs=(function, shared, os.getpid()),
    ) as pool:
        shares = [items[start : start + chunk] for start in range(0, len(items), chunk)]
        futures = [pool.submit(_call_share, share) for share in shares]
        try:
            for future in futures:
                yield from future.result()
        except BaseException:
            # Interrupted (Ctrl-C, SIGTERM) or failed: no new work, and no waiting for the
            # work in hand; what workers were writing is only ever a temporary file. The
            # workers go, then the pool fails the work left itself: no future is cancelled
            # first (Python 3.11's pool raises in its own thread failing a cancelled one).
            # A caller that stops asking once it has every result has nothing to stop.
            if not all(future.done() for future in futures):
                for process in list((pool._processes or {}).values()):
                    process.terminate()
                pool.shutdown(wait=False)
            raise


def _start(function: Callable[[Any, Any], Any], shared: object, parent: int) -> None:
    global _worker  # noqa: PLW0603 (this worker process's own state, set once)
    _worker = (function, shared)
    _die_with_parent(parent)
    # Ctrl-C reaches the whole process group: the parent stops the run and reports it;
    # a worker printing its own KeyboardInterrupt traceback would only hide that.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The parent's SIGTERM handler turns the signal into an exception for its clean-up; a
    # worker the pool stops that way would print a traceback instead of just ending.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _call_share(share: Sequence[object]) -> list[Any]:
    assert _worker is not None, "the pool's initializer sets it"
    function, shared = _worker
    return [function(shared, item) for item in share]


def _die_with_parent(parent: int) -> None:
    """On Linux, SIGKILL this process when its parent exits, however the parent ends
    (and exit at once if it already has, between the fork and this call)."""
    if not sys.platform.startswith("linux"):
        return
    # The running program's own symbols include the C library's prctl.
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)
