"""The Word reader's heuristics, one small sheet each (tests/fixtures/make_docx_fixtures.py
`HEURISTICS`), compared with a golden `pipeline dump` in tests/golden/word/: what the
model holds, what was removed by which rule, and what was reported where."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from docx.document import Document as WordDocument
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.config import Config
from pipeline.dump import dump
from pipeline.errors import SourceError
from pipeline.model import Image, NumberedList, Paragraph, Severity, Table, plain
from pipeline.policy import Policy
from pipeline.readers import read, read_publishable
from pipeline.readers.result import ReadResult
from pipeline.writers import docx as docx_writer
from tests.conftest import Golden
from tests.fixtures.make_docx_fixtures import HEURISTICS, append_xml, built, text_box_run
from tests.test_tables_pictures import BORDER, DOSES, SYRINGE, sheet

NAME = "sheet.docx"
CONFIG = Config()


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


def test_footnotes_read_after_the_paragraph_that_refers_to_them(
    tmp_path: Path, config: Config
) -> None:
    result = read_sheet(tmp_path, config, "notes")
    texts = [plain(b.content) for b in sections(result)["How much"] if isinstance(b, Paragraph)]
    assert texts == [
        "Give 15 mg for each kilogram of weight.",
        "A kilogram is about 2.2 pounds.",
        "Give it every 6 hours.",
    ]
    assert [(f.rule, f.loc.place) for f in result.findings] == [("docx.note", "paragraph 3")]


def test_a_diagrams_text_reads_after_its_paragraph(tmp_path: Path, config: Config) -> None:
    result = read_sheet(tmp_path, config, "diagram")
    texts = [plain(b.content) for b in sections(result)["When to call"] if isinstance(b, Paragraph)]
    assert texts == [
        "Watch for these signs.",
        "Fever over 104 \u00b0F",
        "Stiff neck",
        "Call the clinic",
        "Keep the number by the phone.",
    ]
    assert [(f.rule, f.loc.place) for f in result.findings] == [("docx.text-box", "paragraph 3")]


def test_pictures_keep_alt_text_and_decoration(tmp_path: Path, config: Config) -> None:
    result = read_sheet(tmp_path, config, "pictures")
    images = [b for b in sections(result)["Measuring a dose"] if isinstance(b, Image)]
    assert [(i.alt, i.decorative, i.media_type, i.link) for i in images] == [
        ("An oral syringe filled to the 5 mL line", False, "image/png", None),
        ("", True, "image/png", None),
        ("", False, "image/png", None),
        ("Clinic logo", False, "", "file:///C:/Clinic/logo.png"),  # never fetched
        ("A full syringe", False, "image/png", None),  # from a table cell, after the table
    ]
    assert [bool(i.data.startswith(b"\x89PNG")) for i in images] == [True] * 3 + [False, True]
    missing, linked = result.findings
    assert (missing.rule, missing.loc) == ("docx.image-alt", images[2].loc)
    assert (linked.rule, linked.loc) == ("docx.linked-image", images[3].loc)
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
    """A word the reader does not read (here: an equation) is an ingest.dropped-text error
    at its paragraph, which keeps the sheet from families."""
    math = "http://schemas.openxmlformats.org/officeDocument/2006/math"

    def make(word: WordDocument) -> None:
        HEURISTICS["hidden-text"](word)
        paragraph = word.add_paragraph("Give ")
        append_xml(
            paragraph,
            f"<m:oMath xmlns:m='{math}'><m:r><m:t>dose = weight * 15</m:t></m:r></m:oMath>",
        )

    path = tmp_path / NAME
    path.write_bytes(built(make))
    (lost,) = [f for f in read(path, config, NAME).findings if f.rule == "ingest.dropped-text"]
    assert lost.loc.place == "paragraph 6" and "'dose weight 15'" in lost.message


def test_tracked_changes_keep_the_sheet_from_families(tmp_path: Path, config: Config) -> None:
    path = tmp_path / NAME
    path.write_bytes(built(HEURISTICS["tracked-changes"]))
    with pytest.raises(SourceError, match=r"first docx\.tracked-change at paragraph 3"):
        read_publishable(path, config, Policy(config), dt.date(2026, 1, 1), NAME)


def test_our_tables_and_pictures_read_back_as_written(tmp_path: Path, config: Config) -> None:
    """What our DOCX writer makes of tables and pictures, the reader reads back (row
    headers aside: Word marks a first column by default, so it is not read)."""
    table = replace(DOSES, row_headers=False)
    document = sheet(table, SYRINGE, BORDER)
    path = tmp_path / NAME
    path.write_bytes(docx_writer.write(document))
    result = read(path, config, NAME)
    assert result.findings == ()
    assert dump(result.document, locations=False).replace("publisher:\n", "") == dump(
        document, locations=False
    ).replace("publisher:\n", "")


# --- the same sheets saved by LibreOffice --------------------------------------------------

#: Sheets LibreOffice saves with everything the reader looks at intact (it drops Word's
#: "decorative" mark from pictures, so the pictures sheet reads differently, as it should).
LIBREOFFICE_SAME = (
    "hidden-text",
    "notes",
    "numbered-headings",
    "tables",
    "text-box",
    "tracked-changes",
    "typed-numbers",
)


@pytest.fixture(scope="module")
def libreoffice_saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every heuristic sheet opened and saved again as .docx by LibreOffice, in one run."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        )
    folder = tmp_path_factory.mktemp("libreoffice")
    (folder / "in").mkdir()
    for name, make in HEURISTICS.items():
        (folder / "in" / f"{name}.docx").write_bytes(built(make))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder / "out"),
            *sorted(str(path) for path in (folder / "in").iterdir()),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder / "out"


@pytest.mark.parametrize("name", LIBREOFFICE_SAME)
def test_a_sheet_saved_by_libreoffice_reads_the_same(
    tmp_path: Path, config: Config, libreoffice_saved: Path, name: str
) -> None:
    ours = read_sheet(tmp_path, config, name)
    theirs = read(libreoffice_saved / f"{name}.docx", config, NAME)
    assert dump(theirs.document, locations=False) == dump(ours.document, locations=False)
    assert [f.rule for f in theirs.findings] == [f.rule for f in ours.findings]


def test_pictures_saved_by_libreoffice_keep_their_alt_text(
    config: Config, libreoffice_saved: Path
) -> None:
    result = read(libreoffice_saved / "pictures.docx", config, NAME)
    images = [b for s in result.document.sections for b in s.blocks if isinstance(b, Image)]
    assert [i.alt for i in images] == [
        "An oral syringe filled to the 5 mL line",
        "",
        "",
        "Clinic logo",
        "A full syringe",
    ]
    assert not [f for f in result.findings if f.rule == "ingest.dropped-text"]


# --- no word lost, whatever the sheet ----------------------------------------------------

_WORDS = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "Zs"), exclude_characters="<>&\x00"),
    min_size=1,
    max_size=40,
)
_KINDS = ("plain", "bold", "hidden", "bullet", "number", "box", "cell", "heading", "empty")


@given(st.lists(st.tuples(st.sampled_from(_KINDS), _WORDS), min_size=1, max_size=12))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_word_is_lost_whatever_the_paragraphs(paragraphs: list[tuple[str, str]]) -> None:
    """Every word a generated sheet shows is in the model or removed by a named rule."""

    def make(word: WordDocument) -> None:
        word.add_paragraph("Fever", style="Title")
        for kind, text in paragraphs:
            match kind:
                case "bold" | "hidden":
                    run = word.add_paragraph("Give it. ").add_run(text)
                    run.bold = kind == "bold"
                    run.font.hidden = kind == "hidden"
                case "bullet" | "number":
                    word.add_paragraph(("\u2022 " if kind == "bullet" else "3. ") + text)
                case "box":
                    append_xml(word.add_paragraph("See the box."), text_box_run(escape(text)))
                case "cell":
                    word.add_table(rows=1, cols=2).rows[0].cells[1].text = text
                case "heading":
                    word.add_heading(text, level=2)
                case "empty":
                    word.add_paragraph(text if not text.strip() else "")
                case _:
                    word.add_paragraph(text)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / NAME
        path.write_bytes(built(make))
        try:
            result = read(path, CONFIG, NAME)
        except SourceError as error:  # a sheet of nothing but a stamp, say: said, not lost
            assert "no text" in error.message
            return
    assert [f.message for f in result.findings if f.rule == "ingest.dropped-text"] == []
