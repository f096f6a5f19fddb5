"""Machine drafts worth a translator's time: the engine's text made to follow the glossary and
the target language's conventions (pipeline/languages/data/<lang>/), the same way for every engine.

Before the engine (`prepare`):
- glossary terms: approved and do-not-translate terms first, then proposed ones in the
  words left (so a longer proposed entry never blocks an approved one); forbidden never.
  A noun term goes in as a stand-in noun of its target's gender and number (the engine
  makes articles and adjectives agree with "guitarras", swapped for "plaquetas" after);
  any other term, and a noun no stand-in can carry, as a placeholder ⟦T1⟧;
- times ("10 AM" → "10 a. m."), dates ("15 March 2020" → "15 de marzo de 2020"), units
  after a number (mL, mg) and street addresses as placeholders, written back as the
  language writes them or as they were.
Words the engine did not know (pipeline.translate.unknown): segments with them are sent
again with each as a stand-in, a guessed cognate or a name, so the sentence is built
around it.
Straight from the engine: number compounds it glued into one word split again
(pipeline.translate.compounds: "fiebrede5 días" → "fiebre de 5 días").
After it (`finish`): engine marks removed (an unknown word is guessed or stays as
written, and is listed in the unit's note), terms and kept text put back, the register
rewrite (usted, pipeline.translate.morph), opening ¿ and ¡, and spacing tidied (no
space before a comma or stop the English has none before).

Measured with benchmarks/mt_eval.py: stand-ins against placeholders for nouns.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from pipeline.engines import Engine, EngineError
from pipeline.glossary import Glossary, Status, TermMatch, find_terms
from pipeline.translate import compounds, protect, unknown
from pipeline.translate.cognates import FORMS, Guess
from pipeline.translate.conventions import Conventions
from pipeline.translate.protect import Slot

#: Bump when the draft path changes what drafts say: every machine draft is then redone.
VERSION = 11
#: Notes a draft gives its unit start with these, so they are kept beside glossary notes.
UNKNOWN_NOTE = "not known to the engine, kept as written: "
GUESSED_NOTE = "not known to the engine, guessed from the English (check): "
PROPOSED_NOTE = "proposed glossary terms used (not yet approved): "
KEPT_NOTE = "kept as written (name, address or publisher block)"
DRAFT_NOTES = (UNKNOWN_NOTE, GUESSED_NOTE, PROPOSED_NOTE, KEPT_NOTE)

#: An unknown first word, then a capitalised word (not an acronym).
_FALSE_START = re.compile(r"(\W*\*\w[\w'\u2019-]*\s+)([^\W\d_])(?=[^\W\d_]*[a-záéíóúñü])")
#: A form of "be" (and an adverb) right before a word, or a question's "be" and its
#: subject ("Is your child still …"): an -ing word there is a verb.
_PROGRESSIVE = re.compile(
    r"(?:\b(?:am|is|are|was|were|be|been|being|\w+['\u2019](?:s|re))"
    r"|^\W*(?:is|are|was|were)\s+(?:your|his|her|my|the|their|our)\s+\w+)"
    r"(?:\s+(?:not|still|also))?\s+$",
    re.IGNORECASE,
)
#: A lower-case word and the same word again right after it ("en en").
_TWICE = re.compile(r"\b([^\W\d_A-Z][^\W\d_]*)\s+\1\b")
#: A placeholder and the first letter of the word after it.
_AFTER_TOKEN = re.compile(r"(⟦[TP]\d+⟧)\s+[(\"'\u201c\u00ab]?([^\W\d_])")
#: "i" for the pronoun, as transcripts and messages write it ("i think i'm sick"): the
#: engine knows only "I". Not a list marker or numeral ("i.", "(i)", "i)").
_LOWER_I = re.compile(r"(?<![\w'\u2019.(-])i(?=\s|['\u2019](?:m|ve|d|ll)\b|[,;!?]|$)")
_TIME = re.compile(r"\b(\d{1,2}(?:[:.]\d{2})?)\s?([ap])\.?\s?m\.?(?!\w)", re.IGNORECASE)
#: A space before a comma, stop or closing mark that ends a word's phrase.
_LOOSE_MARK = re.compile(r"(?<=\w)\s+(?=[.,;:!?](?:\s|$))")
#: What may stand before a sentence's first word: spaces, quotes, brackets, dashes.
_QUESTION_START = re.compile("^([\\s\"'\u201c\u2018(\\[\u00ab\u2014\u2013-]*)")
#: Between sentences: after an end mark and a space (not after "a." of "a. m.", nor
#: after an abbreviation's full stop before a lower-case word: "2 pulg. de largo"), or
#: between "?" or "!" and a capital with no space at all ("…severa?Matriculando").
_SENTENCE = re.compile(
    r"(?<!\b\w\.)(?:(?<=\.)(?=\s+[^\sa-záéíóúñü])|(?<=[!?:;]))\s+|(?<=[?!])(?=[A-ZÁÉÍÓÚÑ])"
)
STRONG = frozenset({Status.APPROVED, Status.DO_NOT_TRANSLATE})


@dataclass
class Prepared:
    """An English segment as the engine gets it, and what to put back afterwards."""

    text: str
    #: The target language, whose profile says how glossary plurals are formed.
    lang: str = ""
    slots: list[Slot] = field(default_factory=list)
    #: Per stand-in: its target forms → what each becomes after the engine ("guitarras"
    #: → "plaquetas").
    swaps: list[dict[str, str]] = field(default_factory=list)
    #: Placeholder → literal text (times, units, addresses).
    literals: dict[str, str] = field(default_factory=dict)
    proposed: list[str] = field(default_factory=list)
    #: Unknown words sent as stand-ins: guessed ("pandemic → pandemia"), kept as written.
    guessed: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Kept:
    """Text the engine never sees: written back as `text` ("10 a. m.", "mL", "por favor")."""

    text: str
    #: A phrase of `[phrases]`: the word after it starts an instruction ("please call").
    phrase: bool = False
    #: English the engine gets in its place ("versus" → "vs."), not kept from it.
    engine: bool = False


@dataclass(frozen=True)
class Draft:
    target: str
    notes: tuple[str, ...]


def choose(glossary: Glossary, text: str) -> list[TermMatch]:
    """The terms to apply: approved and do-not-translate first, proposed in the rest."""
    strong = find_terms(glossary, text, STRONG)
    masked = list(text)
    for match in strong:
        masked[match.start : match.end] = "\0" * (match.end - match.start)
    weak = find_terms(glossary, "".join(masked), {Status.PROPOSED})
    return sorted(strong + weak, key=lambda m: m.start)


def prepare(
    text: str,
    glossary: Glossary | None,
    conventions: Conventions | None,
    *,
    standins: bool = True,
    unknowns: Mapping[str, Guess] | None = None,
) -> Prepared:
    """The segment for the engine (see the module docstring); `unknowns` are words the
    engine did not know, to send as stand-ins (pipeline.translate.unknown)."""
    text = _LOWER_I.sub("I", text)
    spans: list[tuple[int, int, Kept | Slot | Guess]] = []
    if conventions is not None:
        spans += _kept(text, conventions)
    for match in choose(glossary, text) if glossary else []:
        if _PROGRESSIVE.search(text[: match.start]) and match.text.lower().endswith("ing"):
            continue  # "He is vomiting": a verb there, not the noun term ("Es vómitos")
        if all(match.end <= s or match.start >= e for s, e, _ in spans):
            spans.append((match.start, match.end, Slot("", match.term, match.text)))
    for word, guess in (unknowns or {}).items():
        for found in re.finditer(rf"(?<![\w'\u2019-]){re.escape(word)}(?![\w'\u2019-])", text):
            spans = [s for s in spans if not _unit_of(s, found, conventions)]
            if all(found.end() <= s or found.start() >= e for s, e, _ in spans):
                spans.append((found.start(), found.end(), guess))
    spans.sort(key=lambda span: span[0])
    prepared = Prepared("", glossary.target_lang if glossary else "")
    pieces, position, used = [], 0, {w.lower() for w in re.findall(r"\w+", text)}
    for start, end, what in spans:
        if start < position:
            continue
        number = len(prepared.slots) + len(prepared.literals) + 1
        token = f"⟦T{number}⟧"
        if isinstance(what, Guess):
            piece = _unknown(prepared, what, conventions, used)
        elif isinstance(what, Kept) and what.engine:
            piece = what.text
        elif isinstance(what, Kept):
            # A phrase's placeholder says so: the engine reads the word after it as the
            # start of an instruction ("⟦P1⟧ call the clinic").
            token = f"⟦P{number}⟧" if what.phrase else token
            prepared.literals[token] = what.text
            piece = token
        else:
            slot = Slot(token, what.term, what.found)
            prepared.slots.append(slot)
            if what.term.status is Status.PROPOSED:
                prepared.proposed.append(
                    f"{what.term.source} → {protect.rendering(slot, prepared.lang)}"
                )
            standin = _standin(slot, conventions, used, prepared.lang) if standins else None
            if standin is None:
                piece = token
            else:
                english, swap = standin
                used.add(english.lower())
                prepared.swaps.append(swap)
                # A capital word's stand-in keeps its capital; an acronym's does not: "the
                # ER" is "la sala de emergencias".
                capital = what.found[:1].isupper() and not what.found.isupper()
                piece = english.capitalize() if capital else english
        pieces += [text[position:start], piece]
        position = end
    pieces.append(text[position:])
    prepared.text = "".join(pieces)
    return prepared


def _unit_of(
    span: tuple[int, int, Kept | Slot | Guess], name: re.Match[str], conventions: Conventions | None
) -> bool:
    """Whether `span` is a unit kept after the digit that ends a name sent as a stand-in
    ("SARS-CoV-2 in animals"): with the name gone there is no number for it to follow."""
    start, end, what = span
    return (
        isinstance(what, Kept)
        and conventions is not None
        and name.group()[-1:].isdigit()
        and not name.string[name.end() : start].strip()
        and name.string[start:end] in conventions.units
    )


def translate(
    texts: Sequence[str],
    engine: Engine,
    glossary: Glossary | None,
    conventions: Conventions | None,
    *,
    standins: bool = True,
    morphology: bool = False,
) -> list[Draft | None]:
    """Drafts of `texts` (None where the engine gave nothing), in one engine call; again
    for the segments where a stand-in went missing (then with placeholders), and for
    those with words the engine did not know (`_again_with_unknown`). Glossary nouns go
    in as stand-ins; without them as placeholders, and with `morphology` the words around
    a placeholder are made to agree afterwards (`_agreement`: measured, not the default)."""
    prepared = [prepare(t, glossary, conventions, standins=standins) for t in texts]
    raw = _ask(engine, prepared, conventions)
    lost = [n for n, (p, r) in enumerate(zip(prepared, raw, strict=True)) if not _carried(p, r)]
    if lost:
        again = [prepare(texts[n], glossary, conventions, standins=False) for n in lost]
        for n, p, r in zip(lost, again, _ask(engine, again, conventions), strict=True):
            prepared[n], raw[n] = p, r
    if morphology and not standins and conventions is not None and conventions.register:
        _agreement(prepared, raw, conventions)
    guesses = unknown.guesses(raw, conventions)
    if standins and conventions is not None:
        _again_with_unknown(
            texts,
            prepared,
            raw,
            engine,
            glossary=glossary,
            conventions=conventions,
            guesses=guesses,
        )
    drafts = [finish(p, r, conventions, guesses) for p, r in zip(prepared, raw, strict=True)]
    if conventions is not None and conventions.register:
        _register(texts, drafts, conventions)
    return [
        Draft(punctuate(_capital(d.target, text), conventions), d.notes)
        if d and d.target.strip()
        else None
        for d, text in zip(drafts, texts, strict=True)
    ]


def _ask(
    engine: Engine, prepared: Sequence[Prepared], conventions: Conventions | None
) -> list[str]:
    """The engine's text of each prepared segment, with the number compounds it glued
    into one word split again (pipeline.translate.compounds)."""
    raw = engine.translate([p.text for p in prepared])
    return [compounds.split(r, p.text, conventions) for p, r in zip(prepared, raw, strict=True)]


def _again_with_unknown(
    texts: Sequence[str],
    prepared: list[Prepared],
    raw: list[str],
    engine: Engine,
    *,
    glossary: Glossary | None,
    conventions: Conventions,
    guesses: Mapping[str, Guess],
) -> None:
    """Segments with words the engine did not know, asked again with those words as
    stand-ins (pipeline.translate.unknown); kept where every stand-in came back."""
    kept = unknown.nouns(raw, guesses, conventions)
    words = unknown.tagged(
        {n: t for n, t in enumerate(texts) if unknown.marked(raw[n])}, conventions
    )
    plans = {
        n: unknown.plan(texts[n], raw[n], guesses, conventions, words=words.get(n, ()), kept=kept)
        for n in range(len(texts))
    }
    asked = [n for n, chosen in plans.items() if chosen]
    if not asked:
        return
    again = [prepare(texts[n], glossary, conventions, unknowns=plans[n]) for n in asked]
    for n, p, r in zip(asked, again, _ask(engine, again, conventions), strict=True):
        if _carried(p, r):
            prepared[n], raw[n] = p, r


def _unknown(
    prepared: Prepared, guess: Guess, conventions: Conventions | None, used: set[str]
) -> str:
    """The stand-in for a word the engine did not know, or the word where none is left."""
    found = unknown.standin(guess, conventions, used) if conventions else None
    if found is None:
        return guess.english
    english, swap = found
    used.add(english.lower())
    prepared.swaps.append(swap)
    if unknown.is_guessed(guess):
        prepared.guessed.append(f"{guess.english} → {guess.target}")
    else:
        prepared.unknown.append(guess.english)
    return english.capitalize() if guess.english[:1].isupper() else english


def _capital(target: str, source: str) -> str:
    """A draft starts with a capital where the English does ("Por favor, llame …")."""
    if source[:1].isupper() and target[:1].islower():
        return target[0].upper() + target[1:]
    return target


def finish(
    prepared: Prepared,
    raw: str,
    conventions: Conventions | None,
    guesses: Mapping[str, Guess] | None = None,
) -> Draft:
    """The engine's text without marks, with terms, guessed words and kept text back
    (before register)."""
    guesses = guesses or {}
    marked = unknown.marked(raw)
    kept = prepared.unknown + [word for word in marked if word not in guesses]
    guessed = prepared.guessed + [f"{w} → {guesses[w].target}" for w in marked if w in guesses]
    text = _no_false_start(_no_capital_after_tokens(raw, prepared.text), prepared.text)
    text = unknown.MARK.sub(lambda m: _guessed(m, guesses), text)
    for swap in prepared.swaps:
        text = _swap(text, swap)
    protected = protect.Protected(prepared.text, tuple(prepared.slots), prepared.lang)
    restored, _ = protect.restore(text, protected)
    for token, literal in prepared.literals.items():
        restored = restored.replace(token, literal)
    if prepared.literals and conventions is not None:
        restored = _contracted(restored, conventions.contractions)
    notes = []
    if kept:
        notes.append(UNKNOWN_NOTE + ", ".join(dict.fromkeys(kept)))
    if guessed:
        notes.append(GUESSED_NOTE + "; ".join(dict.fromkeys(guessed)))
    if prepared.proposed:
        notes.append(PROPOSED_NOTE + "; ".join(dict.fromkeys(prepared.proposed)))
    return Draft(_tidy(" ".join(restored.split()), prepared.text), tuple(notes))


def _contracted(text: str, contractions: Mapping[str, str]) -> str:
    """`text` with the contractions the language always makes ("a diferencia de el virus"
    → "a diferencia del virus"; "de El Salvador", a name's capital, stays)."""
    for words, one in contractions.items():
        first = f"[{words[:1].upper()}{words[:1].lower()}]"
        found = re.compile(rf"(?<!\w)({first}){re.escape(words[1:])}(?!\w)")
        text = found.sub(_capitalised(one), text)
    return text


def _capitalised(one: str) -> Callable[[re.Match[str]], str]:
    """`one`, with a capital where the match starts with one."""
    return lambda m: (one[:1].upper() if m.group(1).isupper() else one[:1]) + one[1:]


def _tidy(text: str, english: str) -> str:
    """Without the space Apertium leaves before a comma or full stop after some phrases
    ("una cita larga .", "Era una fiebre , y"), where the English has none there; and a
    word the engine wrote twice in a row written once ("given at home": "dados en en
    casa"), where the English has no word twice in a row."""
    text = text if _LOOSE_MARK.search(english) else _LOOSE_MARK.sub("", text)
    return text if _TWICE.search(english) else _TWICE.sub(r"\1", text)


def _no_false_start(raw: str, english: str) -> str:
    """Apertium starts a new sentence after an unknown first word ("*decreased Plaqueta y
    …"): the next word loses that capital where the English's second word has none."""
    found = _FALSE_START.match(raw)
    words = re.findall(r"\w+", english)
    if found is None or len(words) < 2 or not words[1].islower():
        return raw
    return raw[: found.start(2)] + found.group(2).lower() + raw[found.end(2) :]


def _no_capital_after_tokens(raw: str, english: str) -> str:
    """Apertium starts a sentence after a placeholder that opens one ("⟦T1⟧ honey." gives
    "⟦T1⟧ Miel." for "Never give your baby honey."): the word after a placeholder, or
    after the bracket or quote that follows it ("⟦P1⟧ (Llamar 911)"), keeps the lower
    case the English gives it."""
    for found in _AFTER_TOKEN.finditer(english):
        if found.group(2).islower():
            token = re.escape(found.group(1))
            raw = re.sub(
                rf"({token}\s+[(\"'\u201c\u00ab]?)([^\W\d_])(?=[^\W\d_]*[a-záéíóúñü])",
                lambda m: m.group(1) + m.group(2).lower(),
                raw,
                count=1,
            )
    return raw


def _guessed(mark: re.Match[str], guesses: Mapping[str, Guess]) -> str:
    """A marked word: its guess where there is one ("*pandemic" → "pandemia"), else itself."""
    word = mark.group(2)
    guess = guesses.get(word) if mark.group(1) == "*" else None
    if guess is None:
        return word
    return guess.target[:1].upper() + guess.target[1:] if word[:1].isupper() else guess.target


def punctuate(text: str, conventions: Conventions | None) -> str:
    """Opening marks (¿ ¡) at the start of each sentence that ends with the closing one."""
    if conventions is None or not conventions.openers:
        return text
    out = []
    for sentence, space in _sentences(text, conventions.abbreviations):
        stripped = sentence.rstrip("\"'\u201d\u2019)\u00bb]")
        marked = sentence
        for closing, opening in conventions.openers.items():
            if stripped.endswith(closing) and opening not in sentence:
                marked = _QUESTION_START.sub(rf"\g<1>{opening}", marked, count=1)
        out.append(marked + space)
    return "".join(out)


def _sentences(text: str, abbreviations: Sequence[str]) -> list[tuple[str, str]]:
    """`text`'s sentences, each with the space after it; a full stop of an abbreviation
    ends none ("aprox. 5 mL", "Smith et al. Encontró", "p. ej. Tylenol")."""
    pieces = _SENTENCE.split(text)
    spaces = [*_SENTENCE.findall(text), ""]
    sentences: list[tuple[str, str]] = []
    for piece, space in zip(pieces, spaces, strict=True):
        if sentences and any(_abbreviated(sentences[-1][0], a) for a in abbreviations):
            sentences[-1] = (sentences[-1][0] + sentences[-1][1] + piece, space)
        else:
            sentences.append((piece, space))
    return sentences


def _abbreviated(sentence: str, abbreviation: str) -> bool:
    head = sentence[: -len(abbreviation)]
    return sentence.lower().endswith(abbreviation.lower()) and not head[-1:].isalnum()


def unknown_words(notes: Sequence[str]) -> list[str]:
    """The words a draft's notes say the engine did not know."""
    return [
        word
        for note in notes
        if note.startswith(UNKNOWN_NOTE)
        for word in note.removeprefix(UNKNOWN_NOTE).split(", ")
    ]


def _kept(text: str, conventions: Conventions) -> list[tuple[int, int, Kept]]:
    spans = _dates(text, conventions)
    spans += [
        (m.start(), m.end(), Kept(f"{m.group(1)} {conventions.times[m.group(2).lower() + 'm']}"))
        for m in _TIME.finditer(text)
        if m.group(2).lower() + "m" in conventions.times
    ]
    spans += _units(text, conventions)
    if conventions.address is not None:
        spans += [(m.start(), m.end(), Kept(m.group())) for m in conventions.address.finditer(text)]
    for phrase in conventions.phrases:
        spans += [
            (m.start(), m.end(), Kept(m.expand(phrase.text), phrase.opens, phrase.engine))
            for m in phrase.pattern.finditer(text)
        ]
    taken: list[tuple[int, int, Kept]] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if all(span[1] <= s or span[0] >= e for s, e, _ in taken):
            taken.append(span)
    return taken


#: A number standing free ("5", "2.5", "1/2", "½", the 6 of "4-6"), not a code's digits
#: ("CoV-2", "COVID-19", "PCV13"): only after one is a unit a unit.
_FREE_NUMBER = r"(?:(?<![\w.,/-])|(?<=\d[-\u2013]))(?:\d+(?:[.,]\d+)*(?:/\d+)?|\d*[½¼¾⅓⅔⅛])"


def _units(text: str, conventions: Conventions) -> list[tuple[int, int, Kept]]:
    """Units after a free-standing number ("5 mL", "10 mg/kg"), kept as written or as the
    language writes them (`written_units`); a unit that is also an English word ("in")
    only where its `word_units` context follows."""
    if not conventions.units:
        return []
    unit = "|".join(re.escape(u) for u in sorted(conventions.units, key=len, reverse=True))
    found = re.finditer(rf"{_FREE_NUMBER}\s?((?:{unit})(?:/(?:{unit}))?)(?![\w/])", text)
    return [
        (m.start(1), m.end(1), Kept(_written(m.group(1), text[m.end(1) :], conventions)))
        for m in found
        if (after := conventions.word_units.get(m.group(1))) is None or after.match(text, m.end(1))
    ]


def _written(unit: str, rest: str, conventions: Conventions) -> str:
    """A unit as the language writes it ("in" → "pulg."), without a second full stop
    where the sentence ends after it."""
    written = conventions.written_units.get(unit, unit)
    return written[:-1] if written.endswith(".") and rest.startswith(".") else written


#: English dates: "15 March 2020", "March 15, 2020", "15 March", "March 15", "March 2020";
#: "on" before one with a day. Month names only with a number beside them ("May" is a verb).
_MONTH = "|".join(calendar.month_name[1:])
_DATES = (
    re.compile(rf"(?:\b(?P<on>[Oo]n) )?\b(?P<d>\d{{1,2}}) (?P<m>{_MONTH}),? (?P<y>\d{{4}})\b"),
    re.compile(
        rf"(?:\b(?P<on>[Oo]n) )?\b(?P<m>{_MONTH}) (?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
        rf"(?:,? (?P<y>\d{{4}}))?\b(?![:.,]?\d)"
    ),
    re.compile(rf"(?:\b(?P<on>[Oo]n) )?\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?P<m>{_MONTH})\b"),
    re.compile(rf"\b(?P<m>{_MONTH}),? (?P<y>\d{{4}})\b"),
)


def _dates(text: str, conventions: Conventions) -> list[tuple[int, int, Kept]]:
    """English dates, written as the language writes them (conventions.toml [dates])."""
    dates = conventions.dates
    if not dates:
        return []
    spans = []
    for pattern in _DATES:
        for found in pattern.finditer(text):
            parts = found.groupdict()
            month = dates["months"][list(calendar.month_name).index(parts["m"]) - 1]
            key = ("day_" if parts.get("d") else "") + ("month_year" if parts.get("y") else "month")
            written = str(dates[key]).format(day=parts.get("d"), month=month, year=parts.get("y"))
            if parts.get("on") and dates.get("on"):
                on = str(dates["on"])
                written = f"{on.capitalize() if parts['on'][0].isupper() else on} {written}"
            spans.append((found.start(), found.end(), Kept(written)))
    return spans


def _standin(
    slot: Slot, conventions: Conventions | None, used: set[str], lang: str
) -> tuple[str, dict[str, str]] | None:
    """An English word the engine knows, not in the sentence (`used`), to send in a
    glossary term's place, and its target forms → the term's: a noun of the term's gender
    and number; for an adjective, one whose four forms stand for the term's, so the engine
    puts it where the language does and makes it agree ("Pregnant women" → "Las mujeres
    moradas" → "Las mujeres embarazadas"; as a placeholder it stayed in front: "Embarazada
    las mujeres")."""
    if conventions is None or slot.term.status is Status.DO_NOT_TRANSLATE:
        return None
    if slot.term.pos == "adj":
        forms = protect.adjective_forms(slot.term, lang, conventions.cognates)
        return next(
            (
                (english, {standin[key]: forms[key] for key in FORMS})
                for english, standin in conventions.adjective_standins
                if english.lower() not in used
            ),
            None,
        )
    feature = _feature(slot, conventions)
    choices = conventions.standins.get(feature, ()) if feature else ()
    return next(
        (
            (english, {spanish: protect.rendering(slot, lang)})
            for english, spanish in choices
            if english.lower() not in used
        ),
        None,
    )


def _feature(slot: Slot, conventions: Conventions | None) -> str | None:
    """A glossary noun's gender and number as it stands in the sentence ("f.pl")."""
    term = slot.term
    if conventions is None or term.pos != "noun" or term.status is Status.DO_NOT_TRANSLATE:
        return None
    plural = term.number == "pl" or (term.number != "invariable" and protect.source_plural(slot))
    if term.number == "invariable" and protect.source_plural(slot):
        plural = True
    gender = term.gender or conventions.gender(term.target)
    return f"{gender}.{'pl' if plural else 'sg'}"


def _agreement(prepared: Sequence[Prepared], raw: list[str], conventions: Conventions) -> None:
    """Agreement with glossary nouns sent as placeholders by the target's morphology
    (pipeline.translate.morph.Register.agree), in place; measured against stand-ins."""
    from pipeline.translate.morph import Register  # noqa: PLC0415 (starts processes)

    features = [
        {s.token: f for s in p.slots if (f := _feature(s, conventions)) is not None}
        for p in prepared
    ]
    try:
        register = Register(conventions)
    except EngineError:
        return
    try:
        raw[:] = register.agree(raw, features)
    finally:
        register.close()


def _carried(prepared: Prepared, raw: str) -> bool:
    """Whether every stand-in came back once, in one of its forms."""
    return all(len(_forms(swap).findall(raw)) == 1 for swap in prepared.swaps)


def _forms(swap: Mapping[str, str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(f) for f in sorted(swap, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _swap(text: str, swap: Mapping[str, str]) -> str:
    """The stand-in's form in `text` replaced by what it stands for, with a capital where
    the engine gave a lower-case form one (a name's stays as written)."""
    lower = {form.lower(): (form, rendering) for form, rendering in swap.items()}

    def replacement(match: re.Match[str]) -> str:
        form, rendering = lower[match.group().lower()]
        upper = match.group()[:1].isupper() and not form[:1].isupper()
        return rendering[:1].upper() + rendering[1:] if upper else rendering

    return _forms(swap).sub(replacement, text, count=1)


def _register(texts: Sequence[str], drafts: list[Draft], conventions: Conventions) -> None:
    """The register rewrite in place; skipped (drafts as they are) without Apertium's data."""
    from pipeline.translate.morph import Register  # noqa: PLC0415 (starts processes)

    try:
        register = Register(conventions)
    except EngineError:
        return
    try:
        rewritten = register.apply(texts, [d.target for d in drafts])
    finally:
        register.close()
    for n, text in enumerate(rewritten):
        drafts[n] = Draft(" ".join(text.split()), drafts[n].notes)
