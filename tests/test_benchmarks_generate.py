"""The benchmark library generator: sheets must be distinct (textstat and our caches key on
the text), reproducible, readable like the seed, and spelled right except for the typos
put in on purpose, or the benchmark measures the wrong thing."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.generate import TYPO_EVERY, TYPOS, edit, expected_typos, generate, typos_in
from pipeline.config import Config
from pipeline.model import BulletList, Span
from pipeline.readers import read
from pipeline.speller import Speller
from pipeline.units import units

COUNT = 20
HEADINGS = [
    "How does this medicine work?",
    "How is it given?",
    "Are there any precautions about food or other medicines?",
    "What should I do if a dose is missed?",
    "What are the side effects?",
    "When should I call the doctor?",
    "What else do I need to know?",
]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return generate(tmp_path_factory.mktemp("library"), COUNT, seed=0)


def test_sheets_are_distinct_and_reproducible(library: list[Path], tmp_path: Path) -> None:
    texts = [path.read_bytes() for path in library]
    assert len(library) == COUNT
    assert len(set(texts)) == COUNT
    again = generate(tmp_path, COUNT, seed=0)
    assert [path.name for path in again] == [path.name for path in library]
    assert [path.read_bytes() for path in again] == texts
    other = generate(tmp_path / "other", COUNT, seed=1)
    assert [path.read_bytes() for path in other] != texts


def test_sheets_read_like_the_seed(library: list[Path], config: Config) -> None:
    for path in library:
        result = read(path, config)
        document = result.document
        assert result.findings == ()
        assert document.meta.title
        assert [section.heading for section in document.sections] == HEADINGS
        assert document.meta.reviewed is not None
        assert 2015 <= document.meta.reviewed.year <= 2026
        assert document.meta.publisher[0] == "Children's Hospitals and Clinics of Minnesota"
        call = document.sections[5].blocks[0]
        assert isinstance(call, BulletList)
        assert Span("call 911", strong=True, urgent=True) in call.items[-1].children[-1].content
        effects = document.sections[4].blocks
        assert 2 <= len(effects) <= 3
        assert all(isinstance(block, BulletList) for block in effects)


def test_typos_as_designed(library: list[Path]) -> None:
    found = [typos_in(path.read_text(encoding="utf-8")) for path in library]
    assert sum(map(len, found)) == expected_typos(COUNT) == COUNT // TYPO_EVERY
    for index, typos in enumerate(found):
        assert len(typos) == (index % TYPO_EVERY == TYPO_EVERY - 1)


@pytest.mark.usefixtures("hunspell")
def test_only_the_typos_are_misspelled(library: list[Path], config: Config) -> None:
    texts = [unit.text for path in library for unit in units(read(path, config).document)]
    with Speller(config.spelling) as speller:
        words = [found.word for misspellings in speller.check(texts) for found in misspellings]
    assert sorted(words) == sorted(w for p in library for w in typos_in(p.read_text("utf-8")))
    assert set(words) <= set(TYPOS)


def test_edit_changes_one_sentence(tmp_path: Path) -> None:
    paths = generate(tmp_path, COUNT, seed=0)
    before = {path: path.read_text(encoding="utf-8") for path in paths}
    changed = edit(paths, 0.25, seed=0)
    after = {path: path.read_text(encoding="utf-8") for path in paths}
    assert len(changed) == 5
    assert len(set(after.values())) == COUNT
    for path in paths:
        old, new = before[path].splitlines(), after[path].splitlines()
        differing = [n for n, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
        assert len(differing) == (1 if path in changed else 0)
        assert typos_in(before[path]) == typos_in(after[path])
    assert edit(generate(tmp_path / "again", COUNT), 0.25, seed=0) == [
        tmp_path / "again" / path.name for path in changed
    ]
