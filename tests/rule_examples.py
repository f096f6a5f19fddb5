"""Run a rule's example through the real check of its family (see pipeline/rules.py).

Sheets are audited in a project of their own (the repository's settings and glossaries,
the example's settings and files on top) exactly as `pipeline audit` would; segments go
through translation QA; outputs through the accessibility checkers.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from functools import cache
from pathlib import Path

import pytest

from pipeline import config as config_module
from pipeline.a11y import Output, text_rules
from pipeline.a11y import runner as a11y_runner
from pipeline.audit import audit
from pipeline.glossary import for_language
from pipeline.model import Finding, Location
from pipeline.policy import Policy
from pipeline.rules import Example, Rule, catalogue
from pipeline.translate import qa
from pipeline.translate.xliff import review_hash

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
#: The day examples about review dates are judged on.
TODAY = dt.date(2026, 1, 1)


def findings(
    rule: Rule, example: Example, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> list[Finding]:
    """What the rule's family check reports on `example`, run in the empty `folder`."""
    match example.kind:
        case "sheet.txt" | "sheet.md" | "sheet.html":
            data = example.text.encode(example.encoding)
            return _audited(example, example.kind.split(".", 1)[1], data, folder)
        case "file" if rule.family != "a11y":
            source = FIXTURES / example.text
            return _audited(example, source.suffix.lstrip("."), source.read_bytes(), folder)
        case "file":
            return _outputs(FIXTURES / example.text)
        case "file, no checkers":
            monkeypatch.setenv("PATH", str(folder))
            return list(_checked([FIXTURES / example.text]))
        case "output.txt":
            return text_rules.check(example.text.encode("utf-8"), "outputs/en/example.txt")
        case "segment":
            return _segment(example.text)
        case kind:
            raise AssertionError(f"{rule.id}: unknown example kind {kind!r}")


def _project(example: Example, folder: Path) -> config_module.Config:
    """A project in `folder`: the repository's settings and glossaries, plus the example's."""
    shutil.copy(ROOT / "pipeline.toml", folder / "pipeline.toml")
    shutil.copytree(ROOT / "glossaries", folder / "glossaries")
    for name, text in example.files:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return config_module.load(folder / "pipeline.toml", tomllib.loads(example.settings))


def _audited(example: Example, suffix: str, data: bytes, folder: Path) -> list[Finding]:
    config = _project(example, folder)
    sheet = folder / "sources" / f"example.{suffix}"
    sheet.parent.mkdir(exist_ok=True)
    sheet.write_bytes(data)
    return list(audit(config, [sheet], TODAY).findings())


def _outputs(path: Path) -> list[Finding]:
    """The accessibility findings for one output; every example output is checked in one
    run the first time (a browser and a Java start cost seconds, a page a fraction)."""
    return [f for f in _all_outputs() if f.loc.path == _shown(path)]


@cache
def _all_outputs() -> tuple[Finding, ...]:
    return _checked(
        sorted(
            {
                FIXTURES / example.text
                for rule in catalogue().values()
                for example in (rule.passing, rule.failing)
                if example.kind == "file" and rule.family == "a11y"
            }
        )
    )


def _checked(paths: list[Path]) -> tuple[Finding, ...]:
    config = config_module.load(ROOT / "pipeline.toml")
    outputs = [Output(path, _shown(path)) for path in paths]
    return tuple(a11y_runner.check(outputs, None, Policy(config)).findings())


def _shown(path: Path) -> str:
    return path.relative_to(FIXTURES).as_posix()


def _segment(text: str) -> list[Finding]:
    english, target, *signed_off = text.split("\t")
    glossary = for_language(FIXTURES / "qa-glossary", "en", "es")
    reviewed = review_hash(english, signed_off[0]) if signed_off else None
    where = Location("sources/example.txt", 1)
    segment = qa.Segment("u1", english, target, where, reviewed=False, review_hash=reviewed)
    return list(qa.check(segment, glossary, "es"))
