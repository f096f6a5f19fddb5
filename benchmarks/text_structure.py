"""How well the plain-text reader finds a copied sheet's structure: titles, headings,
checklists and review dates, against answers written by hand.

    python -m benchmarks.text_structure [--root CHECKOUT]

Two sets: the text reader's fixtures (`tests/fixtures/text`, sheets written in the shapes
other hospitals' pages and PDF copies take: one heuristic each), and the real vaccine
statements copied out of CDC PDFs in `tests/corpus` (titles and edition dates only, from
`tests/corpus/SOURCES.md`). Scores:

- titles: the sheet's title exactly as expected;
- headings: precision and recall of the section headings found;
- checklists: lists whose first item and length are as expected (a lead-in's run of short
  lines, bullets lost in copying);
- review dates: the date and its precision as expected;
- lost words: `ingest.dropped-text` findings (must be 0).

`--root` measures another checkout's reader (e.g. the main branch, for the numbers before
a change) on this checkout's sheets. Reported, not enforced: the exit code is 0.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
FIXTURES = HERE / "tests" / "fixtures" / "text"
CORPUS = HERE / "tests" / "corpus"


@dataclass(frozen=True)
class Expected:
    title: str
    #: Section headings in order; None: not scored (corpus copies).
    headings: tuple[str, ...] | None = None
    #: (first item, number of items) of each list that must be found.
    checklists: tuple[tuple[str, int], ...] = ()
    #: ISO form of the review date, "none" when the sheet has none.
    reviewed: str = "none"


VIS = "What You Need to Know"
EXPECTED: dict[Path, Expected] = {
    FIXTURES / "cast-care.txt": Expected(
        "Cast Care",
        ("When should I call the doctor?",),
        (("has a fever over 101°F", 4),),
        "2024-11",
    ),
    FIXTURES / "croup.txt": Expected(
        "Croup",
        (
            "What Is Croup?",
            "What Are the Signs & Symptoms of Croup?",
            "When Should I Call the Doctor?",
        ),
        (("a barking cough", 3),),
        "2024-01",
    ),
    FIXTURES / "tonsillectomy-handout.txt": Expected(
        "Caring for Your Child After Tonsillectomy",
        ("Pain", "Fluids", "When to call"),
        (("Acetaminophen (Tylenol) every 6 hours", 2), ("has a fever over 102°F", 3)),
        "2023-03",
    ),
    FIXTURES / "checklist.txt": Expected(
        "Before Your Child's MRI", (), (("has a pacemaker", 4),), "2015-08"
    ),
    FIXTURES / "numbered-headings.txt": Expected(
        "Pertussis Vaccine for Teens",
        ("1. Why get vaccinated?", "2. Who should get it?", "3. How can I learn more?"),
        (("Ask your health care provider.", 2),),
        "2022-02-04",
    ),
    FIXTURES / "page-furniture.txt": Expected(
        "Asthma Action Plan", ("Green zone", "Yellow zone", "Red zone"), (), "2023-02"
    ),
    FIXTURES / "rotavirus-statement.txt": Expected(
        f"Rotavirus Vaccine: {VIS}",
        (
            "1. Why get vaccinated?",
            "2. Rotavirus vaccine",
            "3. Talk with your health care provider",
            "4. Risks of a vaccine reaction",
            "5. What if there is a serious problem?",
            "6. How can I learn more?",
        ),
        (("First dose by 15 weeks of age", 2), ("Has had an allergic reaction after", 4)),
        "2024-10-15",
    ),
    FIXTURES / "short-lines.txt": Expected("Cast Care at Home", (), (), "2025-01-12"),
    FIXTURES / "steps-stay-steps.txt": Expected(
        "Giving Eye Drops", ("How do I give the drops?",), (("Wash your hands.", 3),), "2024-06"
    ),
    FIXTURES / "tagline-title.txt": Expected(
        "Going Home After Surgery", ("Eating and drinking",), (), "2023-03"
    ),
    CORPUS / "cdc-vis-mmr.txt": Expected(
        f"MMR Vaccine (Measles, Mumps, and Rubella): {VIS}", reviewed="2025-01-31"
    ),
    CORPUS / "cdc-vis-hpv.txt": Expected(
        f"HPV (Human Papillomavirus) Vaccine: {VIS}", reviewed="2021-08-06"
    ),
    CORPUS / "cdc-vis-flu-inactive.txt": Expected(
        "Influenza (Flu) Vaccine (Inactivated or Recombinant): What you need to know",
        reviewed="2025-01-31",
    ),
    CORPUS / "cdc-vis-tdap.txt": Expected(
        f"Tdap (Tetanus, Diphtheria, Pertussis) Vaccine: {VIS}", reviewed="2025-01-31"
    ),
    CORPUS / "cdc-vis-varicella.txt": Expected(
        f"Varicella (Chickenpox) Vaccine: {VIS}", reviewed="2025-01-31"
    ),
    CORPUS / "cdc-vis-hepatitis-b.txt": Expected(
        f"Hepatitis B Vaccine: {VIS}", reviewed="2025-01-31"
    ),
    CORPUS / "cdc-vis-polio-ipv.txt": Expected(f"Polio Vaccine: {VIS}", reviewed="2025-01-31"),
    CORPUS / "cdc-vis-pcv.txt": Expected(
        f"Pneumococcal Conjugate Vaccine: {VIS}", reviewed="2025-05-29"
    ),
    CORPUS / "cdc-vis-zoster-recombinant.txt": Expected(
        f"Recombinant Zoster (Shingles) Vaccine: {VIS}", reviewed="2022-02-04"
    ),
    CORPUS / "cdc-vis-covid-19-copy.txt": Expected(
        f"COVID-19 Vaccine: {VIS}", reviewed="2025-01-31"
    ),
}


@dataclass
class Tally:
    sheets: int = 0
    titles: int = 0
    dates: int = 0
    headings_expected: int = 0
    headings_found: int = 0
    headings_right: int = 0
    lists_expected: int = 0
    lists_right: int = 0
    lost_words: int = 0

    def lines(self, name: str) -> list[str]:
        precision = self.headings_right / self.headings_found if self.headings_found else 1.0
        recall = self.headings_right / self.headings_expected if self.headings_expected else 1.0
        out = [
            f"{name}: {self.sheets} sheet(s)",
            f"  titles right        {self.titles}/{self.sheets}",
            f"  review dates right  {self.dates}/{self.sheets}",
            f"  lost-word findings  {self.lost_words}",
        ]
        if self.headings_expected:
            out.append(
                f"  headings            precision {precision:.2f}, recall {recall:.2f} "
                f"({self.headings_right} right of {self.headings_found} found, "
                f"{self.headings_expected} expected)"
            )
        if self.lists_expected:
            out.append(f"  checklists/lists    {self.lists_right}/{self.lists_expected}")
        return out


def measure(paths: Sequence[Path]) -> Tally:
    """Read each sheet as the build does and compare with its expected structure."""
    from pipeline import config as config_module  # noqa: PLC0415 (after --root is applied)
    from pipeline.model import BulletList, NumberedList, plain  # noqa: PLC0415
    from pipeline.readers import read  # noqa: PLC0415

    config = config_module.load(HERE / "pipeline.toml")
    tally = Tally()
    for path in paths:
        expected = EXPECTED[path]
        result = read(path, config, display=path.name)
        document = result.document
        tally.sheets += 1
        tally.titles += document.meta.title == expected.title
        reviewed = document.meta.reviewed.iso() if document.meta.reviewed else "none"
        tally.dates += reviewed == expected.reviewed
        tally.lost_words += sum(f.rule == "ingest.dropped-text" for f in result.findings)
        if expected.headings is not None:
            found = [s.heading for s in document.sections if s.heading is not None]
            tally.headings_expected += len(expected.headings)
            tally.headings_found += len(found)
            tally.headings_right += len(set(found) & set(expected.headings))
        lists = [
            (plain(block.items[0].content), len(block.items))
            for section in document.sections
            for block in section.blocks
            if isinstance(block, BulletList | NumberedList)
        ]
        tally.lists_expected += len(expected.checklists)
        tally.lists_right += sum(
            any(first.startswith(start) and count == n for first, count in lists)
            for start, n in expected.checklists
        )
    return tally


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, help="measure the reader of this checkout")
    args = parser.parse_args(argv)
    if args.root is not None:
        sys.path.insert(0, str(args.root.resolve()))
    fixtures = [path for path in EXPECTED if path.parent == FIXTURES]
    corpus = [path for path in EXPECTED if path.parent == CORPUS]
    for name, paths in (("fixtures", fixtures), ("corpus (CDC statements)", corpus)):
        print("\n".join(measure(paths).lines(name)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
