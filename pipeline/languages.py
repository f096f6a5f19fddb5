"""Facts about languages that more than one writer needs."""

from __future__ import annotations

#: Primary language subtags whose script runs right to left.
RTL_LANGUAGES = frozenset({"ar", "ckb", "dv", "fa", "he", "ps", "ur", "yi"})


def primary(tag: str) -> str:
    """The primary subtag of a BCP 47 tag, lower case: "en-US" → "en"."""
    return tag.split("-", maxsplit=1)[0].lower()


def is_rtl(tag: str) -> bool:
    return primary(tag) in RTL_LANGUAGES
