"""The review-date stamps every output carries, worded the same in every format."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.dates import NOT_RECORDED, PartialDate
from pipeline.model import Meta


@dataclass(frozen=True)
class Stamp:
    label: str
    date: PartialDate | None

    def text(self) -> str:
        """The stamp line, e.g. "Last reviewed: August 2015"; "not recorded" without a date."""
        return f"{self.label}: {self.date.human() if self.date else NOT_RECORDED}"


def stamps(meta: Meta) -> tuple[Stamp, Stamp]:
    return Stamp("Last reviewed", meta.reviewed), Stamp("Next review due", meta.next_review)


def title(meta: Meta, name: str) -> str:
    """The sheet's title, or its file name when it has none (the audit reports that)."""
    return meta.title or name
