"""The Table value every table function returns and every output (workbook, brief) renders.

A table knows more than its printed figures: each cell records how many units it rests on, and
the table records which cells add up to a total (its *lines*). That is exactly what disclosure
control needs to find the small cells and the cells from which a small cell could be worked out,
so suppression is one generic step (`evaluation.disclosure`) instead of a rule per table kind.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Literal

import pandas as pd

CellFormat = Literal["count", "percent", "number", "text"]
Position = tuple[int, int]

SUPPRESSED = "."


@dataclass(frozen=True)
class Cell:
    """One printed figure.

    `units` is the number of units the figure rests on (None: not subject to disclosure
    control, e.g. a frame count that is public anyway). `depends` lists the cells whose
    suppression must hide this one too (a percentage hides with its count, a mean with the
    distribution it summarises).
    """

    value: float | int | str | None
    format: CellFormat = "count"
    units: int | None = None
    depends: tuple[Position, ...] = ()
    decimals: int | None = None
    suppressed: bool = False

    def display(self) -> str:
        """German rendering: "1.234", "12,5", "." for a suppressed cell, "" for no value."""
        if self.suppressed:
            return SUPPRESSED
        return german_number(self.value, self.format, self.decimals)


@dataclass(frozen=True)
class Row:
    """A labelled row. `kind` lets renderers set totals and missing rows apart."""

    label: str
    cells: tuple[Cell, ...]
    kind: Literal["value", "total", "missing", "base", "statistic"] = "value"
    code: int | None = None


@dataclass(frozen=True)
class Significance:
    """The result of the optional test of independence in a crosstab, with its German note."""

    method: str
    pvalue: float
    statistic: float | None = None
    dof: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Table:
    """A small, immutable table: title, question, bases, rows, footnotes.

    `base_shown` is the number of units that were shown the question; `base_valid` those with
    a valid answer. `lines` are groups of cell positions whose last member is the sum of the
    others. `disclosure` names the publication rule applied, None for an internal table.
    """

    title: str
    question: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    base_shown: int
    base_valid: int
    footnotes: tuple[str, ...] = ()
    kind: str = "frequencies"
    variable: str = ""
    lines: tuple[tuple[Position, ...], ...] = field(default=(), repr=False)
    significance: Significance | None = None
    disclosure: str | None = None

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def row(self, label: str) -> Row:
        for row in self.rows:
            if row.label == label:
                return row
        raise KeyError(f"Die Tabelle {self.title!r} hat keine Zeile {label!r}.")

    def cell(self, row_label: str, column: str) -> Cell:
        try:
            index = self.columns.index(column)
        except ValueError:
            raise KeyError(f"Die Tabelle {self.title!r} hat keine Spalte {column!r}.") from None
        return self.row(row_label).cells[index]

    def value(self, row_label: str, column: str) -> float | int | str | None:
        """The figure at a row and column; None when suppressed or empty."""
        return self.cell(row_label, column).value

    @property
    def suppressed_cells(self) -> list[Position]:
        return [
            (r, c)
            for r, row in enumerate(self.rows)
            for c, cell in enumerate(row.cells)
            if cell.suppressed
        ]

    def to_frame(self, display: bool = False) -> pd.DataFrame:
        """The figures as a DataFrame (row labels as index); German strings if `display`."""
        data = [
            [cell.display() if display else (None if cell.suppressed else cell.value) for cell in r]
            for r in (row.cells for row in self.rows)
        ]
        return pd.DataFrame(
            data, index=[row.label for row in self.rows], columns=list(self.columns)
        )

    def with_cells(self, cells: dict[Position, Cell], **changes: object) -> Table:
        """A copy with some cells replaced (used by disclosure control)."""
        rows = tuple(
            replace(row, cells=tuple(cells.get((r, c), cell) for c, cell in enumerate(row.cells)))
            for r, row in enumerate(self.rows)
        )
        return replace(self, rows=rows, **changes)


def german_number(value: float | int | str | None, format: CellFormat, decimals: int | None) -> str:
    """Decimal comma and a dot for thousands, as in the brief ("1.234", "12,5")."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if format == "count":
        places = 0
    elif format == "percent":
        places = 1 if decimals is None else decimals
    else:
        places = 2 if decimals is None else decimals
    text = f"{value:,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
