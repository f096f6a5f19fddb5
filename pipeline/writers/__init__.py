"""Writers turn a document into the bytes of one output format; one entry per format.

Each writer is a pure function of the document: no clock, no paths, no randomness,
so the same document always gives byte-identical output.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.model import Document
from pipeline.writers import docx, html, pictures, txt

Writer = Callable[[Document], bytes]

#: One writer per format of `pipeline.paths.FORMATS`, in its order.
WRITERS: dict[str, Writer] = {"html": html.write, "docx": docx.write, "txt": txt.write}


def attachments(document: Document) -> list[tuple[str, bytes]]:
    """(suffix, bytes) of the files that go beside the sheet's outputs: the pictures its
    web page shows, named `<sheet>.<suffix>`."""
    return [(pictures.suffix(image), image.data) for image in pictures.embedded(document)]
