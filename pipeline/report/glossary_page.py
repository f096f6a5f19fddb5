"""A glossary's review page for translators: every term where the sheets use it, and words to add.

For each term: its target, status, variants, note and review, then every text unit of
every sheet that uses it (`path:line`), the English with the term marked and the current
translation with the target marked, or flagged in words when an approved, proposed or
do-not-translate term's target is missing (or a forbidden word is used). Occurrences are
the matches translation itself uses (`glossary.find_terms`: longest match wins), so a
term shows where it will be applied; forbidden entries show the uses of their source.

Candidates are frequent medical words of the sheets that no glossary term covers, found by
two documented signals (local data only, so the page is the same on every machine):
- the plain-language list (`plain-language.csv`): its entries marked "warning" (medical
  jargon families misread) or of three or more syllables, in any inflection it knows;
- the hunspell medical dictionary (`en_med_glut.dic`): words it lists in lower case, of
  three or more syllables, that are not among the ~3,000 words fourth graders know
  (the Dale-Chall list), and not names that `en_US.dic` writes capitalised
  (places such as Minnesota); a capitalised word only the medical dictionary knows is
  kept, as it is likely a brand (a do-not-translate candidate).
Words are compared in their dictionary form (kidneys → kidney, urinating → urinate) and
ranked by how often they occur across sheets. Short and two-syllable words (rash, coma)
are not suggested: to this method they look like everyday words. A missing dictionary or
list is said on the page.

Sentences offered fuzzy matches from memory or imported TMX (`pipeline.translate.fuzzy`)
are listed with the matches and their scores, for translators to reuse.

Self-contained (inline style, nothing fetched, no script), built with lxml so every string
from a sheet or the glossary is escaped, and the same inputs give the same bytes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml.etree import _Element

from pipeline import atomic
from pipeline.checks.readability import PlainLanguage, load_plain_language
from pipeline.elements import add, append
from pipeline.glossary import PREFERRED, Glossary, Status, Term, TermMatch, find_target, find_terms
from pipeline.glossary import fold as fold_term
from pipeline.languages import easy_words, find
from pipeline.model import Document, Location, Severity
from pipeline.report.html_report import (
    CSS as REPORT_CSS,
)
from pipeline.report.html_report import add_section, head_row, page, scroller, serialised
from pipeline.speller import WORD
from pipeline.syllables import count as count_syllables
from pipeline.translate.xliff import Suggestion
from pipeline.units import TextUnit, units

DICTIONARIES = Path("/usr/share/hunspell")
MEDICAL = "en_med_glut.dic"
GENERAL = "en_US.dic"
#: The Debian package that installs each dictionary.
PACKAGES = {MEDICAL: "hunspell-en-med", GENERAL: "hunspell-en-us"}
PLAIN_LANGUAGE = "plain-language.csv"
#: The page lists at most this many candidates, the most frequent.
CANDIDATE_LIMIT = 100
#: Places listed for a sentence many sheets share; the rest are counted.
PLACES_SHOWN = 5
#: Shorter dictionary words are mostly abbreviations that collide with word fragments.
MIN_LETTERS = 4
MIN_SYLLABLES = 3
CSS = (
    REPORT_CSS
    + """
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; }
dl.facts dt { font-weight: 700; }
dl.facts dd { margin: 0; }
.status { font-weight: 700; }
.status.approved { color: #1e6b2f; }
.status.forbidden, .flag { color: #9e0000; font-weight: 700; }
.status.proposed { color: #8a5a00; }
mark.forbidden { background: #ffd6d6; border-bottom-color: #9e0000; }
th, td { vertical-align: top; }
"""
)
_STATUS_WORDS = {
    Status.APPROVED: "approved",
    Status.PROPOSED: "proposed (not reviewed yet)",
    Status.FORBIDDEN: "forbidden (must never be used)",
    Status.DO_NOT_TRANSLATE: "do not translate (keep as written)",
}


def write(
    glossary: Glossary,
    documents: Sequence[Document],
    translations: Mapping[str, str],
    folder: Path,
    *,
    dictionaries: Path = DICTIONARIES,
    plain_language: Path | None = None,
    suggestions: Mapping[str, Sequence[Suggestion]] | None = None,
) -> Path:
    """Write `glossary-<source>-<target>.html` in `folder`; returns its path."""
    path = path_in(folder, glossary.source_lang, glossary.target_lang)
    data = render(
        glossary,
        documents,
        translations,
        dictionaries=dictionaries,
        plain_language=plain_language,
        suggestions=suggestions,
    )
    atomic.write_bytes(path, data)
    return path


def path_in(folder: Path, source_lang: str, target_lang: str) -> Path:
    return folder / f"glossary-{source_lang}-{target_lang}.html"


def render(
    glossary: Glossary,
    documents: Sequence[Document],
    translations: Mapping[str, str],
    *,
    dictionaries: Path = DICTIONARIES,
    plain_language: Path | None = None,
    suggestions: Mapping[str, Sequence[Suggestion]] | None = None,
) -> bytes:
    """The page. `translations` maps a unit's English text to its current translation,
    `suggestions` to the fuzzy matches offered for it (`pipeline.translate.fuzzy`).

    `plain_language` defaults to the plain-language.csv beside the glossary, if any.
    """
    review = _collect(glossary, documents, translations)
    vocabulary = _Vocabulary.load(
        dictionaries, plain_language or glossary.path.parent / PLAIN_LANGUAGE
    )
    candidates = _candidates(review, vocabulary)
    pair = f"{_language(glossary.source_lang)} to {_language(glossary.target_lang)}"
    title = f"Glossary review: {pair} ({glossary.path.name})"
    root, body = page(glossary.source_lang, title, CSS)
    _header(add(body, "header"), glossary, documents, translations, pair)
    main = add(body, "main")
    ids = _ids(glossary.terms)
    _overview(main, review, ids)
    terms = add_section(main, "terms", "Terms and where the sheets use them")
    for term, ident in zip(glossary.terms, ids, strict=True):
        _term_section(terms, review, term, ident)
    if suggestions:
        _suggestions_section(main, review, suggestions)
    _candidates_section(main, candidates, vocabulary)
    footer = add(body, "footer")
    line = add(footer, "p", f"Glossary version {glossary.version}. Made by ")
    add(line, "code", "pipeline")
    append(line, " from the glossary, the sheets and their current translations.")
    return serialised(root)


# --- What the sheets hold ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Use:
    """A unit that uses a term, and the term's matches in it."""

    unit: TextUnit
    matches: tuple[TermMatch, ...]


@dataclass(frozen=True)
class _Review:
    """What the page shows: the glossary, the sheets' units and their translations."""

    glossary: Glossary
    translations: Mapping[str, str]
    #: Every unit of every sheet, with all glossary matches in it.
    units: tuple[tuple[TextUnit, tuple[TermMatch, ...]], ...]
    #: A source (folded) → the units that use it; entries with one source share them.
    uses: Mapping[str, Sequence[_Use]]

    def of(self, term: Term) -> Sequence[_Use]:
        return self.uses.get(fold_term(term.source), ())


def _collect(
    glossary: Glossary, documents: Sequence[Document], translations: Mapping[str, str]
) -> _Review:
    matched: dict[str, tuple[TermMatch, ...]] = {}  # sheets share sentences

    def terms_in(text: str) -> tuple[TermMatch, ...]:
        if (cached := matched.get(text)) is None:
            cached = matched[text] = tuple(find_terms(glossary, text))
        return cached

    found = tuple((unit, terms_in(unit.text)) for document in documents for unit in units(document))
    uses: dict[str, list[_Use]] = {}
    for unit, matches in found:
        for key in dict.fromkeys(fold_term(m.term.source) for m in matches):
            mine = tuple(m for m in matches if fold_term(m.term.source) == key)
            uses.setdefault(key, []).append(_Use(unit, mine))
    return _Review(glossary, translations, found, uses)


def _target_in(term: Term, translation: str) -> list[TermMatch]:
    return find_target(term, unicodedata.normalize("NFC", translation))


# --- Header and overview -----------------------------------------------------------------------


def _header(
    header: _Element,
    glossary: Glossary,
    documents: Sequence[Document],
    translations: Mapping[str, str],
    pair: str,
) -> None:
    add(header, "h1", f"Glossary review: {pair}")
    line = add(header, "p", "Glossary ")
    add(line, "code", str(glossary.path))
    append(line, f", version {glossary.version}: {len(glossary.terms)} terms (")
    append(line, ", ".join(_counts(glossary.terms)) + ").")
    add(
        header,
        "p",
        f"Checked against {len(documents)} sheet(s) and {len(translations)} translated "
        "text(s). Proposed terms are suggestions nobody has reviewed yet: approve a term only "
        "after checking it, with your name and the date.",
    )
    nav = add(add(header, "nav", attrib={"aria-label": "On this page"}), "ul")
    for ident, label in (
        ("overview", "Overview"),
        ("terms", "Terms"),
        ("candidates", "Candidates"),
    ):
        add(add(nav, "li"), "a", label, {"href": f"#{ident}"})


def _counts(terms: Sequence[Term]) -> list[str]:
    return [
        f"{sum(1 for t in terms if t.status is status)} {status.value}"
        for status in Status
        if any(t.status is status for t in terms)
    ]


def _overview(main: _Element, review: _Review, ids: Sequence[str]) -> None:
    glossary = review.glossary
    section = add_section(main, "overview", "Overview")
    table = add(scroller(section, "overview-caption"), "table")
    add(table, "caption", "Every term at a glance", {"id": "overview-caption"})
    body = head_row(table, ("Term", "Target", "Status", "Uses", "Sheets", "Needs attention"))
    for term, ident in zip(glossary.terms, ids, strict=True):
        uses = review.of(term)
        row = add(body, "tr")
        add(add(row, "th", attrib={"scope": "row"}), "a", term.source, {"href": f"#{ident}"})
        add(row, "td", term.target, {"lang": glossary.target_lang})
        add(row, "td", term.status.value, {"class": f"status {term.status.value}"})
        add(row, "td", str(sum(len(use.matches) for use in uses)), {"class": "num"})
        add(row, "td", str(len({use.unit.loc.path for use in uses})), {"class": "num"})
        add(row, "td", _attention(term, uses, review.translations))


def _attention(term: Term, uses: Sequence[_Use], translations: Mapping[str, str]) -> str:
    """In words: translations that miss the target or use a forbidden word."""
    translated = [translations[u.unit.text] for u in uses if u.unit.text in translations]
    if term.status is Status.FORBIDDEN:
        wrong = sum(1 for text in translated if _target_in(term, text))
        return f"forbidden word in {wrong} translation(s)" if wrong else "none"
    missing = sum(1 for text in translated if not _target_in(term, text))
    return f"target missing in {missing} translation(s)" if missing else "none"


# --- One section per term ----------------------------------------------------------------------


def _term_section(parent: _Element, review: _Review, term: Term, ident: str) -> None:
    glossary, translations = review.glossary, review.translations
    lang = glossary.target_lang
    section = add(parent, "section", attrib={"aria-labelledby": ident})
    heading = add(section, "h3", attrib={"id": ident})
    heading.text = f"{term.source} → "
    if term.status is Status.FORBIDDEN:
        append(heading, "never ")
    add(heading, "span", term.target, {"lang": lang})
    _facts(section, term, glossary)
    uses = review.of(term)
    if not uses:
        add(section, "p", "Not used in any sheet.", {"class": "note"})
        return
    sheets = len({use.unit.loc.path for use in uses})
    count = sum(len(use.matches) for use in uses)
    # Sheets share sentences: each is shown once, with every place it is in.
    by_text: dict[str, list[_Use]] = {}
    for use in uses:
        by_text.setdefault(use.unit.text, []).append(use)
    add(
        section,
        "p",
        f"Used {count} time(s) in {len(uses)} text(s) of {sheets} sheet(s), "
        f"{len(by_text)} different one(s).",
    )
    caption = f"Where “{term.source}” is used"
    table = add(scroller(section, f"{ident}-uses"), "table")
    add(table, "caption", caption, {"id": f"{ident}-uses"})
    body = head_row(table, ("Where", "English", f"Current translation ({_language(lang)})"))
    for text, same in by_text.items():
        row = add(body, "tr")
        _places(add(row, "td"), [use.unit.loc for use in same])
        _marked(add(row, "td"), text, same[0].matches)
        _translation(add(row, "td", attrib={"lang": lang}), term, translations.get(text))


def _places(cell: _Element, places: Sequence[Location]) -> None:
    """Where a sentence is: the first few places, then how many more."""
    for number, place in enumerate(places[:PLACES_SHOWN]):
        if number:
            append(cell, ", ")
        add(cell, "code", f"{place.path}:{place.line}")
    if len(places) > PLACES_SHOWN:
        append(cell, f" and {len(places) - PLACES_SHOWN} more")


def _facts(section: _Element, term: Term, glossary: Glossary) -> None:
    lang = glossary.target_lang
    facts = add(section, "dl", attrib={"class": "facts"})
    add(facts, "dt", "Status")
    add(add(facts, "dd"), "span", _STATUS_WORDS[term.status], {"class": f"status {term.status}"})
    add(facts, "dt", "Forbidden forms" if term.status is Status.FORBIDDEN else "Variants")
    add(facts, "dd", ", ".join(term.variants) or "none", {"lang": lang} if term.variants else None)
    add(facts, "dt", "Case")
    add(facts, "dd", "must match exactly" if term.case_sensitive else "any case")
    add(facts, "dt", "Note")
    add(facts, "dd", term.note or "none")
    add(facts, "dt", "Reviewed")
    reviewed = add(facts, "dd")
    if term.reviewer and term.reviewed_on:
        append(reviewed, f"by {term.reviewer} on ")
        day = term.reviewed_on.isoformat()
        add(reviewed, "time", day, {"datetime": day})
    else:
        reviewed.text = "not reviewed"
    add(facts, "dt", "In the glossary")
    add(add(facts, "dd"), "code", f"{glossary.path}:{term.line}")


def _translation(cell: _Element, term: Term, translation: str | None) -> None:
    if translation is None:
        add(cell, "span", "Not translated yet.", {"class": "note", "lang": "en"})
        return
    text = unicodedata.normalize("NFC", translation)
    matches = find_target(term, text)
    if term.status is Status.FORBIDDEN and matches:
        add(cell, "strong", "Forbidden word used: ", {"class": "flag", "lang": "en"})
        _marked(cell, text, matches, "forbidden")
        return
    if term.status in PREFERRED and not matches:
        add(cell, "strong", "Target missing: ", {"class": "flag", "lang": "en"})
    _marked(cell, text, matches)


def _marked(
    parent: _Element, text: str, matches: Iterable[TermMatch], kind: str | None = None
) -> None:
    """`text` with each match in a <mark>."""
    position = 0
    for match in matches:
        append(parent, text[position : match.start])
        add(parent, "mark", match.text, {"class": kind} if kind else None)
        position = match.end
    append(parent, text[position:])


def _ids(terms: Sequence[Term]) -> list[str]:
    """A readable, unique anchor per term ("term-red-blood-cell"), stable across runs."""
    ids: list[str] = []
    for term in terms:
        base = "term-" + (re.sub(r"[^a-z0-9]+", "-", fold_term(term.source)).strip("-") or "x")
        ident = base if base not in ids else f"{base}-{term.status.value}"
        number = 2
        while ident in ids:
            ident, number = f"{base}-{number}", number + 1
        ids.append(ident)
    return ids


def _language(code: str) -> str:
    found = find(code)
    return found.name if found else code


# --- Candidates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Vocabulary:
    """What the candidate signals need; `missing` says which data could not be read."""

    medical: frozenset[str]
    names: frozenset[str]
    plain: PlainLanguage | None
    missing: tuple[str, ...]

    @staticmethod
    def load(dictionaries: Path, plain_language: Path) -> _Vocabulary:
        read = {name: _entries(dictionaries / name) for name in PACKAGES}
        missing = [
            f"{dictionaries / name} is missing (install {package})"
            for name, package in PACKAGES.items()
            if read[name] is None
        ]
        plain = load_plain_language(plain_language) if plain_language.is_file() else None
        if plain is None:
            missing.append(f"{plain_language} is missing")
        general = read[GENERAL] or frozenset()
        return _Vocabulary(
            medical=frozenset(word.casefold() for word in read[MEDICAL] or ()),
            names=frozenset(w.casefold() for w in general if w[:1].isupper())
            - frozenset(w for w in general if w.islower()),
            plain=plain,
            missing=tuple(missing),
        )


@lru_cache(maxsize=4)
def _entries(path: Path) -> frozenset[str] | None:
    """A hunspell .dic file's words without their affix flags; None if there is no file."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return None
    words = (line.split("/", 1)[0].strip() for line in text.splitlines()[1:])
    return frozenset(word for word in words if word and not any(c.isspace() for c in word))


@dataclass
class _Candidate:
    word: str
    reasons: set[str]
    count: int
    sheets: set[str]
    example: TextUnit
    start: int
    end: int


def _candidates(review: _Review, vocabulary: _Vocabulary) -> list[_Candidate]:
    gathered: dict[str, _Candidate] = {}
    #: Sheets share sentences, and a sentence's glossary matches follow from its text.
    spotted: dict[str, list[tuple[str, int, int, str]]] = {}
    for unit, matches in review.units:
        if (found := spotted.get(unit.text)) is None:
            taken = [(m.start, m.end) for m in matches]
            found = spotted[unit.text] = list(_spotted(unit.text, taken, vocabulary))
        for word, start, end, reason in found:
            candidate = gathered.setdefault(
                word, _Candidate(word, set(), 0, set(), unit, start, end)
            )
            candidate.reasons.add(reason)
            candidate.count += 1
            candidate.sheets.add(unit.loc.path)
    return sorted(gathered.values(), key=lambda c: (-c.count, -len(c.sheets), c.word))


def _spotted(
    text: str, taken: list[tuple[int, int]], vocabulary: _Vocabulary
) -> Iterable[tuple[str, int, int, str]]:
    """Candidate words in `text` outside `taken` spans: (dictionary form, start, end, reason).

    Plain-language phrases found are added to `taken`, so their words count once.
    """
    if vocabulary.plain is not None:
        for written, start, entry in vocabulary.plain.find(text):
            end = start + len(written)
            if _free(taken, start, end) and (
                entry.severity is Severity.WARNING or _syllables(entry.word) >= MIN_SYLLABLES
            ):
                taken.append((start, end))
                yield (
                    entry.word.lower(),
                    start,
                    end,
                    f'plain-language list: say "{entry.suggestion}"',
                )
    for match in WORD.finditer(text):
        start, end = match.span()
        lemma = _lemma(match.group(), vocabulary.medical)
        if _free(taken, start, end) and _medical(lemma, vocabulary):
            yield lemma, start, end, "medical dictionary, not an everyday word"


def _free(taken: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= a or start >= b for a, b in taken)


def _medical(lemma: str, vocabulary: _Vocabulary) -> bool:
    return (
        len(lemma) >= MIN_LETTERS
        and lemma in vocabulary.medical
        and lemma not in vocabulary.names
        and lemma not in _familiar()
        and _syllables(lemma) >= MIN_SYLLABLES
    )


def _lemma(word: str, known: frozenset[str]) -> str:
    """The dictionary form of a written word, if `known` has one; else the word, lower case."""
    lower = re.sub(r"['\u2019]s\Z", "", word.lower())
    forms = [*_bases(lower), lower]
    return next((form for form in forms if form in known), lower)


def _bases(word: str) -> list[str]:
    """Forms `word` may be inflected from (plural -s/-es/-ies, -ed, -ing), likeliest first."""
    bases: list[str] = []
    if word.endswith("ies"):
        bases.append(word[:-3] + "y")
    if word.endswith("es"):
        bases.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        bases.append(word[:-1])
    for ending in ("ing", "ed"):
        if word.endswith(ending):
            stem = word[: -len(ending)]
            bases += [stem, stem + "e", stem[:-1] if stem[-2:-1] == stem[-1:] else stem]
    return bases


@lru_cache(maxsize=1)
def _familiar() -> frozenset[str]:
    """The Dale-Chall list of words most fourth graders know (English's profile)."""
    return easy_words("en")


@lru_cache(maxsize=1 << 14)
def _syllables(text: str) -> int:
    return sum(count_syllables(word, "en") for word in text.split())


def _suggestions_section(
    main: _Element, review: _Review, suggestions: Mapping[str, Sequence[Suggestion]]
) -> None:
    """Each sentence offered fuzzy matches, with every place it is in and the matches: what
    translators may reuse, never put in the translation for them."""
    places: dict[str, list[Location]] = {}
    for unit, _ in review.units:
        if unit.text in suggestions:
            places.setdefault(unit.text, []).append(unit.loc)
    section = add_section(main, "suggestions", "Fuzzy matches offered to translators")
    add(
        section,
        "p",
        "Sentences not yet reviewed whose English is close to one people translated before "
        "(in another sheet's memory, or in an imported TMX file), with the match score "
        "(100 is the same English). They are offered in the XLIFF as alternatives, never put "
        "in the translation.",
        {"class": "note"},
    )
    if not places:
        add(section, "p", "No fuzzy matches.")
        return
    lang = review.glossary.target_lang
    table = add(scroller(section, "suggestions-caption"), "table")
    add(table, "caption", "Fuzzy matches", {"id": "suggestions-caption"})
    body = head_row(
        table, ("Where", "English", "Score", "From", "Matched English", "Its translation")
    )
    for text, where in places.items():
        for number, suggestion in enumerate(suggestions[text]):
            row = add(body, "tr")
            if number == 0:
                many = len(suggestions[text])
                span = {"rowspan": str(many)} if many > 1 else {}
                _places(add(row, "td", attrib=span), where)
                add(row, "td", text, span)
            add(row, "td", str(suggestion.score), {"class": "num"})
            add(row, "td", suggestion.origin)
            add(row, "td", suggestion.source)
            add(row, "td", suggestion.target, {"lang": lang})


def _candidates_section(
    main: _Element, candidates: Sequence[_Candidate], vocabulary: _Vocabulary
) -> None:
    section = add_section(
        main, "candidates", "Candidates: frequent medical words not in the glossary"
    )
    add(
        section,
        "p",
        "Words the sheets use that no term covers, most frequent first. A word is suggested "
        "when the plain-language list names it (medical jargon, or three or more syllables), "
        "or when the medical dictionary lists it and it has three or more syllables, is not "
        "among the words most fourth graders know, and is not a place or person name. "
        "Consider adding each, or ignore it if it needs no fixed translation.",
        {"class": "note"},
    )
    for problem in vocabulary.missing:
        add(section, "p", f"Not used for this list: {problem}.", {"class": "flag"})
    if not candidates:
        add(section, "p", "No candidates.")
        return
    shown = candidates[:CANDIDATE_LIMIT]
    if len(candidates) > len(shown):
        add(section, "p", f"The {len(shown)} most frequent of {len(candidates)} are shown.")
    table = add(scroller(section, "candidates-caption"), "table")
    add(table, "caption", "Candidate terms", {"id": "candidates-caption"})
    body = head_row(table, ("Word", "Uses", "Sheets", "Why", "First use"))
    for candidate in shown:
        row = add(body, "tr")
        add(row, "th", candidate.word, {"scope": "row"})
        add(row, "td", str(candidate.count), {"class": "num"})
        add(row, "td", str(len(candidate.sheets)), {"class": "num"})
        add(row, "td", "; ".join(sorted(candidate.reasons)))
        example = add(row, "td")
        unit = candidate.example
        add(example, "code", f"{unit.loc.path}:{unit.loc.line}")
        append(example, " ")
        text = unit.text
        append(example, text[: candidate.start])
        add(example, "mark", text[candidate.start : candidate.end])
        append(example, text[candidate.end :])
