"""Pictures a sheet carries: what each is called beside the page, and which to write.

A picture is written next to its page under a name made from its sheet and its content
("fever.3fa9c1d2e4b5a6f7.png"), so an unchanged picture keeps its name from build to
build, two sheets never fight over one name, and a changed picture is a new file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from pipeline.model import Document, Image

#: The picture types every browser and Word show; readers keep only these.
EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/bmp": "bmp",
    "image/webp": "webp",
}


def suffix(image: Image) -> str:
    """What follows the sheet's name in the picture's file name: digest and extension."""
    return f"{hashlib.sha256(image.data).hexdigest()[:16]}.{EXTENSIONS[image.media_type]}"


def embedded(document: Document) -> Iterator[Image]:
    """The sheet's pictures that have bytes to write, each once, in reading order."""
    seen: set[str] = set()
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Image) and block.data and (name := suffix(block)) not in seen:
                seen.add(name)
                yield block
