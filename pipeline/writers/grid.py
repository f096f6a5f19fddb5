"""Where each cell of a table sits, as a browser lays a table out.

The model keeps cells as HTML does: a cell spanning rows appears once, in its first row,
and the rows below leave its columns out. Writers that need each cell's column (row
headings are the cells of the first column) or a cell in every row it covers (Word's
merged cells, plain text read row by row) place them here, once for all formats.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.model import Cell


@dataclass(frozen=True)
class Placed:
    cell: Cell
    #: The grid column of the cell's first column, from 0.
    column: int
    #: Covered by a cell from a row above that spans down to this row.
    continued: bool = False


def layout(rows: tuple[tuple[Cell, ...], ...]) -> list[list[Placed]]:
    """Each row's cells in grid order, cells spanning down from above included (continued)."""
    laid: list[list[Placed]] = []
    below: dict[int, tuple[Cell, int]] = {}  # grid column → (cell, rows it still covers)
    for row in rows:
        placed: list[Placed] = []
        column = 0
        cells = list(row)
        while cells or column in below:
            if column in below:
                cell, left = below.pop(column)
                placed.append(Placed(cell, column, continued=True))
                if left > 1:
                    below[column] = (cell, left - 1)
            else:
                cell = cells.pop(0)
                placed.append(Placed(cell, column))
                if cell.rows > 1:
                    below[column] = (cell, cell.rows - 1)
            column += max(1, cell.columns)
        laid.append(placed)
    return laid
