"""The pieces every table kind is built from: rows that remember their positions, count and
share cells that name their figure, and the block of missing rows and bases under the answers.

Kept apart from the kinds so each kind reads as what it counts, and so the missing rows and
bases, which disclosure control relies on, are laid out the same way in every table.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from evaluation.codebook import NO_ANSWER, NOT_SHOWN, SYSTEM_MISSING, Variable
from evaluation.tables.table import Cell, FigureId, Position, Row, RowKind, Table

NO_VALUE = "ohne Wert"
#: Statistics of amounts that are no amount themselves: printed with at least one decimal.
DERIVED = frozenset({"mean", "sd", "median"})


def largest_two(values: np.ndarray) -> tuple[float, ...]:
    """The two largest values and the sum, for the p % rule of a sum or mean (see
    `evaluation.disclosure.DisclosureRule`)."""
    if len(values) < 2:
        return ()
    ordered = np.sort(values)
    return (float(ordered[-1]), float(ordered[-2]), float(values.sum()))


def percent_of(part: float, whole: float) -> float | None:
    return 100.0 * part / whole if whole else None


def variable_title(variable: Variable) -> str:
    unit = f" ({variable.unit})" if variable.unit else ""
    return f"{variable.name} {variable.label}{unit}"


def group_headline(variable: Variable) -> str:
    """A group's title: the first line of its question (the option labels name the rows)."""
    return variable.question.splitlines()[0] if variable.question else variable.label


def kommunen(n: int) -> str:
    return "1 Kommune" if n == 1 else f"{n} Kommunen"


def base_note(shown: int, valid: int) -> str:
    return (
        f"Basis: {kommunen(shown)}, denen die Frage gestellt wurde; "
        f"davon {valid} mit gültiger Antwort."
    )


def counts_of(values: np.ndarray) -> tuple[dict[int, int], int]:
    """Counts per code of a float column, and the number of NaN (no value at all)."""
    present = ~np.isnan(values)
    codes, counts = np.unique(values[present], return_counts=True)
    return {int(c): int(n) for c, n in zip(codes, counts, strict=True)}, int((~present).sum())


class Builder:
    """Collects rows and remembers positions, so lines and dependencies can name cells."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.lines: list[tuple[Position, ...]] = []

    @property
    def next(self) -> int:
        return len(self.rows)

    def add(
        self, label: str, cells: Sequence[Cell], kind: RowKind = "value", code: int | None = None
    ) -> int:
        self.rows.append(Row(label, tuple(cells), kind, code))
        return len(self.rows) - 1

    def line(self, rows: Sequence[int], column: int = 0) -> None:
        """Rows whose cells in `column` add up to the last one."""
        if len(rows) > 1:
            self.lines.append(tuple((r, column) for r in rows))


def count_cell(n: int, figure: FigureId | None = None) -> Cell:
    return Cell(n, "count", units=n, figure=figure)


def count_of(cell: Cell) -> int:
    """The count a cell made by `count_cell` holds."""
    if not isinstance(cell.value, int | float):
        raise TypeError(f"Die Zelle {cell} enthält keine Anzahl.")
    return int(cell.value)


def share_cell(
    count: float, base: float, figure: FigureId | None, base_at: Position, units: int | None = None
) -> Cell:
    """A percentage: the figure of its count, shown as a share of the cell at `base_at`."""
    units = int(count) if units is None else units
    return Cell(percent_of(count, base), "percent", units, figure=figure, base=base_at)


def missing_figure(variable: str, code: int) -> FigureId:
    """ "keine Antwort" is item nonresponse; any other missing code ("weiß nicht", "keine
    Angabe") was chosen as an answer and is counted like one."""
    if code == NO_ANSWER:
        return FigureId(variable, "no answer")
    if code == NOT_SHOWN:
        return FigureId(variable, "not shown")
    return FigureId(variable, "count", code)


def missing_block(
    builder: Builder,
    variable: str,
    missing_codes: dict[int, str],
    counts: dict[int, int],
    no_value: int,
    valid_row: int,
    width: int,
) -> int:
    """Missing rows by type under the valid block, then the bases; returns the row of the
    units shown the question ("Basis: Frage gestellt").

    Rows: each questionnaire missing code and "keine Antwort" with their counts, the units shown
    the question, "nicht gestellt (Filter)", units without any value, and all units. Lines record
    that valid + missing = shown and shown + not shown + no value = all.
    """
    pad = (Cell(None, "percent"),) * (width - 1)
    shown_parts = [valid_row]
    valid = builder.rows[valid_row].cells[0].value
    shown = int(valid or 0)
    for code, label in missing_codes.items():
        if code == NOT_SHOWN:
            continue
        n = counts.get(code, 0)
        if n or code == NO_ANSWER:
            cell = count_cell(n, missing_figure(variable, code))
            shown_parts.append(builder.add(label, (cell, *pad), "missing", code))
            shown += n
    shown_cell = count_cell(shown, FigureId(variable, "shown"))
    shown_row = builder.add("Basis: Frage gestellt", (shown_cell, *pad), "base")
    builder.line([*shown_parts, shown_row])
    not_shown = counts.get(NOT_SHOWN, 0)
    total_parts = [shown_row]
    label = missing_codes.get(NOT_SHOWN, SYSTEM_MISSING[NOT_SHOWN])
    cell = count_cell(not_shown, missing_figure(variable, NOT_SHOWN))
    total_parts.append(builder.add(label, (cell, *pad), "missing", NOT_SHOWN))
    if no_value:
        cell = count_cell(no_value, FigureId(variable, "no value"))
        total_parts.append(builder.add(NO_VALUE, (cell, *pad), "missing"))
    total = shown + not_shown + no_value
    cell = count_cell(total, FigureId("", "units"))
    total_parts.append(builder.add("Insgesamt", (cell, *pad), "total"))
    builder.line(total_parts)
    return shown_row


def one_column(
    variable: Variable,
    builder: Builder,
    counts: dict[int, int],
    no_value: int,
    n_row: int,
    n: int,
    column: str,
    kind: str,
    *notes: str,
) -> Table:
    """A one-column table (numbers, open answers) closed by its missing rows and base."""
    shown_row = missing_block(
        builder, variable.name, dict(variable.missing_codes), counts, no_value, n_row, 1
    )
    shown = count_of(builder.rows[shown_row].cells[0])
    return Table(
        title=variable_title(variable),
        question=variable.question,
        columns=(column,),
        rows=tuple(builder.rows),
        base_shown=shown,
        base_valid=n,
        footnotes=(base_note(shown, n), *notes),
        kind=kind,
        variable=variable.name,
        lines=tuple(builder.lines),
    )
