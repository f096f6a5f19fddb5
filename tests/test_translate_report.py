"""The translation status report: every sheet and language with its status and, when it is
not published, why — the units waiting for review at the sheet's line and the memory's, the
labels, QA errors by rule, the review date — and when a published copy was withdrawn.

Three sheets make the cases: fever is never reviewed (blocked), cough is reviewed
(published), rash is reviewed, published, then its English changes (withdrawn).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html
from lxml.etree import _Element

from pipeline import exits
from pipeline.a11y import Output, browser, vnu
from pipeline.config import Config
from pipeline.model import Finding, Location, Severity
from pipeline.report import translation
from pipeline.translate import command, drafting, inputs, qa, status, xliff
from pipeline.translate.xliff import SheetMemory, State, TransUnit
from tests.test_report_html import elements, text
from tests.test_translate import (
    CAP,
    SHEET,
    TODAY,
    Upper,
    approve_spanish_labels,
    memory,
    review_all,
    run,
)
from tests.test_translate import (
    project as single_project,
)
from tests.test_translate_import import _translate_cli as translate_cli

__all__ = ["single_project"]  # the fixture, used by name
ROOT = Path(__file__).resolve().parent.parent
LATER = TODAY + dt.timedelta(days=3)


@pytest.fixture
def project(single_project: tuple[Config, Upper]) -> Config:
    config, _ = single_project
    for name in ("cough", "rash"):
        (config.sources / f"{name}.txt").write_text(worded(SHEET, name), encoding="utf-8")
    approve_spanish_labels(config)
    run(config)
    review_all(config, sheet="cough")
    review_all(config, sheet="rash")
    run(config)  # cough and rash are published
    rash = worded(SHEET, "rash").replace("every 6 hours", "every 8 hours")
    (config.sources / "rash.txt").write_text(rash, encoding="utf-8")
    return config


def worded(sheet: str, name: str) -> str:
    """The sheet about another illness with no sentence in common with it (a sentence
    reviewed in one sheet is reused by every sheet that has it)."""
    sheet = sheet.replace("Fever", name.title())
    for english in (
        "What is it?",
        "This medicine",
        "Give",
        "Call 911 if",
        "child",
        "seizure",
        "Clinic",
    ):
        sheet = sheet.replace(english, f"{english} ({name})")
    return sheet


def outcomes_on(config: Config, day: dt.date) -> list[command.SheetOutcome]:
    return command.translate(config, sorted(config.sources.glob("*.txt")), ["es-US"], day)[1]


def report(config: Config, day: dt.date = LATER) -> dict[str, Any]:
    translation.write(outcomes_on(config, day), config, day)
    data: dict[str, Any] = json.loads((config.audit.report / translation.JSON_NAME).read_bytes())
    return data


def by_sheet(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {Path(t["sheet"]).stem: t for t in data["translations"]}


def test_the_json_says_each_status_and_why(project: Config) -> None:
    data = report(project)
    sheets = by_sheet(data)
    assert data["counts"] == {"published": 1, "draft": 1, "withdrawn": 1, "failed": 0}
    assert {name: t["status"] for name, t in sheets.items()} == {
        "cough": "published",
        "fever": "draft",
        "rash": "withdrawn",
    }
    cough = sheets["cough"]
    assert cough["blockers"] == [] and cough["unreviewed"]["total"] == 0
    assert cough["outputs"][0] == "outputs/es/cough.html"
    assert cough["counts"]["reviewed"] == cough["units"] == 7
    fever = sheets["fever"]
    assert fever["blockers"] == [
        "7 of 7 unit(s) not reviewed (sources/fever.txt line 1, 3, 5, 7, 9, …)",
        "findings at the fail level (see above)",
    ]
    # The machine's "CALL 911" is no instruction in Spanish: an error, by rule and line.
    urgent = next(r for r in fever["qa"]["rules"] if r["rule"] == "translation.urgent")
    assert (urgent["severity"], urgent["lines"]) == ("error", [7, 9])
    assert fever["counts"]["machine"] == 7 and fever["memory"] == "translations/es/fever.xlf"
    assert fever["labels_unreviewed"] is None and fever["withdrawn_on"] is None
    # Each waiting unit at the English's line and at its <trans-unit> in the memory file.
    saved = xliff.load(project.translation.memory / "es" / "fever.xlf", CAP)
    assert saved is not None
    assert fever["unreviewed"]["total"] == 7
    shown = fever["unreviewed"]["units"]
    assert len(shown) == status.UNITS_SHOWN
    assert [(u["id"], u["line"], u["xliff_line"]) for u in shown] == [
        (u.id, u.line, u.at) for u in saved.units[: status.UNITS_SHOWN]
    ]
    assert fever["unreviewed"]["units"][2]["text"].startswith("This medicine brings a fever")
    rash = sheets["rash"]
    assert rash["withdrawn_on"] == LATER.isoformat() and rash["withdrawn_now"]
    (waiting,) = rash["unreviewed"]["units"]
    assert (waiting["state"], waiting["line"]) == ("needs-review", 5)
    # The Spanish kept for review still says 6 hours: a QA finding, by rule, at its line.
    number = next(r for r in rash["qa"]["rules"] if r["rule"] == "translation.number")
    assert (number["severity"], number["count"], number["lines"]) == ("warning", 2, [5])
    assert rash["qa"]["warnings"] >= 2 and rash["qa"]["errors"] == 0
    assert {"rule": "translation.urgent", "severity": "error", "count": 2, "translations": 1} in (
        data["qa"]
    )


def test_a_run_with_nothing_new_reports_the_same_reasons(project: Config) -> None:
    first = by_sheet(report(project))
    again = by_sheet(report(project, LATER + dt.timedelta(days=1)))
    assert all(t["unchanged"] for t in again.values())
    for name, entry in first.items():
        for key in ("status", "blockers", "unreviewed", "qa", "unknown_words", "withdrawn_on"):
            assert again[name][key] == entry[key], (name, key)
    assert not again["rash"]["withdrawn_now"]


def sign_off(config: Config, sheet: str, fix: Callable[[str], str]) -> None:
    """A translator's reviewed file for `sheet`, every target fixed by `fix`."""
    current = memory(config, sheet)
    units = tuple(
        replace(u, target=fix(u.target or ""), state=State.REVIEWED) for u in current.units
    )
    returned = config.translation.memory.parent / "returned.xlf"
    returned.write_bytes(xliff.write(replace(current, units=units)))
    assert command.import_translation(config, returned, "Ana Ruiz", TODAY).refused == ()


def test_a_run_with_nothing_new_rewrites_neither_the_manifest_nor_the_report(
    project: Config,
) -> None:
    report(project)
    report(project)  # the first run with nothing new: every sheet now says "unchanged"
    files = [
        project.outputs / inputs.NAME,
        *(project.audit.report / name for name in (translation.HTML_NAME, translation.JSON_NAME)),
    ]
    before = [(path.stat().st_ino, path.stat().st_mtime_ns) for path in files]
    report(project)
    assert [(path.stat().st_ino, path.stat().st_mtime_ns) for path in files] == before
    (project.audit.report / translation.HTML_NAME).unlink()
    report(project)  # a page gone is made again
    assert (project.audit.report / translation.HTML_NAME).is_file()


def test_a_withdrawal_is_remembered_until_published_again(project: Config) -> None:
    report(project)
    sign_off(project, "rash", lambda target: target)  # signed off, the dose still wrong
    rash = by_sheet(report(project, LATER + dt.timedelta(days=1)))["rash"]
    assert (rash["status"], rash["withdrawn_on"]) == ("withdrawn", LATER.isoformat())
    assert rash["unreviewed"]["total"] == 0
    assert rash["blockers"] == ["findings at the fail level (see above)"]
    number = next(r for r in rash["qa"]["rules"] if r["rule"] == "translation.number")
    assert (number["severity"], number["lines"]) == ("error", [5])
    sign_off(project, "rash", lambda target: target.replace("6 hours", "8 hours"))
    rash = by_sheet(report(project))["rash"]
    assert (rash["status"], rash["withdrawn_on"], rash["qa"]["errors"]) == ("published", None, 0)


def test_unreviewed_labels_and_the_english_review_date_are_reasons(
    single_project: tuple[Config, Upper],
) -> None:
    config, _ = single_project
    sheet = config.sources / "fever.txt"
    sheet.write_text(SHEET.replace("Last reviewed 6/2025", "Last reviewed 6/2030"), "utf-8")
    run(config)
    review_all(config)
    fever = by_sheet(report(config))["fever"]
    assert fever["status"] == "draft" and fever["unreviewed"]["total"] == 0
    assert fever["labels_unreviewed"] == "nobody has reviewed them"
    assert fever["withheld"] == "its review date (June 2030) is in the future"
    assert fever["blockers"][-1] == f"the English sheet is withheld: {fever['withheld']}"


def test_the_console_names_the_report_on_its_last_line(
    project: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert translate_cli(project) == exits.FAILED  # rash's QA error blocks its publication
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == (
        "report: outputs/report/translation.html, outputs/report/translation.json "
        "(why each sheet is or is not published)"
    )
    assert (project.outputs / "report" / "translation.html").is_file()


# --- The page ----------------------------------------------------------------------------------


@pytest.fixture
def page(project: Config) -> Iterator[tuple[Path, _Element]]:
    report(project)
    path = project.audit.report / translation.HTML_NAME
    yield path, lxml_html.fromstring(path.read_bytes())


def section(root: _Element, sheet: str) -> _Element:
    (found,) = elements(
        root, f"//section[@aria-labelledby='translation-sources-{sheet}-txt-es-us']"
    )
    return found


def test_the_page_says_each_status_and_names_the_waiting_units(
    page: tuple[Path, _Element],
) -> None:
    _, root = page
    rows = {
        text(row[0]): [text(cell) for cell in list(row)[1:]]
        for row in elements(root, "//table[caption/@id='translations-caption']/tbody/tr")
    }
    assert rows["sources/fever.txt"][:3] == ["es-US", "draft", "0"]
    assert rows["sources/rash.txt"][1] == "withdrawn"
    assert rows["sources/cough.txt"][1] == "published"
    fever_section = section(root, "fever")
    fever = text(fever_section)
    assert "7 of 7 unit(s) not reviewed in translations/es/fever.xlf" in fever
    assert "This medicine brings a fever down." in fever
    units = [[text(c) for c in row] for row in fever_section.iter("tr")]
    assert units[0] == ["Unit", "State", "Sheet line", "Memory line", "English"]
    assert units[3][:3] == ["u3", "machine", "5"]
    assert (
        "QA errors block publication: translation.urgent (line 7, 9): es u4: 'Call 911' "
        "must be an instruction in the translation." in fever
    )
    assert "QA totals: translation.urgent 2 error(s) (line 7, 9)." in fever
    rash = text(section(root, "rash"))
    assert f"withdrawn on {LATER.isoformat()}" in rash
    assert "1 of 7 unit(s) not reviewed" in rash
    assert re.search(
        r"QA totals: translation\.english-left \d+ warning\(s\) \(line [\d, ]+\);", rash
    )
    assert "block publication" not in rash  # warnings do not
    # Published, with QA warnings only (English words the lower-cased review left in).
    cough_section = section(root, "cough")
    cough = text(cough_section)
    assert "Status: published." in cough and "QA totals: translation.english-left" in cough
    order = [h.text for h in elements(root, "//section[@aria-labelledby='details']//h3")]
    assert order == [f"sources/{name}.txt (es-US)" for name in ("rash", "fever", "cough")]
    assert not cough_section.findall("ul")  # nothing holds it back


def test_the_page_is_well_formed_for_assistive_technology(page: tuple[Path, _Element]) -> None:
    _, root = page
    levels = [int(h.tag[1]) for h in root.iter("h1", "h2", "h3", "h4")]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    targets = {link.get("href", "")[1:] for link in root.iter("a")}
    assert targets <= set(ids)
    assert root.get("lang") == "en" and root.find(".//main") is not None
    for table in root.iter("table"):
        assert table.find("caption") is not None
        assert all(th.get("scope") for th in table.iter("th"))
    assert not root.xpath("//script | //link | //img | //*[@src]")


@pytest.fixture
def node_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checkers are found from the project folder (npm ci puts them there)."""
    monkeypatch.chdir(ROOT)


@pytest.mark.usefixtures("node_modules")
def test_the_page_passes_the_nu_checker_and_axe(page: tuple[Path, _Element]) -> None:
    path, _ = page
    pages = [Output(path, "outputs/report/translation.html")]
    for checker in (vnu, browser):
        if (reason := checker.missing()) is not None:
            pytest.skip(reason)
        checked = checker.check(pages)
        assert [str(f) for f in checked.findings] == []


def test_the_output_is_deterministic(project: Config) -> None:
    outcomes = outcomes_on(project, LATER)
    assert translation.render(outcomes, LATER) == translation.render(outcomes, LATER)
    assert translation.to_json(outcomes, LATER) == translation.to_json(outcomes, LATER)


# --- Bounded -----------------------------------------------------------------------------------


def worst_case(count: int) -> list[command.SheetOutcome]:
    """`count` translations at every cap of `status.of`: 500 long units waiting, every QA
    rule with long messages, 300 unknown words."""
    long = "A very long sentence about medicine " * 30
    words = [f"Unknownword{n}" for n in range(300)]
    notes = tuple(drafting.UNKNOWN_NOTE + ", ".join(words[n : n + 30]) for n in range(0, 300, 30))
    units = tuple(
        TransUnit(f"u{n}", "paragraph", f"{n} {long}", long, State.MACHINE, n, notes=notes)
        for n in range(1, 501)
    )
    findings = tuple(
        Finding(rule.id, Severity.ERROR, f"{n} {long}", Location("sources/x.txt", n))
        for rule in qa.RULES
        for n in range(1, 51)
    )
    memory = SheetMemory("sources/x.txt", "en-US", "es-US", units)
    found = status.of(
        units,
        findings,
        memory="translations/es/x.xlf",
        memory_bytes=xliff.write(memory),
        labels="nobody has reviewed them",
        withheld="it has no review date (add a line such as 'Last reviewed 3/2026')",
        withdrawn_on="2026-11-25",
    )
    blockers = ("500 of 500 unit(s) not reviewed (sources/x.txt line 1, 2, 3, 4, 5, …)",)
    return [
        command.SheetOutcome(
            f"sources/sheet-{n:05}.txt",
            "es-US",
            outputs=tuple(Path(f"outputs/drafts/es/sheet-{n:05}.{s}") for s in ("html", "docx")),
            counts={State.MACHINE: 500},
            blockers=blockers,
            failed=True,
            status=found,
        )
        for n in range(count)
    ]


def test_the_report_grows_linearly_and_stays_small_for_a_thousand_sheets() -> None:
    small, large = worst_case(250), worst_case(1000)
    (status_of_one,) = {o.status for o in large}
    assert status_of_one is not None and status_of_one.waiting_total == 500
    assert len(status_of_one.qa) == len(qa.RULES) and status_of_one.unknown_total == 300
    for make in (translation.render, translation.to_json):
        quarter, full = len(make(small, TODAY)), len(make(large, TODAY))
        assert full <= 4 * quarter * 1.01, make.__name__
        assert full < 5_000_000, (make.__name__, full)


def test_unit_lines_are_where_a_reader_of_the_file_finds_them() -> None:
    units = tuple(
        TransUnit(f"u{n}", "paragraph", f"English {n}\nsecond line", None, State.NEW, n)
        for n in range(1, 4)
    )
    obsolete = (replace(units[0], id="obsolete-1", target="Español", state=State.TRANSLATED),)
    data = xliff.write(SheetMemory("sources/x.txt", "en-US", "es-US", units, obsolete))
    read = xliff.read(data, "x.xlf")
    assert status.unit_lines(data) == {u.id: u.at for u in (*read.units, *read.obsolete)}


def test_a_qa_message_is_capped_in_the_status() -> None:
    finding = Finding(
        "translation.unknown-word", Severity.WARNING, "x" * 10_000, Location("sources/x.txt", 3)
    )
    (total,) = status.qa_totals((finding,) * 3)
    assert total.count == 3 and len(total.message) <= status.MESSAGE_CHARS
    assert re.fullmatch(r"x+…", total.message)


# --- Decided by the date -----------------------------------------------------------------------

#: The day the English of `held_back` becomes current: its review date, June 2027.
DUE = dt.date(2027, 6, 1)


@pytest.fixture
def held_back(single_project: tuple[Config, Upper]) -> Config:
    """fever, reviewed in Spanish with its labels, while its English's review date (June
    2027) is still in the future: held back in drafts."""
    config, _ = single_project
    sheet = config.sources / "fever.txt"
    sheet.write_text(SHEET.replace("Last reviewed 6/2025", "Last reviewed 6/2027"), "utf-8")
    run(config)
    review_all(config)
    approve_spanish_labels(config)
    fever = by_sheet(report(config))["fever"]
    assert (fever["status"], fever["unchanged"]) == ("draft", False)
    assert fever["withheld"] == "its review date (June 2027) is in the future"
    fever = by_sheet(report(config, DUE - dt.timedelta(days=1)))["fever"]
    assert (fever["status"], fever["unchanged"]) == ("draft", True)
    return config


@pytest.mark.parametrize("another_sheet_changed", [False, True])
def test_a_translation_held_back_for_its_review_date_is_published_when_it_comes(
    held_back: Config, another_sheet_changed: bool
) -> None:
    # Nothing else new: the language's run as a whole was as before; or another sheet
    # changed, so each sheet's own record decides.
    if another_sheet_changed:
        (held_back.sources / "cough.txt").write_text(worded(SHEET, "cough"), "utf-8")
    reviewed = memory(held_back).units
    fever = by_sheet(report(held_back, DUE))["fever"]
    assert (fever["status"], fever["unchanged"], fever["withheld"]) == ("published", False, None)
    assert fever["blockers"] == []
    published, drafts = held_back.outputs / "es", held_back.outputs / "drafts" / "es"
    assert (published / "fever.html").is_file() and not (drafts / "fever.html").exists()
    assert memory(held_back).units == reviewed  # the translator's work as signed off
    fever = by_sheet(report(held_back, DUE + dt.timedelta(days=1)))["fever"]
    assert (fever["status"], fever["unchanged"]) == ("published", True)


def test_a_translation_held_back_is_published_once_the_setting_says_publish(
    held_back: Config,
) -> None:
    # `unreviewed` decides, with the date, whether the English holds its translation back.
    publish = replace(held_back, unreviewed="publish")
    fever = by_sheet(report(publish, DUE - dt.timedelta(days=1)))["fever"]
    assert (fever["status"], fever["unchanged"], fever["withheld"]) == ("published", False, None)


# --- A run of some sheets ----------------------------------------------------------------------


def report_of(config: Config, sheets: list[str], day: dt.date) -> dict[str, Any]:
    """The report after `pipeline translate` of `sheets` only."""
    paths = [config.sources / f"{sheet}.txt" for sheet in sheets]
    outcomes = command.translate(config, paths, ["es-US"], day)[1]
    translation.write(command.reported(config, outcomes), config, day)
    data: dict[str, Any] = json.loads((config.audit.report / translation.JSON_NAME).read_bytes())
    return data


def test_a_run_of_one_sheet_reports_every_sheet_with_that_one_updated(project: Config) -> None:
    before = by_sheet(report(project))
    review_all(project)  # fever: now publishable
    day = LATER + dt.timedelta(days=1)
    data = report_of(project, ["fever"], day)
    after = by_sheet(data)
    assert list(after) == ["cough", "fever", "rash"]  # as a run of every sheet lists them
    assert (after["fever"]["status"], after["fever"]["unchanged"]) == ("published", False)
    assert data["counts"] == {"published": 2, "draft": 0, "withdrawn": 1, "failed": 0}
    for name in ("cough", "rash"):  # as recorded when last done
        assert after[name]["unchanged"] and not after[name]["withdrawn_now"]
        for key in ("status", "outputs", "blockers", "counts", "unreviewed", "qa", "withdrawn_on"):
            assert after[name][key] == before[name][key], (name, key)
    assert after["rash"]["withdrawn_on"] == LATER.isoformat()
    # What a run of every sheet reports, but for which sheets it redid (rash: fever's
    # reviewed Spanish is now offered to it as a suggestion).
    every = report(project, day)
    assert every["counts"] == data["counts"] and every["qa"] == data["qa"]
    for ran, full in zip(data["translations"], every["translations"], strict=True):
        assert {**ran, "unchanged": None} == {**full, "unchanged": None}


def test_a_sheet_whose_source_is_gone_drops_out_of_the_report_of_a_run_of_another(
    project: Config,
) -> None:
    report(project)
    (project.sources / "cough.txt").unlink()
    data = report_of(project, ["fever"], LATER)
    assert list(by_sheet(data)) == ["fever", "rash"]
    assert [removed["sheet"] for removed in data["removed"]] == ["cough"]
    assert by_sheet(report_of(project, ["fever"], LATER)).keys() == {"fever", "rash"}


def test_pipeline_translate_of_one_sheet_keeps_the_others_in_the_report(
    project: Config,
) -> None:
    report(project)
    review_all(project)
    translate_cli(project, "sources/fever.txt")  # the fixture works in the project's folder
    data = json.loads((project.audit.report / translation.JSON_NAME).read_bytes())
    statuses = {name: t["status"] for name, t in by_sheet(data).items()}
    assert statuses == {"cough": "published", "fever": "published", "rash": "withdrawn"}
    assert [Path(t["sheet"]).stem for t in data["translations"] if not t["unchanged"]] == ["fever"]


def test_a_sheet_that_failed_stays_failed_in_the_report_of_a_run_of_another(
    project: Config,
) -> None:
    report(project)
    damaged = project.translation.memory / "es" / "fever.xlf"
    kept = damaged.read_bytes()
    damaged.write_bytes(kept[: len(kept) // 2])
    fever = by_sheet(report(project))["fever"]
    assert (fever["status"], fever["unchanged"]) == ("failed", False)
    data = report_of(project, ["cough"], LATER)
    fever = by_sheet(data)["fever"]
    assert (fever["status"], fever["unchanged"]) == ("failed", True)
    assert "fever.xlf" in fever["error"] and data["counts"]["failed"] == 1
    damaged.write_bytes(kept)  # mended: done again, as it was
    assert by_sheet(report(project))["fever"]["status"] == "draft"


def test_a_sheet_that_cannot_be_read_stays_failed_in_the_report_of_a_run_of_another(
    project: Config,
) -> None:
    report(project)
    strict = replace(project, unreviewed="fail")  # a sheet not yet current is refused
    sheet = project.sources / "fever.txt"
    sheet.write_text(SHEET.replace("Last reviewed 6/2025", "Last reviewed 6/2030"), "utf-8")
    fever = by_sheet(report(strict))["fever"]
    assert (fever["status"], fever["lang"]) == ("failed", None)  # read once for every language
    data = report_of(strict, ["cough"], LATER)
    fever = by_sheet(data)["fever"]
    assert (fever["status"], fever["lang"], fever["unchanged"]) == ("failed", "es-US", True)
    assert "review date (June 2030) is in the future" in fever["error"]
