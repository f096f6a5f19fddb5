"""`make models`: install, once, what Argos needs so that every later run is offline.

For each configured language whose engine is "auto" or "argos": the newest en→<lang>
package from the Argos package index, into `[translation] argos_packages`; and the MiniSBD
sentence-splitter model for English when a package does not bring its own.

argostranslate's own index update swallows network errors, after which its package
listing recurses until Python gives up (measured: 49 s, then RecursionError), and its
downloads have no timeout. So the index and the files are fetched here, with timeouts
and one clear error when there is no network; argostranslate then reads the index and
installs the packages itself (`install_from_path`).
"""

from __future__ import annotations

import importlib
import os
import re
import urllib.request
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline import atomic
from pipeline.config import Config
from pipeline.engines import EngineError, argos
from pipeline.languages import primary

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
#: Seconds of silence from a server before giving up (not the time a whole download takes).
TIMEOUT = 30.0
USER_AGENT = "ArgosTranslate"  # as argospm sends it


class ModelsError(Exception):
    """The models could not be installed; the message says why and what to do."""


def index_url() -> str:
    """The index argostranslate would use (ARGOS_PACKAGE_INDEX, as it reads it)."""
    return os.environ.get("ARGOS_PACKAGE_INDEX", DEFAULT_INDEX).rstrip("/") + "/index.json"


def argos_languages(config: Config) -> list[str]:
    """Primary subtags of the configured languages that may use Argos, in order."""
    source = primary(config.language)
    engines = config.translation.engines
    wanted = dict.fromkeys(primary(tag) for tag in config.translation.languages)
    return [
        lang for lang in wanted if lang != source and engines.get(lang, "auto") in ("auto", "argos")
    ]


def install(
    config: Config,
    *,
    index: str | None = None,
    say: Callable[[str], None] = print,
    timeout: float = TIMEOUT,
) -> None:
    """Install the packages and the splitter model for the configured languages.

    `index` is the index's URL (default: `index_url()`; file:// works too). Raises
    ModelsError without a network, or when a language set to "argos" has no package.
    """
    folder = config.translation.argos_packages
    languages = argos_languages(config)
    if not languages:
        say("no configured language uses Argos ([translation] languages and engines)")
        return
    url = index or index_url()
    listing = _fetch(url, timeout, "the Argos package index")
    modules = _load(folder)
    atomic.write_bytes(Path(modules.settings.local_package_index), listing)
    try:
        offers = modules.package.get_available_packages()
    except (ValueError, AttributeError, TypeError) as error:
        raise ModelsError(f"{url}: not an Argos package index: {error}") from None
    source = primary(config.language)
    for target in languages:
        required = config.translation.engines.get(target) == "argos"
        say(
            _install_pair(
                modules, folder, offers, (source, target), required=required, timeout=timeout
            )
        )
    say(_install_splitter(folder, source, languages, timeout))


def install_file(config: Config, archive: Path) -> argos.ArgosPackage:
    """Install one .argosmodel file, e.g. one copied to a machine with no network."""
    if not zipfile.is_zipfile(archive):
        raise ModelsError(f"{archive}: not an Argos package (a .argosmodel zip file)")
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
    tops = {PurePosixPath(name).parts[0] for name in names}
    top = tops.pop() if len(tops) == 1 else ""
    if f"{top}/metadata.json" not in names:
        raise ModelsError(f"{archive}: not an Argos package (one folder with a metadata.json)")
    folder = config.translation.argos_packages
    _load(folder).package.install_from_path(archive)
    return next(p for p in argos.packages(folder) if p.path.name == top)


def _install_pair(
    modules: argos.Argos,
    folder: Path,
    offers: Sequence[Any],
    pair: tuple[str, str],
    *,
    required: bool,
    timeout: float,
) -> str:
    """Install the newest package for `pair` unless it is there already; says what it did."""
    source, target = pair
    matching = [p for p in offers if p.type == "translate" and (p.from_code, p.to_code) == pair]
    if not matching:
        missing = f"the Argos index has no {source}→{target} package"
        if required:
            raise ModelsError(f"{missing}, but [translation] engines sets argos for {target}")
        return f"{target}: {missing}; Apertium or translator handoff will be used"
    offer = max(matching, key=lambda p: _numbers(p.package_version))
    present = argos.installed(folder, source, target)
    if present is not None and present.version == offer.package_version:
        return f"{target}: {present.path.name} {present.version} is already installed"
    name = modules.package.argospm_package_name(offer)
    archive = Path(modules.settings.downloads_dir) / f"{name}.argosmodel"
    _download(offer.links, archive, timeout, f"the {source}→{target} package")
    if present is not None:
        modules.package.uninstall(modules.package.Package(present.path))
    modules.package.install_from_path(archive)
    archive.unlink()
    return f"{target}: installed {name} {offer.package_version}"


def _install_splitter(folder: Path, source: str, languages: Sequence[str], timeout: float) -> str:
    """MiniSBD's model for `source`, unless every installed package brings its own."""
    packages = [argos.installed(folder, source, target) for target in languages]
    if all(p is None or p.has_splitter() for p in packages):
        return f"sentence splitter: the {source} packages bring their own"
    model = argos.splitter_model(folder, source)
    if model.is_file():
        return f"sentence splitter: {model.name} is already installed"
    minisbd = importlib.import_module("minisbd.models")
    name = minisbd.MODELS.get(source, minisbd.MODELS["en"])  # argostranslate falls back to en
    _download([minisbd.REPO_URL + name], model, timeout, "the MiniSBD sentence splitter")
    return f"sentence splitter: installed {model.name}"


def _load(folder: Path) -> argos.Argos:
    try:
        return argos.load(folder)
    except EngineError as error:
        raise ModelsError(str(error)) from None


def _fetch(url: str, timeout: float, what: str) -> bytes:
    """The bytes at `url`; a ModelsError saying a network is needed when it cannot be had."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data: bytes = response.read()
    except (OSError, ValueError) as error:  # URLError and timeouts are OSErrors
        reason = getattr(error, "reason", error)
        raise ModelsError(
            f"cannot download {what} from {url}: {reason}. Installing models needs a network "
            "connection: run `make models` once on a machine that has one (later runs are "
            "offline), or copy its models folder here"
        ) from None
    return data


def _download(urls: Sequence[str], path: Path, timeout: float, what: str) -> None:
    """Save the first of `urls` that answers at `path`, atomically."""
    error = ModelsError(f"the index lists no link for {what}")
    for url in urls:
        try:
            atomic.write_bytes(path, _fetch(url, timeout, what))
            return
        except ModelsError as failed:
            error = failed
    raise error


def _numbers(version: str) -> tuple[int, ...]:
    """A version's numbers, for comparing package versions ("1.9" < "1.10")."""
    return tuple(int(n) for n in re.findall(r"\d+", version))
