"""The Table value every table function returns and every output (workbook, brief) renders.

A table knows more than its printed figures: each cell records how many units it rests on, which
figure it shows (a `FigureId`, the same in every table that shows that figure), which base a
percentage is taken of, and the table records which cells add up to a total (its *lines*).
That is exactly what disclosure control needs to find the small cells, the cells from which a
small cell could be worked out, and the same figure in another table, so suppression is one
generic step (`evaluation.disclosure`) instead of a rule per table kind.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Literal

import pandas as pd

from evaluation import german
from evaluation.german import FigureFormat

CellFormat = FigureFormat
Position = tuple[int, int]
Population = tuple[tuple[str, str | int], ...]
#: What a row is, so renderers can set totals, missing rows and bases apart.
RowKind = Literal["value", "total", "missing", "base", "statistic"]

SUPPRESSED = "."


@dataclass(frozen=True, order=True)
class FigureId:
    """What a figure is, independent of the table it is printed in.

    `statistic` is "count" (units with answer code `category`), "valid", "shown", "no answer",
    "not shown", "no value", "units" (units in the population), "mean", "median", "sum", "sd",
    "min", "max", "top2" or "bottom2". `population` restricts the units: () is every
    responding unit, (("type", "Landkreis"),) the Landkreise, and so on, sorted by attribute.
    The count of "ja" to B1 among the Landkreise is the same figure in a crosstab by type and
    in a feedback report's peer-group table, so disclosure control can keep both alike.
    """

    variable: str
    statistic: str
    category: int | str | None = None
    population: Population = ()

    def __post_init__(self) -> None:
        # Disclosure control looks figures up millions of times: hash the fields once.
        object.__setattr__(
            self, "_hash", hash((self.variable, self.statistic, self.category, self.population))
        )

    def __hash__(self) -> int:
        return self._hash  # type: ignore[attr-defined]

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if other.__class__ is not FigureId:
            return NotImplemented
        return self._hash == other._hash and (  # type: ignore[attr-defined]
            self.variable == other.variable
            and self.statistic == other.statistic
            and self.category == other.category
            and self.population == other.population
        )

    def __reduce__(self) -> tuple[type[FigureId], tuple]:
        # Another process hashes strings differently: a copy computes its own hash.
        return FigureId, (self.variable, self.statistic, self.category, self.population)

    def within(self, population: Population) -> FigureId:
        """The same figure restricted further (a table computed on a subset of the units)."""
        merged = tuple(sorted(set(self.population) | set(population), key=str))
        return replace(self, population=merged)


@dataclass(frozen=True)
class Cell:
    """One printed figure.

    `units` is the number of units the figure rests on (None: not subject to disclosure
    control, e.g. a frame count that is public anyway). `figure` names the figure the cell
    shows; a count and its percentages show the same figure, so they share it (None: a figure
    of this table alone). `base` is the cell a percentage is taken of: the cell is hidden when
    its base is, since count and percentage together would give the base away. `depends` lists
    the cells whose figures must be withheld with this one's (a mean with the distribution and
    the n it summarises, a sum with its mean, since mean × n is the sum). `top` holds, for a
    sum or a mean, its two largest contributions and the sum (for the p % rule).
    """

    value: float | int | str | None
    format: CellFormat = "count"
    units: int | None = None
    depends: tuple[Position, ...] = ()
    decimals: int | None = None
    suppressed: bool = False
    figure: FigureId | None = None
    base: Position | None = None
    top: tuple[float, ...] = ()

    def display(self) -> str:
        """German rendering: "1.234", "12,5", "." for a suppressed cell, "" for no value."""
        if self.suppressed:
            return SUPPRESSED
        return german.figure(self.value, self.format, self.decimals)


@dataclass(frozen=True)
class Row:
    """A labelled row. `kind` lets renderers set totals and missing rows apart."""

    label: str
    cells: tuple[Cell, ...]
    kind: RowKind = "value"
    code: int | None = None


@dataclass(frozen=True)
class Significance:
    """The result of the optional test of independence in a crosstab, with its German note.

    `method` and `pvalue` are the test a reader should go by: "chi2" when every expected count
    is at least 5 (or a 2×2 table where it is), "fisher" (exact, 2×2) or "fisher-monte-carlo"
    otherwise. `statistic`, `dof` and `chi2_pvalue` are Pearson's chi², which is always
    computed; `small_expected` of the `cells` expect fewer than 5 units.
    """

    method: str
    pvalue: float
    statistic: float | None = None
    dof: int | None = None
    note: str = ""
    chi2_pvalue: float | None = None
    small_expected: int = 0
    cells: int = 0
    fisher_pvalue: float | None = None


@dataclass(frozen=True)
class Table:
    """A small, immutable table: title, question, bases, rows, footnotes.

    `base_shown` is the number of units that were shown the question; `base_valid` those with
    a valid answer. `lines` are groups of cell positions whose last member is the sum of the
    others; `relations` are such sums between figures wherever they are printed (the response
    by Land and type adds up to the response by type of another table). `disclosure` names the
    publication rule applied, None for an internal table. `top_points` are the columns a
    scale's Top-2 counts (by the scale's direction, not by code order).
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
    relations: tuple[tuple[FigureId, ...], ...] = field(default=(), repr=False)
    significance: Significance | None = None
    disclosure: str | None = None
    top_points: tuple[str, ...] = ()

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

    def to_frame(self, display: bool = False) -> pd.DataFrame:
        """The figures as a DataFrame (row labels as index); German strings if `display`."""
        data = [
            [cell.display() if display else (None if cell.suppressed else cell.value) for cell in r]
            for r in (row.cells for row in self.rows)
        ]
        return pd.DataFrame(
            data, index=[row.label for row in self.rows], columns=list(self.columns)
        )

    def within(self, population: Population) -> Table:
        """The table's figures restricted to a population: for a table computed on a subset of
        the units (a feedback report's peer group), so it shares figures with crosstabs."""
        rows = tuple(
            replace(
                row,
                cells=tuple(
                    replace(cell, figure=cell.figure.within(population)) if cell.figure else cell
                    for cell in row.cells
                ),
            )
            for row in self.rows
        )
        return replace(self, rows=rows)

    def with_cells(
        self, cells: dict[Position, Cell], *, footnotes: tuple[str, ...], disclosure: str | None
    ) -> Table:
        """A copy with some cells replaced, its footnotes and the rule applied (used by
        disclosure control)."""
        rows = tuple(
            replace(row, cells=tuple(cells.get((r, c), cell) for c, cell in enumerate(row.cells)))
            for r, row in enumerate(self.rows)
        )
        return replace(self, rows=rows, footnotes=footnotes, disclosure=disclosure)
