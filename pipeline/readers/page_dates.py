"""A web page's machine-readable review date, for a page whose text shows none.

Which keys count as a review: only those that say the content was checked, not that the
page changed.

- `<meta name|property="cdc:last_reviewed" content="July 31, 2024">`: CDC's pages carry it
  beside `cdc:last_updated`; it is the "Last Reviewed" date CDC's template shows.
- schema.org `lastReviewed` ("date on which the content on this web page was last reviewed
  for accuracy and/or completeness"), in JSON-LD or as microdata (`itemprop` on a <meta>
  or <time>).

Not a review: `cdc:last_updated`, `cdc:last_published`, `dcterms.modified`, `DC.date`,
`article:modified_time`, `og:updated_time`, schema.org `dateModified` and `datePublished`.
They change with any edit (a fixed link, a new template, a re-publication), so a sheet
reviewed years ago would pass for a fresh one. The visible "Last reviewed" line wins over
all of this: it is what families see. A value that is not a date is ignored, and the sheet
stays unreviewed (a draft), the safe side.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass

from lxml.etree import _Element

from pipeline.dates import PartialDate

#: <meta> names (or properties) whose content is a review date, lower case.
REVIEW_META = frozenset({"cdc:last_reviewed"})
#: schema.org's review property (JSON-LD key, microdata itemprop).
SCHEMA_REVIEW = "lastReviewed"
#: A timestamp's date part: "2024-12-23T13:51:02-05:00" is 2024-12-23.
_STAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\S*")
_JSON_LD = "application/ld+json"


@dataclass(frozen=True)
class PageDate:
    """A review date a page carries, and the source line of the element holding it."""

    date: PartialDate
    line: int
    key: str


def review_date(root: _Element, line_of: Callable[[_Element], int]) -> PageDate | None:
    """The first review date the page's machine-readable data gives, in document order;
    `line_of` gives an element's source line."""
    for element, key, value in _candidates(root):
        if (date := _date(value)) is not None:
            return PageDate(date, line_of(element), key)
    return None


def _candidates(root: _Element) -> Iterator[tuple[_Element, str, str]]:
    for element in root.iter("meta", "time", "script"):
        if element.tag == "script":
            if (element.get("type") or "").strip().lower() == _JSON_LD:
                for value in _json_ld(element.text or ""):
                    yield element, SCHEMA_REVIEW, value
            continue
        name = (element.get("name") or element.get("property") or "").strip().lower()
        if element.tag == "meta" and name in REVIEW_META:
            yield element, name, element.get("content") or ""
        elif (element.get("itemprop") or "").strip() == SCHEMA_REVIEW:
            value = element.get("content") or element.get("datetime") or element.text or ""
            yield element, SCHEMA_REVIEW, value


def _json_ld(text: str) -> Iterator[str]:
    """Every `lastReviewed` string in a JSON-LD block (any object, nested or in a @graph)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return
    queue = deque([data])
    while queue:
        node = queue.popleft()
        if isinstance(node, dict):
            if isinstance(value := node.get(SCHEMA_REVIEW), str):
                yield value
            queue.extend(node.values())
        elif isinstance(node, list):
            queue.extend(node)


def _date(value: str) -> PartialDate | None:
    value = " ".join(value.split())
    if stamp := _STAMP.fullmatch(value):
        value = stamp.group(1)
    with suppress(ValueError):
        return PartialDate.parse(value)
    return None
