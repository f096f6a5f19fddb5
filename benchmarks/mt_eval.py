"""Machine drafts against professional references: raw engine vs the project's drafts.

    python -m benchmarks.mt_eval [--tmx PATH] [--subset CMU --subset PubMed] [--limit N]

Reads a TMX translation memory (by default TICO-19's English → Latin-American Spanish,
tests/fixtures/tico19/en-es-419.tmx); each unit's subset is its `tuid` up to the first
underscore (`CMU_1:1` → CMU, `PubMed_7:3` → PubMed). In one run, every English segment is
translated by the raw engine (`apertium eng-spa` with its marks removed, as `apertium -u`
gives: the project's engine run as the command runs it, without its lexical preferences or
its reading of the English, `apertium.start(plain=True)`) and
by the project's draft path (`pipeline.translate.run.draft`: glossary, Spanish
conventions, no engine marks), and both are scored with sacrebleu's chrF and BLEU per
subset; the drafts also with glossary nouns sent as placeholders (⟦T1⟧) rather than as
stand-in nouns, to measure what agreement is worth, and with placeholders whose
neighbouring determiners and adjectives are then made to agree by Apertium's Spanish
analyser and generator (the other way to agreement: morph.Register.agree). Per subset
it also reports the share of segments with
- engine marks (`*word`, `#word`, `@word`) in what would reach readers,
- informal address (tú or vosotros forms, by Apertium's Spanish analyser:
  pipeline.translate.morph),
- questions without the opening ¿,
- glossary violations (a preferred term's target missing, or a forbidden rendering);
and the share of draft segments with words the engine did not know, guessed as cognates
or kept as written (each listed in the unit's note: pipeline.translate.unknown).

It is a yardstick, not training data: nothing in the pipeline is written for its sentences.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import re
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import sacrebleu
from lxml import etree

from pipeline import config as config_module
from pipeline import glossary as glossaries
from pipeline.engines import Engine, apertium, engine_for
from pipeline.glossary import Glossary, Status, find_terms, forbidden_found, target_found
from pipeline.translate import conventions, drafting, run
from pipeline.translate.morph import Register

ROOT = Path(__file__).resolve().parent.parent
TMX = ROOT / "tests" / "fixtures" / "tico19" / "en-es-419.tmx"
#: Subsets whose text is medical: the targets are judged on these.
MEDICAL = ("CMU", "PubMed")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_MARK = re.compile(r"(?<![\w*#@])[*#@](?=\w)")


@dataclasses.dataclass(frozen=True)
class Pair:
    subset: str
    source: str
    reference: str


def read_tmx(path: Path, target: str) -> list[Pair]:
    """English → `target` (primary subtag) pairs of a TMX file, with their subsets."""
    pairs = []
    for unit in etree.parse(str(path)).iter("tu"):
        texts: dict[str, str] = {}
        for variant in unit.iter("tuv"):
            lang = (variant.get(_XML_LANG) or variant.get("lang") or "").split("-")[0].lower()
            seg = variant.find("seg")
            if seg is not None:
                texts[lang] = " ".join("".join(str(t) for t in seg.itertext()).split())
        if texts.get("en") and texts.get(target):
            subset = (unit.get("tuid") or "unknown").split("_")[0]
            pairs.append(Pair(subset, texts["en"], texts[target]))
    return pairs


def marked(text: str) -> bool:
    return bool(_MARK.search(text))


def unmarked(text: str) -> str:
    return _MARK.sub("", text)


def missing_question_mark(text: str) -> bool:
    return text.count("?") > text.count("¿")


def violates(glossary: Glossary, source: str, target: str) -> bool:
    """A preferred term of the English whose target is not there, or a forbidden one is."""
    preferred = {Status.APPROVED, Status.PROPOSED}
    if any(not target_found(m.term, target) for m in find_terms(glossary, source, preferred)):
        return True
    return bool(forbidden_found(glossary, target, source))


def score(name: str, hypotheses: Sequence[str], references: Sequence[str]) -> str:
    chrf = sacrebleu.corpus_chrf(list(hypotheses), [list(references)]).score
    bleu = sacrebleu.corpus_bleu(list(hypotheses), [list(references)]).score
    return f"{name} chrF {chrf:5.1f} BLEU {bleu:5.1f}"


def shares(
    glossary: Glossary, register: Register, pairs: Sequence[Pair], outputs: Sequence[str]
) -> str:
    total = len(outputs) or 1
    counts = {
        "marks": sum(marked(o) for o in outputs),
        "tú/vosotros": sum(bool(words) for words in register.informal(outputs)),
        "no ¿": sum(missing_question_mark(o) for o in outputs),
        "glossary": sum(
            violates(glossary, p.source, o) for p, o in zip(pairs, outputs, strict=True)
        ),
    }
    return " ".join(f"{name} {100 * n / total:4.1f}%" for name, n in counts.items())


def unknown_words(notes: Sequence[Sequence[str]]) -> str:
    """How many segments had words the engine did not know, guessed or kept as written
    (pipeline.translate.unknown), as their notes say."""
    total = len(notes) or 1
    parts = []
    for name, prefix in (("guessed", drafting.GUESSED_NOTE), ("kept", drafting.UNKNOWN_NOTE)):
        found = [n.removeprefix(prefix) for ns in notes for n in ns if n.startswith(prefix)]
        words = sum(len(n.split("; " if prefix == drafting.GUESSED_NOTE else ", ")) for n in found)
        parts.append(f"{name} {100 * len(found) / total:4.1f}% ({words} words)")
    return "unknown words: " + " ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tmx", type=Path, default=TMX)
    parser.add_argument("--subset", action="append", help="only these subsets (repeatable)")
    parser.add_argument("--limit", type=int, default=0, help="at most N segments a subset")
    args = parser.parse_args()
    config = config_module.load(ROOT / "pipeline.toml")
    translation = dataclasses.replace(config.translation, engines={"es": "apertium"})
    config = dataclasses.replace(config, translation=translation)
    glossary = glossaries.load(ROOT / "glossaries" / "en-es.csv")
    by_subset: dict[str, list[Pair]] = defaultdict(list)
    for pair in read_tmx(args.tmx, "es"):
        if not args.subset or pair.subset in args.subset:
            by_subset[pair.subset].append(pair)
    if args.limit:
        by_subset = {name: pairs[: args.limit] for name, pairs in by_subset.items()}
    engine = engine_for(config, "es-US")
    if engine is None:
        raise SystemExit("no Apertium eng-spa engine here (apt-get install apertium-eng-spa)")
    raw = apertium.start(config, "en", "es", plain=True)
    spanish = conventions.load("es")
    assert spanish is not None  # pipeline/data/es/ is part of the project
    register = Register(spanish)
    try:
        for name, pairs in sorted(by_subset.items(), key=lambda item: -len(item[1])):
            _report(name, pairs, engine, glossary, register, plain=raw)
    finally:
        engine.close()
        raw.close()
        register.close()


def _report(
    name: str,
    pairs: list[Pair],
    engine: Engine,
    glossary: Glossary,
    register: Register,
    *,
    plain: Engine,
) -> None:
    sources = [p.source for p in pairs]
    references = [p.reference for p in pairs]
    start = time.perf_counter()
    raw = plain.translate(sources)
    middle = time.perf_counter()
    units = run.draft(sources, engine, glossary, dt.date(2026, 1, 1), "es")
    drafts = [u.target or "" for u in units]
    end = time.perf_counter()
    spanish = conventions.load("es")
    placeholders = [
        d.target if d else ""
        for d in drafting.translate(sources, engine, glossary, spanish, standins=False)
    ]
    morphology = [
        d.target if d else ""
        for d in drafting.translate(
            sources, engine, glossary, spanish, standins=False, morphology=True
        )
    ]
    medical = " (medical)" if name in MEDICAL else ""
    print(f"{name}{medical}: {len(pairs)} segments")
    print(f"  {score('raw -u ', [unmarked(r) for r in raw], references)}  [{middle - start:.1f} s]")
    print(f"  {score('raw    ', raw, references)}  (the drafts before: marks and all)")
    print(f"  {score('drafts ', drafts, references)}  [{end - middle:.1f} s]")
    print(f"  {score('drafts ', placeholders, references)}  (glossary nouns as placeholders)")
    print(f"  {score('drafts ', morphology, references)}  (placeholders, agreement by morphology)")
    print(f"  raw    {shares(glossary, register, pairs, raw)}")
    print(f"  drafts {shares(glossary, register, pairs, drafts)}")
    print(f"  drafts {unknown_words([u.notes for u in units])}")


if __name__ == "__main__":
    main()
