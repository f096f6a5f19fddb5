"""Engine throughput on the seed sheet's segments: segments per second, per engine.

    python -m benchmarks.engines_bench [--repeat 5] [--tiny-argos]

What is measured, so the figures mean the same from run to run:
- The segments are the seed's units (title, headings, paragraphs, list items), as the
  translation runner sends them: one `translate` call for the sheet.
- "start" is engine_for() plus the first call (Apertium loads its automata, Argos loads
  its model and splitter); "steady" is the median of `--repeat` further calls on the same
  engine, which caches nothing between calls. argostranslate's import (2.5-6.4 s
  measured here: it imports torch through stanza) is part of "start", except with
  `--tiny-argos`, where installing the package has already paid it.
- Argos uses the packages in `[translation] argos_packages`. Where none is installed
  (`make models` needs a network), `--tiny-argos` installs the tests' tiny copy model in
  a temporary folder: that measures argostranslate's per-segment overhead (splitter,
  tokenizer, CTranslate2 calls), not a real model's speed.
- For scale, the same segments through one `apertium eng-spa` process each (the
  obvious way, which the persistent pipeline replaces), on the first `--baseline` ones.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from pipeline import config as config_module
from pipeline.config import Config
from pipeline.engines import EngineError, backends
from pipeline.engines.argos_install import install_file
from pipeline.readers import read
from pipeline.units import units

ROOT = Path(__file__).resolve().parent.parent


def seed_segments(config: Config) -> list[str]:
    document = read(ROOT / "sources" / "aldesleukin.txt", config).document
    return [unit.text for unit in units(document)]


def measure(config: Config, name: str, segments: list[str], repeat: int) -> str:
    """One report line for engine `name` translating `segments` into Spanish."""
    backend = backends()[name]
    if reason := backend.unavailable(config, "en", "es"):
        return f"{name:9} skipped: {reason}"
    begin = time.perf_counter()
    engine = backend.start(config, "en", "es")
    try:
        engine.translate(segments)
        start = time.perf_counter() - begin
        times = []
        for _ in range(repeat):
            begin = time.perf_counter()
            engine.translate(segments)
            times.append(time.perf_counter() - begin)
    finally:
        engine.close()
    steady = statistics.median(times)
    return (
        f"{name:9} {len(segments) / steady:8.0f} segments/s steady "
        f"({steady * 1000:.0f} ms per sheet of {len(segments)}; start {start:.2f} s) "
        f"[{engine.version}]"
    )


def baseline(segments: Sequence[str]) -> str:
    """One `apertium eng-spa` process per segment, for comparison."""
    begin = time.perf_counter()
    for segment in segments:
        subprocess.run(
            ["apertium", "eng-spa"], input=segment.encode(), capture_output=True, check=True
        )
    elapsed = time.perf_counter() - begin
    return f"{'apertium':9} {len(segments) / elapsed:8.0f} segments/s as one process a segment"


def tiny_argos(config: Config, folder: Path) -> Config:
    """`config` with the tests' tiny en→es copy model installed in `folder`."""
    from tests.fixtures.tiny_argos import build_package  # noqa: PLC0415 (needs ctranslate2)

    translation = dataclasses.replace(config.translation, argos_packages=folder)
    tiny = dataclasses.replace(config, translation=translation)
    install_file(tiny, build_package(folder / "built"))
    return tiny


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="steady-state calls (median)")
    parser.add_argument("--baseline", type=int, default=20, help="segments for the baseline")
    parser.add_argument(
        "--tiny-argos", action="store_true", help="measure Argos on the tests' tiny copy model"
    )
    args = parser.parse_args(argv)
    config = config_module.load(ROOT / "pipeline.toml")
    segments = seed_segments(config)
    print(f"seed: {len(segments)} segments, {sum(len(s.split()) for s in segments)} words")
    with tempfile.TemporaryDirectory() as tmp:
        argos_config = tiny_argos(config, Path(tmp)) if args.tiny_argos else config
        for name, chosen in (("apertium", config), ("argos", argos_config)):
            try:
                print(measure(chosen, name, segments, args.repeat))
            except EngineError as error:
                print(f"{name:9} failed: {error}")
    if backends()["apertium"].unavailable(config, "en", "es") is None and args.baseline:
        print(baseline(segments[: args.baseline]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
