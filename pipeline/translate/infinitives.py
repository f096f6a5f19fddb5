"""The link between a word and the infinitive that completes it, as the target language
wants it: the engine writes the purpose "para" or a "de" wherever English has "to".

"Remember to take your medicine" came out "Recuerde para tomar su medicamento", "It is
important to give" "Es importante de dar", "how to use it" "cómo para utilizarlo". A
`[register] infinitive_links` table says, per verb lemma, what joins it to an infinitive
("" for none: "Recuerde tomar"; "a": "Ayude a …"; "de": "Trate de …"); an interrogative
("cómo", "qué") takes none, and so does an impersonal "es" + adjective or adverb at a
sentence's start ("Es importante dar", "Está bien comer"). Works on the tagged words of
pipeline.translate.morph.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.translate.morph import Word

_INFINITIVE = re.compile(r"<(?:vblex|vbser|vbhaver|vbmod)><inf>")
_LINK = re.compile(r"(?:para|de)<pr>")
#: "Es"/"es", "Está"/"está": the lemma keeps a sentence's capital.
_IMPERSONAL = re.compile(r"(?:[Ss]er<vbser>|[Ee]star<vblex>)<(?:pri|ifi|pii|fti|cni)><p3><sg>")


def linked(words: list[Word], links: Mapping[str, str], starts: set[int]) -> list[Word]:
    """`words` with each "para" or "de" before an infinitive replaced by what the word
    before it takes; `starts` are the indexes where sentences start."""
    out = list(words)
    spoken = [i for i, w in enumerate(words) if w.word]
    for k, i in enumerate(spoken[1:-1], start=1):
        reading = words[i].reading or ""
        after = words[spoken[k + 1]].reading or ""
        if not _LINK.match(reading) or not _INFINITIVE.search(after):
            continue
        link = _link(words, spoken[:k], links, starts)
        if link is None:
            continue
        if link:
            out[i] = replace(out[i], surface=link, reading=None)
        else:  # the word and the blank after it go
            out[i] = replace(out[i], surface="", reading=None)
            if i + 1 < len(out) and out[i + 1].reading is None:
                out[i + 1] = replace(out[i + 1], surface="")
    return out


def _link(
    words: list[Word], before: list[int], links: Mapping[str, str], starts: set[int]
) -> str | None:
    """What joins the word before (the last of `before`) to an infinitive, or None when
    the engine's link stays ("para" of a purpose)."""
    previous = words[before[-1]]
    reading = previous.reading or ""
    lemma = previous.lemma.lower()
    if re.search(r"<(?:vblex|vbmod)>(?!<pp>)", reading) and lemma in links:  # not "sabido"
        return links[lemma]
    if "<itg>" in reading:
        return ""
    if len(before) >= 2 and re.search(r"<(?:adj|adv)>", reading):
        verb = before[-2]
        negated = len(before) >= 3 and words[before[-3]].lemma.lower() == "no"
        first = verb in starts or (negated and before[-3] in starts)
        if first and _IMPERSONAL.match(words[verb].reading or ""):
            return ""
    return None
