"""XML files from outside the project (a CAT tool's XLIFF, TBX or TMX), parsed without
trusting them: no entity is resolved, nothing is fetched or loaded, no tree is huge, and
comments and processing instructions are dropped so that only elements and text remain.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from lxml.etree import _Element

from pipeline.errors import DataFileError

PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)


def parse(data: bytes, shown: str) -> _Element:
    """The root element; DataFileError naming the file and line when not well-formed."""
    try:
        return etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError as error:
        raise DataFileError(shown, f"not well-formed XML: {error.msg}", error.lineno) from None


def has_doctype(root: _Element) -> bool:
    """Whether the file has any DOCTYPE, asked of the parsed tree, not of the bytes, so a
    UTF-16 file cannot hide one."""
    info = root.getroottree().docinfo
    return info.internalDTD is not None or info.externalDTD is not None or bool(info.public_id)


def declares(root: _Element) -> bool:
    """Whether a DOCTYPE declares entities or elements (the stubs do not type DTD's API)."""
    subset: Any = root.getroottree().docinfo.internalDTD
    return subset is not None and bool([*subset.iterentities(), *subset.iterelements()])
