"""The review-date stamps and draft notice every output carries, worded the same in every
format and in the sheet's own language."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.dates import PartialDate
from pipeline.i18n import ENGLISH, Labels
from pipeline.model import Meta


@dataclass(frozen=True)
class Stamp:
    label: str
    date: PartialDate | None
    labels: Labels = ENGLISH
    #: Who did it, for a reviewed translation.
    names: tuple[str, ...] = ()

    def human(self) -> str:
        """The date as the sheet's readers write it, e.g. "August 2015", "agosto de 2015"."""
        return self.labels.date(self.date)

    def prefix(self) -> str:
        return f"{self.label}: "

    def suffix(self) -> str:
        """ " by Ana Ruiz" after a reviewed translation's date; empty otherwise."""
        return (
            f" {self.labels.reviewed_by.format(names=', '.join(self.names))}" if self.names else ""
        )

    def text(self) -> str:
        """The stamp line, e.g. "Last reviewed: August 2015"."""
        return f"{self.prefix()}{self.human()}{self.suffix()}"


def labels(meta: Meta) -> Labels:
    return meta.translation.labels if meta.translation else ENGLISH


def stamps(meta: Meta) -> tuple[Stamp, ...]:
    """Review dates; a translation also says when it was made and reviewed, and by whom."""
    words = labels(meta)
    translation = meta.translation
    if translation is None:
        return Stamp(words.last_reviewed, meta.reviewed), Stamp(words.next_review, meta.next_review)
    return (
        Stamp(words.source_reviewed, meta.reviewed, words),
        Stamp(words.next_review, meta.next_review, words),
        Stamp(words.translated, translation.translated, words),
        Stamp(words.translation_reviewed, translation.reviewed, words, translation.reviewers),
    )


def notice(meta: Meta) -> tuple[str, ...]:
    """The draft notice for a sheet not yet fit for families: a translation not final, in
    its language and in English, so the staff who handle it can read it too (in English only
    once every segment is reviewed: it is no machine translation then); an English sheet
    withheld for its review date, in English, for staff; empty when fit."""
    withheld = (f"{WITHHELD}: {meta.withheld}.",) if meta.withheld else ()
    translation = meta.translation
    if translation is None or translation.final:
        return withheld
    if translation.all_reviewed:  # the labels, this notice among them, are not reviewed
        why = (
            "its labels (dates, stamps) are not"
            if translation.labels.unreviewed
            else "fails a check"
        )
        return (f"{WITHHELD}: the translation is reviewed, but {why}.", *withheld)
    local = translation.labels.draft_notice
    drafted = (local,) if local == ENGLISH.draft_notice else (local, ENGLISH.draft_notice)
    return drafted + withheld


#: The staff notice on a sheet withheld from families, before the reason.
WITHHELD = "For staff only, do not give to families"


def title(meta: Meta, name: str) -> str:
    """The sheet's title, or its file name when it has none (the audit reports that)."""
    return meta.title or name
