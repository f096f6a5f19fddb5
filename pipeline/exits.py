"""The exit codes every command uses, and the one error that means "wrong request".

They follow the linters CI people know: 0 all good; 1 a sheet failed or findings at or
above the fail level; 2 a usage, settings, data or environment error (nothing judged);
3 a bug in the pipeline itself. An interrupted run exits as shells expect of a signal:
128 plus its number (130 for Ctrl-C, 143 for SIGTERM).
"""

from __future__ import annotations

import signal

OK = 0
FAILED = 1
USAGE = 2
INTERNAL = 3


def interrupted(signum: int) -> int:
    """The exit code of a run stopped by signal `signum`."""
    return 128 + signal.Signals(signum).value


class UsageError(Exception):
    """Nothing to work on, or asked for something impossible; the message says what."""
