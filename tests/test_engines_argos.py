"""The real argostranslate install and translate path, offline, on tiny packages built here.

The packages' models copy their input (tests/fixtures/tiny_argos.py), so what comes back
is known: the English text for en→es, and the same with lower-case letters in Arabic
script for en→ar. The network is blocked wherever argostranslate runs.

argostranslate reads its settings once per process, at import, so every test here uses
the one packages folder made by `argos_folder`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import json
import socket
import time
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from pipeline.config import Config
from pipeline.engines import EngineError, argos, describe, engine_for
from pipeline.engines.argos_install import ModelsError, install, install_file
from pipeline.model import Document
from pipeline.translate import command
from pipeline.units import units
from tests.conftest import ROOT
from tests.translation_project import project

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("argostranslate") is None,
    reason="argostranslate is not installed: pip install -e '.[argos]' (CI installs it)",
)


def no_network(*args: object, **kwargs: object) -> NoReturn:
    raise OSError("network blocked by the test")


def block_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    block_network(monkeypatch)


@pytest.fixture(scope="session")
def argos_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A packages folder with tiny en→es and en→ar packages, installed offline."""
    from tests.fixtures import tiny_argos  # noqa: PLC0415 (needs ctranslate2, an Argos extra)

    folder = tmp_path_factory.mktemp("argos")
    built = tmp_path_factory.mktemp("built")
    config = with_argos(Config(), folder)
    with pytest.MonkeyPatch.context() as monkeypatch:
        block_network(monkeypatch)
        install_file(config, tiny_argos.build_package(built, "en", "es"))
        install_file(config, tiny_argos.build_package(built, "en", "fr"))
        install_file(config, tiny_argos.build_package(built, "en", "ar", tiny_argos.ARABIC_LETTERS))
    yield folder


def with_argos(config: Config, folder: Path, *languages: str, **engines: str) -> Config:
    translation = dataclasses.replace(
        config.translation,
        argos_packages=folder,
        languages=languages or config.translation.languages,
        engines=dict(engines),
    )
    return dataclasses.replace(config, translation=translation)


@pytest.fixture
def argos_config(config: Config, argos_folder: Path) -> Config:
    return with_argos(config, argos_folder, "es-US", "ar", "so", "fr")


def arabic(text: str) -> str:
    from tests.fixtures.tiny_argos import ARABIC_LETTERS  # noqa: PLC0415 (see argos_folder)

    table: dict[str, str | int | None] = dict(ARABIC_LETTERS)
    return text.translate(str.maketrans(table))


@pytest.mark.usefixtures("offline")
def test_translates_the_seed_offline_with_the_installed_package(
    argos_config: Config, seed: Document
) -> None:
    segments = [unit.text for unit in units(seed)]
    engine = engine_for(argos_config, "es-US")
    assert engine is not None
    try:
        assert engine.name == "argos"
        assert engine.version == "1.11.0, translate-en_es-tiny 0.0.1"
        assert engine.translate(segments) == segments  # a copy model: exactly the input
    finally:
        engine.close()


@pytest.mark.usefixtures("offline")
def test_placeholders_numbers_and_blanks_survive(argos_config: Config) -> None:
    engine = engine_for(argos_config, "es-US")
    assert engine is not None
    segments = ["Give ⟦T1⟧ and ⟦T2⟧ every 48 hours.", "⟦T12⟧", "", "  ", "Call 911 (⟦T3⟧)!"]
    try:
        assert engine.translate(segments) == segments
    finally:
        engine.close()


@pytest.mark.usefixtures("offline")
def test_the_arabic_pair_writes_right_to_left_text(argos_config: Config) -> None:
    engine = engine_for(argos_config, "ar")
    assert engine is not None
    source = "Take ⟦T1⟧ with water. Call 911 if fever starts."
    try:
        (translated,) = engine.translate([source])
    finally:
        engine.close()
    assert engine.version == "1.11.0, translate-en_ar-tiny 0.0.1"
    assert translated == arabic(source)
    assert "⟦T1⟧" in translated and "911" in translated and "water" not in translated
    letters = [unicodedata.bidirectional(c) for c in translated if c.isalpha()]
    assert letters.count("AL") > len(letters) // 2  # mostly Arabic letters (right to left)


def test_auto_prefers_argos_then_apertium_then_handoff(
    argos_config: Config, config: Config, tmp_path: Path
) -> None:
    assert describe(argos_config, "es-US") == "argos 1.11.0, translate-en_es-tiny 0.0.1 (auto)"
    assert describe(argos_config, "so").startswith("no engine for so: translator handoff only")
    assert engine_for(argos_config, "so") is None
    empty = with_argos(config, tmp_path)
    assert "argos: no Argos package en→es" in describe(empty, "es-US")
    fallback = engine_for(empty, "es-US")
    try:
        unavailable = argos.unavailable(empty, "en", "es")
        assert unavailable is not None and "make models" in unavailable
        assert fallback is None or fallback.name == "apertium"
    finally:
        if fallback is not None:
            fallback.close()


def test_configured_argos_without_a_package_says_to_install_models(
    config: Config, tmp_path: Path
) -> None:
    with pytest.raises(EngineError, match=r"argos is configured for 'es' .*run `make models`"):
        engine_for(with_argos(config, tmp_path, es="argos"), "es-US")


def test_a_package_without_a_sentence_splitter_is_not_used(
    argos_config: Config, argos_folder: Path, tmp_path: Path
) -> None:
    from tests.fixtures.tiny_argos import build_package  # noqa: PLC0415 (see argos_folder)

    install_file(argos_config, build_package(tmp_path, "en", "de", splitter=False))
    reason = argos.unavailable(argos_config, "en", "de")
    assert reason is not None and "MiniSBD sentence-splitter model for en" in reason
    assert describe(argos_config, "de").startswith("no engine for de: translator handoff only")
    assert engine_for(argos_config, "de") is None  # rather than a download at first use


def test_another_packages_folder_in_the_same_process_is_refused(
    argos_folder: Path, tmp_path: Path
) -> None:
    assert argos.load(argos_folder).settings.intra_threads == 1
    with pytest.raises(EngineError, match="imported before with other settings"):
        argos.load(tmp_path)


@pytest.mark.usefixtures("offline")
def test_installing_models_without_a_network_fails_fast_and_clearly(
    argos_config: Config,
) -> None:
    before = argos.packages(argos_config.translation.argos_packages)
    begin = time.perf_counter()
    with pytest.raises(ModelsError, match=r"needs a network connection.*make models"):
        install(argos_config, say=lambda line: None)
    assert time.perf_counter() - begin < 5.0
    assert argos.packages(argos_config.translation.argos_packages) == before


@pytest.mark.usefixtures("offline")
def test_installing_models_from_an_index(argos_config: Config, tmp_path: Path) -> None:
    from tests.fixtures.tiny_argos import build_package  # noqa: PLC0415 (see argos_folder)

    archive = build_package(tmp_path, "en", "it")
    entry = {"type": "translate", "from_code": "en", "to_code": "it", "package_version": "0.0.1"}
    index = tmp_path / "index.json"
    index.write_text(json.dumps([{**entry, "links": [archive.as_uri()]}]), encoding="utf-8")
    config = dataclasses.replace(
        argos_config,
        translation=dataclasses.replace(argos_config.translation, languages=("it", "so")),
    )
    said: list[str] = []
    install(config, index=index.as_uri(), say=said.append)
    assert said == [
        "it: installed translate-en_it 0.0.1",
        "so: the Argos index has no en→so package; Apertium or translator handoff will be used",
        "sentence splitter: the en packages bring their own",
    ]
    engine = engine_for(config, "it")
    assert engine is not None
    try:
        assert engine.translate(["Take it with water."]) == ["Take it with water."]
    finally:
        engine.close()
    said.clear()
    install(config, index=index.as_uri(), say=said.append)
    assert said[0] == "it: translate-en_it-tiny 0.0.1 is already installed"
    required = dataclasses.replace(
        config, translation=dataclasses.replace(config.translation, engines={"so": "argos"})
    )
    with pytest.raises(ModelsError, match=r"no en→so package, but .* sets argos for so"):
        install(required, index=index.as_uri(), say=said.append)


def test_seed_end_to_end_with_argos_terms_enforced(
    argos_config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, offline: None
) -> None:
    """The copy model returns the English, so every Spanish word in the draft came from the
    glossary: approved terms restored, the brand name kept, nothing else touched."""
    settings = project(tmp_path, argos_config, es="argos")
    monkeypatch.chdir(tmp_path)
    today = dt.date(2026, 11, 25)
    _, (outcome,) = command.translate(
        settings, [settings.sources / "aldesleukin.txt"], ["es-US"], today
    )
    assert outcome.error is None
    text = (settings.outputs / "drafts" / "es" / "aldesleukin.txt").read_text(encoding="utf-8")
    assert "continuous or an intermittant infusión." in text
    assert "decreased plaqueta and glóbulo rojo production" in text
    assert "(call 911)" in text
    assert not [f for f in outcome.findings if f.rule == "translation.term"]
    # The copy model leaves "one hour" in English: QA rightly misses a Spanish "una".
    numbers = [f.message for f in outcome.findings if f.rule == "translation.number"]
    assert numbers == [
        "es u7 (machine draft): 1 appears 1 time(s) in the English but not in the translation"
    ]
    memory = (settings.translation.memory / "es" / "aldesleukin.xlf").read_text(encoding="utf-8")
    assert '<context context-type="x-engine">argos 1.11.0, translate-en_es' in memory


def test_arabic_drafts_are_right_to_left(
    argos_config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, offline: None
) -> None:
    settings = project(tmp_path, argos_config, ar="argos")
    monkeypatch.chdir(tmp_path)
    today = dt.date(2026, 11, 25)
    _, (outcome,) = command.translate(
        settings, [settings.sources / "aldesleukin.txt"], ["ar"], today
    )
    assert outcome.error is None and not outcome.final
    folder = settings.outputs / "drafts" / "ar"
    html = (folder / "aldesleukin.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in html
    assert "ترجمة آلية" in html  # the Arabic draft notice
    assert 'lang="en">Machine translation' in html  # and the English one, marked as English
    with zipfile.ZipFile(folder / "aldesleukin.docx") as docx:
        document = docx.read("word/document.xml").decode("utf-8")
    assert "<w:bidi/>" in document and "<w:rtl/>" in document
    assert "911" in (folder / "aldesleukin.txt").read_text(encoding="utf-8")


def test_french_end_to_end_from_its_profile_glossary_and_labels(
    argos_config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, offline: None
) -> None:
    """French was added as data only (a profile, glossaries/en-fr.csv, [fr] labels): the
    project's glossary with two of its terms approved, drafted by a copy model, gives
    French terms in their French plural, the French draft notice, and French QA."""
    glossaries = tmp_path / "glossaries"
    glossaries.mkdir()
    text = (ROOT / "glossaries" / "en-fr.csv").read_text(encoding="utf-8")
    for row in ("kidney,rein,proposed,", "infusion,perfusion,proposed,"):
        old = next(line for line in text.splitlines() if line.startswith(row))
        assert old.endswith(",,,")  # no reviewer, date or case yet
        new = old.replace(",proposed,", ",approved,")[:-3] + ",Test Reviewer,2026-11-01,"
        text = text.replace(old, new)
    (glossaries / "en-fr.csv").write_text(text, encoding="utf-8")
    settings = project(tmp_path, argos_config, fr="argos")
    settings = dataclasses.replace(
        settings, translation=dataclasses.replace(settings.translation, glossaries=glossaries)
    )
    monkeypatch.chdir(tmp_path)
    _, (outcome,) = command.translate(
        settings, [settings.sources / "aldesleukin.txt"], ["fr"], dt.date(2026, 11, 25)
    )
    assert outcome.error is None and not outcome.final
    folder = settings.outputs / "drafts" / "fr"
    draft = (folder / "aldesleukin.txt").read_text(encoding="utf-8")
    assert "intermittant perfusion." in draft and "infusion" not in draft
    assert "reins" in draft and "kidneys" not in draft  # "kidneys": the plural variant
    html = (folder / "aldesleukin.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in html
    assert "Traduction automatique : pas encore révisée" in html
    numbers = [f.message for f in outcome.findings if f.rule == "translation.number"]
    assert numbers == [
        "fr u7 (machine draft): 1 appears 1 time(s) in the English but not in the translation"
    ]
    memory = (settings.translation.memory / "fr" / "aldesleukin.xlf").read_text(encoding="utf-8")
    assert '<context context-type="x-engine">argos 1.11.0, translate-en_fr' in memory


@pytest.mark.usefixtures("offline")
def test_argos_drafts_go_through_the_glossary_and_the_conventions(
    argos_config: Config, tmp_path: Path
) -> None:
    """The copy model returns the English, so what changed is the draft path's doing:
    proposed terms applied and noted, time and question marks the Spanish way, the
    language's English rewrites sent to it too."""
    from pipeline.glossary import load  # noqa: PLC0415
    from pipeline.translate import drafting, run  # noqa: PLC0415

    glossary_file = tmp_path / "en-es.csv"
    glossary_file.write_text(
        "source,target,status,pos,gender,number\n"
        "doctor,médico,proposed,noun,m,sg\n"
        "fever,fiebre,proposed,noun,f,sg\n",
        encoding="utf-8",
    )
    engine = engine_for(argos_config, "es-US")
    assert engine is not None
    try:
        fever, doctor = run.draft(
            ["Do you have a fever?", "Call the doctor at 10 AM."],
            engine,
            load(glossary_file),
            dt.date(2026, 11, 25),
            "es-US",
        )
    finally:
        engine.close()
    # "have a fever" reaches the engine as "have fever" (Spanish: "tiene fiebre").
    assert fever.target == "¿Do you have fiebre?"
    assert doctor.target == "Call the médico a las 10 a. m."  # a clock time: "a las"
    assert doctor.notes == (drafting.PROPOSED_NOTE + "doctor → médico",)
    assert (fever.engine or "").startswith("argos 1.11.0")
