"""Tracked changes and comments: a sheet still under edit is not published.

Every tracked insertion, deletion and move (w:ins, w:del, w:moveTo, w:moveFrom) that
holds text, and every formatting change, is an error finding naming the change, its
author and date, at its paragraph; so is every comment, quoted. The reader still reads
the text as if each change were accepted, so `pipeline dump` shows that version, but
the findings keep the sheet from families until someone accepts or rejects the changes
and deletes the comments in Word (Review > Accept / Reject, Delete All Comments).
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from pipeline.model import Finding
from pipeline.readers.word.findings import COMMENT, TRACKED_CHANGE, at
from pipeline.readers.word.ooxml import Tag, W, attr, in_fallback, text_of
from pipeline.readers.word.package import WordFile

_KINDS = {
    Tag.INS: "inserted",
    Tag.DEL: "deleted",
    Tag.MOVE_TO: "moved here",
    Tag.MOVE_FROM: "moved away",
}
_FORMATTING = (f"{W}rPrChange", f"{W}pPrChange")
#: Characters of a change or comment quoted in its finding.
_QUOTED = 80


def findings(word: WordFile) -> Iterator[Finding]:
    yield from _changes(word)
    yield from _comments(word)


def _changes(word: WordFile) -> Iterator[Finding]:
    formatted: set[int] = set()
    for change in word.body.iter(*_KINDS, *_FORMATTING):
        paragraph = next(change.iterancestors(Tag.P), None)
        if in_fallback(change) or paragraph is None:
            continue
        index = word.index[paragraph]
        if change.tag in _FORMATTING:
            if index not in formatted:
                formatted.add(index)
                yield _finding(word, change, "changed formatting", index)
            continue
        text = " ".join(text_of(change).split())
        if text and next(change.iterancestors(*_KINDS), None) is None:
            yield _finding(word, change, f"{_KINDS[change.tag]} {_quote(text)}", index)


def _finding(word: WordFile, change: etree._Element, what: str, index: int) -> Finding:
    return TRACKED_CHANGE.finding(
        f"tracked change: {what}{_by(change)}; the sheet is not published until it is "
        "accepted or rejected",
        at(word.display, index),
        suggestion="in Word, Review > Accept or Reject each change, then save",
    )


def _comments(word: WordFile) -> Iterator[Finding]:
    texts: dict[str, etree._Element] = {}
    if word.comments is not None:
        texts = {c.get(attr("id"), ""): c for c in word.comments.iter(f"{W}comment")}
    for reference in word.body.iter(Tag.COMMENT_REF):
        paragraph = next(reference.iterancestors(Tag.P), None)
        if paragraph is None or in_fallback(reference):
            continue
        comment = texts.get(reference.get(attr("id"), ""))
        said = "" if comment is None else " ".join(text_of(comment).split())
        yield COMMENT.finding(
            f"comment{'' if comment is None else _by(comment)}: {_quote(said)}; the sheet "
            "is not published while it has comments",
            at(word.display, word.index[paragraph]),
            suggestion="resolve the comment, then delete it (Review > Delete), and save",
        )


def _by(element: etree._Element) -> str:
    author = element.get(attr("author"))
    date = (element.get(attr("date")) or "")[:10]
    return "".join((f" by {author}" if author else "", f" on {date}" if date else ""))


def _quote(text: str) -> str:
    return repr(text if len(text) <= _QUOTED else text[: _QUOTED - 1] + "…")
