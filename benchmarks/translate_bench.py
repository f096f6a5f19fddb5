"""Spanish machine drafts through Apertium on a generated library, and what memory saves.

    python -m benchmarks.translate_bench [--count 1000] [--jobs 2]

Translates a library of distinct generated sheets into Spanish with the project's settings
(Apertium engine, the Spanish glossary), then edits 10% of the sheets (one sentence each)
and translates again: the second run should send only the changed sentences to the
engine; a third run, with nothing new, should find that out at once. Reports segments/s
of the first run, the share of segments served from memory in the second, the time of
the third, the status report's size and time (`pipeline.report.translation`), and peak
memory (ru_maxrss). `--jobs` processes share the work, as with
`pipeline translate --jobs N`.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import resource
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.generate import edit, generate
from pipeline import config as config_module
from pipeline.config import Config
from pipeline.report import translation as report
from pipeline.translate import command, xliff

#: The default size cap on XLIFF files.
CAP = Config().translation.max_xliff_bytes

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 25)


def memory_sources(folder: Path) -> list[str]:
    """English of every unit in every sheet's memory."""
    return [
        unit.source
        for path in sorted(folder.glob("*.xlf"))
        if (memory := xliff.load(path, CAP)) is not None
        for unit in memory.units
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        paths = generate(root / "sources", args.count)
        (root / "translations").mkdir()
        shutil.copy(ROOT / "translations" / "labels.toml", root / "translations")
        config = config_module.load(ROOT / "pipeline.toml")
        translation = dataclasses.replace(
            config.translation, memory=root / "translations", engines={"es": "apertium"}
        )
        config = dataclasses.replace(
            config,
            sources=root / "sources",
            outputs=root / "outputs",
            translation=translation,
            audit=dataclasses.replace(config.audit, report=root / "outputs" / "report"),
        )
        start = time.perf_counter()
        command.translate(config, paths, ["es-US"], TODAY, jobs=args.jobs)
        seconds = time.perf_counter() - start
        before = memory_sources(root / "translations" / "es")
        segments, first = len(before), len(set(before))
        edit(paths, 0.10)
        start = time.perf_counter()
        command.translate(config, paths, ["es-US"], TODAY, jobs=args.jobs)
        again = time.perf_counter() - start
        start = time.perf_counter()
        outcomes = command.translate(config, paths, ["es-US"], TODAY, jobs=args.jobs)[1]
        idle = time.perf_counter() - start
        start = time.perf_counter()
        reports = report.write(outcomes, config, TODAY)
        reporting = time.perf_counter() - start
        sizes = ", ".join(f"{path.name} {path.stat().st_size / 1e6:.2f} MB" for path in reports)
        known = set(before)
        asked = len(
            {text for text in memory_sources(root / "translations" / "es") if text not in known}
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{args.count} sheets, {segments} segments, {first} distinct (the engine's share)")
    print(
        f"first run: {seconds:.1f} s, {segments / seconds:.0f} segments/s end to end "
        "(memory, engine, QA, XLIFF and three outputs per sheet)"
    )
    served = 1 - asked / segments
    print(
        f"after editing 10% of sheets: {asked} new segments for the engine; "
        f"{served:.2%} served from memory; {again:.1f} s"
    )
    print(f"and again with nothing new: {idle:.2f} s")
    print(f"status report: {sizes}, written in {reporting:.2f} s")
    print(
        f"peak memory: {peak:.0f} MiB main process, {worker:.0f} MiB largest worker or "
        "engine process (ru_maxrss)"
    )


if __name__ == "__main__":
    main()
