"""Status people can act on: a sheet not published says which of its lines wait for
review, and a fully reviewed sheet waiting only for its labels says so on the page
instead of calling itself a machine translation."""

from __future__ import annotations

from pipeline.config import Config
from tests.test_translate import Upper, approve_spanish_labels, project, review_all, run

__all__ = ["project"]  # the fixture, used by name


def test_an_unreviewed_sheet_names_the_lines_waiting_for_review(
    project: tuple[Config, Upper],
) -> None:
    config, _ = project
    approve_spanish_labels(config)
    (outcome,) = run(config)
    why = outcome.blockers[0]
    assert why == "7 of 7 unit(s) not reviewed (sources/fever.txt line 1, 3, 5, 7, 9, …)"
    draft = (config.outputs / "drafts" / "es" / "fever.txt").read_text(encoding="utf-8")
    assert "Machine translation — not yet reviewed" in draft


def test_a_reviewed_sheet_waiting_for_its_labels_says_so(project: tuple[Config, Upper]) -> None:
    config, _ = project
    run(config)
    review_all(config)
    (outcome,) = run(config)
    assert not outcome.final
    assert outcome.blockers == ("labels not reviewed: nobody has reviewed them",)
    for suffix in ("txt", "html"):
        draft = (config.outputs / "drafts" / "es" / f"fever.{suffix}").read_text("utf-8")
        assert "the translation is reviewed, but its labels (dates, stamps) are not" in draft
        assert "Machine translation" not in draft and "Traducción automática" not in draft
    approve_spanish_labels(config)
    (outcome,) = run(config)
    published = (config.outputs / "es" / "fever.txt").read_text("utf-8")
    assert outcome.final and "do not give to families" not in published
