"""The plain-text output: golden file and the conventions screen readers rely on."""

from __future__ import annotations

import re

from pipeline.model import Document
from pipeline.writers import txt
from tests.conftest import Golden
from tests.test_writer_html import steps_sheet


def test_seed_matches_golden_text(seed: Document, golden: Golden) -> None:
    golden("aldesleukin.txt", txt.write(seed))


def test_conventions(seed: Document) -> None:
    text = txt.write(seed).decode("utf-8")
    lines = text.split("\n")
    assert lines[0] == "Aldesleukin (Interleukin-2, Proleukin)"
    assert "\t" not in text and "\r" not in text
    assert not re.search(r"[\u2500-\u259f•]", text), "no box drawing or typed bullets"
    assert not any(re.fullmatch(r"[\W_]+", line) for line in lines if line)
    assert "\n\nWhat are the side effects?\n\n- fever, chills\n" in text
    assert "\n- signs of allergic reaction:\n  - rash or hives\n" in text
    assert "- decreased platelet and red blood cell production\n\n\n- leakage" in text
    assert text.endswith(
        "Last reviewed: August 2015\nNext review due: August 2018\n© 2024 Children's Minnesota\n"
    )


def test_numbered_steps_keep_their_numbers() -> None:
    written = txt.write(steps_sheet(3)).decode("utf-8")
    assert "3. Get ready\n4. Clean hands\n  a. Wash\n  b. Dry\n" in written
