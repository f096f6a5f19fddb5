"""Where files go, and how their paths look in messages.

Every file the pipeline writes for a sheet is named by `sheet_file`: the language folder
comes from a parsed language tag, the file name from a checked sheet name, and the result
must resolve inside its root (outputs/, translations/) — checked once here, for every
writer, so no sheet, tag or imported file can make the pipeline write anywhere else.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline import tags

#: The output formats, in the order builds list them (`pipeline.writers.WRITERS` has one
#: writer for each); known without importing a writer.
FORMATS = ("html", "docx", "txt")
#: outputs/drafts/<lang>/: translations not yet fit for families.
DRAFTS = "drafts"
#: Longest sheet name: file systems allow 255 bytes, and the name gets a suffix.
MAX_NAME = 150
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class PathError(ValueError):
    """A name or tag that cannot become a path; the message says which and why."""


def display(path: Path) -> str:
    """A path as people see it in messages: relative to the working folder when inside it,
    control characters escaped ("\\n"), so a file name cannot forge a line of a CI log
    (such as a GitHub "::error::" command)."""
    if path.is_absolute() and path.is_relative_to(Path.cwd()):
        path = path.relative_to(Path.cwd())
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], path.as_posix())


def check_name(name: str) -> str:
    """A sheet's name (its source file's stem) as it may name output files; PathError for
    one with a line break, control or path characters, or none at all."""
    shown = repr(name if len(name) <= 60 else f"{name[:60]}…")
    if not name.strip(" .") or name.startswith("."):
        raise PathError(f"the sheet name {shown} cannot name a file")
    if match := _UNSAFE.search(name):
        raise PathError(
            f"the sheet name {shown} has {match.group()!r} in it; rename the file with "
            "letters, digits, spaces, dots, hyphens and underscores only"
        )
    if len(name.encode("utf-8")) > MAX_NAME:
        raise PathError(f"the sheet name {shown} is longer than {MAX_NAME} bytes")
    return name


def language_folder(root: Path, tag: str, *, draft: bool = False) -> Path:
    """root/<lang>/ (or root/drafts/<lang>/) for a language tag; PathError if not a tag."""
    try:
        folder = tags.language(tag)
    except tags.TagError as error:
        raise PathError(str(error)) from None
    return _inside(root, (root / DRAFTS / folder) if draft else (root / folder))


def sheet_file(root: Path, tag: str, name: str, suffix: str, *, draft: bool = False) -> Path:
    """root/<lang>/<name>.<suffix>: a sheet's file in a language, checked to stay in root."""
    folder = language_folder(root, tag, draft=draft)
    return _inside(root, folder / f"{check_name(name)}.{suffix}")


def _inside(root: Path, path: Path) -> Path:
    if not path.resolve().is_relative_to(root.resolve()):
        raise PathError(f"{display(path)} would be outside {display(root)}")
    return path
