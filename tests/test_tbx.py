"""TBX export and import: round trips, other tools' files, and hostile files refused."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from lxml import etree

from pipeline import cli, exits, glossary, tbx
from pipeline.errors import DataFileError
from pipeline.glossary import Glossary, Status, Term
from tests.conftest import ROOT

STARTER = ROOT / "glossaries" / "en-es.csv"
APPROVED = Term(
    "IV",
    "por vía intravenosa",
    Status.APPROVED,
    ("intravenoso", "IV"),
    'Say <it> & "mean" it;\nsecond line',
    "Ana Ruiz",
    dt.date(2025, 3, 4),
    True,
    7,
)
FORBIDDEN = Term(
    "constipated",
    "constipado",
    Status.FORBIDDEN,
    ("constipada",),
    "False friend",
    None,
    None,
    False,
    8,
)
PROPOSED = dataclasses.replace(
    FORBIDDEN, target="estreñido", status=Status.PROPOSED, variants=(), note="", line=9
)
BRAND = Term("Proleukin", "Proleukin", Status.DO_NOT_TRANSLATE, (), "", None, None, False, 10)


def of(*terms: Term) -> Glossary:
    return Glossary("en", "es", Path("glossaries/en-es.csv"), terms, "abcdef012345")


def without_lines(terms: tuple[Term, ...] | list[Term]) -> list[Term]:
    return [dataclasses.replace(t, line=0) for t in terms]


def martif(entries: str, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<martif type="TBX-Basic" xml:lang="en">'
        f"<text><body>{entries}</body></text></martif>"
    ).encode()


def entry(*lang_sets: str) -> str:
    return "<termEntry>" + "".join(lang_sets) + "</termEntry>"


def lang_set(lang: str, *tigs: str) -> str:
    return f'<langSet xml:lang="{lang}">' + "".join(tigs) + "</langSet>"


def tig(text: str, status: str = "", extra: str = "") -> str:
    note = f'<termNote type="administrativeStatus">{status}</termNote>' if status else ""
    return f"<tig><term>{text}</term>{note}{extra}</tig>"


def test_the_starter_glossary_round_trips() -> None:
    loaded = glossary.load(STARTER)
    back = tbx.import_terms(tbx.export(loaded), "en-es.tbx")
    assert sorted(without_lines(back), key=repr) == sorted(without_lines(loaded.terms), key=repr)


def test_every_field_round_trips() -> None:
    terms = (APPROVED, FORBIDDEN, PROPOSED, BRAND)
    back = tbx.import_terms(tbx.export(of(*terms)), "x.tbx")
    # One entry per concept, usable terms first: "constipated" comes back proposed first.
    assert without_lines(back) == without_lines((APPROVED, PROPOSED, FORBIDDEN, BRAND))


def test_a_forbidden_term_shares_its_concept_entry_marked_deprecated() -> None:
    root = etree.fromstring(tbx.export(of(FORBIDDEN, PROPOSED)))
    (concept,) = root.iter("termEntry")
    spanish = concept.find("langSet[@{http://www.w3.org/XML/1998/namespace}lang='es']")
    assert spanish is not None
    listed = [
        (t.findtext("term"), t.findtext("termNote[@type='administrativeStatus']"))
        for t in spanish.iter("tig")
    ]
    assert listed == [
        ("estreñido", "admittedTerm-admn-sts"),
        ("constipado", "deprecatedTerm-admn-sts"),
        ("constipada", "deprecatedTerm-admn-sts"),
    ]


def test_translate_toolkit_reads_the_usable_term_as_the_translation(tmp_path: Path) -> None:
    storage = pytest.importorskip("translate.storage.tbx")
    units = storage.tbxfile.parsestring(tbx.export(of(FORBIDDEN, PROPOSED, BRAND))).units
    assert [(u.source, u.target) for u in units] == [
        ("constipated", "estreñido"),
        ("Proleukin", "Proleukin"),
    ]


def test_export_is_tbx_basic_and_reproducible() -> None:
    data = tbx.export(of(APPROVED, FORBIDDEN, PROPOSED, BRAND))
    assert data == tbx.export(of(APPROVED, FORBIDDEN, PROPOSED, BRAND))
    root = etree.fromstring(data)
    assert (root.tag, root.get("type")) == ("martif", "TBX-Basic")
    assert len(root.findall(".//termEntry")) == 3  # "constipated" is one concept
    statuses = [e.text for e in root.iterfind(".//termNote[@type='administrativeStatus']")]
    assert statuses[:2] == ["preferredTerm-admn-sts", "admittedTerm-admn-sts"]  # IV, a variant
    assert "deprecatedTerm-admn-sts" in statuses
    group = root.find(".//transacGrp")
    assert group is not None
    assert [(e.tag, e.text) for e in group] == [
        ("transac", "modification"),
        ("transacNote", "Ana Ruiz"),
        ("date", "2025-03-04"),
    ]


def test_imported_terms_carry_their_entry_line_and_can_become_a_csv(tmp_path: Path) -> None:
    data = tbx.export(of(APPROVED, BRAND))
    terms = tbx.import_terms(data, "x.tbx")
    assert [t.line for t in terms] == [
        n for n, line in enumerate(data.decode().splitlines(), 1) if "<termEntry" in line
    ]
    path = tmp_path / "en-es.csv"
    glossary.write_csv(terms, path)
    assert without_lines(glossary.load(path).terms) == without_lines([APPROVED, BRAND])


def test_other_tools_entries_are_read_as_well_as_they_fit() -> None:
    data = martif(
        entry(
            lang_set("en-US", tig("shot"), tig("<hi>in</hi>jection<!-- a comment -->")),
            lang_set(
                "es-US",
                tig("inyección", "preferredTerm-admn-sts"),
                tig("pinchazo", "admittedTerm-admn-sts"),
                tig("tiro", "deprecatedTerm-admn-sts"),
            ),
        )
        + "<!-- a comment -->"
    )
    terms = tbx.import_terms(data, "vendor.tbx")
    assert [(t.source, t.target, t.status, t.variants) for t in terms] == [
        ("shot", "inyección", Status.PROPOSED, ("pinchazo",)),  # preferred, but nobody named
        ("shot", "tiro", Status.FORBIDDEN, ()),
        ("injection", "inyección", Status.PROPOSED, ("pinchazo",)),
        ("injection", "tiro", Status.FORBIDDEN, ()),
    ]


def test_tbx_2019_in_dca_style_is_read() -> None:
    data = b"""<?xml version="1.0"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <text><body>
    <conceptEntry id="c1">
      <note>for families</note>
      <langSec xml:lang="en"><termSec><term>dose</term></termSec></langSec>
      <langSec xml:lang="es"><termSec><term>dosis</term>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
        <transacGrp><transac type="transactionType">modification</transac>
          <transacNote type="responsibility">Luz</transacNote><date>2024-02-03</date>
        </transacGrp></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>"""
    assert tbx.import_terms(data, "v3.tbx") == [
        Term(
            "dose",
            "dosis",
            Status.APPROVED,
            (),
            "for families",
            "Luz",
            dt.date(2024, 2, 3),
            False,
            4,
        )
    ]


def test_a_doctype_naming_the_dtd_is_accepted_and_never_read() -> None:
    data = martif(
        entry(lang_set("en", tig("dose")), lang_set("es", tig("dosis"))),
        '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">',
    )
    assert [t.target for t in tbx.import_terms(data, "x.tbx")] == ["dosis"]


HOSTILE = [
    (
        martif(
            entry(lang_set("en", tig("&a;")), lang_set("es", tig("x"))),
            '<!DOCTYPE martif [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>',
        ),
        "DOCTYPE declarations are refused",
    ),
    (
        martif(
            entry(lang_set("en", tig("&x;")), lang_set("es", tig("x"))),
            '<!DOCTYPE martif [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        ),
        "DOCTYPE declarations are refused",
    ),
    (
        martif("", '<!DOCTYPE martif SYSTEM "x.dtd" [<!ELEMENT martif ANY>]>'),
        "DOCTYPE declarations are refused",
    ),
    (b"<martif><text><body><termEntry>", "not well-formed XML"),
    (b"<html><body/></html>", "not TBX: the root element is <html>"),
    (b'<tbx style="dct"/>', 'TBX in "dct" style is not supported'),
]


@pytest.mark.parametrize(("data", "message"), HOSTILE)
def test_hostile_or_unusable_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(DataFileError) as raised:
        tbx.import_terms(data, "evil.tbx")
    assert raised.value.path == "evil.tbx"
    assert raised.value.message.startswith(message)
    assert "root:" not in str(raised.value)  # /etc/passwd was never read


def test_the_target_language_must_be_clear() -> None:
    data = martif(
        entry(lang_set("en", tig("dose")), lang_set("es", tig("dosis")), lang_set("fr", tig("x")))
    )
    with pytest.raises(DataFileError, match="expected one target language besides 'en'"):
        tbx.import_terms(data, "x.tbx")
    assert [t.target for t in tbx.import_terms(data, "x.tbx", target_lang="fr-CA")] == ["x"]


@pytest.mark.parametrize(
    ("entries", "line", "message"),
    [
        (entry(lang_set("es", tig("dosis"))), 1, "entry has no 'en' term"),
        (entry(lang_set("en", tig(" ")), lang_set("es", tig("dosis"))), 1, "empty source term"),
        (
            entry(
                lang_set("en", tig("dose")),
                lang_set(
                    "es",
                    tig("dosis"),
                    tig("", extra='<termNote type="termType">variant</termNote>'),
                ),
            ),
            1,
            "'dose' has an empty variant",
        ),
        (
            entry(lang_set("en", tig("dose")), lang_set("es", tig("dosis")))
            + "\n"
            + entry(lang_set("en", tig("dose")), lang_set("es", tig("toma"))),
            2,
            "conflicting entries for 'dose'",
        ),
        (
            entry(
                lang_set("en", tig("dose")),
                lang_set("es", tig("dosis", extra="<transacGrp><date>ayer</date></transacGrp>")),
            ),
            1,
            "date 'ayer' is not YYYY-MM-DD",
        ),
    ],
)
def test_bad_entries_name_their_line(entries: str, line: int, message: str) -> None:
    with pytest.raises(DataFileError) as raised:
        tbx.import_terms(martif(entries), "x.tbx")
    assert (raised.value.line, raised.value.message[: len(message)]) == (line, message)


def test_agreement_columns_round_trip_as_tbx_grammar_notes() -> None:
    noun = dataclasses.replace(PROPOSED, pos="noun", gender="f", number="invariable")
    data = tbx.export(of(noun))
    assert b'<termNote type="grammaticalNumber">otherNumber</termNote>' in data
    (back,) = tbx.import_terms(data, "x.tbx")
    assert (back.pos, back.gender, back.number) == ("noun", "f", "invariable")


def test_the_glossary_commands_export_and_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "glossaries").mkdir()
    csv = tmp_path / "glossaries" / "en-es.csv"
    csv.write_bytes(STARTER.read_bytes())
    settings = tmp_path / "pipeline.toml"
    settings.write_text('outputs = "outputs"\n', encoding="utf-8")
    common = ["--config", str(settings), "glossary"]
    assert cli.main([*common, "export"]) == exits.OK
    exported = tmp_path / "outputs" / "exchange" / "en-es.tbx"
    assert cli.main([*common, "import", str(exported)]) == exits.USAGE  # never replaced unasked
    assert "already exists" in capsys.readouterr().err
    assert cli.main([*common, "import", str(exported), "--replace"]) == exits.OK
    back = glossary.load(csv).terms
    assert sorted(without_lines(back), key=repr) == sorted(
        without_lines(glossary.load(STARTER).terms), key=repr
    )
