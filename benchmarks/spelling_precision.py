"""Spelling precision and recall on real patient-education pages (`tests/corpus`).

    python -m benchmarks.spelling_precision [--typos 200] [--seed 0]

The yardstick for the spelling check on material staff really have, not on generated sheets:

- **Precision on the untouched pages.** The project's real check (`check_spelling` through
  the audit's `Context`, hunspell with the configured dictionaries, the project word list)
  runs over every English corpus file as its reader reads it, and every finding is listed.
  A finding is a false alarm unless `tests/corpus/real-typos.txt` names it as a typo that
  was checked by hand. Files without a reader (PDF) or that the reader refuses are listed
  too: what is not read is not checked.
- **Recall on typos put in on purpose.** Copies of the readable files get `--typos`
  realistic typos (adjacent letters swapped, a letter doubled or dropped, codespell's
  common misspellings), placed by a seeded random generator, so runs are reproducible.
  Only words the check reads and knows are changed, never inside a web address, and only
  into strings hunspell itself (same dictionaries, no word list) does not know: a typo
  that makes another real word is beyond any spelling check. A typo the reader then drops
  (template noise) did not reach the check and is reported apart.

Reported, not enforced: the exit code is 0 whatever the numbers; the targets are
precision >= 0.9 and recall 1.0.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import datetime as dt
import functools
import importlib.resources
import random
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from benchmarks.audit_bench import MISSPELLED
from pipeline import config as config_module
from pipeline.checks import Context
from pipeline.checks.spelling import check_spelling
from pipeline.config import Config
from pipeline.errors import SourceError
from pipeline.model import Document
from pipeline.readers import READERS, read
from pipeline.speller import WORD, Hunspell, masked

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
#: The provenance list; a file is in the corpus if and only if it has a row here.
SOURCES = "SOURCES.md"
REAL_TYPOS = "real-typos.txt"
#: Files written for the benchmark, with typos of the kinds staff make (SOURCES.md).
STAFF = "staff-"
#: Spelling does not look at the date; a fixed one keeps the context reproducible.
TODAY = dt.date(2026, 12, 31)
TARGET_PRECISION = 0.9
TARGET_RECALL = 1.0

#: A row of the provenance table: its first cell is the file's path in the corpus.
_ROW = re.compile(r"^\| (?P<file>[^|\s]+) \|", re.MULTILINE)
#: A word a typo may be put in: lower case, or capitalised, at least four letters.
_TARGET = re.compile(r"\b[A-Za-z][a-z]{3,}\b")
_POSSESSIVE = re.compile(r"['\u2019]s$")
#: "(3 places: …)" in a finding standing for several places.
_PLACES = re.compile(r"\((\d+) places: ")
#: Part of a web or mail address, a file name or a path: not a word of the text.
_ADDRESS_PART = re.compile(r"[/@]|www\.|\.(?:html?|gov|org|com|pdf)\b", re.I)


@dataclasses.dataclass(frozen=True)
class Typo:
    """A typo put in on purpose: `typo` replaces `word` on source line `line`."""

    line: int
    word: str
    typo: str
    kind: str


@dataclasses.dataclass
class Sheet:
    """One English corpus file as the check saw it."""

    path: Path
    document: Document | None = None
    #: Why the file was not checked: no reader for it, or its reader refused it.
    skipped: str | None = None
    #: (line, column, word) of every `spelling.misspelled` finding.
    found: list[tuple[int, int, str]] = dataclasses.field(default_factory=list)
    #: Places those findings stand for (a word wrong in 3 places is one finding).
    places: int = 0
    #: (rule, word) of the warnings: unknown acronyms and names, for staff to look at.
    warned: list[tuple[str, str]] = dataclasses.field(default_factory=list)


#: Kinds of sheet typos are typed into (as text); PDFs and Word files are only checked.
_TEXT_KINDS = {".txt", ".md", ".html", ".htm"}


def corpus_files(folder: Path = CORPUS) -> list[str]:
    """The corpus files named in the provenance list, as paths relative to `folder`."""
    rows = _ROW.findall((folder / SOURCES).read_text(encoding="utf-8"))
    return [row for row in rows if row not in ("file", "---")]


def english(files: Iterable[str]) -> list[str]:
    """The English files; the Spanish reference translations live under `es/`."""
    return [name for name in files if not name.startswith("es/")]


def load_real_typos(path: Path) -> frozenset[tuple[str, str]]:
    """(file, word) pairs from lines "file: word", `#` starting a comment."""
    pairs = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        name, colon, word = entry.partition(":")
        if not colon or not word.strip() or " " in word.strip():
            raise ValueError(f"{path}:{number}: expected 'file: word', got {entry!r}")
        pairs.add((name.strip(), word.strip()))
    return frozenset(pairs)


@functools.cache
def common_misspellings() -> dict[str, tuple[str, ...]]:
    """codespell's misspellings by the one word they stand for: "receive" → ("recieve", …)."""
    data = importlib.resources.files("codespell_lib") / "data" / "dictionary.txt"
    wrong_by_right: dict[str, list[str]] = collections.defaultdict(list)
    for line in data.read_text(encoding="utf-8").splitlines():
        wrong, _, rights = line.partition("->")
        fixes = [fix.strip() for fix in rights.split(",") if fix.strip()]
        if len(fixes) == 1 and wrong.isalpha() and fixes[0].isalpha():
            wrong_by_right[fixes[0]].append(wrong)
    return {right: tuple(wrongs) for right, wrongs in wrong_by_right.items()}


def misspellings(word: str) -> dict[str, list[str]]:
    """Every typo of `word` by kind; the first letter stays, as it mostly does in typing."""
    inner = range(1, len(word) - 1)
    kinds = {
        "transposition": [
            f"{word[:i]}{word[i + 1]}{word[i]}{word[i + 2 :]}"
            for i in inner
            if word[i] != word[i + 1]
        ],
        "doubled letter": [word[: i + 1] + word[i:] for i in inner if word[i] != word[i + 1]],
        "missing letter": [word[:i] + word[i + 1 :] for i in inner],
        "common misspelling": [
            wrong if word.islower() else wrong.capitalize()
            for wrong in common_misspellings().get(word.lower(), ())
        ],
    }
    return {kind: sorted(set(typos) - {word}) for kind, typos in kinds.items() if typos}


def inject(
    text: str,
    rng: random.Random,
    count: int,
    eligible: Callable[[str], bool],
    is_nonword: Callable[[str], bool],
) -> tuple[str, list[Typo]]:
    """`text` with up to `count` typos, each in a different word, and the typos made.

    A word is a candidate if `eligible` says so and it is not part of an address; its typo
    must be a non-word by `is_nonword` and must not already occur in the text.
    """
    present = set(WORD.findall(text))
    places = [match for match in _TARGET.finditer(text) if eligible(match.group())]
    places = [match for match in places if not _in_address(text, match.start(), match.end())]
    chosen: list[tuple[int, int, Typo]] = []
    for match in rng.sample(places, len(places)):
        if len(chosen) == count:
            break
        made = _typo(match.group(), rng, lambda t: t not in present and is_nonword(t))
        if made is not None:
            kind, wrong = made
            line = text.count("\n", 0, match.start()) + 1
            chosen.append((match.start(), match.end(), Typo(line, match.group(), wrong, kind)))
            present.add(wrong)
    chosen.sort(key=lambda place: place[0])
    for start, end, typo in reversed(chosen):
        text = text[:start] + typo.typo + text[end:]
    return text, [typo for _, _, typo in chosen]


def _typo(word: str, rng: random.Random, accept: Callable[[str], bool]) -> tuple[str, str] | None:
    """A random (kind, typo) of `word` that `accept` takes: kind first, then the variant."""
    by_kind = misspellings(word)
    for kind in rng.sample(sorted(by_kind), len(by_kind)):
        for wrong in rng.sample(by_kind[kind], len(by_kind[kind])):
            if accept(wrong):
                return kind, wrong
    return None


def _in_address(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] lies inside a web address, mail address, path or file name."""
    left = max(text.rfind(c, 0, start) for c in " \t\n()[]<>\"'") + 1
    right = min((i for c in " \t\n()[]<>\"'" if (i := text.find(c, end)) != -1), default=len(text))
    return bool(_ADDRESS_PART.search(text[left:right]))


def check(path: Path, shown: str, config: Config, context: Context) -> Sheet:
    """`path` read by its reader and spell-checked as the audit does it."""
    sheet = Sheet(Path(shown))
    if path.suffix.lower() not in READERS:
        sheet.skipped = f"no reader for {path.suffix} files"
        return sheet
    try:
        sheet.document = _read(path, shown, config)
    except SourceError as error:
        sheet.skipped = f"not read: {error.message}"
        return sheet
    for finding in check_spelling(sheet.document, context):
        if not (match := MISSPELLED.match(finding.message)):
            continue
        if finding.rule == "spelling.misspelled":
            sheet.found.append((finding.loc.line, finding.loc.col, match.group("word")))
            many = _PLACES.search(finding.message)
            sheet.places += int(many.group(1)) if many else 1
        else:
            sheet.warned.append((finding.rule, match.group("word")))
    return sheet


def _read(path: Path, shown: str, config: Config) -> Document:
    """The document `path`'s reader makes; a scraper's own front matter, which the reader
    refuses (keys it does not know), is blanked out first, keeping the line numbers: the
    benchmark measures the spelling check, and the body is what staff would paste."""
    try:
        return read(path, config, shown).document
    except SourceError as error:
        text = path.read_text(encoding="utf-8-sig")
        if not error.message.startswith("front matter") or not text.startswith("---\n"):
            raise
    end = text.index("\n---\n", 3) + 5
    blanked = "\n" * text.count("\n", 0, end) + text[end:]
    with tempfile.TemporaryDirectory(prefix="spelling-precision-") as scratch:
        copy = Path(scratch) / path.name
        copy.write_text(blanked, encoding="utf-8")
        return read(copy, config, shown).document


def shape(word: str) -> str:
    """A coarse class of a flagged word, to see at a glance what the false alarms are."""
    if any(c.isdigit() for c in word):
        return "letters and digits"
    if word.isupper():
        return "all capitals"
    if any(c.isupper() for c in word[1:]):
        return "mixed case"
    return "capitalised" if word[:1].isupper() else "lower case"


def checked_words(document: Document, context: Context) -> set[str]:
    """The English words the check reads in `document` (addresses masked as it masks them,
    passages in another language left out: its typos are judged by another dictionary),
    and the words of their possessives."""
    texts = (unit.home_text() for unit in context.units(document))
    words = set(WORD.findall(masked("\n".join(texts))))
    # A possessive is checked, and reported, as its word ("chidl's" as "chidl").
    return words | {_POSSESSIVE.sub("", word) for word in words}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--typos", type=int, default=200, help="typos to put in (default 200)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    config = config_module.load(ROOT / "pipeline.toml")
    names = english(corpus_files(args.corpus))
    real = load_real_typos(args.corpus / REAL_TYPOS)
    with Context(config, TODAY) as context:
        sheets = [check(args.corpus / name, name, config, context) for name in names]
        readable = [sheet for sheet in sheets if sheet.document is not None]
        _report_untouched(sheets, real)
        with tempfile.TemporaryDirectory(prefix="spelling-precision-") as scratch:
            oracle = Hunspell(config.spelling.dictionaries)
            try:
                injected = _Injected(config, context, Path(scratch), oracle)
                missed, lost, total = injected.recall(readable, args)
            finally:
                oracle.close()
    _report_recall(missed, lost, total, args)


def _report_untouched(sheets: list[Sheet], real: frozenset[tuple[str, str]]) -> None:
    read_ = [sheet for sheet in sheets if sheet.document is not None]
    print(f"Spelling on real pages: {len(sheets)} English corpus files, {len(read_)} read")
    for sheet in sheets:
        if sheet.skipped:
            print(f"  skipped {sheet.path}: {sheet.skipped}")
    findings = [(sheet.path, *found) for sheet in read_ for found in sheet.found]
    true = [f for f in findings if (f[0].as_posix(), f[3]) in real]
    print(f"\nFindings on the untouched pages: {len(findings)}")
    for path, line, col, word in findings:
        verdict = "real typo" if (path.as_posix(), word) in real else shape(word)
        print(f"  {path}:{line}:{col}: {word!r} [{verdict}]")
    by_shape = collections.Counter(shape(f[3]) for f in findings if f not in true)
    print(f"  false alarms by shape: {dict(by_shape.most_common())}")
    for label, group in _groups(read_):
        _precision(label, [(s.path, *f) for s in group for f in s.found], real)
    places = sum(sheet.places for sheet in read_)
    print(f"  (the {len(findings)} findings stand for {places} places in the text)")
    warned = collections.Counter(rule for sheet in read_ for rule, _ in sheet.warned)
    words = collections.Counter(word for sheet in read_ for _, word in sheet.warned)
    print(f"warnings (not typos, for staff to look at): {dict(warned.most_common())}")
    print(f"  words: {', '.join(f'{w} x{n}' for w, n in words.most_common())}")


def _groups(sheets: list[Sheet]) -> list[tuple[str, list[Sheet]]]:
    """All files, the agencies' untouched pages, and the sheets written for the benchmark."""
    staff = [sheet for sheet in sheets if sheet.path.name.startswith(STAFF)]
    pages = [sheet for sheet in sheets if not sheet.path.name.startswith(STAFF)]
    return [("all files", sheets), ("agency pages", pages), ("staff-written sheets", staff)]


def _precision(
    label: str, findings: list[tuple[Path, int, int, str]], real: frozenset[tuple[str, str]]
) -> None:
    true = [f for f in findings if (f[0].as_posix(), f[3]) in real]
    precision = len(true) / len(findings) if findings else 1.0
    print(
        f"precision ({label}): {len(true)}/{len(findings)} = {precision:.3f} "
        f"(target {TARGET_PRECISION}; {len(true)} verified real typos)"
    )


@dataclasses.dataclass
class _Injected:
    """What the recall run needs: the check's settings and context, a scratch folder for
    the copies, and hunspell alone as the judge of what is a word."""

    config: Config
    context: Context
    scratch: Path
    oracle: Hunspell

    def recall(
        self, readable: list[Sheet], args: argparse.Namespace
    ) -> tuple[list[tuple[Path, Typo]], list[tuple[Path, Typo]], int]:
        """Typos into copies of the readable text files: (missed, not reaching the check,
        reached)."""
        rng = random.Random(args.seed)
        missed: list[tuple[Path, Typo]] = []
        lost: list[tuple[Path, Typo]] = []
        reached = 0
        texts = [sheet for sheet in readable if sheet.path.suffix in _TEXT_KINDS]
        each, extra = divmod(args.typos, len(texts))
        for index, sheet in enumerate(texts):
            assert sheet.document is not None
            flagged = {word for _, _, word in sheet.found} | {w for _, w in sheet.warned}
            known = checked_words(sheet.document, self.context) - flagged
            source = (args.corpus / sheet.path).read_text(encoding="utf-8-sig")
            text, typos = inject(
                source, rng, each + (index < extra), known.__contains__, self.is_nonword
            )
            copy = self.scratch / sheet.path.name
            copy.write_text(text, encoding="utf-8")
            result = check(copy, f"{sheet.path} (with typos)", self.config, self.context)
            assert result.document is not None, result.skipped
            words = checked_words(result.document, self.context)
            caught = {word for _, _, word in result.found}
            for typo in typos:
                if typo.typo not in words:
                    lost.append((sheet.path, typo))
                    continue
                reached += 1
                if typo.typo not in caught:
                    missed.append((sheet.path, typo))
        return missed, lost, reached

    def is_nonword(self, text: str) -> bool:
        return bool(self.oracle.unknown([text]))


def _report_recall(
    missed: list[tuple[Path, Typo]],
    lost: list[tuple[Path, Typo]],
    reached: int,
    args: argparse.Namespace,
) -> None:
    print(f"\nTypos put in: {reached + len(lost)} (asked {args.typos}, seed {args.seed})")
    for path, typo in lost:
        print(f"  not read: {path}:{typo.line}: {typo.typo!r} for {typo.word!r} ({typo.kind})")
    for path, typo in missed:
        print(f"  missed: {path}:{typo.line}: {typo.typo!r} for {typo.word!r} ({typo.kind})")
    recall = (reached - len(missed)) / reached if reached else 1.0
    print(
        f"recall: {reached - len(missed)}/{reached} = {recall:.3f} (target {TARGET_RECALL}; "
        f"{len(lost)} typo(s) dropped by the reader with its text, not counted)"
    )


if __name__ == "__main__":
    main()
