"""Word's Accessibility Checker rules that can be read from a .docx file's XML.

There is no free Word checker to run, but most of its rules are facts in the package:
the core properties hold the title, the styles the language and colours, the numbering
part the lists. Findings are located by paragraph: "line" N is the Nth `w:p` of the
document body in document order (table cells included), counting from 1.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from io import BytesIO

from lxml import etree
from lxml.etree import _Element

from pipeline.model import Finding, Location, Severity
from pipeline.rules import Example, Rule

#: A document that passes every rule; each rule's failing one breaks only it (and maybe
#: its neighbours): tests/fixtures/a11y/docx/, made by tests/fixtures/make_rule_fixtures.py.
_GOOD = Example("file", "a11y/docx/good.docx")
UNREADABLE = Rule(
    "a11y.docx.unreadable",
    Severity.ERROR,
    "the file is not a Word document that can be opened",
    _GOOD,
    Example("file", "a11y/docx/not-a-word-file.docx"),
)
NO_TITLE = Rule(
    "a11y.docx.no-title",
    Severity.ERROR,
    "the document has no title in its properties",
    _GOOD,
    Example("file", "a11y/docx/no-title.docx"),
)
NO_LANGUAGE = Rule(
    "a11y.docx.no-language",
    Severity.ERROR,
    "the document's default language is not set",
    _GOOD,
    Example("file", "a11y/docx/no-language.docx"),
)
NO_HEADINGS = Rule(
    "a11y.docx.no-headings",
    Severity.ERROR,
    "no paragraph uses a heading style",
    _GOOD,
    Example("file", "a11y/docx/no-headings.docx"),
)
HEADING_ORDER = Rule(
    "a11y.docx.heading-order",
    Severity.ERROR,
    "a heading skips a level",
    _GOOD,
    Example("file", "a11y/docx/skipped-heading.docx"),
)
TYPED_BULLET = Rule(
    "a11y.docx.typed-bullet",
    Severity.ERROR,
    "a bullet or number typed as text instead of a real list",
    _GOOD,
    Example("file", "a11y/docx/typed-bullets.docx"),
)
LIST_NOT_NESTED = Rule(
    "a11y.docx.list-not-nested",
    Severity.ERROR,
    "an item drawn nested by indentation but a separate list",
    _GOOD,
    Example("file", "a11y/docx/nested-by-style.docx"),
)
IMAGE_ALT = Rule(
    "a11y.docx.image-alt",
    Severity.ERROR,
    "an image with no alternative text that is not marked decorative",
    _GOOD,
    Example("file", "a11y/docx/image-without-alt.docx"),
)
TABLE_HEADER = Rule(
    "a11y.docx.table-header",
    Severity.ERROR,
    "a table without a header row",
    _GOOD,
    Example("file", "a11y/docx/table-without-header.docx"),
)
EMPTY_PARAGRAPH = Rule(
    "a11y.docx.empty-paragraph",
    Severity.ERROR,
    "an empty paragraph used for spacing",
    _GOOD,
    Example("file", "a11y/docx/empty-paragraph.docx"),
)
CONTRAST = Rule(
    "a11y.docx.contrast",
    Severity.ERROR,
    "text colour too close to its background (WCAG AA)",
    _GOOD,
    Example("file", "a11y/docx/light-text.docx"),
)
RULES = (
    UNREADABLE,
    NO_TITLE,
    NO_LANGUAGE,
    NO_HEADINGS,
    HEADING_ORDER,
    TYPED_BULLET,
    LIST_NOT_NESTED,
    IMAGE_ALT,
    TABLE_HEADER,
    EMPTY_PARAGRAPH,
    CONTRAST,
)
_BY_ID = {rule.id: rule for rule in RULES}

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
V = "urn:schemas-microsoft-com:vml"
DC = "http://purl.org/dc/elements/1.1/"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"

#: Text that starts like a list item: a bullet glyph or dash, or "1." "2)" "a." "(3)".
_TYPED = re.compile(r"\s*(?:[•·▪◦‣●○■□►▸➢➤✓✔*\-\u2013\u2014]|\(?\d{1,2}[.)]|[a-z][.)])\s")
_RGB = re.compile(r"[0-9A-Fa-f]{6}")
_HEADING_NAME = re.compile(r"heading ([1-9])", re.I)
#: Word's highlight colour names.
_HIGHLIGHTS = {
    "black": "000000",
    "blue": "0000FF",
    "cyan": "00FFFF",
    "green": "00FF00",
    "magenta": "FF00FF",
    "red": "FF0000",
    "yellow": "FFFF00",
    "white": "FFFFFF",
    "darkBlue": "000080",
    "darkCyan": "008080",
    "darkGreen": "008000",
    "darkMagenta": "800080",
    "darkRed": "800000",
    "darkYellow": "808000",
    "darkGray": "808080",
    "lightGray": "C0C0C0",
}
#: Half-points: 18 pt, or 14 pt bold, is "large text" with a lower contrast threshold.
LARGE, LARGE_BOLD = 36, 28
#: Word's size when nothing sets one: 10 pt.
DEFAULT_SIZE = 20


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def check(data: bytes, shown: str) -> list[Finding]:
    try:
        word = _Word(data)
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        message = f"cannot open it as a Word document: {error}"
        return [UNREADABLE.finding(message, Location(shown, 1))]
    found = [*_title(word), *_language(word), *_headings(word), *_lists(word)]
    found += [*_images(word), *_tables(word), *_empty(word), *_contrast(word)]
    return [_BY_ID[rule].finding(message, Location(shown, index)) for rule, index, message in found]


#: (rule, paragraph index, message); `check` turns them into findings for one file.
Problem = tuple[str, int, str]


class _Word:
    """The parts of a .docx the rules read, found through the package's relationships."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(BytesIO(data)) as package:
            targets = _targets(package, "_rels/.rels", "")
            main = targets[OFFICE_DOCUMENT + "officeDocument"]
            self.document = _xml(package, main)
            self.core = _xml(package, targets[CORE]) if CORE in targets else None
            folder = posixpath.dirname(main)
            rels = posixpath.join(folder, "_rels", posixpath.basename(main) + ".rels")
            parts = _targets(package, rels, folder) if rels in package.namelist() else {}
            styles = parts.get(OFFICE_DOCUMENT + "styles")
            numbering = parts.get(OFFICE_DOCUMENT + "numbering")
            self.styles = _xml(package, styles) if styles else etree.Element(_w("styles"))
            lists = _xml(package, numbering) if numbering else etree.Element(_w("numbering"))
        body = self.document.find(_w("body"))
        self.body = body if body is not None else etree.Element(_w("body"))
        self.paragraphs = list(self.body.iter(_w("p")))
        self.index = {id(p): n for n, p in enumerate(self.paragraphs, start=1)}
        self._styles = {s.get(_w("styleId")): s for s in self.styles.iter(_w("style"))}
        default = self.styles.find(
            f"{_w('style')}[@{_w('default')}='1'][@{_w('type')}='paragraph']"
        )
        self._default_style = default.get(_w("styleId")) if default is not None else None
        self.defaults = self.styles.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
        self._abstract = {
            num.get(_w("numId")): abstract.get(_w("val"))
            for num in lists.iter(_w("num"))
            if (abstract := num.find(_w("abstractNumId"))) is not None
        }
        self._levels = {
            (definition.get(_w("abstractNumId")), level.get(_w("ilvl"))): level
            for definition in lists.iter(_w("abstractNum"))
            for level in definition.iter(_w("lvl"))
        }

    def chain(self, style_id: str | None) -> Iterator[_Element]:
        """A style and the styles it is based on, nearest first (cycles stop)."""
        seen: set[str] = set()
        while (
            style_id and style_id not in seen and (style := self._styles.get(style_id)) is not None
        ):
            seen.add(style_id)
            yield style
            based = style.find(_w("basedOn"))
            style_id = based.get(_w("val")) if based is not None else None

    def paragraph_styles(self, paragraph: _Element) -> list[_Element]:
        style = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
        return list(self.chain(style.get(_w("val")) if style is not None else self._default_style))

    def level(self, numbering: tuple[str, str]) -> _Element | None:
        """The `w:lvl` of a list (numId, ilvl) in the numbering part."""
        num_id, ilvl = numbering
        return self._levels.get((self._abstract.get(num_id), ilvl))


def _targets(package: zipfile.ZipFile, rels: str, folder: str) -> dict[str, str]:
    """Relationship type → part name, from one .rels part."""
    root = _xml(package, rels)
    return {
        rel.get("Type", ""): posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
        for rel in root.iter(f"{{{RELS}}}Relationship")
        if rel.get("TargetMode") != "External"
    }


def _xml(package: zipfile.ZipFile, name: str) -> _Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(package.read(name.lstrip("/")), parser)


def _own(paragraph: _Element, tag: str) -> Iterator[_Element]:
    """Descendants of a paragraph that are not inside a paragraph nested in it (text boxes)."""
    for element in paragraph.iter(tag):
        if next(element.iterancestors(_w("p")), None) is paragraph:
            yield element


def _text(paragraph: _Element) -> str:
    return "".join(t.text or "" for t in _own(paragraph, _w("t")))


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= 40 else text[:39] + "…")


def _title(word: _Word) -> Iterator[Problem]:
    title = word.core.findtext(f"{{{DC}}}title") if word.core is not None else None
    if not (title or "").strip():
        yield "a11y.docx.no-title", 1, "the document has no title: set File > Info > Title"


def _language(word: _Word) -> Iterator[Problem]:
    """The default run language: what Word's proofing and screen readers go by."""
    lang = word.defaults.find(_w("lang")) if word.defaults is not None else None
    if lang is None or not (lang.get(_w("val")) or "").strip():
        yield "a11y.docx.no-language", 1, "the document's default language is not set"


def _heading_level(word: _Word, paragraph: _Element) -> int | None:
    """The outline level Word's navigation pane shows: from the paragraph or its style."""
    for properties in [paragraph, *word.paragraph_styles(paragraph)]:
        outline = properties.find(f"{_w('pPr')}/{_w('outlineLvl')}")
        if outline is not None:
            level = outline.get(_w("val"), "9")
            return int(level) + 1 if level.isdigit() and int(level) < 9 else None
        name = properties.find(_w("name"))
        if name is not None and (match := _HEADING_NAME.fullmatch(name.get(_w("val"), ""))):
            return int(match.group(1))
    return None


def _headings(word: _Word) -> Iterator[Problem]:
    previous = 0
    for index, paragraph in enumerate(word.paragraphs, start=1):
        level = _heading_level(word, paragraph)
        if level is None:
            continue
        if level > previous + 1:
            after = f"follows level {previous}" if previous else "is the first heading"
            yield (
                "a11y.docx.heading-order",
                index,
                f"heading {_excerpt(_text(paragraph))} is level {level} but {after}",
            )
        previous = level
    if not previous:
        yield "a11y.docx.no-headings", 1, "no paragraph uses a heading style (Heading 1, 2…)"


def _numbering(word: _Word, paragraph: _Element) -> tuple[str, str] | None:
    """(numId, ilvl) of a list paragraph, set on it or by its style; None if not a list."""
    for properties in [paragraph, *word.paragraph_styles(paragraph)]:
        num_pr = properties.find(f"{_w('pPr')}/{_w('numPr')}")
        if num_pr is not None:
            num_id = num_pr.find(_w("numId"))
            ilvl = num_pr.find(_w("ilvl"))
            value = num_id.get(_w("val"), "0") if num_id is not None else "0"
            level = ilvl.get(_w("val"), "0") if ilvl is not None else "0"
            return None if value == "0" else (value, level)
    return None


def _indent(word: _Word, paragraph: _Element, numbering: tuple[str, str] | None) -> int:
    """Left indent in twips: the paragraph's own, else its list level's, else its style's."""
    level = word.level(numbering) if numbering else None
    for properties in [paragraph, level, *word.paragraph_styles(paragraph)]:
        ind = properties.find(f"{_w('pPr')}/{_w('ind')}") if properties is not None else None
        value = ind.get(_w("left"), ind.get(_w("start"), "")) if ind is not None else ""
        if re.fullmatch(r"-?\d+", value):
            return int(value)
    return 0


def _lists(word: _Word) -> Iterator[Problem]:
    previous: tuple[tuple[str, str], int] | None = None
    for index, paragraph in enumerate(word.paragraphs, start=1):
        numbering = _numbering(word, paragraph)
        text = _text(paragraph)
        if numbering is None:
            if match := _TYPED.match(text):
                yield (
                    "a11y.docx.typed-bullet",
                    index,
                    f"{_excerpt(text)} starts with a typed {match.group().strip()!r}: "
                    "use a real bulleted or numbered list",
                )
            previous = None
            continue
        indent = _indent(word, paragraph, numbering)
        if (
            previous is not None
            and numbering[1] == "0"
            and previous[0][0] != numbering[0]
            and indent > previous[1]
        ):
            yield (
                "a11y.docx.list-not-nested",
                index,
                f"{_excerpt(text)} is indented under the item above but starts a list of its "
                "own: nest it as a deeper level of the same list",
            )
        previous = numbering, indent


def _images(word: _Word) -> Iterator[Problem]:
    for index, paragraph in enumerate(word.paragraphs, start=1):
        for drawing in _own(paragraph, f"{{{WP}}}docPr"):
            decorative = any(
                element.get("val") in ("1", "true")
                for element in drawing.iter()
                if etree.QName(element).localname == "decorative"
            )
            if not decorative and not (drawing.get("descr") or "").strip():
                name = drawing.get("name") or "an image"
                yield "a11y.docx.image-alt", index, f"{name} has no alt text"
        for shape in _own(paragraph, f"{{{V}}}shape"):
            if shape.find(f"{{{V}}}imagedata") is not None and not (shape.get("alt") or "").strip():
                yield "a11y.docx.image-alt", index, "a picture (VML) has no alt text"


def _tables(word: _Word) -> Iterator[Problem]:
    for number, table in enumerate(word.body.iter(_w("tbl")), start=1):
        rows = table.findall(_w("tr"))
        if len(rows) < 2:
            continue
        header = rows[0].find(f"{_w('trPr')}/{_w('tblHeader')}")
        if header is None or header.get(_w("val"), "1") in ("0", "false", "off"):
            first = next(table.iter(_w("p")), None)
            index = word.index.get(id(first), 1) if first is not None else 1
            yield (
                "a11y.docx.table-header",
                index,
                f"table {number} has no header row: mark its first row 'Repeat as header row'",
            )


def _empty(word: _Word) -> Iterator[Problem]:
    """Empty paragraphs outside tables, except the last one (Word always keeps one)."""
    for index, paragraph in enumerate(word.paragraphs[:-1], start=1):
        if next(paragraph.iterancestors(_w("tc")), None) is not None or _text(paragraph).strip():
            continue
        content = (_w("drawing"), _w("pict"), _w("object"), _w("br"), _w("sectPr"))
        if not any(next(_own(paragraph, tag), None) is not None for tag in content):
            yield (
                "a11y.docx.empty-paragraph",
                index,
                "an empty paragraph used for spacing: set space before or after instead",
            )


def _run_property(word: _Word, run: _Element, paragraph: _Element, name: str) -> _Element | None:
    """A run property as Word resolves it: the run, its character style, the paragraph's
    style, then the document defaults."""
    own = run.find(f"{_w('rPr')}/{_w(name)}")
    if own is not None:
        return own
    style = run.find(f"{_w('rPr')}/{_w('rStyle')}")
    styles = [
        *word.chain(style.get(_w("val")) if style is not None else None),
        *word.paragraph_styles(paragraph),
    ]
    for element in styles:
        found = element.find(f"{_w('rPr')}/{_w(name)}")
        if found is not None:
            return found
    return word.defaults.find(_w(name)) if word.defaults is not None else None


def _rgb(element: _Element | None, attribute: str) -> str | None:
    """A colour attribute as RRGGBB; None when absent, "auto" or not a colour."""
    value = element.get(_w(attribute), "") if element is not None else ""
    return value.upper() if _RGB.fullmatch(value) else None


def _background(word: _Word, run: _Element, paragraph: _Element) -> str:
    """The colour behind a run: highlight, shading (run, paragraph, style, cell), page."""
    highlight = run.find(f"{_w('rPr')}/{_w('highlight')}")
    if highlight is not None and (name := highlight.get(_w("val"), "")) in _HIGHLIGHTS:
        return _HIGHLIGHTS[name]
    shading = f"{_w('pPr')}/{_w('shd')}"
    candidates = [
        _rgb(_run_property(word, run, paragraph, "shd"), "fill"),
        _rgb(paragraph.find(shading), "fill"),
        *(_rgb(style.find(shading), "fill") for style in word.paragraph_styles(paragraph)),
        *(
            _rgb(cell.find(f"{_w('tcPr')}/{_w('shd')}"), "fill")
            for cell in paragraph.iterancestors(_w("tc"))
        ),
        _rgb(word.document.find(_w("background")), "color"),
    ]
    return next((colour for colour in candidates if colour is not None), "FFFFFF")


def _on(element: _Element | None) -> bool:
    return element is not None and element.get(_w("val"), "1") not in ("0", "false", "off")


def _contrast(word: _Word) -> Iterator[Problem]:
    """The first run per paragraph whose colour fails WCAG AA on its background."""
    for index, paragraph in enumerate(word.paragraphs, start=1):
        for run in _own(paragraph, _w("r")):
            text = "".join(t.text or "" for t in run.iter(_w("t")))
            colour = _rgb(_run_property(word, run, paragraph, "color"), "val")
            background = _background(word, run, paragraph)
            if not text.strip() or colour is None:
                continue  # "auto" colours are ones Word picks to contrast
            size = _run_property(word, run, paragraph, "sz")
            half_points = size.get(_w("val"), "") if size is not None else ""
            large = int(half_points) if half_points.isdigit() else DEFAULT_SIZE
            bold = _on(_run_property(word, run, paragraph, "b"))
            needed = 3.0 if large >= LARGE or (bold and large >= LARGE_BOLD) else 4.5
            if (ratio := contrast(colour, background)) < needed:
                yield (
                    "a11y.docx.contrast",
                    index,
                    f"{_excerpt(text)} is #{colour} on #{background}: contrast "
                    f"{ratio:.2f}:1, needs {needed}:1",
                )
                break


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two sRGB colours given as RRGGBB."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
