"""Findings about what a PDF could not give the sheet as it is."""

from __future__ import annotations

from pipeline.model import Severity
from pipeline.rules import Example, Rule

PICTURE = Rule(
    "pdf.picture",
    Severity.WARNING,
    "a picture in the PDF is not carried over into the sheet: add it to the outputs by hand",
    Example("file", "pdf/tagged.pdf"),
    Example("file", "pdf/picture.pdf"),
)
DATE_FROM_PROPERTIES = Rule(
    "pdf.date-from-properties",
    Severity.WARNING,
    "no review date in the text: the date the PDF was last modified stands in for it",
    Example("file", "pdf/tagged.pdf"),
    Example("file", "pdf/undated.pdf"),
)
RULES = (PICTURE, DATE_FROM_PROPERTIES)
