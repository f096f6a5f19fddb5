"""Importing a translator's XLIFF never loses reviewed work: every edit is taken whatever
state the CAT tool left, reviewed text is only replaced by signed-off text credited to the
named reviewer, a stale unit is refused on its own (at the returned file's line), and a
target edited by hand after its review is not published under its reviewer's name."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline import cli, exits, i18n, lock
from pipeline.config import Config
from pipeline.exits import UsageError
from pipeline.translate import command, xliff
from pipeline.translate.xliff import Note, State
from tests.conftest import ROOT
from tests.test_translate import (
    TODAY,
    Upper,
    approve_spanish_labels,
    memory,
    project,
    review_all,
    run,
)

__all__ = ["project"]  # the fixture, used by name
PIPELINE = (sys.executable, "-m", "pipeline.cli")


def returned(config: Config, edit: dict[str, str], state: State | None = None) -> Path:
    """The memory as exported, with the targets of some units changed (by id), as a CAT
    tool returns it; `state` None leaves each unit's state as exported."""
    current = memory(config)
    units = tuple(
        replace(u, target=edit[u.id], state=state or u.state) if u.id in edit else u
        for u in current.units
    )
    path = config.translation.memory.parent / "returned.xlf"
    path.write_bytes(xliff.write(replace(current, units=units)))
    return path


def unit(config: Config, ident: str) -> xliff.TransUnit:
    return next(u for u in memory(config).units if u.id == ident)


def test_an_edit_in_a_tool_that_leaves_the_state_alone_is_imported(
    project: tuple[Config, Upper],
) -> None:
    config, _ = project
    run(config)
    assert unit(config, "u2").state is State.MACHINE
    path = returned(config, {"u2": "¿Qué es?"})  # still needs-review-translation, mt-suggestion
    result = command.import_translation(config, path, None, TODAY)
    assert result.refused == () and "1 unit(s) updated" in result.summary
    edited = unit(config, "u2")
    assert (edited.target, edited.state, edited.engine) == ("¿Qué es?", State.TRANSLATED, None)


def test_translators_notes_are_kept_through_imports_and_runs(
    project: tuple[Config, Upper],
) -> None:
    config, _ = project
    run(config)
    current = memory(config)
    noted = replace(current.units[1], comments=(Note("ask the pharmacist", "Ana"),))
    path = config.translation.memory.parent / "returned.xlf"
    path.write_bytes(
        xliff.write(replace(current, units=(current.units[0], noted, *current.units[2:])))
    )
    command.import_translation(config, path, None, TODAY)
    run(config)
    assert unit(config, "u2").comments == (Note("ask the pharmacist", "Ana"),)


def test_a_re_review_is_credited_to_the_new_reviewer(project: tuple[Config, Upper]) -> None:
    config, _ = project
    run(config)
    review_all(config, "Ana Ruiz")
    # Signed off again unchanged: still Ana's review.
    command.import_translation(config, returned(config, {}), "Luis Gómez", TODAY)
    assert unit(config, "u2").reviewer == "Ana Ruiz"
    path = returned(config, {"u2": "¿Qué es este medicamento?"}, State.REVIEWED)
    command.import_translation(config, path, "Luis Gómez", TODAY)
    again = unit(config, "u2")
    assert (again.reviewer, again.state) == ("Luis Gómez", State.REVIEWED)
    assert xliff.review_intact(again)


def test_signed_off_units_need_a_named_reviewer(project: tuple[Config, Upper]) -> None:
    config, _ = project
    run(config)
    path = returned(config, {"u2": "¿Qué es?"}, State.REVIEWED)
    with pytest.raises(UsageError, match="not a blank"):
        command.import_translation(config, path, "   ", TODAY)
    assert cli.main(["import-translation", str(path), "--reviewer", " "]) == exits.USAGE
    result = command.import_translation(config, path, None, TODAY)
    (problem,) = result.refused
    assert "--reviewer" in str(problem) and unit(config, "u2").state is State.MACHINE


def test_a_stale_unit_is_refused_alone_at_the_returned_files_line(
    project: tuple[Config, Upper],
) -> None:
    config, _ = project
    run(config)
    current = memory(config)
    units = [
        replace(u, target=f"t{n}", state=State.TRANSLATED) for n, u in enumerate(current.units)
    ]
    units[2] = replace(units[2], source="What was it?")
    path = config.translation.memory.parent / "returned.xlf"
    data = xliff.write(replace(current, units=tuple(units)))
    path.write_bytes(data)
    result = command.import_translation(config, path, None, TODAY)
    (problem,) = result.refused
    line = next(n for n, text in enumerate(data.decode().splitlines(), 1) if 'id="u3"' in text)
    assert problem.path.endswith("returned.xlf") and problem.line == line
    assert "English changed" in str(problem)
    after = memory(config).units
    assert [u.target for u in after if u.id != "u3"] == [u.target for u in units if u.id != "u3"]
    assert after[2].target == current.units[2].target


def test_an_older_export_never_overwrites_reviewed_text(project: tuple[Config, Upper]) -> None:
    config, _ = project
    run(config)
    old = returned(config, {"u2": "¿Qué es? (borrador)", "u3": "un cambio"}, State.TRANSLATED)
    kept = old.read_bytes()
    review_all(config, "Ana Ruiz")  # which changes every target
    reviewed = memory(config)
    old.write_bytes(kept)
    result = command.import_translation(config, old, None, TODAY)
    assert len(result.refused) == len(reviewed.units)
    assert "u2 was reviewed by Ana Ruiz" in str(result.refused[1])
    assert memory(config) == reviewed
    assert cli.main(["import-translation", str(old)]) == exits.FAILED


def test_a_target_edited_by_hand_after_review_is_not_published(
    project: tuple[Config, Upper], capsys: pytest.CaptureFixture[str]
) -> None:
    config, _ = project
    approve_spanish_labels(config)
    run(config)
    review_all(config, "Ana Ruiz")
    (outcome,) = run(config)
    assert outcome.final
    path = config.translation.memory / "es" / "fever.xlf"
    text = path.read_text(encoding="utf-8")
    assert "dé 5 ml cada 6 horas" not in text
    path.write_text(text.replace("give 5 ml every 6 hours", "give 50 ml every 6 hours"), "utf-8")
    (outcome,) = run(config)
    assert not outcome.final
    assert not (config.outputs / "es" / "fever.html").exists()
    edited = [f for f in outcome.findings if f.rule == "translation.edited-after-review"]
    assert len(edited) == 1 and edited[0].loc.line == 5
    changed = [u for u in memory(config).units if u.state is not State.REVIEWED]
    assert [u.target for u in changed] == [
        "this medicine brings a fever down. give 50 ml every 6 hours."
    ]
    draft = (config.outputs / "drafts" / "es" / "fever.txt").read_text(encoding="utf-8")
    assert "give 50 ml every 6 hours" in draft
    # Signed off again through an import, it is published under the new reviewer.
    current = memory(config)
    path_back = config.translation.memory.parent / "back.xlf"
    signed = tuple(replace(u, state=State.REVIEWED) for u in current.units)
    path_back.write_bytes(xliff.write(replace(current, units=signed)))
    command.import_translation(config, path_back, "Luis Gómez", TODAY)
    (outcome,) = run(config)
    assert not [f for f in outcome.findings if f.rule == "translation.edited-after-review"]
    assert unit(config, "u3").reviewer == "Luis Gómez"


def test_an_import_waits_for_a_running_translation(project: tuple[Config, Upper]) -> None:
    config, _ = project
    run(config)
    path = returned(config, {"u2": "¿Qué es?"})
    settings = config.translation.memory.parent / "pipeline.toml"
    settings.write_text(
        f'[translation]\nmemory = "{config.translation.memory}"\n', encoding="utf-8"
    )
    with lock.holding(config.outputs, config.translation.memory):  # as `translate` holds them
        importer = subprocess.Popen(
            [*PIPELINE, "--config", str(settings), "import-translation", str(path)],
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert importer.stderr is not None
        waiting = importer.stderr.readline()  # blocks until the import says it waits
        assert "waiting: another pipeline run" in waiting, waiting
        time.sleep(0.5)
        assert importer.poll() is None, "the import did not wait"
        assert unit(config, "u2").state is State.MACHINE
    out, err = importer.communicate(timeout=60)
    assert importer.returncode == exits.OK, err
    assert "1 unit(s) updated" in out
    assert unit(config, "u2").target == "¿Qué es?"


def test_a_label_edited_after_review_is_not_published(project: tuple[Config, Upper]) -> None:
    config, _ = project
    path = config.translation.memory / "labels.toml"
    before = path.read_text(encoding="utf-8")
    approve_spanish_labels(config)
    signed = i18n.load(path)["es"]
    assert signed.reviewed and signed.reviewer == "Ana Ruiz" and signed.reviewed_on == TODAY
    assert path.read_text(encoding="utf-8").count("reviewer =") == before.count("reviewer =")
    run(config)
    review_all(config)
    (outcome,) = run(config)
    assert outcome.final
    path.write_text(
        path.read_text(encoding="utf-8").replace('"Traducción"', '"Traducido"'), "utf-8"
    )
    edited = i18n.load(path)["es"]
    assert edited.unreviewed == "they were changed after Ana Ruiz reviewed them"
    (outcome,) = run(config)
    assert not outcome.final and not (config.outputs / "es" / "fever.html").exists()


def test_label_review_dates_may_be_quoted(tmp_path: Path) -> None:
    path = tmp_path / "labels.toml"
    path.write_text(
        (ROOT / "translations" / "labels.toml")
        .read_text(encoding="utf-8")
        .replace('[es]\nreviewer = ""', '[es]\nreviewer = "Ana"\nreviewed_on = "2026-11-20"'),
        encoding="utf-8",
    )
    assert i18n.load(path)["es"].reviewed_on == dt.date(2026, 11, 20)
    assert cli.main(["review-labels", "es", "--reviewer", "  "]) == exits.USAGE


def _translate_cli(config: Config, *sheets: str) -> int:
    settings = config.sources.parent / "pipeline.toml"
    settings.write_text(
        f'sources = "{config.sources}"\noutputs = "{config.outputs}"\n'
        f'[translation]\nlanguages = ["es-US"]\nglossaries = "{config.translation.glossaries}"\n'
        f'memory = "{config.translation.memory}"\n',
        encoding="utf-8",
    )
    return cli.main(["--config", str(settings), "translate", "--jobs", "1", *sheets])


def test_a_blocked_reviewed_translation_fails_the_run_and_says_why(
    project: tuple[Config, Upper], capsys: pytest.CaptureFixture[str]
) -> None:
    config, _ = project
    run(config)
    review_all(config, "Ana Ruiz")
    assert _translate_cli(config) == exits.OK  # only the labels wait for review
    out = capsys.readouterr().out
    assert "not published: labels not reviewed: nobody has reviewed them" in out
    approve_spanish_labels(config)
    assert _translate_cli(config) == exits.OK
    assert (config.outputs / "es" / "fever.html").exists()
    capsys.readouterr()
    # The reviewer's fix loses "911": publication stops, the published copy is withdrawn.
    breathing = next(u.id for u in memory(config).units if "breathing" in u.source)
    path = returned(config, {breathing: "su hijo tiene problemas para respirar"}, State.REVIEWED)
    command.import_translation(config, path, "Luis Gómez", TODAY)
    assert _translate_cli(config) == exits.FAILED
    captured = capsys.readouterr()
    assert "WITHDRAWN es-US sources/fever.txt" in captured.err
    assert "911 appears 1 time(s) in the English" in captured.err
    assert "not published: findings at the fail level" in captured.out
    assert not (config.outputs / "es" / "fever.html").exists()
    checked = re.search(r"QA (\d+) error\(s\), (\d+) warning\(s\)", captured.out)
    assert checked is not None and int(checked.group(1)) > 0
    assert _translate_cli(config) == exits.FAILED  # nothing changed, still blocked
    again = capsys.readouterr().out
    # Its findings are not printed again, but its QA totals are the ones recorded.
    assert "unchanged" in again and f"{checked.group()} when last checked" in again
