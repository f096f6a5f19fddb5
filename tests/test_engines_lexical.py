"""Lexical preferences for Apertium (pipeline.engines.lexical): the bilingual lookup's
alternatives rewritten inside the real engine, and the Spanish data file checked against
Apertium's own dictionaries."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.engines import apertium, lexical
from pipeline.engines.apertium import ApertiumEngine
from pipeline.errors import DataFileError
from tests.conftest import APERTIUM_MISSING, needs_apertium

HEADER = "# a comment\nsource,target,note\n"


def lexicon(folder: Path, rows: str) -> lexical.Lexicon:
    path = folder / lexical.FILE
    path.write_text(HEADER + rows, encoding="utf-8")
    return lexical.read(path)


def started(preferences: lexical.Lexicon) -> Iterator[ApertiumEngine]:
    if APERTIUM_MISSING:
        pytest.skip(f"{APERTIUM_MISSING} (CI installs it)")
    mode = apertium.mode_file("eng-spa")
    assert mode is not None
    engine = ApertiumEngine(
        mode, version="", closing=apertium.source_words("en", apertium.CLOSING), lexicon=preferences
    )
    yield engine
    engine.close()


@pytest.fixture
def preferring(tmp_path: Path) -> Iterator[ApertiumEngine]:
    rows = "show<vblex>,mostrar<vblex>,\ncell<n>,célula<n><f>,\nhost<n>,huésped<n><m>,\n"
    yield from started(lexicon(tmp_path, rows))


@pytest.fixture
def plain() -> Iterator[ApertiumEngine]:
    yield from started(lexical.Lexicon())


def test_the_preferred_alternative_is_chosen(
    preferring: ApertiumEngine, plain: ApertiumEngine
) -> None:
    text = ["Studies show that cancer cells grow.", "Cells"]
    assert plain.translate(text) == ["Los estudios asoman que celdas de cáncer crecen.", "Celdas"]
    assert preferring.translate(text) == [
        "Los estudios muestran que células de cáncer crecen.",
        "Células",
    ]


def test_a_translation_the_dictionary_lacks_is_put_in_with_its_case_and_number(
    preferring: ApertiumEngine, plain: ApertiumEngine
) -> None:
    text = ["The virus needs a host.", "Hosts of the virus", "THE HOST"]
    assert plain.translate(text)[0] == "El virus necesita un anfitrión."
    assert preferring.translate(text) == [
        "El virus necesita un huésped.",
        "Huéspedes del virus",
        "El HUÉSPED",  # the article's case is Apertium's own
    ]


def test_an_entry_for_a_tag_applies_to_that_reading_only(tmp_path: Path) -> None:
    preferences = lexicon(tmp_path, "feeling<n><pl>,sentimiento<n><m>,\n")
    stream = (
        "^feeling<n><pl>/sensación<n><f><pl>/sentimiento<n><m><pl>$ "
        "^feeling<n><sg>/sensación<n><f><sg>/sentimiento<n><m><sg>$"
    )
    assert lexical.choose(stream, preferences) == (
        "^feeling<n><pl>/sentimiento<n><m><pl>$ "
        "^feeling<n><sg>/sensación<n><f><sg>/sentimiento<n><m><sg>$"
    )


def test_the_stream_around_the_units_is_left_as_it_is(tmp_path: Path) -> None:
    preferences = lexicon(tmp_path, "take<vblex>,llevar<vblex>,\n")
    stream = (
        "[⟦T1⟧] ^Take<vblex><imp>/Tomar<vblex><imp>/Llevar<vblex><imp>$[\\]] "
        "^take<vblex><inf># care/tomar<vblex><inf># cuidado$^.<sent>/.<sent>$[][\n]"
    )
    assert lexical.choose(stream, preferences) == stream.replace("Tomar<vblex><imp>/", "")
    assert lexical.choose(stream, lexical.Lexicon()) == stream


def test_no_file_is_no_preferences(tmp_path: Path) -> None:
    assert not lexical.read(tmp_path / "missing.csv")


def test_an_empty_table_gives_what_apertium_gives(tmp_path: Path, plain: ApertiumEngine) -> None:
    text = ["Studies show that cancer cells grow in the host.", "a\\b [c] ^d$ @e /f <g>"]
    expected = [
        subprocess.run(
            ["apertium", "eng-spa"], input=t, capture_output=True, text=True, check=True
        ).stdout
        for t in text
    ]
    assert plain.translate(text) == expected
    for engine in started(lexicon(tmp_path, "")):
        assert engine.translate(text) == expected


@pytest.mark.parametrize(
    ("rows", "line", "problem"),
    [
        ("cell<n>,célula<n><f>,\ncell,célula<n><f>,\n", 4, r"source 'cell' is no lemma with tags"),
        ("cell<n>,célula,\n", 3, r"target 'célula' is no lemma with tags"),
        ("cell<n>,célula<n><f>extra,\n", 3, r"target .* is no lemma with tags"),
        ("cell<n>,célula<n><f>,\nCell<n>,celda<n><f>,\n", 4, r"'Cell<n>' is already on line 3"),
        ("cell<n>,,\n", 3, r"target '' is no lemma"),
    ],
)
def test_a_bad_row_names_the_file_and_line(
    tmp_path: Path, rows: str, line: int, problem: str
) -> None:
    path = tmp_path / lexical.FILE
    with pytest.raises(DataFileError, match=rf"{path}:{line}: {problem}"):
        lexicon(tmp_path, rows)


#: Tags after an entry's for a form the Spanish generator must make, by the English part of speech.
FORMS = {
    "n": ("<sg>", "<pl>"),
    "vblex": ("<inf>", "<pri><p3><pl>", "<pp><m><sg>"),
    "adj": ("<m><sg>", "<f><pl>"),
    "adj<mf>": ("<sg>", "<pl>"),  # an adjective with one form for both genders
    "adv": ("",),
}


@needs_apertium
def test_every_spanish_entry_is_known_to_the_english_analyser_and_generated() -> None:
    """Every row's English has that reading, and every form of its Spanish is generated
    (no "#" mark), whether the bilingual dictionary offers it or the row puts it in."""
    preferences = lexical.load("es")
    folder = apertium.data_folder("apertium-eng-spa")
    entries = [(lemma, e) for lemma, found in preferences.entries.items() for e in found]
    assert len(entries) > 20
    analysed = _run(folder / "eng-spa.automorf.bin", [lemma for lemma, _ in entries])
    for (lemma, entry), readings in zip(entries, analysed, strict=True):
        part = entry.tags[: entry.tags.index(">") + 1]
        assert f"/{lemma}{part}" in readings.lower(), (lemma, entry.line, readings)
    wanted = [
        # The generator reads a multiword's fixed part after the tags: llegar<vblex><inf># a ser.
        head + entry.target_tags + form + (f"#{queue}" if queue else "")
        for _, entry in entries
        for head, _, queue in [entry.target.partition("#")]
        for form in FORMS[_part(entry)]
    ]
    generated = _run(folder / "eng-spa.autogen.bin", [f"^{w}$" for w in wanted], "-g")
    assert [w for w, g in zip(wanted, generated, strict=True) if "#" in g] == []


def _part(entry: lexical.Preference) -> str:
    """The entry's Spanish part of speech, "adj<mf>" for an adjective of both genders (an
    English auxiliary may be a Spanish verb: should<vaux> → deber<vblex>)."""
    part = entry.target_tags[1 : entry.target_tags.index(">")]
    return part + "<mf>" if part == "adj" and entry.target_tags.endswith("<mf>") else part


def _run(transducer: Path, lines: list[str], *options: str) -> list[str]:
    done = subprocess.run(
        ["lt-proc", *options, str(transducer)],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.splitlines()
