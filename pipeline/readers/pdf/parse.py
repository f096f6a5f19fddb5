"""The untrusted part of reading a PDF, run in a child process with limits (`isolated`).

A PDF is a program for drawing pages: a few kilobytes can decompress to gigabytes or nest
objects without end, and pdfminer decompresses every stream whole. So the parsing runs in
a child process with a memory limit and a deadline; a file that breaks either is a clear
error about that file, never a build that runs out of memory. The child prints what the
pages show as JSON: each page's size and words (text, box, font, size, marked-content id),
the structure tree of a tagged PDF, and the document properties.
"""

from __future__ import annotations

import base64
import io
import json
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

#: Limits on the child that parses one PDF.
MEMORY_BYTES = 2_000_000_000
SECONDS = 120
MAX_PAGES = 60
#: Pictures smaller than this (points, either side) are decoration: rules, bullets, dots.
MIN_PICTURE = 24
#: Pictures rendered per file, and the scale they are rendered at (2: 144 dpi).
MAX_PICTURES = 200
SCALE = 2


def _too_big() -> str:
    """The message for a file that needs more memory than this process may have."""
    limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    limit = MEMORY_BYTES if limit == resource.RLIM_INFINITY else limit
    return f"needs more than {limit / 1e9:.0f} GB of memory to read: a damaged or hostile PDF?"


class ParseError(Exception):
    """The file is not a PDF the pipeline can read; the message says why."""


def isolated(path: Path) -> dict[str, Any]:
    """What `path`'s pages show, parsed in a limited child process; ParseError if not."""
    package_root = Path(__file__).resolve().parents[3]
    try:
        done = subprocess.run(
            # The child runs in the package root: a relative path would be read from there.
            [
                sys.executable,
                "-m",
                __name__,
                str(path.resolve()),
                str(MAX_PAGES),
                str(MEMORY_BYTES),
            ],
            capture_output=True,
            timeout=SECONDS,
            cwd=package_root,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ParseError(f"took more than {SECONDS} s to read: a damaged or hostile PDF?") from None
    if done.returncode != 0:
        if b"MemoryError" in done.stderr or done.returncode < 0:
            raise ParseError(_too_big())
        last = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise ParseError(f"could not be read ({last[0][:200]})")
    answer = json.loads(done.stdout)
    if "error" in answer:
        raise ParseError(answer["error"])
    return answer  # type: ignore[no-any-return]


def parse(path: Path, max_pages: int = MAX_PAGES) -> dict[str, Any]:
    """What the pages show (in this process: call `isolated` for a file you did not make)."""
    import pdfplumber  # noqa: PLC0415 (the child's only job)
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect  # noqa: PLC0415
    from pdfminer.psexceptions import PSException  # noqa: PLC0415
    from pdfplumber.utils.exceptions import PdfminerException  # noqa: PLC0415

    encrypted = (PDFPasswordIncorrect, PDFEncryptionError)
    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > max_pages:
                raise ParseError(f"has {len(pdf.pages)} pages; a sheet has at most {max_pages}")
            pages = [_page(page) for page in pdf.pages]
            skipped = _render_pictures(path, pdf.pages, pages)
            return {
                "pages": pages,
                "structure": _structure(pdf),
                "metadata": pdf.metadata,
                "pictures_skipped": skipped,
            }
    except encrypted:
        raise ParseError("is an encrypted PDF: save it without a password") from None
    except MemoryError:
        raise ParseError(_too_big()) from None
    except (PdfminerException, PSException, ValueError, KeyError, TypeError) as error:
        cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
        if isinstance(cause, encrypted):
            raise ParseError("is an encrypted PDF: save it without a password") from None
        if "allocate" in str(cause):  # zlib's words for running into the memory limit
            raise ParseError(_too_big()) from None
        raise ParseError(f"is not a readable PDF ({str(cause)[:200]})") from None


def _page(page: Any) -> dict[str, Any]:
    words = [
        [
            w["text"],
            w["x0"],
            w["x1"],
            w["top"],
            w["bottom"],
            w["size"],
            w["fontname"],
            w.get("mcid"),
        ]
        for w in _words(page)
    ]
    tables = [
        [[list(cell) if cell else None for cell in row.cells] for row in table.rows]
        for table in page.find_tables()  # tables drawn with ruling lines
    ]
    size = {"width": float(page.width), "height": float(page.height)}
    return {**size, "words": words, "tables": tables}


def _words(page: Any) -> list[dict[str, Any]]:
    """The page's words, turned text included. pdfplumber reads every turned character
    top to bottom and gives each its own "size" (its advance, not its height), so a side
    label turned counter-clockwise (read bottom to top, as the NIDDK meal table's "Dinner")
    came out a letter at a time and reversed: "r e nn i D". Turned characters are read
    apart, each way in its own direction, and sized across their line."""
    words: list[dict[str, Any]] = page.filter(lambda obj: _turned(obj) is None).extract_words(
        extra_attrs=_ATTRS
    )
    for direction in ("ttb", "btt"):
        turned = page.filter(lambda obj, way=direction: _turned(obj) == way)
        if not turned.chars:
            continue
        found = turned.extract_words(
            extra_attrs=[a for a in _ATTRS if a != "size"], char_dir_rotated=direction
        )
        for word in found:
            word["size"] = word["x1"] - word["x0"]  # across the line, as height is upright
        words += found
    return words


_ATTRS = ["fontname", "size", "mcid"]


def _turned(obj: dict[str, Any]) -> str | None:
    """How a turned character reads: "btt" turned counter-clockwise (its text matrix maps
    the baseline upwards in PDF space), "ttb" clockwise; None for anything else."""
    matrix = obj.get("matrix")
    if obj.get("object_type") != "char" or obj.get("upright", True) or matrix is None:
        return None
    return "btt" if matrix[1] > 0 else "ttb"


def _render_pictures(path: Path, plumbed: Any, pages: list[dict[str, Any]]) -> int:
    """Each picture as a PNG of what the page shows in its box (masks and all), base64;
    "" for one PDFium cannot draw (the reader reports it). Returns how many pictures
    were left out for being more than MAX_PICTURES."""
    import pypdfium2  # type: ignore[import-untyped]  # noqa: PLC0415 (the child's only job)

    document: Any = None
    left = MAX_PICTURES
    try:
        for number, (page, out) in enumerate(zip(plumbed, pages, strict=True)):
            out["pictures"] = []
            width, height = float(page.width), float(page.height)
            for image in page.images:
                # The part of the picture on the page (pictures may bleed off its edges).
                x0, x1 = (min(max(float(image[k]), 0.0), width) for k in ("x0", "x1"))
                top, bottom = (min(max(float(image[k]), 0.0), height) for k in ("top", "bottom"))
                if min(x1 - x0, bottom - top) < MIN_PICTURE:
                    continue
                left -= 1
                if left < 0:
                    continue
                png = ""
                try:
                    document = document or pypdfium2.PdfDocument(path)
                    drawn = document[number]
                    # PDFium's page may be cut to another box than pdfplumber's.
                    right, under = (
                        max(v, 0.0) for v in (drawn.get_width() - x1, drawn.get_height() - bottom)
                    )
                    bitmap = drawn.render(scale=SCALE, crop=(x0, under, right, top))
                    data = io.BytesIO()
                    bitmap.to_pil().save(data, "PNG", optimize=True)
                    png = base64.b64encode(data.getvalue()).decode()
                except (pypdfium2.PdfiumError, ValueError):
                    pass  # reported by the reader as a picture it could not carry over
                box = {"x0": x0, "top": top, "mcid": image.get("mcid")}
                out["pictures"].append({**box, "png": png})
    finally:
        if document is not None:
            document.close()
    return max(-left, 0)


def _structure(pdf: Any) -> list[dict[str, Any]]:
    try:
        return list(pdf.structure_tree)
    except Exception:  # a damaged structure tree: the pages are read as untagged
        return []


def _plain(value: object) -> object:
    """JSON for what pdfminer leaves in properties and tags: bytes, names, references."""
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


def main() -> None:
    """The child: limit its own memory before it reads a byte, then parse."""
    memory = int(sys.argv[3])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    try:
        answer: dict[str, Any] = parse(Path(sys.argv[1]), int(sys.argv[2]))
    except ParseError as error:
        answer = {"error": str(error)}
    json.dump(answer, sys.stdout, default=_plain)


if __name__ == "__main__":
    main()
