"""No silent loss: every word a source shows is in the model or removed by a named rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.dump import dump
from pipeline.errors import SourceError
from pipeline.policy import Policy
from pipeline.readers import read, read_publishable
from pipeline.readers.result import ReadResult
from tests.conftest import SEED


def read_page(tmp_path: Path, config: Config, page: str, name: str = "sheet.html") -> ReadResult:
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    return read(path, config, name)


def lost(result: ReadResult) -> list[str]:
    return [f.message for f in result.findings if f.rule == "ingest.dropped-text"]


def test_seed_loses_nothing_and_names_every_removed_line(config: Config) -> None:
    result = read(SEED, config, "sources/aldesleukin.txt")
    assert lost(result) == []
    rules = {gone.rule.split(":")[0] for gone in result.removed}
    assert rules == {"noise", "review-date"}
    shown = dump(result.document, removed=result.removed)
    assert '"Patient & Family Education Materials" @1:1 by noise:' in shown


def test_text_a_page_shows_inside_its_content_is_lost_when_the_model_cannot_hold_it(
    tmp_path: Path, config: Config
) -> None:
    page = (
        "<main><h1>Doses</h1><p>Give <math><mi>dose</mi><mo>=</mo><mn>5</mn></math> mL.</p>"
        "<p>Last reviewed 8/2024</p></main>"
    )
    result = read_page(tmp_path, config, page)
    assert lost(result) == ["2 word(s) of the source are in no output: 'dose 5'"]
    assert result.findings[-1].loc.line == 1


def test_navigation_and_controls_inside_the_content_are_removed_by_rule(
    tmp_path: Path, config: Config
) -> None:
    page = """<html><body><header>Children's Hospital</header>
<main>
<h1>Fever</h1>
<nav><a href="/">Home</a> &gt; <a href="/ed">Education</a></nav>
<p>Give <span aria-hidden="true">★</span>acetaminophen for fever.</p>
<button>Print this page</button>
<p style="display:none">Printed from our site</p>
</main>
<footer><p>© 2024 Children's Hospital</p></footer></body></html>"""
    result = read_page(tmp_path, config, page)
    assert lost(result) == []
    removed = {(gone.rule, " ".join(gone.text.split())) for gone in result.removed}
    assert ("html.nav", "Home > Education") in removed  # one line, as shown
    assert ("html.button", "Print this page") in removed
    assert ("html.page-frame", "Children's Hospital") in removed
    assert not any("Printed from" in text for _, text in removed), "never shown, never counted"
    assert result.document.meta.attribution == ("© 2024 Children's Hospital",)


def test_text_outside_a_guessed_content_root_is_lost_not_dropped(
    tmp_path: Path, config: Config
) -> None:
    prose = " ".join(["Give the medicine with food and water every morning."] * 12)
    page = (
        f'<body><div class="content"><h1>Medicine</h1><p>{prose}</p></div>'
        '<div class="alert"><p>Call 911 if your child stops breathing.</p></div></body>'
    )
    result = read_page(tmp_path, config, page)
    assert lost(result) == [
        "7 word(s) of the source are in no output: 'call 911 if your child stops breathing'"
    ]


def test_a_sheet_that_lost_words_is_not_published(tmp_path: Path, config: Config) -> None:
    path = tmp_path / "sheet.html"
    path.write_text("<main><h1>Dose</h1><p>Give <math><mn>5</mn></math> mL.</p></main>")
    with pytest.raises(SourceError, match=r"not published: .*ingest\.dropped-text"):
        read_publishable(path, config, Policy(config), dt.date(2026, 1, 1), "sheet.html")
