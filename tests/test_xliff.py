"""The memory as standard XLIFF 1.2: valid against the official strict schema, read right
by translate-toolkit (the library behind Pootle and much of Weblate), and read back by the
pipeline without loss whatever a CAT tool adds (native codes, notes, other encodings)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from pipeline.config import Config
from pipeline.errors import DataFileError
from pipeline.translate import xliff
from pipeline.translate.xliff import Note, SheetMemory, State, TransUnit
from tests.test_translate import TODAY, Upper, memory, project, review_all, run

__all__ = ["project"]  # the fixture, used by name
SCHEMAS = Path(__file__).parent / "schemas"


def _strict() -> etree.XMLSchema:
    """The vendored schema as published, its import of the W3C's xml.xsd pointed at the
    local copy so that validation needs no network."""
    schema = etree.parse(str(SCHEMAS / "xliff-core-1.2-strict.xsd"))
    for imported in schema.iter("{http://www.w3.org/2001/XMLSchema}import"):
        imported.set("schemaLocation", (SCHEMAS / "xml.xsd").as_uri())
    return etree.XMLSchema(schema)


STRICT = _strict()


def _valid(data: bytes) -> None:
    document = etree.fromstring(data)
    assert STRICT.validate(document), str(STRICT.error_log)


def _all_states() -> SheetMemory:
    units = (
        TransUnit("u1", "title", "Fever Medicine", None, State.NEW, 1),
        TransUnit("u2", "paragraph", "Give 5 mL.", "DÉ 5 ML.", State.MACHINE, 3, "upper 1", "g"),
        TransUnit(
            "u3",
            "paragraph",
            "Give 8 mL.",
            "Dé 5 mL.",
            State.NEEDS_REVIEW,
            4,
            previous_source="Give 5 mL.",
            comments=(Note("check the dose", "Ana"),),
        ),
        TransUnit("u4", "item", "Call 911.", "Llame al 911.", State.TRANSLATED, 6),
        TransUnit(
            "u5",
            "item",
            "Rest.",
            "Descanse.",
            State.REVIEWED,
            7,
            reviewer="Ana Ruiz",
            reviewed_on=TODAY,
            review_hash=xliff.review_hash("Rest.", "Descanse."),
            notes=("rest → descansar (approved)",),
        ),
    )
    obsolete = (replace(units[4], id="obsolete-1", source="Sleep.", review_hash=None),)
    return SheetMemory("sources/fever.txt", "en-US", "es-US", units, obsolete)


def test_every_state_is_valid_strict_xliff_and_reads_back_the_same() -> None:
    data = xliff.write(_all_states())
    _valid(data)
    assert xliff.read(data, "fever.xlf") == _all_states()


def test_a_real_run_and_its_review_are_valid_strict_xliff(project: tuple[Config, Upper]) -> None:
    config, _ = project
    run(config)
    path = config.translation.memory / "es" / "fever.xlf"
    _valid(path.read_bytes())
    review_all(config)
    run(config)
    _valid(path.read_bytes())
    root = etree.fromstring(path.read_bytes())
    resnames = [unit.get("resname") for unit in root.iter("{*}trans-unit")]
    assert len(resnames) == len(set(resnames)), "tools that key on resname would merge units"


def test_reviewed_units_are_approved_final_and_carry_their_review(
    project: tuple[Config, Upper],
) -> None:
    config, _ = project
    run(config)
    review_all(config)
    root = etree.fromstring((config.translation.memory / "es" / "fever.xlf").read_bytes())
    units = root.findall(".//{*}trans-unit")
    assert units and all(u.get("approved") == "yes" for u in units)
    assert {t.get("state") for t in root.findall(".//{*}target")} == {"final"}
    assert all(xliff.review_intact(u) for u in memory(config).units)


def test_translate_toolkit_reads_a_reviewed_memory_as_approved(
    project: tuple[Config, Upper],
) -> None:
    toolkit = pytest.importorskip("translate.storage.xliff", reason="translate-toolkit (dev)")
    config, _ = project
    run(config)
    path = config.translation.memory / "es" / "fever.xlf"
    drafts = toolkit.xlifffile(path.read_bytes()).getunits()
    assert drafts and not any(u.isapproved() for u in drafts)
    review_all(config)
    store = toolkit.xlifffile(path.read_bytes())
    units = store.getunits()
    ours = memory(config).units
    assert [(u.source, u.target) for u in units] == [(u.source, u.target) for u in ours]
    assert all(u.istranslated() and u.isapproved() and not u.isfuzzy() for u in units)
    # Saved again by the toolkit (as Pootle or Weblate would), nothing is lost.
    assert xliff.read(bytes(store), "saved.xlf") == memory(config)


def test_native_codes_from_a_cat_tool_are_not_text() -> None:
    data = xliff.write(_all_states()).replace(
        b'<target state="translated">Llame al 911.</target>',
        b'<target state="translated"><bpt id="1">&lt;b&gt;</bpt>Llame<ept id="1">&lt;/b&gt;'
        b'</ept> al <ph id="2">{phone<sub>n\xc3\xbamero</sub>}</ph><g id="3">911</g>.'
        b'<it id="4" pos="open">&lt;i&gt;</it></target>',
    )
    unit = xliff.read(data, "returned.xlf").units[3]
    assert unit.target == "Llame al número911."


def test_a_doctype_is_refused_in_any_encoding() -> None:
    text = xliff.write(_all_states()).decode("utf-8")
    body = text.split("?>", 1)[1]
    for encoding in ("utf-8", "utf-16", "utf-16-be", "utf-32"):
        header = f'<?xml version="1.0" encoding="{encoding}"?>'
        doctype = '<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa">]>'
        data = (header + doctype + body).encode(encoding)
        with pytest.raises(DataFileError, match="DOCTYPE"):
            xliff.read(data, "evil.xlf")
        assert xliff.read((header + body).encode(encoding), "ok.xlf") == _all_states()


def test_oversized_files_are_refused_before_they_are_read(tmp_path: Path) -> None:
    path = tmp_path / "big.xlf"
    data = xliff.write(_all_states())
    path.write_bytes(data)
    assert xliff.load(path, len(data)) == _all_states()
    with pytest.raises(DataFileError, match=r"max_xliff_bytes"):
        xliff.load(path, len(data) - 1)


_texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda t: t.strip() == t
)


@given(
    source=_texts,
    target=_texts,
    note=_texts,
    state=st.sampled_from([State.MACHINE, State.TRANSLATED, State.REVIEWED, State.NEEDS_REVIEW]),
    line=st.integers(1, 10**6),
)
def test_any_unit_round_trips_and_stays_valid(
    source: str, target: str, note: str, state: State, line: int
) -> None:
    unit = TransUnit(
        "u1",
        "paragraph",
        source,
        target,
        state,
        line,
        translated_on=dt.date(2026, 1, 2),
        review_hash=xliff.review_hash(source, target) if state is State.REVIEWED else None,
        comments=(Note(note, "translator"), Note(note)),
    )
    memory_ = SheetMemory("sources/x.txt", "en-US", "es-US", (unit,))
    data = xliff.write(memory_)
    _valid(data)
    assert xliff.read(data, "x.xlf") == memory_
