"""Findings about what a PDF could not give the sheet as it is."""

from __future__ import annotations

from pipeline.model import Severity
from pipeline.rules import Example, Rule

PICTURE = Rule(
    "pdf.picture",
    Severity.WARNING,
    "a picture the PDF tags could not be found on its page: add it to the outputs by hand",
    Example("file", "pdf/picture.pdf"),
    Example("file", "pdf/lost-picture.pdf"),
)
NO_ALT = Rule(
    "pdf.no-alt",
    Severity.WARNING,
    "a picture has no alternative text: people who cannot see it miss what it shows",
    Example("file", "pdf/picture.pdf"),
    Example("file", "pdf/picture-no-alt.pdf"),
)
DATE_FROM_PROPERTIES = Rule(
    "pdf.date-from-properties",
    Severity.WARNING,
    "no review date in the text: the date the PDF was last modified stands in for it",
    Example("file", "pdf/tagged.pdf"),
    Example("file", "pdf/undated.pdf"),
)
RULES = (PICTURE, NO_ALT, DATE_FROM_PROPERTIES)
