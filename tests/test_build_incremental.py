"""Incremental and parallel builds: only what changed is rebuilt, and a killed build
never leaves a half-written output or a manifest that would wrongly skip a sheet.

Temporary files: a build killed between creating an atomic write's temporary file
(`.<name>.<random>.tmp`) and renaming it leaves that file behind; the next build in the
same `outputs/` folder deletes such leftovers, so they never accumulate.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.generate import edit, generate
from pipeline import manifest
from pipeline.build import MANIFEST_NAME, build
from pipeline.config import Config
from pipeline.discovery import discover
from tests.conftest import ROOT, contents, kill_once_writing


def library(tmp_path: Path, config: Config, count: int = 4) -> Config:
    sources = tmp_path / "sources"
    generate(sources, count)
    return replace(config, sources=sources, outputs=tmp_path / "outputs")


def run(settings: Config, jobs: int = 1) -> dict[str, str]:
    """Build and return each source's state: "built", "unchanged", "removed" or the error."""
    results = build(settings, discover(settings.sources), jobs)
    return {
        Path(r.source).name: r.error
        or ("unchanged" if r.unchanged else "removed" if r.gone else "built")
        for r in results
    }


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file under `folder`: modification time (ns) and content hash."""
    return {
        path.relative_to(folder).as_posix(): (
            path.stat().st_mtime_ns,
            hashlib.sha256(path.read_bytes()).hexdigest(),
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_second_build_writes_nothing(tmp_path: Path, config: Config) -> None:
    settings = library(tmp_path, config)
    assert set(run(settings).values()) == {"built"}
    before = snapshot(settings.outputs)
    assert MANIFEST_NAME in before
    time.sleep(0.01)  # a rewrite, if any, would get a later mtime
    assert set(run(settings).values()) == {"unchanged"}
    assert snapshot(settings.outputs) == before


def test_editing_one_sheet_rebuilds_only_that_sheet(tmp_path: Path, config: Config) -> None:
    settings = library(tmp_path, config)
    run(settings)
    (changed,) = edit(discover(settings.sources), 0.25)
    states = run(settings)
    assert states.pop(changed.name) == "built"
    assert set(states.values()) == {"unchanged"}
    assert set(run(settings).values()) == {"unchanged"}


def test_deleted_or_hand_edited_outputs_are_rebuilt(tmp_path: Path, config: Config) -> None:
    settings = library(tmp_path, config)
    run(settings)
    clean = contents(settings.outputs)
    first, second, *_ = discover(settings.sources)
    (settings.outputs / "en" / f"{first.stem}.docx").unlink()
    html = settings.outputs / "en" / f"{second.stem}.html"
    html.write_bytes(html.read_bytes().replace(b"<body", b"<body data-edited"))
    states = run(settings)
    assert states.pop(first.name) == states.pop(second.name) == "built"
    assert set(states.values()) == {"unchanged"}
    assert contents(settings.outputs) == clean


def test_changed_settings_or_model_rebuild_everything(
    tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = library(tmp_path, config)
    run(settings)
    assert set(run(replace(settings, review_cycle_years=2)).values()) == {"built"}
    assert set(run(replace(settings, review_cycle_years=2)).values()) == {"unchanged"}
    monkeypatch.setattr(manifest, "MODEL_VERSION", manifest.MODEL_VERSION + 1)
    assert set(run(replace(settings, review_cycle_years=2)).values()) == {"built"}
    # Where a sheet whose review date does not vouch for it goes is decided by a setting.
    assert set(run(replace(settings, unreviewed="publish")).values()) == {"built"}


def test_settings_that_do_not_shape_outputs_rebuild_nothing(tmp_path: Path, config: Config) -> None:
    settings = library(tmp_path, config)
    run(settings)
    moved = replace(settings, audit=replace(settings.audit, review_warning_days=1))
    assert set(run(moved).values()) == {"unchanged"}


@pytest.mark.parametrize("damage", [b"{not json", b"[]", b'{"format": 2, "entries": {"a": 3}}'])
def test_a_corrupt_manifest_rebuilds_everything_with_a_warning(
    tmp_path: Path, config: Config, capsys: pytest.CaptureFixture[str], damage: bytes
) -> None:
    settings = library(tmp_path, config)
    run(settings)
    clean = contents(settings.outputs)
    (settings.outputs / MANIFEST_NAME).write_bytes(damage)
    assert set(run(settings).values()) == {"built"}
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unusable" in err and "redoing everything" in err
    assert contents(settings.outputs) == clean
    assert set(run(settings).values()) == {"unchanged"}


def test_failed_and_removed_sheets_keep_the_manifest_consistent(
    tmp_path: Path, config: Config
) -> None:
    settings = library(tmp_path, config)
    run(settings)
    broken, gone, *_ = discover(settings.sources)
    broken_text = broken.read_bytes()
    broken.write_bytes(b"")
    gone.unlink()
    manifest = (settings.outputs / MANIFEST_NAME).read_text(encoding="utf-8")
    assert gone.name in manifest
    states = run(settings)
    assert "file is empty" in states.pop(broken.name)
    assert states.pop(gone.name) == "removed"
    assert set(states.values()) == {"unchanged"}
    manifest = (settings.outputs / MANIFEST_NAME).read_text(encoding="utf-8")
    assert gone.name not in manifest  # its entry is dropped, and outputs mirror sources:
    assert not list((settings.outputs / "en").glob(f"{gone.stem}.*"))
    assert broken.name in manifest  # the failed sheet's entry is left as it was
    broken.write_bytes(broken_text)
    assert run(settings)[broken.name] == "unchanged"


def test_parallel_builds_match_serial_ones(tmp_path: Path, config: Config) -> None:
    serial = library(tmp_path / "serial", config, 12)
    parallel = library(tmp_path / "parallel", config, 12)
    assert set(run(serial, jobs=1).values()) == {"built"}
    assert list(run(parallel, jobs=2).values()) == ["built"] * 12
    assert contents(parallel.outputs) == contents(serial.outputs)


def test_a_killed_build_leaves_whole_files_and_the_next_build_finishes(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    paths = generate(sources, 150)  # long enough to be killed midway on a fast machine
    toml = tmp_path / "pipeline.toml"
    toml.write_text('urgent = ["call 911"]\n', encoding="utf-8")
    command = [sys.executable, "-m", "pipeline.cli", "--config", str(toml), "build"]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}

    def pipeline(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, *extra],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )

    pipeline()
    outputs = tmp_path / "outputs"
    previous = contents(outputs)
    edit(paths, 1.0)
    worker = subprocess.Popen(
        [*command, "--jobs", "1"], cwd=tmp_path, env=environment, stdout=subprocess.DEVNULL
    )
    kill_once_writing(worker, outputs, 0.2)
    killed = contents(outputs)
    assert killed != previous, "the build had not started writing"
    assert killed[MANIFEST_NAME] == previous[MANIFEST_NAME], "the build had already finished"
    for name, data in killed.items():
        if name.endswith(".tmp"):
            assert Path(name).name.startswith(".")
            continue
        assert name in previous
        if name.endswith(".docx"):
            assert zipfile.ZipFile(outputs / name).testzip() is None
        if name.endswith(".html"):
            assert data.endswith(b"</html>\n")
    assert "0 failed" in pipeline().stdout
    rebuilt = contents(outputs)
    assert not [name for name in rebuilt if name.endswith(".tmp")]
    clean = tmp_path / "clean"
    (clean / "sources").mkdir(parents=True)
    for path in sources.iterdir():
        (clean / "sources" / path.name).write_bytes(path.read_bytes())
    (clean / "pipeline.toml").write_bytes(toml.read_bytes())
    subprocess.run(
        [*command[:4], str(clean / "pipeline.toml"), "build"],
        cwd=clean,
        env=environment,
        check=True,
    )
    assert rebuilt == contents(clean / "outputs")


def test_a_picture_changed_beside_a_markdown_sheet_rebuilds_it(
    tmp_path: Path, config: Config
) -> None:
    sheet = (
        "# Using a Syringe\n\n![A syringe filled to 5 mL](syringe.png)\n\n"
        "Fill it to the line.\n\nLast reviewed 3/2026\n"
    )
    settings = _built_with_picture(tmp_path, config, "syringe.md", sheet, "syringe.png")
    sources = settings.sources
    (again,) = build(settings, discover(sources))
    assert again.unchanged
    _draw(sources / "syringe.png", "black")
    (changed,) = build(settings, discover(sources))
    assert not changed.unchanged
    (sources / "syringe.png").unlink()
    (gone,) = build(settings, discover(sources))
    assert not gone.unchanged


def test_a_srcset_picture_saved_beside_a_web_sheet_rebuilds_it(
    tmp_path: Path, config: Config
) -> None:
    sheet = (
        "<main><h1>Using a Syringe</h1><picture><source srcset='big.png 2x, small.png 1x'>"
        "<img src='/media/syringe.jpg' alt='A syringe filled to 5 mL'></picture>"
        "<p>Fill it to the line.</p><p>Last reviewed 3/2026</p></main>"
    )
    settings = _built_with_picture(tmp_path, config, "syringe.html", sheet, "big.png")
    sources = settings.sources
    _draw(sources / "big.png", "black")
    (changed,) = build(settings, discover(sources))
    assert not changed.unchanged
    _draw(sources / "small.png", "black")  # a new candidate
    (added,) = build(settings, discover(sources))
    assert not added.unchanged


def _draw(path: Path, colour: str) -> None:
    from PIL import Image  # noqa: PLC0415 (only these tests draw pictures)

    Image.new("RGB", (40, 20), colour).save(path)


def _built_with_picture(
    tmp_path: Path, config: Config, name: str, sheet: str, picture: str
) -> Config:
    """Settings for a project of one sheet and a white picture beside it, built once."""
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / name).write_text(sheet, encoding="utf-8")
    _draw(sources / picture, "white")
    settings = replace(config, sources=sources, outputs=tmp_path / "outputs")
    (first,) = build(settings, discover(sources))
    assert first.error is None and not first.unchanged
    return settings
