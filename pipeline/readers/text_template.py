"""Generic template rules: what other hospitals' web pages and PDF copies put around a sheet.

The per-site noise patterns in `pipeline.toml` know one template; these rules know what
most templates share, so a sheet from a site never seen before still reads as a sheet:
skip links, "Learn More" links, "Welcome to <site>" banners, page tools ("Print", "Share
on Facebook", "en español"), image alt texts ("clipboard icon"), page numbers ("Page 2 of
4", a bare "7" between pages, a running foot "Clearinghouse   Page 2 of 4"), running heads
repeated at page breaks, legal citations ("42 U.S.C. § 300aa-26"), "OFFICE USE ONLY"
boxes, a file name pasted above the text, and the US federal website banner ("An
official website of the United States government … Here's how you know"). Each removed
line is reported with its rule ("template.skip-link", …), so `pipeline dump` shows it and
the fidelity check counts it; `text_reader.template_rules` switches rules off by name.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from pipeline.readers.text_shape import TextLine

#: A skip link: "Skip to main content", "Skip directly to site content", "… to A to Z list".
_SKIP = (
    r"(?:skip|jump)(?: directly)? (?:to|over)(?: the)?(?: (?:main|site|page))? "
    r"(?:content|navigation|nav|menu|search|footer|a to z list|a-z (?:list|index))"
    r"(?: links?)?|skip navigation"
)
#: Social networks a page's share and follow links name.
_SOCIAL = (
    r"(?:facebook|linkedin|twitter|youtube|instagram|flickr|pinterest|reddit|whatsapp"
    r"|tumblr|threads|bluesky|tiktok)"
)
#: A share or page toolbar: a line made only of tool words ("Sources Print Share",
#: "Facebook LinkedIn Twitter Syndicate"), at least one a tool on its own: "Sources" or "X"
#: alone is a heading or a mark, not a toolbar.
_TOOL = rf"(?:print|share|e-?mail|syndicate|tweet|{_SOCIAL})"
_TOOL_COMPANION = rf"(?:{_TOOL}|sources|x)"
_TOOL_GAP = r"[ |\u00b7\u2022/]+"
_TOOLBAR = rf"(?:{_TOOL_COMPANION}{_TOOL_GAP})*{_TOOL}(?:{_TOOL_GAP}{_TOOL_COMPANION})*"

#: Line-shaped rules: a line that fully matches (any case) is template text.
LINE_RULES: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.I)
    for name, pattern in {
        # one skip link or several on a line ("Skip directly to site content Skip directly
        # to search", as a copy of a CDC page starts)
        "skip-link": rf"(?:{_SKIP})(?:[ |]+(?:{_SKIP}))*",
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
        r"|e-?mail(?: this)?(?: page)?|en espa\u00f1ol|espa\u00f1ol|text size:?(?: [aA+-]+)?"
        rf"|(?:follow|like|find) us on (?:{_SOCIAL}|x)|{_TOOLBAR}",
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


#: The US federal website banner (the U.S. Web Design System's "usa-banner") at the top of
#: nearly every .gov page, sentence by sentence; the padlock icon's text may be missing
#: ("A lock ( ) or https://") and the quotes curly.
_BANNER_SENTENCE = re.compile(
    r"(?:an official website of the (?:united states|u\.? ?s\.?) government"
    r"|here['\u2019]s how you know"
    r"|official websites use \.gov"
    r"|an? \.gov website belongs to an official government organi[sz]ation in the united states"
    r"|secure \.gov websites use https"
    r"|an? lock \([^()]{0,60}\) or https:// means you['\u2019]ve safely connected to the"
    r" \.gov website"
    r"|share sensitive information only on official, secure websites)[.!]?",
    re.I,
)
_ONE = _BANNER_SENTENCE.pattern
_BANNER_LINE = re.compile(rf"(?:{_ONE})(?:\s*(?:{_ONE}))*", re.I)
#: A banner is at least this many of its sentences together: one alone may be the sheet's.
BANNER_SENTENCES = 2


def banner_lines(texts: Sequence[str | None]) -> Iterator[int]:
    """The indices of lines that make up a federal website banner: runs of lines made only
    of its sentences, with at least `BANNER_SENTENCES` of them. None (a blank line) does
    not end a run; any other line does."""
    run: list[int] = []
    sentences = 0
    for index, raw in enumerate([*texts, ""]):
        if raw is None:
            continue
        text = " ".join(raw.split())
        if text and _BANNER_LINE.fullmatch(text):
            run.append(index)
            sentences += len(_BANNER_SENTENCE.findall(text))
            continue
        if sentences >= BANNER_SENTENCES:
            yield from run
        run, sentences = [], 0


def line_rule(text: str, enabled: Sequence[str]) -> str | None:
    """The name of the first of the `enabled` line rules that `text` fully matches."""
    match = _line_rules(tuple(name for name in LINE_RULES if name in enabled)).fullmatch(text)
    return _RULE_NAMES[match.lastgroup or ""] if match else None


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
    for index, line in enumerate(lines):
        if line is None or (line.bullet and line.marker is None):
            continue
        if rule := line_rule(line.text, enabled):
            found[index] = rule
    if "gov-banner" in enabled:
        texts = [None if line is None else "" if line.bullet else line.text for line in lines]
        found |= dict.fromkeys(banner_lines(texts), "gov-banner")
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
