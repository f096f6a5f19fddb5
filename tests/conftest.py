"""Shared fixtures: the project's configuration, the seed sheet, and golden-file comparison."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import settings

from pipeline import config as config_module
from pipeline import languages
from pipeline.config import Config
from pipeline.engines import Engine, apertium
from pipeline.engines.apertium import ApertiumEngine
from pipeline.glossary import Glossary
from pipeline.glossary import load as load_glossary
from pipeline.model import BulletList, Document, NumberedList
from pipeline.readers import read
from pipeline.speller import INSTALL
from pipeline.translate import conventions, run
from pipeline.translate.conventions import Conventions
from pipeline.translate.xliff import TransUnit

# Property tests judge correctness, not speed: on a loaded two-core machine (CI, or parallel
# work) hypothesis's default 200 ms deadline fails examples that are merely slow.
settings.register_profile("pipeline", deadline=None)
settings.load_profile("pipeline")

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SEED = ROOT / "sources" / "aldesleukin.txt"
#: The project's own English → Spanish glossary, as drafts use it.
PROJECT_GLOSSARY = ROOT / "glossaries" / "en-es.csv"


def spanish_units(
    texts: Sequence[str], engine: Engine, glossary: Glossary | Path | None = None
) -> list[TransUnit]:
    """Machine-drafted units of `texts` for US Spanish, as `translate` makes them, notes
    and all (`glossary` a loaded one, a CSV's path, or none)."""
    terms = load_glossary(glossary) if isinstance(glossary, Path) else glossary
    return run.draft(list(texts), engine, terms, dt.date(2026, 11, 25), "es-US")


def spanish_drafts(
    texts: Sequence[str], engine: Engine, glossary: Glossary | Path | None = None
) -> list[str]:
    """The drafts' Spanish text alone (`spanish_units`)."""
    return [u.target or "" for u in spanish_units(texts, engine, glossary)]


#: Why Apertium's English → Spanish cannot run here (None where it can).
APERTIUM_MISSING = apertium.unavailable(Config(), "en", "es")
needs_apertium = pytest.mark.skipif(
    APERTIUM_MISSING is not None, reason=f"{APERTIUM_MISSING} (CI installs it)"
)

#: Compares bytes with a golden file; UPDATE_GOLDEN=1 rewrites it instead (on purpose only).
Golden = Callable[[str, bytes], None]


@pytest.fixture(scope="session")
def config() -> Config:
    return config_module.load(ROOT / "pipeline.toml")


@pytest.fixture(scope="session")
def seed(config: Config) -> Document:
    """The seed sheet as the build reads it, located as `sources/aldesleukin.txt`."""
    return read(SEED, config, display="sources/aldesleukin.txt").document


@pytest.fixture(scope="session")
def hunspell() -> None:
    """Tests that run the real hunspell; CI installs it (`make deps`)."""
    if shutil.which("hunspell") is None:
        pytest.skip(f"hunspell not installed: {INSTALL}")


@pytest.fixture
def spanish() -> Conventions:
    """The Spanish drafting conventions (pipeline/languages/data/es/)."""
    found = conventions.load("es")
    assert found is not None
    return found


@pytest.fixture(scope="module")
def engine() -> Iterator[ApertiumEngine]:
    """Apertium English → Spanish, started once a module (a test file with another engine
    defines its own `engine`)."""
    if APERTIUM_MISSING:
        pytest.skip(f"{APERTIUM_MISSING} (CI installs it)")
    started = apertium.start(Config(), "en", "es")
    yield started
    started.close()


@pytest.fixture
def language_zz(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The data folder of a made-up language "zz" (the others are gone): a test writes its
    files there and `conventions.load("zz")` reads them, never a cached copy."""
    folder = tmp_path / "zz"
    folder.mkdir()
    monkeypatch.setattr(languages, "DATA", tmp_path)
    conventions.load.cache_clear()
    yield folder
    conventions.load.cache_clear()


@pytest.fixture
def golden() -> Golden:
    def compare(name: str, actual: bytes) -> None:
        path = GOLDEN / name
        if os.environ.get("UPDATE_GOLDEN") == "1":
            path.write_bytes(actual)
            return
        assert path.exists(), f"{path} missing: run `make golden` and review the diff"
        expected = path.read_bytes()
        assert actual.decode("utf-8") == expected.decode("utf-8"), (
            f"{name} differs from the golden file; if the change is intended, "
            "run `make golden` and review the diff"
        )

    return compare


def contents(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` by its relative path, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def kill_once_writing(worker: subprocess.Popen[bytes], folder: Path, pause: float) -> None:
    """SIGKILL `worker` `pause` seconds after it first changed a file in `folder`,
    however slow the machine (waiting at most a minute for that first change)."""
    before = contents(folder)
    deadline = time.monotonic() + 60
    while contents(folder) == before and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(pause)
    worker.send_signal(signal.SIGKILL)
    worker.wait()


def numbered_from(block: object) -> int | None:
    """A list's first number when it is numbered steps; None for bullets."""
    assert isinstance(block, BulletList | NumberedList), block
    return block.start if isinstance(block, NumberedList) else None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Under CI (CI=true) a skipped test fails: CI installs every tool, so a test skipped
    for a missing one means the set-up is broken, not that the test may be left out."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    if os.environ.get("CI") == "true" and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, where every tool is installed: {reason}"
