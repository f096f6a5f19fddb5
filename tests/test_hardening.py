"""Safety of the run itself: nothing written outside outputs/ and translations/, no private
file read through a link, one run at a time, and every way a run ends is a message and an
exit code (issue 11)."""

from __future__ import annotations

import datetime as dt
import io
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline import cli, exits, lock, paths, tags
from pipeline.build import build
from pipeline.config import Config
from pipeline.discovery import discover
from pipeline.errors import SourceError
from pipeline.parallel import process_map
from pipeline.readers import read
from pipeline.translate import command, xliff
from tests.conftest import ROOT, SEED

TODAY = dt.date(2026, 1, 1)
SHEET = "Fever Medicine\n\nGive it with food.\n\nLast reviewed 8/2025\n"


def project(tmp_path: Path, config: Config, **sheets: str) -> Config:
    sources = tmp_path / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    for name, text in sheets.items():
        (sources / name).write_text(text, encoding="utf-8")
    return replace(config, sources=sources, outputs=tmp_path / "outputs")


def everything(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


# --- language tags and output paths ---------------------------------------------------


@pytest.mark.parametrize(
    "tag", ["../../etc", "/tmp/outputs", "en/../../x", "x-klingon", "und", "", "en US"]
)
def test_what_is_no_language_tag_names_no_folder(tmp_path: Path, tag: str) -> None:
    with pytest.raises(paths.PathError):
        paths.sheet_file(tmp_path, tag, "fever", "html")


@pytest.mark.parametrize(
    ("tag", "folder"), [("en-US", "en"), ("es_us", "es"), ("ES-419", "es"), ("zh-Hant-TW", "zh")]
)
def test_a_tag_names_its_language_folder(tmp_path: Path, tag: str, folder: str) -> None:
    assert paths.sheet_file(tmp_path, tag, "fever", "html") == tmp_path / folder / "fever.html"
    draft = paths.sheet_file(tmp_path, tag, "fever", "txt", draft=True)
    assert draft == tmp_path / "drafts" / folder / "fever.txt"


@pytest.mark.parametrize("name", ["a\nb", "..", ".hidden", "a/b", "x" * 200, "tab\there", ""])
def test_a_name_that_cannot_name_a_file_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(paths.PathError):
        paths.sheet_file(tmp_path, "en-US", name, "html")


def test_a_linked_language_folder_leading_out_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outputs").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "outputs" / "en").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(paths.PathError, match="outside"):
        paths.sheet_file(tmp_path / "outputs", "en-US", "fever", "html")


def _word(lang: str) -> bytes:
    """A minimal Word document whose text is marked as `lang`."""
    body = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:body><w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:rPr>'
        f'<w:lang w:val="{lang}"/></w:rPr><w:t>Fever Medicine</w:t></w:r></w:p>'
        f'<w:p><w:r><w:rPr><w:lang w:val="{lang}"/></w:rPr><w:t>Give it with food.</w:t>'
        "</w:r></w:p></w:body></w:document>"
    )
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as zipped:
        zipped.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Override PartName="/word/document.xml" ContentType="'
            'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        zipped.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        zipped.writestr("word/document.xml", body)
    return package.getvalue()


@pytest.mark.parametrize("lang", ["/tmp/evil", "../../../tmp/evil", "es-US", "qq-ZZ-@"])
def test_a_word_sheet_marked_as_another_language_or_a_path_is_refused(
    tmp_path: Path, config: Config, lang: str
) -> None:
    settings = project(tmp_path / "project", config)
    (settings.sources / "fever.docx").write_bytes(_word(lang))
    before = everything(tmp_path)
    (result,) = build(settings, discover(settings.sources))
    assert result.error is not None and "language" in result.error
    created = everything(tmp_path) - before
    assert all(path.is_relative_to(settings.outputs) for path in created)
    assert not (settings.outputs / "es").exists()


def test_a_word_sheet_in_another_english_is_built_in_english(
    tmp_path: Path, config: Config
) -> None:
    settings = project(tmp_path, config)
    (settings.sources / "fever.docx").write_bytes(_word("en-GB"))
    (result,) = build(settings, discover(settings.sources))
    assert result.error is None
    undated = settings.outputs / "drafts" / "en" / "fever.html"  # no review date: staff only
    assert 'lang="en-GB"' in undated.read_text(encoding="utf-8")


def test_markdown_front_matter_cannot_name_a_folder(tmp_path: Path, config: Config) -> None:
    text = "---\ntitle: Fever\nlang: es-US\n---\n\nGive it with food.\n"
    settings = project(tmp_path, config, **{"fever.md": text})
    with pytest.raises(SourceError, match="marked as language es-US"):
        read(settings.sources / "fever.md", settings)


def test_a_target_language_that_is_no_tag_is_a_usage_error(
    tmp_path: Path, config: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = project(tmp_path, config, **{"fever.txt": SHEET})
    with pytest.raises(exits.UsageError, match="not a language tag"):
        command.translate(settings, discover(settings.sources), ["../../x"], TODAY)


def test_an_imported_file_cannot_name_a_folder_outside_translations(
    tmp_path: Path, config: Config
) -> None:
    memory = xliff.SheetMemory("sources/fever.txt", "en-US", "../../../evil", (), ())
    returned = tmp_path / "returned.xlf"
    returned.write_bytes(xliff.write(memory))
    settings = replace(
        config, translation=replace(config.translation, memory=tmp_path / "translations")
    )
    with pytest.raises(Exception, match=r"language tag|not a memory"):
        command.import_translation(settings, returned, "Ana Ruiz", TODAY)
    assert not (tmp_path.parent / "evil").exists()


def test_settings_must_name_real_languages(tmp_path: Path) -> None:
    settings = tmp_path / "pipeline.toml"
    settings.write_text('[translation]\nlanguages = ["../es"]\n', encoding="utf-8")
    assert cli.main(["--config", str(settings), "build"]) == exits.USAGE


def test_canonical_tags() -> None:
    assert tags.canonical("en_us") == "en-US"
    assert tags.same_language("en-GB", "en-US") and not tags.same_language("es", "en")


# --- sources that are not plain files -----------------------------------------------------


def test_a_link_to_a_private_file_is_refused(tmp_path: Path, config: Config) -> None:
    settings = project(tmp_path, config)
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (settings.sources / "passwd.txt").symlink_to(secret)
    (result,) = build(settings, discover(settings.sources))
    assert result.error is not None and "symbolic link" in result.error
    assert not settings.outputs.exists() or not list(settings.outputs.rglob("passwd*"))


def test_links_inside_the_project_are_read_when_the_settings_allow(
    tmp_path: Path, config: Config
) -> None:
    settings = replace(project(tmp_path, config), follow_source_links=True)
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "fever.txt").write_text(SHEET, encoding="utf-8")
    (settings.sources / "fever.txt").symlink_to(tmp_path / "shared" / "fever.txt")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text(SHEET, encoding="utf-8")
    (settings.sources / "other.txt").symlink_to(outside)
    inside, elsewhere = build(settings, discover(settings.sources))
    assert inside.error is None
    assert elsewhere.error is not None and "outside the project" in elsewhere.error


def test_a_pipe_is_refused_without_blocking(tmp_path: Path, config: Config) -> None:
    settings = project(tmp_path, config)
    os.mkfifo(settings.sources / "pipe.txt")
    with pytest.raises(SourceError, match="not a regular file"):
        read(settings.sources / "pipe.txt", settings)


def test_a_file_name_with_a_line_break_is_refused_and_forges_no_log_line(
    tmp_path: Path, config: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = project(tmp_path, config, **{"fever\n::error::x.txt": SHEET})
    (result,) = build(settings, discover(settings.sources))
    assert result.error is not None and "rename the file" in result.error
    toml = tmp_path / "pipeline.toml"
    toml.write_text('sources = "sources"\noutputs = "outputs"\n', encoding="utf-8")
    assert cli.main(["--config", str(toml), "build"]) == exits.FAILED
    captured = capsys.readouterr()
    lines = (captured.out + captured.err).splitlines()
    assert not [line for line in lines if line.startswith("::")], lines


# --- one run at a time, and every ending a message --------------------------------------


def _cli(folder: Path, *arguments: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", *arguments],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _library(tmp_path: Path, count: int) -> Path:
    (tmp_path / "sources").mkdir()
    text = SEED.read_text(encoding="utf-8")
    for n in range(count):
        (tmp_path / "sources" / f"sheet{n:03}.txt").write_text(
            text.replace("Aldesleukin", f"Aldesleukin {n}"), encoding="utf-8"
        )
    (tmp_path / "pipeline.toml").write_text('sources = "sources"\n', encoding="utf-8")
    return tmp_path


def test_a_second_run_waits_for_the_first(tmp_path: Path) -> None:
    folder = _library(tmp_path, 2)
    with lock.holding(folder / "outputs"):
        second = _cli(folder, "build")
        assert second.stderr is not None
        waiting = second.stderr.readline()  # blocks until the second run says it waits
        assert "waiting: another pipeline run is using outputs/" in waiting
        time.sleep(0.5)
        assert second.poll() is None, "the second run did not wait"
        assert not (folder / "outputs" / "en").exists()
    out, err = second.communicate(timeout=120)
    assert second.returncode == exits.OK, err
    assert "2 built" in out


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_stopped_parallel_build_says_so_and_leaves_no_worker(
    tmp_path: Path, signum: int, code: int
) -> None:
    folder = _library(tmp_path, 300)
    run = _cli(folder, "build", "--jobs", "2")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(folder.glob("outputs/en/*"))) < 6:
        time.sleep(0.05)
    children = _children(run.pid)
    run.send_signal(signum)
    _, err = run.communicate(timeout=60)
    assert run.returncode == code, err
    assert "interrupted" in err and "nothing half-written" in err and "Traceback" not in err
    time.sleep(0.5)
    assert not [pid for pid in children if _alive(pid)], "a worker outlived the run"
    assert not list(folder.glob("outputs/**/*.tmp"))


def _slowly(pause: float, item: int) -> int:
    time.sleep(pause)
    return item


def test_closing_a_process_map_stops_its_workers_at_once() -> None:
    """A run stopped while it works between results (the build writes each sheet) leaves
    the generator suspended; closing it must end the workers there and then, or the exit
    waits for all the work they have left (a stopped build once hung 60 s that way)."""
    others = {child.pid for child in multiprocessing.active_children()}  # earlier tests'
    results = process_map(_slowly, list(range(1000)), shared=0.05, jobs=2, chunksize=1)
    assert next(results) == 0
    workers = [w for w in multiprocessing.active_children() if w.pid not in others]
    assert workers, "the map had no workers"
    begin = time.monotonic()
    results.close()
    assert time.monotonic() - begin < 5, "closing waited for the work left"
    # Asked of the kernel, not of `is_alive()`: the pool's own thread reaps the workers too,
    # and a Process whose child another thread reaped reports itself alive for ever.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(w.pid) for w in workers if w.pid):
        time.sleep(0.05)
    assert not [w.pid for w in workers if w.pid and _alive(w.pid)], "a worker outlived the map"


def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    folder = _library(tmp_path, 300)
    run = _cli(folder, "build", "--jobs", "2")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(folder.glob("outputs/en/*"))) < 6:
        time.sleep(0.05)
    children = _children(run.pid)
    assert children, "the build had no workers"
    run.kill()
    run.communicate(timeout=60)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.1)
    assert not [pid for pid in children if _alive(pid)], "a worker outlived its killed parent"


def _children(pid: int) -> list[int]:
    found = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False
    )
    return [int(line) for line in found.stdout.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie has ended; so has a process reaped between the two looks
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def test_an_internal_error_is_one_line_asking_for_a_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("x" * 5000)

    monkeypatch.setattr("pipeline.build.build", broken)
    settings = tmp_path / "pipeline.toml"
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "fever.txt").write_text(SHEET, encoding="utf-8")
    settings.write_text('sources = "sources"\noutputs = "outputs"\n', encoding="utf-8")
    assert cli.main(["--config", str(settings), "build"]) == exits.INTERNAL
    err = capsys.readouterr().err
    assert err.startswith("error: internal error: RuntimeError: xxx") and "please report it" in err
    assert "Traceback" not in err and len(err) < 500
    assert cli.main(["--config", str(settings), "--debug", "build"]) == exits.INTERNAL
    assert "Traceback" in capsys.readouterr().err


def test_outputs_that_cannot_be_written_are_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _library(tmp_path, 1)
    (folder / "outputs").write_text("a file where the outputs folder should be\n", encoding="utf-8")
    assert cli.main(["--config", str(folder / "pipeline.toml"), "build"]) == exits.USAGE
    err = capsys.readouterr().err
    assert "Traceback" not in err and "outputs" in err


def test_a_parallel_build_ends_its_workers_without_a_word(tmp_path: Path) -> None:
    """The pool ends idle workers with SIGTERM; they must not print the parent's clean-stop
    traceback (pipeline.cli turns SIGTERM into a stop in the parent only)."""
    shutil.copy(ROOT / "pipeline.toml", tmp_path / "pipeline.toml")
    shutil.copytree(ROOT / "glossaries", tmp_path / "glossaries")
    (tmp_path / "sources").mkdir()
    for number in range(4):
        shutil.copy(SEED, tmp_path / "sources" / f"sheet{number}.txt")
    run = subprocess.run(
        [sys.executable, "-c", "import sys; from pipeline.cli import main; sys.exit(main())",
         "build", "--jobs", "2"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode == exits.OK, run.stderr
    assert "Traceback" not in run.stderr
