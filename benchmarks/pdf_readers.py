"""Two PDF libraries on the same real PDFs: how much of the text a person copied out of each
file (tests/corpus/*-copy.txt) each one recovers, and how long it takes.

pdfplumber is measured through the pipeline's reader (words that reach the model);
pypdfium2 through its plain-text API, which has no fonts, sizes or structure to read
headings from. Run: `python -m benchmarks.pdf_readers`.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pypdfium2  # type: ignore[import-untyped]

from pipeline import config as config_module
from pipeline.fidelity import model_text, words
from pipeline.readers import read

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"


def recall(found: list[str], expected: list[str]) -> float:
    """The share of the copied words (as a multiset) that the extraction also has."""
    have = Counter(found)
    want = Counter(expected)
    return sum(min(count, have[word]) for word, count in want.items()) / max(len(expected), 1)


def with_pdfplumber(path: Path, config: config_module.Config) -> list[str]:
    document = read(path, config).document
    return [word for text in model_text(document) for word in words(text)]


def with_pypdfium2(path: Path) -> list[str]:
    pdf = pypdfium2.PdfDocument(path)
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    return words(text)


def main() -> None:
    config = config_module.load(ROOT / "pipeline.toml")
    print(f"{'file':32} {'library':11} {'recall':>7} {'seconds':>8}")
    for path in sorted(CORPUS.glob("*.pdf")):
        copied = path.with_name(f"{path.stem}-copy.txt")
        if not copied.exists():
            continue
        expected = words(copied.read_text(encoding="utf-8"))
        for name, extract in (
            ("pdfplumber", lambda p: with_pdfplumber(p, config)),
            ("pypdfium2", with_pypdfium2),
        ):
            start = time.perf_counter()
            found = extract(path)
            seconds = time.perf_counter() - start
            print(f"{path.name:32} {name:11} {recall(found, expected):7.3f} {seconds:8.2f}")


if __name__ == "__main__":
    main()
