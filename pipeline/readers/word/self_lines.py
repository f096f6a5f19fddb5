"""Review stamps, publisher, copyright and audit-ignore lines: what a sheet says about
itself, taken out of the body as the text reader takes them.

- review stamps, publisher lines and "audit-ignore:" lines follow the text reader's
  rules, a paragraph's line breaks counting as lines and an empty paragraph, heading,
  list or table as a blank line; the stamp lines are listed as removed ("review-date",
  "audit-ignore"); failing a "Last reviewed" line, a custom document property named like
  the label ("Last reviewed") gives the date;
- failing both, the page headers and footers give it: every section's default,
  first-page and even-page header and footer that a section refers to (through
  word/_rels/document.xml.rels), each paragraph a line (a footer table's row one
  line), as Word shows it: field results such as the page number, never field codes.
  The text reader's labels and dates are looked for anywhere in a line, so
  "© 2015 Children's Hospital | Last reviewed 8/2015 | Page 1" gives 8/2015, and a
  "Next review" stamp there is read too. The same date may appear in several headers
  and footers; two different ones, a date that is not one, or a "Last reviewed" label
  without a date are errors naming the header or footer. The body (then the
  properties) wins: headers and footers are not read when the body has a
  "Last reviewed" line or a property gives the date, and fill only what is missing
  when the body gives just the next review. A date from a header or footer has no
  location (it is in no paragraph); an info finding `docx.review-in-footer` says
  which one it was read from.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from lxml import etree

from pipeline.config import TextReaderConfig
from pipeline.dates import NOT_RECORDED, PartialDate
from pipeline.errors import SourceError
from pipeline.fidelity import Removed
from pipeline.model import Finding, Location, plain
from pipeline.readers.text import (
    TextLine,
    date_line,
    publisher_block,
    take_attribution,
    take_ignores,
)
from pipeline.readers.text_stamps import Review
from pipeline.readers.word.findings import REVIEW_IN_FOOTER, at
from pipeline.readers.word.kinds import Element, WordText
from pipeline.readers.word.ooxml import Tag, run_elements, run_text, text_of

_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"


@dataclass(frozen=True)
class Metadata:
    stamps: Review
    ignores: tuple[str, ...]
    attribution: tuple[str, ...]
    #: The stamp and audit-ignore lines, as removed by those rules.
    removed: tuple[Removed, ...]


def take_metadata(
    elements: list[Element], display: str, settings: TextReaderConfig
) -> tuple[Metadata, list[Element]]:
    """Take review stamps, publisher, copyright and audit-ignore lines out, as the text
    reader does.

    The paragraphs' lines go through the text reader's own rules; an empty paragraph, a
    heading, a list or a table counts as a blank line between them.
    """
    lines: list[TextLine | None] = []
    owners: list[tuple[int, int] | None] = []
    for position, element in enumerate(elements):
        if isinstance(element, WordText):
            for number, line in enumerate(element.lines):
                words = " ".join(plain(line).split())
                lines.append(TextLine(element.index, 0, words) if words else None)
                owners.append((position, number))
        else:
            lines.append(None)
            owners.append(None)
    attribution = take_attribution(lines, settings)
    before = list(lines)
    ignores = take_ignores(lines, settings)
    removed = list(_consumed(before, lines, display, "audit-ignore"))
    before = list(lines)
    review = publisher_block(lines, display, settings)
    publisher = review.publisher
    removed += [
        gone
        for gone in _consumed(before, lines, display, "review-date")
        if gone.text not in publisher
    ]
    kept: dict[int, list[int]] = defaultdict(list)
    for left, owner in zip(lines, owners, strict=True):
        if left is not None and owner is not None:
            kept[owner[0]].append(owner[1])
    remaining: list[Element] = []
    for position, element in enumerate(elements):
        if not isinstance(element, WordText):
            remaining.append(element)
        elif position in kept:
            remaining.append(
                replace(element, lines=tuple(element.lines[n] for n in kept[position]))
            )
    loc = None if review.loc is None else at(display, review.loc.line)
    stamps = replace(review, loc=loc)
    return Metadata(stamps, ignores, attribution, tuple(removed)), remaining


def _consumed(
    before: list[TextLine | None], after: list[TextLine | None], display: str, rule: str
) -> Iterator[Removed]:
    for old, new in zip(before, after, strict=True):
        if old is not None and new is None:
            yield Removed(old.text, rule, at(display, old.number))


def property_stamps(
    custom: etree._Element | None, display: str, settings: TextReaderConfig, stamps: Review
) -> Review:
    """Review dates from custom document properties named like the labels ("Last reviewed")."""
    if custom is None:
        return stamps
    reviewed_re = re.compile(settings.reviewed_label, re.I)
    next_re = re.compile(settings.next_review_label, re.I)
    for prop in custom.iter(f"{_CUSTOM}property"):
        name = prop.get("name", "")
        words = re.sub(r"[\s_\-]+", " ", re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)).strip()
        value = text_of(prop).strip()
        if prop.find(f"{_VT}filetime") is not None:
            value = value[:10]  # a date property holds a time too: "2015-08-01T00:00:00Z"
        where = f"document property {name!r}"
        if reviewed_re.fullmatch(words):
            stamps = replace(stamps, reviewed=_stamp_date(value, where, display))
        elif next_re.fullmatch(words):
            stamps = replace(stamps, next_review=_stamp_date(value, where, display))
    return stamps


def _stamp_date(value: str, where: str, display: str) -> PartialDate:
    try:
        return PartialDate.parse(value)
    except ValueError as error:
        raise SourceError(display, f"bad review date in {where}: {error}") from None


@dataclass(frozen=True)
class _PageStamp:
    """A review stamp found in a page header or footer."""

    next_review: bool
    date: PartialDate
    #: The stamp as written: "Last reviewed 8/2015".
    text: str
    #: Where it shows: "page footer", "first-page header of section 2".
    where: str


def header_footer_stamps(
    parts: Iterable[tuple[str, etree._Element]],
    display: str,
    settings: TextReaderConfig,
    stamps: Review,
    findings: list[Finding],
) -> Review:
    """Review dates from the page headers and footers, for what the body left unsaid.

    Every header and footer must agree: two different dates are an error naming both.
    The location stays None (the stamp is in no body paragraph, so findings point at
    the sheet); an info finding says where the date was read.
    """
    found = [
        stamp
        for where, root in parts
        for text in _header_footer_lines(root)
        for stamp in _stamps_in(text, where, display, settings)
    ]
    reviewed = _agreed([stamp for stamp in found if not stamp.next_review], display)
    next_review = _agreed([stamp for stamp in found if stamp.next_review], display)
    if stamps.reviewed is None and reviewed is not None:
        stamps = replace(stamps, reviewed=reviewed.date)
    else:
        reviewed = None
    if stamps.next_review is None and next_review is not None:
        stamps = replace(stamps, next_review=next_review.date)
    else:
        next_review = None
    findings.extend(
        REVIEW_IN_FOOTER.finding(
            f"{stamp.text!r} was read from the {stamp.where}: it is in no paragraph of "
            "the sheet, so findings about its review dates name the whole sheet",
            Location.whole(display),  # the sheet, where review findings point
        )
        for stamp in (reviewed, next_review)
        if stamp is not None
    )
    return stamps


def _header_footer_lines(root: etree._Element) -> Iterator[str]:
    """A header's or footer's text: a line per paragraph (line breaks and tabs read as
    spaces), a table row's paragraphs together. Only the text Word shows is read: field
    results ("1" for PAGE), never field codes (w:instrText) or deleted text."""
    for p in root.iter(Tag.P):
        if next(p.iterancestors(Tag.TR), None) is None:
            yield _spaced(p)
    for tr in root.iter(Tag.TR):
        yield " ".join(_spaced(p) for p in tr.iter(Tag.P))


def _spaced(p: etree._Element) -> str:
    return " ".join("".join(text for r in run_elements(p) for text in run_text(r)).split())


def _stamps_in(
    text: str, where: str, display: str, settings: TextReaderConfig
) -> Iterator[_PageStamp]:
    """The stamps anywhere in a line ("© 2015 Children's | Last reviewed 8/2015 | Page 1"),
    by the text reader's labels and dates; a next-review label is looked for first, as
    the text reader does, so a label that would match both counts once. Failing a "Last
    reviewed" stamp, the text reader's other labels with a date give the review date
    ("Reviewed 03/2024 - Next review 03/2027", "Rev. 11/24")."""
    taken: list[tuple[int, int]] = []
    reviewed = False
    for next_review, label, strict in (
        (True, settings.next_review_label, False),
        (False, settings.reviewed_label, True),
        (False, settings.review_labels, False),
    ):
        if reviewed and not strict and not next_review:
            break  # a "Last reviewed" stamp: other labels are not looked for
        stamp_re = date_line(label, settings.copyright)
        for found in re.finditer(rf"(?<!\w)(?:{label})\b", text, re.I):
            if any(start <= found.start() < end for start, end in taken):
                continue
            match = stamp_re.match(text, found.start())
            if match is None:
                if not strict:  # as in the body, where such a line stays text
                    continue
                raise SourceError(
                    display,
                    f"cannot read the review date in {text!r} in the {where} "
                    "(write it like 8/2015)",
                )
            taken.append((found.start(), match.end("date")))
            reviewed = reviewed or not next_review
            if match["date"].lower() == NOT_RECORDED:
                continue
            yield _PageStamp(
                next_review,
                _stamp_date(match["date"], f"the {where}", display),
                text[found.start() : match.end("date")],
                where,
            )


def _agreed(stamps: list[_PageStamp], display: str) -> _PageStamp | None:
    """The one date all these stamps give (the first stamp giving it); else an error
    naming the first stamp of each date."""
    by_date: dict[PartialDate, _PageStamp] = {}
    for stamp in stamps:
        by_date.setdefault(stamp.date, stamp)
    if len(by_date) > 1:
        listed = "; ".join(f"{stamp.text!r} in the {stamp.where}" for stamp in by_date.values())
        raise SourceError(
            display,
            f"page headers and footers give different dates: {listed} (make them agree, "
            "or type the date in the body of the sheet, which is then used instead)",
        )
    return next(iter(by_date.values()), None)
