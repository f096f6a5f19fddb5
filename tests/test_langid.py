"""Passages in another language: found by function words, marked on spans, in every output."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from pipeline import langid
from pipeline.config import Config
from pipeline.model import Paragraph
from pipeline.readers import read
from pipeline.reading_level import measure
from pipeline.units import units
from pipeline.writers import docx, html

SPANISH = (
    "Hojas de información sobre vacunas están disponibles en español y en muchos otros "
    "idiomas. Visite www.immunize.org/vis"
)
ENGLISH = "Many vaccine statements are available in Spanish and other languages."


def test_a_spanish_sentence_and_its_short_follower_are_one_passage() -> None:
    text = f"{ENGLISH} {SPANISH}"
    assert langid.passages(text, "en", ("es-US",)) == [(len(ENGLISH) + 1, len(text), "es-US")]


def test_english_with_a_spanish_word_or_two_stays_english() -> None:
    text = "Ask for the información desk, or call the clinic de la Cruz."
    assert langid.passages(text, "en", ("es-US",)) == []
    assert langid.passages(ENGLISH, "en", ()) == []


def test_a_read_sheet_marks_the_passage_and_every_output_carries_it(
    tmp_path: Path, config: Config
) -> None:
    source = tmp_path / "sheet.txt"
    source.write_text(f"Vaccines\n\n{ENGLISH} {SPANISH}\n", encoding="utf-8")
    document = read(source, config).document
    [paragraph] = document.sections[0].blocks
    assert isinstance(paragraph, Paragraph)
    assert [(span.text, span.lang) for span in paragraph.content] == [
        (f"{ENGLISH} ", None),
        (SPANISH, "es-US"),
    ]
    [unit] = [unit for unit in units(document) if unit.passages]
    assert unit.home_text().strip() == ENGLISH
    assert f'<span lang="es-US">{SPANISH}</span>' in html.write(document).decode()
    with zipfile.ZipFile(io.BytesIO(docx.write(document))) as package:
        assert '<w:lang w:val="es-US"/>' in package.read("word/document.xml").decode()


def test_a_spanish_passage_is_not_measured_as_english(tmp_path: Path, config: Config) -> None:
    english = tmp_path / "english.txt"
    english.write_text(f"Vaccines\n\n{ENGLISH}\n", encoding="utf-8")
    both = tmp_path / "both.txt"
    both.write_text(f"Vaccines\n\n{ENGLISH} {SPANISH}\n", encoding="utf-8")
    alone, mixed = (measure(read(path, config).document) for path in (english, both))
    assert mixed.metrics == alone.metrics
    assert [s.text for s in mixed.sentences] == [s.text for s in alone.sentences]


def test_function_words_are_whole_words_whether_or_not_each_is_one_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lists = {"en": frozenset({"the", "a"}), "xx": frozenset({"la", "des"})}
    monkeypatch.setattr(langid, "function_words", lists.__getitem__)
    langid._markers.cache_clear()
    try:
        assert langid._likely("La casa des amis", "en", ("xx",))
        assert not langid._likely("Lala des2 la_casa", "en", ("xx",))  # parts of words
        lists["xx"] = frozenset({"l'", "a la", "des"})  # not single words: one pattern
        langid._markers.cache_clear()
        assert langid._likely("L'enfant a la maison", "en", ("xx",))
        assert not langid._likely("The child des maisons", "en", ("xx",))
    finally:
        langid._markers.cache_clear()
