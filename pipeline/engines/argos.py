"""Argos Translate (argostranslate 1.11), the named engine: neural, offline once installed.

Packages are downloaded once by `make models` (see pipeline.engines.argos_install) into
`[translation] argos_packages`; nothing is fetched at translation time. argostranslate
reads its settings from the environment ONCE, when it is imported, and its defaults
fetch things: the MiniSBD sentence splitter downloads its model on first use, the Stanza
and spaCy splitters download at start. So it is imported here, lazily, with:

- packages in `<folder>/packages` and its data, cache and config folders inside
  `<folder>` too (XDG_*), so nothing is read from or written to the home folder;
- the MiniSBD splitter, whose model is packaged or installed by `make models`;
- one intra-op thread (measured: 40 times faster than the default on 2 cores; an explicit
  ARGOS_INTRA_THREADS wins).

A process can therefore use one packages folder; asking for another is an EngineError.
The environment is restored after the import: the settings are already read.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.metadata
import importlib.util
import json
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from pipeline.config import Config
from pipeline.engines import EngineError
from pipeline.languages import find

INSTALL = "pip install -e '.[argos]'"
MODELS = "run `make models` once on a machine with a network"
#: The argostranslate modules the engine and `make models` use.
_MODULES = ("settings", "package", "translate")


@dataclass(frozen=True)
class ArgosPackage:
    """An installed Argos package, as its metadata.json describes it."""

    path: Path
    source: str
    target: str
    version: str

    def has_splitter(self) -> bool:
        """Whether the package brings its own MiniSBD sentence-splitter model."""
        return any((self.path / "minisbd").glob("*.onnx"))


@dataclass(frozen=True)
class Argos:
    """argostranslate's modules, imported with this project's settings."""

    settings: ModuleType
    package: ModuleType
    translate: ModuleType


def environment(folder: Path) -> dict[str, str]:
    """The settings argostranslate reads at import, for packages in `folder`."""
    root = folder.resolve()
    return {
        "ARGOS_PACKAGES_DIR": str(root / "packages"),
        "XDG_DATA_HOME": str(root / "data"),
        "XDG_CACHE_HOME": str(root / "cache"),
        "XDG_CONFIG_HOME": str(root / "config"),
        "ARGOS_CHUNK_TYPE": "MINISBD",
        "ARGOS_MODEL_PROVIDER": "OPENNMT",
        "ARGOS_INTRA_THREADS": os.environ.get("ARGOS_INTRA_THREADS", "1"),
    }


def splitter_model(folder: Path, source: str) -> Path:
    """Where MiniSBD keeps its model for `source` under argostranslate's data folder."""
    return folder / "data" / "argos-translate" / "minisbd" / f"{source}.onnx"


def packages(folder: Path) -> list[ArgosPackage]:
    """The installed translation packages in `folder`, by folder name."""
    found = []
    for metadata in sorted((folder / "packages").glob("*/metadata.json")):
        try:
            data = json.loads(metadata.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise EngineError(f"{metadata}: unreadable ({error}); {MODELS} again") from None
        if data.get("type", "translate") == "translate":
            codes = str(data.get("from_code")), str(data.get("to_code"))
            found.append(
                ArgosPackage(metadata.parent, *codes, str(data.get("package_version", "")))
            )
    return found


def installed(folder: Path, source: str, target: str) -> ArgosPackage | None:
    """The package for source → target (the first by folder name), if one is installed."""
    pair = code(source), code(target)
    return next((p for p in packages(folder) if (p.source, p.target) == pair), None)


def code(lang: str) -> str:
    """Argos's code for a language: its profile's, else the primary subtag itself."""
    found = find(lang)
    return found.engines.get("argos", lang) if found else lang


def unavailable(config: Config, source: str, target: str) -> str | None:
    folder = config.translation.argos_packages
    if importlib.util.find_spec("argostranslate") is None:
        return f"argostranslate is not installed; install: {INSTALL}"
    try:
        package = installed(folder, source, target)
    except EngineError as error:
        return str(error)
    if package is None:
        return f"no Argos package {source}→{target} in {folder}; {MODELS}"
    if not package.has_splitter() and not splitter_model(folder, code(source)).is_file():
        return f"no MiniSBD sentence-splitter model for {source} in {folder}; {MODELS}"
    return None


def version(config: Config, source: str, target: str) -> str:
    """argostranslate's and the package's versions: "1.11.0, translate-en_es-1_9 1.9"."""
    package = installed(config.translation.argos_packages, source, target)
    if package is None:
        raise EngineError(f"no Argos package {source}→{target}; {MODELS}")
    return f"{importlib.metadata.version('argostranslate')}, {package.path.name} {package.version}"


def start(config: Config, source: str, target: str) -> ArgosEngine:
    if reason := unavailable(config, source, target):
        raise EngineError(reason)
    folder = config.translation.argos_packages
    package = installed(folder, source, target)
    assert package is not None  # unavailable() found it
    return ArgosEngine(load(folder), package, version(config, source, target))


def load(folder: Path) -> Argos:
    """argostranslate, imported with the settings for `folder` (see the module docstring).

    Raises EngineError if it cannot be imported, or if it was imported before with other
    settings: they cannot change after import.
    """
    if "argostranslate.settings" not in sys.modules:
        with _environment(environment(folder)):
            try:
                importlib.import_module("argostranslate.translate")
            except ImportError as error:
                message = f"cannot import argostranslate: {error}; install: {INSTALL}"
                raise EngineError(message) from None
    argos = Argos(*(importlib.import_module(f"argostranslate.{name}") for name in _MODULES))
    if problems := _differences(argos.settings, folder):
        raise EngineError(
            f"argostranslate was imported before with other settings ({'; '.join(problems)}); "
            "it reads them once, at import, so a process can use one Argos packages folder"
        )
    return argos


class ArgosEngine:
    """One package's model, loaded on first use and kept for every later segment."""

    name = "argos"

    def __init__(self, argos: Argos, package: ArgosPackage, version: str) -> None:
        self.version = version
        loaded = argos.package.Package(package.path)
        language = argos.translate.Language
        self._translation: Any = argos.translate.PackageTranslation(
            language(package.source, loaded.from_name),
            language(package.target, loaded.to_name),
            loaded,
        )

    def translate(self, segments: Sequence[str]) -> list[str]:
        """Segment by segment; blank segments are returned as they are."""
        return [self._one(segment) if segment.strip() else segment for segment in segments]

    def close(self) -> None:
        """Free the model's memory now rather than whenever the engine is collected."""
        if self._translation.translator is not None:
            self._translation.translator.unload_model()

    def _one(self, segment: str) -> str:
        try:
            return str(self._translation.translate(segment))
        except (RuntimeError, ValueError, OSError) as error:
            raise EngineError(f"Argos could not translate {segment[:60]!r}: {error}") from error


def _differences(settings: Any, folder: Path) -> list[str]:
    """How argostranslate's settings differ from those `folder` needs."""
    wanted = environment(folder)
    found = {
        "packages": (Path(settings.package_data_dir), Path(wanted["ARGOS_PACKAGES_DIR"])),
        "data": (Path(settings.data_dir), Path(wanted["XDG_DATA_HOME"]) / "argos-translate"),
        "splitter": (settings.chunk_type.name, wanted["ARGOS_CHUNK_TYPE"]),
        "model provider": (settings.model_provider.name, wanted["ARGOS_MODEL_PROVIDER"]),
    }
    return [f"{key} {had}, not {want}" for key, (had, want) in found.items() if had != want]


@contextlib.contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    """The process environment with `values` set, restored afterwards."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
