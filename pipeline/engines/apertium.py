"""Apertium: a rule-based, offline engine (Debian `apertium`, `apertium-eng-spa` for Spanish).

One persistent pipeline per engine: the stages of the pair's mode, each in null-flush
mode (`apertium-wblank-mode -z`), so a NUL after a segment makes every stage emit it.
Measured: ~3 ms a segment this way, against ~100 ms for one `apertium` run a segment.
Segments go one by one, never joined: list items without end punctuation, sent as one
text, get scrambled across lines.

Segments are formatted as `apertium -f txt` (apertium-destxt) would, so the result is the
same as running `apertium eng-spa` on each segment (tested). Placeholders such as ⟦T1⟧
go in as "superblanks", which every stage passes through untouched: as unknown words they
would come back marked (⟦*T1⟧) and block agreement ("un ⟦T3⟧ infusión" instead of
"una ⟦T3⟧ infusión"). Unknown-word marks (`*word`, `#word`) are kept on purpose: QA
reports them.

The Python bindings were found to drift between calls; subprocesses do not. Every read
has a timeout, and a stuck or dead pipeline is an EngineError, never a hang.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import selectors
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from pipeline.config import Config
from pipeline.engines import EngineError

#: Seconds without any progress before the pipeline is declared stuck.
TIMEOUT = 30.0
#: ISO 639-1 → the ISO 639-3 codes Apertium names its modes with (eng-spa, not en-es).
APERTIUM_CODES = {"en": "eng", "es": "spa", "ca": "cat", "gl": "glg", "eu": "eus", "eo": "epo"}
#: Apertium's stream format reserves these; apertium-destxt escapes them with a backslash.
_RESERVED = re.compile(r"[\\\[\]^$@/<>{}]")
#: Kept out of the translation as superblanks: placeholders, and what destxt also wraps
#: (`~` is a post-generation operator; tabs and line breaks are formatting).
_SUPERBLANK = re.compile(r"⟦[^⟦⟧\s]+⟧|[~\t\r\n]+")
#: What apertium-retxt undoes: the ".[]" possible-sentence-end mark, escapes, superblanks.
_FORMATTING = re.compile(r"\.\[\]|\\(.)|[\[\]]", re.DOTALL)
#: Appended to every segment: the sentence-end mark destxt adds, then the flush.
_END = b".[]\0"


def mode_name(source: str, target: str) -> str | None:
    codes = APERTIUM_CODES.get(source), APERTIUM_CODES.get(target)
    return None if None in codes else f"{codes[0]}-{codes[1]}"


def install_hint(source: str, target: str) -> str:
    mode = mode_name(source, target) or f"{source}-{target}"
    return f"apt-get install apertium apertium-{mode} (Debian)"


def mode_file(mode: str) -> Path | None:
    """The mode's file, where the `apertium` script looks for it; None if not installed."""
    program = shutil.which("apertium")
    if program is None:
        return None
    default = Path(program).resolve().parent.parent / "share" / "apertium"
    path = Path(os.environ.get("APERTIUM_DATADIR", default)) / "modes" / f"{mode}.mode"
    return path if path.is_file() else None


def unavailable(config: Config, source: str, target: str) -> str | None:
    mode = mode_name(source, target)
    if mode is None:
        return f"Apertium has no {source}→{target} pair here"
    if shutil.which("apertium") is None or shutil.which("apertium-wblank-mode") is None:
        return f"apertium is not installed; install: {install_hint(source, target)}"
    if mode_file(mode) is None:
        return f"the Apertium mode {mode} is not installed; install: {install_hint(source, target)}"
    return None


def version(config: Config, source: str, target: str) -> str:
    return _version(*_mode(source, target))


def start(config: Config, source: str, target: str) -> ApertiumEngine:
    mode, path = _mode(source, target)
    return ApertiumEngine(path, version=_version(mode, path))


def _mode(source: str, target: str) -> tuple[str, Path]:
    mode = mode_name(source, target)
    path = mode_file(mode) if mode else None
    if mode is None or path is None:
        raise EngineError(f"no Apertium {source}→{target}; install: {install_hint(source, target)}")
    return mode, path


@functools.cache
def _version(mode: str, path: Path) -> str:
    """The program's and the data's Debian package versions ("3.8.3-1+b2, apertium-eng-spa
    0.8.1-2"; dpkg knows which package owns the mode), or what `apertium -V` says."""
    owner = _run(["dpkg-query", "-S", str(path)]).partition(":")[0]
    packages = ["apertium", owner] if owner else ["apertium"]
    versions = _run(["dpkg-query", "-W", "-f=${Package} ${Version}\n", *packages])
    found = dict(line.split(" ", 1) for line in versions.splitlines() if " " in line)
    program = found.get("apertium") or _run(["apertium", "-V"]).removeprefix("Apertium ")
    data = f"{owner} {found[owner]}" if owner in found else f"{mode} (data version unknown)"
    return f"{program or 'unknown'}, {data}"


def _run(command: list[str]) -> str:
    """A short command's output, or "" when it is missing or fails."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


class ApertiumEngine:
    """A persistent null-flush pipeline of one mode's stages: segments in, translations out."""

    name = "apertium"

    def __init__(self, mode: Path, *, version: str, timeout: float = TIMEOUT) -> None:
        self.version = version
        self._timeout = timeout
        script = _run(["apertium-wblank-mode", "-z", str(mode)])
        if not script:
            raise EngineError(f"apertium-wblank-mode could not read {mode}")
        # A file, not a pipe: the stages can never block on it, and it is read if they die.
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the process)
        try:
            # Its own process group, so a stuck pipeline is ended with all its stages.
            # "$1" is the generator's option (-g: mark unknown words), "$2" the tagger's.
            self._process = subprocess.Popen(
                ["bash", "-c", script, "apertium", "-g", ""],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                env={**os.environ, "LC_ALL": "C.UTF-8"},  # as the apertium script forces UTF-8
                start_new_session=True,
            )
        except OSError as error:
            self._stderr.close()
            raise EngineError(f"cannot start the Apertium pipeline: {error}") from None
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None  # both are pipes
        self._stdin, self._stdout = stdin, stdout
        os.set_blocking(stdin.fileno(), False)
        self._buffer = bytearray()

    def translate(self, segments: Sequence[str]) -> list[str]:
        """All segments are written while answers are read, so neither side ever waits on
        a full pipe; blank segments are returned as they are."""
        asked = [n for n, segment in enumerate(segments) if segment.strip()]
        data = b"".join(_encode(segments[n]) for n in asked)
        answers = dict(zip(asked, map(_decode, self._exchange(data, len(asked))), strict=True))
        return [answers.get(n, segment) for n, segment in enumerate(segments)]

    def close(self) -> None:
        """End the pipeline (the stages stop at the end of their input) and free the pipes."""
        with contextlib.suppress(OSError):
            self._stdin.close()
        self._wait()
        self._stdout.close()
        self._stderr.close()

    def _exchange(self, data: bytes, count: int) -> list[bytes]:
        """Write `data` and read `count` NUL-terminated answers, interleaved."""
        pending = memoryview(data)
        answers: list[bytes] = []
        with selectors.DefaultSelector() as selector:
            selector.register(self._stdout, selectors.EVENT_READ)
            if pending:
                selector.register(self._stdin, selectors.EVENT_WRITE)
            while len(answers) < count:
                events = selector.select(self._timeout)
                if not events:
                    raise self._stuck()
                for key, _ in events:
                    if key.fileobj is self._stdin:
                        pending = pending[self._write(pending) :]
                        if not pending:
                            selector.unregister(self._stdin)
                    else:
                        answers += self._read()
        return answers

    def _write(self, data: memoryview) -> int:
        try:
            return os.write(self._stdin.fileno(), data)
        except BlockingIOError:
            return 0
        except OSError:
            raise self._died() from None

    def _read(self) -> list[bytes]:
        """The answers completed by what the pipeline has written so far."""
        data = os.read(self._stdout.fileno(), 65536)
        if not data:
            raise self._died()
        self._buffer += data
        *complete, rest = self._buffer.split(b"\0")
        self._buffer = bytearray(rest)
        return [bytes(answer) for answer in complete]

    def _stuck(self) -> EngineError:
        self._kill()
        return EngineError(f"Apertium gave no answer within {self._timeout:g} s; stopped it")

    def _died(self) -> EngineError:
        code = self._wait()
        self._stderr.seek(0)
        said = self._stderr.read().decode("utf-8", errors="replace").strip()[-500:]
        return EngineError(f"Apertium stopped (exit code {code}){': ' + said if said else ''}")

    def _wait(self) -> int:
        try:
            return self._process.wait(timeout=self._timeout)
        except subprocess.TimeoutExpired:
            self._kill()
            return self._process.wait()

    def _kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._process.pid, signal.SIGKILL)


def _encode(segment: str) -> bytes:
    """A segment in Apertium's stream format, as apertium-destxt writes it, then a flush."""
    pieces: list[str] = []
    position = 0
    for match in _SUPERBLANK.finditer(segment):
        pieces += [_escape(segment[position : match.start()]), f"[{match.group()}]"]
        position = match.end()
    pieces.append(_escape(segment[position:]))
    return "".join(pieces).replace("\0", "").encode() + _END


def _escape(text: str) -> str:
    return _RESERVED.sub(lambda match: "\\" + match.group(), text)


def _decode(answer: bytes) -> str:
    """Plain text again, as apertium-retxt gives it."""
    text = answer.decode("utf-8", errors="replace")
    return _FORMATTING.sub(lambda match: match.group(1) or "", text)
