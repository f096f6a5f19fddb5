"""The build: output layout, one bad sheet not stopping others, sources untouched, reproducible."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline import cli, exits
from pipeline.build import build
from pipeline.config import Config
from pipeline.discovery import discover, survey
from tests.conftest import SEED


def project(tmp_path: Path, config: Config, *extra: tuple[str, bytes]) -> Config:
    """A copy of the project's sources (plus `extra` files) with outputs under tmp_path."""
    sources = tmp_path / "sources"
    sources.mkdir(parents=True)
    shutil.copy(SEED, sources / SEED.name)
    for name, data in extra:
        (sources / name).write_bytes(data)
    return replace(config, sources=sources, outputs=tmp_path / "outputs")


def digests(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_layout_is_outputs_lang_sheet_ext(tmp_path: Path, config: Config) -> None:
    settings = project(tmp_path, config)
    (result,) = build(settings, discover(settings.sources))
    assert result.error is None
    assert sorted(digests(settings.outputs)) == [
        ".manifest.json",
        "en/aldesleukin.docx",
        "en/aldesleukin.html",
        "en/aldesleukin.txt",
    ]


def test_builds_are_byte_identical_across_runs_and_folders(tmp_path: Path, config: Config) -> None:
    first = project(tmp_path / "one", config)
    second = project(tmp_path / "elsewhere" / "two", config)
    build(first, discover(first.sources))
    before = digests(first.outputs)
    for path in first.outputs.rglob("*.*"):
        path.unlink()
    build(first, discover(first.sources))
    build(second, discover(second.sources))
    assert digests(first.outputs) == before
    assert digests(second.outputs) == before


BAD = [
    ("empty.txt", b""),
    ("binary.txt", b"\x00\x01\x02\x03"),
    ("notes.pdf", b"%PDF-1.4"),
    ("windows.txt", "Title\n\nIt\u2019s cold.\n".encode("cp1252")),
]


def test_bad_sheets_do_not_stop_good_ones_and_sources_stay_unchanged(
    tmp_path: Path, config: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = project(tmp_path, config, *BAD)
    before = digests(settings.sources)
    toml = tmp_path / "pipeline.toml"
    toml.write_text(
        (Path(__file__).parent.parent / "pipeline.toml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    assert cli.main(["--config", str(toml), "build"]) == exits.FAILED
    out, err = capsys.readouterr()
    assert digests(settings.sources) == before
    assert "built  " in out and "aldesleukin" in out
    assert "windows.txt" in out  # read with a warning, still built
    # The encoding warning, and windows.txt has no review date: built for staff only.
    assert "5 sheet(s): 2 built, 0 unchanged, 3 failed, 2 warning(s)" in out
    assert "empty.txt: file is empty" in err
    assert "binary.txt:1: binary data" in err
    assert "notes.pdf: is not a readable PDF" in err
    assert "windows.txt:3:1: warning: source.encoding:" in err
    assert (settings.outputs / "en" / "aldesleukin.html").exists()
    assert (settings.outputs / "drafts" / "en" / "windows.txt").exists()


def test_two_sources_with_one_sheet_name_fail_clearly(tmp_path: Path, config: Config) -> None:
    settings = project(tmp_path, config)
    nested = settings.sources / "copy"
    nested.mkdir()
    shutil.copy(SEED, nested / SEED.name)
    results = build(settings, discover(settings.sources))
    errors = [result.error for result in results if result.error]
    assert len(errors) == 1
    assert "sheet name 'aldesleukin' is already used by" in errors[0]


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "pipeline.toml"
    bad.write_text("nonsense = 1\n", encoding="utf-8")
    assert cli.main(["--config", str(bad), "build"]) == exits.USAGE
    empty = tmp_path / "empty.toml"
    (tmp_path / "sources").mkdir()
    empty.write_text("", encoding="utf-8")
    assert cli.main(["--config", str(empty), "build"]) == exits.USAGE
    assert "no sheets in" in capsys.readouterr().err


def test_dump_command_prints_the_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["dump", "--no-locations", str(SEED)]) == exits.OK
    assert 'Item Urgent ["trouble breathing (" Strong "call 911" ")"]' in capsys.readouterr().out


def test_progress_is_reported_as_sheets_finish(tmp_path: Path, config: Config) -> None:
    settings = project(tmp_path, config, ("two.txt", b"Title\n\nText here.\n"))
    calls: list[tuple[int, int]] = []
    build(
        settings,
        discover(settings.sources),
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(0, 2), (1, 2), (2, 2)]


def test_progress_line_counts_and_estimates() -> None:
    assert cli.progress_line(0, 1000, 0.0) == "0/1000 sheets"
    assert cli.progress_line(250, 1000, 5.0) == "250/1000 sheets, about 15 s left"
    assert cli.progress_line(1000, 1000, 20.04) == "1000/1000 sheets in 20.0 s"


def test_leftovers_are_skipped_with_one_line_and_unknown_kinds_fail_with_advice(
    tmp_path: Path, config: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = project(tmp_path, config)
    leftovers = ["Thumbs.db", "aldesleukin.txt.bak", "~$draft.docx", "notes.txt~", "pic.PNG"]
    for name in leftovers:
        (settings.sources / name).write_bytes(b"\x00junk")
    (settings.sources / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    found = survey(settings.sources)
    assert sorted(path.name for path in found.skipped) == sorted(leftovers)
    toml = tmp_path / "pipeline.toml"
    toml.write_text(
        (Path(__file__).parent.parent / "pipeline.toml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    assert cli.main(["--config", str(toml), "build"]) == exits.FAILED
    out, err = capsys.readouterr()
    assert "skipped 5 file(s) in" in err and "that are not sheets: " in err
    assert "old.doc: is an old Word file: save it as .docx" in err
    assert "built  sources/aldesleukin.txt" in out or "aldesleukin" in out
    assert (settings.outputs / "en" / "aldesleukin.html").exists()


UNDATED = b"Fever\n\nGive acetaminophen for a fever over 102 F.\n"


def test_a_sheet_with_no_review_date_is_built_for_staff_not_families(
    tmp_path: Path, config: Config
) -> None:
    settings = project(tmp_path, config, ("fever.txt", UNDATED))
    results = {Path(r.source).name: r for r in build(settings, discover(settings.sources))}
    fever = results["fever.txt"]
    assert fever.error is None and fever.withheld is not None
    assert "no review date" in fever.withheld
    drafts = settings.outputs / "drafts" / "en"
    assert {path.name for path in fever.outputs} == {"fever.html", "fever.docx", "fever.txt"}
    assert all(path.parent == drafts for path in fever.outputs)
    assert not list((settings.outputs / "en").glob("fever.*"))
    text = (drafts / "fever.txt").read_text(encoding="utf-8")
    assert text.startswith("For staff only, do not give to families: it has no review date")
    assert results["aldesleukin.txt"].withheld is None  # dated (if overdue): published

    # Dated later: published, and the staff copy is gone.
    (settings.sources / "fever.txt").write_bytes(UNDATED + b"\nLast reviewed 3/2024\n")
    (fever,) = [r for r in build(settings, discover(settings.sources)) if "fever" in r.source]
    assert fever.withheld is None
    assert (settings.outputs / "en" / "fever.html").exists()
    assert not list(drafts.glob("fever.*"))


def test_a_review_date_in_the_future_is_withheld_or_fails_as_set(
    tmp_path: Path, config: Config
) -> None:
    future = UNDATED + b"\nLast reviewed 3/2205\n"
    settings = project(tmp_path, config, ("fever.txt", future))
    (fever,) = [r for r in build(settings, discover(settings.sources)) if "fever" in r.source]
    assert fever.withheld == "its review date (March 2205) is in the future"
    strict = replace(settings, unreviewed="fail", outputs=tmp_path / "strict")
    (fever,) = [r for r in build(strict, discover(strict.sources)) if "fever" in r.source]
    assert fever.error is not None and "in the future" in fever.error
