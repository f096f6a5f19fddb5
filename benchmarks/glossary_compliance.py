"""Glossary compliance of machine drafts, before and after term enforcement.

    python -m benchmarks.glossary_compliance [--engine apertium]

Takes the seed sheet's segments and the Spanish glossary with every proposed term treated
AS IF approved (none is approved yet; this measures the mechanism, not a review), and
reports the share of term occurrences whose approved target (or an accepted variant)
appears in the engine's output: translating the English as written, and translating with
the terms protected by placeholders and restored.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

from pipeline import config as config_module
from pipeline import glossary as glossaries
from pipeline.engines import engine_for
from pipeline.glossary import Status
from pipeline.readers import read
from pipeline.translate import protect
from pipeline.units import units

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine", default="apertium")
    args = parser.parse_args()
    config = config_module.load(ROOT / "pipeline.toml")
    translation = dataclasses.replace(config.translation, engines={"es": args.engine})
    config = dataclasses.replace(config, translation=translation)
    glossary = glossaries.load(ROOT / "glossaries" / "en-es.csv")
    approved = tuple(
        dataclasses.replace(t, status=Status.APPROVED) if t.status is Status.PROPOSED else t
        for t in glossary.terms
    )
    glossary = dataclasses.replace(glossary, terms=approved)
    document = read(ROOT / "sources" / "aldesleukin.txt", config).document
    segments = [unit.text for unit in units(document)]
    matches = [glossaries.find_terms(glossary, text, {Status.APPROVED}) for text in segments]
    engine = engine_for(config, "es-US")
    if engine is None:
        raise SystemExit(f"no {args.engine} engine here")
    try:
        start = time.perf_counter()
        plain = engine.translate(segments)
        seconds = time.perf_counter() - start
        guarded = [
            protect.protect(text, found, glossary.target_lang)
            for text, found in zip(segments, matches, strict=True)
        ]
        protected = [
            protect.restore(text, g)[0]
            for text, g in zip(engine.translate([g.text for g in guarded]), guarded, strict=True)
        ]
    finally:
        engine.close()
    total = sum(len(found) for found in matches)
    for label, outputs in (("as written", plain), ("terms enforced", protected)):
        hits = sum(
            glossaries.target_found(m.term, out)
            for found, out in zip(matches, outputs, strict=True)
            for m in found
        )
        print(f"{engine.name} {label:15} {hits}/{total} term occurrences = {hits / total:.0%}")
    print(f"{engine.name}: {len(segments) / seconds:.0f} segments/s ({len(segments)} segments)")


if __name__ == "__main__":
    main()
