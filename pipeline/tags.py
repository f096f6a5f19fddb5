"""Language tags as BCP 47 defines them, parsed by a real parser (langcodes), never by hand.

A tag reaches the pipeline from settings, from a Word document's `w:lang` or core
properties, from Markdown front matter and from an XLIFF file's target-language — all
text a person (or a hostile file) wrote. A language's folder under outputs/ and
translations/ is named by its primary subtag only after the tag has been parsed, so
"../../etc" or "/tmp" can never become a folder.
"""

from __future__ import annotations

import re
from functools import cache

#: What a folder named by language looks like: a primary subtag, lower case.
FOLDER = re.compile(r"[a-z]{2,3}")


class TagError(ValueError):
    """Not a language tag; the message quotes it (shortened) and says why."""


@cache
def canonical(tag: str) -> str:
    """The tag in its standard form ("en_us" → "en-US"); TagError when it is none, has no
    language (private use, "und"), or names a language by more than three letters."""
    import langcodes  # noqa: PLC0415 (only runs that meet a tag need it)

    shown = tag if len(tag) <= 40 else f"{tag[:40]}…"
    try:
        standard = langcodes.standardize_tag(tag.strip())
        language = langcodes.Language.get(standard).language
    except ValueError as error:  # langcodes.tag_parser.LanguageTagError is one
        raise TagError(f"{shown!r} is not a language tag like en-US or es-419 ({error})") from None
    if language is None or not FOLDER.fullmatch(language):
        raise TagError(f"{shown!r} names no language (use a tag like en-US or es-419)")
    return standard


def language(tag: str) -> str:
    """The tag's language, the primary subtag: "es-419" → "es"; TagError if not a tag."""
    return canonical(tag).split("-", 1)[0]


def same_language(first: str, second: str) -> bool:
    """Whether two tags name the same language, whatever their regions: en-GB and en-US do."""
    return language(first) == language(second)
