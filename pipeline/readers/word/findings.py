"""What the Word reader reports, and where: rules and paragraph locations.

Locations count paragraphs, not lines: `Location(path, n, unit="paragraph")` where n is
the 1-based index of the paragraph (`w:p`) among all paragraphs of word/document.xml in
document order (`WordFile.index`), so findings name "paragraph n" the same way however
the text is split into runs. A review date that is in no body paragraph (a document
property, a page header or footer) has no location, so review findings point at the
sheet (`path:1:1`), as does the finding saying which header or footer gave it.
"""

from __future__ import annotations

from pipeline.model import Location, Severity
from pipeline.rules import Example, Rule


def at(display: str, index: int) -> Location:
    """Paragraph `index` of the sheet `display`."""
    return Location(display, index, unit="paragraph")


#: A sheet made with Word's own styles passes; tests/fixtures/word/rules/ holds a failing
#: one per rule, made by tests/fixtures/make_rule_fixtures.py.
_STYLED = Example("file", "word/rules/styled.docx")


def _failing(name: str) -> Example:
    return Example("file", f"word/rules/{name}.docx")


FAKE_HEADING = Rule(
    "docx.fake-heading",
    Severity.WARNING,
    "bold, large or numbered text stands in for a heading style",
    _STYLED,
    _failing("fake-heading"),
)
TYPED_BULLET = Rule(
    "docx.typed-bullet",
    Severity.WARNING,
    "a list made of typed bullet characters instead of Word's bullets",
    _STYLED,
    _failing("typed-bullet"),
)
MANUAL_NUMBERING = Rule(
    "docx.manual-numbering",
    Severity.WARNING,
    "a list numbered by hand instead of Word's numbering",
    _STYLED,
    _failing("manual-numbering"),
)
LAYOUT_TABLE = Rule(
    "docx.layout-table",
    Severity.INFO,
    "a one-column table without a header row, read as paragraphs",
    _STYLED,
    _failing("layout-table"),
)
EMPTY_PARAGRAPH = Rule(
    "docx.empty-paragraph",
    Severity.INFO,
    "empty paragraphs used for spacing",
    _STYLED,
    _failing("empty-paragraph"),
)
TEXT_BOX = Rule(
    "docx.text-box",
    Severity.WARNING,
    "text in a text box, shape, frame or diagram, read after the paragraph it is anchored to",
    _STYLED,
    _failing("text-box"),
)
NOTE = Rule(
    "docx.note",
    Severity.INFO,
    "a footnote or endnote, read after the paragraph that refers to it",
    _STYLED,
    _failing("note"),
)
IMAGE_ALT = Rule(
    "docx.image-alt",
    Severity.WARNING,
    "a picture with no alternative text that is not marked decorative",
    _STYLED,
    _failing("image-alt"),
)
LINKED_IMAGE = Rule(
    "docx.linked-image",
    Severity.WARNING,
    "a picture linked to a file outside the document, which is never fetched",
    _STYLED,
    _failing("linked-image"),
)
TRACKED_CHANGE = Rule(
    "docx.tracked-change",
    Severity.ERROR,
    "a tracked change not yet accepted or rejected: the sheet is not published",
    _STYLED,
    _failing("tracked-change"),
)
COMMENT = Rule(
    "docx.comment",
    Severity.ERROR,
    "a comment still in the document: the sheet is not published",
    _STYLED,
    _failing("comment"),
)
HIDDEN_TEXT = Rule(
    "docx.hidden-text",
    Severity.WARNING,
    "hidden text, which is not published",
    _STYLED,
    _failing("hidden-text"),
)
REVIEW_IN_FOOTER = Rule(
    "docx.review-in-footer",
    Severity.INFO,
    "the review date was read from a page footer or header",
    _STYLED,
    _failing("review-in-footer"),
)
RULES = (
    FAKE_HEADING,
    TYPED_BULLET,
    MANUAL_NUMBERING,
    LAYOUT_TABLE,
    EMPTY_PARAGRAPH,
    TEXT_BOX,
    NOTE,
    IMAGE_ALT,
    LINKED_IMAGE,
    TRACKED_CHANGE,
    COMMENT,
    HIDDEN_TEXT,
    REVIEW_IN_FOOTER,
)
