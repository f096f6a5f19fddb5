"""Which files in `sources/` are sheets.

Education staff keep working folders: Windows and macOS drop `Thumbs.db` and `._` files,
editors leave `~$` locks, `.bak` and `~` backups, and Markdown sheets sit beside their
pictures. Those are not sheets and are skipped (the run says how many, once); any other
file is a sheet, so a kind no reader knows (an old `.doc`, a `.pdf`) fails on its own with
advice instead of being ignored — someone meant it to be published.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Files that are never sheets, by name (compared casefolded).
_LEFTOVER_NAMES = frozenset({"thumbs.db", "ehthumbs.db", "desktop.ini", "readme.md"})
#: Suffixes of backups, temporary and partial files, shortcuts, and pictures beside sheets.
_LEFTOVER_SUFFIXES = frozenset(
    {
        ".bak", ".old", ".orig", ".rej", ".tmp", ".temp", ".swp", ".swo", ".part",
        ".crdownload", ".lnk", ".url",
        ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".tif", ".tiff",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Survey:
    """A sources folder's files: the sheets to read, and the other files left alone."""

    sheets: tuple[Path, ...]
    skipped: tuple[Path, ...]

    def note(self, sources: Path) -> str | None:
        """One line naming what was skipped (a few names, then a count)."""
        if not self.skipped:
            return None
        names = [path.relative_to(sources).as_posix() for path in self.skipped]
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        return f"skipped {len(names)} file(s) in {sources.as_posix()} that are not sheets: {shown}"


def survey(sources: Path) -> Survey:
    """Every file under `sources`, in a stable order, sorted into sheets and leftovers."""
    sheets: list[Path] = []
    skipped: list[Path] = []
    for path in sorted(sources.rglob("*")):
        if path.is_file() or path.is_symlink():
            (skipped if is_leftover(path) else sheets).append(path)
    return Survey(tuple(sheets), tuple(skipped))


def discover(sources: Path) -> list[Path]:
    """The sheets in `sources`, in a stable order."""
    return list(survey(sources).sheets)


def is_leftover(path: Path) -> bool:
    """Hidden files, editor locks, backups, system files and pictures: never sheets."""
    name = path.name
    return (
        name.startswith((".", "~$"))
        or name.endswith("~")
        or name.casefold() in _LEFTOVER_NAMES
        or path.suffix.casefold() in _LEFTOVER_SUFFIXES
    )
