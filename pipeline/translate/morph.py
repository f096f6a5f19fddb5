"""The target language's register, by its morphology: Apertium's analyser, tagger and generator.

US patient materials in Spanish address the reader as usted; engines mix tú and Spain's
vosotros ("vuestro niño", "tendríais"). String replacement cannot fix verb forms, so each
draft is analysed and tagged (`lt-proc` + `apertium-tagger -p`, which keeps every word's
surface form), the readings are rewritten as `conventions.toml [register]` says, and only
the words that changed are generated again (`lt-proc -g`). The same pass runs on every
engine's output (Apertium's, Argos's), so all drafts follow one register.

Rewrites, on the tagger's readings (Apertium's tag set):
- second-person verbs → third-person singular, moods kept (tienes → tiene, tendríais →
  tendría; imperative dile → dígale, with its enclitics);
- an infinitive or, after an English "Do not", a verb starting a sentence → usted
  imperative ("Llamar a la clínica" → "Llame a la clínica", "No da" → "No dé"), with "a"
  before the object of verbs that need it ("Llame a la clínica", "Dígale a su médico");
  so does an infinitive that goes on with an instruction ("Beba líquidos y descanse";
  "Dos veces al día, dé 1 tableta");
- tuyo/vuestro → su/sus; tú, ti, vosotros → usted; te/os → se (reflexive) or le;
- lemmas to avoid (coger → tomar) in whatever form they came;
- "stop" + -ing as the language says it (`[register] cessation`: "para respirar", which
  reads "stops to breathe", → "deja de respirar");
- a generated form the generator spells against the rules respelled (`[register]
  respell`: "délo" → "delo");
- a bare noun heading a clause's subject given its article (`[register.articles]`:
  "Efectos secundarios pueden" → "Los efectos secundarios pueden";
  pipeline.translate.articles).

Both processes run as persistent null-flush pipes (pipeline.pipes): about a millisecond
a segment.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.engines import EngineError
from pipeline.engines.apertium import TIMEOUT, data_folder, decode, encode
from pipeline.engines.stream import UNIT
from pipeline.pipes import Pipe
from pipeline.translate import infinitives, passive
from pipeline.translate.articles import Articles
from pipeline.translate.conventions import Conventions

_VERB = re.compile(r"<(?:vblex|vbser|vbhaver|vbmod|vaux)>")
_P2 = re.compile(r"<p2><(?:sg|pl)>")
_ENCLITIC_P2 = re.compile(r"\+prpers<prn><enc><p2><mf><(?:sg|pl)>")
#: A sentence's first word that opens a condition or a time: si, cuando, hasta que, antes de.
_CONDITION = re.compile(r"^[^<]*<(?:cnjadv|pr)>|<adv><itg>")
_MOOD = re.compile(r"<(?:inf|imp|pri|prs)>(?:<p[123]><(?:sg|pl)>)?")
_REFLEXIVE = "se<prn><enc><ref><p3><mf><sp>"
_NEUTER_LO, _MASCULINE_LO = "+lo<prn><enc><p3><nt>", "+prpers<prn><enc><p3><m><sg>"
_GENDER_NUMBER = re.compile(r"<(?:m|f|mf)><(?:sg|pl|sp)>")
_ENV = {**os.environ, "LC_ALL": "C.UTF-8"}


@dataclass(frozen=True)
class Word:
    surface: str
    #: The tagger's reading ("decir<vblex><imp><p2><sg>"), or None for text between words.
    reading: str | None
    #: A new reading to generate, when the rewrite changed the word.
    changed: str | None = None
    #: Text to put before the word ("a " for "Llame a la clínica").
    before: str = ""
    #: Whether it starts its sentence (then a new form keeps its capital).
    first: bool = True

    @property
    def lemma(self) -> str:
        return (self.reading or "").split("<", 1)[0]

    @property
    def word(self) -> bool:
        return self.reading is not None and bool(re.match(r"\w", self.lemma))

    @property
    def sentence_end(self) -> bool:
        return self.reading is not None and "<sent>" in self.reading


class Tagger:
    """A started analyser and tagger (Apertium data in `folder`): each text's words with
    the tagger's readings, as Register reads drafts and pipeline.translate.unknown reads
    the English around a word the engine did not know."""

    def __init__(self, folder: Path, analyser: str, tagger: str) -> None:
        files = [folder / analyser, folder / tagger]
        if missing := [str(path) for path in files if not path.is_file()]:
            raise EngineError(f"Apertium data missing: {', '.join(missing)}")
        self._analyse = _pipe(
            f"lt-proc -z '{files[0]}' | apertium-tagger -z -g -p '{files[1]}'", "analyser", _ENV
        )

    def close(self) -> None:
        self._analyse.close()

    def words(self, targets: Sequence[str]) -> dict[int, list[Word]]:
        """The tagged words of each non-blank target whose words all came back, by its
        index; one exchange for all. The blank and superblank " []" at the end make the
        analyser give out a final full stop, and a final word that starts one of its
        multiword entries ("de boca" of "de boca en boca"), which it drops without a blank.
        A target the analyser changed in any other way is left as the engine wrote it."""
        asked = [n for n, text in enumerate(targets) if text.strip()]
        data = b"".join(encode(targets[n], b" []\0") for n in asked)
        records = self._analyse.exchange(data, b"\0", lambda done: len(done) >= len(asked))
        analysed = {}
        for n, record in zip(asked, records, strict=True):
            words = _words(record)
            if words and words[-1].reading is None and words[-1].surface.endswith(" "):
                words[-1] = replace(words[-1], surface=words[-1].surface[:-1])
            if "".join(w.surface for w in words) == targets[n]:
                analysed[n] = words
        return analysed


class Register:
    """A started analyser and generator for one language's register rewrite."""

    def __init__(self, conventions: Conventions) -> None:
        settings = conventions.register
        folder = data_folder(str(settings["apertium"]))
        self._settings = settings
        self._lemmas = conventions.lemmas
        self._passive = passive.PassiveRules.read(settings.get("passive", {}))
        self._negative = re.compile(str(settings.get("negative_imperative", r"(?!)")), re.I)
        self._singular = re.compile(str(settings.get("singular_relative", r"(?!)")), re.I)
        self._links = {str(k): str(v) for k, v in settings.get("infinitive_links", {}).items()}
        subjunctive = settings.get("subjunctive", {})
        self._subjunctive = (
            frozenset(str(c) for c in subjunctive.get("always", ())),
            frozenset(str(c) for c in subjunctive.get("future", ())),
        )
        self._openers = frozenset(settings.get("openers", ()))
        self._negations = frozenset(settings.get("negations", ()))
        self._coordinators = frozenset(settings.get("coordinators", ()))
        self._estar = re.compile(str(settings.get("estar", r"(?!)")), re.I)
        person = settings.get("person_object", {})
        self._person_object = (
            frozenset(str(p) for p in person.get("persons", ())),
            frozenset(str(v) for v in person.get("not_after", ())),
        )
        pronominal = settings.get("pronominal", {})
        self._pronominal = (
            frozenset(str(v) for v in pronominal.get("verbs", ())),
            frozenset(str(s) for s in pronominal.get("states", ())),
            frozenset(str(a) for a in pronominal.get("asking", ())),
        )
        self._respell = [(re.compile(p), str(r)) for p, r in settings.get("respell", {}).items()]
        self._articles = Articles.read(settings.get("articles"))
        cessation = settings.get("cessation") or {}
        self._cessation = (
            re.compile(str(cessation["english"]), re.I) if cessation else None,
            frozenset(cessation.get("verbs", ())) | frozenset(cessation.get("prepositions", ())),
            str(cessation.get("lemma", "")),
            str(cessation.get("link", "")),
        )
        generator = folder / str(settings["generator"])
        if not generator.is_file():
            raise EngineError(f"Apertium data missing: {generator}")
        self._tagger = Tagger(folder, str(settings["analyser"]), str(settings["tagger"]))
        try:
            self._generate = _pipe(f"lt-proc -z -g '{generator}'", "generator", _ENV)
        except EngineError:
            self._tagger.close()
            raise

    def close(self) -> None:
        self._tagger.close()
        self._generate.close()

    def apply(self, sources: Sequence[str], targets: Sequence[str]) -> list[str]:
        """Each target in the reader's register; `sources` are the English segments."""
        words = {n: self.rewrite(ws, sources[n]) for n, ws in self._tagger.words(targets).items()}
        if self._passive is not None:
            words = {n: passive.rewrite(ws, self._passive) for n, ws in words.items()}
        # After the passive rules, which write the engine's "quién" and "aquello" as "que".
        words = {
            n: ws if self._singular.search(sources[n]) else _relative_verbs(ws)
            for n, ws in words.items()
        }
        return self._rebuilt(targets, words)

    def agree(self, targets: Sequence[str], features: Sequence[Mapping[str, str]]) -> list[str]:
        """Determiners and adjectives next to each placeholder made to agree with it:
        `features` give, per target, placeholder → "gender.number" ("⟦T1⟧" → "f.pl").

        The other way to agreement than stand-in nouns (pipeline.translate.drafting),
        kept to measure the two (benchmarks/mt_eval.py): it depends on the tagger reading
        the words around a placeholder right ("este ⟦T1⟧" is read as the noun "east")."""
        words = {n: _agreed(ws, features[n]) for n, ws in self._tagger.words(targets).items()}
        return self._rebuilt(targets, words)

    def _rebuilt(self, targets: Sequence[str], words: Mapping[int, list[Word]]) -> list[str]:
        """The targets with each changed word generated again (its capital kept)."""
        readings = [w.changed for ws in words.values() for w in ws if w.changed]
        generated = iter(self._forms(readings))
        done = list(targets)
        for n, ws in words.items():
            pieces = []
            for w in ws:
                form = w.surface
                if w.changed:
                    made = next(generated)
                    form = made if made and not made.startswith("#") else w.surface
                    upper = w.surface[:1].isupper() and w.first
                    form = form[0].upper() + form[1:] if upper else form
                for pattern, spelling in self._respell:  # the engine's forms too
                    form = pattern.sub(spelling, form)
                pieces.append(w.before + form)
            done[n] = re.sub(r"\ba el\b", "al", "".join(pieces))
        return done

    def informal(self, targets: Sequence[str]) -> list[list[str]]:
        """The words of each target that address the reader as tú or vosotros (a tú
        imperative only where an instruction starts: elsewhere it is the tagger's reading
        of the same third-person form)."""
        found: list[list[str]] = [[] for _ in targets]
        for n, words in self._tagger.words(targets).items():
            starts = _sentence_starts(words, self._openers)
            found[n] = [
                w.surface
                for i, w in enumerate(words)
                if w.reading
                and _informal(w.reading)
                and (i in starts or "<imp><p2>" not in w.reading)
            ]
        return found

    def rewrite(self, words: list[Word], source: str) -> list[Word]:
        """The words with the register's rewrites (see the module docstring)."""
        out = list(words)
        starts = _sentence_starts(out, self._openers, clauses=True)
        sentence_first = _sentence_starts(out, frozenset())
        out = [replace(w, first=i in sentence_first) for i, w in enumerate(out)]
        negative = bool(self._negative.search(source))
        # Per sentence: None before its first verb, then whether its last verb so far is
        # an instruction (an imperative).
        instructed: bool | None = None
        english, ceasing, _, _ = self._cessation
        ceases = len(english.findall(source)) if english is not None else 0
        for i, w in enumerate(out):
            instructed = None if i in sentence_first else instructed
            if w.reading is None:
                continue
            reading = w.reading
            lemma = w.lemma.lower()
            if lemma in self._lemmas:
                reading = self._lemmas[lemma] + reading[len(w.lemma) :]
            if ceases and lemma in ceasing and (ceased := self._ceased(out, i, reading)):
                reading, ceases = ceased, ceases - 1
                out[i] = replace(out[i], reading=ceased)  # read as the verb it now is
            verb = bool(_VERB.search(reading))
            if verb and (
                self._imperative(out, i, starts, negative)
                or self._continued(out, i, reading, instructed)
            ):
                reading = self._personal_a(
                    out, i, _lower_lemma(_MOOD.sub("<imp><p3><sg>", reading, count=1))
                )
                # The generator makes no imperative with the neuter "lo" the tagger often
                # reads ("Mantenerlo" stayed): the masculine "lo" is the same word.
                reading = reading.replace(_NEUTER_LO, _MASCULINE_LO)
            elif "<vblex><inf>" in reading and "+" not in reading:
                # "Puede llamar al médico", "necesita llamar al 911": an infinitive takes
                # its "a" as the imperative does (the engine: "llamar el médico").
                reading = self._personal_a(out, i, _lower_lemma(reading))
            elif _VERB.search(reading) and "<imp><p2>" in reading and i not in starts:
                # Mid-sentence, a tú imperative is the tagger's misreading of the same
                # third-person form ("puede tener que …"): usted's present.
                reading = reading.replace("<imp><p2>", "<pri><p3>", 1)
            elif _VERB.search(reading):
                reading = _P2.sub("<p3><sg>", reading)
            reading = _ENCLITIC_P2.sub("+" + _REFLEXIVE, reading)
            reading = self._pronoun(out, i, reading)
            if reading != w.reading:
                out[i] = replace(out[i], changed=_lower_lemma(reading))
            instructed = "<imp>" in reading if verb else instructed
        out = _singular_after_one(_clitics_in_lower_case(out))
        out = _subjunctives(out, *self._subjunctive)
        out = _estar(_pronominal(out, *self._pronominal, self._estar), self._estar)
        out = _person_objects(out, *self._person_object)
        out = infinitives.linked(out, self._links, sentence_first)
        return self._articles.add(out, source) if self._articles else out

    def _ceased(self, words: list[Word], i: int, reading: str) -> str | None:
        """A verb of stopping before an infinitive or gerund ("para respirar", "Pare
        tomando") as `[register] cessation` says: "deja de respirar", "Deje de tomar"; the
        verb after it is made the infinitive, with the link before it. None if not one."""
        following = _next_word(words, i)
        after = words[following].reading if following is not None else None
        if following is None or after is None:
            return None
        if not re.match(r"[^<]*<vblex><(?:inf|ger)>", after):
            return None
        tags = reading[reading.index("<") :]
        if not _VERB.search(tags):
            tags = "<vblex><pri><p3><sg>" if tags == "<pr>" else ""
        if not tags:
            return None
        _, _, lemma, link = self._cessation
        infinitive = after.replace("<ger>", "<inf>", 1)
        words[following] = replace(
            words[following],
            reading=infinitive,
            changed=_lower_lemma(infinitive),
            before=link + " ",
        )
        return lemma + tags

    def _continued(self, words: list[Word], i: int, reading: str, instructed: bool | None) -> bool:
        """An infinitive that goes on with an instruction: after "y", "luego" (`[register]
        coordinators`) when the sentence's last verb is an imperative ("Beba líquidos y
        descanse"), or first after a comma in a sentence with no verb before it ("Dos
        veces al día, dé 1 tableta"). "Trate de comer y beber" keeps its infinitives."""
        if "<inf>" not in reading:
            return False
        before = next((j for j in range(i - 1, -1, -1) if words[j].reading), None)
        if before is None:
            return False
        joined = words[before].lemma.lower() in self._coordinators
        return (joined and instructed is True) or (
            instructed is None and "<cm>" in (words[before].reading or "")
        )

    def _imperative(self, words: list[Word], i: int, starts: set[int], negative: bool) -> bool:
        """A sentence-initial infinitive, or the first verb after a sentence-initial "No"
        when the English is a negative instruction."""
        reading = words[i].reading or ""
        if i in starts:
            return "<inf>" in reading
        previous = _previous_word(words, i)
        while previous is not None and "<prn><pro>" in (words[previous].reading or ""):
            previous = _previous_word(words, previous)  # "No lo congele"
        return (
            negative
            and previous is not None
            and previous in starts
            and words[previous].lemma.lower() in self._negations
            and bool(re.search(r"<(?:inf|imp|pri|prs)>", reading))
        )

    def _personal_a(self, words: list[Word], i: int, reading: str) -> str:
        """The imperative's reading, with "a" put before its object where the verb needs it
        (and the object pronoun the verb doubles it with: "Dígale a su médico")."""
        verbs: dict[str, str] = self._settings.get("personal_a", {})
        lemma = reading.split("<", 1)[0]
        following = _next_word(words, i)
        if lemma not in verbs or following is None:
            return reading
        after = words[following].reading or ""
        if "<pr>" in after or "<cnj" in after or "<adv>" in after or "<prn><pro>" in after:
            return reading
        if verbs[lemma] and "+" not in reading:
            reading += "+prpers<prn><enc><p3><mf><sg>"  # le, the dative pronoun
        number = "<num>" in after  # "Llame al 911": al número
        words[following] = replace(words[following], before="al " if number else "a ")
        return reading

    def _pronoun(self, words: list[Word], i: int, reading: str) -> str:
        # The analyser's lemma may be "prpers" or the form itself ("a ti": ti<prn><tn><p2>).
        if re.match(r"[^<]*<prn><tn><p2>", reading):
            return "prpers<prn><tn><p3><mf><sg>"
        if re.match(r"[^<]*<prn><pro><p2>", reading):
            following = _next_word(words, i)
            verb = words[following].reading if following is not None else None
            if verb and _VERB.search(verb) and _P2.search(verb):
                return "se<prn><pro><ref><p3><mf><sp>"
            return "prpers<prn><pro><p3><mf><sg>"
        possessives = tuple(self._settings.get("possessives", ()))
        match = re.match(r"(\w+)<(det|adj)><pos>.*<(sg|pl)>", reading)
        if not match or match.group(1).lower() not in possessives:
            return reading
        possessive = str(self._settings.get("possessive", "suyo"))
        following = _next_word(words, i)
        noun = following is not None and "<n>" in (words[following].reading or "")
        if match.group(2) == "adj" and not noun:  # "Es vuestra": "Es suya"
            return possessive + reading[len(match.group(1)) :]
        # Before its noun, the tagger's adjective too ("vuestra gerente"): "su gerente".
        return f"{possessive}<det><pos><mf><{match.group(3)}>"

    def _forms(self, readings: list[str]) -> list[str]:
        """The generator's form of each reading; those it cannot make are asked again in
        the simpler reading `_generable` gives."""
        forms = self._generated(readings)
        again = {
            n: simpler
            for n, form in enumerate(forms)
            if form.startswith("#") and (simpler := _generable(readings[n]))[0] != readings[n]
        }
        retried = self._generated([head for head, _ in again.values()])
        for (n, (_, rest)), form in zip(again.items(), retried, strict=True):
            forms[n] = form + rest
        return forms

    def _generated(self, readings: list[str]) -> list[str]:
        if not readings:
            return []
        # The generator flushes at a NUL only after a blank: "$\n" then NUL.
        data = b"".join(f"^{reading}$\n".encode() + b"\0" for reading in readings)
        records = self._generate.exchange(data, b"\0", lambda done: len(done) >= len(readings))
        return [r.decode("utf-8", errors="replace").strip() for r in records]


def _generable(reading: str) -> tuple[str, str]:
    """A reading the generator can make, and the text to put after its form. The
    analyser reads some modal verbs as <vbmod> that the generator knows only as <vblex>
    ("Deberías" is deber<vbmod>, but only deber<vblex> makes "debería"). It reads a verb
    with an enclitic before a set phrase as the phrase's pronominal verb, whose forms
    carry no enclitic ("Mantenerlo fuera del alcance de los niños" is mantenerse<pron> +
    lo # fuera del alcance …): the plain verb is made, and the phrase written after it."""
    head, queued, rest = reading.partition("#")
    if queued and "+" in head:
        head = re.sub(r"^(\w+?)se<vblex><pron>", r"\1<vblex>", head)
    else:
        head, rest = reading, ""
    return head.replace("<vbmod>", "<vblex>"), rest


def _pipe(script: str, name: str, env: dict[str, str]) -> Pipe:
    try:
        return Pipe(
            ["bash", "-c", script],
            name=f"Apertium {name}",
            error=EngineError,
            timeout=TIMEOUT,
            env=env,
        )
    except OSError as error:
        raise EngineError(f"cannot start the Apertium {name}: {error}") from None


def _words(record: bytes) -> list[Word]:
    """The tagger's output for one segment as words and the text between them."""
    text = record.decode("utf-8", errors="replace")
    words: list[Word] = []
    position = 0
    for match in UNIT.finditer(text):
        if match.start() > position:
            words.append(Word(decode(text[position : match.start()].encode()), None))
        surface = re.sub(r"\\(.)", r"\1", match.group(1))
        reading = match.group(2)
        words.append(Word(surface, None if reading.startswith("*") else reading))
        position = match.end()
    if position < len(text):
        words.append(Word(decode(text[position:].encode()), None))
    return words


def _agreed(words: list[Word], features: Mapping[str, str]) -> list[Word]:
    """`words` with the determiners and adjectives before each placeholder, and the
    adjectives after it, in its gender and number."""
    out = list(words)
    for i, w in enumerate(words):
        feature = next((f for token, f in features.items() if token in w.surface), None)
        if w.reading is not None or feature is None:
            continue
        tags = "".join(f"<{part}>" for part in feature.split("."))
        before = [j for j in range(i - 1, -1, -1) if words[j].reading or words[j].surface.strip()]
        after = [
            j for j in range(i + 1, len(words)) if words[j].reading or words[j].surface.strip()
        ]
        for side, kinds in ((before, "det|adj"), (after, "adj")):
            for j in side:
                reading = words[j].reading or ""
                if not re.search(rf"<(?:{kinds})>", reading):
                    break
                made = _lower_lemma(_GENDER_NUMBER.sub(tags, reading, count=1))
                if made != _lower_lemma(reading):
                    out[j] = replace(out[j], changed=made)
    return out


def _relative_verbs(words: list[Word]) -> list[Word]:
    """A verb right after a relative pronoun in the third person plural where the noun or
    adjective before the pronoun is plural, and a participle right after it too ("que
    fueron expuestos"): the engine makes a relative clause's verb singular whatever it
    refers to ("Los niños que tiene fiebre" → "que tienen"). Not done where the English
    has a singular one (`[register] singular_relative`)."""
    out = list(words)
    for i, w in enumerate(words):
        before, after = _previous_word(words, i), _next_word(words, i)
        if "<rel>" not in (w.changed or w.reading or "") or before is None or after is None:
            continue
        verb = out[after].changed or out[after].reading or ""
        antecedent = words[before].changed or words[before].reading or ""
        if not re.search(r"<(?:n|adj)>.*<pl>", antecedent) or not _VERB.search(verb):
            continue
        if "<p3><sg>" not in verb or "+" in verb:
            continue
        out[after] = replace(
            out[after], changed=_lower_lemma(verb.replace("<p3><sg>", "<p3><pl>", 1))
        )
        following = _next_word(words, after)
        participle = out[following].changed or out[following].reading if following else None
        if following is not None and participle and re.search(r"<vblex><pp><[mf]><sg>", participle):
            out[following] = replace(
                out[following], changed=_lower_lemma(participle.replace("<sg>", "<pl>", 1))
            )
    return out


def _clitics_in_lower_case(words: list[Word]) -> list[Word]:
    """An object pronoun inside its sentence in lower case: the engine capitalises the one
    of a negative instruction ("Do not freeze it": "No Lo congela")."""
    return [
        replace(w, surface=w.surface.lower())
        if not w.first and "<prn><pro>" in (w.reading or "") and w.surface[:1].isupper()
        else w
        for w in words
    ]


def _singular_after_one(words: list[Word]) -> list[Word]:
    """A plural noun right after "1" or "un"/"una" made singular: the engine writes the
    unit of a compound in the plural whatever its number ("un curso de 1 semanas", "una
    fiebre de un días")."""
    out = list(words)
    for i, w in enumerate(words):
        one = re.match(r"1<num>|[Uu]no<det><ind><[mf]><sg>", w.reading or "")
        after = i + 2  # the next word, one blank on
        if not one or after >= len(words) or (words[i + 1].surface != " "):
            continue
        noun = out[after].changed or out[after].reading or ""
        if re.match(r"[^<]*<n><(?:m|f|mf)><pl>", noun):
            out[after] = replace(out[after], changed=_lower_lemma(noun.replace("<pl>", "<sg>", 1)))
    return out


def _subjunctives(words: list[Word], always: frozenset[str], future: frozenset[str]) -> list[Word]:
    """The present indicative after a conjunction of `always` ("antes de que viaja") made
    the present subjunctive, as Spanish requires, and after one of `future` ("cuando",
    "hasta que") in a sentence about what is to come: one with an instruction or a future
    ("Llame cuando su niño tenga fiebre"; the engine: "tiene"). "Pasa cuando el nivel
    baja" tells what happens: it keeps the indicative."""
    out = list(words)
    start = 0
    for end, w in enumerate([*words, Word("", "<sent>")]):
        if not w.sentence_end:
            continue
        sentence = range(start, end)
        start = end + 1
        readings = [out[i].changed or out[i].reading or "" for i in sentence]
        coming = any(re.search(r"<(?:imp|prs|fti)>", r) for r in readings)
        for i in sentence:
            # A conjunction of two words the analyser reads apart ("en" + "cuanto").
            before = _previous_word(out, i)
            pair = f"{out[before].lemma} {out[i].lemma}".lower() if before is not None else ""
            said = {out[i].lemma.lower(), pair}
            if not out[i].word or not (said & always or (coming and said & future)):
                continue
            verb = next((j for j in range(i + 1, end) if _VERB.search(out[j].reading or "")), None)
            reading = (out[verb].changed or out[verb].reading or "") if verb is not None else ""
            if verb is not None and "<pri>" in reading and "+" not in reading:
                out[verb] = replace(
                    out[verb], changed=_lower_lemma(reading.replace("<pri>", "<prs>", 1))
                )
    return out


def _person_objects(
    words: list[Word], persons: frozenset[str], not_after: frozenset[str]
) -> list[Word]:
    """ "a" before a possessive and one of `persons` right after a verb, but one of
    `not_after` (`[register] person_object`): a person as the object takes it ("Vigile a
    su niño", "puede llevar a su bebé")."""
    out = list(words)
    for i, w in enumerate(out):
        reading = w.changed or w.reading or ""
        if not _VERB.search(reading) or w.lemma.lower() in not_after:
            continue
        det = _next_word(out, i)
        noun = _next_word(out, det) if det is not None else None
        if det is None or noun is None or det != i + 2 or noun != det + 2:
            continue  # only blanks between: no "a" already, no comma
        possessive = "<det><pos>" in (out[det].reading or "")
        if possessive and out[noun].lemma.lower() in persons and not out[det].before:
            out[det] = replace(out[det], before="a ")
    return out


def _estar(words: list[Word], states: re.Pattern[str]) -> list[Word]:
    """A form of "ser" right before a word that `states` matches (`[register] estar`)
    made the same form of "estar": "Está embarazada", "puede estar estreñido". The word
    is matched as written: the analyser does not know some ("estreñido")."""
    out = list(words)
    for i, w in enumerate(out):
        reading = w.changed or w.reading or ""
        if w.lemma.lower() != "ser" or "<vbser>" not in reading:
            continue
        if states.fullmatch(_written_after(out, i)):
            tags = reading[reading.index("<vbser>") + len("<vbser>") :]
            out[i] = replace(w, changed=f"estar<vblex>{tags}")
    return out


def _written_after(words: list[Word], i: int) -> str:
    """The word right after word `i` and one blank, as written (known to the analyser or
    not); "" if something else stands between."""
    return words[i + 2].surface if i + 2 < len(words) and words[i + 1].surface == " " else ""


def _pronominal(
    words: list[Word],
    verbs: frozenset[str],
    states: frozenset[str],
    asking: frozenset[str],
    lasting: re.Pattern[str],
) -> list[Word]:
    """A verb of `verbs` before an adjective, a participle, a lemma of `states` or a word
    `lasting` matches as written (`_estar`'s, which the analyser may not know:
    "somnoliento"), or after one of `asking`, made pronominal: the infinitive, gerund and
    imperative with the enclitic "se" ("sentirse", "Siéntase"), a finite form with "se"
    before it ("se siente mejor", "¿Se siente bien?", "¿Cómo se siente?"); one already
    pronominal is left."""
    out = list(words)
    for i, w in enumerate(out):
        reading = w.changed or w.reading or ""
        if w.lemma.lower() not in verbs or "<vblex>" not in reading or "+" in reading:
            continue
        following, previous = _next_word(out, i), _previous_word(out, i)
        after = out[following] if following is not None else None
        before = out[previous].lemma.lower() if previous is not None else ""
        state = after is not None and (
            re.match(r"[^<]*<(?:adj>|vblex>(?:<pron>)?<pp>)", after.reading or "")
            or after.lemma.lower() in states
        )
        state = state or bool(lasting.fullmatch(_written_after(out, i)))
        if before == "se" or not (state or before in asking):
            continue
        if re.search(r"<(?:inf|ger|imp)>", reading):
            out[i] = replace(w, changed=_lower_lemma(f"{reading}+{_REFLEXIVE}"))
        else:  # the form made again in lower case, after "se" with the capital it had
            se = "Se " if w.first and w.surface[:1].isupper() else "se "
            out[i] = replace(w, changed=_lower_lemma(reading), before=w.before + se, first=False)
    return out


def _informal(reading: str) -> bool:
    if _VERB.search(reading) and _P2.search(reading):
        return True
    if re.match(r"[^<]*<prn><(?:tn|pro)><p2>", reading):
        return True
    return bool(re.match(r"(?:[Tt]uyo|[Vv]uestro)<det><pos>", reading))


def _sentence_starts(
    words: list[Word], openers: frozenset[str], *, clauses: bool = False
) -> set[int]:
    """Where sentences and brackets start, and the word after an opener ("por favor").
    With `clauses`, also the first word after each comma of a sentence that opens with a
    condition or a time ("Si …, llame al 911"; "Antes de darlo, agite …"): where the main
    clause, an instruction in a sheet, may start; brackets in the condition passed over."""
    starts, fresh, condition, aside = set(), True, False, False
    for i, w in enumerate(words):
        reading = w.reading or ""
        if aside or (clauses and condition and reading.startswith("(<lpar>")):
            aside = not reading.startswith(")<rpar>")  # "Si ve signos (urticaria, …), llame"
        elif w.sentence_end or reading.startswith("(<lpar>"):
            fresh, condition = True, False
        elif clauses and condition and "<cm>" in reading:
            fresh = True
        elif w.word:
            if fresh:
                starts.add(i)
                condition = condition or (clauses and bool(_CONDITION.search(reading)))
            fresh = w.lemma.lower() in openers
    return starts


def _next_word(words: list[Word], i: int) -> int | None:
    return next((j for j in range(i + 1, len(words)) if words[j].word), None)


def _previous_word(words: list[Word], i: int) -> int | None:
    return next((j for j in range(i - 1, -1, -1) if words[j].word), None)


def _lower_lemma(reading: str) -> str:
    return reading[:1].lower() + reading[1:]
