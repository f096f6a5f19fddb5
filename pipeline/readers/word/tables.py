"""Word tables read as tables: which rows are header rows, and how cells span.

A table's header rows are its leading rows marked "Repeat as header row" (w:tblHeader);
failing that, a first row whose text is all bold heads a table of more rows. A first
column all in bold (and a body that is not) names the rows: "Days 1 to 5 | 40 mg". Cells
merged across columns (w:gridSpan) or down rows (w:vMerge) become one cell spanning
them. A table of one column and no header row only lays text out: `paragraphs` reads
its cells as paragraphs and reports it. A table nested in a cell, or a text box in one,
is read as part of that cell's text; a cell's pictures follow the table, since the
model's cells hold text only. Rows and cells wrapped in content controls are read too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from lxml import etree

from pipeline.readers.word.ooxml import Tag, attr
from pipeline.readers.word.styles import child_val, to_int

#: Content controls and custom XML may wrap a table's rows or a row's cells.
_WRAPPERS = frozenset({Tag.SDT, Tag.SDT_CONTENT, Tag.CUSTOM_XML})


def rows(tbl: etree._Element) -> list[etree._Element]:
    """The table's own rows (a nested table's rows are part of their cell)."""
    return list(_children(tbl, Tag.TR))


def cells_of(tr: etree._Element) -> list[etree._Element]:
    return list(_children(tr, Tag.TC))


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def header_rows(
    table_rows: Sequence[etree._Element], bold: Callable[[etree._Element], bool]
) -> int:
    marked = 0
    for tr in table_rows:
        trpr = tr.find(Tag.TR_PR)
        element = None if trpr is None else trpr.find(Tag.TBL_HEADER)
        if element is None or element.get(attr("val"), "1").lower() in ("0", "false", "off"):
            break
        marked += 1
    if marked:
        return marked
    return 1 if len(table_rows) > 1 and bold(table_rows[0]) else 0


def row_headers(
    body_rows: Sequence[etree._Element], bold: Callable[[etree._Element], bool]
) -> bool:
    """Whether the first column names the rows: a table of two columns or more whose
    body rows (two or more) all start with a bold cell, and whose other cells are not
    all bold (a table typed all in bold has no headers by it)."""
    body = [cells_of(tr) for tr in body_rows]
    if len(body) < 2 or any(len(cells) < 2 for cells in body):
        return False
    rest = [tc for cells in body for tc in cells[1:]]
    return all(bold(cells[0]) for cells in body) and not all(bold(tc) for tc in rest)


def spanning(
    tr: etree._Element, below: Sequence[etree._Element]
) -> Iterator[tuple[etree._Element, int, int]]:
    """(cell, columns, rows) for each cell that starts in row `tr`; cells that continue a
    vertical merge from above are part of that cell, not cells of their own."""
    for column, tc in _placed(tr):
        if _merge(tc) == "continue":
            continue
        spanned = 1
        if _merge(tc) == "restart":
            for lower in below:
                found = next((c for start, c in _placed(lower) if start == column), None)
                if found is None or _merge(found) != "continue":
                    break
                spanned += 1
        yield tc, _span(tc), spanned


def _placed(tr: etree._Element) -> Iterator[tuple[int, etree._Element]]:
    """Each cell of a row with the grid column it starts at."""
    column = 0
    for tc in cells_of(tr):
        yield column, tc
        column += _span(tc)


def _span(tc: etree._Element) -> int:
    return max(1, to_int(child_val(tc.find(Tag.TC_PR), "gridSpan")) or 1)


def _merge(tc: etree._Element) -> str | None:
    """ "restart", "continue" or None (not merged down)."""
    tcpr = tc.find(Tag.TC_PR)
    element = None if tcpr is None else tcpr.find(Tag.V_MERGE)
    return None if element is None else element.get(attr("val"), "continue")
