"""A throw-away project for end-to-end translation tests: the seed sheet, the project's
labels, and a glossary with approved terms (tests/fixtures/qa-glossary)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from pipeline.config import Config
from tests.conftest import ROOT, SEED

QA_GLOSSARY = Path(__file__).parent / "fixtures" / "qa-glossary"


def project(tmp_path: Path, config: Config, **engines: str) -> Config:
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SEED, sources)
    memory = tmp_path / "translations"
    memory.mkdir()
    shutil.copy(ROOT / "translations" / "labels.toml", memory)
    translation = replace(
        config.translation, glossaries=QA_GLOSSARY, memory=memory, engines=dict(engines)
    )
    return replace(config, sources=sources, outputs=tmp_path / "outputs", translation=translation)
