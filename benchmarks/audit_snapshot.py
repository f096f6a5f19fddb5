"""What the audit says about a fixed set of sheets, written to files to diff across versions.

    python -m benchmarks.audit_snapshot OUT [--count 1000] [--seed 0] [--jobs 2]

Why: a speed change to a reader or a check must not change a single finding. Run this
before and after the change (in two checkouts) and `diff -r` the two folders: nothing
may differ. It audits the generated library (`benchmarks.generate`, the sheets the
throughput benchmark times) and the real sheets of `tests/corpus` (every reader), and
writes for each set:

- `<set>.json`: the audit's JSON report (findings, metrics, sections), as `pipeline audit`
  writes it, on a fixed date;
- `<set>.units.txt`: each sheet's text by source line, as reports quote it;
- `<set>.dump.txt`: each sheet's document model and removals (`pipeline dump`), so a
  change in what a reader builds shows even where no finding depends on it.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks.audit_bench import ROOT, TODAY
from benchmarks.generate import generate
from pipeline import config as config_module
from pipeline.audit import AuditResult, audit
from pipeline.discovery import discover
from pipeline.dump import dump
from pipeline.errors import SourceError
from pipeline.paths import display
from pipeline.readers import read
from pipeline.report.files import to_json

CORPUS = ROOT / "tests" / "corpus"


def snapshot(folder: Path, out: Path, name: str, jobs: int) -> None:
    """Audit every sheet in `folder` and write the three files for set `name` into `out`."""
    config = dataclasses.replace(config_module.load(ROOT / "pipeline.toml"), sources=folder)
    paths = discover(folder)
    result = audit(config, paths, TODAY, jobs)
    (out / f"{name}.json").write_bytes(to_json(result))
    (out / f"{name}.units.txt").write_text(_units(result), encoding="utf-8")
    (out / f"{name}.dump.txt").write_text(_dumps(paths, config), encoding="utf-8")


def _units(result: AuditResult) -> str:
    return "".join(
        f"{sheet.source}:{line}:{col}: {text!r}\n"
        for sheet in result.sheets
        for line, (col, text) in sorted(sheet.text.items())
    )


def _dumps(paths: Sequence[Path], config: config_module.Config) -> str:
    out = []
    for path in paths:
        shown = display(path)
        try:
            result = read(path, config, shown)
        except SourceError as error:
            out.append(f"== {shown}: unreadable: {error}\n")
            continue
        out.append(f"== {shown}\n{dump(result.document, removed=result.removed)}\n")
    return "".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the audit's findings to diff versions.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out.resolve()
    with tempfile.TemporaryDirectory(prefix="audit-snapshot-") as temp:
        os.chdir(temp)  # sheets show as "generated/…" and "corpus/…", the same in every run
        generate(Path("generated"), args.count, args.seed)
        shutil.copytree(CORPUS, "corpus")
        snapshot(Path(temp, "generated"), out, "generated", args.jobs)
        snapshot(Path(temp, "corpus"), out, "corpus", args.jobs)
        os.chdir(ROOT)
    print(f"wrote {out}/{{generated,corpus}}.{{json,units.txt,dump.txt}}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
