"""Cognates for the English words an engine does not know, checked against a dictionary.

Apertium leaves a word it does not know in English ("un *pandemic", "*viral genomas"); in
patient and scientific text most such words are Greek or Latin, which the target language
spells by regular correspondences ("pandemic" → "pandemia", "asymptomatic" →
"asintomático"). The correspondences are data (`pipeline/languages/data/<lang>/cognates.toml`:
endings, spelling, prefixes, plurals); a guess counts when the target language's hunspell
dictionary knows one of its forms, so a rule never invents a word. That dictionary lacks
much medical vocabulary ("zoonótico", "virológico", "citoquina"), so an ending whose
correspondence is near-certain (-ological → -ológico, -itis, -osis) is marked in the data
to stand without it: its one form, accented as the data says, is taken when no candidate
is known and the word looks like the target language's (no "w", "sh", …). Each guess
carries its part of speech, gender and forms, so the draft path can make the words around
it agree (pipeline.translate.drafting), and it is listed in its unit's note for the
translator to check.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.errors import DataFileError

NOUN, ADJECTIVE, ADVERB = "noun", "adjective", "adverb"
#: Forms of a guess: "m.sg", "f.sg", "m.pl", "f.pl" (a noun has its own gender's two).
FORMS = ("m.sg", "f.sg", "m.pl", "f.pl")


#: How an ending's guess stands when no dictionary knows it (`Ending.unconfirmed`): never;
#: as the rules spell it (the ending carries any accent: "-ológico"); with the stem's last
#: vowel accented, as Spanish writes "-ico" ("zoonót-ico", "pediátr-ico").
NEVER, AS_SPELLED, STEM_ACCENT = "", "as-spelled", "stem-accent"
_UNCONFIRMED = (NEVER, AS_SPELLED, STEM_ACCENT)


@dataclass(frozen=True)
class Ending:
    english: str
    target: str
    pos: str
    gender: str
    unconfirmed: str = NEVER


@dataclass(frozen=True)
class Rules:
    """A language's cognate correspondences (see the module docstring)."""

    min_stem: int = 3
    accents: dict[str, str] = field(default_factory=dict)
    plurals: tuple[tuple[str, str], ...] = ()
    spelling: tuple[tuple[re.Pattern[str], str], ...] = ()
    #: (English prefix, target prefix, joins any known word, may make an unconfirmed guess).
    prefixes: tuple[tuple[str, str, bool, bool], ...] = ()
    endings: tuple[Ending, ...] = ()
    adverb: tuple[str, str] | None = None
    #: Masculine singular ending → {"f.sg": ending, "m.pl": …, "f.pl": …}.
    adjective: dict[str, dict[str, str]] = field(default_factory=dict)
    #: What a guess no dictionary knows must not contain (letters the target never writes).
    foreign: re.Pattern[str] | None = None
    #: Vowels that take the accent in a group of vowels ("pediátrico", "terapéutico").
    strong: str = ""
    #: Where a vowel letter is silent, matched at its position ("qu", "gu" before e, i).
    silent: re.Pattern[str] | None = None
    #: English endings whose unconfirmed guess stands even for an everyday English word.
    certain: frozenset[str] = frozenset()
    #: (pattern, replacement): the plural of a guess no dictionary knows, by the first
    #: pattern its singular matches.
    plural: tuple[tuple[re.Pattern[str], str], ...] = ()


@dataclass(frozen=True)
class Guess:
    """A known target word for an unknown English one."""

    english: str
    pos: str
    #: A noun's gender ("m" or "f"); "" for adjectives and adverbs.
    gender: str
    #: Whether the English was plural (nouns).
    plural: bool
    #: The target's forms by FORMS key; an adverb has one form under "m.sg".
    forms: dict[str, str]
    #: Whether a dictionary knows it (else it rests on a reliable ending alone).
    confirmed: bool = True

    @property
    def target(self) -> str:
        """The form standing for the English as written (a noun in its number)."""
        if self.pos == NOUN:
            return self.forms[f"{self.gender}.{'pl' if self.plural else 'sg'}"]
        return self.forms["m.sg"]


@dataclass(frozen=True)
class _Cognate:
    english: str
    pos: str
    gender: str
    plural: bool
    forms: dict[str, str]
    #: The forms the dictionary is asked about: it must know one (the more the better).
    needs: tuple[str, ...]
    #: Whether it may stand though the dictionary knows none (a reliable ending's form).
    sure: bool = False
    #: Whether a prefix rule made it ("dis-" → "des-").
    prefixed: bool = False
    #: Whether its ending is one of `Rules.certain`.
    certain: bool = False
    #: The English form its ending matched (a plural's singular: "cytokine").
    matched: str = ""


def load(path: Path) -> Rules | None:
    """The rules in `path`, or None when the language has no such file.

    Raises DataFileError naming the file for a bad entry."""
    if not path.is_file():
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return Rules(
            min_stem=int(data.get("min_stem", 3)),
            accents={str(k): str(v) for k, v in data.get("accents", {}).items()},
            plurals=tuple((str(a), str(b)) for a, b in data.get("plurals", ())),
            spelling=tuple((re.compile(a), str(b)) for a, b in data.get("spelling", ())),
            prefixes=tuple(_prefix(row) for row in data.get("prefixes", ())),
            endings=tuple(_ending(row) for row in data.get("endings", ())),
            adverb=(str(data["adverb"][0]), str(data["adverb"][1])) if "adverb" in data else None,
            adjective={
                str(k): {str(f): str(e) for f, e in v.items()}
                for k, v in data.get("adjective", {}).items()
            },
            foreign=re.compile(str(data["foreign"])) if "foreign" in data else None,
            strong=str(data.get("strong", "")),
            silent=re.compile(str(data["silent"])) if "silent" in data else None,
            plural=tuple((re.compile(a), str(b)) for a, b in data.get("plural", ())),
            certain=frozenset(str(e) for e in data.get("certain", ())),
        )
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValueError, TypeError) as error:
        raise DataFileError(str(path), f"bad cognate rules: {error}") from None
    except re.error as error:
        raise DataFileError(str(path), f"bad spelling pattern: {error}") from None


def _prefix(row: Sequence[object]) -> tuple[str, str, bool, bool]:
    english, target, free, *rest = row
    if len(rest) > 1:
        raise ValueError(f"prefix {english!r}: four cells at most")
    return str(english), str(target), bool(free), bool(rest[0]) if rest else True


def _ending(row: Sequence[object]) -> Ending:
    english, target, pos, gender, *rest = (str(cell) for cell in row)
    unconfirmed = rest[0] if rest else NEVER
    if len(rest) > 1 or unconfirmed not in _UNCONFIRMED:
        raise ValueError(f"ending {english!r}: the fifth cell is one of {_UNCONFIRMED[1:]}")
    return Ending(english, target, pos, gender, unconfirmed)


def inflected(rules: Rules, base: str) -> dict[str, str] | None:
    """An adjective's forms (FORMS) from its masculine singular by the rules' adjective
    endings ("estreñido" → "estreñida", "estreñidos", "estreñidas"); None if no ending
    fits."""
    for end, others in rules.adjective.items():
        if base.endswith(end):
            stem = base.removesuffix(end)
            return {"m.sg": base, **{key: stem + ending for key, ending in others.items()}}
    return None


class Guesser:
    """Guesses for unknown English words; `unknown` says which target words a dictionary
    lacks (hunspell, pipeline.speller.Hunspell.unknown); `gender` gives a noun's gender
    from its form when its ending does not (conventions.Conventions.gender);
    `plural_endings` are the profile's (singular ending, plural ending) pairs;
    `technical` says which English words a general English dictionary lacks: only those
    take a reliable ending's unconfirmed guess, unless the ending is `Rules.certain`
    (everyday English has the false friends: "adaptive" is "adaptativo", "supportive"
    no "suportivo")."""

    def __init__(
        self,
        rules: Rules,
        unknown: Callable[[Sequence[str]], set[str]],
        gender: Callable[[str], str],
        plural_endings: Sequence[tuple[str, str]],
        technical: Callable[[Sequence[str]], set[str]] | None = None,
    ) -> None:
        self._rules = rules
        self._unknown = unknown
        self._gender = gender
        self._plural_endings = tuple(plural_endings)
        self._technical = technical
        self._known: dict[str, bool] = {}

    def guess(self, words: Sequence[str]) -> dict[str, Guess]:
        """A guess for each of `words` the rules and the dictionary agree on, by word."""
        candidates = {word: list(self._candidates(word)) for word in dict.fromkeys(words)}
        asked = {
            form
            for found in candidates.values()
            for c in found
            for word in (*c.needs, *c.forms.values())
            for form in (word, *self._plurals(word))
        }
        self._learn(asked)
        guesses: dict[str, Guess] = {}
        unconfirmed: dict[str, tuple[_Cognate | None, _Cognate]] = {}
        for word, found in candidates.items():
            # The candidate the dictionary knows most forms of, the rules' order breaking
            # ties: "crítico" (all four forms) rather than "critico" (a verb's forms).
            score = [sum(1 for form in c.needs if self._known[form]) for c in found]
            best = max(score, default=0)
            if best:
                guesses[word] = self._made(found[score.index(best)])
            elif sure := self._sure(found):
                unconfirmed[word] = sure
        return guesses | self._unconfirmed(unconfirmed)

    def _unconfirmed(
        self, candidates: Mapping[str, tuple[_Cognate | None, _Cognate]]
    ) -> dict[str, Guess]:
        """Guesses by reliable endings alone: a certain ending's, or any reliable one's
        for a technical word, one general English lacks in full or in the form its ending
        matched (en_US knows "cytokines" but not "cytokine")."""
        english = {w: {w, other.matched} - {""} for w, (_, other) in candidates.items()}
        asked = list(dict.fromkeys(form for forms in english.values() for form in forms))
        technical = self._technical(asked) if self._technical and asked else set[str]()
        return {
            word: self._made(chosen, confirmed=False)
            for word, (certain, other) in candidates.items()
            if (chosen := certain or (other if english[word] & technical else None))
        }

    def _sure(self, found: Sequence[_Cognate]) -> tuple[_Cognate | None, _Cognate] | None:
        """The first candidates reliable endings make that look like the target's
        spelling (one with a prefix rule first: "dis-" → "des-"): of a certain ending,
        and of any; None without either."""
        foreign = self._rules.foreign
        sure = [
            c
            for c in found
            if c.sure and not (foreign and any(foreign.search(f) for f in c.forms.values()))
        ]
        if not sure:
            return None
        sure.sort(key=lambda c: not c.prefixed)
        return next((c for c in sure if c.certain), None), sure[0]

    def _learn(self, forms: set[str]) -> None:
        new = [form for form in forms if form not in self._known]
        unknown = self._unknown(new) if new else set()
        self._known.update((form, form not in unknown) for form in new)

    def _made(self, candidate: _Cognate, *, confirmed: bool = True) -> Guess:
        """The guess with all its forms, a plural the dictionary knows preferred (without
        one, the regular plural: `Rules.plural`)."""
        forms = dict(candidate.forms)
        for key in [k for k in forms if k.endswith(".sg") and candidate.pos != ADVERB]:
            plural = key.replace(".sg", ".pl")
            if forms.get(plural, forms[key]) == forms[key]:  # not made by [adjective]
                made = self._plural(forms[key]) if confirmed else self._regular(forms[key])
                forms[plural] = made
        return Guess(
            candidate.english, candidate.pos, candidate.gender, candidate.plural, forms, confirmed
        )

    def _regular(self, singular: str) -> str:
        for pattern, replacement in self._rules.plural:
            if pattern.search(singular):
                return pattern.sub(replacement, singular, count=1)
        return singular

    def _candidates(self, word: str) -> Iterator[_Cognate]:
        lower = word.lower()
        if not re.fullmatch(r"[a-z]+", lower) or word[1:] != lower[1:]:
            return  # names, acronyms, numbers, hyphenated words: kept as written
        adverb = self._rules.adverb
        if adverb and lower.endswith(adverb[0]):
            for c in self._stems(lower.removesuffix(adverb[0])):
                if c.pos == ADJECTIVE:
                    made = c.forms["f.sg"] + adverb[1]
                    yield _Cognate(
                        word, ADVERB, "", False, {"m.sg": made}, (made,), c.sure, c.prefixed
                    )
        yield from (replace(c, english=word) for c in self._stems(lower))
        for ending, singular in self._rules.plurals:
            if lower.endswith(ending) and len(lower) > len(ending) + self._rules.min_stem:
                for c in self._stems(lower.removesuffix(ending) + singular):
                    if c.pos == NOUN:
                        yield replace(c, english=word, plural=True)

    def _stems(self, english: str) -> Iterator[_Cognate]:
        """Candidates for a singular English word: each matching ending, with or without a
        prefix, spelled the target's way (the ending too: "bronch-itis" → "bronquitis")."""
        least, first = self._rules.min_stem, True
        for ending in self._rules.endings:
            stem = english.removesuffix(ending.english)
            if stem == english or len(stem) < least:
                continue
            # Only the first ending that matches may stand unconfirmed: "cervical" is no
            # "cérvico" ("-ical" is not reliable), so no "-al" guess either.
            may_stand, first = first, False
            splits = [(stem, "", False, True)] + [
                (stem.removeprefix(prefix), target, free, unconfirmed)
                for prefix, target, free, unconfirmed in self._rules.prefixes
                if stem.startswith(prefix) and len(stem) - len(prefix) >= least
            ]
            for rest, prefix, free, unconfirmed in splits:
                spelled = self._spelled(rest + ending.target)
                sure = self._sure_form(spelled, ending) if may_stand and unconfirmed else None
                for base in self._accented(spelled):
                    yield self._candidate(
                        english, ending, base, prefix, free=free, sure=base == sure
                    )

    def _candidate(
        self, english: str, ending: Ending, base: str, prefix: str, *, free: bool, sure: bool
    ) -> _Cognate:
        """`prefix` + `base`; the dictionary must know the whole word, or only `base`
        (in one of its forms) after a free prefix."""
        certain = sure and ending.english in self._rules.certain
        if ending.pos == NOUN:
            gender = ending.gender or self._gender(base)
            forms = {f"{gender}.sg": prefix + base}
            whole = base if free else prefix + base
            needs = (whole, *self._plurals(whole))
            return _Cognate(
                english, NOUN, gender, False, forms, needs, sure, bool(prefix), certain, english
            )
        plain = self._adjective(base)
        forms = {key: prefix + form for key, form in plain.items()}
        checked = list((plain if free else forms).values())
        needs = tuple(dict.fromkeys(w for c in checked for w in (c, *self._plurals(c))))
        return _Cognate(
            english, ADJECTIVE, "", False, forms, needs, sure, bool(prefix), certain, english
        )

    def _sure_form(self, spelled: str, ending: Ending) -> str | None:
        """The one form `ending` stands by without a dictionary (see `Ending.unconfirmed`)."""
        accents = self._rules.accents
        if ending.unconfirmed == NEVER or not spelled.endswith(ending.target):
            return None
        if ending.unconfirmed == AS_SPELLED or any(m in spelled for m in accents.values()):
            return spelled
        stem = spelled.removesuffix(ending.target)
        silent = self._rules.silent
        vowels = [
            n
            for n, letter in enumerate(stem)
            if letter in accents and not (silent and silent.match(spelled, n))
        ]
        if not vowels or (vowels[-1] == len(stem) - 1 and ending.target[:1] in accents):
            return spelled  # no vowel, or one next to the ending's: "arca-ico", not "pató-geno"
        group = [n for n in vowels if all(m in vowels for m in range(n, vowels[-1] + 1))]
        strong = [n for n in group if stem[n] in self._rules.strong]
        n = (strong or group)[-1]
        return spelled[:n] + accents[spelled[n]] + spelled[n + 1 :]

    def _adjective(self, base: str) -> dict[str, str]:
        return inflected(self._rules, base) or dict.fromkeys(FORMS, base)

    def _plurals(self, singular: str) -> list[str]:
        """The plurals the profile's endings make, also with the accent taken off
        ("pangolín" → "pangolines"), for the dictionary to pick from (`_plural`)."""
        plain = singular.translate({ord(v): k for k, v in self._rules.accents.items()})
        return [
            word.removesuffix(one) + many
            for word in dict.fromkeys((singular, plain))
            for one, many in self._plural_endings
            if word.endswith(one)
        ]

    def _plural(self, singular: str) -> str:
        """The plural the dictionary knows; else the singular (invariable: "zoonosis")."""
        return next((w for w in self._plurals(singular) if self._known.get(w)), singular)

    def _spelled(self, stem: str) -> str:
        for pattern, replacement in self._rules.spelling:
            stem = pattern.sub(replacement, stem)
        return stem

    def _accented(self, word: str) -> list[str]:
        """The word, and (when it has no accent yet) with each vowel but the last letter
        accented in turn (a final accent makes verb forms: "recombiná")."""
        accents = self._rules.accents
        if any(mark in word for mark in accents.values()):
            return [word]
        return [word] + [
            word[:n] + accents[letter] + word[n + 1 :]
            for n, letter in enumerate(word[:-1])
            if letter in accents
        ]
