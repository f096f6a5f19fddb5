"""The definite article a language puts where English has none: a bare subject noun.

English says "Side effects may include …" and "Fever and cough are common"; Spanish heads
such a subject (plural, or a mass noun) with the definite article: "Los efectos
secundarios pueden incluir …", "La fiebre y la tos son comunes". Apertium copies the
English bare noun ("Efectos secundarios pueden incluir"). This rule runs on the tagged
draft the register pass reads (pipeline.translate.morph) and gives an article to a common
noun that opens a clause — a sentence, or the main clause after an opening adverbial or
subordinate clause and its comma ("No obstante, …", "Si su niño tiene fiebre, …"), a
clause after "que" ("Los estudios muestran que los niños …"), or one joined by a comma and
a coordinator to a clause with a verb ("…, pero los síntomas …") — when the noun phrase it
heads goes on to a finite verb of that clause. So a heading or a list item without a verb
("Fiebre", "Efectos secundarios:", "Fiebre que dura más de 3 días") never gets one, nor a
vocative ("Padres, …": the comma ends the phrase), a name or a noun before one ("Doctor
Smith"), a segment whose English opens with a name of capitalised words, an acronym, a
word in capitals, a number, or a noun with a determiner already. A noun coordinated with
the head ("Fiebre y tos") gets its own, and so does each noun of a sentence-opening list
that closes with "y" ("La fiebre, la tos y el dolor …"). The engine's own "EL agua" at a
sentence's start is written "El agua".

Whether a language has the rule, and its articles, are data: `conventions.toml
[register.articles]` (gender.number → article, the feminine nouns that take the masculine
singular form before their stressed a, "el agua", "el asma", and nouns of quantity used
bare, "Parte de …").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.translate.morph import Word

#: A common noun's reading: lemma, gender, number (acronyms carry <acr> and do not match).
_NOUN = re.compile(r"^[^<]+<n><(m|f|mf)><(sg|pl|sp)>")
#: A finite verb in the third person, and its number.
_FINITE = re.compile(
    r"<(?:vblex|vbser|vbhaver|vbmod)><(?:pri|pii|ifi|fti|cni|prs|pis|fts)><p3><(sg|pl)>"
)
#: Words that open a sentence before its main clause: adverbs ("No obstante"),
#: prepositions ("En China"), subordinating conjunctions ("Si", "Cuando", "Aunque").
_OPENER = re.compile(r"<(?:adv|pr|cnjadv|cnjsub)>")
#: Words a subject noun phrase is made of before its verb: nouns, adjectives, participles,
#: prepositions and their objects, coordinators, adverbs, pronouns (clitics, relatives).
_PHRASE = re.compile(
    r"<(?:n|np|adj|pr|det|num|cnjcoo|adv|preadv|prn|rel|cnjsub|guio|vblex><(?:pp|inf|ger)|vbser><inf)>"
)
#: After these a finite verb is no clause's verb but a mistranslated modifier ("plasma de
#: recuperó pacientes": recovered).
_NO_VERB_AFTER = re.compile(r"<(?:pr|det)>")
#: Where a subject noun phrase cannot go on: a clause of condition or time starts.
_CLAUSE = re.compile(r"<cnjadv>")
_RELATIVE = re.compile(r"<(?:rel|cnjsub)>")
#: A complement clause starts after it ("muestran que los pacientes …"; not the "que" of
#: a comparison, "más hombres que mujeres", which the tagger reads as a relative).
_COMPLEMENT = re.compile(r"^que<cnjsub>")
_STOPS = re.compile(r"<(?:sent|cm|lpar|rpar|lquest)>|^[:;]")


@dataclass(frozen=True)
class Articles:
    """A language's definite articles ("m.pl" → "los"), the feminine nouns that take the
    masculine singular article ("agua", "asma"), and nouns used bare as quantities
    ("Parte de la respuesta es …")."""

    forms: Mapping[str, str]
    stressed_a: frozenset[str] = frozenset()
    bare: frozenset[str] = frozenset()

    @classmethod
    def read(cls, settings: Mapping[str, Any] | None) -> Articles | None:
        """The `[register.articles]` table, or None where the language has no such rule."""
        if not settings or not settings.get("definite"):
            return None
        return cls(
            {str(k): str(v) for k, v in settings["definite"].items()},
            frozenset(str(w) for w in settings.get("stressed_a", ())),
            frozenset(str(w) for w in settings.get("bare", ())),
        )

    def article(self, lemma: str, gender: str, number: str) -> str:
        """The definite article of a noun of this gender and number (a noun of either
        gender takes the masculine, as a mixed group does)."""
        gender = "m" if gender == "mf" else gender
        if gender == "f" and number == "sg" and lemma.lower() in self.stressed_a:
            gender = "m"
        return self.forms.get(f"{gender}.{number}", "")

    def add(self, words: Sequence[Word], source: str) -> list[Word]:
        """`words` with the article put before each bare noun that heads a clause's
        subject (see the module docstring); the other words as they were. A segment
        whose English opens with a name of two capitalised words ("National Basketball
        Association", "Chinese New Year") keeps its first word bare."""
        out = [_title_case(words, i) for i in range(len(words))]
        named = bool(re.match(r"\W*[A-Z]\w*\W+(?!I\b)[A-Z]", source))
        for start in _clause_starts(out):
            if named and start == _first(out):
                continue
            subject = _subject(out, start)
            if subject is None:
                continue
            heads, number = subject
            for i in heads:
                if out[i].lemma.lower() not in self.bare:
                    self._determine(out, i, number)
        return out

    def _determine(self, words: list[Word], i: int, verb_number: str) -> None:
        w = words[i]
        match = _NOUN.match(_reading(w))
        if match is None:
            return
        gender, number = match.groups()
        article = self.article(w.lemma, gender, verb_number if number == "sp" else number)
        if not article:
            return
        surface = w.surface
        if w.first and surface[:1].isupper():
            article = article[:1].upper() + article[1:]
            surface = surface[:1].lower() + surface[1:]
        words[i] = replace(w, surface=surface, before=w.before + article + " ")


def _title_case(words: Sequence[Word], i: int) -> Word:
    """An article the engine wrote in capitals before a word that is not ("EL agua",
    "EL asma": Apertium's "el" before a stressed a), in title case."""
    w = words[i]
    following = _next(words, i)
    shouted = "<det><def>" in (w.reading or "") and len(w.surface) > 1 and w.surface.isupper()
    if not shouted or following is None or words[following].surface.isupper():
        return w
    return replace(w, surface=w.surface.capitalize())


def _reading(w: Word) -> str:
    return w.changed or w.reading or ""


def _unknown(w: Word) -> bool:
    """A word the analyser does not know (a name, a code: "CoVs", "Herein")."""
    return w.reading is None and bool(re.search(r"\w", w.surface))


def _tokens(words: Sequence[Word], start: int) -> Iterator[int]:
    """Indexes of the tokens (words, unknown words, punctuation; not spaces) from `start`."""
    return (
        j for j in range(start, len(words)) if words[j].reading is not None or _unknown(words[j])
    )


def _first(words: Sequence[Word]) -> int | None:
    return next((j for j in _tokens(words, 0) if words[j].word or _unknown(words[j])), None)


def _clause_starts(words: Sequence[Word]) -> list[int]:
    """Each sentence's first word; in a sentence that opens with an adverbial or a
    subordinate clause (`_OPENER`: "No obstante", "En China", "Si") each word after one of
    its commas; the word after a complement clause's "que"; and the word after a comma and
    a coordinator that join a clause to one with a verb ("Tiene fiebre, pero los síntomas
    pueden …"), when that comma is the first since the verb (after more, "…, tos, y
    garganta" ends a list)."""
    starts, fresh, opened = [], True, False
    # Commas since the sentence's last finite verb (None before its first), and whether
    # the token before is one.
    commas: int | None = None
    comma = False
    for j in _tokens(words, 0):
        reading = _reading(words[j])
        if "<sent>" in reading:
            fresh, opened, commas, comma = True, False, None, False
            continue
        if "<cm>" in reading:
            fresh, comma = opened, True
            commas = None if commas is None else commas + 1
            continue
        if words[j].word or _unknown(words[j]):
            if fresh:
                opened = opened or bool(_OPENER.search(reading))
                starts.append(j)
            fresh = bool(_COMPLEMENT.match(reading.lower())) or (
                comma and commas == 1 and "<cnjcoo>" in reading
            )
            commas = 0 if _FINITE.search(reading) else commas
        comma = False
    return starts


def _bare_noun(words: Sequence[Word], i: int) -> bool:
    """A common noun, not an acronym, name, code or number, not rewritten by the register
    pass, and with nothing else of its phrase before it."""
    w = words[i]
    if w.changed or not _NOUN.match(w.reading or "") or w.before.strip():
        return False
    letters = re.sub(r"\W", "", w.surface)
    if not letters.isalpha() or (len(letters) > 1 and letters.isupper()):
        return False  # "ADN", "COVID", a heading in capitals
    if w.surface[:1].isupper() and not w.first:
        return False  # "la Universidad de Princeton": a name's word
    following = _next(words, i)
    return following is None or not _name(words[following])


def _name(w: Word) -> bool:
    """A name or a word the analyser does not know ("Doctor Smith", "Animal CoVs")."""
    return _unknown(w) or "<np>" in (w.reading or "") or w.surface[:1].isupper()


def _next(words: Sequence[Word], i: int) -> int | None:
    return next(_tokens(words, i + 1), None)


def _ends(words: Sequence[Word], j: int, reading: str) -> bool:
    """Whether a noun phrase cannot go on at `j`: punctuation, a dash (not the hyphen of
    "COVID-19"), a clause of condition or time, or a word no noun phrase is made of."""
    if "<guio>" in reading:
        return j > 0 and words[j - 1].surface.isspace()
    return bool(_STOPS.search(reading) or _CLAUSE.search(reading) or not _PHRASE.search(reading))


def _subject(words: Sequence[Word], start: int) -> tuple[list[int], str] | None:
    """The bare nouns heading the subject that starts at `start` (the first, and nouns
    coordinated with it: "Fiebre alta y tos", "Fiebre, tos y dolor"), and the number of the
    finite verb that ends the phrase; None where the phrase meets no finite verb of its own
    clause (a heading, a list item, a vocative), or does not start with a bare noun."""
    if not _bare_noun(words, start):
        return None
    heads, relatives, depth, previous = [start], 0, 0, start
    # Whether only adjectives (and asides) stand between the last head and here; whether
    # a coordinator or a list's comma has just followed them; whether a list joined by
    # commas still waits for its "y" (without one, "Padres, niños …" is no list), and
    # whether a comma came since the last head (then a head must follow). Only a
    # sentence's first noun starts a list: after an opener's comma, "…, pantallas,
    # teclados y máquinas utilizaron" is the end of a list, not a subject.
    adjacent, coordinated, listing, comma = True, False, False, False
    for j in _tokens(words, start + 1):
        reading = _reading(words[j])
        if "<lpar>" in reading:
            depth += 1
            continue
        if "<rpar>" in reading and depth:
            depth -= 1
            continue
        if _unknown(words[j]):
            previous = j
        if depth or _unknown(words[j]):
            continue  # "(CoVs)", "(n = 20)": an aside; "con SARS-CoV-2": a name
        if "<cm>" in reading and adjacent and words[start].first and _listed(words, j):
            coordinated = comma = True  # "Fiebre, tos y …", "Fiebre, tos, y …"
            continue
        if verb := _FINITE.search(reading):
            if _NO_VERB_AFTER.search(_reading(words[previous])) or listing:
                return None
            if not relatives:
                return heads, verb.group(1)
            relatives -= 1  # the verb of "que tienen fiebre"
        elif _ends(words, j, reading):
            return None
        elif _RELATIVE.search(reading):
            relatives += 1
        previous = j
        if coordinated and _bare_noun(words, j):
            heads.append(j)
            listing = "<cm>" in _reading(words[_previous(words, j)])
            adjacent, coordinated, comma = True, False, False
            continue
        if comma and "<cnjcoo>" not in reading:
            return None  # "…, e incluso …": no list of bare nouns
        coordinated = adjacent and "<cnjcoo>" in reading
        adjacent = adjacent and ("<adj>" in reading or coordinated)
    return None


def _listed(words: Sequence[Word], comma: int) -> bool:
    """Whether a comma goes on with a list: a coordinator or a bare noun follows it."""
    following = _next(words, comma)
    return following is not None and (
        "<cnjcoo>" in _reading(words[following]) or _bare_noun(words, following)
    )


def _previous(words: Sequence[Word], i: int) -> int:
    return next((j for j in range(i - 1, -1, -1) if words[j].reading is not None), i)
