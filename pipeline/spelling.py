"""Spelling: one persistent hunspell process, codespell's known misspellings, a project word list.

Words are found here and each distinct word is asked about once per run: measured on this
machine, `hunspell -a` checks whole sheets at only ~180 sheets/s and spends 40-110 ms on the
suggestions for each unknown word (it scans en_med_glut's 90,000 words), while the same words
recur from sheet to sheet. Offsets are therefore this module's own, exact in the text given.

hunspell only warns when an extra dictionary is missing, so dictionaries are looked up
explicitly, and a missing program or dictionary is an error, never a silent skip.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import importlib.resources
import os
import re
import selectors
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import SpellingConfig
from pipeline.errors import DataFileError

HUNSPELL = "hunspell"
INSTALL = "apt-get install hunspell hunspell-en-us hunspell-en-med (or `make deps`)"
#: Seconds to wait for any answer from hunspell before declaring it stuck.
TIMEOUT = 30.0
#: Bytes of words written before reading the answers: below every platform's pipe buffer,
#: so a write can never block while hunspell waits for its own answers to be read.
CHUNK_BYTES = 8192
#: Longer "words" are reported without asking: hunspell splits long lines, which would
#: desynchronise its answers from the questions.
MAX_WORD = 100
#: Where hunspell looks when `hunspell -D` does not say (its compiled-in defaults).
DEFAULT_DIRS = ("", "/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts")

#: Letters and digits, combining accents included (text pasted from macOS may be decomposed).
_RUN = r"[^\W_]+(?:[\u0300-\u036f]+[^\W_]*)*"
#: A word: runs joined by apostrophes (don't, Crohn's); hyphens and slashes separate
#: words, as they do for hunspell (build-up, and/or).
WORD = re.compile(rf"{_RUN}(?:['\u2019\u02bc]{_RUN})*")
#: Web and mail addresses are not words; hunspell itself misses "www." addresses.
ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
_APOSTROPHES = str.maketrans("\u2019\u02bc", "''")  # curly and modifier-letter apostrophes
_POSSESSIVE = re.compile(r"'[sS]$")


class SpellingError(Exception):
    """hunspell could not be used or stopped answering; the message says what to do."""


class SpellingUnavailable(SpellingError):
    """hunspell or one of its dictionaries is not installed."""


@dataclass(frozen=True)
class Misspelling:
    """A word none of the dictionaries know, at `offset` in the text it came from."""

    word: str
    offset: int
    #: From codespell's list of known misspellings: high confidence.
    corrections: tuple[str, ...]
    #: hunspell's guesses, best first; they can be far-fetched, so never apply them.
    suggestions: tuple[str, ...]


def normal(word: str) -> str:
    """The form words are compared and cached in: composed accents, straight apostrophes."""
    return unicodedata.normalize("NFC", word).translate(_APOSTROPHES)


def masked(text: str) -> str:
    """`text` with web and mail addresses blanked out, so their parts are not taken for words."""
    if "@" not in text and "://" not in text and "www." not in text.lower():  # the usual case
        return text
    return ADDRESS.sub(lambda match: " " * len(match.group()), text)


def load_word_list(path: Path) -> frozenset[str]:
    """Lower-cased words from `path`: one per line, `#` starts a comment, a BOM is fine.

    A hyphenated entry (interleukin-2) makes each of its parts known, as the text is
    split there too; anything else that is not one word is an error, not a guess.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DataFileError(str(path), f"cannot read the word list: {error.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad_line = data.count(b"\n", 0, error.start) + 1
        raise DataFileError(str(path), "not UTF-8 text (is it a binary file?)", bad_line) from None
    known: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        if not re.fullmatch(rf"{WORD.pattern}(?:-{WORD.pattern})*", entry):
            raise DataFileError(str(path), f"{entry!r} is not one word", number)
        known.update(normal(part).casefold() for part in entry.split("-"))
    return frozenset(known)


def known_words(terms: Iterable[str]) -> frozenset[str]:
    """Every word of some (possibly multi-word) terms, lower-cased."""
    return frozenset(normal(m.group()).casefold() for term in terms for m in WORD.finditer(term))


@functools.cache
def codespell_corrections() -> Mapping[str, tuple[str, ...]]:
    """codespell's known misspellings (`wrong->right[, right2]`), lower-cased, read once."""
    data = importlib.resources.files("codespell_lib") / "data" / "dictionary.txt"
    corrections: dict[str, tuple[str, ...]] = {}
    for line in data.read_text(encoding="utf-8").splitlines():
        wrong, _, right = line.partition("->")
        fixes = tuple(fix.strip() for fix in right.split(",") if fix.strip())
        if fixes:
            corrections[wrong.strip().lower()] = fixes
    return corrections


def _corrections(word: str) -> tuple[str, ...]:
    """codespell's corrections of `word`, in the word's own capitalisation."""
    fixes = codespell_corrections().get(word.lower(), ())
    if word.isupper() and len(word) > 1:
        return tuple(fix.upper() for fix in fixes)
    if word[:1].isupper():
        return tuple(fix[:1].upper() + fix[1:] for fix in fixes)
    return fixes


def dictionary_search_path() -> list[Path]:
    """The folders hunspell looks in for dictionaries, as `hunspell -D` reports them."""
    try:
        report = subprocess.run(
            [HUNSPELL, "-D"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SpellingUnavailable(f"cannot run hunspell -D: {error}; install: {INSTALL}") from None
    lines = (report.stdout + report.stderr).splitlines()
    found = [lines[n + 1] for n, line in enumerate(lines[:-1]) if line.strip() == "SEARCH PATH:"]
    folders = found[0].split(os.pathsep) if found else DEFAULT_DIRS
    return list(dict.fromkeys(Path(folder or ".") for folder in folders))


def require_dictionaries(names: Sequence[str], search_path: Sequence[Path]) -> None:
    """Raise SpellingUnavailable naming each dictionary hunspell would not find.

    The first dictionary needs its .aff too; the others are extra word lists (.dic only).
    """
    if not names:
        raise SpellingUnavailable("no dictionaries are configured ([spelling] dictionaries)")
    missing = []
    for index, name in enumerate(names):
        needed = (".dic", ".aff") if index == 0 else (".dic",)
        bases = [Path(name)] if "/" in name else [folder / name for folder in search_path]
        if not any(all(Path(f"{base}{ext}").is_file() for ext in needed) for base in bases):
            missing.append(f"{name} ({' and '.join(needed)})")
    if missing:
        folders = ", ".join(str(f) for f in search_path if f.is_dir()) or "no folder exists"
        raise SpellingUnavailable(
            f"hunspell dictionary not found: {', '.join(missing)} (looked in {folders}); "
            f"install: {INSTALL}"
        )


class Hunspell:
    """A persistent `hunspell -a` process: words in, verdicts out, over pipes.

    Each question is one word on a line starting with "^" (so no word is taken as a
    command); each answer is zero or more result lines and a blank line.
    """

    def __init__(self, dictionaries: Sequence[str]) -> None:
        if shutil.which(HUNSPELL) is None:
            raise SpellingUnavailable(f"hunspell is not installed; install: {INSTALL}")
        require_dictionaries(dictionaries, dictionary_search_path())
        # A file, not a pipe: hunspell can never block on it, and it is read if hunspell dies.
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the process)
        try:
            self._process = subprocess.Popen(
                [HUNSPELL, "-a", "-i", "utf-8", "-d", ",".join(dictionaries)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
            )
        except OSError as error:
            self._stderr.close()
            message = f"cannot start hunspell: {error}; install: {INSTALL}"
            raise SpellingUnavailable(message) from None
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None  # both are pipes
        self._stdin, self._stdout = stdin, stdout
        self._selector = selectors.DefaultSelector()
        self._selector.register(stdout, selectors.EVENT_READ)
        self._buffer = bytearray()
        try:
            banner = self._read_line()
            if not banner.startswith("@(#)"):
                raise SpellingError(f"hunspell -a did not answer as expected: {banner!r}")
        except SpellingError:
            self.close()
            raise

    def ask(self, words: Sequence[str]) -> dict[str, tuple[str, ...] | None]:
        """Per word: None if a dictionary knows it, else hunspell's suggestions."""
        answers: dict[str, tuple[str, ...] | None] = {}
        for chunk in _chunks(words):
            self._write(b"".join(f"^{word}\n".encode() for word in chunk))
            for word in chunk:
                answers[word] = self._answer()
        return answers

    def close(self) -> None:
        """End hunspell (it stops at the end of its input) and free the pipes."""
        with contextlib.suppress(OSError):
            self._stdin.close()
        self._wait()
        self._selector.close()
        self._stdout.close()
        self._stderr.close()

    def _answer(self) -> tuple[str, ...] | None:
        """Read one word's result lines up to the blank line; parts hunspell split off count."""
        verdict: tuple[str, ...] | None = None
        while line := self._read_line():
            kind = line[0]
            if kind not in "*+-&#":
                raise SpellingError(f"unexpected answer from hunspell: {line!r}")
            if kind in "&#" and verdict is None:
                verdict = tuple(line.split(": ", 1)[1].split(", ")) if kind == "&" else ()
        return verdict

    def _write(self, data: bytes) -> None:
        try:
            self._stdin.write(data)
            self._stdin.flush()
        except OSError:
            raise self._died() from None

    def _read_line(self) -> str:
        while (end := self._buffer.find(b"\n")) < 0:
            if not self._selector.select(TIMEOUT):
                raise SpellingError(f"hunspell gave no answer within {TIMEOUT:g} s")
            data = os.read(self._stdout.fileno(), 65536)
            if not data:
                raise self._died()
            self._buffer += data
        line = bytes(self._buffer[:end])
        del self._buffer[: end + 1]
        return line.decode("utf-8", errors="replace")

    def _died(self) -> SpellingError:
        code = self._wait()
        self._stderr.seek(0)
        said = self._stderr.read().decode("utf-8", errors="replace").strip()
        return SpellingError(f"hunspell stopped (exit code {code}){': ' + said if said else ''}")

    def _wait(self) -> int:
        try:
            return self._process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self._process.kill()
            return self._process.wait()


def _chunks(words: Sequence[str]) -> Iterator[Sequence[str]]:
    """The words in batches of at most CHUNK_BYTES questions (one word is never split)."""
    start = size = 0
    for index, word in enumerate(words):
        length = len(word.encode()) + 2
        if size + length > CHUNK_BYTES and index > start:
            yield words[start:index]
            start, size = index, 0
        size += length
    if start < len(words):
        yield words[start:]


class Speller:
    """Finds misspelled words; one per audit run, as it keeps a hunspell process.

    A word is known if a hunspell dictionary, the project word list or a known term has
    it (the last two in any case); "X's" is known if "X" is. Numbers are not words.
    """

    def __init__(self, config: SpellingConfig, known: Iterable[str] = ()) -> None:
        self._listed = load_word_list(config.wordlist) | known_words(known)
        self._hunspell = Hunspell(config.dictionaries)
        #: Normalised word → None if hunspell knows it, else hunspell's suggestions.
        self._verdicts: dict[str, tuple[str, ...] | None] = {}
        #: Word as written → None if known, else its misspelling (at offset 0).
        self._judged: dict[str, Misspelling | None] = {}
        #: The words as written that are misspelled, to test a text's words in one go.
        self._misspelled: set[str] = set()

    def check(self, texts: Sequence[str]) -> list[list[Misspelling]]:
        """The misspellings in each text, in order; new words go to hunspell in one batch.

        Speed matters (1,000 sheets in seconds): a sheet's words are collected in one regex
        pass over all its texts, and only texts that contain a misspelled word are scanned
        again for offsets.
        """
        words = set(WORD.findall(masked("\n".join(texts))))
        self._judge(words - self._judged.keys())
        wrong = words & self._misspelled
        return [self._locate(text) if any(w in text for w in wrong) else [] for text in texts]

    def close(self) -> None:
        self._hunspell.close()

    def __enter__(self) -> Speller:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _locate(self, text: str) -> list[Misspelling]:
        return [
            dataclasses.replace(misspelling, offset=match.start())
            for match in WORD.finditer(masked(text))
            if (misspelling := self._judged[match.group()])
        ]

    def _judge(self, written: set[str]) -> None:
        """Decide new words. "X's" is known if "X" is, so stems are asked first: asking
        hunspell about a possessive it lacks (en_med_glut has no affix rules) would cost a
        needless search for suggestions."""
        forms = {word: normal(word) for word in written}
        self._learn(_stem(form) for form in forms.values())
        # A dictionary may hold "X's" without "X" (en_med_glut has "abadie's", not "abadie").
        self._learn(form for form in forms.values() if self._verdicts.get(_stem(form)) is not None)
        for word, form in forms.items():
            self._judged[word] = None if self._known(form) else self._misspelling(word, form)
        self._misspelled.update(word for word in written if self._judged[word])

    def _learn(self, words: Iterable[str]) -> None:
        """Ask hunspell about the words it has not been asked about yet."""
        new = [w for w in dict.fromkeys(words) if w not in self._verdicts and not self._exempt(w)]
        self._verdicts.update({word: () for word in new if len(word) > MAX_WORD})
        self._verdicts.update(self._hunspell.ask([word for word in new if len(word) <= MAX_WORD]))

    def _exempt(self, word: str) -> bool:
        """Numbers, and words of the word list or known terms (possessives too)."""
        stem = _stem(word)
        return stem.isdigit() or word.casefold() in self._listed or stem.casefold() in self._listed

    def _known(self, form: str) -> bool:
        verdicts = self._verdicts
        return self._exempt(form) or any(verdicts.get(w, ()) is None for w in (_stem(form), form))

    def _misspelling(self, written: str, form: str) -> Misspelling:
        """The misspelling, reported as its stem when it is a possessive (intermittant's)."""
        stem = _stem(form)
        shown = written[: len(written) - len(form) + len(stem)]
        return Misspelling(shown, 0, _corrections(stem), self._verdicts[stem] or ())


def _stem(word: str) -> str:
    """The word without a possessive "'s" (Crohn's → Crohn); the word itself otherwise."""
    return _POSSESSIVE.sub("", word)
