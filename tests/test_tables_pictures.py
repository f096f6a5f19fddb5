"""Tables and pictures in the model: every writer keeps them, and the text they carry is
checked and translated cell by cell (issue 12)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from lxml import html as lxml_html

from pipeline.a11y import Output, browser, docx_rules, text_rules, vnu
from pipeline.a11y import runner as a11y_runner
from pipeline.build import build
from pipeline.config import Config
from pipeline.discovery import discover
from pipeline.dump import dump
from pipeline.model import (
    Cell,
    Document,
    Image,
    Location,
    Meta,
    Section,
    Span,
    Table,
)
from pipeline.policy import Policy
from pipeline.translate.run import segments
from pipeline.units import Kind, units
from pipeline.writers import attachments, html, txt
from pipeline.writers import docx as docx_writer

HERE = Location("sources/fever.txt", 1)


def png(width: int = 120, height: int = 80) -> bytes:
    """A white PNG of the given size, made here so no image file is needed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress((b"\x00" + b"\xff" * 3 * width) * height)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def cell(text: str, **span: int) -> Cell:
    return Cell((Span(text),), HERE, **span)


DOSES = Table(
    (
        (cell("Weight"), cell("Dose")),
        (cell("10 kg"), cell("2.5 mL")),
        (cell("20 kg", rows=2), cell("5 mL")),
        (cell("or 2 chewable tablets"),),
        (cell("Call the clinic for a child under 6 months", columns=2),),
    ),
    HERE,
    header_rows=1,
    row_headers=True,
    caption=(Span("Dose by weight"),),
)
SYRINGE = Image("A syringe filled to the 5 mL line", HERE, data=png(), media_type="image/png")
BORDER = Image("", HERE, decorative=True, data=png(40, 4), media_type="image/png")
LOGO = Image("Hospital logo", HERE, link="https://example.org/logo.png")


def sheet(*blocks: Table | Image) -> Document:
    return Document(Meta("Fever Medicine", "en-US", HERE), (Section("How much?", 2, blocks, HERE),))


def test_html_has_a_real_table_with_caption_and_scopes() -> None:
    page = lxml_html.fromstring(html.write(sheet(DOSES)))
    (table,) = page.iter("table")
    assert table.findtext("caption") == "Dose by weight"
    assert [th.get("scope") for th in table.iter("th")] == ["col", "col", "row", "row"]
    assert [td.text for td in table.iter("td")][:3] == ["2.5 mL", "5 mL", "or 2 chewable tablets"]
    spanning = [c for c in table.iter("th", "td") if c.get("rowspan") or c.get("colspan")]
    assert [(c.tag, c.text, c.get("rowspan"), c.get("colspan")) for c in spanning] == [
        ("th", "20 kg", "2", None),  # a row heading, as its rows' first cell
        ("td", "Call the clinic for a child under 6 months", None, "2"),  # alone: data
    ]
    region = table.getparent()
    assert region is not None and (region.get("role"), region.get("tabindex")) == ("region", "0")


def test_html_pictures_are_files_beside_the_page_with_their_alt_text() -> None:
    document = sheet(SYRINGE, BORDER, LOGO)
    page = lxml_html.fromstring(html.write(document))
    sources = [str(img.get("src")).split(".", 1) for img in page.iter("img")]
    names = dict(attachments(document))
    assert [str(img.get("alt")) for img in page.iter("img")] == [SYRINGE.alt, ""]
    assert [stem for stem, _ in sources] == ["fever", "fever"]
    assert {suffix for _, suffix in sources} == set(names)
    assert names[sources[0][1]] == SYRINGE.data
    written = html.write(document).decode()
    assert "https://example.org" not in written
    assert "Picture not included: Hospital logo" in written


def test_plain_text_aligns_columns_and_names_pictures() -> None:
    text = txt.write(sheet(DOSES, SYRINGE, BORDER, LOGO)).decode()
    assert (
        "Table: Dose by weight\n"
        "Weight  Dose\n"
        "10 kg   2.5 mL\n"
        "20 kg   5 mL\n"
        "20 kg   or 2 chewable tablets\n"
        "Call the clinic for a child under 6 months\n"
    ) in text
    assert "[Picture: A syringe filled to the 5 mL line]" in text
    assert "[Picture not included: Hospital logo]" in text
    assert text.count("[Picture") == 2  # the decorative border says nothing
    assert text_rules.check(text.encode(), "fever.txt") == []


def test_word_has_a_table_with_a_repeating_header_and_described_pictures() -> None:
    data = docx_writer.write(sheet(DOSES, SYRINGE, BORDER))
    word = docx.Document(io.BytesIO(data))
    (table,) = word.tables
    assert [cell.text for cell in table.rows[0].cells] == ["Weight", "Dose"]
    assert [cell.text for cell in table.rows[3].cells] == ["20 kg", "or 2 chewable tablets"]
    assert table.rows[4].cells[0].text == table.rows[4].cells[1].text  # merged across
    header = table.rows[0]._tr.trPr
    assert header is not None and header.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    captions = [p for p in word.paragraphs if p.text == "Dose by weight"]
    assert [p.style.name for p in captions if p.style is not None] == ["Caption"]
    assert docx_rules.check(data, "fever.docx") == []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        media = [name for name in package.namelist() if name.startswith("word/media/")]
        assert len(media) == 2 and package.namelist()[0] == "[Content_Types].xml"
    described = [shape._inline.docPr.get("descr") for shape in word.inline_shapes]
    assert described == ["A syringe filled to the 5 mL line", ""]


def test_every_format_is_reproducible_with_pictures() -> None:
    document = sheet(DOSES, SYRINGE)
    for writer in (html.write, txt.write, docx_writer.write):
        assert writer(document) == writer(document)


def test_cells_captions_and_alt_text_are_units_and_segments() -> None:
    document = sheet(DOSES, SYRINGE, BORDER)
    found = [(unit.kind, unit.text) for unit in units(document)]
    assert (Kind.CAPTION, "Dose by weight") in found
    assert (Kind.CELL, "or 2 chewable tablets") in found
    assert (Kind.ALT, "A syringe filled to the 5 mL line") in found
    assert not [text for kind, text in found if kind is Kind.ALT and not text]
    assert "or 2 chewable tablets" in [source.text for source in segments(document)]


def test_dump_shows_the_table_and_the_picture() -> None:
    shown = dump(sheet(DOSES, SYRINGE, LOGO), locations=False)
    assert 'Table header_rows=1 row_headers\n    Caption "Dose by weight"' in shown
    assert '      Cell rows=2 "20 kg"' in shown
    assert 'Image alt="A syringe filled to the 5 mL line" image/png' in shown
    assert 'Image alt="Hospital logo" link="https://example.org/logo.png"' in shown


def test_the_build_writes_pictures_beside_their_page(
    tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "fever.txt").write_text(
        "Fever Medicine\n\nGive it with food.\n\nLast reviewed 3/2026\n", encoding="utf-8"
    )
    settings = replace(config, sources=sources, outputs=tmp_path / "outputs")
    from pipeline import readers  # noqa: PLC0415

    real = readers.read

    def with_picture(path: Path, config: Config, display: str | None = None) -> object:
        result = real(path, config, display)
        section = result.document.sections[0]
        pictured = replace(section, blocks=(*section.blocks, SYRINGE))
        return replace(result, document=replace(result.document, sections=(pictured,)))

    monkeypatch.setattr(readers, "read", with_picture)
    (result,) = build(settings, discover(sources))
    assert result.error is None
    (name,) = [path.name for path in (settings.outputs / "en").glob("fever.*.png")]
    assert (settings.outputs / "en" / name).read_bytes() == SYRINGE.data
    assert f'src="{name}"' in (settings.outputs / "en" / "fever.html").read_text(encoding="utf-8")
    (again,) = build(settings, discover(sources))
    assert again.unchanged


def test_a_page_with_tables_and_pictures_passes_the_browser_checks(
    tmp_path: Path, config: Config
) -> None:
    for checker in (browser, vnu):
        if (reason := checker.missing()) is not None:
            pytest.skip(f"{reason} (make deps)")
    document = sheet(DOSES, SYRINGE, BORDER, LOGO)
    page = tmp_path / "outputs" / "en" / "fever.html"
    page.parent.mkdir(parents=True)
    page.write_bytes(html.write(document))
    for suffix, data in attachments(document):
        (page.parent / f"fever.{suffix}").write_bytes(data)
    result = a11y_runner.check([Output(page, "fever.html")], None, Policy(config))
    assert [str(finding) for finding in result.findings()] == []
