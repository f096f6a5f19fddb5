"""Audit throughput against textstat alone, on a generated library of distinct sheets.

    python -m benchmarks.audit_bench [--count 1000] [--jobs N] [--repeat 3] [--seed 0]
                                     [--profile]

Why side by side: textstat on each sheet's text is what a plain readability script
pays, so the ratio says what the audit's extra work (reading the structure, spelling,
checks, policy) costs against that. The target is `TARGET` sheets/s for the full audit.
Reported, not enforced: the exit code is 0 whether or not the target is met.

How it measures, so the figures mean the same from run to run:
- Each part runs in fresh processes, so one part's caches and memory peak never leak into
  the other's: the audit as one process using its own pool of `--jobs` workers (the path
  `pipeline audit --jobs N` takes), textstat as `--jobs` processes on every N-th sheet.
- Workers import everything and list their sheets, then wait; the clock runs from the
  moment all are told to start until the last one finishes. Imports are excluded;
  one-time set-up (loading the syllable table, starting hunspell) is included, as a
  CI run pays it too.
- Memory is the peak resident set size of each worker (`getrusage` ru_maxrss, whole
  process: interpreter and imports included; "after imports" shows that floor), and
  for the audit the peak of its hunspell child, a separate process.
- The audit uses the project's `pipeline.toml` with `sources` in the temporary folder,
  and a fixed date, so review findings do not change with the calendar.

`--profile` adds a cProfile run of the audit (one worker, all sheets) and prints where
the time goes.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import dataclasses
import datetime as dt
import io
import json
import pstats
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.generate import TYPOS, expected_typos, generate, typos_in

ROOT = Path(__file__).resolve().parent.parent
#: Sheets per second the full audit should reach with one job.
TARGET = 300.0
#: The audit's "today": after every generated review date (2015-2026).
TODAY = dt.date(2026, 12, 31)
MISSPELLED = re.compile(r'"(?P<word>[^"]+)" is not in the dictionaries')


@dataclasses.dataclass(frozen=True)
class Run:
    """What one worker reports: its sheets, time, memory and (audit) findings."""

    sheets: int
    seconds: float
    #: Peak resident set size in KiB (ru_maxrss), and before the work began.
    peak_kib: int
    imports_kib: int
    #: Peak RSS of finished child processes (hunspell), KiB; 0 when there were none.
    child_kib: int = 0
    rules: dict[str, int] = dataclasses.field(default_factory=dict)
    misspelled: list[str] = dataclasses.field(default_factory=list)
    unreadable: int = 0


def _shard(folder: Path, shard: int, jobs: int) -> list[Path]:
    return sorted(folder.glob("*.txt"))[shard::jobs]


def _rss_kib(who: int = resource.RUSAGE_SELF) -> int:
    return resource.getrusage(who).ru_maxrss  # KiB on Linux


def _audit_worker(
    folder: Path, paths: list[Path], jobs: int, profile: Path | None
) -> dict[str, Any]:
    from pipeline import config as config_module  # noqa: PLC0415 (imports are not timed)
    from pipeline.audit import audit  # noqa: PLC0415

    config = config_module.load(ROOT / "pipeline.toml")
    config = dataclasses.replace(config, sources=folder)
    imports = _rss_kib()
    _wait_for_start()
    profiler = cProfile.Profile() if profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    result = audit(config, paths, TODAY, jobs)  # the audit's own process pool, as users get it
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - start
    if profiler and profile:
        profiler.dump_stats(profile)
    findings = list(result.findings())
    return dataclasses.asdict(
        Run(
            len(paths),
            seconds,
            _rss_kib(),
            imports,
            _rss_kib(resource.RUSAGE_CHILDREN),
            dict(collections.Counter(f.rule for f in findings)),
            [
                match.group("word")
                for f in findings
                if f.rule == "spelling.misspelled" and (match := MISSPELLED.match(f.message))
            ],
            sum(sheet.error is not None for sheet in result.sheets),
        )
    )


def _textstat_worker(paths: list[Path]) -> dict[str, Any]:
    import textstat  # type: ignore[import-untyped]  # noqa: PLC0415

    from pipeline.reading_level import METRICS  # noqa: PLC0415
    from pipeline.syllables import prepare_cmudict  # noqa: PLC0415

    prepare_cmudict()  # textstat would otherwise try to download the CMU dictionary
    functions = [getattr(textstat, name) for name in METRICS]
    imports = _rss_kib()
    _wait_for_start()
    start = time.perf_counter()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for function in functions:
            function(text)
    seconds = time.perf_counter() - start
    return dataclasses.asdict(Run(len(paths), seconds, _rss_kib(), imports))


def _wait_for_start() -> None:
    """Say "ready" and block until the parent says "go", so all workers start together."""
    print("ready", flush=True)
    sys.stdin.readline()


def _worker(part: str, folder: Path, shard: int, jobs: int, profile: Path | None) -> None:
    if part == "audit":
        report = _audit_worker(folder, _shard(folder, 0, 1), jobs, profile)
    else:
        report = _textstat_worker(_shard(folder, shard, jobs))
    print(json.dumps(report), flush=True)


def measure(
    part: str, folder: Path, jobs: int, profile: Path | None = None
) -> tuple[float, list[Run]]:
    """Run `part` in fresh processes — the audit as one process running its own pool of
    `jobs`, textstat as `jobs` processes on every N-th sheet; wall seconds from "go" to the
    last result."""
    command = [sys.executable, "-m", "benchmarks.audit_bench", "--worker", part]
    command += ["--folder", str(folder), "--jobs", str(jobs)]
    if profile:
        command += ["--profile-to", str(profile)]
    workers = [
        subprocess.Popen(
            [*command, "--shard", str(shard)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for shard in range(1 if part == "audit" else jobs)
    ]
    pipes = [(worker, worker.stdin, worker.stdout) for worker in workers]
    for worker, _, stdout in pipes:
        assert stdout is not None
        if stdout.readline().strip() != "ready":
            raise RuntimeError(f"{part} worker failed to start (exit code {worker.wait()})")
    start = time.perf_counter()
    for _, stdin, _ in pipes:
        assert stdin is not None
        stdin.write("go\n")
        stdin.flush()
    lines = []
    for _, _, stdout in pipes:
        assert stdout is not None
        lines.append(stdout.readline())
    wall = time.perf_counter() - start
    for worker, stdin, _ in pipes:
        assert stdin is not None
        stdin.close()
        if worker.wait() != 0:
            raise RuntimeError(f"{part} worker failed (exit code {worker.returncode})")
    return wall, [Run(**json.loads(line)) for line in lines]


def _mib(kib: int) -> str:
    return f"{kib / 1024:.1f}"


def report(folder: Path, *, count: int, seed: int, jobs: int, repeat: int, profile: bool) -> bool:
    """Measure both parts `repeat` times, interleaved, and print the medians; True if the
    audit met the target. Medians, because a shared machine's load varies from run to run."""
    walls: dict[str, list[float]] = {"audit": [], "textstat": []}
    runs: dict[str, list[Run]] = {"audit": [], "textstat": []}
    for _ in range(repeat):
        for part, part_walls in walls.items():
            wall, part_runs = measure(part, folder, jobs)
            part_walls.append(wall)
            runs[part].extend(part_runs)
    print(
        f"{count} generated sheets (seed {seed}), {jobs} job(s), median of {repeat} run(s), "
        f"Python {sys.version.split()[0]}, audit date {TODAY.isoformat()}"
    )
    print("time: imports excluded; one-time set-up (syllable table, hunspell start) included")
    print("memory: peak RSS of a worker process (getrusage ru_maxrss; largest worker)\n")
    header = ("part", "sheets/s", "range", "seconds", "peak RSS MiB", "after imports", "hunspell")
    print("{:<10}{:>9}{:>14}{:>9}{:>14}{:>15}{:>10}".format(*header))
    rates = {}
    for part, part_walls in walls.items():
        wall = statistics.median(part_walls)
        rates[part] = count / wall
        spread = f"{count / max(part_walls):.0f}-{count / min(part_walls):.0f}"
        part_runs = runs[part]
        child = max(run.child_kib for run in part_runs)
        print(
            f"{part:<10}{rates[part]:>9.1f}{spread:>14}{wall:>9.2f}"
            f"{_mib(max(r.peak_kib for r in part_runs)):>14}"
            f"{_mib(max(r.imports_kib for r in part_runs)):>15}"
            f"{_mib(child) if child else '-':>10}"
        )
    audit_rate, textstat_rate = rates["audit"], rates["textstat"]
    print(
        f"\nratio: the audit takes {textstat_rate / audit_rate:.2f}x the time of textstat alone "
        f"(audit/textstat throughput {audit_rate / textstat_rate:.2f})"
    )
    met = audit_rate >= TARGET
    verdict = "met" if met else "NOT MET"
    print(f"target: audit >= {TARGET:g} sheets/s ({jobs} job(s)): {verdict} ({audit_rate:.1f})")
    _sanity(count, folder, runs["audit"][:1])  # one audit process per repeat
    if profile:
        _profile(folder)
    return met


def _sanity(count: int, folder: Path, audits: list[Run]) -> None:
    """The audit's spelling findings must be exactly the typos the generator put in."""
    injected = collections.Counter(
        word for path in sorted(folder.glob("*.txt")) for word in typos_in(path.read_text("utf-8"))
    )
    found = collections.Counter(word for run in audits for word in run.misspelled)
    false = {word: n for word, n in found.items() if word not in TYPOS}
    missed = injected - found
    rules: collections.Counter[str] = collections.Counter()
    for run in audits:
        rules.update(run.rules)
    print(
        f"\nfindings: spelling.misspelled {sum(found.values())}, typos injected "
        f"{sum(injected.values())} (designed: {expected_typos(count)}), "
        f"false positives {sum(false.values())}, missed {sum(missed.values())}, "
        f"unreadable sheets {sum(run.unreadable for run in audits)}"
    )
    if false:
        print("  false positives: " + ", ".join(f"{w} x{n}" for w, n in sorted(false.items())))
    if missed:
        print("  missed: " + ", ".join(f"{w} x{n}" for w, n in sorted(missed.items())))
    print("  by rule: " + ", ".join(f"{rule} {n}" for rule, n in rules.most_common()))


def _profile(folder: Path) -> None:
    stats_file = folder.parent / "audit.prof"
    wall, _ = measure("audit", folder, 1, stats_file)
    out = io.StringIO()
    stats = pstats.Stats(str(stats_file), stream=out)
    print(f"\nprofile of the audit (cProfile, one worker; {wall:.2f} s with profiling)")
    stats.sort_stats("tottime").print_stats(20)
    stats.sort_stats("cumulative").print_stats(25)
    print(out.getvalue())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Audit throughput against textstat alone.")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes per part")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="runs per part; medians shown")
    parser.add_argument("--profile", action="store_true", help="also profile the audit")
    parser.add_argument("--worker", choices=("audit", "textstat"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--shard", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args.worker, args.folder, args.shard, args.jobs, args.profile_to)
        return 0
    if min(args.count, args.jobs, args.repeat) < 1:
        parser.error("--count, --jobs and --repeat must be at least 1")
    with tempfile.TemporaryDirectory(prefix="audit-bench-") as temp:
        folder = Path(temp) / "sources"
        generate(folder, args.count, args.seed)
        report(
            folder,
            count=args.count,
            seed=args.seed,
            jobs=args.jobs,
            repeat=args.repeat,
            profile=args.profile,
        )
    return 0  # a report, not a gate: missing the target is printed, not an error


if __name__ == "__main__":
    sys.exit(main())
