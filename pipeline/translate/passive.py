"""The English passive and relative clauses as the target language writes them.

Apertium renders English "was/were + participle" with the wrong auxiliary ("estuvo
informada": estar, a state), "it is known that" word for word ("Está sabido que"), "X
was given Y" as if Spanish had that passive ("Su niño será dado una inyección"), and
relatives with pronouns of their own ("insuficiencia renal, el cual es"; "el virus
aquello causó"). Spanish writes the passive with the reflexive "se" ("se informó", "se
sabe que", "se puede tomar"), or with ser where an agent follows ("fue aprobado por la
FDA") or the subject is a person (with one, "se" reads as a reflexive: "los pacientes
se examinaron", examined themselves). These rules rewrite the tagged draft
(pipeline.translate.morph) as `conventions.toml [register.passive]` says:

- an auxiliary in a tense where the engine's auxiliary + participle is the English
  passive ("estuvo informada", "será dada"; `auxiliaries`; the present of a procedure's
  verb, `procedures`: "la sangre está sacada"), "haber" + "sido" + participle ("han sido
  informados") and a modal + "ser" + participle ("puede ser tomado") → "se" + the verb
  in the auxiliary's tense, person and number ("se informó", "se dará", "se saca", "se
  han informado", "se puede tomar"); with an agent after the participle, a person
  before it, another clitic before the auxiliary or no subject at all, the estar of
  the first kind becomes ser and the rest is left;
- an auxiliary with no subject before it in its clause + a masculine singular participle
  + the complementiser ("Está sabido que", "Ha sido informado que": English "it") → "se"
  + the verb in the third person singular ("Se sabe que", "Se ha informado que");
- a verb of knowing or saying + the preposition + an infinitive (`raising`: "X estuvo
  encontrado para ser Y") → "se encontró que X era Y";
- a verb of giving or telling + an object (`dative`: "Su niño será dado una inyección")
  → "A su niño se le dará una inyección";
- a relative right after a comma (`relatives`: "el cual", "los cuales") → the plain one;
  a pronoun for "that" or "who" between a noun phrase and its verb (`restrictive`:
  "aquello", "quién") → the relative, its verb in the antecedent's plural.

The present "está + participle" of other verbs is left: it is as often a state ("está
basado en", "están expuestos").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.translate.morph import Word  # morph runs these rules: no import cycle

_PARTICIPLE = re.compile(r"^([^<]+)<vblex><pp>")
_TENSE = re.compile(r"<(?:vblex|vbser|vbhaver|vbmod)>(<[a-z]+>(?:<p\d><(?:sg|pl)>)?)")
#: What ends a noun phrase: a noun, a name, an adjective, a number, a closing bracket.
_NOUN_END = re.compile(r"<(?:n|np|adj|num|rpar)>|<prn><tn>")
_FINITE = re.compile(r"<(?:vblex|vbser|vbhaver|vbmod)><(?:pri|ifi|pii|fti|cni|prs|pis)>")
#: Apertium's reading of the plain relative ("que").
_RELATIVE = "<rel><an><mf><sp>"
#: Where a clause starts: the sentence, a comma or colon, a bracket, a conjunction.
_BOUNDARY = re.compile(r"<(?:sent|cm|lpar|cnjsub|cnjcoo|cnjadv)>|<rel>")


@dataclass(frozen=True)
class PassiveRules:
    """`[register.passive]` of a language's conventions."""

    #: Auxiliary lemma → the tenses in which it is the English passive.
    auxiliaries: Mapping[str, frozenset[str]]
    #: Auxiliary lemma → the tenses in which it is the English "it is/was + participle + that".
    impersonal: Mapping[str, frozenset[str]]
    #: The auxiliary of the perfect ("haber") and the participle in "ha sido" ("ser").
    perfect: str
    passive: str
    modals: frozenset[str]
    reflexive: str
    #: The preposition that brings in the agent ("por").
    agent: str
    #: The complementiser after an impersonal participle ("que").
    complementiser: str
    #: Lemmas of nouns, pronouns and relatives that name persons.
    persons: frozenset[str]
    #: Relative lemma → the plain relative to write after a comma.
    relatives: Mapping[str, str]
    #: Verbs of procedures, and the auxiliary's tenses in which they are the English
    #: passive as well ("está sacada": "is removed", a step).
    procedures: frozenset[str] = frozenset()
    procedure_tenses: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: Verbs whose participle names a state, with estar as the engine wrote it.
    states: frozenset[str] = frozenset()
    #: Pronoun lemma → the relative it stands for between a noun phrase and a verb.
    restrictive: Mapping[str, str] = field(default_factory=dict)
    #: Verbs of knowing and saying whose passive takes an infinitive ("was found to be"),
    #: the preposition the engine puts before it ("para"), and the auxiliary's tense →
    #: the tense of the clause they take ("ifi" → "pii": "se encontró que era").
    raising: frozenset[str] = frozenset()
    infinitive: str = ""
    sequence: Mapping[str, str] = field(default_factory=dict)
    #: Verbs whose English passive has the indirect object as its subject ("X was given
    #: Y"), the dative pronoun by number ("le", "les"), the preposition before a person
    #: as the object ("a") and the articles it contracts with ("el" → "al").
    datives: frozenset[str] = frozenset()
    dative: Mapping[str, str] = field(default_factory=dict)
    personal_a: str = ""
    contracted: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, table: Mapping[str, Any]) -> PassiveRules | None:
        """The rules in a `[register.passive]` table, or None without one."""
        if not table:
            return None

        def tenses(key: str) -> dict[str, frozenset[str]]:
            return {str(k): frozenset(map(str, v)) for k, v in table.get(key, {}).items()}

        def strings(value: Mapping[str, Any]) -> dict[str, str]:
            return {str(k): str(v) for k, v in value.items()}

        raising, dative = table.get("raising", {}), table.get("dative", {})
        procedures = table.get("procedures", {})
        return cls(
            auxiliaries=tenses("auxiliaries"),
            impersonal=tenses("impersonal"),
            perfect=str(table.get("perfect", "")),
            passive=str(table.get("passive", "")),
            modals=frozenset(table.get("modals", ())),
            reflexive=str(table["reflexive"]),
            agent=str(table.get("agent", "")),
            complementiser=str(table.get("complementiser", "")),
            persons=frozenset(table.get("persons", ())),
            states=frozenset(table.get("states", ())),
            relatives=strings(table.get("relatives", {})),
            restrictive=strings(table.get("restrictive", {})),
            procedures=frozenset(procedures.get("verbs", ())),
            procedure_tenses={
                str(k): frozenset(map(str, v)) for k, v in procedures.get("tenses", {}).items()
            },
            raising=frozenset(raising.get("verbs", ())),
            infinitive=str(raising.get("preposition", "")),
            sequence=strings(raising.get("tenses", {})),
            datives=frozenset(dative.get("verbs", ())),
            dative=strings(dative.get("pronouns", {})),
            personal_a=str(dative.get("preposition", "")),
            contracted=strings(dative.get("contracted", {})),
        )


def rewrite(words: list[Word], rules: PassiveRules) -> list[Word]:
    """The words with the passives and relatives written as `rules` say (see the module
    docstring); what was rewritten before (Word.changed) is read as it now is."""
    out = list(words)
    for i in range(len(out)):
        if _reading(out[i]) is not None:
            _relative(out, i, rules)
            _passive(out, i, rules)
    return out


def _reading(word: Word) -> str | None:
    return word.changed or word.reading


def _lemma(word: Word) -> str:
    return (_reading(word) or "").split("<", 1)[0].lower()


def _next(words: list[Word], i: int) -> int | None:
    return next((j for j in range(i + 1, len(words)) if _reading(words[j])), None)


def _previous(words: list[Word], i: int) -> int | None:
    return next((j for j in range(i - 1, -1, -1) if _reading(words[j])), None)


def _relative(words: list[Word], i: int, rules: PassiveRules) -> None:
    """A relative after a comma (`rules.relatives`), or a pronoun the engine put for
    one between a noun phrase and its verb (`rules.restrictive`: "el coronavirus
    aquello causó", "los pacientes quién recuperó"), as the plain relative; read as one
    by the rules after it."""
    lemma, reading = _lemma(words[i]), _reading(words[i]) or ""
    before = _previous(words, i)
    after = _next(words, i)
    while after is not None and re.search(r"<adv>|<prn><pro>", _reading(words[after]) or ""):
        after = _next(words, after)  # "quien no fue", "que lo tomó"
    if before is None:
        return
    previous = _reading(words[before]) or ""
    plain = None
    if lemma in rules.relatives and "<rel>" in reading and "<cm>" in previous:
        plain = rules.relatives[lemma]
    elif (
        lemma in rules.restrictive
        and (words[before].reading is None or _NOUN_END.search(previous))
        and words[before].surface.strip() != ""
        and after is not None
        and _FINITE.search(_reading(words[after]) or "")
    ):
        plain = rules.restrictive[lemma]  # its verb agrees after (morph._relative_verbs)
    if plain:  # read on as a relative, a person's where it was "quién"
        words[i] = replace(words[i], surface=plain, reading=lemma + _RELATIVE, changed=None)


@dataclass(frozen=True)
class _Group:
    """An auxiliary (words[auxiliary]) and its participle: "simple" ("estuvo informado"),
    "perfect" ("ha sido informado", `between` is "sido") or "modal" ("puede ser tomado",
    `between` is "ser")."""

    kind: str
    auxiliary: int
    between: int | None
    participle: int
    lemma: str
    mood: str
    #: The auxiliary's person and number ("<p3><sg>").
    person: str


def _group(words: list[Word], i: int, rules: PassiveRules) -> _Group | None:
    reading = _reading(words[i]) or ""
    tense = _TENSE.search(reading)
    before = _previous(words, i)
    if tense is None or "+" in reading:
        return None
    if before is not None and _lemma(words[before]) == rules.reflexive:
        return None  # "se" is there already: never doubled
    mood, person = tense.group(1)[1:].split(">", 1)
    lemma, kind, between = _lemma(words[i]), "", None
    following = _next(words, i)
    if following is not None and _lemma(words[following]) == rules.passive:
        after = _reading(words[following]) or ""
        if lemma == rules.perfect and "<pp>" in after:
            kind, between = "perfect", following
        elif lemma in rules.modals and "<inf>" in after:
            kind, between = "modal", following
    elif mood in rules.auxiliaries.get(lemma, ()) or mood in rules.impersonal.get(lemma, ()):
        kind = "simple"
    participle = _next(words, between if between is not None else i)
    while participle is not None and "<adv>" in (_reading(words[participle]) or ""):
        participle = _next(words, participle)
    if not kind or participle is None or not _PARTICIPLE.match(_reading(words[participle]) or ""):
        return None
    if _lemma(words[participle]) in rules.states:
        return None  # "estuvo cansado": English "was tired", a state, not a passive
    return _Group(kind, i, between, participle, lemma, mood, person)


def _passive(words: list[Word], i: int, rules: PassiveRules) -> None:
    """The passive whose auxiliary is words[i], if it is one, rewritten in place."""
    group = _group(words, i, rules)
    if group is None:
        return
    person = group.person
    if _raised(words, group, rules) or _dative(words, group, rules):
        return
    if _impersonal(words, group, rules):
        person = "<p3><sg>"
    elif group.kind == "simple" and not _passive_tense(words, group, rules):
        return
    elif _personal(words, i, group.participle, rules):
        if group.kind == "simple" and group.lemma != rules.passive:
            ser = f"{rules.passive}<vbser><{group.mood}>{person}"
            words[i] = replace(words[i], changed=ser)
        return
    _reflexive(words, group, person, rules.reflexive)


def _passive_tense(words: list[Word], group: _Group, rules: PassiveRules) -> bool:
    """Whether the auxiliary's tense makes it the English passive: any verb in
    `rules.auxiliaries`' tenses, a verb of a procedure in `rules.procedure_tenses`' ("la
    sangre está sacada de una vena": the present of a step, not a state)."""
    if group.mood in rules.auxiliaries.get(group.lemma, ()):
        return True
    procedure = _lemma(words[group.participle]) in rules.procedures
    return procedure and group.mood in rules.procedure_tenses.get(group.lemma, ())


def _raised(words: list[Word], group: _Group, rules: PassiveRules) -> bool:
    """A verb of knowing or saying in the passive with an infinitive after it ("X estuvo
    encontrado para ser Y": English "X was found to be Y") as Spanish says it: "se
    encontró que X era Y". Its subject is moved after "que" and the infinitive takes the
    auxiliary's person and number in the tense `rules.sequence` gives. False (nothing
    done) where the subject is no plain noun phrase at the clause's start."""
    verb = _PARTICIPLE.match(_reading(words[group.participle]) or "")
    link = _next(words, group.participle)
    infinitive = _next(words, link) if link is not None else None
    tense = rules.sequence.get(group.mood)
    if (
        group.kind != "simple"
        or verb is None
        or verb.group(1).lower() not in rules.raising
        or tense is None
        or _next(words, group.auxiliary) != group.participle
        or link is None
        or infinitive is None
        or _lemma(words[link]) != rules.infinitive
        or "<inf>" not in (_reading(words[infinitive]) or "")
        or "+" in (_reading(words[infinitive]) or "")
    ):
        return False
    start = _subject(words, group.auxiliary)
    blank = words[group.auxiliary - 1]
    if start is None or blank.reading is not None or blank.surface != " ":
        return False
    capital = _front(words, start, rules.complementiser)
    words[group.auxiliary] = replace(
        words[group.auxiliary],
        changed=f"{verb.group(1).lower()}<vblex><{group.mood}><p3><sg>",
        before=_capital(rules.reflexive, capital) + " ",
        first=False,
    )
    reading = _reading(words[infinitive]) or ""
    words[infinitive] = replace(
        words[infinitive], changed=reading.replace("<inf>", f"<{tense}>{group.person}", 1)
    )
    _drop(words, group.participle)
    _drop(words, link)
    # The auxiliary, now first, and the blank after it before the subject: "se encontró
    # que X …"; the blank before the infinitive stays between them.
    words[start : group.auxiliary + 1] = [
        words[group.auxiliary],
        blank,
        *words[start : group.auxiliary - 1],
    ]
    return True


def _dative(words: list[Word], group: _Group, rules: PassiveRules) -> bool:
    """English "X was/will be given Y" (the engine: "X será dado Y"; Spanish has no
    passive of an indirect object) as "A X se le dará Y"; with no subject ("You will be
    given a gown": "Será dado una bata"), "Se le dará una bata". The verb agrees with
    its object, the pronoun with the English subject. False (nothing done) where the
    participle is no such verb, no object follows it or the subject is no plain noun
    phrase."""
    verb = _PARTICIPLE.match(_reading(words[group.participle]) or "")
    target = _next(words, group.participle)
    after = _reading(words[target]) if target is not None else None
    if (
        verb is None
        or verb.group(1).lower() not in rules.datives
        or target is None
        or after is None
        or not re.match(r"[^<]*<(?:det|num|n|adj)>", after)
        or "<prn>" in after
    ):
        return False
    start = _subject(words, group.auxiliary)
    before = _previous(words, group.auxiliary)
    while before is not None and "<adv>" in (_reading(words[before]) or ""):
        before = _previous(words, before)
    if start is None and before is not None and not _BOUNDARY.search(_reading(words[before]) or ""):
        return False
    if _agent_follows(words, target, rules):
        return False  # "X was given Y by Z": the ser passive, as with any agent
    number = re.search(r"<(sg|pl)>", group.person)
    pronoun = rules.dative.get(number.group(1) if number else "sg", "")
    capital = None
    if start is not None and _front(words, start, rules.personal_a, rules.contracted):
        first = words[start]  # the sentence's capital on "A", "Al"
        if first.before:
            words[start] = replace(first, before=_capital(first.before, True))
        else:
            words[start] = replace(first, surface=_capital(first.surface, True))
        capital = False
    person = f"<p3><{_number(words, target)}>"
    _reflexive(words, group, person, f"{rules.reflexive} {pronoun}", capital)
    return True


def _reflexive(
    words: list[Word], group: _Group, person: str, lead: str, capital: bool | None = None
) -> None:
    """The group as `lead` (the reflexive, "se le") + the verb: in the auxiliary's tense
    and `person` ("se informó"), or the auxiliary kept with the participle ("se han
    informado") or the infinitive ("se puede tomar") after it."""
    verb = _PARTICIPLE.match(_reading(words[group.participle]) or "")
    assert verb is not None
    made = {
        "simple": f"{verb.group(1)}<vblex><{group.mood}>{person}",
        "perfect": f"{verb.group(1)}<vblex><pp><m><sg>",
        "modal": f"{verb.group(1)}<vblex><inf>",
    }[group.kind]
    _lead(words, group.auxiliary, lead, capital)
    if group.between is None:
        words[group.auxiliary] = replace(words[group.auxiliary], changed=made)
        _drop(words, group.participle)
    else:
        words[group.participle] = replace(words[group.participle], changed=made)
        _drop(words, group.between)


def _agent_follows(words: list[Word], i: int, rules: PassiveRules) -> bool:
    """Whether the agent's preposition comes after words[i] in its clause."""
    for j in range(i, len(words)):
        reading = _reading(words[j]) or ""
        if _lemma(words[j]) == rules.agent:
            return True
        if re.search(r"<(?:sent|cm|cnjsub|cnjcoo|rel)>", reading):
            return False
    return False


def _number(words: list[Word], i: int) -> str:
    """The number of the noun phrase that starts at words[i] ("sg" or "pl"): its first
    word that has one, else plural after a numeral other than 1 ("dos dosis")."""
    numeral = False
    j: int | None = i
    while j is not None and re.match(r"[^<]*<(?:det|num|n|adj)>", _reading(words[j]) or ""):
        reading = _reading(words[j]) or ""
        if found := re.search(r"<(sg|pl)>", reading):
            return found.group(1)
        numeral = numeral or ("<num>" in reading and words[j].surface != "1")
        j = _next(words, j)
    return "pl" if numeral else "sg"


def _front(
    words: list[Word], start: int, word: str, contracted: Mapping[str, str] | None = None
) -> bool:
    """`word` put before the subject that starts at words[start] (contracted with an
    article where `contracted` says); whether the subject had a sentence's capital, which
    then goes to what is put before it."""
    first = words[start]
    capital = first.first and first.surface[:1].isupper()
    surface = first.surface
    if capital and first.reading and "<np>" not in first.reading and surface[1:2].islower():
        surface = surface[:1].lower() + surface[1:]
    if contracted and surface in contracted:
        surface, word = contracted[surface], ""
    lead = (word + " ") if word else ""
    words[start] = replace(first, surface=surface, before=lead + first.before, first=False)
    return capital


def _capital(text: str, capital: bool) -> str:
    return text[:1].upper() + text[1:] if capital else text


def _subject(words: list[Word], auxiliary: int) -> int | None:
    """Where the auxiliary's subject starts: the first word after the clause's start, if
    everything from there is a noun phrase (no verb, relative or preposition first)."""
    start = None
    for j in range(auxiliary - 1, -1, -1):
        reading = _reading(words[j])
        if reading is None:
            if re.match(r"\w", words[j].surface):
                start = j  # a name the analyser did not know
            elif words[j].surface.strip() and words[j].surface.strip() not in "()":
                return None
            continue
        if re.search(r"<(?:sent|cm|cnjsub|cnjadv)>", reading):
            break
        if re.search(r"<(?:rel|vblex|vbser|vbhaver|vbmod|vaux)>|<prn><pro>", reading):
            return None
        start = j
    if start is None or "<pr>" in (_reading(words[start]) or ""):
        return None
    return start


def _impersonal(words: list[Word], group: _Group, rules: PassiveRules) -> bool:
    """English "it" + passive + "that": nothing before the auxiliary in its clause, a
    masculine singular participle and the complementiser after it."""
    if group.kind == "modal" or (
        group.kind == "simple" and group.mood not in rules.impersonal.get(group.lemma, ())
    ):
        return False
    following = _next(words, group.participle)
    if following is None or _lemma(words[following]) != rules.complementiser:
        return False
    if "<m><sg>" not in (_reading(words[group.participle]) or ""):
        return False
    before = _previous(words, group.auxiliary)
    while before is not None and "<adv>" in (_reading(words[before]) or ""):
        before = _previous(words, before)
    return before is None or bool(_BOUNDARY.search(_reading(words[before]) or ""))


def _personal(words: list[Word], i: int, participle: int, rules: PassiveRules) -> bool:
    """Whether the passive keeps a personal form: an agent follows the participle, a
    clitic stands before the auxiliary, the clause has no subject before it or names a
    person there."""
    following = _next(words, participle)
    if following is not None and _lemma(words[following]) == rules.agent:
        return True
    j = _previous(words, i)
    while j is not None and "<adv>" in (_reading(words[j]) or ""):
        j = _previous(words, j)
    if j is not None and "<prn><pro>" in (_reading(words[j]) or ""):
        return True
    subject, depth = False, 0
    for j in range(i - 1, -1, -1):
        reading = _reading(words[j])
        if reading is None:
            # A word the analyser did not know is a name ("ACE2", "FDA").
            subject = subject or bool(re.match(r"\w", words[j].surface))
            continue
        depth += reading.count("<rpar>") - reading.count("<lpar>")
        if depth > 0 or "<lpar>" in reading:
            continue  # what is in brackets is read over: "una aguja (larga, delgada) está"
        if _lemma(words[j]) in rules.persons:
            return True
        if "<rel>" in reading:
            subject = True  # its antecedent is read on, before it
        elif _BOUNDARY.search(reading):
            break
        subject = subject or bool(re.search(r"<(?:n|np|prn)>", reading))
    return not subject


def _lead(words: list[Word], i: int, lead: str, capital: bool | None = None) -> None:
    """`lead` (the reflexive) put before words[i], with the capital the word had at a
    sentence's start, or as `capital` says (the word itself then in lower case)."""
    word = words[i]
    starts = word.first and word.surface[:1].isupper()
    capital = starts if capital is None else capital
    surface = word.surface[:1].lower() + word.surface[1:] if starts else word.surface
    words[i] = replace(
        word, surface=surface, before=word.before + _capital(lead, capital) + " ", first=False
    )


def _drop(words: list[Word], i: int) -> None:
    """words[i] left out, with the blank before it."""
    words[i] = replace(words[i], surface="", reading=None, changed=None, before="")
    if i > 0 and words[i - 1].reading is None and not words[i - 1].surface.strip():
        words[i - 1] = replace(words[i - 1], surface="")
