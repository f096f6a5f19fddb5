"""The seed sheet's document model, as a golden dump."""

from __future__ import annotations

from pipeline.dump import dump
from pipeline.model import Document
from tests.conftest import Golden


def test_seed_model_matches_golden_dump(seed: Document, golden: Golden) -> None:
    golden("aldesleukin.native", dump(seed).encode("utf-8"))
