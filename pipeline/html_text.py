"""HTML code that reached a sheet's text: tags a reader showed as words.

A tag missing its ">" (`<a href="…" Water-related Hygiene</a>`) is no markup to a
Markdown or HTML parser, so it stays in the text, and so does a tag escaped in a web page
or typed into a plain-text sheet. Families would read it as it is: the structure check
reports it (`structure.markup`), and the spelling check skips it, so staff see the one
real problem instead of "href" as a typo.

Only tags of HTML elements count, written as tags are: "<5 years" and "a < b" are text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: HTML elements a sheet's text may have lost a tag of (HTML Living Standard names).
_NAME_LIST = """a abbr address area article aside audio b big blockquote body br button caption
    center cite code col colgroup dd del details div dl dt em embed figcaption figure font
    footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe img input ins label li link
    main mark meta nav noscript object ol option p picture pre q s script section select
    small source span strike strong style sub summary sup svg table tbody td textarea tfoot
    th thead time title tr tt u ul video wbr"""
NAMES = frozenset(_NAME_LIST.split())
_NAME = r"(?P<name>[A-Za-z][A-Za-z0-9]*+)"
#: Space within a line: a tag is matched within one line, so that texts joined by line
#: breaks (the spelling check's one pass over a sheet) blank the same tags as each text.
_S = r"[^\S\n]"
_VALUE = r"""(?:"[^"<>\n]*"|'[^'<>\n]*'|[^\s"'<>=`]+)"""
#: An attribute with a value: one without ("<td nowrap>") reads like prose in angle
#: brackets ("<a lot of care>"), so only the element's name may stand alone.
_ATTRIBUTE = rf"{_S}+[A-Za-z_:][\w:.-]*+{_S}*={_S}*{_VALUE}"
#: A whole tag (`<br>`, `</a>`, `<img src=x.png alt="">`), or the start of one that lost
#: its ">" but has an attribute to show it is one (`<a href="…"`, an open quote too). The
#: name is any word, checked against NAMES after: an alternation of the names made the
#: search ten times slower on text full of "<".
TAG = re.compile(
    rf"</?{_NAME}(?=[\s/>])(?:{_ATTRIBUTE})*+{_S}*/?>"
    rf"|<(?P<open>[A-Za-z][A-Za-z0-9]*+)(?:{_ATTRIBUTE}|{_S}+[A-Za-z_:][\w:.-]*+{_S}*={_S}*"
    rf"[\"'][^\"'<>\n]*)++"
)


def tags(text: str) -> Iterator[re.Match[str]]:
    """The HTML tags in `text`, in order (none without a "<": most text)."""
    if "<" not in text:
        return
    for found in TAG.finditer(text):
        if (found.group("name") or found.group("open")).lower() in NAMES:
            yield found


def without_tags(text: str) -> str:
    """`text` with its HTML tags blanked out (offsets unchanged)."""
    if "<" not in text:
        return text
    blanked = list(text)
    for tag in tags(text):
        blanked[tag.start() : tag.end()] = " " * (tag.end() - tag.start())
    return "".join(blanked)
