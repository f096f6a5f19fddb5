"""Spelling: persistent hunspell processes, codespell's known misspellings, a project word list.

Words are found here and each distinct word is asked about once per run: measured on this
machine, `hunspell -a` checks whole sheets at only ~180 sheets/s and spends 40-110 ms on the
suggestions for each unknown word (it scans en_med_glut's 90,000 words), while the same words
recur from sheet to sheet. So words are sorted into known and unknown without suggestions,
and hunspell suggests only for the rare typo codespell does not know. Offsets are this
module's own, exact in the text given.

hunspell only warns when an extra dictionary is missing, so dictionaries are looked up
explicitly, and a missing program or dictionary is an error, never a silent skip.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.resources
import os
import re
import secrets
import shutil
import string
import subprocess
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline import citations, mojibake
from pipeline.borrowed import unaccented
from pipeline.config import SpellingConfig
from pipeline.errors import DataFileError
from pipeline.html_text import without_tags
from pipeline.langid import function_words
from pipeline.languages import collocations, data_folder, easy_words, rare_words, readability
from pipeline.pipes import Pipe

HUNSPELL = "hunspell"
INSTALL = "apt-get install hunspell hunspell-en-us hunspell-en-med (or `make deps`)"
#: Seconds to wait for any answer from hunspell before declaring it stuck.
TIMEOUT = 30.0
#: Longer "words" are reported without asking: hunspell splits long lines, which would
#: desynchronise its answers from the questions.
MAX_WORD = 100
#: Distinct misspellings per `Speller.check` (one sheet) that hunspell suggests for, at
#: 40-110 ms each: a sheet with a passage in another language must not take minutes.
MAX_SUGGESTED = 20
#: Where hunspell looks when `hunspell -D` does not say (its compiled-in defaults).
DEFAULT_DIRS = ("", "/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts")

#: Letters and digits, combining accents included (text pasted from macOS may be decomposed).
_RUN = r"[^\W_]+(?:[\u0300-\u036f]+[^\W_]*)*"
#: A word: runs joined by apostrophes (don't, Crohn's); hyphens and slashes separate
#: words, as they do for hunspell (build-up, and/or).
WORD = re.compile(rf"{_RUN}(?:['\u2019\u02bc]{_RUN})*")
#: Web and mail addresses, bare domains with their paths (vsafe.cdc.gov/en, HealthCare.gov)
#: and file names (Eating_Diabetes_508.pdf) are not words; hunspell itself misses "www."
#: addresses, and their parts (slugs such as "breastcancer") are no English.
ADDRESS = re.compile(
    r"(?:https?://|www\.)\S*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:gov|com|org|net|edu|mil|int|info|io|us)\b(?:/\S*)?"
    r"|\b[\w-]+\.(?:pdf|docx?|xlsx?|pptx?|html?|txt|md|csv|jpe?g|png|gif|svg|zip)\b",
    re.I,
)
#: A whole run of non-space characters with "@", "." or ":" in it (see `masked`).
_MAY_HOLD_ADDRESS = re.compile(r"(?<!\S)[^\s@.:]*+[@.:]\S*")
#: Word lists shipped with the pipeline (pipeline/languages/data/<lang>/: each says its
#: source); a language has those of them that its folder holds.
BUNDLED = ("units.txt", "vaccines.txt", "drugs.txt")
#: Endings and beginnings that make a known word another word hunspell may lack
#: (toolkits, adjuvanted, survivorship, reincarceration); the rest must be this long, so
#: that a typo is not taken for an affix on a short word ("relase" is not re + lase).
SUFFIXES = {
    "s": ("",),
    "es": ("",),
    "ies": ("y",),
    "ed": ("", "e"),
    "ing": ("", "e", "ed"),
    "ship": ("",),
}
PREFIXES = ("un", "re", "non", "pre", "pro", "post", "co", "anti", "over", "under", "sub", "self")
MIN_STEM = 6
#: Each part of a closed compound of two familiar words (blood + work) is at least this long,
#: and neither is a function word: "thedoctor" and "withyour" are words run together.
MIN_PART = 4
#: Plain endings a familiar word may have inside a compound, and what they replace.
_PART_ENDINGS = (("ing", ("", "e")), ("er", ("", "e")), ("ed", ("", "e")), ("s", ("",)))
#: Endings that make a specialist of a known word (intensive → intensivist, hospital →
#: hospitalist), with what the word ended in before: dictionaries lack many such words.
_AGENT_ENDINGS = (("ists", ("e", "", "y")), ("ist", ("e", "", "y")))
#: Words that stand before a name ("Dr. Terese Winslow").
TITLES = frozenset(
    ("dr", "mr", "mrs", "ms", "mx", "miss", "prof", "doctor", "nurse", "dra", "sr", "sra", "srta")
)
#: Between two words of a name (spaces) or of a list of names (a comma, "and", "&").
_JOINER = r"(?:(?P<list>\s*,\s*|\s+(?:and|&)\s+)|[ \t]+)"
_NAME_BEFORE = re.compile(rf"(?P<word>[^\W\d_][\w'\u2019]*){_JOINER}$")
_NAME_AFTER = re.compile(rf"{_JOINER}(?:[A-Z]\.\s*)?(?P<word>[^\W\d_][\w'\u2019]*)")
#: What may stand between a sentence's end and its first word: quotes, brackets, marks.
_LEAD = " \t\n\"'\u201c\u2018([*_\u00a9\u2022-\u2013\u2014"
#: Endings after which a plural takes "-es" (boxes, viruses), so "-es" is stripped only there.
_SIBILANTS = ("s", "x", "z", "ch", "sh", "o")
_APOSTROPHES = str.maketrans("\u2019\u02bc", "''")  # curly and modifier-letter apostrophes
_POSSESSIVE = re.compile(r"'[sS]$")
#: Words on each side of an unknown word that may make a multi-word entry with it.
PHRASE_REACH = 3
#: Between two words of a multi-word entry: white space ("_" in the entry) or a hyphen.
_NEXT_WORD = re.compile(rf"(?P<gap>[ \t\u00a0]+|-)(?P<word>{WORD.pattern})")
_LAST_WORD = re.compile(rf"(?P<word>{WORD.pattern})(?P<gap>[ \t\u00a0]+|-)$")
#: Kinds of unknown word: a typo (an error), an acronym, a name or a rare word (warnings).
TYPO, ACRONYM, NAME, RARE = "typo", "acronym", "name", "rare"
#: A shorter word the larger list knows is still taken for a typo.
RARE_LENGTH = 4
#: A word a dropped or added letter is taken as a slip of (`Speller._dropped`) has at least
#: this many letters: shorter ones are one letter from too many names (Ng, Xu, Lui).
MIN_MEANT = 4


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
    #: hunspell's guesses, best first, when codespell has no correction (for the first
    #: MAX_SUGGESTED such words of a check); they can be far-fetched, so never apply them.
    suggestions: tuple[str, ...]
    #: TYPO, ACRONYM (capitals or mixed case), NAME (capitalised, with no close
    #: correction: a person, place or product rather than a misspelt word) or RARE (in
    #: the language's larger word list only, and no known misspelling).
    kind: str = TYPO
    #: Whether this place is one where names stand (`beside_name`): None if not, else
    #: the capitalised words beside it that must be names too.
    beside: tuple[str, ...] | None = None


def normal(word: str) -> str:
    """The form words are compared and cached in: composed accents, straight apostrophes."""
    return unicodedata.normalize("NFC", word).translate(_APOSTROPHES)


def masked(text: str) -> str:
    """`text` with web and mail addresses and HTML tags blanked out, so their parts are not
    taken for words, and what is no prose to spell-check: reference-list entries
    (`citations`) and words damaged by a wrong decoding (`mojibake`, reported by the readers).

    `ADDRESS` is tried only on runs of non-space characters holding "@", "." or ":": every
    address holds one and none spans white space, and trying the pattern at every
    character of a whole sheet cost more than the rest of the spelling check. HTML tags
    shown as text are blanked too: "href" is no typo, the tag is (`structure.markup`)."""
    text = mojibake.blanked(citations.blanked(without_tags(text)))
    return _MAY_HOLD_ADDRESS.sub(lambda run: ADDRESS.sub(_blank, run.group()), text)


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def bundled_words(lang: str = "en") -> frozenset[str]:
    """The word lists shipped with the pipeline for `lang`: units, dosing abbreviations,
    vaccines, drug names (those its data folder has)."""
    folder = data_folder(lang)
    found: frozenset[str] = frozenset()
    for name in BUNDLED:
        with importlib.resources.as_file(folder / name) as path:
            if path.is_file():
                found |= load_word_list(path)
    return found


def compound_splits(
    word: str, function_words: frozenset[str], familiar: Callable[[str], bool]
) -> list[tuple[str, str]]:
    """The ways `word` may be two `familiar` words written as one (blood + work), each
    part at least MIN_PART letters and no function word (the + doctor is two words run
    together). Familiar, not merely known: the dictionaries also hold abbreviations and
    fragments (diag, tant) that would make "diagnoose" and "intermittant" compounds."""
    lower = word.lower()
    if not lower.isalpha():
        return []
    return [
        (a, b)
        for i in range(MIN_PART, len(lower) - MIN_PART + 1)
        if (a := lower[:i]) not in function_words
        and (b := lower[i:]) not in function_words
        and familiar(a)
        and familiar(b)
    ]


def beside_name(text: str, start: int, end: int) -> tuple[str, ...] | None:
    """Whether the capitalised word text[start:end] stands where names stand: None if
    not; () if surely, after a title (Dr. Terese, Ms Lee) or in a list of capitalised
    words in the middle of a sentence (Ana, Terese and Bob); else the capitalised words
    beside it mid-sentence (© Terese Winslow), which must be names themselves, not
    everyday words ("American Diabetes Association" is no name). A sentence's first word
    is not where names stand."""
    before = text[max(0, start - 60) : start]
    lead = before.rstrip(_LEAD)
    title = re.search(r"([^\W\d_]+)\.?$", lead)
    if title and title.group(1).lower() in TITLES:
        return ()
    if not lead.strip() or lead[-1] in ".!?":
        return None
    found = [
        m
        for m in (_NAME_BEFORE.search(before), _NAME_AFTER.match(text, end, end + 60))
        if m is not None and m.group("word")[:1].isupper()
    ]
    if any(m.group("list") for m in found):
        return ()
    return tuple(m.group("word") for m in found) or None


def phrases(text: str, start: int, end: int) -> list[str]:
    """The runs of up to PHRASE_REACH words on each side joined to text[start:end] by
    spaces or hyphens, written as multi-word entries are: lower case, "_" for a space
    ("tai chi" → "tai_chi")."""
    before: list[str] = []
    at = start
    while len(before) < PHRASE_REACH and (last := _LAST_WORD.search(text, max(0, at - 60), at)):
        before.insert(0, last.group("word") + _joint(last.group("gap")))
        at = last.start()
    after: list[str] = []
    at = end
    while len(after) < PHRASE_REACH and (following := _NEXT_WORD.match(text, at)):
        after.append(_joint(following.group("gap")) + following.group("word"))
        at = following.end()
    word = text[start:end]
    return [
        normal("".join([*before[i:], word, *after[:j]])).lower()
        for i in range(len(before) + 1)
        for j in range(len(after) + 1)
        if i < len(before) or j
    ]


def _joint(gap: str) -> str:
    return "-" if gap == "-" else "_"


def is_acronym(word: str) -> bool:
    """Capitals (VAERS, PCVs, VIS's) or capitals after the first letter (CoV, aP, ModernaTX)."""
    stem = _stem(word)
    stem = stem[:-1] if len(stem) > 2 and stem.endswith("s") and stem[:-1].isupper() else stem
    return (len(stem) > 1 and stem.isupper()) or any(c.isupper() for c in stem[1:])


def damerau(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap neighbours) from `a` to `b`, capped at 2."""
    if abs(len(a) - len(b)) > 1:
        return 2
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return min(previous[-1], 2)


def affix_stems(word: str) -> list[str]:
    """Known words `word` may be made from by a common ending or beginning; an "e" is
    dropped before -ed and -ing ("allegeed" is no allege + ed), and "y" after a consonant
    becomes "ies" ("therapys" is no therapy + s)."""
    lower = word.lower()
    stems = [
        lower[: -len(end)] + add
        for end, adds in SUFFIXES.items()
        if lower.endswith(end)
        for add in adds
        if len(lower) - len(end) + len(add) >= MIN_STEM
        and (end != "es" or lower[:-2].endswith(_SIBILANTS))
        and (end != "s" or not (lower.endswith("ss") or _ies(lower[:-1]) != lower[:-1]))
        and not (end[0] in "ei" and not add and lower[: -len(end)].endswith("e"))
    ]
    for start in PREFIXES:
        if lower.startswith(start) and len(lower) - len(start) > MIN_STEM:
            rest = lower[len(start) :]
            stems += [rest, *affix_stems(rest)]  # pro + biotic + s
    return stems


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
def _codespell_dictionary() -> str:
    """codespell's known misspellings, a `wrong->right[, right2]` line each, read once.

    Searched per misspelling rather than parsed: misspellings are rare, and parsing all
    65,000 lines cost as much as auditing 50 sheets.
    """
    data = importlib.resources.files("codespell_lib") / "data" / "dictionary.txt"
    return data.read_text(encoding="utf-8")


@functools.cache
def _codespell_by_length() -> dict[int, str]:
    """codespell's lines by where their first "->" is, in their order: a word's lines are
    among those whose "->" follows as many characters as the word has. Searching only
    them, a look-up costs a fifteenth; sorting the lines once costs about three look-ups."""
    lines: dict[int, list[str]] = {}
    for line in _codespell_dictionary().split("\n"):
        lines.setdefault(line.find("->"), []).append(line)
    return {length: "\n".join(found) for length, found in lines.items()}


def codespell_corrections(word: str) -> tuple[str, ...]:
    """codespell's corrections of `word`, any case; its last line for the word wins."""
    pattern = re.compile(rf"^{re.escape(word)}->(.*)$", re.IGNORECASE | re.MULTILINE)
    # A word without "-", ">" or a line break matches no character of those, so its "->"
    # in a line is the first; other words are looked for everywhere.
    plain = not any(mark in word for mark in "->\n")
    text = _codespell_by_length().get(len(word), "") if plain else _codespell_dictionary()
    found: tuple[str, ...] = ()
    for match in pattern.finditer(text):
        if fixes := tuple(fix.strip() for fix in match.group(1).split(",") if fix.strip()):
            found = fixes
    return found


def _corrections(word: str) -> tuple[str, ...]:
    """codespell's corrections of `word`, in the word's own capitalisation."""
    fixes = codespell_corrections(word)
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
    """hunspell over pipes (`pipeline.pipes`): one process sorts words into known and
    unknown, a second, started only when needed, suggests corrections.

    Why two: `hunspell -a` computes suggestions for every unknown word it is asked about,
    40-110 ms each, although a typo codespell knows ("intermittant") needs none. `-L`
    (print the lines with an unknown word) does no such search; one word per line, then a
    line no dictionary can hold marks the end of the answer. stdbuf makes hunspell write
    each line as it goes, not when its output buffer fills.
    """

    def __init__(self, dictionaries: Sequence[str]) -> None:
        for program, install in ((HUNSPELL, INSTALL), ("stdbuf", "apt-get install coreutils")):
            if shutil.which(program) is None:
                raise SpellingUnavailable(f"{program} is not installed; install: {install}")
        require_dictionaries(dictionaries, dictionary_search_path())
        self._options = ["-i", "utf-8", "-d", ",".join(dictionaries)]
        self._end = f"zq{secrets.token_hex(16)}".encode()
        self._sorter = self._start(["stdbuf", "-oL", HUNSPELL, "-L", *self._options])
        self._suggester: Pipe | None = None
        self._suggested: dict[str, tuple[str, ...]] = {}

    def unknown(self, words: Sequence[str]) -> set[str]:
        """The words no dictionary knows."""
        if not words:
            return set()
        data = b"".join(f"{word}\n".encode() for word in [*words, self._end.decode()])
        lines = self._sorter.exchange(data, b"\n", lambda done: done[-1:] == [self._end])
        return {line.decode("utf-8", errors="replace") for line in lines[:-1]}

    def suggestions(self, word: str) -> tuple[str, ...]:
        """hunspell's guesses for an unknown word, best first."""
        if word not in self._suggested:
            self._suggested[word] = self._suggest(word)
        return self._suggested[word]

    def _suggest(self, word: str) -> tuple[str, ...]:
        if self._suggester is None:
            self._suggester = self._start([HUNSPELL, "-a", *self._options])
            banner = self._suggester.exchange(b"", b"\n", lambda done: len(done) == 1)
            if not banner[0].startswith(b"@(#)"):
                raise SpellingError(f"hunspell -a did not answer as expected: {banner[0]!r}")
        # "^" keeps the word from being read as a command; a blank line ends the answer.
        answer = self._suggester.exchange(
            f"^{word}\n".encode(), b"\n", lambda done: done[-1:] == [b""]
        )
        for line in (raw.decode("utf-8", errors="replace") for raw in answer[:-1]):
            if line[:1] not in ("*", "+", "-", "&", "#"):
                raise SpellingError(f"unexpected answer from hunspell: {line!r}")
            if line.startswith("& "):
                return tuple(line.split(": ", 1)[1].split(", "))
        return ()

    def close(self) -> None:
        for pipe in (self._sorter, self._suggester):
            if pipe is not None:
                pipe.close()

    def _start(self, command: list[str]) -> Pipe:
        try:
            return Pipe(command, name="hunspell", error=SpellingError, timeout=TIMEOUT)
        except OSError as error:
            raise SpellingUnavailable(
                f"cannot start hunspell: {error}; install: {INSTALL}"
            ) from None


class Speller:
    """Finds misspelled words; one per audit run, as it keeps a hunspell process.

    A word is known if a hunspell dictionary, the project word list, the bundled lists
    (units, vaccines) or a known term has it (the last three in any case); "X's" is known
    if "X" is, and so is a known word with a common affix (toolkit-s, un-vaccinated).
    Numbers are not words, nor (by default) words mixing letters and digits. An unknown
    word in capitals or mixed case is an ACRONYM, an unknown capitalised word no
    dictionary word is one edit away from is a NAME, and so is one standing where names
    stand (`beside_name`) none of whose near words is an everyday word (Terese, by
    Therese); the rest are TYPOs.

    A closed compound of two familiar words the dictionaries lack (bloodwork) is known, unless
    it is one edit from a word that is not such a compound (carefull, by careful), or it
    ends in a participle: a compound modifier is hyphenated ("bluecolored" has lost the
    hyphen of "blue-colored"). Words run together are not compounds: a function word is no
    part of one, so "thedoctor" stays a typo, with hunspell's "the doctor" as suggestion.
    """

    def __init__(
        self,
        config: SpellingConfig,
        known: Iterable[str] = (),
        dictionaries: Sequence[str] = (),
        lang: str = "en",
        loanwords: bool = True,
    ) -> None:
        self._config = config
        self._lang = lang
        #: Whether an accented word is known by its plain letters (`_loanwords`).
        self._loanwords = loanwords
        self._listed = load_word_list(config.wordlist) | bundled_words(lang) | known_words(known)
        self._function_words = function_words(lang)
        #: Familiar words, the parts compounds are made of (none without a list).
        self._easy = easy_words(lang) if readability(lang).easy_words else frozenset()
        self._dictionaries = tuple(dictionaries or config.dictionaries)
        self._hunspell = Hunspell(self._dictionaries)
        #: The main dictionary alone, to tell everyday words from names and medical terms
        #: among the words near a possible name (started on first use).
        self._main: Hunspell | None = None
        #: Lower-case word → whether the main dictionary alone knows it.
        self._common: dict[str, bool] = {}
        #: Normalised word → whether a hunspell dictionary knows it.
        self._verdicts: dict[str, bool] = {}
        #: Word as written → None if known, else its misspelling (at offset 0).
        self._judged: dict[str, Misspelling | None] = {}
        #: The words as written that are misspelled, to test a text's words in one go.
        self._misspelled: set[str] = set()
        #: The listed words by their one-letter deletions, to find a name close to one.
        self._deletes: dict[str, set[str]] | None = None

    def check(self, texts: Sequence[str]) -> list[list[Misspelling]]:
        """The misspellings in each text, in order; new words go to hunspell in one batch.

        Speed matters (1,000 sheets in seconds): a sheet's words are collected in one regex
        pass over all its texts, and only texts that contain a misspelled word are scanned
        again for offsets.
        """
        words = set(WORD.findall(masked("\n".join(texts))))
        self._judge(words - self._judged.keys())
        wrong = words & self._misspelled
        found = [self._locate(text) if any(w in text for w in wrong) else [] for text in texts]
        return self._with_suggestions(found) if wrong else found

    def respelt(self, word: str, same: Callable[[str, str], bool]) -> str | None:
        """A word of these dictionaries, and no familiar one, that `word` of another
        language is by `same` (its spelling correspondences: "acetaminofén" is
        acetaminophen), else None. The candidates are hunspell's suggestions for `word`
        without accents, asked for once per word and run."""
        plain = unaccented(normal(word))
        if len(plain) > MAX_WORD:
            return None
        return next(
            (
                guess
                for guess in self._hunspell.suggestions(plain)
                if guess.isalpha() and not self._familiar(guess.lower()) and same(word, guess)
            ),
            None,
        )

    def close(self) -> None:
        self._hunspell.close()
        if self._main is not None:
            self._main.close()

    def __enter__(self) -> Speller:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _locate(self, text: str) -> list[Misspelling]:
        """The misspellings in `text` at their offsets, but for words that make a
        multi-word entry with their neighbours (tai chi: "tai" is no word alone); a known
        misspelling (codespell's) is a typo wherever it stands, so the entries are read
        only for the rest."""
        words = masked(text)
        return [
            dataclasses.replace(
                misspelling,
                offset=match.start(),
                beside=beside_name(text, match.start(), match.end())
                if misspelling.kind == TYPO and misspelling.word[:1].isupper()
                else None,
            )
            for match in WORD.finditer(words)
            if (misspelling := self._judged[match.group()])
            and (misspelling.corrections or not self._collocated(words, match.start(), match.end()))
        ]

    def _collocated(self, text: str, start: int, end: int) -> bool:
        """Whether text[start:end] and its neighbours make a multi-word entry of the
        language's lists (read on the first misspelling found)."""
        entries = collocations(self._lang)
        return bool(entries) and any(phrase in entries for phrase in phrases(text, start, end))

    def _judge(self, written: set[str]) -> None:
        """Decide new words. "X's" is known if "X" is, so stems are asked first, and a
        possessive only when its stem is unknown; affixed forms only when still unknown."""
        forms = {word: normal(word) for word in written if not self._skipped(word)}
        self._learn(_stem(form) for form in forms.values())
        # A dictionary may hold "X's" without "X" (en_med_glut has "abadie's", not "abadie").
        self._learn(form for form in forms.values() if self._verdicts.get(_stem(form)) is False)
        unknown = {form for form in forms.values() if not self._known(form)}
        unknown -= self._loanwords_of(unknown)
        stems = {form: affix_stems(_stem(form)) for form in unknown if not is_acronym(form)}
        self._learn(stem for found in stems.values() for stem in found)
        self._learn(stem.capitalize() for found in stems.values() for stem in found)
        unknown -= {form for form in unknown if self._affixed(form, stems.get(form, []))}
        # Compounds; a known misspelling is none (carefull).
        splits = {
            form: found
            for form in unknown
            if not is_acronym(form)
            and (found := compound_splits(_stem(form), self._function_words, self._familiar))
            and not codespell_corrections(_stem(form))
        }
        unknown -= {form for form, found in splits.items() if self._compound(form, found)}
        for word in written:
            form = forms.get(word)
            if form is None or form not in unknown:
                self._judged[word] = None
            else:
                self._judged[word] = self._misspelling(word, form)
        self._misspelled.update(word for word in written if self._judged[word])

    def _loanwords_of(self, forms: set[str]) -> set[str]:
        """The accented `forms` whose plain letters the main dictionary knows as a
        lower-case word (café, consommé, soufflés): loanwords written as their language
        writes them, as English typos add no accents. A word only another language knows
        ("clínica") stays unknown, for the check's `spelling.foreign`. Only the sheet's
        own language takes loanwords so: in a passage in Spanish, an accent is spelling."""
        if not self._loanwords:
            return set()
        plain = {form: unaccented(_stem(form)).lower() for form in forms if not form.isascii()}
        plain = {form: word for form, word in plain.items() if word.isascii()}
        self._learn_common(plain.values())
        return {form for form, word in plain.items() if self._common.get(word)}

    def _skipped(self, word: str) -> bool:
        """Words with digits (PCV13, 300aa) when so configured; numbers always."""
        return any(c.isdigit() for c in word) and (
            self._config.skip_alphanumeric or _stem(word).isdigit()
        )

    def _affixed(self, form: str, stems: list[str]) -> bool:
        """Whether `form` is a known stem with an affix. A plural (toolkit-s) or -ship is
        taken as it is; another affix only if `form` is not one edit from another word:
        "recations" is re + cations, "vaccinaed" vaccina + ed, but both are typos."""
        verdicts = self._verdicts
        known = [
            stem
            for stem in stems
            if self._exempt(stem) or verdicts.get(stem) or verdicts.get(stem.capitalize())
        ]
        lower = form.lower()
        if not known or len(form) > MAX_WORD or codespell_corrections(form):
            return False  # a known misspelling ("befores") is no affixed word
        if any(lower in (stem + "s", stem + "ship", _ies(stem)) for stem in known):
            return True
        return not any(
            damerau(lower, guess.lower()) < 2 and guess.lower() not in known
            for guess in self._hunspell.suggestions(form)
            if guess.isalpha()
        )

    def _compound(self, form: str, known: list[tuple[str, str]]) -> bool:
        """Whether `form`, made of two familiar words in each way of `known`, is a closed
        compound (bloodwork), not a typo of a word one edit away. A neighbour made of the
        same first or last part and another word (bloodworm: blood + worm, bloodwort) is
        such a compound too, and no sign of a typo; "careful" is no care + ful, so
        "carefull" is its typo; nor is a neighbour whose part differs only by its ending
        (Caregives by Caregivers: gives and givers are both give)."""
        if len(form) > MAX_WORD:
            return False
        if all(b.endswith("ed") for _, b in known):
            return False  # blue-colored, well-known: a compound modifier takes a hyphen
        lower = _stem(form).lower()
        near = [
            guess.lower()
            for guess in self._hunspell.suggestions(form)
            if guess.isalpha() and damerau(lower, guess.lower()) < 2
        ]
        # Each neighbour's part that differs, with the part of `form` in its place.
        parts = {
            guess: [(guess[len(a) :], b) for a, b in known if guess.startswith(a)]
            + [(guess[: -len(b)], a) for a, b in known if guess.endswith(b)]
            for guess in near
        }
        if any(self._inflections(rest, own) for found in parts.values() for rest, own in found):
            return False  # care-gives for care-givers: the neighbour's word, inflected
        rests = {guess: [rest for rest, _ in found] for guess, found in parts.items()}
        self._learn(rest for found in rests.values() for rest in found if len(rest) >= MIN_PART)
        return all(
            any(len(rest) >= MIN_PART and self._verdicts.get(rest) for rest in found)
            for found in rests.values()
        )

    def _inflections(self, word: str, other: str) -> bool:
        """Whether two different words are forms of one familiar stem with plain endings
        (givers and gives: give); worm and work are two words."""
        return word != other and any(map(self._familiar, _bases(word) & _bases(other)))

    def _familiar(self, word: str) -> bool:
        """Whether `word` is a familiar word of the language (its readability list of
        easy words, as Dale-Chall's), or one with a plain ending (giv-er, wash-ing)."""
        easy = self._easy
        return word in easy or any(
            word.endswith(end) and word[: -len(end)] + add in easy
            for end, adds in _PART_ENDINGS
            if len(word) > len(end) + 2
            for add in adds
        )

    def _learn_common(self, words: Iterable[str]) -> None:
        """Ask the main dictionary alone about lower-case words of letters only."""
        new = [w for w in dict.fromkeys(words) if w not in self._common]
        new = [w for w in new if w.isalpha() and w.islower() and len(w) <= MAX_WORD]
        if not new:
            return
        if self._main is None:
            self._main = Hunspell(self._dictionaries[:1])
        unknown = self._main.unknown(new)
        self._common.update({word: word not in unknown for word in new})

    def _learn(self, words: Iterable[str]) -> None:
        """Ask hunspell about the words it has not been asked about yet."""
        new = [w for w in dict.fromkeys(words) if w not in self._verdicts and not self._exempt(w)]
        unknown = self._hunspell.unknown([word for word in new if len(word) <= MAX_WORD])
        self._verdicts.update({word: len(word) <= MAX_WORD and word not in unknown for word in new})

    def _exempt(self, word: str) -> bool:
        """Numbers, and words of the word lists or known terms (possessives too)."""
        stem = _stem(word)
        return stem.isdigit() or word.casefold() in self._listed or stem.casefold() in self._listed

    def _known(self, form: str) -> bool:
        verdicts = self._verdicts
        return self._exempt(form) or any(verdicts.get(w, False) for w in (_stem(form), form))

    def _misspelling(self, written: str, form: str) -> Misspelling:
        """The misspelling, reported as its stem when it is a possessive (intermittant's)."""
        stem = _stem(form)
        shown = written[: len(written) - len(form) + len(stem)]
        kind = ACRONYM if self._config.skip_acronyms and is_acronym(form) else TYPO
        return Misspelling(shown, 0, _corrections(stem), (), kind)

    def _with_suggestions(self, found: list[list[Misspelling]]) -> list[list[Misspelling]]:
        """hunspell's suggestions for the first MAX_SUGGESTED distinct misspellings that
        codespell has no correction for; the same ones whatever was checked before. A
        capitalised word that no suggestion is one edit away from is taken for a name."""
        wanted = dict.fromkeys(
            m.word
            for misspellings in found
            for m in misspellings
            if not m.corrections and m.kind == TYPO
        )
        suggested = {
            word: self._hunspell.suggestions(normal(word))
            for word in list(wanted)[:MAX_SUGGESTED]
            if len(word) <= MAX_WORD
        }
        # Whether a suggestion is an everyday word, or a name (its lower case is no word),
        # for the words where names stand (the main dictionary's process starts only then).
        named = {m.word for misspellings in found for m in misspellings if m.beside is not None}
        self._learn_common(
            guess.lower()
            for word, guesses in suggested.items()
            if word in named
            for guess in guesses[:3]
        )
        self._learn_common(
            word.lower() for ms in found for m in ms if m.word in named for word in m.beside or ()
        )
        self._learn(
            _plural(guess)
            for word, guesses in suggested.items()
            if word in named
            for guess in guesses[:3]
            if guess.isalpha()
        )
        return [
            [self._suggested(m, suggested.get(m.word, ())) for m in misspellings]
            for misspellings in found
        ]

    def _suggested(self, misspelling: Misspelling, suggestions: tuple[str, ...]) -> Misspelling:
        """`misspelling` with its suggestions, and taken for a NAME if it is capitalised,
        no listed word (Tdap, a drug) is one edit from it, and no suggestion is (one word:
        "Live strong" is no rival of "Livestrong") or, where names stand, none that is is an
        everyday word (Terese, by Therese and the muscle "teres"; never Tempature, by
        Temperature, nor "United Staes", by States)."""
        word = misspelling.word
        close = [s for s in suggestions[:3] if s.isalpha() and damerau(word.lower(), s.lower()) < 2]
        name = (
            misspelling.kind == TYPO
            and not misspelling.corrections
            and word[:1].isupper()
            and word[1:].islower()
            and (
                not close
                or (self._where_names_stand(misspelling) and not any(map(self._common_word, close)))
            )
            and not self._near_listed(word.lower())
        )
        # Where names stand, a letter more or less is how names vary (Terese, by "terse").
        slip = name and (
            self._slip(word, close)
            or (not self._where_names_stand(misspelling) and self._dropped(word))
        )
        kind = NAME if name and not slip else misspelling.kind
        # A rare word one edit from a known one is likelier its typo ("changs", by
        # changes), and so is a short one: most typos of short words are some rare word
        # ("ers" for ears), and one a slip or a letter from an everyday word ("Foos").
        # A specialist's name the dictionary has only with a capital is no name's typo.
        others = [c for c in close if c.lower() != word.lower()]
        rare = len(word) >= RARE_LENGTH and not misspelling.corrections
        if (
            kind == TYPO
            and rare
            and ((not close and self._rare(word)) or (not others and self._specialist(word)))
        ):
            kind = TYPO if self._slip(word, close) or self._dropped(word) else RARE
        return dataclasses.replace(misspelling, suggestions=suggestions, kind=kind)

    def _rare(self, word: str) -> bool:
        """Whether the language's larger word list has the word as written, or in lower
        case where it starts with a capital (its list is read on the first typo codespell
        does not know). A name of the list is no lower-case word: "moore" stays a typo."""
        stem, listed = _stem(word), rare_words(self._lang)
        return stem in listed or (stem[:1].isupper() and stem.lower() in listed)

    def _specialist(self, word: str) -> bool:
        """Whether `word` names a specialist of a known word the dictionaries have
        (intensivist: intensive + -ist), each base at least RARE_LENGTH letters."""
        lower = _stem(word).lower()
        bases = [
            lower[: -len(end)] + add
            for end, adds in _AGENT_ENDINGS
            if lower.endswith(end) and len(lower) - len(end) >= RARE_LENGTH
            for add in adds
        ]
        self._learn(bases)
        return any(self._verdicts.get(base) for base in bases)

    def _slip(self, word: str, close: list[str]) -> bool:
        """Whether `word` is a known word typed with two letters swapped or one doubled
        (Neutropneia, Mottrin, Sruvivorship): slips of the keys, where a name's variant
        changes its spelling (Terese, Therese). Hunspell's close suggestions are tried
        first, then the word's own swaps and undoublings, judged as any word is."""
        if any(_typed_as(word.lower(), c.lower()) for c in close):
            return True
        variants = _slips(word)
        self._judge(variants - self._judged.keys())
        return any(self._judged.get(v, True) is None for v in variants)

    def _dropped(self, word: str) -> bool:
        """Whether `word` is an everyday lower-case word of MIN_MEANT letters or more with
        one letter dropped or added (Howevr, Cildren, Fods, thigs): the commonest slips,
        at a sentence's start or in Title Case as anywhere. A name's variant one letter
        from a name (Terese, Therese) is no such slip: "therese" is no lower-case word;
        nor is one where names stand (Terese Winslow, by "terse"): the caller asks."""
        lower = word.lower()
        if not lower.isalpha() or not lower.isascii() or len(lower) + 1 < MIN_MEANT:
            return False
        variants = {v for v in _one_letter(lower) if len(v) >= MIN_MEANT}
        self._learn_common(variants)
        return any(self._common.get(v) for v in variants)

    def _where_names_stand(self, misspelling: Misspelling) -> bool:
        """Whether the misspelling stands where names stand, its neighbours being names."""
        beside = misspelling.beside
        return beside is not None and not any(map(self._not_a_name, beside))

    def _not_a_name(self, word: str) -> bool:
        """Whether a word beside a possible name is no name: an everyday word, or an unknown
        word that is a slip of one or a letter from one ("Downolad Materals")."""
        return self._everyday(word) or (
            self._judged.get(word) is not None and (self._slip(word, []) or self._dropped(word))
        )

    def _common_word(self, word: str) -> bool:
        """Whether `word` is an everyday word, a familiar one (American is known only
        capitalised, yet far likelier than a name one letter from it), or one with a
        plural: a people's or a thing's name (Africans), where a person's has none
        (Therese)."""
        return (
            self._everyday(word)
            or self._familiar(word.lower())
            or bool(self._verdicts.get(_plural(word)))
        )

    def _everyday(self, word: str) -> bool:
        """Whether `word` in lower case is a word of the main dictionary: no name only
        (Therese), nor a term of the medical list (teres)."""
        return bool(self._common.get(word.lower()))

    def _near_listed(self, word: str) -> bool:
        """Whether a word of the lists is one edit from `word` (a symmetric-delete index
        of the lists, made on first use)."""
        if self._deletes is None:
            self._deletes = {}
            for listed in self._listed:
                for key in {listed, *_deletes(listed)}:
                    self._deletes.setdefault(key, set()).add(listed)
        near = set().union(*(self._deletes.get(key, set()) for key in {word, *_deletes(word)}))
        return any(damerau(word, listed) < 2 for listed in near)


def _bases(word: str, depth: int = 2) -> set[str]:
    """`word` and what it is with up to `depth` plain endings taken off (givers: giver,
    give, giv), each left at least three letters long."""
    found = {word}
    for end, adds in _PART_ENDINGS:
        if depth and word.endswith(end) and len(word) - len(end) >= 3:
            for add in adds:
                found |= _bases(word[: -len(end)] + add, depth - 1)
    return found


def _slips(word: str) -> set[str]:
    """`word` with two neighbouring letters swapped back, or a doubled letter undoubled."""
    swaps = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    undoubled = {word[:i] + word[i + 1 :] for i in range(1, len(word)) if word[i] == word[i - 1]}
    return (swaps | undoubled) - {word}


def _one_letter(word: str) -> set[str]:
    """`word` with one letter dropped, or one letter of a to z added anywhere."""
    added = {word[:i] + c + word[i:] for i in range(len(word) + 1) for c in string.ascii_lowercase}
    return (_deletes(word) | added) - {word}


def _typed_as(typed: str, meant: str) -> bool:
    """Whether `typed` is `meant` with two neighbouring letters swapped or one doubled."""
    return typed != meant and meant in _slips(typed)


def _plural(word: str) -> str:
    """The regular plural of `word` (African → Africans, therapy → therapies)."""
    plural = _ies(word)
    if plural != word:
        return plural
    return word + ("es" if word.lower().endswith(_SIBILANTS) else "s")


def _ies(word: str) -> str:
    """The plural of a word ending in a consonant and "y" (therapy → therapies)."""
    return word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _stem(word: str) -> str:
    """The word without a possessive "'s" (Crohn's → Crohn); the word itself otherwise."""
    return _POSSESSIVE.sub("", word)
