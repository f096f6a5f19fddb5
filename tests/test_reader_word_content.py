"""The Word reader's heuristics, one small sheet each (tests/fixtures/make_docx_fixtures.py
`HEURISTICS`), compared with a golden `pipeline dump` in tests/golden/word/: what the
model holds, what was removed by which rule, and what was reported where."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx.document import Document as WordDocument

from pipeline.config import Config
from pipeline.dump import dump
from pipeline.model import Image, NumberedList, Paragraph, Severity, Table, plain
from pipeline.readers import read
from pipeline.readers.result import ReadResult
from tests.conftest import Golden
from tests.fixtures.make_docx_fixtures import HEURISTICS, append_xml, built

NAME = "sheet.docx"


def read_sheet(tmp_path: Path, config: Config, name: str) -> ReadResult:
    path = tmp_path / NAME
    path.write_bytes(built(HEURISTICS[name]))
    return read(path, config, NAME)


def native(result: ReadResult) -> str:
    """`pipeline dump` as it prints: the findings (stderr), then the model and removals."""
    findings = "".join(f"{finding}\n" for finding in result.findings)
    return findings + dump(result.document, True, result.removed)


@pytest.mark.parametrize("name", sorted(HEURISTICS))
def test_heuristic_matches_golden_dump(
    tmp_path: Path, config: Config, golden: Golden, name: str
) -> None:
    result = read_sheet(tmp_path, config, name)
    golden(f"word/{name}.native", native(result).encode("utf-8"))


@pytest.mark.parametrize("name", sorted(HEURISTICS))
def test_no_word_of_a_heuristic_sheet_is_lost(tmp_path: Path, config: Config, name: str) -> None:
    result = read_sheet(tmp_path, config, name)
    assert [f for f in result.findings if f.rule == "ingest.dropped-text"] == []


def sections(result: ReadResult) -> dict[str | None, list[object]]:
    return {section.heading: list(section.blocks) for section in result.document.sections}


def test_text_boxes_read_after_their_anchor(tmp_path: Path, config: Config) -> None:
    result = read_sheet(tmp_path, config, "text-box")
    texts = [plain(b.content) for b in sections(result)["What to do"] if isinstance(b, Paragraph)]
    assert texts == [
        "Give acetaminophen for comfort.",
        "Never give aspirin. Call 911 if your child stops breathing.",  # once, not twice
        "Offer fluids often.",
        "Fevers help fight infection.",
        "Keep this page by the phone.",
    ]
    boxes = [f for f in result.findings if f.rule == "docx.text-box"]
    assert [f.loc.place for f in boxes] == ["paragraph 3", "paragraph 5", "paragraph 7"]
    assert "text in a frame" in boxes[2].message
    assert all("screen readers may skip it" in f.message for f in boxes)


def test_pictures_keep_alt_text_and_decoration(tmp_path: Path, config: Config) -> None:
    result = read_sheet(tmp_path, config, "pictures")
    images = [b for b in sections(result)["Measuring a dose"] if isinstance(b, Image)]
    assert [(i.alt, i.decorative, i.media_type) for i in images] == [
        ("An oral syringe filled to the 5 mL line", False, "image/png"),
        ("", True, "image/png"),
        ("", False, "image/png"),
    ]
    assert all(i.data.startswith(b"\x89PNG") for i in images)
    (missing,) = [f for f in result.findings if f.rule == "docx.image-alt"]
    assert missing.loc == images[2].loc
    assert not [f for f in result.findings if f.rule == "docx.empty-paragraph"]


def test_tables_with_header_rows_and_a_layout_table(tmp_path: Path, config: Config) -> None:
    result = read_sheet(tmp_path, config, "tables")
    marked, _, bold = sections(result)["Doses"]
    assert isinstance(marked, Table) and isinstance(bold, Table)
    assert (marked.header_rows, bold.header_rows) == (1, 1)
    assert [(plain(c.content), c.columns) for c in marked.rows[0]] == [("Weight", 1), ("Dose", 2)]
    notes = sections(result)["Notes"]
    assert [plain(b.content) for b in notes if isinstance(b, Paragraph)] == [
        "Shake the bottle first.",
        "Store it at room temperature.",
    ]
    assert [f.rule for f in result.findings] == ["docx.layout-table"]


def test_tracked_changes_and_comments_keep_the_sheet_unpublished(
    tmp_path: Path, config: Config
) -> None:
    result = read_sheet(tmp_path, config, "tracked-changes")
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    assert [(f.rule, f.loc.place) for f in errors] == [
        ("docx.tracked-change", "paragraph 3"),
        ("docx.tracked-change", "paragraph 3"),
        ("docx.comment", "paragraph 4"),
    ]
    assert "deleted '10 mL' by A. Nurse on 2024-05-01" in errors[0].message
    assert "inserted '5 mL'" in errors[1].message
    assert (
        "'Check this with pharmacy'" in errors[2].message and "B. Pharmacist" in errors[2].message
    )


def test_hidden_text_is_removed_and_reported(tmp_path: Path, config: Config) -> None:
    result = read_sheet(tmp_path, config, "hidden-text")
    shown = " ".join(
        plain(b.content) for b in sections(result)["How much"] if isinstance(b, Paragraph)
    )
    assert shown == "Give 5 mL by mouth. Give it with food."
    assert [(r.text, r.rule) for r in result.removed if r.rule == "docx.hidden-text"] == [
        ("Old dose was 10 mL.", "docx.hidden-text"),
        ("Draft note: ask Dr Lee.", "docx.hidden-text"),
    ]
    assert [f.rule for f in result.findings] == ["docx.hidden-text"] * 2


def test_typed_numbers_stay_numbered_steps(tmp_path: Path, config: Config) -> None:
    result = read_sheet(tmp_path, config, "typed-numbers")
    steps, after = sections(result)["Giving the medicine"]
    assert isinstance(steps, NumberedList) and steps.start == 1
    assert [plain(i.content) for i in steps.items] == [
        "Wash your hands.",
        "Shake the bottle.",
        "Measure the dose.",
        "Give it slowly.",
    ]
    assert [plain(i.content) for i in steps.items[2].children] == [
        "Use the syringe.",
        "Check the line.",
    ]
    assert isinstance(after, Paragraph)
    assert "•" not in dump(result.document)


def test_numbered_lines_standing_alone_are_headings(tmp_path: Path, config: Config) -> None:
    result = read_sheet(tmp_path, config, "numbered-headings")
    assert [(s.heading, s.level) for s in result.document.sections] == [
        ("3. Talk with your health care provider", 2),  # bold, typed number
        ("4. Risks of a vaccine reaction", 2),  # typed number, not bold
        ("1. Fever", 2),  # bold, Word's numbering
    ]
    # A sentence is no heading: a one-step typed list stays a step.
    last = result.document.sections[-1].blocks
    assert isinstance(last[1], NumberedList) and isinstance(last[2], Paragraph)
    fake = [f.loc.place for f in result.findings if f.rule == "docx.fake-heading"]
    assert fake == ["paragraph 2", "paragraph 4", "paragraph 6"]


def test_a_word_the_reader_misses_is_an_error(tmp_path: Path, config: Config) -> None:
    """A word the reader does not read (here: a run in a container it does not know) is an
    ingest.dropped-text error at its paragraph, which keeps the sheet from families."""

    def make(word: WordDocument) -> None:
        HEURISTICS["hidden-text"](word)
        paragraph = word.add_paragraph("Shake well.")
        append_xml(paragraph, "<w:dir w:val='rtl'><w:r><w:t> Keep cold.</w:t></w:r></w:dir>")

    path = tmp_path / NAME
    path.write_bytes(built(make))
    (lost,) = [f for f in read(path, config, NAME).findings if f.rule == "ingest.dropped-text"]
    assert lost.loc.place == "paragraph 6" and "'keep cold'" in lost.message
