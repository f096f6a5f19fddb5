"""Read a sheet written or revised in Microsoft Word (.docx) into the document model.

Education staff write sheets in Word, so this reader takes real structure where the
author used it and reads the "fake" structure people type by hand sensibly, reporting
it, because fake structure is invisible to screen readers and breaks when the sheet is
edited. Like Pandoc's readers it goes in stages, one module each:

- `package`: open the package safely, find its parts; `styles`: formatting and numbering;
- `paragraphs` (with `tables`): what each paragraph is (`elements`), in reading order;
- `stamps`: review dates, publisher and credit lines taken out of the body;
- `assemble`: the title, sections, lists, tables and pictures of the model;
- `changes`: tracked changes and comments, which keep a sheet from families;
- `visible`: what the document shows, which the fidelity check holds the model to;
- `ooxml` (element names, run text), `inlines` (spans), `findings` (rules, locations).

Findings point at paragraphs (`findings.at`). The language is the one most of the text
is marked in (Word marks each run, with the document default for runs that are not),
then the document properties', then the configured source language.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from pipeline.config import Config
from pipeline.errors import SourceError
from pipeline.model import Document, Meta
from pipeline.readers import safe_zip
from pipeline.readers.result import ReadResult
from pipeline.readers.word import changes
from pipeline.readers.word.assemble import Sections, spacing_findings, take_title
from pipeline.readers.word.findings import RULES, at
from pipeline.readers.word.kinds import Empty
from pipeline.readers.word.ooxml import DC
from pipeline.readers.word.package import WordFile
from pipeline.readers.word.paragraphs import Paragraphs
from pipeline.readers.word.self_lines import header_footer_stamps, property_stamps, take_metadata
from pipeline.readers.word.visible import visible

__all__ = ["RULES", "read"]


def read(path: Path, display: str, config: Config) -> ReadResult:
    """Read a .docx; raises SourceError naming the file when it is unsafe, damaged or empty."""
    word = WordFile(safe_zip.open_package(path, display, config.text_reader.max_docx_bytes))
    reader = Paragraphs(word, config)
    elements = list(reader.elements())
    if all(isinstance(element, Empty) for element in elements):
        raise SourceError(display, "the document has no text")
    settings = config.text_reader
    findings = [*reader.findings, *spacing_findings(elements, display), *changes.findings(word)]
    metadata, elements = take_metadata(elements, display, settings)
    stamps = metadata.stamps
    if stamps.loc is None:
        stamps = property_stamps(word.custom, display, settings, stamps)
    if stamps.loc is None and stamps.reviewed is None:
        stamps = header_footer_stamps(word.headers_footers(), display, settings, stamps, findings)
    title, title_index, elements = take_title(elements, settings, display, findings)
    meta = Meta(
        title=title or _core_text(word.core, f"{DC}title"),
        lang=_language(reader, word, config),
        loc=at(display, title_index),
        attribution=metadata.attribution,
        ignores=metadata.ignores,
    )
    meta = stamps.into(meta, config.review_cycle_years)
    sections = Sections(display, settings, findings).build(elements)
    if meta.title is None and not sections:
        raise SourceError(display, "the document has no text besides its review stamp")
    return ReadResult(
        Document(meta, sections),
        tuple(sorted(findings, key=lambda f: f.loc)),
        tuple(visible(word)),
        (*reader.removed, *metadata.removed),
    )


def _core_text(core: etree._Element | None, tag: str) -> str | None:
    element = None if core is None else core.find(tag)
    text = None if element is None else " ".join((element.text or "").split())
    return text or None


def _language(reader: Paragraphs, word: WordFile, config: Config) -> str:
    if reader.languages:
        return reader.languages.most_common(1)[0][0]
    return _core_text(word.core, f"{DC}language") or config.language
