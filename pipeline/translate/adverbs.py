"""English adverbs in -ly the engine does not know, made from the adjective it does know.

Apertium's dictionary has "intense" and "important" but not "intensely" or "Importantly",
which it leaves in English. An English adverb is its adjective and "-ly" ("intense-ly",
"probab-le" → "probab-ly", "eas-y" → "eas-ily": `[unknown] adverbs`, English endings);
the Spanish one is the adjective's feminine singular and the language's adverb ending
(`cognates.toml` adverb: "intensa" + "mente"). Every step is the engine's own data: the
English analyser confirms the adjective, the bilingual dictionary translates it, the
Spanish generator makes its feminine; a word none of them confirms stays as it was.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from pathlib import Path

from pipeline.engines import EngineError
from pipeline.engines.apertium import TIMEOUT, data_folder
from pipeline.engines.stream import UNIT
from pipeline.translate.cognates import ADVERB, Guess
from pipeline.translate.conventions import Conventions


def guesses(words: Sequence[str], conventions: Conventions) -> dict[str, Guess]:
    """A Spanish adverb for each of `words` (unknown to the engine) that is an adjective
    the engine knows and an English adverb ending; none without the data."""
    settings, rules = conventions.unknown, conventions.cognates
    files = [settings.get(k) for k in ("apertium", "analyser", "bilingual")]
    generator = conventions.register.get("generator")
    if rules is None or rules.adverb is None or not all(files) or not generator:
        return {}
    ending = rules.adverb[1]
    candidates = {
        word: _adjectives(word, settings.get("adverbs", ()))
        for word in words
        if re.fullmatch(r"[A-Za-z][a-z]+", word)
    }
    asked = list(dict.fromkeys(a for found in candidates.values() for a in found))
    if not asked:
        return {}
    try:
        feminine = _feminine(asked, data_folder(str(files[0])), [*map(str, files[1:]), generator])
    except EngineError:
        return {}
    found = {}
    for word, adjectives in candidates.items():
        made = next((feminine[a] for a in adjectives if a in feminine), None)
        if made:
            adverb = made + ending
            found[word] = Guess(word, ADVERB, "", False, {"m.sg": adverb})
    return found


def _adjectives(word: str, endings: Sequence[Sequence[str]]) -> list[str]:
    """The adjectives an English adverb may come from, by `endings` (adverb ending,
    adjective ending), in their order."""
    lower = word.lower()
    return [
        lower.removesuffix(adverb) + adjective
        for adverb, adjective in endings
        if lower.endswith(adverb) and len(lower) > len(adverb) + 2
    ]


def _feminine(adjectives: Sequence[str], folder: Path, files: Sequence[str]) -> dict[str, str]:
    """Each English adjective the engine knows → its translation's feminine singular."""
    analyser, bilingual, generator = (folder / name for name in files)
    if missing := [str(f) for f in (analyser, bilingual, generator) if not f.is_file()]:
        raise EngineError(f"Apertium data missing: {', '.join(missing)}")
    analysed = _run(["lt-proc", "-z", str(analyser)], adjectives)
    readings = [
        next((r for r in m.group(2).split("/") if "<adj>" in r), "") if m else ""
        for m in (UNIT.search(a) for a in analysed)
    ]
    known = [n for n, reading in enumerate(readings) if reading]
    translated = _run(["lt-proc", "-z", "-b", str(bilingual)], [f"^{readings[n]}$" for n in known])
    lemmas = {}
    for n, text in zip(known, translated, strict=True):
        spanish = next(iter(UNIT.findall(text)), ("", ""))[1].split("/")[0]
        if re.fullmatch(r"\w+<adj>(?:<mf>)?", spanish):
            gender = "<mf>" if spanish.endswith("<mf>") else "<f>"
            lemmas[n] = f"^{spanish.split('<')[0]}<adj>{gender}<sg>$"
    generated = _run(["lt-proc", "-z", "-g", str(generator)], list(lemmas.values()))
    return {
        adjectives[n]: form
        for n, form in zip(lemmas, generated, strict=True)
        if re.fullmatch(r"\w+", form)
    }


def _run(command: list[str], records: Sequence[str]) -> list[str]:
    """Each record through one lt-proc call in null-flush mode, in order."""
    if not records:
        return []
    data = "".join(f"{r}\0" for r in records).encode()
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=TIMEOUT, check=True)
    except (OSError, subprocess.SubprocessError) as error:
        raise EngineError(f"Apertium's lt-proc failed: {error}") from None
    answers = done.stdout.decode("utf-8", "replace").split("\0")
    if len(answers) < len(records):
        raise EngineError("Apertium's lt-proc gave fewer answers than it was asked")
    return [a.strip() for a in answers[: len(records)]]
