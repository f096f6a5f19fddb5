"""Building XML and HTML trees with lxml: an element with its text, text after the last one.

The HTML writer, the reports and the TBX export all build trees this way.
"""

from __future__ import annotations

from lxml import etree
from lxml.etree import _Element


def add(
    parent: _Element, tag: str, text: str | None = None, attrib: dict[str, str] | None = None
) -> _Element:
    """A new last child of `parent`, holding `text`."""
    element = etree.SubElement(parent, tag, attrib)
    element.text = text
    return element


def append(parent: _Element, text: str) -> None:
    """Add text after whatever `parent` holds so far."""
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text
