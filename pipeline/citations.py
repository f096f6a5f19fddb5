"""Reference-list entries recognised by their shape, so the spelling check skips them.

A citation is copied from PubMed or a journal, not typed by staff, and is made of what no
dictionary holds: authors' surnames and initials ("Moro PL, Perez-Vilar S"), journal
abbreviations ("Pediatr Infect Dis J", "N Engl J Med"), "pii", identifiers. An entry is
known by two signs together, so that an ordinary sentence that merely names a year is no
citation:

- it starts with authors: "Surname AB," or "Surname AB;" (Vancouver), "Surname, A.B.,"
  (APA), or "Surname et al.";
- it has a journal's "Year;Volume" ("2018;142(1)", "2001 Jun-Jul;10(4):279-85") or an
  identifier ("doi:", "PMID", "pii:").

Recognised on the text the check reads (each paragraph or list item on its own line), not
by the reader: a reference list is not always under a heading ("Sources", "References")
that a reader could see, and copied text keeps the entries' shape but not their markup.
"""

from __future__ import annotations

import re

#: A surname: a capital, then letters, apostrophes or hyphens (Perez-Vilar, O'Brien).
_SURNAME = r"[A-Z][^\W\d_]*(?:['\u2019-][^\W\d_]+)*"
#: The entry's first author, after any numbering or bullet ("1.", "[2]", "•").
_AUTHORS = re.compile(
    rf"^[\s\d.)(\[\]*\u2022-]*{_SURNAME}"
    r"(?: [A-Z]{1,3}[,;.](?:\s|$)| et al\.|, (?:[A-Z]\.\s?){1,3}[,&])"
)
#: A journal's year and volume, or an identifier.
_SOURCE = re.compile(
    r"\b(?:1[6-9]|20)\d\d(?: [A-Z][a-z]{2}(?:-[A-Z][a-z]{2})?(?: \d{1,2})?)?;\s?\d"
    r"|\b(?i:doi:|pmid\b|pii:)"
)


def is_citation(line: str) -> bool:
    """Whether `line` is a reference-list entry by its shape."""
    return bool(_AUTHORS.match(line)) and bool(_SOURCE.search(line))


def blanked(text: str) -> str:
    """`text` with its citation lines replaced by spaces (offsets unchanged)."""
    if not _SOURCE.search(text):
        return text
    return "\n".join(" " * len(line) if is_citation(line) else line for line in text.split("\n"))
