"""Readers turn a source file into the document model; one entry per file suffix."""

from __future__ import annotations

import datetime as dt
import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from pipeline import emphasis, fidelity, langid, tags
from pipeline.config import Config
from pipeline.errors import SourceError
from pipeline.model import Document, Meta
from pipeline.paths import PathError, check_name
from pipeline.policy import Policy
from pipeline.readers import html_reader, markdown_reader, pdf, text, word
from pipeline.readers.result import ReadResult

Reader = Callable[[Path, str, Config], ReadResult]

READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".html": html_reader.read,
    ".htm": html_reader.read,
    ".md": markdown_reader.read,
    ".docx": word.read,
    ".pdf": pdf.read,
}


def read(path: Path, config: Config, display: str | None = None) -> ReadResult:
    """Read `path` with the reader for its suffix, then mark urgent phrases.

    `display` is how the path appears in locations and messages (default: as given).
    Refused before anything is read: a file that is not a regular file (a pipe would block
    the run), a symbolic link unless the settings follow links that stay in the project,
    a name that cannot name output files; after, a sheet whose language is not the sources'.
    Words of the source that reached neither the model nor a named removal are findings
    (`pipeline.fidelity`).
    """
    shown = display if display is not None else path.as_posix()
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise SourceError(shown, _advice(path.suffix.lower()))
    _check_file(path, config, shown)
    try:
        check_name(path.stem)
    except PathError as error:
        raise SourceError(shown, str(error)) from None
    result = reader(path, shown, config)
    document = _in_source_language(result.document, config)
    lost = (
        () if result.visible is None else fidelity.check(result.visible, document, result.removed)
    )
    return replace(
        result,
        document=langid.mark(emphasis.mark_urgent(document, config), langid.others(config)),
        findings=(*result.findings, *lost),
    )


#: What to do with a kind of file that staff often have and no reader reads.
_SAVE_AS_DOCX = "save it as .docx (in Word or LibreOffice: File → Save As → Word Document)"
_ADVICE = {
    ".doc": f"is an old Word file: {_SAVE_AS_DOCX}",
    ".rtf": f"is a Rich Text file: {_SAVE_AS_DOCX}",
    ".odt": f"is an OpenDocument file: {_SAVE_AS_DOCX}",
    ".pages": "is a Pages file: in Pages, File → Export To → Word, and keep the .docx",
    ".docm": "is a Word file with macros, which are never run: save it as .docx without macros",
}


def _advice(suffix: str) -> str:
    known = ", ".join(sorted(READERS))
    kind = _ADVICE.get(
        suffix, f"is a kind of file the pipeline cannot read ({suffix or 'no suffix'})"
    )
    return f"{kind}; sheets are {known} files (move other files out of sources/)"


def _check_file(path: Path, config: Config, shown: str) -> None:
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            target = path.resolve()
            project = config.sources.resolve().parent
            if not config.follow_source_links:
                raise SourceError(
                    shown,
                    f"is a symbolic link (to {target}); copy the sheet into sources/ instead, "
                    "or set follow_source_links for links inside the project",
                )
            if not target.is_relative_to(project):
                raise SourceError(shown, f"is a link to {target}, outside the project: refused")
            info = target.stat()
    except OSError as error:
        raise SourceError(shown, f"cannot read: {error.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise SourceError(shown, "is not a regular file (a folder, pipe or device): refused")


def _in_source_language(document: Document, config: Config) -> Document:
    """The document with its language tag in standard form; SourceError when the sheet is
    marked as another language than the sources' (it would be published as English)."""
    where = document.meta.loc.path
    try:
        tag = tags.canonical(document.meta.lang)
    except tags.TagError as error:
        raise SourceError(where, f"the sheet's language: {error}") from None
    if not tags.same_language(tag, config.language):
        raise SourceError(
            where,
            f"the sheet is marked as language {tag}, but sources are {config.language}; "
            "mark its text as the sources' language (in Word: select all, Review > "
            "Language) or translate it through `pipeline translate`",
        )
    return (
        document
        if tag == document.meta.lang
        else replace(document, meta=replace(document.meta, lang=tag))
    )


def read_publishable(
    path: Path, config: Config, policy: Policy, today: dt.date, display: str | None = None
) -> ReadResult:
    """`read`, with the reader's findings judged by the project's policy; SourceError when
    they reach the fail level (lost text, above all): such a sheet reaches no one. A sheet
    with no review date, or one after `today`, is withheld from families as the
    `unreviewed` setting says (`Meta.withheld`)."""
    result = read(path, config, display)
    document = result.document
    findings = policy.judge(result.findings, document.name, document.meta.ignores)
    if policy.failed(findings):
        failing = [f for f in findings if f.severity >= policy.fail_level]
        raise SourceError(
            document.meta.loc.path,
            f"not published: {len(failing)} finding(s) at or above the fail level, "
            f"first {failing[0].rule} at {failing[0].loc.place}: {failing[0].message}",
        )
    reason = unreviewed(document.meta, today)
    if reason is None or config.unreviewed == "publish":
        return replace(result, findings=findings)
    if config.unreviewed == "fail":
        raise SourceError(document.meta.loc.path, f"not published: {reason}")
    meta = replace(document.meta, withheld=reason)
    return replace(result, document=replace(document, meta=meta), findings=findings)


def unreviewed(meta: Meta, today: dt.date) -> str | None:
    """Why a sheet's review date does not vouch for it (none, or in the future); else None."""
    if meta.reviewed is None:
        return "it has no review date (add a line such as 'Last reviewed 3/2026')"
    if meta.reviewed.first_moment().date() > today:
        return f"its review date ({meta.reviewed.human()}) is in the future"
    return None


def held_until(meta: Meta) -> dt.date | None:
    """The day a sheet withheld for its future review date becomes fit for families by
    itself (`unreviewed` says nothing against it from then on); None when it is not
    withheld, or only an edit can change that. Incremental work records it, since that
    day changes none of the sheet's bytes (`manifest.UNTIL`)."""
    if meta.withheld is None or meta.reviewed is None:
        return None
    return meta.reviewed.first_moment().date()
