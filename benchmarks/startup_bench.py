"""Start-up: `pipeline build` and `pipeline translate` with nothing to do, on this project.

A no-op `make` runs both; each must cost well under a second of wall time (issue 17's
target for the whole no-op `make`: 1 s). Run after `make`, so that nothing is outdated:

    .venv/bin/python -m benchmarks.startup_bench --repeat 7
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = (("build",), ("translate",))


def timed(arguments: tuple[str, ...]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *arguments],
        check=True,
        capture_output=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    for command in COMMANDS:
        timed(command)  # the first run may still have work to do
        times = [timed(command) for _ in range(args.repeat)]
        median = statistics.median(times)
        print(
            f"pipeline {' '.join(command)} with nothing to do: median {median:.2f} s "
            f"(min {min(times):.2f}, max {max(times):.2f}, {args.repeat} runs)"
        )


if __name__ == "__main__":
    main()
