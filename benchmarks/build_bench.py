"""Build throughput, and what incremental builds save, on a generated library of sheets.

    python -m benchmarks.build_bench [--count 1000] [--jobs N] [--seed 0]

Figures, each for the English build (`pipeline build` without translations):
- full build: every sheet read and written to HTML, DOCX and text, from an empty
  `outputs/`; target `FULL_TARGET` sheets/s;
- no-op rebuild: nothing changed, so only hashes are checked; target `NOOP_TARGET` s;
- one sheet edited: the rebuild writes that sheet only;
- peak memory: resident set size (ru_maxrss) of this process and of the largest worker.

Builds run in this process through `pipeline.build.build` (the path `pipeline build
--jobs N` takes), so interpreter start and imports are left out. If Debian's `pandoc` is
installed, the same text sheets are converted one pandoc process per sheet and format
(HTML and DOCX, `--jobs` at a time), the usual shell-loop alternative, for a ratio; it is
never installed from here. Reported, not enforced: the exit code is 0 either way.
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.generate import edit, generate
from pipeline import config as config_module
from pipeline.build import build
from pipeline.config import Config
from pipeline.discovery import discover

ROOT = Path(__file__).resolve().parent.parent
FULL_TARGET = 50.0
NOOP_TARGET = 1.0


def _timed(config: Config, jobs: int) -> tuple[float, dict[str, int]]:
    """Seconds for one build, and how many sheets were built, unchanged or failed."""
    start = time.perf_counter()
    results = build(config, discover(config.sources), jobs)
    seconds = time.perf_counter() - start
    counts = {"built": 0, "unchanged": 0, "failed": 0}
    for result in results:
        state = "failed" if result.error else "unchanged" if result.unchanged else "built"
        counts[state] += 1
    return seconds, counts


def _pandoc(pandoc: str, sources: Path, out: Path, jobs: int) -> float:
    """Seconds for one pandoc process per sheet and format, `jobs` running at a time."""
    out.mkdir()
    commands = [
        [pandoc, "-f", "markdown", "-t", target, str(path), "-o", str(out / f"{path.stem}.{ext}")]
        for path in sorted(sources.glob("*.txt"))
        for target, ext in (("html", "html"), ("docx", "docx"))
    ]
    start = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(lambda command: subprocess.run(command, check=True), commands))
    return time.perf_counter() - start


def _mib(kib: int) -> str:
    return f"{kib / 1024:.1f} MiB"


def report(folder: Path, *, count: int, seed: int, jobs: int) -> None:
    sources = folder / "sources"
    paths = generate(sources, count, seed)
    config = dataclasses.replace(
        config_module.load(ROOT / "pipeline.toml"), sources=sources, outputs=folder / "outputs"
    )
    print(f"{count} generated sheets (seed {seed}), {jobs} job(s), Python {sys.version.split()[0]}")
    full, counts = _timed(config, jobs)
    rate = count / full
    verdict = "met" if rate >= FULL_TARGET else "NOT MET"
    print(f"full build:        {full:7.2f} s  {rate:7.1f} sheets/s  {counts}")
    print(f"  target >= {FULL_TARGET:g} sheets/s: {verdict}")
    noop, counts = _timed(config, jobs)
    verdict = "met" if noop <= NOOP_TARGET else "NOT MET"
    print(f"no-op rebuild:     {noop:7.2f} s  {counts}")
    print(f"  target <= {NOOP_TARGET:g} s: {verdict}")
    edit(paths, 1 / count, seed)
    one, counts = _timed(config, jobs)
    print(f"one sheet edited:  {one:7.2f} s  {counts}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"peak RSS (ru_maxrss): this process {_mib(own)}, largest worker {_mib(workers)}")
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        print("pandoc: not installed, no comparison (apt-get install pandoc to add one)")
        return
    seconds = _pandoc(pandoc, sources, folder / "pandoc", jobs)
    print(
        f"pandoc, one process per sheet and format (HTML, DOCX): {seconds:.2f} s, "
        f"{count / seconds:.1f} sheets/s; the full build is {seconds / full:.2f}x as fast"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Full and incremental build throughput.")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=1, help="build processes")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if min(args.count, args.jobs) < 1:
        parser.error("--count and --jobs must be at least 1")
    with tempfile.TemporaryDirectory(prefix="build-bench-") as temp:
        report(Path(temp), count=args.count, seed=args.seed, jobs=args.jobs)
    return 0  # a report, not a gate: missing a target is printed, not an error


if __name__ == "__main__":
    sys.exit(main())
