"""Structure: what a reader (or a screen reader) needs to find their way through a sheet."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.checks.context import Context, places
from pipeline.html_text import tags
from pipeline.model import BulletList, Document, Finding, Location, NumberedList, Severity
from pipeline.readers.text_template import LINE_RULES, OFFICE
from pipeline.rules import Example, Rule

NO_TITLE = Rule(
    "structure.no-title",
    Severity.ERROR,
    "the sheet has no title",
    Example("sheet.txt", "Fever Medicine\n\nGive it with food.\n"),
    Example("sheet.txt", "Give the medicine with food. It helps the stomach.\n"),
)
LIST_WITHOUT_HEADING = Rule(
    "structure.list-without-heading",
    Severity.WARNING,
    "a list follows another list with no heading of its own",
    Example("sheet.txt", "Fever\n\nCommon side effects:\n\n• nausea\n• rash\n"),
    Example("sheet.txt", "Fever\n\nSide effects:\n\n• nausea\n• rash\n\n\n• seizures\n"),
)
EMPTY_SECTION = Rule(
    "structure.empty-section",
    Severity.WARNING,
    "a heading with nothing under it",
    Example("sheet.txt", "Fever\n\nWhat is it?\n\nA medicine for fever.\n"),
    Example("sheet.txt", "Fever\n\nWhat is it?\n\nHow is it given?\n\nBy mouth.\n"),
)
REPEATED_WORD = Rule(
    "structure.repeated-word",
    Severity.WARNING,
    "the same word twice in a row",
    Example("sheet.txt", "Fever\n\nGive the medicine with food.\n"),
    Example("sheet.txt", "Fever\n\nGive the the medicine with food.\n"),
)
BOILERPLATE = Rule(
    "structure.boilerplate",
    Severity.WARNING,
    "web page or form text (navigation, link labels, icon names, copyright, legal citations, "
    "office boxes) left in the sheet; a sentence sending families to a web site is content",
    Example("sheet.txt", "Fever\n\nVisit the VAERS website at www.vaers.hhs.gov for more.\n"),
    Example("sheet.md", "# Fever\n\nGive the medicine with food.\n\nLearn More\n"),
)
MARKUP = Rule(
    "structure.markup",
    Severity.ERROR,
    'the sheet shows HTML code as text (a tag that lost its ">", or one escaped or typed '
    "into the text): families would read it",
    Example("sheet.md", '# Fever\n\n* <a href="https://www.cdc.gov/flu/">Flu</a>\n'),
    Example("sheet.md", '# Fever\n\n* <a href="https://www.cdc.gov/flu/" Flu</a>\n'),
)
RULES = (NO_TITLE, LIST_WITHOUT_HEADING, EMPTY_SECTION, REPEATED_WORD, BOILERPLATE, MARKUP)
#: Characters of a tag quoted in a finding (its address may be long).
TAG_SHOWN = 60

_REPEATED = re.compile(r"\b(\w+)\s+(\1)\b", re.I)
_REPEATED_LOWER = re.compile(r"\b(\w++)\s+\1\b")
#: Between units' texts: a word of its own, so no two units' words are neighbours.
_APART = "\n_\n"
#: Web-page furniture inside a sentence (lower case, so that lower-cased ASCII text can be
#: searched without ignoring case: twice as fast). Web addresses are not on the list: "Visit
#: the VAERS website at www.vaers.hhs.gov" is advice families need.
_BOILERPLATE_LOWER = re.compile(
    r"\b(?:back to top|click here|print (?:this )?page|share this page|skip to (?:main )?content"
    r"|start over with a new search|all rights reserved)\b|©"
)
_BOILERPLATE = re.compile(_BOILERPLATE_LOWER.pattern, re.I)
#: A sentence or line that is all template text: the text reader's template rules ("Learn
#: More", "Welcome to …", icon alt texts, legal citations, "OFFICE USE ONLY"), which the
#: other readers, or a sheet with the rules switched off, let through. One search per
#: unit: it starts where a line or sentence starts and ends where one ends.
_TEMPLATE = re.compile(
    r"(?:^|(?<=[.!?])[ \t]+)[^\w\n]*(?P<found>(?i:"
    + "|".join(pattern.pattern for pattern in (*LINE_RULES.values(), OFFICE))
    + r"))[.!:]*(?=[ \t]*$|(?<=[.!?])[ \t]+[A-Z\u00bf\u00a1\"\u201c(])",
    re.M,
)


def no_title(document: Document, context: Context) -> Iterator[Finding]:
    if document.meta.title is None:
        yield NO_TITLE.finding(
            "the sheet has no title; the first line should name the medicine or topic",
            document.meta.loc,
        )


def list_without_heading(document: Document, context: Context) -> Iterator[Finding]:
    """Lists back to back read as one list unless each says what it lists.

    The seed's three side-effect lists lost their headings ("common", "less common",
    "rare") in the scrape; families cannot tell how likely each effect is.
    """
    for section in document.sections:
        for previous, block in zip(section.blocks, section.blocks[1:], strict=False):
            if isinstance(block, BulletList | NumberedList) and isinstance(
                previous, BulletList | NumberedList
            ):
                yield LIST_WITHOUT_HEADING.finding(
                    f"this list follows the list at line {previous.loc.line} with no heading "
                    "or lead-in of its own (was a heading lost?)",
                    block.loc,
                    suggestion="add a heading or a lead-in sentence saying what this list is",
                )


def empty_section(document: Document, context: Context) -> Iterator[Finding]:
    for section in document.sections:
        if section.heading is not None and not section.blocks:
            yield EMPTY_SECTION.finding(
                f"the heading {section.heading!r} has nothing under it",
                section.loc,
            )


def repeated_word(document: Document, context: Context) -> Iterator[Finding]:
    """One finding per repeated word, at its first place, naming the others: a sheet of
    one long line repeating "the the" must not make thousands of findings."""
    found: dict[str, list[tuple[Location, str]]] = {}
    units = context.units(document)
    if not _may_repeat(_APART.join(unit.text for unit in units)):
        return
    for unit in units:
        for match in _REPEATED.finditer(unit.text):
            if not match.group(1).isdigit():
                place = (unit.at(match.start(2)), match.group(2))
                found.setdefault(match.group(1).lower(), []).append(place)
    for seen in found.values():
        loc, second = seen[0]
        yield REPEATED_WORD.finding(
            f"{second!r} is repeated{places([at for at, _ in seen])}",
            loc,
            suggestion=f"remove the second {second!r}",
        )


def _may_repeat(text: str) -> bool:
    """Whether `_REPEATED` may find a word twice in `text`: one search of lower-cased ASCII
    text without ignoring case, where the case-blind pattern tried on every unit was most
    of the check's time. Other text goes to the pattern: its case rules are not
    lower-casing's."""
    return not text.isascii() or _REPEATED_LOWER.search(text.lower()) is not None


def boilerplate(document: Document, context: Context) -> Iterator[Finding]:
    for unit in context.units(document):
        if span := _boilerplate(unit.text) or _template(unit.text):
            yield BOILERPLATE.finding(
                f"{unit.text[span[0] : span[1]]!r} looks like web page text left in the sheet",
                unit.at(span[0]),
                suggestion="remove it, or add a noise pattern for the template to pipeline.toml",
            )


def _template(text: str) -> tuple[int, int] | None:
    """Where the first sentence or line of `text` that is all template text is ("Learn
    More", "Facebook icon", "42 U.S.C. § 300aa-26"); a word of one inside a sentence is
    not ("learn more about the vaccine")."""
    found = _TEMPLATE.search(text)
    return found.span("found") if found else None


def _boilerplate(text: str) -> tuple[int, int] | None:
    """Where the first web-page furniture in `text` is. Lower-casing keeps the offsets of
    ASCII text (nearly all text); other text may change length, so it is searched as is."""
    ascii_text = text.isascii()
    pattern = _BOILERPLATE_LOWER if ascii_text else _BOILERPLATE
    found = pattern.search(text.lower() if ascii_text else text)
    return found.span() if found else None


def markup(document: Document, context: Context) -> Iterator[Finding]:
    """One finding for the HTML tags a sheet shows as text, at the first, naming the
    others' lines: a page of them is one problem in its source."""
    found = [
        (unit.at(tag.start()), tag.group())
        for unit in context.units(document)
        for tag in tags(unit.text)
    ]
    if found:
        loc, tag = found[0]
        shown = tag if len(tag) <= TAG_SHOWN else f"{tag[: TAG_SHOWN - 1]}…"
        yield MARKUP.finding(
            f"HTML code shows as text: {shown!r}{places([at for at, _ in found])}",
            loc,
            suggestion='fix the tag in the source (a tag missing its ">" is shown as text), '
            "or remove it",
        )


CHECKS = (no_title, list_without_heading, empty_section, repeated_word, boilerplate, markup)
