"""Lexical preferences for Apertium: which translation of an English word a health text wants.

Apertium's bilingual dictionary gives several translations for many English words and the
pair's lexical-selection rules (`lrx-proc`) mostly leave the first, a general-domain one:
"show" → "asomar" (to peek out) before "mostrar", "cell" → "celda" (a prison cell) before
"célula", "host" → only "anfitrión" (who gives a party), never a virus's "huésped". The
pipeline's Apertium engine runs the bilingual lookup apart from the rest and rewrites its
output with `choose` before `lrx-proc` sees it.

The preferences are language data: `pipeline/languages/data/<target>/lexicon.csv`, one row
per English analysis (`source`: lemma and leading tags as Apertium's English analyser
writes them, "show<vblex>", "cell<n>") and the translation to use (`target`: a lemma and its
tags, "mostrar<vblex>", "huésped<n><m>"). Where the dictionary offers that translation it is
kept alone; where it does not, the target's lemma and tags are put in, followed by the
English reading's tags after its part of speech ("host<n><pl>" → "huésped<n><m><pl>",
for "arm<n><pl>" too: a plural's entry keeps the plural), so the
target's tags must be the ones the bidix would give (gender for a noun) and the generator
must know the lemma (tests/test_engines_lexical.py checks every entry). No file, no rows:
the stream is left as it is.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import csvdata
from pipeline.engines.stream import UNIT
from pipeline.errors import DataFileError
from pipeline.languages import data_folder

#: The file in a target language's data folder.
FILE = "lexicon.csv"
#: An analysis: a lemma (escapes allowed, a multiword's "#" part included), then its tags.
_ANALYSIS = re.compile(r"((?:\\.|[^\\<>/^$])+)((?:<[0-9A-Za-z_]+>)+)(.*)", re.DOTALL)
#: A translation among the alternatives (they are separated by an unescaped "/").
_ALTERNATIVE = re.compile(r"(?:\\.|[^\\/])+")


@dataclass(frozen=True)
class Preference:
    """Readings whose tags start with `tags` are translated as `target` + `target_tags`."""

    tags: str
    target: str
    target_tags: str
    line: int


@dataclass(frozen=True)
class Lexicon:
    #: Lowercase English lemma → its entries, most tags first.
    entries: dict[str, tuple[Preference, ...]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def entry(self, lemma: str, tags: str) -> Preference | None:
        """The entry for an English reading, or None."""
        return next(
            (e for e in self.entries.get(lemma.lower(), ()) if tags.startswith(e.tags)), None
        )


def load(target: str) -> Lexicon:
    """The target language's preferences (`data/<target>/lexicon.csv`); empty without one."""
    return read(data_folder(target) / FILE)


@functools.cache
def read(path: Path) -> Lexicon:
    """Raises DataFileError naming the file and line of a bad row."""
    if not path.is_file():
        return Lexicon()
    found: dict[str, list[Preference]] = {}
    seen: dict[tuple[str, str], int] = {}
    for row in csvdata.read(path, ("source", "target"), ("note",)).rows:
        source, target = (_analysis(path, row.line, row.values[k], k) for k in ("source", "target"))
        lemma, tags = source[0].lower(), source[1]
        if (lemma, tags) in seen:
            raise DataFileError(
                str(path),
                f"{row.values['source']!r} is already on line {seen[lemma, tags]}",
                row.line,
            )
        seen[lemma, tags] = row.line
        found.setdefault(lemma, []).append(Preference(tags, target[0], target[1], row.line))
    return Lexicon(
        {lemma: tuple(sorted(e, key=lambda e: -len(e.tags))) for lemma, e in found.items()}
    )


def _analysis(path: Path, line: int, text: str, column: str) -> tuple[str, str]:
    """A lemma and its tags ("célula", "<n><f>") from "célula<n><f>"."""
    match = _ANALYSIS.fullmatch(text)
    if match is None or match.group(3):
        raise DataFileError(
            str(path),
            f"{column} {text!r} is no lemma with tags as Apertium writes them"
            " (cell<n>, célula<n><f>)",
            line,
        )
    return match.group(1), match.group(2)


def choose(bilingual: str, lexicon: Lexicon) -> str:
    """The bilingual lookup's output (`^cell<n><pl>/celda<n><f><pl>/célula<n><f><pl>$`)
    with each unit the lexicon has an entry for translated as the entry says; everything
    else, blanks and formatting included, exactly as it was."""
    if not lexicon:
        return bilingual
    return UNIT.sub(lambda unit: _chosen(unit, lexicon), bilingual)


def _chosen(unit: re.Match[str], lexicon: Lexicon) -> str:
    source = _ANALYSIS.fullmatch(unit.group(1))
    # A verb's multiword particle after its tags ("take<vblex><inf># care") is another word.
    entry = lexicon.entry(source.group(1), source.group(2)) if source else None
    if source is None or entry is None or source.group(3):
        return unit.group()
    alternatives = _ALTERNATIVE.findall(unit.group(2))
    kept = [a for a in alternatives if _is(a, entry)]
    if not kept:
        lemma = _cased(entry.target, source.group(1))
        pos = entry.tags[: entry.tags.index(">") + 1]  # the tags after it are the reading's
        kept = [lemma + entry.target_tags + source.group(2)[len(pos) :]]
    return f"^{unit.group(1)}/{'/'.join(kept)}$"


def _is(alternative: str, entry: Preference) -> bool:
    """Whether a translation the dictionary gives is the entry's."""
    found = _ANALYSIS.fullmatch(alternative)
    return (
        found is not None
        and found.group(1).lower() == entry.target.lower()
        and found.group(2).startswith(entry.target_tags)
    )


def _cased(lemma: str, like: str) -> str:
    """`lemma` in the case of the English lemma, as the bilingual lookup writes it."""
    if len(like) > 1 and like.isupper():
        return lemma.upper()
    return lemma[:1].upper() + lemma[1:] if like[:1].isupper() else lemma
