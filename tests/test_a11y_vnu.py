"""The Nu HTML Checker (vnu.jar with Java) on the pages: errors at vnu's line and column, the
real output clean, all pages in one Java process. Skipped, with what to install, where
Java or the npm package is missing."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from pipeline.a11y import INSTALL, Checked, Output, vnu
from pipeline.config import Config
from tests.test_a11y_runner import built

FIXTURES = Path(__file__).parent / "fixtures" / "a11y"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, config: Config) -> list[Output]:
    if (reason := vnu.missing()) is not None:
        pytest.skip(f"{reason}; install: {INSTALL}")
    real = built(tmp_path_factory.mktemp("built"), config).outputs / "en" / "aldesleukin.html"
    names = ("fetches.html", "image-without-alt.html", "skipped-heading.html")
    return [Output(real, "outputs/en/aldesleukin.html")] + [
        Output(FIXTURES / name, f"fixtures/{name}") for name in names
    ]


@pytest.fixture(scope="module")
def checked(pages: list[Output]) -> Checked:
    return vnu.check(pages)


def test_a_skipped_heading_and_an_image_without_alt_are_errors(checked: Checked) -> None:
    assert checked.checker == "Nu Html Checker 26.9.27"
    assert [str(finding) for finding in checked.findings] == [
        "fixtures/image-without-alt.html:10:7: error: a11y.vnu: An “img” element must have an "
        "“alt” attribute, except under certain conditions. For details, consult guidance on "
        "providing text alternatives for images.",
        "fixtures/skipped-heading.html:10:7: error: a11y.vnu: The heading “h3” (with computed "
        "level 3) follows the heading “h1” (with computed level 1), skipping 1 heading level.",
    ]


def test_the_real_output_and_valid_pages_have_no_errors(checked: Checked) -> None:
    paths = {finding.loc.path for finding in checked.findings}
    assert not paths & {"outputs/en/aldesleukin.html", "fixtures/fetches.html"}


def test_pages_go_to_java_in_batches(
    pages: list[Output], checked: Checked, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []
    run = subprocess.run

    def counted(command: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
        calls.append(command)
        return run(command, **options)

    monkeypatch.setattr(subprocess, "run", counted)
    monkeypatch.setattr(vnu, "BATCH", 3)
    assert vnu.check(pages) == checked
    assert [len([arg for arg in call if arg.endswith(".html")]) for call in calls] == [3, 1]
