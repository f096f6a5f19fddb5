"""What a line of copied text looks like: a heading, a sentence, a fragment, a list item.

Copies out of PDFs and web pages lose their markup; what is left is the shape of each
line. These predicates read that shape, and `choose_title` weighs the evidence for the
sheet's title among the lines at the top.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

SENTENCE_END = (".", "!", "?", ":")
NOT_HEADING_END = (".", "!", ":", ";", ",")
#: Words a line cannot end on unless the sentence goes on in the next line.
_OPEN = """a about after an and any are as at be because before between but by during for from has
have if in into is its more no not of on or our some than that the their this through to until
was were what when which while who will with within without your"""
OPEN_WORDS = frozenset(_OPEN.split())
#: Small words Title Case leaves in lower case.
_SMALL = "a an and as at but by for from in of on or the to vs with"
SMALL_WORDS = frozenset(_SMALL.split())
#: A sentence ends inside the line and another begins ("…for life. Vaccines have…").
_INNER_END = re.compile(r"\w[.!?]\s+[\"“(]?[A-Z]")
#: A number, a letter pair or a web address alone is not a heading or title.
#: So is a version or build stamp at a page's foot ("Version 5.9.2", "v2.1", "Build 1043").
_NOT_WORDS = re.compile(
    r"[\d\W_]*|\S+\.(?:com|org|gov|edu|net)\S*|www\.\S+"
    r"|(?:version|ver\.?|v|build|release)\s?\d+(?:\.\d+)+[\w.-]*|(?:version|build)\s\d+",
    re.I,
)
#: A government body's name opening a line: the agency header of a .gov page ("US
#: Department of Health and Human Services National Institutes of Health"), never a title.
_AGENCY = re.compile(
    r"(?:the\s+)?(?:U\.?\s?S\.?|United\s+States)\s+(?:Department|Dept\.?)\s+of\b"
    r"|(?:Department|Dept\.?)\s+of\s+(?:Health|Veterans|Defense|Agriculture)\b"
    r"|National\s+Institutes?\s+(?:of|on)\s+[A-Z]"
    r"|Centers\s+for\s+(?:Disease\s+Control|Medicare)"
    r"|(?:U\.?\s?S\.?\s+)?Food\s+and\s+Drug\s+Administration\b"
    r"|National\s+(?:Cancer\s+Institute|Library\s+of\s+Medicine)\b",
)
_URL_LAST = re.compile(r"(?:www\.|https?://)\S+$|\S\.(?:com|org|gov|edu|net)(?:/\S*)?$")
_DEPARTMENT = re.compile(
    r"(?:patient|family|parent|health|consumer)[\w &/,-]*"
    r"(?:education|information|library|handouts?|resources?|materials?)",
    re.I,
)
_BYLINE = re.compile(r"(?:medically\s+)?(?:reviewed|written|updated|edited)\s+by\b", re.I)
_BREADCRUMB = re.compile(r"\s(?:>|\u203a|\u00bb|\||/)\s")
#: An organisation's name: "Boston Children's Hospital", "Seattle Children's" (a sheet's
#: "Going Home from the Hospital" is no name).
_ORGANISATION = re.compile(
    # A name's word is bounded, so a megabyte line costs a linear search, not a square one.
    r"\b[A-Z][\w'\u2019.]{0,40}\s+(?:Hospitals?|Clinics?|Health(?:care)?|Medical Cent(?:er|re)"
    r"|Health System)\b|Children['\u2019]s$"
)


@dataclass(frozen=True)
class TextLine:
    number: int
    indent: int
    text: str
    bullet: bool = False
    #: 0-based column where `text` starts (after the bullet, for bullet lines).
    start: int = 0
    #: A numbered item's number or letters as written ("3", "a", "iv"); else None.
    marker: str | None = None


def ends_sentence(line: TextLine) -> bool:
    """A bullet, end punctuation, or a web address last (copies drop the period after it)."""
    return (
        line.bullet or line.text.endswith(SENTENCE_END) or _URL_LAST.search(line.text) is not None
    )


def ends_open(text: str) -> bool:
    """The line stops mid-sentence: on a comma, hyphen or a word like "the" or "and"."""
    if text.endswith((",", "-", "\u2013", "(", "/")):
        return True
    words = text.split()
    return len(words) > 1 and words[-1].casefold() in OPEN_WORDS


def inner_sentence_end(text: str) -> bool:
    return _INNER_END.search(text) is not None


def heading_shaped(text: str, max_words: int) -> bool:
    """Short, unpunctuated (or a question), one phrase, starting a capital, not mid-sentence."""
    return (
        0 < len(text.split()) <= max_words
        and not text.endswith(NOT_HEADING_END)
        and not inner_sentence_end(text)
        and not ends_open(text)
        and (text[0].isupper() or text[0].isdigit())
        and not wordless(text)
        and not byline(text)
    )


def wordless(text: str) -> bool:
    """A number, a letter pair, a web address or a version stamp alone: never a heading."""
    return _NOT_WORDS.fullmatch(text) is not None


def byline(text: str) -> bool:
    """A credit line ("Reviewed by: Jane Doe, MD") is text, not a heading."""
    return _BYLINE.match(text) is not None


def starts_capital(line: TextLine | None) -> bool:
    return line is not None and (line.bullet or line.text[:1].isupper())


def title_case(text: str) -> bool:
    words = re.findall(r"[A-Za-z][\w'\u2019-]*", text)
    big = [word for word in words if word.casefold() not in SMALL_WORDS] or words[:1]
    return bool(big) and all(word[0].isupper() for word in big)


def all_capitals(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return len(letters) > 3 and all(char.isupper() for char in letters)


def choose_title(
    lines: Sequence[TextLine | None], max_words: int, stem: str, window: int = 8
) -> tuple[int, int] | None:
    """The first and last index of the lines that are the sheet's title, by the evidence
    at the top (two lines when a copy broke it after a colon, "HPV Vaccine:" / "What You
    Need to Know", or mid-phrase, "Caring for Your Child After" / "Tonsillectomy").

    Candidates are heading-shaped lines among the first `window` lines, read until the
    first list or sentence (fragments of interleaved PDF columns are read past while no
    mixed-case candidate has been seen), and after the last navigation line
    ("Home > Health Library > Cast Care", "Donate | Find a Doctor") when there is one.
    The first candidate is the title unless the evidence says otherwise. For a line: its
    words are the file name's; it is the breadcrumb's last step. Against: it names an
    organisation (the site's name); it is a kicker in capitals above a Title Case title
    ("VACCINE INFORMATION STATEMENT"); it is a question (a section heading); it or a
    line next to it names an organisation (the site's name, and the tagline under it).
    """
    candidates: list[int] = []
    crumbs: set[str] = set()
    last_nav = -1
    seen = 0
    for index, line in enumerate(lines):
        if line is None:
            continue
        seen += 1
        if line.bullet or seen > window:
            break
        if _BREADCRUMB.search(line.text):
            crumbs.add(_BREADCRUMB.split(line.text)[-1].strip().casefold())
            last_nav = index
        elif agency(line.text):
            continue  # the site's header, read past like a breadcrumb
        elif heading_shaped(line.text, max_words):
            candidates.append(index)
        elif _title_head(line.text, max_words):
            continue  # "Caring for Your Child After" / "Tonsillectomy": judged with its tail
        elif line.text.endswith((".", "!", ";")) or any(
            not all_capitals(_text(lines, c)) for c in candidates
        ):
            break
    candidates = [c for c in candidates if c > last_nav] or candidates
    if not candidates:
        return None
    stem_words = set(_words(PurePath(stem).stem))

    def score(position: int) -> int:
        index = candidates[position]
        text = _text(lines, index)
        after = _text(lines, candidates[position + 1]) if position + 1 < len(candidates) else ""
        points = 0
        if stem_words and len(stem_words & set(_words(text))) * 2 >= len(stem_words):
            points += 3
        points += 2 * (text.casefold() in crumbs)
        points -= 2 * _organisation(lines, index)
        points -= _organisation(lines, index - 1) or _organisation(lines, index + 1)
        points -= 2 * (_kicker(text) and _titled(after))
        points -= text.endswith("?") and len(candidates) > 1
        return points

    best = candidates[max(range(len(candidates)), key=lambda p: (score(p), -p))]
    above = lines[best - 1] if best else None
    if above is not None and not above.bullet and not all_capitals(above.text):
        broken_at_colon = above.text.endswith(":") and heading_shaped(above.text[:-1], max_words)
        if broken_at_colon or (
            _title_head(above.text, max_words) and title_case(_text(lines, best))
        ):
            return best - 1, best
    return best, best


def agency(text: str) -> bool:
    """The line opens with a government body's name: a .gov page's agency header."""
    return _AGENCY.match(text) is not None


def _title_head(text: str, max_words: int) -> bool:
    """The first line of a title a copy broke in two, ending on a word like "After"."""
    return (
        len(text.split()) < max_words
        and title_case(text)
        and ends_open(text)
        and not text.endswith(",")
        and not inner_sentence_end(text)
    )


def _organisation(lines: Sequence[TextLine | None], index: int) -> bool:
    """The line names an organisation or its department ("Patient and Family Education")."""
    line = lines[index] if 0 <= index < len(lines) else None
    return line is not None and (
        _ORGANISATION.search(line.text) is not None or _DEPARTMENT.fullmatch(line.text) is not None
    )


def _kicker(text: str) -> bool:
    return all_capitals(text) and len(text.split()) >= 2


def _titled(text: str) -> bool:
    """A line that reads as a document's title: several words, in Title Case or with a colon."""
    return len(text.split()) >= 3 and not all_capitals(text) and (title_case(text) or ":" in text)


def _text(lines: Sequence[TextLine | None], index: int) -> str:
    line = lines[index]
    assert line is not None
    return line.text


def _words(text: str) -> list[str]:
    return [word for word in re.findall(r"[a-z0-9]+", text.casefold()) if word not in SMALL_WORDS]
