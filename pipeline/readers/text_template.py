"""Generic template rules: what other hospitals' web pages and PDF copies put around a sheet.

The per-site noise patterns in `pipeline.toml` know one template; these rules know what
most templates share, so a sheet from a site never seen before still reads as a sheet:
skip links, "Learn More" links, "Welcome to <site>" banners, page tools ("Print", "Share
on Facebook", "en español"), image alt texts ("clipboard icon"), page numbers ("Page 2 of
4", a bare "7" between pages, a running foot "Clearinghouse   Page 2 of 4"), running heads
repeated at page breaks, legal citations ("42 U.S.C. § 300aa-26"), "OFFICE USE ONLY"
boxes and a file name pasted above the text. Each removed line is reported with its rule
("template.skip-link", …), so `pipeline dump` shows it and the fidelity check counts it;
`text_reader.template_rules` switches rules off by name.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from pipeline.readers.text_shape import TextLine

#: Line-shaped rules: a line that fully matches (any case) is template text.
LINE_RULES: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.I)
    for name, pattern in {
        "skip-link": r"(?:skip|jump) (?:to|over)(?: the)?(?: main)? "
        r"(?:content|navigation|nav|menu|search|footer)(?: links?)?|skip navigation",
        "learn-more": r"(?:learn|read|see|find out|view) (?:more|all)(?: about us)?"
        r"\s*[\u00bb\u203a>\u2192]*"
        r"|(?:more|all) [\w ]{1,20}?\s*[\u00bb\u203a>\u2192]+|click here",
        "welcome": r"welcome to (?:(?:the|our) )?(?:[\w'\u2019&.-]+ ){0,6}"
        r"(?:hospital|health(?:care)?|clinics?|medical(?: cent(?:er|re))?|cent(?:er|re)"
        r"|web ?site|site|portal|system|online)\b[^.!?]{0,40}[!.]?",
        "image-alt": r"(?:[\w'\u2019&-]+ ){0,4}(?:icon|logo)|image|photo|picture|illustration",
        "page-number": r"page \d{1,3}(?: (?:of|/) \d{1,3})?|\d{1,3} (?:of|/) \d{1,3}"
        r"|[-\u2013\u2014] ?\d{1,3} ?[-\u2013\u2014]|\d{1,3} ?\| ?page|page ?\| ?\d{1,3}"
        # a running foot: the publisher and "Page 1 of 3" on one line, either way round
        r"|[^.!?]{1,80}? (?:[|\u2022\u00b7\u2013-] )?page \d{1,3} (?:of|/) \d{1,3}"
        r"|page \d{1,3} (?:of|/) \d{1,3} (?:[|\u2022\u00b7\u2013-] )?[^.!?]{1,80}",
        "page-tools": r"print(?: this)?(?: page)?|share(?: this)?(?: page)?(?: on \w+)?"
        r"|e-?mail(?: this)?(?: page)?|en espa\u00f1ol|espa\u00f1ol|text size:?(?: [aA+-]+)?",
        "legal-citation": r"\d{1,3} (?:U\.? ?S\.? ?C|C\.? ?F\.? ?R)\.?(?: ?§+)? ?[\w.()-]+"
        r"(?:(?:,| and) [\w.()-]+)*",
        "file-name": r"[^/\\:*?\"<>|]{1,80}\.(?:pdf|docx?|rtf|odt|txt|html?|md)",
    }.items()
}
#: Each line rule's name as a group name ("skip_link" for "skip-link").
_RULE_NAMES = {name.replace("-", "_"): name for name in LINE_RULES}


@functools.lru_cache(maxsize=16)
def _line_rules(names: tuple[str, ...]) -> re.Pattern[str]:
    """The rules `names` as one pattern, one named group each, in the order they are tried:
    it fully matches a line where the first of them that does, in one call per line."""
    groups = [f"(?P<{name.replace('-', '_')}>{LINE_RULES[name].pattern})" for name in names]
    return re.compile("|".join(groups) or "(?!)", re.I)


#: "OFFICE USE ONLY", also split over lines by a PDF copy; the box's lines go with it.
OFFICE = re.compile(r"(?:for )?office use only:?", re.I)
_BARE_NUMBER = re.compile(r"\d{1,3}")

#: A running head in capitals repeats; lines this far apart count as on different pages.
PAGE_GAP = 12


@dataclass(frozen=True)
class TemplateLine:
    """A line the template rules took out: its index in the line list and its rule."""

    index: int
    rule: str


def template_lines(
    lines: Sequence[TextLine | None], enabled: Sequence[str], breaks: Collection[int] = ()
) -> list[TemplateLine]:
    """The template lines of a sheet; `lines` has None for blank and noise lines, `breaks`
    are the indices of page breaks (form feeds)."""
    found: dict[int, str] = {}
    rules = _line_rules(tuple(name for name in LINE_RULES if name in enabled))
    for index, line in enumerate(lines):
        if line is None or (line.bullet and line.marker is None):
            continue
        if match := rules.fullmatch(line.text):
            found[index] = _RULE_NAMES[match.lastgroup or ""]
    if "page-number" in enabled:
        found |= dict.fromkeys(_bare_page_numbers(lines), "page-number")
    if "office-use" in enabled:
        found |= dict.fromkeys(_office_box(lines), "office-use")
    if "running-head" in enabled:
        found |= dict.fromkeys(_running_heads(lines, found, breaks), "running-head")
    return [TemplateLine(index, f"template.{found[index]}") for index in sorted(found)]


def _bare_page_numbers(lines: Sequence[TextLine | None]) -> Iterator[int]:
    """Lines holding only a number, when such lines count up through the sheet (2, 3, 4…)."""
    numbers = [
        (index, int(line.text))
        for index, line in enumerate(lines)
        if line is not None and not line.bullet and _BARE_NUMBER.fullmatch(line.text)
    ]
    for position, (index, value) in enumerate(numbers):
        before = numbers[position - 1][1] if position else None
        after = numbers[position + 1][1] if position + 1 < len(numbers) else None
        if before == value - 1 or after == value + 1:
            yield index


def _office_box(lines: Sequence[TextLine | None]) -> Iterator[int]:
    """An "OFFICE USE ONLY" label (on one line or three) and the short lines of its box."""
    for index, line in enumerate(lines):
        if line is None or not line.text.casefold().startswith(("office", "for")):
            continue  # the label starts "OFFICE USE ONLY" or "For office use only"
        span = 0
        for width in (1, 2, 3):
            window = lines[index : index + width]
            if len(window) == width and all(part is not None for part in window):
                text = " ".join(part.text for part in window if part is not None)
                if OFFICE.fullmatch(text):
                    span = width
                    break
        if not span:
            continue
        end = index + span
        while end < len(lines) and (box := lines[end]) is not None and _form_field(box.text):
            end += 1
        yield from range(index, end)
        return


def _form_field(text: str) -> bool:
    """A line of a form box: short, and not a sentence."""
    return len(text.split()) <= 6 and not text.endswith((".", "!", "?"))


def _running_heads(
    lines: Sequence[TextLine | None], taken: dict[int, str], breaks: Collection[int]
) -> Iterator[int]:
    """Short lines repeated at page breaks (next to a page number or a form feed), or set
    in capitals and repeated pages apart.

    The first copy stays when it opens the sheet (the title or the kicker above it, which
    the title rules judge); later copies are page furniture.
    """
    edges = {index for index, rule in taken.items() if rule == "page-number"} | set(breaks)
    near = {edge + step for edge in edges for step in range(-3, 4)}
    seen: dict[str, list[int]] = defaultdict(list)
    for index, line in enumerate(lines):
        if line is None or line.bullet or index in taken or len(line.text.split()) > 10:
            continue
        if line.text.endswith((":", "?", ".")) or _BARE_NUMBER.fullmatch(line.text):
            continue
        seen[_head_key(line.text)].append(index)
    content = [index for index, line in enumerate(lines) if line is not None]
    order = {index: position for position, index in enumerate(content)}
    for key, places in seen.items():
        if len(places) < 2:
            continue
        at_breaks = all(order[index] < 3 or index in near for index in places)
        gaps = [order[b] - order[a] for a, b in itertools.pairwise(places)]
        capitals = key.isupper() and len(key) > 3 and min(gaps) >= PAGE_GAP
        if not (at_breaks or capitals):
            continue
        first_is_top = order[places[0]] < 5
        yield from places[1:] if first_is_top else places


def _head_key(text: str) -> str:
    """Capitals lose their spaces ("VAC C I N E" = "VACCINE"); other text its case."""
    return re.sub(r"\s+", "", text) if text.isupper() else " ".join(text.casefold().split())
