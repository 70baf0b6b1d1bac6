"""Disclosure control: one rule, applied in one place to every table meant for publication.

With fifty Kommunen a cell of one or two points at a Kommune. The rule (configurable, default 3):

1. Primary suppression: a figure resting on at least one but fewer than `min_units` units is
   suppressed. Zero cells are not: "none of them" names no Kommune.
2. Secondary suppression: a table records which cells add up to a total (its lines: a row and
   its total, a column and its base, Top-2 and its two points). Wherever a line holds exactly one
   suppressed cell, it could be worked out by subtraction, so the smallest other non-zero cell of
   that line is suppressed too (a total only if nothing else is left). This repeats until every
   line holds none or at least two suppressed cells, and a final check by linear algebra finds
   any suppressed cell the line sums would still pin down, and protects it the same way.
3. Dependent figures follow their cell: a percentage with its count, a mean or SD with any
   point of the distribution it summarises.

Suppressed cells lose their value and render as "."; the table gets a footnote saying why.
Internal views may skip this, but must then carry `INTERNAL_NOTE` on every sheet or page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from evaluation.table import Cell, Position, Table

INTERNAL_NOTE = "Interne Auswertung – nicht zur Veröffentlichung: enthält Kleinstfallzahlen"


@dataclass(frozen=True)
class DisclosureRule:
    """The publication rule. `min_units`: the fewest units a published figure may rest on."""

    min_units: int = 3

    def __post_init__(self) -> None:
        if self.min_units < 1:
            raise ValueError("min_units muss mindestens 1 sein.")

    def is_small(self, units: int | None) -> bool:
        return units is not None and 0 < units < self.min_units

    @property
    def footnote(self) -> str:
        return (
            f"„.“ = Wert gesperrt: beruht auf weniger als {self.min_units} Kommunen oder ließe "
            "einen solchen Wert errechnen."
        )

    @property
    def description(self) -> str:
        return f"Mindestfallzahl {self.min_units} Kommunen, mit sekundärer Sperrung"


DEFAULT_RULE = DisclosureRule()


def suppress(table: Table, rule: DisclosureRule = DEFAULT_RULE) -> Table:
    """The table as it may be published under `rule`."""
    cells = {(r, c): cell for r, row in enumerate(table.rows) for c, cell in enumerate(row.cells)}
    hidden = {pos for pos, cell in cells.items() if rule.is_small(cell.units)}
    while True:
        _close_lines(table.lines, hidden, cells)
        exposed = _determined(table.lines, hidden)
        if not exposed:
            break
        lines = [line for line in table.lines if exposed[0] in line]
        picks = [p for p in (_complement(line, hidden, cells) for line in lines) if p]
        if not picks:
            break
        hidden.add(min(picks, key=lambda p: _cost(p, None, cells)))
    replaced: dict[Position, Cell] = {
        pos: replace(cells[pos], value=None, suppressed=True) for pos in hidden
    }
    footnotes = table.footnotes + ((rule.footnote,) if hidden else ())
    return table.with_cells(replaced, footnotes=footnotes, disclosure=rule.description)


def _close_lines(
    lines: tuple[tuple[Position, ...], ...], hidden: set[Position], cells: dict[Position, Cell]
) -> None:
    """Steps 2 and 3 of the rule, repeated until nothing changes."""
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(pos in hidden for pos in line) == 1:
                pick = _complement(line, hidden, cells)
                if pick is not None:
                    hidden.add(pick)
                    changed = True
        for pos, cell in cells.items():
            if pos not in hidden and any(dep in hidden for dep in cell.depends):
                hidden.add(pos)
                changed = True


def _determined(lines: tuple[tuple[Position, ...], ...], hidden: set[Position]) -> list[Position]:
    """Suppressed cells that the published cells and the line sums still pin down exactly.

    Two suppressed cells per line are not always enough (two suppressed rectangles joined by
    one cell give that cell away); linear algebra settles it: a suppressed cell is determined
    when its unit vector lies in the row space of the line equations over the suppressed cells.
    """
    members = sorted({pos for line in lines for pos in line if pos in hidden})
    if not members:
        return []
    column = {pos: i for i, pos in enumerate(members)}
    matrix = np.zeros((len(lines), len(members)))
    for i, line in enumerate(lines):
        for pos in line[:-1]:
            if pos in column:
                matrix[i, column[pos]] += 1
        if line[-1] in column:
            matrix[i, column[line[-1]]] -= 1
    rank = np.linalg.matrix_rank(matrix)
    exposed = []
    for pos, i in column.items():
        unit = np.zeros((1, len(members)))
        unit[0, i] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            exposed.append(pos)
    return exposed


def _cost(pos: Position, total: Position | None, cells: dict[Position, Cell]) -> tuple:
    units = cells[pos].units
    size = units if units is not None else 1 << 30
    return (pos == total, size == 0, size, pos)


def _complement(
    line: tuple[Position, ...], hidden: set[Position], cells: dict[Position, Cell]
) -> Position | None:
    """The cell to suppress beside a lone suppressed one: the smallest non-zero member cell,
    a zero cell only if no other is left, the line's total last of all."""
    total = line[-1]
    candidates = [pos for pos in line if pos not in hidden]
    if not candidates:
        return None
    return min(candidates, key=lambda pos: _cost(pos, total, cells))


def suppress_all(tables: list[Table], rule: DisclosureRule = DEFAULT_RULE) -> list[Table]:
    return [suppress(table, rule) for table in tables]
