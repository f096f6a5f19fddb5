"""Memory leverage on TICO-19: how many segments of a sheet get fuzzy-match suggestions
(score ≥ the threshold) from an imported TMX, and what the import and the lookups cost.

    python -m benchmarks.memory_leverage [--tmx PATH] [--every 30]

Every `--every`th unit of the TMX (TICO-19's 3,071 by default) is held out and its English
makes a sample sheet; the full TMX is first imported into an empty project (every unit goes
to the suggestion store: the time to import all of it), then the sample sheet is
translated with no engine, and the TMX without the held-out units imported into its
memory (they fill no segment: each held-out sentence can only get fuzzy matches from
other units), and the sheet translated again with those suggestions. Reports the import
times, the share of the sheet's segments offered a suggestion, their scores, and the
time of the run that looked them up. Nothing here asserts a time: machines differ.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from pipeline import tmx
from pipeline.config import Config, TranslationConfig
from pipeline.translate import command, xliff

ROOT = Path(__file__).resolve().parent.parent
TMX = ROOT / "tests" / "fixtures" / "tico19" / "en-es-419.tmx"
TODAY = dt.date(2026, 11, 25)
LANG = "es-US"


@dataclasses.dataclass(frozen=True)
class Leverage:
    units: int
    #: Units the suggestion store holds after importing all of them (one per pair).
    stored: int
    #: Seconds to import the whole TMX into a project with no memory yet.
    import_all: float
    #: Seconds to import the TMX without the held-out units into the sample's memory.
    import_rest: float
    #: Seconds of the translate run that looked the sample's segments up.
    translate: float
    segments: int
    suggested: int
    scores: list[int]
    #: Segments whose target became a suggestion's translation (must be none).
    applied: int


def _project(root: Path) -> Config:
    (root / "sources").mkdir(parents=True)
    (root / "translations").mkdir()
    shutil.copy(ROOT / "translations" / "labels.toml", root / "translations")
    translation = TranslationConfig(
        languages=(LANG,),
        engines={"es": "none"},
        glossaries=root / "glossaries",
        memory=root / "translations",
    )
    return dataclasses.replace(
        Config(), sources=root / "sources", outputs=root / "outputs", translation=translation
    )


def measure(path: Path, every: int, folder: Path) -> Leverage:
    """Run the measurement in `folder` (see the module docstring)."""
    data = path.read_bytes()
    pairs = tmx.read(data, path.name, "en-US", LANG)
    empty = _project(folder / "empty")
    started = time.perf_counter()
    tmx.import_memory(empty, path, LANG, TODAY)
    import_all = time.perf_counter() - started

    config = _project(folder / "sample")
    held = list(dict.fromkeys(p.source for p in pairs[::every]))
    held_out = frozenset(held)
    paragraphs = "\n\n".join(held)
    sheet = f"TICO-19 sample\n\n{paragraphs}\n\nClinic Name\nLast reviewed 6/2025\n"
    (config.sources / "sample.txt").write_text(sheet, encoding="utf-8")
    sheets = [config.sources / "sample.txt"]
    command.translate(config, sheets, [LANG], TODAY)
    rest = folder / "rest.tmx"
    kept = [p for p in pairs if p.source not in held_out]
    rest.write_bytes(tmx.write_pairs(kept, "en-US", LANG))
    started = time.perf_counter()
    tmx.import_memory(config, rest, LANG, TODAY)
    import_rest = time.perf_counter() - started
    started = time.perf_counter()
    command.translate(config, sheets, [LANG], TODAY)
    translate = time.perf_counter() - started

    memory = xliff.load(config.translation.memory / "es" / "sample.xlf", 10**9)
    assert memory is not None
    segments = [u for u in memory.units if u.source in held_out]
    offered = [u for u in segments if u.suggestions]
    return Leverage(
        units=len(pairs),
        stored=len(tmx.load_store(empty, LANG)),
        import_all=import_all,
        import_rest=import_rest,
        translate=translate,
        segments=len(segments),
        suggested=len(offered),
        scores=[u.suggestions[0].score for u in offered],
        applied=sum(1 for u in segments if u.target in {s.target for s in u.suggestions}),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tmx", type=Path, default=TMX)
    parser.add_argument("--every", type=int, default=30)
    args = parser.parse_args()
    if not args.tmx.is_file():
        parser.error(f"no TMX at {args.tmx} (TICO-19's en-es-419.tmx; name one with --tmx)")
    with tempfile.TemporaryDirectory() as folder:
        found = measure(args.tmx, args.every, Path(folder))
    share = found.suggested / max(1, found.segments)
    print(f"TMX units: {found.units} ({found.stored} distinct pairs stored)")
    print(f"import of all of them into an empty project: {found.import_all:.2f} s")
    print(f"import of the rest into the sample's memory: {found.import_rest:.2f} s")
    print(
        f"sample sheet: {found.segments} held-out segments, {found.suggested} ({share:.0%}) "
        f"offered a suggestion; best scores: median "
        f"{statistics.median(found.scores) if found.scores else '-'}, "
        f"min {min(found.scores, default='-')}, max {max(found.scores, default='-')}"
    )
    print(f"translate run with the lookups: {found.translate:.2f} s")
    print(f"segments whose target is a suggestion (must be 0): {found.applied}")


if __name__ == "__main__":
    main()
