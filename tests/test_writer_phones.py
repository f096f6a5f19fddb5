"""Phone numbers become tap-to-call links in HTML and Word; doses, dates and ids never do."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from pipeline.model import Document, Location, Meta, Paragraph, Section, Span
from pipeline.writers import docx, html, phones

HERE = Location("sheet.txt", 1)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def sheet(*content: Span) -> Document:
    return Document(
        Meta("Fever", "en-US", HERE), (Section(None, 1, (Paragraph(content, HERE),), HERE),)
    )


def _text(element: etree._Element) -> str:
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("(312) 555-1234", "tel:+13125551234"),
        ("312-555-1234", "tel:+13125551234"),
        ("312.555.1234", "tel:+13125551234"),
        ("1-800-356-6587", "tel:+18003566587"),
        ("+1 312-555-1234", "tel:+13125551234"),
        ("1-800-FLU-SHOT", "tel:+18003587468"),
        ("911", "tel:911"),
        ("9-1-1", "tel:911"),
    ],
)
def test_us_numbers_are_found_as_written(text: str, address: str) -> None:
    assert list(phones.pieces(f"Call {text}, day or night.")) == [
        ("Call ", None),
        (text, address),
        (", day or night.", None),
    ]


def test_html_links_are_named_by_the_number_as_written() -> None:
    page = lxml_html.document_fromstring(
        html.write(sheet(Span("Questions? Call (312) 555-1234. "), Span("Call 911", strong=True)))
    )
    links = [(a.get("href"), _text(a), a.get("aria-label")) for a in page.iter("a")]
    assert links == [("tel:+13125551234", "(312) 555-1234", None), ("tel:911", "911", None)]
    (strong,) = page.iter("strong")
    assert _text(strong) == "Call 911"  # the link sits inside the bold


def test_word_links_are_hyperlinks_to_the_number() -> None:
    data = docx.write(sheet(Span("Call 1-800-FLU-SHOT or 911, or 911 again.")))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        relationships = etree.fromstring(package.read("word/_rels/document.xml.rels"))
    targets = {
        rel.get("Id"): (rel.get("Target"), rel.get("TargetMode"))
        for rel in relationships
        if rel.get("Type", "").endswith("/hyperlink")
    }
    found = [
        (targets[link.get(f"{{{R}}}id")], _text(link)) for link in body.iter(f"{{{W}}}hyperlink")
    ]
    assert found == [
        (("tel:+18003587468", "External"), "1-800-FLU-SHOT"),
        (("tel:911", "External"), "911"),
        (("tel:911", "External"), "911"),
    ]
    assert len(targets) == 2  # one relationship per number
    for link in body.iter(f"{{{W}}}hyperlink"):  # underlined: a link without colour
        underline = link.find(f"{{{W}}}r/{{{W}}}rPr/{{{W}}}u")
        assert underline is not None and underline.get(f"{{{W}}}val") == "single"


numbers = st.integers(0, 100_000).map(str) | st.decimals(0, 10_000, places=2).map(str)
units = st.sampled_from(["mg", "mL", "ml", "mcg", "g", "kg", "units", "%", " mg", " mL", " units"])
doses = st.builds(
    lambda n, u: f"{n}{u}" if u.startswith(("%", " ")) else f"{n} {u}", numbers, units
)
dates = st.dates().flatmap(
    lambda d: st.sampled_from(
        [
            f"{d.month}/{d.day}/{d.year}",
            f"{d.month:02}/{d.day:02}/{d.year:04}",
            d.isoformat(),
            f"{d.month}-{d.day}-{d.year}",
            f"{d.month}/{d.year}",
            f"{d.month}.{d.day}.{d.year}",
        ]
    )
)
ids = st.builds(
    lambda prefix, digits, sep: f"{prefix}{sep}{digits}",
    st.sampled_from(["MRN", "ID", "Lot", "#", "A", "Rx", "NDC"]),
    st.from_regex(r"\d{3}-\d{3}-\d{4}|\d{1,12}|911|\d{5}-\d{4}-\d{2}", fullmatch=True),
    st.sampled_from(["", "-", "#", ":"]),
)
amounts = st.builds(lambda n: f"{n:,}", st.integers(1000, 10**9)) | numbers.map(lambda n: f"${n}")


@given(st.lists(doses | dates | ids | amounts, min_size=1, max_size=6))
@settings(max_examples=500)
def test_doses_dates_ids_and_amounts_never_become_links(parts: list[str]) -> None:
    text = "Give " + ", then ".join(parts) + "."
    assert [number for number, address in phones.pieces(text) if address] == []


@pytest.mark.parametrize(
    "text",
    [
        "Doses from Lot 911 and Lot 2290 were stored warm.",
        "Room 911 is our new vaccine room.",
        "If it says Lot 911, call our nurse line.",
        "Call us about lot 911 today.",
        "Bring form no. 911 to the desk.",
    ],
)
def test_911_as_a_lot_room_or_form_number_is_no_link(text: str) -> None:
    assert [number for number, address in phones.pieces(text) if address] == []


@pytest.mark.parametrize(
    "text",
    [
        "If you have trouble breathing, call 911 right away.",
        "Call your doctor or 911.",
        "In an emergency, dial 9-1-1.",
        "If you need to call 911, tell the dispatcher.",
        "For emergencies: 911.",
    ],
)
def test_911_where_the_sentence_is_about_calling_is_a_link(text: str) -> None:
    assert [address for _, address in phones.pieces(text) if address] == ["tel:911"]
