"""Memory leverage: fuzzy matches from people's translations and imported TMX offered to
translators with their score, never applied; identical sentences share one translation."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from benchmarks import memory_leverage
from pipeline import cli, exits, tmx
from pipeline.config import Config
from pipeline.errors import DataFileError
from pipeline.translate import command, exchange, fuzzy, xliff
from pipeline.translate.xliff import State, Suggestion
from tests.test_tmx import TICO
from tests.test_translate import CAP, SHEET, TODAY, Upper, memory, project, review_all, run
from tests.test_xliff import STRICT

__all__ = ["project"]  # the fixture, used by name

DOSE = "This medicine brings a fever down. Give 5 mL every 6 hours."
NEAR = DOSE.replace("every 6", "every 8")


def _dynamic_lcs(a: str, b: str) -> int:
    previous = [0] * (len(b) + 1)
    for char in a:
        row = [0]
        for j, other in enumerate(b):
            row.append(previous[j] + 1 if char == other else max(previous[j + 1], row[j]))
        previous = row
    return previous[-1]


@given(st.text(alphabet="ab c.é", max_size=40), st.text(alphabet="ab c.é", max_size=40))
def test_lcs_is_the_longest_common_subsequence(a: str, b: str) -> None:
    assert fuzzy.lcs(a, b) == _dynamic_lcs(a, b)


def test_the_threshold_is_exact_74_is_out_75_is_in() -> None:
    query = "Give this medicine with food."
    at_75 = "Give this medicine two times a day."
    at_74 = "Give this medicine with a glass of water."
    assert (fuzzy.score(query, at_75), fuzzy.score(query, at_74)) == (75, 74)
    index = fuzzy.Index(
        [fuzzy.Translated(at_75, "Dé este medicamento dos veces al día.", "memory"),
         fuzzy.Translated(at_74, "Dé este medicamento con un vaso de agua.", "tmx:a.tmx")]
    )  # fmt: skip
    assert index.lookup(query, 75, 3) == (
        Suggestion(at_75, "Dé este medicamento dos veces al día.", 75, "memory"),
    )
    assert [s.score for s in index.lookup(query, 74, 3)] == [75, 74]
    assert [s.score for s in index.lookup(query, 74, 1)] == [75]


@given(
    st.lists(st.text(alphabet="ab c", min_size=1, max_size=12), max_size=8),
    st.text(alphabet="ab c", max_size=12),
)
def test_every_suggestion_is_scored_exactly_and_reaches_the_threshold(
    sources: list[str], text: str
) -> None:
    index = fuzzy.Index(fuzzy.Translated(source, source.upper(), "memory") for source in sources)
    for suggestion in index.lookup(text, 60, 10):
        assert suggestion.score == fuzzy.score(text, suggestion.source) >= 60


def test_a_lookup_scores_a_bounded_number_of_entries_however_alike_the_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sentences = [f"Give this medicine {n} times a day with food or milk." for n in range(3000)]
    index = fuzzy.Index(fuzzy.Translated(s, s.upper(), "tmx:many.tmx") for s in sentences)
    scored: list[str] = []
    real = fuzzy.Pattern.lcs

    def counted(self: fuzzy.Pattern, other: str) -> int:
        scored.append(other)
        return real(self, other)

    monkeypatch.setattr(fuzzy.Pattern, "lcs", counted)
    found = index.lookup("Give this medicine 7 times a day with food.", 75, 3)
    assert len(found) == 3 and all(s.score >= 75 for s in found)
    assert found[0].source == sentences[7]  # the most alike is scored first
    assert len(scored) <= fuzzy.VERIFIED


def _cough(config: Config) -> xliff.SheetMemory:
    found = xliff.load(config.translation.memory / "es" / "cough.xlf", CAP)
    assert found is not None
    return found


def _near_unit(memory_: xliff.SheetMemory) -> xliff.TransUnit:
    return next(u for u in memory_.units if u.source == NEAR)


def test_a_reviewed_sentence_is_offered_to_a_similar_one_with_its_score_never_applied(
    project: tuple[Config, Upper],
) -> None:
    config, _ = project
    run(config)
    review_all(config)
    reviewed = next(u for u in memory(config).units if u.source == DOSE)
    assert reviewed.suggestions == ()  # reviewed units need none
    (config.sources / "cough.txt").write_text(SHEET.replace(DOSE, NEAR), encoding="utf-8")
    run(config)
    unit = _near_unit(_cough(config))
    assert unit.state is State.MACHINE and unit.target and "EVERY 8 HOURS" in unit.target
    (suggestion,) = unit.suggestions
    assert suggestion == Suggestion(DOSE, reviewed.target or "", 98, "memory")
    assert unit.target != suggestion.target  # offered, not applied
    data = (config.translation.memory / "es" / "cough.xlf").read_bytes()
    assert STRICT.validate(etree.fromstring(data)), str(STRICT.error_log)
    assert b'<alt-trans match-quality="98" origin="memory">' in data
    # As Pootle and Weblate see it: an alternative translation with its quality.
    toolkit = pytest.importorskip("translate.storage.xliff", reason="translate-toolkit (dev)")
    seen = next(u for u in toolkit.xlifffile.parsestring(data).units if u.source == NEAR)
    (alternative,) = seen.getalttrans()
    assert (alternative.source, alternative.target) == (DOSE, reviewed.target)
    assert alternative.xmlelement.get("match-quality") == "98"
    # Sentences the cough sheet shares with the fever sheet took its reviewed text instead.
    assert all(not u.suggestions for u in _cough(config).units if u.state is State.REVIEWED)


def test_the_threshold_is_a_setting_and_changing_it_redoes_the_sheets(
    project: tuple[Config, Upper],
) -> None:
    config, _ = project
    run(config)
    review_all(config)
    (config.sources / "cough.txt").write_text(SHEET.replace(DOSE, NEAR), encoding="utf-8")
    run(config)
    strict = replace(config, translation=replace(config.translation, fuzzy_threshold=99))
    outcomes = run(strict)
    assert not any(o.unchanged for o in outcomes if o.source.endswith("cough.txt"))
    assert _near_unit(_cough(strict)).suggestions == ()


def test_suggestions_survive_export_and_import_and_a_returned_one_is_not_applied(
    project: tuple[Config, Upper],
) -> None:
    config, _ = project
    run(config)
    review_all(config)
    (config.sources / "cough.txt").write_text(SHEET.replace(DOSE, NEAR), encoding="utf-8")
    run(config)
    before = _near_unit(_cough(config))
    (package,) = exchange.export_translation(config, "es-US", [Path("sources/cough.txt")])
    data = package.read_bytes()
    assert STRICT.validate(etree.fromstring(data)), str(STRICT.error_log)
    exported = xliff.read(data, "package")
    assert _near_unit(exported).suggestions == before.suggestions
    # The translator's tool changed the suggestion and signed another unit off.
    units = tuple(
        replace(u, suggestions=(replace(u.suggestions[0], target="otra cosa"),))
        if u.source == NEAR
        else replace(u, target="¿Qué es?", state=State.REVIEWED)
        if u.source == "What is it?"
        else u
        for u in exported.units
    )
    package.write_bytes(xliff.write(replace(exported, units=units)))
    result = command.import_translation(config, package, "Ana Ruiz", TODAY)
    assert result.refused == ()
    after = _cough(config)
    assert _near_unit(after) == before  # the suggestion came back as it was, not applied
    signed = next(u for u in after.units if u.source == "What is it?")
    assert (signed.target, signed.state) == ("¿Qué es?", State.REVIEWED)


def test_tmx_units_that_fill_nothing_are_kept_and_offered_to_later_sheets(
    project: tuple[Config, Upper], tmp_path: Path
) -> None:
    config, _ = project
    run(config)
    spanish = "Este medicamento baja la fiebre. Dé 5 mL cada 4 horas."
    extra = tmp_path / "extra.tmx"
    extra.write_bytes(
        b'<tmx version="1.4"><header srclang="en"/><body>'
        b'<tu><tuv xml:lang="en"><seg>' + DOSE.replace("every 6", "every 4").encode() + b"</seg>"
        b'</tuv><tuv xml:lang="es"><seg>' + spanish.encode() + b"</seg></tuv></tu>"
        b'<tu><tuv xml:lang="en"><seg>What is it?</seg></tuv>'
        b'<tuv xml:lang="es"><seg>\xc2\xbfQu\xc3\xa9 es?</seg></tuv></tu>'
        b"</body></tmx>"
    )
    imported = tmx.import_memory(config, extra, "es-US", TODAY)
    assert "1 segment(s) filled" in imported.summary
    assert "1 kept as suggestions in translations/es/suggestions.tmx" in imported.summary
    (stored,) = tmx.load_store(config, "es-US")
    assert (stored.target, stored.origin) == (spanish, "tmx:extra.tmx")
    tmx.import_memory(config, extra, "es-US", TODAY)  # again: nothing doubles
    assert len(tmx.load_store(config, "es-US")) == 1
    run(config)
    unit = next(u for u in memory(config).units if u.source == DOSE)
    assert unit.state is State.MACHINE and unit.target != spanish
    assert [(s.target, s.score, s.origin) for s in unit.suggestions] == [
        (spanish, 98, "tmx:extra.tmx")
    ]
    (config.sources / "cough.txt").write_text(SHEET.replace(DOSE, NEAR), encoding="utf-8")
    run(config)
    assert [s.origin for s in _near_unit(_cough(config)).suggestions] == ["tmx:extra.tmx"]


def test_identical_sentences_in_a_sheet_share_one_draft_and_one_review(
    project: tuple[Config, Upper],
) -> None:
    config, engine = project
    twice = SHEET.replace("Call 911 if:", f"{DOSE}\n\nCall 911 if:")
    (config.sources / "fever.txt").write_text(twice, encoding="utf-8")
    run(config)
    assert sum("brings a fever down" in asked for asked in engine.asked) == 1
    first, second = (u for u in memory(config).units if u.source == DOSE)
    assert first.target == second.target and first.state is State.MACHINE
    current = memory(config)
    units = tuple(
        replace(u, target="Baja la fiebre. Dé 5 mL cada 6 horas.", state=State.REVIEWED)
        if u.id == first.id
        else replace(u, comments=(xliff.Note("same as above", "Ana"),))
        if u.id == second.id
        else u
        for u in current.units
    )
    returned = config.translation.memory.parent / "returned.xlf"
    returned.write_bytes(xliff.write(replace(current, units=units)))
    assert command.import_translation(config, returned, "Ana Ruiz", TODAY).refused == ()
    engine.asked.clear()
    run(config)
    assert engine.asked == []
    both = [u for u in memory(config).units if u.source == DOSE]
    assert [(u.target, u.state, u.reviewer) for u in both] == 2 * [
        ("Baja la fiebre. Dé 5 mL cada 6 horas.", State.REVIEWED, "Ana Ruiz")
    ]
    assert all(xliff.review_intact(u) for u in both)
    assert both[1].comments == (xliff.Note("same as above", "Ana"),)  # the note stays


def test_the_full_tico19_tmx_is_kept_and_offers_held_out_sentences_suggestions(
    tmp_path: Path,
) -> None:
    found = memory_leverage.measure(memory_leverage.TMX, 30, tmp_path)
    assert found.units == 3071 and found.stored > 3000
    assert found.segments == 103 and found.suggested >= 3
    assert min(found.scores) >= 75 and found.applied == 0


def test_a_damaged_suggestion_store_is_reported_and_left_as_it_is(
    project: tuple[Config, Upper], capsys: pytest.CaptureFixture[str]
) -> None:
    config, _ = project
    run(config)
    store = config.translation.memory / "es" / tmx.STORE
    store.write_bytes(b"<tmx><body><tu>")  # cut short
    assert cli.main(["tmx", "import", str(TICO)]) == exits.FAILED
    assert "skipped translations/es/suggestions.tmx:1: not well-formed" in capsys.readouterr().err
    assert store.read_bytes() == b"<tmx><body><tu>"
    with pytest.raises(DataFileError, match=r"suggestions\.tmx"):
        run(config)


def test_a_review_in_one_sheet_reaches_the_drafts_of_the_same_sentence_in_others(
    project: tuple[Config, Upper],
) -> None:
    config, engine = project
    (config.sources / "cough.txt").write_text(SHEET.replace(DOSE, NEAR), encoding="utf-8")
    run(config)
    assert all(u.state is State.MACHINE for u in _cough(config).units)
    review_all(config)  # the fever sheet only
    engine.asked.clear()
    run(config)
    assert engine.asked == []
    fever = {u.source: u for u in memory(config).units}
    for unit in _cough(config).units:
        if unit.source == NEAR:
            assert unit.state is State.MACHINE and unit.suggestions[0].source == DOSE
        else:
            assert (unit.state, unit.target) == (State.REVIEWED, fever[unit.source].target)


def test_the_glossary_review_page_lists_the_fuzzy_matches(project: tuple[Config, Upper]) -> None:
    config, _ = project
    config.translation.glossaries.mkdir()
    glossary = config.translation.glossaries / "en-es.csv"
    glossary.write_text("source,target,status\nfever,fiebre,proposed\n", encoding="utf-8")
    run(config)
    review_all(config)
    (config.sources / "cough.txt").write_text(SHEET.replace(DOSE, NEAR), encoding="utf-8")
    run(config)
    page = (config.audit.report / "glossary-en-es.html").read_text(encoding="utf-8")
    section = page[page.index('id="suggestions"') :]
    assert "sources/cough.txt:5" in section and NEAR in section
    reviewed = next(u for u in memory(config).units if u.source == DOSE).target
    assert f'<td class="num">98</td><td>memory</td><td>{DOSE}</td><td lang="es">{reviewed}' in (
        section.replace("\n", "").replace("  ", "")
    )
