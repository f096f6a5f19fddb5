"""Printed sheets: every page carries the draft notice (on a sheet not fit for families),
the title, the review stamp and its page number, in Chromium's print of the web page and
LibreOffice's of the Word file. Skipped where those programs are missing."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from pipeline.i18n import ENGLISH
from pipeline.model import Document, Paragraph, Span, Translation
from pipeline.writers import docx, html

pdfminer = pytest.importorskip("pdfminer.high_level")
NOTICE = "For staff only, do not give to families: it has no review date."
TITLE = "Aldesleukin (Interleukin-2, Proleukin)"
STAMP = "Last reviewed: August 2015"


def long_withheld(seed: Document) -> Document:
    """The seed, 80 paragraphs longer, withheld from families for its review date."""
    first = seed.sections[0]
    extra = tuple(
        Paragraph((Span(f"Paragraph {n}: " + "Give the medicine with food. " * 6),), first.loc)
        for n in range(80)
    )
    meta = dataclasses.replace(seed.meta, withheld="it has no review date")
    sections = (dataclasses.replace(first, blocks=first.blocks + extra), *seed.sections[1:])
    return dataclasses.replace(seed, meta=meta, sections=sections)


def pages(pdf: Path) -> list[str]:
    """Each page's text, whitespace collapsed and ligatures ("ﬀ") undone."""
    text = unicodedata.normalize("NFKC", pdfminer.extract_text(str(pdf)))
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def assert_every_page_repeats(found: list[str]) -> None:
    assert len(found) >= 2
    for number, page in enumerate(found, 1):
        assert NOTICE in page, f"page {number} has no draft notice"
        assert TITLE in page and STAMP in page, f"page {number} lacks the title or stamp"
        assert f"Page {number} of {len(found)}" in page


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs chromium")
def test_chromium_prints_the_notice_title_stamp_and_page_on_every_page(
    seed: Document, tmp_path: Path
) -> None:
    page = tmp_path / "sheet.html"
    page.write_bytes(html.write(long_withheld(seed)))
    pdf = tmp_path / "sheet.pdf"
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert_every_page_repeats(pages(pdf))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_word_pages_repeat_the_notice_title_stamp_and_page(seed: Document, tmp_path: Path) -> None:
    document = tmp_path / "sheet.docx"
    document.write_bytes(docx.write(long_withheld(seed)))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(document),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert_every_page_repeats(pages(tmp_path / "sheet.pdf"))


def test_a_draft_translation_prints_both_notices_and_numbers_pages_without_words(
    seed: Document,
) -> None:
    labels = dataclasses.replace(ENGLISH, draft_notice="Borrador: no es para las familias")
    translation = Translation("en-US", labels, final=False, translated=None)
    meta = dataclasses.replace(seed.meta, lang="es-US", translation=translation)
    page = html.write(dataclasses.replace(seed, meta=meta)).decode()
    printed = page[page.index('<style media="print">') :]
    assert 'content: "Borrador: no es para las familias\\a ' + ENGLISH.draft_notice[:5] in printed
    assert 'content: counter(page) " / " counter(pages);' in printed
