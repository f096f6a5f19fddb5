"""Names that say what they are: no two modules and no two classes of the package share a
name, so a name read in a traceback, a review or a search means one thing."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_two_modules_share_a_name() -> None:
    names = Counter(path.name for path in _modules() if path.name != "__init__.py")
    assert [name for name, count in names.items() if count > 1] == []


def test_no_two_classes_share_a_name() -> None:
    names: Counter[str] = Counter()
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names.update(node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef))
    assert [name for name, count in names.items() if count > 1] == []
