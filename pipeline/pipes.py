"""A long-lived helper program spoken to over pipes: hunspell, Apertium's stages.

Why one place for it: starting such a program costs far more than one answer (hunspell
loads 140,000 words, Apertium a dozen transducers), so each is started once and fed many
questions. That is safe only with three rules kept everywhere:
- the questions are written while the answers are read, so neither side can ever wait on
  a full pipe, however much is asked at once;
- every wait has a deadline: a stuck program is killed (with its whole process group,
  for shell pipelines) and reported, never waited on forever;
- its stderr goes to a file, which can never fill up and block it, and which says why
  when it dies.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence


class Pipe:
    """One helper program; `error` is the exception raised when it dies or stops answering."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        name: str,
        error: type[Exception],
        timeout: float,
        env: Mapping[str, str] | None = None,
    ) -> None:
        """Start it; an OSError (no such program) is left to the caller to explain."""
        self._name, self._error, self._timeout = name, error, timeout
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the process)
        try:
            self._process = subprocess.Popen(
                list(command),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                env=None if env is None else dict(env),
                start_new_session=True,  # its own process group, ended whole when stuck
            )
        except OSError:
            self._stderr.close()
            raise
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None  # both are pipes
        self._stdin, self._stdout = stdin, stdout
        os.set_blocking(stdin.fileno(), False)
        self._buffer = bytearray()

    def exchange(
        self, data: bytes, separator: bytes, done: Callable[[list[bytes]], bool]
    ) -> list[bytes]:
        """Write `data` and return the records (each ended by `separator`, which is left
        off) read until `done(records)` holds; writing and reading are interleaved."""
        pending = memoryview(data)
        records: list[bytes] = []
        with selectors.DefaultSelector() as selector:
            selector.register(self._stdout, selectors.EVENT_READ)
            if pending:
                selector.register(self._stdin, selectors.EVENT_WRITE)
            while pending or not done(records):
                events = selector.select(self._timeout)
                if not events:
                    raise self._stuck()
                for key, _ in events:
                    if key.fileobj is self._stdin:
                        pending = pending[self._write(pending) :]
                        if not pending:
                            selector.unregister(self._stdin)
                    else:
                        records += self._read(separator)
        return records

    def close(self) -> None:
        """End it (it stops at the end of its input) and free the pipes."""
        with contextlib.suppress(OSError):
            self._stdin.close()
        self._wait()
        self._stdout.close()
        self._stderr.close()

    def _write(self, data: memoryview) -> int:
        try:
            return os.write(self._stdin.fileno(), data)
        except BlockingIOError:
            return 0
        except OSError:
            raise self._died() from None

    def _read(self, separator: bytes) -> list[bytes]:
        """The records completed by what the program has written so far."""
        data = os.read(self._stdout.fileno(), 65536)
        if not data:
            raise self._died()
        self._buffer += data
        *complete, rest = self._buffer.split(separator)
        self._buffer = bytearray(rest)
        return [bytes(record) for record in complete]

    def _stuck(self) -> Exception:
        self._kill()
        return self._error(f"{self._name} gave no answer within {self._timeout:g} s; stopped it")

    def _died(self) -> Exception:
        code = self._wait()
        self._stderr.seek(0)
        said = self._stderr.read().decode("utf-8", errors="replace").strip()[-500:]
        return self._error(f"{self._name} stopped (exit code {code}){': ' + said if said else ''}")

    def _wait(self) -> int:
        try:
            return self._process.wait(timeout=self._timeout)
        except subprocess.TimeoutExpired:
            self._kill()
            return self._process.wait()

    def _kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._process.pid, signal.SIGKILL)
