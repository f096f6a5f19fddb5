"""Apertium: a rule-based, offline engine (Debian `apertium`, `apertium-eng-spa` for Spanish).

One persistent pipeline per engine: the stages of the pair's mode, each in null-flush
mode (`apertium-wblank-mode -z`), so a NUL after a segment makes every stage emit it.
Measured: ~3 ms a segment this way, against ~100 ms for one `apertium` run a segment.
Segments go one by one, never joined: list items without end punctuation, sent as one
text, get scrambled across lines.

Segments are formatted as `apertium -f txt` (apertium-destxt) would, so the result is the
same as running `apertium eng-spa` on each segment (tested), but where the project
rewrites the stream between stages: the English analysis before the tagger (an
instruction's first word read as the verb it is) and the bilingual lookup's alternatives
before lexical selection (the target language's `lexicon.csv`: pipeline.engines.lexical).
The pipeline is cut into one pipe per rewrite; all segments go through each pipe in one
exchange. Placeholders such as ⟦T1⟧
go in as "superblanks", which every stage passes through untouched: as unknown words they
would come back marked (⟦*T1⟧) and block agreement ("un ⟦T3⟧ infusión" instead of
"una ⟦T3⟧ infusión"). Unknown-word marks (`*word`, `#word`) are kept on purpose: QA
reports them.

The Python bindings were found to drift between calls; subprocesses do not. The pipeline
runs as a `pipeline.pipes.Pipe`: a stuck or dead pipeline is an EngineError, never a hang.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path

from pipeline.config import Config
from pipeline.engines import EngineError, lexical
from pipeline.engines.stream import UNIT
from pipeline.languages import data_folder as language_data
from pipeline.languages import find
from pipeline.pipes import Pipe

#: Seconds without any progress before the pipeline is declared stuck.
TIMEOUT = 30.0
#: Apertium's stream format reserves these; apertium-destxt escapes them with a backslash.
_RESERVED = re.compile(r"[\\\[\]^$@/<>{}]")
#: Kept out of the translation as superblanks: placeholders, and what destxt also wraps
#: (`~` is a post-generation operator; tabs and line breaks are formatting).
_SUPERBLANK = re.compile(r"⟦[^⟦⟧\s]+⟧|[~\t\r\n]+")
#: What apertium-retxt undoes: the ".[]" possible-sentence-end mark, escapes, superblanks.
_FORMATTING = re.compile(r"\.\[\]|\\(.)|[\[\]]", re.DOTALL)
#: Readings of a word that make it a verb already (then the word before is no instruction).
_FINITE = re.compile(r"<(?:vaux|vbmod|vbser|vbhaver|vbdo)>|<vblex><(?:pres|past)>")
#: A sentence's first word that opens a condition, a time or a purpose (if, when, after, to,
#: in), or an adverb ("In the morning", "Every day": one multiword adverb to the analyser).
_CONDITION = re.compile(r"^[^<]*<(?:cnjadv|pr|adv)>")
#: An auxiliary or modal: "do", "be", "have", "can", "should" (a question's inverted one).
_AUXILIARY = re.compile(r"<(?:vaux|vbmod|vbser|vbhaver|vbdo)>")
_ANY_VERB = re.compile(r"<(?:vblex|vaux|vbmod|vbser|vbhaver|vbdo)>")
_TENSE = re.compile(r"<(?:pres|past|pri)>")
#: An -ed word that may be a past tense or a participle (`^checked/check<vblex><past>/…<pp>$`).
_AMBIGUOUS_ED = re.compile(r"<vblex><past>.*<vblex><pp>|<vblex><pp>.*<vblex><past>")
#: A word that is a verb whatever the tagger says: an auxiliary or modal in any reading,
#: or verbs in every reading.
_VERB_WORD = re.compile(r"<(?:vaux|vbmod|vbser|vbhaver|vbdo)>|^(?:[^/]*<vblex>[^/]*/?)+$")
#: Question words that inside a sentence are mostly a conjunction or relative ("cuando",
#: "donde"); "how" and "what" there mostly ask ("cómo funciona", "qué medicamentos").
_TIME_AND_PLACE = ("when", "where")
#: Conjunctions a question may open with, before its auxiliary (lemmas in lower case).
_JOINING = ("and<cnjcoo>", "but<cnjcoo>", "so<cnjcoo>", "or<cnjcoo>")
#: What may stand before a noun phrase's first word: a sentence's start or end, a
#: determiner or number, a preposition, a conjunction. Not a comma: "Ji, et al., proposed
#: snakes …" has its subject before it.
_OPENS_PHRASE = re.compile(r"<(?:sent|det|num|pr|cnjcoo|cnjsub)>")
#: Appended to every segment: the sentence-end mark destxt adds, then the flush.
_END = b".[]\0"


def mode_name(source: str, target: str) -> str | None:
    """The mode from the languages' profiles' Apertium codes (eng-spa, not en-es)."""
    codes = [
        found.engines.get("apertium") if (found := find(lang)) else None
        for lang in (source, target)
    ]
    return None if None in codes else f"{codes[0]}-{codes[1]}"


def install_hint(source: str, target: str) -> str:
    mode = mode_name(source, target) or f"{source}-{target}"
    return f"apt-get install apertium apertium-{mode} (Debian)"


def mode_file(mode: str) -> Path | None:
    """The mode's file, where the `apertium` script looks for it; None if not installed."""
    path = data_folder("modes") / f"{mode}.mode"
    return path if path.is_file() else None


def data_folder(name: str) -> Path:
    """A folder of Apertium's data ("modes", "apertium-eng-spa"), where `apertium` looks."""
    program = shutil.which("apertium")
    default = (
        Path(program).resolve().parent.parent / "share" / "apertium"
        if program
        else Path("/usr/share/apertium")
    )
    return Path(os.environ.get("APERTIUM_DATADIR", default)) / name


def unavailable(config: Config, source: str, target: str) -> str | None:
    mode = mode_name(source, target)
    if mode is None:
        return f"Apertium has no {source}→{target} pair here"
    if shutil.which("apertium") is None or shutil.which("apertium-wblank-mode") is None:
        return f"apertium is not installed; install: {install_hint(source, target)}"
    if mode_file(mode) is None:
        return f"the Apertium mode {mode} is not installed; install: {install_hint(source, target)}"
    return None


def version(config: Config, source: str, target: str) -> str:
    return _version(*_mode(source, target))


def start(config: Config, source: str, target: str, *, plain: bool = False) -> ApertiumEngine:
    """The engine, with the target language's lexical preferences and the English read as
    the project reads it; `plain`: Apertium as its own command runs it (a benchmark's
    baseline)."""
    mode, path = _mode(source, target)
    return ApertiumEngine(
        path,
        version=_version(mode, path),
        closing=source_words(source, CLOSING),
        asking=source_words(source, ASKING),
        lexicon=None if plain else lexical.load(target),
        rewrites=not plain,
    )


#: The source language's word lists the rewrites read (`data/<lang>/<file>`): verbs that
#: end an instruction on their own after "and" or "then" (`imperatives`); verbs an
#: indirect question follows ("ask … when", `statements`).
CLOSING, ASKING = "instruction-verbs.txt", "question-verbs.txt"


@functools.cache
def source_words(lang: str, file: str) -> frozenset[str]:
    """The lower-case words of one of the source language's lists (`CLOSING`, `ASKING`);
    empty without the file."""
    path = language_data(lang) / file
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(word for line in lines if (word := line.split("#", 1)[0].strip().lower()))


def _mode(source: str, target: str) -> tuple[str, Path]:
    mode = mode_name(source, target)
    path = mode_file(mode) if mode else None
    if mode is None or path is None:
        raise EngineError(f"no Apertium {source}→{target}; install: {install_hint(source, target)}")
    return mode, path


@functools.cache
def _version(mode: str, path: Path) -> str:
    """The program's and the data's Debian package versions ("3.8.3-1+b2, apertium-eng-spa
    0.8.1-2"; dpkg knows which package owns the mode), or what `apertium -V` says."""
    owner = _run(["dpkg-query", "-S", str(path)]).partition(":")[0]
    packages = ["apertium", owner] if owner else ["apertium"]
    versions = _run(["dpkg-query", "-W", "-f=${Package} ${Version}\n", *packages])
    found = dict(line.split(" ", 1) for line in versions.splitlines() if " " in line)
    program = found.get("apertium") or _run(["apertium", "-V"]).removeprefix("Apertium ")
    data = f"{owner} {found[owner]}" if owner in found else f"{mode} (data version unknown)"
    return f"{program or 'unknown'}, {data}"


def _run(command: list[str]) -> str:
    """A short command's output, or "" when it is missing or fails."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


class ApertiumEngine:
    """A persistent null-flush pipeline of one mode's stages: segments in, translations out."""

    name = "apertium"

    def __init__(
        self,
        mode: Path,
        *,
        version: str,
        timeout: float = TIMEOUT,
        closing: frozenset[str] = frozenset(),
        asking: frozenset[str] = frozenset(),
        lexicon: lexical.Lexicon | None = None,
        rewrites: bool = True,
    ) -> None:
        self.version = version
        self._closing = closing
        self._asking = asking
        self._lexicon = lexicon or lexical.Lexicon()
        script = _run(["apertium-wblank-mode", "-z", str(mode)])
        if not script:
            raise EngineError(f"apertium-wblank-mode could not read {mode}")
        # The analysis runs apart from the rest when the mode has a tagger, so that an
        # English instruction's first word can be read as the verb it is (`imperatives`);
        # the bilingual lookup's output is rewritten before lexical selection (`lexical`).
        # Without `rewrites`, the stages run as the `apertium` command runs them.
        between = {"apertium-tagger ": self._analysed, "lrx-proc ": self._preferred}
        stages = _split(script, *between) if rewrites else [(script, "")]
        self._pipes = [_stage(stage, timeout) for stage, _ in stages]
        self._rewrites = [between.get(program) for _, program in stages]

    def translate(self, segments: Sequence[str]) -> list[str]:
        """All segments go in one exchange; blank segments are returned as they are."""
        asked = [n for n, segment in enumerate(segments) if segment.strip()]
        records = [encode(segments[n]) for n in asked]
        for pipe, rewrite in zip(self._pipes, self._rewrites, strict=True):
            if rewrite:
                records = [
                    rewrite(r[:-1].decode("utf-8", "replace")).encode() + b"\0" for r in records
                ]
            answers = pipe.exchange(b"".join(records), b"\0", lambda done: len(done) >= len(asked))
            records = [answer + b"\0" for answer in answers]
        translated = dict(zip(asked, (decode(r[:-1]) for r in records), strict=True))
        return [translated.get(n, segment) for n, segment in enumerate(segments)]

    def _analysed(self, analysis: str) -> str:
        """The analyser's output as the tagger gets it: the readings the English's own
        shape rules out dropped, and questions in the statement's order (`statements`,
        `questions`, `participles`, `past_tenses`, `agents`, `relatives`, `clauses`, `numbers`,
        `progressives`, `similes`, `objects`, `negatives`, `adjective_pairs`, `determiners`,
        `bare_plurals`, `determined_nouns`, `prepositional_nouns`, `comparisons`,
        `imperatives`)."""
        readings = questions(statements(analysis, self._asking))
        readings = relatives(agents(past_tenses(participles(readings))))
        readings = objects(similes(progressives(numbers(clauses(readings)))))
        readings = bare_plurals(determiners(adjective_pairs(negatives(readings))))
        readings = prepositional_nouns(determined_nouns(readings))
        readings = comparisons(readings)
        return imperatives(readings, self._closing)

    def _preferred(self, bilingual: str) -> str:
        return lexical.choose(bilingual, self._lexicon)

    def close(self) -> None:
        """End the pipeline (the stages stop at the end of their input)."""
        for pipe in self._pipes:
            pipe.close()


def _split(script: str, *before: str) -> list[tuple[str, str]]:
    """The mode's script cut before each of the programs `before` that it runs, each
    piece with the program it starts with ("" for the first)."""
    stages = [(script, "")]
    for program in before:
        head, bar, tail = stages[-1][0].partition(f"| {program}")
        if bar:
            stages[-1:] = [(head, stages[-1][1]), (program + tail, program)]
    return stages


def _stage(script: str, timeout: float) -> Pipe:
    try:
        # "$1" is the generator's option (-g: mark unknown words), "$2" the tagger's.
        return Pipe(
            ["bash", "-c", script, "apertium", "-g", ""],
            name="Apertium",
            error=EngineError,
            timeout=timeout,
            env={**os.environ, "LC_ALL": "C.UTF-8"},  # as the apertium script forces UTF-8
        )
    except OSError as error:
        raise EngineError(f"cannot start the Apertium pipeline: {error}") from None


def statements(analysis: str, asking: frozenset[str] = frozenset()) -> str:
    """The analyser's output with each question word read as what its place says it is.
    One that starts a sentence (after "and", "but" …) is a conjunction or relative where
    the sentence ends in no "?" ("When you get home, rest" gave "Cuándo toma en casa"),
    the question word where it does ("When is the next dose due?" gave "Cuando es …").
    Inside a sentence "when" and "where" are a conjunction or relative ("Call when your
    child has a fever", "the place where it grows"; the tagger gave "cuándo", "dónde"),
    but for an indirect question: before "to" ("Ask when to give it") or after a verb of `asking`
    and its object ("Ask your doctor when …", "I do not know where it started")."""
    tokens = list(UNIT.finditer(analysis))
    chosen: dict[int, list[str]] = {}
    first = 0
    for end, token in enumerate(tokens):
        if "<sent>" not in token.group(2) or end == first:
            continue
        question = token.group(1) == "?"
        opening = first + 1 if tokens[first].group(2).lower().startswith(_JOINING) else first
        for number in range(first, end):
            readings = tokens[number].group(2).split("/")
            if not any("<itg>" in r for r in readings):
                continue
            if number <= opening:
                kept = [r for r in readings if ("<itg>" in r) == question]
            elif readings[0].split("<", 1)[0].lower() not in _TIME_AND_PLACE:
                continue  # "how this medicine works", "what medicines you take": questions
            elif _indirect(tokens, first, number, asking):
                continue
            else:
                kept = [r for r in readings if "<itg>" not in r]
            if kept and len(kept) < len(readings):
                chosen[number] = kept
        first = end + 1
    return _chosen(analysis, tokens, chosen)


def _indirect(tokens: list[re.Match[str]], first: int, number: int, asking: frozenset[str]) -> bool:
    """Whether the question word at `number` asks an indirect question: before "to", or
    after a verb of `asking` with only its object (or "not") between."""
    if number + 1 < len(tokens) and tokens[number + 1].group(2).lower().startswith("to<pr>"):
        return True
    for before in range(number - 1, first - 1, -1):
        readings = tokens[before].group(2).split("/")
        lemma = readings[0].split("<", 1)[0].lower()
        if lemma in asking and any("<vblex>" in r for r in readings):
            return True
        if not all(re.search(r"<(?:det|n|np|adj|prn|adv)>", r) for r in readings):
            return False
    return False


def participles(analysis: str) -> str:
    """The analyser's output with an -ed word that may be a past tense or a participle not
    read as the past tense where it stands before a noun with no subject before it: at a
    sentence's start or after a determiner, number, preposition or conjunction ("Infected
    people should stay home", "contact with infected persons"); the noun after it is then
    read as the noun. The tagger otherwise takes it for the past tense ("Infectó las
    personas", "con infectó personas"); as the participle, the transfer puts it after the
    noun and makes it agree ("las personas infectadas")."""
    tokens = list(UNIT.finditer(analysis))
    chosen: dict[int, list[str]] = {}
    for number, token in enumerate(tokens[:-1]):
        readings = token.group(2).split("/")
        kept = [r for r in readings if "<vblex><past>" not in r]  # "left" stays an adjective
        noun = any("<n>" in r for r in readings)  # "The shot will be given"
        if noun or len(kept) == len(readings) or not any("<vblex><pp>" in r for r in kept):
            continue
        following = tokens[number + 1]
        nouns = [r for r in following.group(2).split("/") if "<n>" in r]
        # Not "extended virological sampling", nor an auxiliary ("will" is a noun too).
        other = re.search(r"<(?:adj|vaux|vbmod|vbser|vbhaver|vbdo)>", following.group(2))
        if analysis[token.end() : following.start()].strip() or not nouns or other:
            continue
        before = tokens[number - 1].group(2) if number else "<sent>"
        if _OPENS_PHRASE.search(before) and "<n>" not in before and "<prn>" not in before:
            chosen |= {number: kept, number + 1: nouns}
    return _chosen(analysis, tokens, chosen)


def agents(analysis: str) -> str:
    """The analyser's output with an -ed word that may be a past tense or a participle read
    as the participle right after a noun and before "by": "infections caused by bacteria",
    "a rash caused by the medicine" ("infecciones causadas por bacterias"; the tagger
    took the past tense: "infecciones causaron por bacterias")."""
    tokens = list(UNIT.finditer(analysis))
    chosen: dict[int, list[str]] = {}
    for number in range(1, len(tokens) - 2):
        said = tokens[number].group(2)
        after_noun = "<n>" in tokens[number - 1].group(2)
        agent = tokens[number + 1].group(2) == "by<pr>" and _PHRASE_START.search(
            tokens[number + 2].group(2)
        )  # not "The nurse stopped by."
        if _AMBIGUOUS_ED.search(said) and after_noun and agent:
            chosen[number] = [r for r in said.split("/") if "<vblex><pp>" in r]
    return _chosen(analysis, tokens, chosen)


def past_tenses(analysis: str) -> str:
    """The analyser's output with an -ed word that may be a past tense or a participle read
    as the past tense where it is the only verb of its sentence, right after a noun and
    before a noun or an article: "Some patients experienced dyspnea", "The nurse checked
    blood pressure". The tagger otherwise reads the participle ("Algunos pacientes disnea
    experimentada"). With another verb in the sentence it may be a participle ("The
    samples collected that day were tested"), so it is left to the tagger."""
    tokens = list(UNIT.finditer(analysis))
    chosen: dict[int, list[str]] = {}
    for sentence in _sentences(tokens):
        ed = [n for n in sentence if _AMBIGUOUS_ED.search(tokens[n].group(2))]
        verbs = [n for n in sentence if n not in ed and _VERB_WORD.search(tokens[n].group(2))]
        if len(ed) != 1 or verbs or ed[0] in (sentence.start, sentence.stop - 1):
            continue
        number = ed[0]
        before, following = tokens[number - 1].group(2), tokens[number + 1].group(2)
        object_ = "<n>" in following or following.startswith(("the<det>", "a<det>", "an<det>"))
        if "<n>" in before and object_ and "<adj>" not in following:
            past = [r for r in tokens[number].group(2).split("/") if "<vblex><past>" in r]
            nouns = [r for r in following.split("/") if "<n>" in r or "<det>" in r]
            chosen |= {number: past, number + 1: nouns}
    return _chosen(analysis, tokens, chosen)


#: A reading that starts a noun phrase, or is one: "data on admission", "about your child",
#: "depends on what …".
_PHRASE_START = re.compile(
    r"(?:^|/)[^/<]*<(?:prn><obj|det><(?:pos|def|dem|ind|qnt)|n|np|num|rel|(?:prn|det)><itg)>"
)
#: Before a number, these are adverbs: "about 3 days" ("aproximadamente").
_APPROXIMATE = frozenset({"about", "around"})


def objects(analysis: str) -> str:
    """The analyser's output with a pronoun that may be a subject or an object ("it",
    "you") read as the object right after a verb, unless a verb follows it ("I think it
    is fine"): "Take it with water", "Store it in the fridge"; and a word that may be a
    preposition or an adverb ("about", "on") read as the preposition before a noun
    phrase: "talk about it", "about your child", "data on admission", "based on 99%".
    The tagger otherwise often takes the subject ("Tome él con agua") and the adverb
    ("hablar aproximadamente lo", "dato encima admisión")."""
    tokens = list(UNIT.finditer(analysis))
    chosen: dict[int, list[str]] = {}
    for number, token in enumerate(tokens[:-1]):
        readings = token.group(2).split("/")
        before = tokens[number - 1].group(2) if number else "<sent>"
        following = tokens[number + 1].group(2)
        if analysis[token.end() : tokens[number + 1].start()].strip():
            continue  # a placeholder between
        preposition = [r for r in readings if "<pr>" in r]
        if preposition and any("<adv>" in r for r in readings):
            lemma = readings[0].split("<", 1)[0].lower()
            phrase = following.startswith("*") or _PHRASE_START.search(following)
            # "after you are vaccinated", "before I call": a clause's subject follows.
            then = tokens[number + 2].group(2) if number + 2 < len(tokens) else ""
            subject = "<prn><subj>" in following and _FINITE.search(then.replace("<pri>", "<pres>"))
            if phrase and not subject and not (lemma in _APPROXIMATE and "<num>" in following):
                chosen[number] = preposition
            continue
        kept = [r for r in readings if "<prn><obj>" in r]
        if not kept or len(kept) == len(readings):
            continue
        after_preposition = chosen.get(number - 1) is not None
        verb_after = _FINITE.search(following.replace("<pri>", "<pres>"))
        if ("<vblex>" in before and not verb_after) or after_preposition:
            chosen[number] = kept
    return _chosen(analysis, tokens, chosen)


def determined_nouns(analysis: str) -> str:
    """The analyser's output with a word that may be a noun or an adjective after "the",
    "this" or "your", with nothing of a noun phrase after it, read as the noun: "back to
    the school after taking" (the tagger read the adjective: "al escolar")."""
    tokens = list(UNIT.finditer(analysis))
    chosen: dict[int, list[str]] = {}
    for number in range(1, len(tokens) - 1):
        readings = tokens[number].group(2).split("/")
        nouns = [r for r in readings if "<n>" in r]
        after = tokens[number + 1].group(2)
        ends = not re.search(r"<(?:n|adj|num|np)>", after) and "⟦" not in after
        determined = re.match(r"[^/]*<det><(?:def|dem|pos)>", tokens[number - 1].group(2))
        if determined and nouns and any("<adj>" in r for r in readings) and ends:
            chosen[number] = nouns
    return _chosen(analysis, tokens, chosen)


def prepositional_nouns(analysis: str) -> str:
    """The analyser's output with a word that may be a noun or a verb's base form read as
    the noun right after a preposition other than "to": "8 glasses of water", "amounts of
    water" ("vasos de agua"; the tagger took the verb: "de abrevar"). English puts no base
    verb there; "to water" may be an infinitive, so "to" is left to the tagger."""
    tokens = list(UNIT.finditer(analysis))
    chosen: dict[int, list[str]] = {}
    for number in range(1, len(tokens)):
        before = tokens[number - 1].group(2).split("/")
        if not all("<pr>" in r for r in before) or before[0].lower().startswith("to<"):
            continue
        if analysis[tokens[number - 1].end() : tokens[number].start()].strip():
            continue  # a placeholder between
        readings = tokens[number].group(2).split("/")
        nouns = [r for r in readings if "<n>" in r]
        base = any(re.search(r"<vblex><(?:inf|pres)>", r) for r in readings)
        if nouns and base:
            chosen[number] = nouns
    return _chosen(analysis, tokens, chosen)


def determiners(analysis: str) -> str:
    """The analyser's output with a word that may be a determiner or an adverb of degree
    ("any") read as the determiner before a word the analyser does not know: "Throw away
    any unused medicine" (the tagger, knowing nothing of the next word, took the adverb:
    "muy unused medicamento"). Before a word it knows the tagger decides ("any better")."""
    tokens = list(UNIT.finditer(analysis))
    chosen: dict[int, list[str]] = {}
    for number, token in enumerate(tokens[:-1]):
        readings = token.group(2).split("/")
        determiner = [r for r in readings if "<det>" in r]
        degree = any("<preadv>" in r for r in readings)
        if determiner and degree and tokens[number + 1].group(2).startswith("*"):
            chosen[number] = determiner
    return _chosen(analysis, tokens, chosen)


def bare_plurals(analysis: str) -> str:
    """The analyser's output without "any" before a plural noun, adjectives between: "if
    you have any questions", "any other medicines" are "si tiene preguntas", "otros
    medicamentos" in Spanish; the engine writes the archaic "cualesquier preguntas" and
    the wrong "cualquiera otros medicamentos"."""
    tokens = list(UNIT.finditer(analysis))
    units: list[str | None] = [t.group() for t in tokens]
    for number, token in enumerate(tokens[:-1]):
        if token.group(1).lower() != "any" or "<det>" not in token.group(2):
            continue
        noun = number + 1
        while noun < len(tokens) - 1 and re.match(r"[^/]*<adj>|other<", tokens[noun].group(2)):
            noun += 1
        between = analysis[token.end() : tokens[noun].start()]
        if re.match(r"[^/]*<n><pl>", tokens[noun].group(2)) and "⟦" not in between:
            units[number] = None
    return _joined(analysis, tokens, units)


def negatives(analysis: str) -> str:
    """The analyser's output with "anything" after a negation in its sentence ("not",
    "n't", "never", "without") read as "nothing": Spanish negates twice, "No coma nada",
    "sin nada"; the engine's "cualquier cosa" says "whatever you like" ("No come
    cualquier cosa": don't eat just anything)."""
    tokens = list(UNIT.finditer(analysis))
    chosen: dict[int, list[str]] = {}
    for sentence in _sentences(tokens):
        negated = False
        for number in sentence:
            said = tokens[number].group(2).lower()
            if negated and said.startswith("anything<prn>"):
                chosen[number] = ["nothing" + tokens[number].group(2)[len("anything") :]]
            negated = negated or bool(re.search(r"(?:^|\+)(?:not|never)<adv>|^without<pr>", said))
    return _chosen(analysis, tokens, chosen)


def adjective_pairs(analysis: str) -> str:
    """The analyser's output with the comma between two adjectives (the second may be a
    participle) before a noun read as "and": "a cool, wet cloth" is "a cool and wet
    cloth", "a healthy, balanced diet". The engine's rule for a noun with two adjectives
    and a comma drops the blank before the first ("una telafresca, mojada"); with "and"
    it writes "una tela fresca y mojada". Only where a noun phrase starts before them
    (after a determiner, preposition or verb other than "be": "When the skin is red,
    warm water helps" keeps its comma), and not in a longer list, which the engine
    mangles either way."""
    tokens = list(UNIT.finditer(analysis))
    units: list[str | None] = [t.group() for t in tokens]
    for number in range(len(tokens) - 3):
        first, comma, second, noun = (tokens[number + k].group(2) for k in range(4))
        before = tokens[number - 1].group(2) if number else "<sent>"
        pair = "<adj>" in first and re.search(r"<adj>|<vblex><pp>", second) and "<n>" in noun
        opens = re.search(r"<(?:sent|det|pr|vblex|vbhaver)>", before) and not re.search(
            r"<(?:vbser|adv|cm)>", before
        )
        gaps = [
            analysis[tokens[n].end() : tokens[n + 1].start()] for n in range(number, number + 3)
        ]
        if comma == ",<cm>" and pair and opens and not gaps[0] and not any(g.strip() for g in gaps):
            units[number + 1] = None
            units[number] = tokens[number].group() + " ^and/and<cnjcoo>$ "
    return _joined(analysis, tokens, units)


def progressives(analysis: str) -> str:
    """The analyser's output with "be" + "having" read as "have" in be's tense and person:
    "Are you having a fever?" (in the statement's order, `questions`), "Is your child
    having trouble …", "when you are not having your period". The engine gives "¿Es
    habiendo una fiebre?"; Spanish says "¿Tiene fiebre?", never "está teniendo" for a
    symptom. The past ("She was having pain") comes out as the preterite ("Tuvo dolor";
    the engine: "Era habiendo dolor"): the English tags cannot ask for the imperfect a
    translator may prefer ("Tenía dolor")."""
    tokens = list(UNIT.finditer(analysis))
    units: list[str | None] = [t.group() for t in tokens]
    for number, token in enumerate(tokens[:-1]):
        be = token.group(2).split("/")[0].lower()  # "Is having a seizure" (a list item)
        negated = tokens[number + 1].group(2).lower() == "not<adv>" and number + 2 < len(tokens)
        after = number + 2 if negated else number + 1
        following = tokens[after]
        having = following.group(2).split("/")[0].lower()
        if not (be.startswith("be<vbser><") and having.startswith("have<vbhaver><ger>")):
            continue
        gaps = (analysis[tokens[n].end() : tokens[n + 1].start()] for n in range(number, after))
        if any(gap.strip() for gap in gaps):
            continue  # a placeholder between
        tense = be[len("be<vbser>") :]
        units[number] = None
        units[after] = _unit(following.group(1), [f"have<vblex>{tense}"])
    return _joined(analysis, tokens, units)


def similes(analysis: str) -> str:
    """The analyser's output with "like" after a noun read as the preposition where its
    sentence has another verb: "Watch for symptoms like fever", "Foods like rice are
    good", "Avoid foods like nuts" ("síntomas como fiebre"; the tagger read the verb:
    "síntomas les gustan la fiebre"). As the only verb it is one: "Children like candy"."""
    tokens = list(UNIT.finditer(analysis))
    chosen: dict[int, list[str]] = {}
    for sentence in _sentences(tokens):
        for number in sentence[1:]:
            readings = tokens[number].group(2).split("/")
            preposition = [r for r in readings if r.lower().startswith("like<pr>")]
            if not preposition or "<n>" not in tokens[number - 1].group(2):
                continue
            verbs = [n for n in sentence if n != number and _VERB_WORD.search(tokens[n].group(2))]
            # An instruction's first word: "Avoid foods like nuts".
            instruction = "<vblex><inf>" in tokens[sentence.start].group(2)
            if verbs or (instruction and sentence.start != number - 1):
                chosen[number] = preposition
    return _chosen(analysis, tokens, chosen)


def numbers(analysis: str) -> str:
    """The analyser's output with a noun that has one form for both numbers ("data",
    "species", "series") read in the number its determiner or its verb gives it: "These
    species are", "A species is", "The data show", "Data on admission … are". The tagger
    otherwise takes the singular ("El dato muestra"); left to it where nothing says, and
    the verb says nothing about a noun in -s ("help your pancreas release insulin")."""
    tokens = list(UNIT.finditer(analysis))
    chosen: dict[int, list[str]] = {}
    for number, token in enumerate(tokens[:-1]):
        readings = token.group(2).split("/")
        singular = [r for r in readings if "<n><sg>" in r]
        plural = [r for r in readings if "<n><pl>" in r]
        if not singular or len(singular) + len(plural) < len(readings) or not plural:
            continue  # "means" is a verb too
        before = tokens[number - 1].group(2) if number else ""
        if "<det>" in before and "<sp>" not in before.split("/")[0]:
            chosen[number] = plural if "<pl>" in before.split("/")[0] else singular
            continue
        if token.group(1).lower().endswith("s"):
            continue  # "help your pancreas release": a verb after it may be an infinitive
        for later in tokens[number + 1 :]:
            said = later.group(2)
            if "<sent>" in said:
                break
            if not re.search(r"<(?:vbser|vbhaver)>|<vblex><(?:pres|pri)>", said):
                continue
            if re.search(r"<(?:pri|past)><p3><sg>", said):
                chosen[number] = singular
            elif re.search(r"<(?:vbser|vbhaver|vblex)><(?:pres|past)>(?:\$|/|$)", said):
                chosen[number] = plural
            break
    return _chosen(analysis, tokens, chosen)


#: What follows a list item's verb but never a noun that starts a heading: "Cries a lot",
#: "Vomits more than 3 times", "Drinks less".
_ITEM_OBJECT = re.compile(r"[^/]*<(?:det|num|adv|preadv|prn><obj)>|(?:more|less) than<pr>")
#: What may follow a verb as its object or complement: "needs rest", "spreads to", "needs a".
_OBJECT = re.compile(r"to<pr>|[^/]*<(?:det|num|n|adv|preadv|prn><obj)>")


def clauses(analysis: str) -> str:
    """The analyser's output with a clause's verb read as one where the tagger takes a
    noun: a word that may be a plural noun or a verb's third person right after a
    conjunction and a singular subject ("if your child", "when he"), with no other verb
    after it in its clause: "If your child vomits, call" ("Si sus vómitos de niño"
    before), "if the rash spreads"; "the side effects" is a noun phrase. And a word that may be a
    preposition or a conjunction ("until", "before") read as the conjunction before such a
    clause ("Wait until the fever goes down": "hasta que", not "hasta la fiebre baja"),
    and as the preposition before a noun phrase without a verb ("until Monday", not
    "hasta que lunes"); at a clause's end, the adverb ("had a reaction before")."""
    tokens = list(UNIT.finditer(analysis))
    chosen: dict[int, list[str]] = {}
    for number, token in enumerate(tokens[:-1]):
        readings = token.group(2).split("/")
        verbs = [r for r in readings if "<vblex><pri><p3><sg>" in r]
        if not verbs or not any("<n><pl>" in r for r in readings):
            continue
        if number == 0 or "<sent>" in tokens[number - 1].group(2):
            # A list item that goes on its lead-in's subject ("Call if your child: /
            # Vomits more than 3 times", "Cries a lot"): before an object or adverb.
            if _ITEM_OBJECT.match(tokens[number + 1].group(2)):
                chosen[number] = verbs
            continue
        before = tokens[number - 1].group(2)
        pronoun = re.search(r"<prn><subj><p3><(?:m|f|nt)><sg>", before)
        # After a conjunction: "if he vomits", "if your child vomits" ("the side effects"
        # and "watch signs" are nouns).
        subject = number - 1 if pronoun else number - 2
        while not pronoun and subject > 0 and re.match(r"[^/]*<adj>", tokens[subject].group(2)):
            subject -= 1  # "a fussy baby cries"
        singular = pronoun or (
            "<n><sg>" in before and subject >= 0 and _DETERMINER.match(tokens[subject].group(2))
        )
        # A clause opens before the subject: a conjunction ("how it …"), or the start of a
        # sentence or of what follows a comma when an object follows the verb ("Your child
        # needs to rest", "The rash spreads to …"; "The side effects?" and "The side effects
        # of …" are noun phrases).
        opening = tokens[subject - 1].group(2) if subject > 0 else "<sent>"
        joined = re.search(r"<(?:cnjadv|cnjsub|itg)>", opening)
        starts = re.search(r"<(?:sent|cm)>", opening) and _OBJECT.match(tokens[number + 1].group(2))
        if singular and (joined or starts) and not _verb_follows(tokens, number):
            chosen[number] = verbs
    for number in range(1, len(tokens) - 1):
        plural = _plural_subject_verb(tokens, number)
        if plural:
            chosen[number] = plural
    for number, token in enumerate(tokens[:-2]):
        readings = token.group(2).split("/")
        joins = [r for r in readings if "<cnjadv>" in r or "<cnjsub>" in r]
        preposition = [r for r in readings if "<pr>" in r]
        adverb = [r for r in readings if "<adv>" in r]
        kept = "⟦" in analysis[token.end() : tokens[number + 1].start()]  # "before 5 PM"
        if (
            joins
            and adverb
            and not kept
            and re.search(r"<(?:sent|cm)>", tokens[number + 1].group(2))
        ):
            chosen[number] = adverb  # "… a reaction before.": "antes", not "antes de que"
        elif joins and preposition:
            clause = _clause_follows(tokens, number, chosen)
            following = tokens[number + 1].group(2)
            then = tokens[number + 2].group(2)
            # "before you travel": a subject pronoun and its verb.
            said = "<prn><subj>" in following and _FINITE.search(then.replace("<pri>", "<pres>"))
            if clause or kept or (_PHRASE_START.search(following) and not said):
                chosen[number] = joins if clause else preposition
    return _chosen(analysis, tokens, chosen)


def _plural_subject_verb(tokens: list[re.Match[str]], number: int) -> list[str]:
    """The verb readings of a word that may be a singular noun or a verb's present right
    after a plural noun that starts its clause ("Children need 9 hours", "Most babies
    need to eat"; the tagger: "Necesidad de niños"), before an object that is no bare
    plural noun and with no other verb after it; else none ("Children care tips")."""
    readings = tokens[number].group(2).split("/")
    verbs = [r for r in readings if "<vblex><pres>" in r]
    if not verbs or not any("<n><sg>" in r for r in readings):
        return []
    if not re.match(r"[^/]*<n><pl>", tokens[number - 1].group(2)):
        return []
    start = number - 2
    while start >= 0 and re.search(r"<(?:det|adj|preadv|num)>", tokens[start].group(2)):
        start -= 1  # "Most children", "Some young children"
    opening = tokens[start].group(2) if start >= 0 else "<sent>"
    if not re.search(r"<(?:sent|cm|cnjadv|cnjsub)>", opening):
        return []
    following = tokens[number + 1].group(2)
    singular = re.match(r"[^/]*<n><sg>", following)  # "need help"; not "Children care tips"
    if not (following.startswith("to<pr>") or _ITEM_OBJECT.match(following) or singular):
        return []
    return [] if _verb_follows(tokens, number) else verbs


def _verb_follows(tokens: list[re.Match[str]], number: int) -> bool:
    """Whether a finite verb follows token `number` in its clause (up to a comma or the
    sentence's end): an auxiliary, or a word that can only be a verb in the present or
    past ("the side effects are …"), not one after "to" ("needs to see") nor a word that
    may be a noun ("drinks water")."""
    previous = tokens[number].group(2)
    for token in tokens[number + 1 :]:
        said = token.group(2)
        if re.search(r"<(?:cm|sent)>", said):
            return False
        infinitive = previous.lower().startswith("to<pr>")
        if _AUXILIARY.search(said) or (
            not infinitive and _VERB_WORD.search(said) and _FINITE.search(said)
        ):
            return True
        previous = said
    return False


def _clause_follows(tokens: list[re.Match[str]], number: int, chosen: dict[int, list[str]]) -> bool:
    """Whether a clause follows `number`: a determiner, up to three words of its noun
    phrase, then a verb that is no noun ("the fever goes down", not "the end of")."""
    if "<det>" not in tokens[number + 1].group(2).split("/")[0]:
        return False
    for n in range(number + 2, min(number + 6, len(tokens))):
        said = "/".join(chosen.get(n, [])) or tokens[n].group(2)
        if _FINITE.search(said.replace("<pri>", "<pres>")) and "<n>" not in said:
            return True
        if "<n>" not in said and "<adj>" not in said:
            return False
    return False


#: A determiner's reading, first: "the", "your", "this".
_DETERMINER = re.compile(r"[^/<]*<det>")
#: Words that compare with a number ("a fever over 100.4°F", "children under 2 years",
#: "babies younger than 6 months"), by lemma, and the English the engine translates as
#: Spanish does ("more than" → "más de"); the engine itself gives "encima 100.4°F",
#: "debajo 2 años", "más jóvenes que 6 meses". A comparative takes its "than" with it.
_COMPARING = {"over": "more than", "above": "more than", "under": "less than", "below": "less than"}
_COMPARATIVES = {
    "young": "less than",
    "low": "less than",
    "few": "less than",
    "old": "more than",
    "high": "more than",
    "great": "more than",
}
_TIME_UNIT = re.compile(r"^(?:second|minute|hour|day|week|month|year)<n>")


def comparisons(analysis: str) -> str:
    """The analyser's output with a word that compares with the number after it read as
    "more than" or "less than" (`_COMPARING`, `_COMPARATIVES`), and "of" put before it
    after a noun, as Spanish says "una fiebre de más de 100.4 °F", "niños de menos de
    2 años". "Over" before a time is a comparison only after "for" or a noun with no
    number of its own ("for over 3 days", "children over 6 months"); elsewhere it is a
    spread over that time, "during" ("infuse over 30 minutes", "3 doses over 24 hours").
    A noun that may be a verb too ("levels") takes no "of": the tagger decides."""
    tokens = list(UNIT.finditer(analysis))
    units: list[str | None] = [t.group() for t in tokens]
    for number, token in enumerate(tokens[:-1]):
        readings = token.group(2).split("/")
        lemma = readings[0].split("<", 1)[0].lower()
        comparing = _COMPARING.get(lemma) if re.search(r"<(?:pr|adv)>", token.group(2)) else None
        last = number + 1
        if lemma in _COMPARATIVES and "<comp>" in token.group(2) and number + 2 < len(tokens):
            than = tokens[number + 1]
            comparing = _COMPARATIVES[lemma] if than.group(2).startswith("than<") else None
            last = number + 2
        if not comparing or "<num>" not in tokens[last].group(2):
            continue
        gaps = (analysis[tokens[n].end() : tokens[n + 1].start()] for n in range(number, last))
        if any(gap.strip() for gap in gaps):
            continue  # a placeholder between the words
        before = tokens[number - 1].group(2).split("/") if number else ["<sent>"]
        counted = number > 1 and "<num>" in tokens[number - 2].group(2)
        phrase = number and "⟦" in analysis[tokens[number - 1].end() : token.start()]
        noun = any("<n>" in r or "<np>" in r for r in before) and not counted and not phrase
        noun = noun and not any(re.search(r"<vblex><(?:pri|past)>", r) for r in before)
        timed = last + 1 < len(tokens) and _TIME_UNIT.search(tokens[last + 1].group(2))
        after_for = phrase or before[0].startswith("for<pr>")  # "for" may be a phrase's
        if timed and lemma == "over" and not (noun or after_for):
            comparing, noun = "during", False  # a spread over that time ("durante")
        surface = " ".join(tokens[n].group(1) for n in range(number, last))
        units[number] = ("^of/of<pr>$ " if noun else "") + _unit(surface, [f"{comparing}<pr>"])
        units[number + 1 : last] = [None] * (last - number - 1)
    return _joined(analysis, tokens, units)


def _joined(analysis: str, tokens: list[re.Match[str]], units: list[str | None]) -> str:
    """The analysis with each token's text as `units` has it (None: the token and the
    blank after it left out)."""
    if not tokens:
        return analysis
    gaps = [analysis[: tokens[0].start()]]
    gaps += [analysis[a.end() : b.start()] for a, b in itertools.pairwise(tokens)]
    gaps.append(analysis[tokens[-1].end() :])
    pieces = [gaps[0]]
    for unit, gap in zip(units, gaps[1:], strict=True):
        pieces += [unit, gap] if unit is not None else []
    return "".join(pieces)


def questions(analysis: str) -> str:
    """The analyser's output with each question's auxiliary put after its subject, and a
    "do" of do-support left out (its tense given to the verb): "When should I call the
    doctor?" is read as "When I should call …", "Can my child go to school?" as "my child
    can go …", "How does this medicine work?" as "How this medicine works?". The engine
    cannot translate English's inverted order ("¿Cuándo tener que llamo el médico?",
    "¿Puede doy …?", "¿Cómo hace este trabajo de medicamento?"); Spanish asks in the
    statement's order. A question that ends with its subject ("What are the side
    effects?") keeps its order, as Spanish does."""
    tokens = list(UNIT.finditer(analysis))
    if not tokens:
        return analysis
    units: list[str | None] = [t.group() for t in tokens]
    start = 0
    for end, token in enumerate(tokens):
        if "<sent>" not in token.group(2):
            continue
        if token.group(1) == "?":
            _uninverted(analysis, tokens, units, start, end)
        start = end + 1
    return _joined(analysis, tokens, units)


def _uninverted(
    analysis: str, tokens: list[re.Match[str]], units: list[str | None], start: int, end: int
) -> None:
    """`units` (the tokens' text) of one question, from `start` to its "?" at `end`, in
    the statement's order where the question has one of the inverted shapes, and nothing
    but spaces between the words it moves (a placeholder stays where it is)."""
    # A question may open with "and", "but", "so" ("And are you having chest pain?").
    opening = start + 1 if tokens[start].group(2).lower().startswith(_JOINING) else start
    aux = opening
    asked = tokens[aux].group(2).lower()
    if "<itg>" in asked or asked.startswith("how "):  # "how long<adv>" has no <itg>
        aux += 1  # past the question word and its words: "What medicines should I …"
        while aux < end and not _AUXILIARY.search(tokens[aux].group(2)):
            if not re.search(r"<(?:n|adj|adv)>", tokens[aux].group(2)):
                return
            aux += 1
    if aux + 2 >= end:
        return
    auxiliary = [r for r in tokens[aux].group(2).split("/") if _AUXILIARY.search(r)]
    if not auxiliary:
        return
    do = "<vbdo>" in auxiliary[0]

    def verb_after(last: int) -> bool:  # "What are the side effects?" ends with its subject
        after = tokens[last + 1].group(2) if last + 1 < end else ""
        return bool(after) and (not do or "<vblex><inf>" in after)

    options = [
        (last, chosen) for last, chosen in _subjects(tokens, aux + 1, end) if verb_after(last)
    ]
    if not options:
        return
    last, chosen = options[-1]
    if any(analysis[tokens[n].end() : tokens[n + 1].start()].strip() for n in range(aux, last + 1)):
        return
    first = aux == start
    if first:  # the subject starts the sentence now, the auxiliary does not
        chosen[0] = [_cased(r, upper=True) for r in chosen[0]]
        auxiliary = [_cased(r, upper=False) for r in auxiliary]
    subject = [
        _unit(tokens[n].group(1), r) for n, r in zip(range(aux + 1, last + 1), chosen, strict=True)
    ]
    if first:
        subject[0] = _unit(_cased(tokens[aux + 1].group(1), upper=True), chosen[0])
    if do:
        verb = last + 1
        main = next(r for r in tokens[verb].group(2).split("/") if "<vblex><inf>" in r)
        tense = auxiliary[0][auxiliary[0].index("<vbdo>") + len("<vbdo>") :]
        units[verb] = _unit(tokens[verb].group(1), [main.replace("<inf>", tense, 1)])
        units[aux : last + 1] = [None, *subject]
        return
    spoken = tokens[aux].group(1)
    units[aux : last + 1] = [
        *subject,
        _unit(_cased(spoken, upper=False) if first else spoken, auxiliary),
    ]


def _subjects(
    tokens: list[re.Match[str]], begin: int, end: int
) -> list[tuple[int, list[list[str]]]]:
    """What may be the question's subject from `begin`: a personal pronoun, "there", or
    a noun phrase (determiner, adjectives, nouns) ending at any of its nouns; each as its
    last token and its tokens' readings as a subject."""
    readings = tokens[begin].group(2).split("/")
    pronoun = [r for r in readings if "<prn><subj>" in r]
    if pronoun:
        return [(begin, [pronoun])]
    if readings[0].lower().startswith("there<adv>"):
        return [(begin, [readings])]
    chosen: list[list[str]] = []
    options = []
    for n in range(begin, end):
        found = [r for r in tokens[n].group(2).split("/") if re.search(r"<(?:det|adj|n|num)>", r)]
        if not found or (n == begin and not any("<det>" in r or "<n>" in r for r in found)):
            break
        if nouns := [r for r in found if "<n>" in r]:
            options.append((n, [*chosen, nouns]))
        chosen.append(found)
    return options


def _unit(surface: str, readings: list[str]) -> str:
    return f"^{surface}/{'/'.join(readings)}$"


def _cased(text: str, *, upper: bool) -> str:
    """A surface form or reading with its first letter in the case of its new place ("I"
    stays "I")."""
    if text[:1] == "I" and (len(text) == 1 or not text[1].isalpha()):
        return text
    return (text[:1].upper() if upper else text[:1].lower()) + text[1:]


def relatives(analysis: str) -> str:
    """The analyser's output with "who", "that" or "which" between a noun and a verb read
    as the relative pronoun it is there, and the word after it as the verb: "Children who
    have a fever", "a host that serves as", "a rash that spreads". The tagger otherwise
    reads the question word or the demonstrative ("Niños quiénes tienen", "un anfitrión
    aquello sirve", "que propagaciones")."""
    tokens = list(UNIT.finditer(analysis))
    chosen: dict[int, list[str]] = {}
    for number, token in enumerate(tokens[1:-1], start=1):
        relative = [r for r in token.group(2).split("/") if "<rel>" in r]
        before, following = tokens[number - 1], tokens[number + 1]
        verbs = [r for r in following.group(2).split("/") if _ANY_VERB.search(r)]
        verbs = [r for r in verbs if _TENSE.search(r)] or verbs  # "have": not the infinitive
        noun = "<n>" in before.group(2) or "<np>" in before.group(2) or before.group(2)[:1] == "*"
        # "that date" may be a determiner and its noun, unless the noun before is plural
        # and the word after agrees with it as a verb ("genomes that share").
        determiner = "<det>" in token.group(2) and "<n><sg>" in following.group(2)
        determiner = determiner and "<pl>" not in before.group(2)
        if relative and verbs and noun and not determiner:
            chosen |= {number: relative, number + 1: verbs}
    return _chosen(analysis, tokens, chosen)


def _sentences(tokens: list[re.Match[str]]) -> Iterator[range]:
    """The numbers of each sentence's tokens, its end mark left out."""
    start = 0
    for end, token in enumerate(tokens):
        if "<sent>" in token.group(2):
            yield range(start, end)
            start = end + 1


def _chosen(analysis: str, tokens: list[re.Match[str]], chosen: dict[int, list[str]]) -> str:
    """The analysis with the readings of the tokens in `chosen` (by number) as it says."""
    pieces, position = [], 0
    for number, readings in sorted(chosen.items()):
        token = tokens[number]
        pieces += [analysis[position : token.start()], f"^{token.group(1)}/{'/'.join(readings)}$"]
        position = token.end()
    pieces.append(analysis[position:])
    return "".join(pieces)


#: What starts a verb's object: a determiner, a number, an object pronoun, a name.
_OBJECT_START = re.compile(r"[^/]*<(?:det|num|np|prn><obj)>")
#: Adverbs that may open an instruction before its verb.
_FREQUENCY = frozenset({"always<adv>", "never<adv>"})


def imperatives(analysis: str, closing: frozenset[str] = frozenset()) -> str:
    """The analyser's output with the first word of each sentence or bracket read as a verb
    where it can be an infinitive and the next word is no verb: English instructions start
    with a bare verb ("Call the clinic", "Tell your doctor"), which the tagger otherwise
    often takes for a noun ("Llamada la clínica"). So does the word after a phrase's
    placeholder ("⟦P1⟧ call", for "please call"), and the main clause's first word after a
    sentence-opening condition, time or purpose ("If your child stops breathing, call 911";
    "In an emergency, call 911"; "To prevent infection, wash …"; "In the morning, give …"),
    brackets inside the condition passed over ("If you see signs (hives, …), call 911"),
    unless a list goes on after it ("If you have a fever, cough, or …"). So does a verb of
    `closing` after "and" or "then" at the end of an instruction ("Drink fluids and rest.").
    Readings are Apertium's (`^Call/Call<n><sg>/Call<vblex><inf>$`)."""
    tokens = list(UNIT.finditer(analysis))
    pieces, position, fresh, clause, condition = [], 0, True, False, False
    instruction = False  # the sentence so far is an instruction ("Give …, and rest.")
    aside = False  # in brackets inside a condition: "If you see signs (hives, …), call"
    for number, token in enumerate(tokens):
        if (condition and "<lpar>" in token.group(2)) or aside:
            aside = "<rpar>" not in token.group(2)
            continue
        readings = token.group(2).split("/")
        auxiliary = any(_AUXILIARY.search(r) for r in readings)  # "Do you …?"
        verbs = [r for r in readings if "<vblex><inf>" in r]
        following = tokens[number + 1] if number + 1 < len(tokens) else None
        blank = analysis[token.end() : following.start()] if following else ""
        if fresh or (instruction and _coordinated(tokens, number, closing)):
            chosen = _instruction(readings, tokens, number, blank, listed=clause, alone=closing)
            if chosen and not auxiliary:
                pieces += [analysis[position : token.start()], f"^{token.group(1)}/{chosen}$"]
                position = token.end()
                condition, instruction = False, True
        if fresh and not clause:
            condition = any(_CONDITION.search(r) for r in readings)
            instruction = instruction or bool(verbs and len(verbs) == len(readings))
        ended = any(mark in token.group(2) for mark in ("<sent>", "<lpar>"))
        condition = condition and not ended
        clause = condition and "<cm>" in token.group(2)
        # A sentence that opens with a phrase kept out of the engine and a comma
        # ("⟦T1⟧, give 1 tablet": "Twice a day, give …") goes on with its instruction.
        opening = fresh and "<cm>" in token.group(2) and "⟦" in analysis[: token.start()][-12:]
        instruction = instruction and not ended
        # "Always wash …", "Never put …": the verb after the adverb starts the instruction.
        frequency = fresh and token.group(2).lower() in _FREQUENCY
        fresh = ended or clause or opening or frequency or "[⟦P" in blank
    pieces.append(analysis[position:])
    return "".join(pieces)


def _instruction(
    readings: list[str],
    tokens: list[re.Match[str]],
    number: int,
    blank: str,
    *,
    listed: bool,
    alone: frozenset[str],
) -> str:
    """The verb readings of a word that may start an instruction, joined, or "" where it
    is no verb there. An instruction's verb has an object or a complement, never a verb
    (unless it can only be a verb itself) or "of" after it ("Date of onset", "Loss of
    appetite" are headings), nor an end ("Rest" as a heading, "Time." as a label), but
    for a phrase kept out of the engine ("Take ⟦T1⟧." for "Take with food.") and a verb
    of `alone` before the source's own full stop or "!" ("Rest.", "Wait!")."""
    verbs = [r for r in readings if "<vblex><inf>" in r]
    if not verbs or len(verbs) == len(readings):
        return ""
    following = tokens[number + 1] if number + 1 < len(tokens) else None
    then = following.group(2) if following else "<sent>"
    # destxt's own end mark is the last token; the source's comes before it.
    own_end = following is not None and number + 2 < len(tokens) and then in (".<sent>", "!<sent>")
    own_end = own_end and tokens[number].group(1).lower() in alone
    # A word that can only be a verb starts an instruction whatever may follow ("Avoid
    # contact sports": "contact" may be a verb too).
    only_verb = all("<vblex>" in r for r in readings)
    ends = (bool(_FINITE.search(then)) and not only_verb) or then.startswith("of<pr>")
    ends = ends or ("<sent>" in then and not (own_end or "⟦" in blank))
    # After a condition, a list may go on ("If you have a fever, cough, or …"), unless
    # the word is a verb of `alone` ("If …, rest and drink plenty of fluids").
    listed = listed and tokens[number].group(1).lower() not in alone
    if ends or (listed and ("<cm>" in then or "<cnjcoo>" in then)):
        return ""
    return "/".join(verbs)


def _coordinated(tokens: list[re.Match[str]], number: int, closing: frozenset[str]) -> bool:
    """Another instruction after "and", "or" or "then": a verb of `closing` at the end
    ("Drink fluids and rest.", "Give acetaminophen, then rest."), or a word that may be a
    verb before its object ("Go to the ER or call 911", "Rest and call your doctor"; the
    tagger read "llamada 911")."""
    if number == 0 or number + 1 >= len(tokens):
        return False
    before = tokens[number - 1].group(2).lower()
    then = tokens[number + 1].group(2)
    if not before.startswith(("and<cnjcoo>", "or<cnjcoo>", "then<adv>")):
        return False
    if tokens[number].group(1).lower() in closing and ("<sent>" in then or "<cm>" in then):
        return True
    verb = any("<vblex><inf>" in r for r in tokens[number].group(2).split("/"))
    return verb and bool(_OBJECT_START.match(then))


def encode(segment: str, end: bytes = _END) -> bytes:
    """A segment in Apertium's stream format, as apertium-destxt writes it, then `end`
    (by default destxt's sentence-end mark and the flush)."""
    pieces: list[str] = []
    position = 0
    for match in _SUPERBLANK.finditer(segment):
        pieces += [_escape(segment[position : match.start()]), f"[{match.group()}]"]
        position = match.end()
    pieces.append(_escape(segment[position:]))
    return "".join(pieces).replace("\0", "").encode() + end


def _escape(text: str) -> str:
    return _RESERVED.sub(lambda match: "\\" + match.group(), text)


def decode(answer: bytes) -> str:
    """Plain text again, as apertium-retxt gives it."""
    text = answer.decode("utf-8", errors="replace")
    return _FORMATTING.sub(lambda match: match.group(1) or "", text)
