"""Machine translation engines: which one drafts a language, and the one interface they share.

Per primary language subtag, `[translation] engines` says "argos", "apertium", "none" or
"auto" (the default): Argos if a package for the pair is installed, else Apertium if it
has the pair, else none. None means translator handoff only, and reports say so.

Engines are plain data (`BACKENDS`); each backend answers, without starting anything,
whether it can serve a pair (and if not, what to install) and which version it is, so
`describe` is cheap. `engine_for` starts one: a persistent Apertium pipeline or a loaded
Argos model, used for many segments and closed once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from pipeline.config import Config
from pipeline.languages import primary

AUTO_ORDER = ("argos", "apertium")


class EngineError(Exception):
    """An engine that cannot run or failed; the message says what to install or do."""


class Engine(Protocol):
    #: "argos" or "apertium".
    name: str
    #: The engine's and its language data's versions, for provenance.
    version: str

    def translate(self, segments: Sequence[str]) -> list[str]:
        """One output per segment, in order; placeholders such as ⟦T1⟧ come back as they are."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Backend:
    """What engine selection needs from an engine module; `source` and `target` are
    primary language subtags ("en", "es")."""

    #: None if the engine can translate source → target, else why not and what to install.
    unavailable: Callable[[Config, str, str], str | None]
    #: The version string provenance records (only asked when available).
    version: Callable[[Config, str, str], str]
    start: Callable[[Config, str, str], Engine]


@functools.cache
def backends() -> dict[str, Backend]:
    """The engines by name. Imported on first use: the engine modules import this one."""
    from pipeline.engines import apertium, argos  # noqa: PLC0415 (circular at import time)

    return {
        "argos": Backend(argos.unavailable, argos.version, argos.start),
        "apertium": Backend(apertium.unavailable, apertium.version, apertium.start),
    }


def engine_for(config: Config, target: str) -> Engine | None:
    """A started engine for `target` (a BCP 47 tag), or None for translator handoff only.

    Raises EngineError when the configured engine (not "auto") cannot run, naming what to
    install; the caller must close the engine.
    """
    source, wanted = primary(config.language), primary(target)
    choice = _choice(config, wanted)
    if choice == "none":
        return None
    if choice == "auto":
        for name in AUTO_ORDER:
            if backends()[name].unavailable(config, source, wanted) is None:
                return backends()[name].start(config, source, wanted)
        return None
    backend = backends()[choice]
    if reason := backend.unavailable(config, source, wanted):
        raise EngineError(f"{choice} is configured for {wanted!r} but cannot run: {reason}")
    return backend.start(config, source, wanted)


def describe(config: Config, target: str) -> str:
    """One line for reports: the engine that drafts `target` and its version, or why none."""
    source, wanted = primary(config.language), primary(target)
    choice = _choice(config, wanted)
    handoff = f"no engine for {wanted}: translator handoff only"
    if choice == "none":
        return f"{handoff} (configured)"
    if choice != "auto":
        if reason := backends()[choice].unavailable(config, source, wanted):
            return f"{choice} configured but cannot run: {reason}"
        return f"{choice} {backends()[choice].version(config, source, wanted)}"
    skipped = []
    for name in AUTO_ORDER:
        backend = backends()[name]
        if reason := backend.unavailable(config, source, wanted):
            skipped.append(f"{name}: {reason}")
            continue
        used = f"{name} {backend.version(config, source, wanted)}"
        return f"{used} (auto; {'; '.join(skipped)})" if skipped else f"{used} (auto)"
    return f"{handoff} ({'; '.join(skipped)})"


def _choice(config: Config, language: str) -> str:
    return config.translation.engines.get(language, "auto")
