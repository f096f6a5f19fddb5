"""Read a sheet that exists only as a PDF: agency handouts, the legacy library.

pdfplumber (MIT, on pdfminer.six) was chosen over pypdfium2 (its text API gives no font
names or sizes, so headings could not be told from body text) and PyMuPDF (AGPL, which
this MIT project cannot take): it gives each word its font, size, place and marked-content
id, and it reads the structure tree of a tagged PDF. `benchmarks/pdf_readers.py` measures
the two on the test PDFs.

A tagged PDF (Word, LibreOffice and browsers export them) is read by its structure tree
(`tagged`); an untagged one by how its lines look (`untagged`), after running heads, feet
and page numbers are taken out (`frame`). Either way every word on the pages is in the
model or listed as removed, with the rule that removed it (`pipeline dump`), and every
location says its page (`paged`). A scan with no text layer, an encrypted or a damaged
file is a clear error, never an empty sheet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from pipeline.config import Config, TextReaderConfig
from pipeline.dates import PartialDate
from pipeline.fidelity import Removed, Visible
from pipeline.model import Finding, Image, Location, Meta
from pipeline.readers import hyphens
from pipeline.readers.markup import Heading, Piece, SiteNoise, sheet, take_title
from pipeline.readers.pdf import frame, layout, paged, parse, tagged, untagged
from pipeline.readers.pdf.pieces import is_bullet
from pipeline.readers.pdf.problems import DATE_FROM_PROPERTIES, NO_ALT, PICTURE
from pipeline.readers.result import ReadResult
from pipeline.readers.text_shape import TextLine
from pipeline.readers.text_stamps import Review, find_review
from pipeline.readers.text_template import template_lines

#: A structure tree holding less than this share of the words is not trusted.
_TRUSTED = 0.5
_PDF_DATE = re.compile(r"D:(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")


def read(path: Path, display: str, config: Config) -> ReadResult:
    pages = layout.extract(path, display)
    lines = frame.dehyphenate(pages.lines, hyphens.dictionary(config.language))
    visible = tuple(Visible(line.text, Location(display, line.number)) for line in lines)
    settings = config.text_reader
    lines, attribution, removed = _noise(lines, settings, display)
    findings: list[Finding] = []
    is_tagged = bool(pages.structure) and tagged.covered(pages.structure, lines) >= _TRUSTED
    if not is_tagged:
        lines, running = frame.running(lines, pages.pages, display)
        removed += running
    lines, review, taken = _template_and_review(lines, settings, display)
    removed += taken
    if is_tagged:
        found = tagged.read(pages.structure, lines, display, pages.pictures)
        pieces, findings = found.pieces, found.findings
        removed += found.removed
    else:
        pieces = untagged.read(lines, display, settings)
        pieces, unnamed = _placed(pieces, pages.pictures, lines, display)
        findings += unnamed
    if pages.pictures_skipped:
        many = (
            f"{pages.pictures_skipped} more picture(s) than the {parse.MAX_PICTURES} carried over"
        )
        findings.append(PICTURE.finding(many, Location.whole(display)))
    levels = [piece.level for piece in pieces if isinstance(piece, Heading)]
    meta = Meta(None, config.language, Location(display, 1))
    meta, pieces = take_title(meta, pieces, min(levels, default=1))  # the highest level
    meta = review.into(replace(meta, attribution=attribution), config.review_cycle_years)
    if meta.reviewed is None and (modified := _modified(pages.metadata)) is not None:
        meta = replace(meta, reviewed=modified)
        message = f"no review date in the text; the PDF says it was modified {modified.human()}"
        findings.append(DATE_FROM_PROPERTIES.finding(message, Location.whole(display)))
    result = ReadResult(sheet(meta, pieces, config), tuple(findings), visible, tuple(removed))
    return paged.paged(result, paged.pages(pages.lines))


def _template_and_review(
    lines: list[layout.PdfLine], settings: TextReaderConfig, display: str
) -> tuple[list[layout.PdfLine], Review, list[Removed]]:
    """The lines without what other sites' templates put around a sheet (the text reader's
    generic rules: skip links, legal citations, "OFFICE USE ONLY" …) and without the review
    stamps, found in every form the text reader knows ("Rev. 11/24", an edition date alone
    on the last lines …), with the publisher lines above the stamp."""
    shaped: list[TextLine | None] = [
        TextLine(line.number, 0, line.text, bullet=is_bullet(line.words[0].text)) for line in lines
    ]
    template = template_lines(shaped, settings.template_rules)
    removed: list[Removed] = []
    for gone in template:
        line = lines[gone.index]
        removed.append(Removed(line.text, gone.rule, Location(display, line.number)))
        shaped[gone.index] = None
    transparent = {gone.index for gone in template}
    review, stamps = find_review(shaped, display, settings, transparent)
    # The stamps, and the publisher lines which go to the footer, are None now.
    kept = [line for line, shape in zip(lines, shaped, strict=True) if shape is not None]
    return kept, review, removed + stamps


def _noise(
    lines: list[layout.PdfLine], settings: TextReaderConfig, display: str
) -> tuple[list[layout.PdfLine], tuple[str, ...], list[Removed]]:
    """The lines without the configured template noise and the copyright lines, which the
    footer keeps as the sheet's attribution."""
    noise = SiteNoise(settings)
    gone = noise.sweep([(line.text, Location(display, line.number)) for line in lines])
    kept = [line for line, dropped in zip(lines, gone, strict=True) if not dropped]
    return kept, tuple(dict.fromkeys(noise.attribution)), noise.removed


def _placed(
    pieces: list[Piece],
    pictures: Sequence[layout.PdfPicture],
    lines: Sequence[layout.PdfLine],
    display: str,
) -> tuple[list[Piece], list[Finding]]:
    """Pictures of an untagged PDF where they sit among the text: before the first piece
    that starts below them. Such a PDF says nothing about them, so none has alt text."""
    where = {line.number: (line.page, line.top) for line in lines}
    placed: list[Piece] = []
    findings: list[Finding] = []

    def place(picture: layout.PdfPicture, line: int) -> None:
        loc = Location(display, line)
        if not picture.png:
            findings.append(PICTURE.finding("a picture could not be drawn to carry over", loc))
            return
        placed.append(Image("", loc, data=picture.png, media_type="image/png"))
        findings.append(NO_ALT.finding("a picture has no alt text", loc))

    waiting = sorted(pictures, key=lambda p: (p.page, p.top))
    for piece in pieces:
        start = where.get(piece.loc.line, (0, 0.0))
        while waiting and (waiting[0].page, waiting[0].top) < start:
            place(waiting.pop(0), piece.loc.line)
        placed.append(piece)
    for picture in waiting:
        place(picture, lines[-1].number if lines else 1)
    return placed, findings


def _modified(metadata: dict[str, object]) -> PartialDate | None:
    for key in ("ModDate", "CreationDate"):
        value = metadata.get(key)
        text = value.decode("latin-1") if isinstance(value, bytes) else str(value or "")
        if match := _PDF_DATE.match(text):
            try:
                return PartialDate.parse(f"{match['y']}-{match['m']}-{match['d']}")
            except ValueError:
                continue
    return None
