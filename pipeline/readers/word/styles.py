"""How a paragraph or run is formatted: its own properties, then its styles' (through
their `basedOn` chains), then the document defaults; and how numbering.xml numbers
each list level.

Word's built-in default body size (10 pt) applies when neither styles nor defaults set
one; "larger than body text" is judged against the default paragraph style's size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from lxml import etree

from pipeline.readers.word.ooxml import Tag, W, attr

T = TypeVar("T")

#: Word's built-in default body size when neither styles nor defaults set one (half-points).
_WORD_DEFAULT_SIZE = 20


@dataclass(frozen=True)
class Props:
    """Formatting that a style, a numbering level or the text itself sets; None: not set."""

    outline: int | None = None
    num_id: int | None = None
    ilvl: int | None = None
    #: Where the first line starts, in twips (left + first line - hanging).
    indent: int | None = None
    bold: bool | None = None
    size: int | None = None
    lang: str | None = None
    #: Hidden text (Font > Hidden): Word does not print it.
    hidden: bool | None = None


def props(ppr: etree._Element | None, rpr: etree._Element | None) -> Props:
    return Props(
        outline=to_int(child_val(ppr, "outlineLvl")),
        num_id=to_int(child_val(ppr, "numPr/w:numId")),
        ilvl=to_int(child_val(ppr, "numPr/w:ilvl")),
        indent=indent_of(ppr),
        bold=_toggle(rpr, "b"),
        size=to_int(child_val(rpr, "sz")),
        lang=child_val(rpr, "lang"),
        hidden=_toggle(rpr, "vanish"),
    )


def child_val(parent: etree._Element | None, path: str) -> str | None:
    """The w:val of the child at `path` ("numPr/w:numId"), if both exist."""
    if parent is None:
        return None
    child = parent.find(f"w:{path}", {"w": W[1:-1]})
    return None if child is None else child.get(attr("val"))


def to_int(value: str | None) -> int | None:
    try:
        return None if value is None else int(value)
    except ValueError:
        return None


def _toggle(rpr: etree._Element | None, name: str) -> bool | None:
    """An on/off property: present means on unless its value says off."""
    element = None if rpr is None else rpr.find(attr(name))
    if element is None:
        return None
    return element.get(attr("val"), "true").lower() not in ("0", "false", "off", "none")


def indent_of(ppr: etree._Element | None) -> int | None:
    ind = None if ppr is None else ppr.find(attr("ind"))
    if ind is None:
        return None

    def twips(*names: str) -> int:
        return next((v for n in names if (v := to_int(ind.get(attr(n)))) is not None), 0)

    return twips("left", "start") + twips("firstLine") - twips("hanging")


def first_set(*values: T | None) -> T | None:
    return next((value for value in values if value is not None), None)


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    props: Props


class Styles:
    """styles.xml: each style's own formatting, resolved through its `basedOn` chain."""

    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, _Style] = {}
        self.default: str | None = None
        self.defaults = Props()
        if root is None:
            return
        for style in root.iter(attr("style")):
            style_id = style.get(attr("styleId"), "")
            self.by_id[style_id] = _Style(
                (child_val(style, "name") or style_id).lower(),
                child_val(style, "basedOn"),
                props(style.find(Tag.PPR), style.find(Tag.RPR)),
            )
            is_default = style.get(attr("default")) in ("1", "true", "on")
            if style.get(attr("type")) == "paragraph" and is_default and self.default is None:
                self.default = style_id
        run_defaults = root.find(f"{attr('docDefaults')}/{attr('rPrDefault')}/{Tag.RPR}")
        self.defaults = props(None, run_defaults)

    def value(self, style_id: str | None, get: Callable[[Props], T | None]) -> T | None:
        seen: set[str] = set()
        while style_id is not None and style_id not in seen:
            style = self.by_id.get(style_id)
            if style is None:
                return None
            if (found := get(style.props)) is not None:
                return found
            seen.add(style_id)
            style_id = style.based_on
        return None

    def name(self, style_id: str | None) -> str:
        style = self.by_id.get(style_id or "")
        return "" if style is None else style.name

    def body_size(self) -> int:
        size = self.value(self.default, lambda p: p.size)
        return first_set(size, self.defaults.size) or _WORD_DEFAULT_SIZE


@dataclass(frozen=True)
class RunFormat:
    """A run's formatting: its own, then its character style, its paragraph's style, defaults."""

    styles: Styles
    direct: Props
    char_style: str | None
    paragraph_style: str | None

    def __call__(self, get: Callable[[Props], T | None]) -> T | None:
        return first_set(
            get(self.direct),
            self.styles.value(self.char_style, get),
            self.styles.value(self.paragraph_style, get),
            get(self.styles.defaults),
        )


@dataclass(frozen=True)
class Level:
    format: str
    text: str
    start: int
    indent: int | None


def numbering_levels(root: etree._Element | None) -> dict[int, dict[int, Level]]:
    """numbering.xml: numId → level → how that level is numbered and indented."""
    if root is None:
        return {}
    abstract: dict[str, dict[int, Level]] = {}
    for definition in root.iter(attr("abstractNum")):
        levels: dict[int, Level] = {}
        for lvl in definition.iter(attr("lvl")):
            start = to_int(child_val(lvl, "start"))  # 0 is a start too
            levels[to_int(lvl.get(attr("ilvl"))) or 0] = Level(
                child_val(lvl, "numFmt") or "decimal",
                child_val(lvl, "lvlText") or "",
                1 if start is None else start,
                indent_of(lvl.find(Tag.PPR)),
            )
        abstract[definition.get(attr("abstractNumId"), "")] = levels
    numbering: dict[int, dict[int, Level]] = {}
    for num in root.iter(attr("num")):
        num_id = to_int(num.get(attr("numId")))
        if num_id is None:
            continue
        levels = dict(abstract.get(child_val(num, "abstractNumId") or "", {}))
        for override in num.iter(attr("lvlOverride")):
            level = to_int(override.get(attr("ilvl"))) or 0
            start = to_int(child_val(override, "startOverride"))
            if start is not None and level in levels:
                levels[level] = replace(levels[level], start=start)
        numbering[num_id] = levels
    return numbering
