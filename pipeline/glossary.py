"""Glossaries: one CSV file per language pair (glossaries/en-es.csv), the terms translators use.

Columns (any order; `source`, `target`, `status` required): source, target, status,
variants (accepted forms of the target, separated by "|"), note, reviewer, reviewed
(YYYY-MM-DD), case ("sensitive" or empty), and for agreement in machine drafts the
target's pos (noun, verb, adj, adv, phrase), gender (m, f) and number (sg, pl, invariable);
files without the newer columns still load. See glossaries/en-es.csv for the rules in
words. Loading checks every row and reports the first problem by line, with the count
of the others, as `DataFileError` (`path:line: message`): a wrong glossary would put
wrong words into every translated sheet.

Finding terms in English text (`find_terms`): whole words, any case unless the term is
case-sensitive; the words of a term may be separated by any white space or a hyphen
("interleukin-2" finds "interleukin 2"); the term's LAST word may be inflected, so write
sources in their dictionary form (singular):
- plural -s; -es after s, x, z, ch, sh and o; consonant + y → -ies (allergy → allergies);
  -is → -es (diagnosis → diagnoses); -f/-fe → -ves (calf → calves);
- possessive 's (also with a curly apostrophe).
Not handled, on purpose: plural possessive s' (it cannot be told from a closing quote),
irregular plurals (list "teeth" as a term of its own), and verb forms -ed/-ing: they
often mean something else (nurse → nursing, dress → dressing, ice → icing), and a term
replaced in the wrong sense is worse than one missed.

Target-side checks (`find_target`, `target_found`, `forbidden_found`) look for the target
or an accepted variant as whole words, accents included ("vena" is not in "venas" or
"avena"); Spanish inflections must be listed as variants. A case-sensitive term's
targets must match as written, except that one written in lower case may start a
sentence with a capital.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import hashlib
import io
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from pipeline import atomic, capped, csvdata
from pipeline.errors import DataFileError
from pipeline.languages import primary

REQUIRED = ("source", "target", "status")
OPTIONAL = ("variants", "note", "reviewer", "reviewed", "case", "pos", "gender", "number")
COLUMNS = (*REQUIRED, *OPTIONAL)
POS = ("noun", "verb", "adj", "adv", "phrase")
GENDERS = ("m", "f")
NUMBERS = ("sg", "pl", "invariable")
SENSITIVE = "sensitive"
#: Characters that start a spreadsheet formula; a value starting with one is written with
#: a leading space (which loading removes) so Excel shows it as text and runs nothing.
FORMULA_STARTS = ("=", "+", "-", "@")
#: Separates words of a term: white space or a hyphen (ASCII, Unicode hyphen, non-breaking).
_SEPARATOR = r"[\s\-\u2010\u2011]+"
_APOSTROPHE = "['\u2019]"
_SIBILANT = re.compile(r"(?:s|x|z|ch|sh|o)\Z")
_EDGES = re.compile(r"\w(?:.*\w)?", re.S)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_RUN = re.compile(r"\w+")
#: Plural endings (`_plural_forms`) and what each may replace.
_PLURAL_ENDINGS = (("s", ("",)), ("es", ("", "is")), ("ies", ("y",)), ("ves", ("f", "fe")))
#: Characters XML (hence TBX) cannot hold; tabs and line breaks are fine.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

#: The header comment `write_csv` puts at the top of a glossary.
HEADER = """\
# Glossary: one row per term. Edit in a spreadsheet and save as "CSV UTF-8"; keep the header row.
# Lines starting with # are comments.
# source    the English term in its dictionary form (singular): "platelet" also finds "platelets".
# target    the translation to use. For do-not-translate: empty or the source itself.
#           For forbidden: the WRONG target-language word that must never be used.
# status    approved (a named reviewer checked it), proposed (not reviewed yet),
#           forbidden (a false friend or unsafe rendering), do-not-translate (brand names).
# variants  other accepted forms of the target (plural, feminine), separated by |.
# note      advice for translators. reviewer, reviewed: who approved it, and when (YYYY-MM-DD;
#           format the column as Text so Excel keeps the date as written).
# case      "sensitive" when case matters (IV is not "iv"); empty otherwise.
# pos       noun, verb, adj, adv or phrase (the target's part of speech); gender m or f and
#           number sg, pl or invariable, of a noun target: drafts make words around it agree.
"""


class Status(enum.StrEnum):
    APPROVED = "approved"
    PROPOSED = "proposed"
    FORBIDDEN = "forbidden"
    DO_NOT_TRANSLATE = "do-not-translate"


#: Statuses that say what the translation should use (forbidden says what it must not).
PREFERRED = frozenset({Status.APPROVED, Status.PROPOSED, Status.DO_NOT_TRANSLATE})
#: Where several terms match the same words, the first status here wins.
_PRIORITY = (Status.APPROVED, Status.PROPOSED, Status.DO_NOT_TRANSLATE, Status.FORBIDDEN)


@dataclass(frozen=True)
class Term:
    source: str
    #: The translation; for FORBIDDEN the rendering that must not be used; for
    #: DO_NOT_TRANSLATE the source itself.
    target: str
    status: Status
    #: Other accepted (for FORBIDDEN: other forbidden) forms of the target.
    variants: tuple[str, ...]
    note: str
    reviewer: str | None
    reviewed_on: dt.date | None
    case_sensitive: bool
    #: Where the term was read (CSV line, or TBX line of its entry), for messages.
    line: int
    #: The target's part of speech (POS), gender and number, for agreement; "" if not given.
    pos: str = ""
    gender: str = ""
    number: str = ""

    @property
    def targets(self) -> tuple[str, ...]:
        return (self.target, *self.variants)


@dataclass(frozen=True)
class Glossary:
    source_lang: str
    target_lang: str
    path: Path
    terms: tuple[Term, ...]
    #: The first 12 hex digits of the file's SHA-256; recorded in translation provenance.
    version: str

    @cached_property
    def _index(self) -> dict[str, list[_Matcher]]:
        """Matchers by their key (`_key`), so finding terms in a sentence costs a few look-ups
        per word, not a test per term: a 100,000-term glossary is no slower per sentence."""
        ranked = sorted(self.terms, key=lambda term: _PRIORITY.index(term.status))  # stable
        index: dict[str, list[_Matcher]] = {}
        for rank, term in enumerate(ranked):
            index.setdefault(_key(term.source), []).append(_Matcher(term, rank))
        return index

    def entries_digest(self, text: str) -> str:
        """A digest of the entries that apply to English `text`: every term whose source
        occurs in it, whatever its status and however matches overlap.

        Machine drafts and translated sheets record it, so that editing one term redoes
        only the drafts and sheets that use it. Line numbers are left out: a row inserted
        above moves them without changing any entry.
        """
        if (digest := self._digests.get(text)) is None:
            terms = dict.fromkeys(matcher.term for matcher, _ in _occurrences(self, text, None))
            rows = "\n".join("\t".join(_row(term)) for term in terms)
            digest = self._digests[text] = hashlib.sha256(rows.encode()).hexdigest()[:16]
        return digest

    @cached_property  # a run asks about the same sentences for every sheet sharing them
    def _digests(self) -> dict[str, str]:
        return {}


@dataclass(frozen=True)
class TermMatch:
    term: Term
    #: Offsets in the searched text: text[start:end] == text.
    start: int
    end: int
    text: str


# --- Loading -----------------------------------------------------------------------------------


def load(path: Path, max_bytes: int = capped.GLOSSARY_BYTES) -> Glossary:
    """Read and check a glossary (refused when larger than `max_bytes`, the setting
    translation.max_glossary_bytes); its file name gives the languages (en-es.csv)."""
    source_lang, target_lang = _languages(path)
    table = csvdata.read(path, REQUIRED, OPTIONAL, max_bytes)
    terms: list[Term] = []
    problems: list[tuple[int, str]] = []
    for row in table.rows:
        try:
            terms.append(_term(row.values, row.line))
        except ValueError as error:
            problems.append((row.line, str(error)))
    problems += _problems(terms)
    _raise_first(str(path), problems)
    version = hashlib.sha256(table.data).hexdigest()[:12]
    return Glossary(source_lang, target_lang, path, tuple(terms), version)


def path_for(folder: Path, source: str, target: str) -> Path:
    """Where the glossary for a pair of language tags is ("en-US", "es-US" → en-es.csv)."""
    return folder / f"{primary(source)}-{primary(target)}.csv"


def for_language(
    folder: Path, source: str, target: str, max_bytes: int = capped.GLOSSARY_BYTES
) -> Glossary | None:
    """The glossary for a pair of language tags, if there is one."""
    path = path_for(folder, source, target)
    return load(path, max_bytes) if path.is_file() else None


def check(terms: Sequence[Term], name: str) -> None:
    """Raise DataFileError for the first problem (by line) in terms read from elsewhere (TBX)."""
    _raise_first(name, _problems(terms))


def _languages(path: Path) -> tuple[str, str]:
    match = re.fullmatch(r"([a-z]{2,3})-([a-z]{2,3})", path.stem, re.I)
    if match is None:
        message = "the file name must name the languages, e.g. en-es.csv (English to Spanish)"
        raise DataFileError(str(path), message)
    return match.group(1).lower(), match.group(2).lower()


def _raise_first(name: str, problems: list[tuple[int, str]]) -> None:
    if not problems:
        return
    line, message = min(problems)
    others = len(problems) - 1
    if others:
        message += f" (and {others} more problem{'s' if others > 1 else ''} in this file)"
    raise DataFileError(name, message, line)


def _term(values: dict[str, str], line: int) -> Term:
    """A row as a Term; ValueError says what is wrong with the row on its own."""
    source = " ".join(values["source"].split())
    if bad := [name for name, value in values.items() if _CONTROL.search(value)]:
        raise ValueError(f"control character in column {bad[0]!r} (paste as plain text)")
    status = _status(values["status"])
    target = " ".join(values["target"].split())
    if status is Status.DO_NOT_TRANSLATE and not target:
        target = source
    return Term(
        source=source,
        target=target,
        status=status,
        variants=_variants(values["variants"]),
        note=values["note"],
        reviewer=values["reviewer"] or None,
        reviewed_on=_date(values["reviewed"]),
        case_sensitive=_case(values["case"]),
        line=line,
        pos=_choice(values["pos"], "pos", POS),
        gender=_choice(values["gender"], "gender", GENDERS),
        number=_choice(values["number"], "number", NUMBERS),
    )


def _choice(value: str, column: str, allowed: tuple[str, ...]) -> str:
    if value.lower() not in ("", *allowed):
        raise ValueError(f"{column} must be one of {', '.join(allowed)} or empty, not {value!r}")
    return value.lower()


def _status(value: str) -> Status:
    try:
        return Status(value.lower())
    except ValueError:
        names = ", ".join(status.value for status in Status)
        raise ValueError(f"unknown status {value!r} (use {names})") from None


def _variants(value: str) -> tuple[str, ...]:
    return tuple(" ".join(variant.split()) for variant in value.split("|")) if value else ()


def _date(value: str) -> dt.date | None:
    if not value:
        return None
    try:
        if _DATE.fullmatch(value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise ValueError(f"reviewed date {value!r} is not a date written YYYY-MM-DD")


def _case(value: str) -> bool:
    if value.lower() not in ("", SENSITIVE):
        raise ValueError(f"case must be {SENSITIVE!r} or empty, not {value!r}")
    return bool(value)


def _problems(terms: Sequence[Term]) -> list[tuple[int, str]]:
    """What is wrong with single terms, then between terms with the same source."""
    problems = [(term.line, problem) for term in terms if (problem := _problem(term))]
    groups: dict[str, list[Term]] = {}
    for term in terms:
        groups.setdefault(fold(term.source), []).append(term)
    for group in groups.values():
        problems += _conflicts(group)
    return problems


def _problem(term: Term) -> str | None:
    name = repr(term.source)
    if not term.source:
        return "empty source term"
    if not _EDGES.fullmatch(term.source):
        return f"source {name} must start and end with a letter or digit"
    if "" in term.variants:
        return f"{name} has an empty variant (two | in a row, or one at an end?)"
    if term.status is Status.DO_NOT_TRANSLATE and term.target != term.source:
        return f"do-not-translate {name} must have an empty target or the source itself"
    if not term.target:
        if term.status is Status.FORBIDDEN:
            return f"forbidden {name} needs the forbidden target-language word as its target"
        return f"empty target for {term.status} term {name}"
    if (term.reviewer is None) != (term.reviewed_on is None):
        return f"{name} needs both a reviewer and a reviewed date, or neither"
    if term.status is Status.APPROVED and term.reviewer is None:
        return f"approved {name} has no reviewer and date: nobody approved it yet (use proposed)"
    return None


def _conflicts(group: list[Term]) -> Iterator[tuple[int, str]]:
    """Terms with one source: one preferred entry, forbidden targets that are not accepted."""
    first = group[0]
    for term in group[1:]:
        if term.case_sensitive != first.case_sensitive:
            yield term.line, f"{term.source!r} has other case handling on line {first.line}"
    preferred = [term for term in group if term.status in PREFERRED]
    for term in preferred[1:]:
        yield term.line, _clash(preferred[0], term)
    firsts: dict[str, Term] = {}
    for term in (term for term in group if term.status is Status.FORBIDDEN):
        if (earlier := firsts.setdefault(fold(term.target), term)) is not term:
            yield term.line, f"duplicate of line {earlier.line} ({term.source!r})"
        for accepted in preferred[:1]:  # a second preferred entry is an error of its own
            if shared := _shared(term, accepted):
                yield (
                    max(term.line, accepted.line),
                    (
                        f"{shared!r} for {term.source!r} is both forbidden (line {term.line}) "
                        f"and {accepted.status} (line {accepted.line})"
                    ),
                )


def _clash(first: Term, term: Term) -> str:
    if first.status == term.status and fold(first.target) == fold(term.target):
        return f"duplicate of line {first.line} ({term.source!r})"
    return (
        f"conflicting entries for {term.source!r}: line {first.line} says {first.target!r} "
        f"({first.status}), this line {term.target!r} ({term.status})"
    )


def _shared(forbidden: Term, accepted: Term) -> str | None:
    """A forbidden form that the accepted term also allows, if any."""
    allowed = {fold(target) for target in accepted.targets}
    return next((t for t in forbidden.targets if fold(t) in allowed), None)


def fold(text: str) -> str:
    """The form terms are compared in: composed accents, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


# --- Writing -----------------------------------------------------------------------------------


def write_csv(terms: Iterable[Term], path: Path, *, overwrite: bool = False) -> None:
    """Write terms as a glossary CSV (atomically); an existing file is kept unless `overwrite`.

    Translators' work is never lost by accident: importing a TBX over a glossary has to
    be asked for.
    """
    if path.exists() and not overwrite:
        raise DataFileError(str(path), "already exists; not replaced (ask to overwrite it)")
    atomic.write_bytes(path, to_csv(terms).encode("utf-8"))


def to_csv(terms: Iterable[Term]) -> str:
    """The CSV text `write_csv` writes: the header comment, the columns, a row per term."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([_cell(value) for value in _row(term)] for term in terms)
    return HEADER + buffer.getvalue()


def _row(term: Term) -> tuple[str, ...]:
    return (
        term.source,
        term.target,
        term.status.value,
        "|".join(term.variants),
        term.note,
        term.reviewer or "",
        term.reviewed_on.isoformat() if term.reviewed_on else "",
        SENSITIVE if term.case_sensitive else "",
        term.pos,
        term.gender,
        term.number,
    )


def _cell(value: str) -> str:
    return " " + value if value.startswith(FORMULA_STARTS) else value


# --- Matching ----------------------------------------------------------------------------------


class _Matcher:
    """One term and its source pattern, compiled when a sentence first might hold it."""

    def __init__(self, term: Term, rank: int) -> None:
        self.term = term
        self.rank = rank

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return _source_pattern(self.term.source, self.term.case_sensitive)


def find_terms(
    glossary: Glossary, text: str, statuses: Collection[Status] | None = None
) -> list[TermMatch]:
    """Terms in English `text` (see the module docstring), non-overlapping, in text order.

    Where matches overlap the longest wins (then the leftmost, then approved over proposed
    over do-not-translate over forbidden, then the earlier row): "white blood cell
    production" is one match of "white blood cell", not of "blood".
    """
    found = [
        (m.start() - m.end(), m.start(), matcher.rank, m, matcher.term)
        for matcher, m in _occurrences(glossary, text, statuses)
    ]
    taken: list[TermMatch] = []
    for _, start, _, match, term in sorted(found, key=lambda f: f[:3]):
        if all(match.end() <= t.start or start >= t.end for t in taken):
            taken.append(TermMatch(term, start, match.end(), match.group()))
    return sorted(taken, key=lambda m: m.start)


def _occurrences(
    glossary: Glossary, text: str, statuses: Collection[Status] | None
) -> Iterator[tuple[_Matcher, re.Match[str]]]:
    """Every occurrence of every term (of `statuses`) in `text`, overlaps included, by the
    terms' rank, then in text order.

    A term's match starts where a run of word characters starts (the source starts with
    one, and no word character may precede it), and that run, case-folded, is the term's
    key or (for a one-word term) a plural of it: only the terms so indexed are tried there.
    """
    index = glossary._index
    found = [
        (matcher, match)
        for run in _RUN.finditer(text)
        for key in _singulars(run.group().casefold())
        for matcher in index.get(key, ())
        if (statuses is None or matcher.term.status in statuses)
        and (match := matcher.pattern.match(text, run.start()))
    ]
    yield from sorted(found, key=lambda pair: (pair[0].rank, pair[1].start()))


def find_target(term: Term, text: str) -> list[TermMatch]:
    """Where the term's target or a variant appears in `text` as whole words, in text order.

    Offsets are in `text` as given: pass NFC text (`unicodedata.normalize`) if it may hold
    decomposed accents, as text pasted from macOS can.
    """
    pattern = _phrases_pattern(term.targets, term.case_sensitive)
    return [TermMatch(term, m.start(), m.end(), m.group()) for m in pattern.finditer(text)]


def target_found(term: Term, translation: str) -> bool:
    """Whether the translation uses the term's target or an accepted variant."""
    return bool(find_target(term, unicodedata.normalize("NFC", translation)))


def forbidden_found(glossary: Glossary, translation: str, source: str | None = None) -> list[Term]:
    """Forbidden terms whose target appears in the translation, in glossary order.

    Pass the English `source` whenever there is one: a forbidden rendering is wrong only
    as the translation of its own source word. "embarazada" is forbidden for
    "embarrassed" but right for "pregnant", so without `source` the translation of "Do
    not get pregnant" would be flagged.
    """
    if source is None:
        candidates: Iterable[Term] = (t for t in glossary.terms if t.status is Status.FORBIDDEN)
    else:  # the forbidden terms in the English, in glossary order (their rank)
        found = _occurrences(glossary, source, {Status.FORBIDDEN})
        candidates = dict.fromkeys(matcher.term for matcher, _ in found)
    return [term for term in candidates if target_found(term, translation)]


@lru_cache(maxsize=4096)
def _source_pattern(source: str, case_sensitive: bool) -> re.Pattern[str]:
    *first, last = re.split(_SEPARATOR, source)
    forms = sorted(_plural_forms(last), key=lambda form: (-len(form), form))
    ending = "(?:" + "|".join(_literal(form) for form in forms) + ")"
    words = [_literal(word) for word in first] + [ending]
    return _compile(_SEPARATOR.join(words), case_sensitive)


@lru_cache(maxsize=4096)
def _phrases_pattern(phrases: tuple[str, ...], case_sensitive: bool) -> re.Pattern[str]:
    """Any of the phrases; a case-sensitive phrase starting in lower case may also start a
    sentence ("por vía intravenosa" finds "Por vía intravenosa")."""
    normal = [unicodedata.normalize("NFC", phrase) for phrase in phrases]
    if case_sensitive:
        normal += [p[0].upper() + p[1:] for p in normal if p[0].islower()]
    spelled = {_SEPARATOR.join(_literal(w) for w in re.split(_SEPARATOR, p)) for p in normal}
    return _compile("|".join(sorted(spelled, key=lambda s: (-len(s), s))), case_sensitive)


def _compile(body: str, case_sensitive: bool) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", 0 if case_sensitive else re.IGNORECASE)


def _literal(word: str) -> str:
    return _APOSTROPHE.join(re.escape(part) for part in re.split(_APOSTROPHE, word))


def _plural_forms(word: str) -> set[str]:
    """The word, its plurals and possessives, as the module docstring lists them."""
    plurals = {word + "s"}
    lower = word.lower()
    if _SIBILANT.search(lower):
        plurals.add(word + "es")
    if re.search(r"[^aeiou]y\Z", lower):
        plurals.add(word[:-1] + "ies")
    if lower.endswith("is"):
        plurals.add(word[:-2] + "es")
    if lower.endswith("fe") or lower.endswith("f"):
        plurals.add(word[: -2 if lower.endswith("fe") else -1] + "ves")
    return {word, word + "'s"} | plurals


def _key(source: str) -> str:
    """The run of word characters a term's source starts with, case-folded: every match of
    the term starts with this run, or, for a one-word term, one of its plurals."""
    run = _RUN.match(source)
    return run.group().casefold() if run else ""


def _singulars(run: str) -> set[str]:
    """The keys whose plurals (`_plural_forms`) a case-folded run of word characters may
    be: the run itself, and the run with each plural ending undone."""
    found = {run}
    for ending, singulars in _PLURAL_ENDINGS:
        if run.endswith(ending) and len(run) > len(ending):
            found.update(run[: -len(ending)] + singular for singular in singulars)
    return found
