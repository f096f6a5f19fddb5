"""Pages per second for the accessibility checkers on the seed's outputs, copied N times.

    .venv/bin/python benchmarks/a11y_bench.py [--copies 100]

Builds the seed into a temporary folder, copies each output N times, then times: the
browser start; axe-core alone (the time inside axe.run); every browser check of a page
(load, axe-core, text spacing, reflow, print); the Nu checker on all pages in one Java
run; and the Word and text rules. Needs `make deps` (Chromium, Java, node_modules).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from playwright.sync_api import Page

from pipeline import config as config_module
from pipeline.a11y import Output, browser, docx_rules, text_rules, vnu
from pipeline.build import build
from pipeline.model import Finding

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=100)
    copies = parser.parse_args().copies
    for reason in (browser.missing(), vnu.missing()):
        if reason is not None:
            raise SystemExit(f"cannot benchmark: {reason}")
    with tempfile.TemporaryDirectory() as folder:
        outputs = _copies(Path(folder), copies)
        _browser(outputs["html"])
        _rate("Nu Html Checker (one Java run, start included)", outputs["html"], vnu.check)
        _rate("Word rules", outputs["docx"], _each(docx_rules.check))
        _rate("plain-text rules", outputs["txt"], _each(text_rules.check))


def _copies(folder: Path, copies: int) -> dict[str, list[Output]]:
    settings = config_module.load(ROOT / "pipeline.toml")
    settings = replace(settings, outputs=folder / "built")
    (result,) = build(settings, [ROOT / "sources" / "aldesleukin.txt"])
    copied: dict[str, list[Output]] = {}
    for source in result.outputs:
        kind = source.suffix.lstrip(".")
        target = folder / "copies" / kind
        target.mkdir(parents=True)
        copied[kind] = []
        for number in range(copies):
            path = target / f"sheet{number:04d}{source.suffix}"
            shutil.copy(source, path)
            copied[kind].append(Output(path, path.name))
    return copied


def _each(rules: Callable[[bytes, str], object]) -> Callable[[list[Output]], object]:
    return lambda pages: [rules(page.path.read_bytes(), page.shown) for page in pages]


def _rate(what: str, pages: list[Output], check: Callable[[list[Output]], object]) -> None:
    start = time.perf_counter()
    check(pages)
    seconds = time.perf_counter() - start
    print(f"{what}: {len(pages)} in {seconds:.2f} s = {len(pages) / seconds:.1f} per second")


def _browser(pages: list[Output]) -> None:
    """The start once, then per page: everything, and axe.run's share of it."""
    in_axe = 0.0
    axe = browser.Browser._axe

    def timed(self: browser.Browser, page: Page, source: browser._Source) -> list[Finding]:
        nonlocal in_axe
        start = time.perf_counter()
        try:
            return axe(self, page, source)
        finally:
            in_axe += time.perf_counter() - start

    browser.Browser._axe = timed  # type: ignore[method-assign]
    start = time.perf_counter()
    with browser.Browser() as chromium:
        started = time.perf_counter()
        for page in pages:
            assert chromium.check(page) == [], page.shown
        done = time.perf_counter()
    print(f"Chromium start: {started - start:.2f} s")
    print(f"axe-core alone: {len(pages)} in {in_axe:.2f} s = {len(pages) / in_axe:.1f} per second")
    every = done - started
    print(
        f"every browser check (load, axe-core, text spacing, reflow, print): {len(pages)} in "
        f"{every:.2f} s = {len(pages) / every:.1f} per second"
    )


if __name__ == "__main__":
    main()
