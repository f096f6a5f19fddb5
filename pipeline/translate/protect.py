"""Glossary terms survive machine translation by hiding them behind placeholders.

Engines have no glossary support, so before translation each approved or
do-not-translate term in a segment becomes a placeholder such as ⟦T1⟧ (engines pass
these through untouched); afterwards each placeholder becomes the approved target, or
the source words themselves for do-not-translate names. A placeholder the engine lost
is reported, never guessed back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.glossary import Status, Term, TermMatch
from pipeline.languages import Profile, find
from pipeline.translate import cognates

#: Statuses whose terms are enforced: approved targets, and names kept as they are.
ENFORCED = frozenset({Status.APPROVED, Status.DO_NOT_TRANSLATE})
TOKEN = re.compile(r"⟦T(\d+)⟧")


@dataclass(frozen=True)
class Slot:
    token: str
    term: Term
    #: The words as the source wrote them ("platelets"), for inflection and do-not-translate.
    found: str


@dataclass(frozen=True)
class Protected:
    text: str
    slots: tuple[Slot, ...]
    #: The target language, whose profile says how its plurals are formed.
    lang: str


def protect(text: str, matches: Sequence[TermMatch], lang: str) -> Protected:
    """Replace enforced terms with numbered placeholders; `matches` in text order, from a
    glossary into `lang`."""
    pieces: list[str] = []
    slots: list[Slot] = []
    position = 0
    for match in matches:
        if match.term.status not in ENFORCED or match.start < position:
            continue
        token = f"⟦T{len(slots) + 1}⟧"
        pieces += [text[position : match.start], token]
        slots.append(Slot(token, match.term, match.text))
        position = match.end
    pieces.append(text[position:])
    return Protected("".join(pieces), tuple(slots), lang)


def restore(translated: str, protected: Protected) -> tuple[str, tuple[Slot, ...]]:
    """Put the glossary's words back; also return the slots whose placeholder was lost."""
    by_token = {slot.token: slot for slot in protected.slots}
    seen: set[str] = set()

    def replacement(match: re.Match[str]) -> str:
        slot = by_token.get(match.group())
        if slot is None:
            return match.group()  # not ours: QA reports leftover placeholders
        seen.add(slot.token)
        return rendering(slot, protected.lang)

    restored = TOKEN.sub(replacement, translated)
    return restored, tuple(slot for slot in protected.slots if slot.token not in seen)


def rendering(slot: Slot, lang: str) -> str:
    """The target for a slot: source words for do-not-translate, else the approved target,
    in the plural when the source was plural and the glossary lists a plural variant."""
    term = slot.term
    if term.status is Status.DO_NOT_TRANSLATE:
        return slot.found
    if _plural(slot.found, term.source):
        return _plural_variant(term, lang) or term.target
    return term.target


def adjective_forms(term: Term, lang: str, rules: cognates.Rules | None) -> dict[str, str]:
    """A glossary adjective's target in each gender and number (cognates.FORMS): by the
    language's adjective endings from the target (Spanish "estreñido" → "estreñida",
    "estreñidos", "estreñidas"); a target of one gender ("embarazada", "irritable") keeps
    it, its plural the variant that is one; a phrase ("sin receta") never changes."""
    target = term.target
    if " " in target:
        return dict.fromkeys(cognates.FORMS, target)
    if rules is not None and (forms := cognates.inflected(rules, target)):
        return forms
    plural = _plural_variant(term, lang) or target
    return {"m.sg": target, "f.sg": target, "m.pl": plural, "f.pl": plural}


def _plural_variant(term: Term, lang: str) -> str | None:
    """The variant that is the term's target in the plural, by the language's profile."""
    found = find(lang)
    if found is None:
        return None
    return next((v for v in term.variants if _plural_of(v, term.target, found)), None)


def source_plural(slot: Slot) -> bool:
    """Whether the source wrote the term in the plural ("platelets")."""
    return _plural(slot.found, slot.term.source)


def _plural(found: str, source: str) -> bool:
    found, source = found.lower(), source.lower()
    return found != source and found.removesuffix("'s") != source and found.endswith("s")


def _plural_of(variant: str, target: str, language: Profile) -> bool:
    """Whether `variant` is `target` in the plural, word by word, by the language's
    profile: each word the same or with a singular ending replaced by a plural one (Spanish
    "glóbulo rojo" → "glóbulos rojos", "dolor de pecho" → "dolores de pecho"), accents
    free to move where the profile says so ("riñón" → "riñones")."""
    fold = _plain if language.accents_move else str
    singular = fold(target.lower()).split()
    plural = fold(variant.lower()).split()
    if len(singular) != len(plural) or singular == plural:
        return False
    endings = language.plural_endings
    return all(
        p == s or any(s.endswith(one) and p == s.removesuffix(one) + many for one, many in endings)
        for s, p in zip(singular, plural, strict=True)
    )


def _plain(text: str) -> str:
    """Lower-case text without its accents."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def placeholders(text: str) -> list[str]:
    """Placeholders still in a text: after restoring, any left means something went wrong."""
    return [match.group() for match in TOKEN.finditer(text)]
