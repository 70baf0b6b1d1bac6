"""An attacker's view of a published table, written independently of `evaluation.disclosure`.

The attacker reads every published cell and knows how a table is made: the counts of a line add
up to its total; a percentage is 100 × count ÷ base, its base named by the table's layout ("%"
of "Basis: Frage gestellt", "Gültige %" of "Gültige Antworten", a crosstab's column of its
"Basis (=100 %)", a scale row of its "Gültige n"); a mean is Σ code × count ÷ n, or sum ÷ n for
numbers. Each of these is a linear equation in the counts once the published figures are filled
in. A suppressed cell is recomputable when every count it is made of is pinned down by them.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from scipy.linalg import null_space

from evaluation.tables.table import Table

Position = tuple[int, int]


def _row_of(table: Table, label: str) -> int | None:
    return next((r for r, row in enumerate(table.rows) if row.label == label), None)


class _System:
    def __init__(self) -> None:
        self.index: dict[Position, int] = {}
        self.known: dict[int, float] = {}
        self.equations: list[dict[int, float]] = []

    def var(self, position: Position) -> int:
        return self.index.setdefault(position, len(self.index))

    def equation(self, terms: dict[Position, float]) -> None:
        row: dict[int, float] = {}
        for position, coefficient in terms.items():
            v = self.var(position)
            row[v] = row.get(v, 0.0) + coefficient
        self.equations.append(row)

    def determined(self) -> set[int]:
        unknown = [v for v in range(len(self.index)) if v not in self.known]
        column = {v: i for i, v in enumerate(unknown)}
        rows = []
        for equation in self.equations:
            row = np.zeros(len(unknown))
            for v, coefficient in equation.items():
                if v in column:
                    row[column[v]] += coefficient
            if row.any():
                rows.append(row)
        result = set(self.known)
        if not unknown:
            return result
        if not rows:
            return result
        basis = null_space(np.array(rows), rcond=1e-9)
        free = np.abs(basis).max(axis=1) if basis.size else np.zeros(len(unknown))
        return result | {v for v, i in column.items() if free[i] < 1e-8}


def recomputable(table: Table, codes: list[float] | None = None) -> list[str]:
    """Suppressed cells of `table` whose value follows from its published cells.

    `codes` are the scale points of a scale table (1, 2, … by default), for its means.
    """
    system = _System()
    made_of: dict[Position, list[Position]] = {}
    cells = {(r, c): cell for r, row in enumerate(table.rows) for c, cell in enumerate(row.cells)}
    for line in table.lines:
        terms = {p: 1.0 for p in line[:-1]}
        terms[line[-1]] = terms.get(line[-1], 0.0) - 1.0
        system.equation(terms)
    for (r, c), cell in cells.items():
        column = table.columns[c]
        count, base = _share_of(table, r, c) if cell.format == "percent" else (None, None)
        if cell.format == "count":
            made_of[(r, c)] = [(r, c)]
            system.var((r, c))
            if not cell.suppressed and cell.value is not None:
                system.known[system.var((r, c))] = float(cell.value)
        elif cell.format == "percent" and count is not None:
            made_of[(r, c)] = [count] + ([base] if isinstance(base, tuple) else [])
            if not cell.suppressed and cell.value is not None:
                if isinstance(base, tuple):
                    system.equation({count: 100.0, base: -float(cell.value)})
                else:
                    system.known[system.var(count)] = float(cell.value) * base / 100.0
        elif column in ("Mittelwert", "Summe") or table.rows[r].label in ("Mittelwert", "Summe"):
            made_of[(r, c)] = _mean_parts(table, r, c)
            _mean_equation(system, table, r, c, cell, codes)
    found = system.determined()
    return [
        f"{table.rows[r].label}/{table.columns[c]}"
        for (r, c), cell in cells.items()
        if cell.suppressed
        and (r, c) in made_of
        and all(system.var(p) in found for p in made_of[(r, c)])
    ]


def _share_of(table: Table, r: int, c: int) -> tuple[Position | None, Position | float | None]:
    """The count a percentage cell shows and its base (a position, or a public number)."""
    column, row = table.columns[c], table.rows[r]
    if table.kind in ("frequencies", "multiple"):
        label = {
            "%": "Basis: Frage gestellt",
            "Gültige %": "Gültige Antworten",
            "% der Fälle": "Basis: Kommunen mit Angabe",
        }[column]
        return (r, 0), (_row_of(table, label), 0)
    if table.kind == "crosstab":
        return (r, c), (_row_of(table, "Basis (=100 %)"), c)
    if table.kind == "scale":
        return (r, c), (r, table.columns.index("Gültige n"))
    if table.kind == "response" and column == "Rücklaufquote %":
        frame = row.cells[table.columns.index("Grundgesamtheit")].value
        return (r, table.columns.index("Abgeschlossen")), float(frame)
    return None, None


def _mean_parts(table: Table, r: int, c: int) -> list[Position]:
    if table.kind == "scale":
        end = table.columns.index("Top-2")
        return [(r, j) for j in range(end)] + [(r, table.columns.index("Gültige n"))]
    n_row = _row_of(table, "Gültige Antworten (n)")
    sum_row = _row_of(table, "Summe")
    return [(n_row, c), (sum_row, c)]


def _mean_equation(system: _System, table: Table, r: int, c: int, cell, codes) -> None:
    """mean × n = Σ code × count (scale) or mean × n = sum (numbers); a published sum is known."""
    if table.kind == "scale":
        if table.columns[c] != "Mittelwert" or cell.suppressed:
            return
        end = table.columns.index("Top-2")
        points = codes or list(range(1, end + 1))
        terms = {(r, j): float(points[j]) for j in range(end)}
        terms[(r, table.columns.index("Gültige n"))] = -float(cell.value)
        system.equation(terms)
        return
    n_row, sum_row = _row_of(table, "Gültige Antworten (n)"), _row_of(table, "Summe")
    if table.rows[r].label == "Summe":
        if not cell.suppressed and cell.value is not None:
            system.known[system.var((sum_row, c))] = float(cell.value)
        return
    if not cell.suppressed and cell.value is not None:
        system.equation({(sum_row, c): 1.0, (n_row, c): -float(cell.value)})


#: Statistics that add up over disjoint groups of units, for the attacker's nesting sums.
ADDITIVE = frozenset(
    {"count", "valid", "shown", "no answer", "not shown", "no value", "units", "sum"}
    | {"top2", "bottom2"}
)


class Pool:
    """A reader who pools published tables (the brief and every feedback report) and names a
    figure by what it is (`FigureId`), so the same figure in two tables is one unknown.

    Besides each table's lines and percentages and a numbers table's mean (sum = mean × n),
    the reader knows how groups nest: for every additive figure, a type's is the sum of its
    Land × type groups, a Land's the sum of its types, and all units' the sum of the types and
    of the Länder – groups printed nowhere included, as unknowns. `determined` says whether a
    figure, or a sum of figures (the rest of a type), follows from all that.
    """

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = sorted(set(pairs))
        self.system = _System()
        self._additive: set = set()
        self._solved: dict[int, tuple[dict[int, int], np.ndarray]] = {}

    def _key(self, table: Table, r: int, c: int):
        cell = table.rows[r].cells[c]
        return cell.figure if cell.figure is not None else (id(table), r, c)

    def read(self, table: Table) -> None:
        system = self.system
        for line in table.lines:
            terms: dict = {}
            for p in line[:-1]:
                terms[self._key(table, *p)] = terms.get(self._key(table, *p), 0.0) + 1.0
            last = self._key(table, *line[-1])
            terms[last] = terms.get(last, 0.0) - 1.0
            system.equation(terms)
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                figure = cell.figure
                if figure is not None and figure.statistic in ADDITIVE:
                    self._additive.add(replace(figure, population=()))
                if cell.suppressed or cell.value is None or isinstance(cell.value, str):
                    continue
                key = self._key(table, r, c)
                if cell.format == "count":
                    system.known[system.var(key)] = float(cell.value)
                elif cell.format == "percent" and cell.base is not None:
                    base = self._key(table, *cell.base)
                    system.equation({key: 100.0, base: -float(cell.value)})
                elif figure is not None and figure.statistic == "sum":
                    system.known[system.var(key)] = float(cell.value)
                elif figure is not None and figure.statistic == "mean" and table.kind != "scale":
                    total = replace(figure, statistic="sum")
                    n = replace(figure, statistic="valid")
                    system.equation({total: 1.0, n: -float(cell.value)})

    def nest(self) -> None:
        lands = sorted({land for land, _ in self.pairs})
        kinds = sorted({kind for _, kind in self.pairs})
        for figure in self._additive:

            def at(*population, figure=figure):
                return replace(figure, population=tuple(sorted(population, key=str)))

            for kind in kinds:
                parts = [at(("land", la), ("type", kind)) for la, k in self.pairs if k == kind]
                self._sum(parts, at(("type", kind)))
            for land in lands:
                parts = [at(("land", land), ("type", k)) for la, k in self.pairs if la == land]
                self._sum(parts, at(("land", land)))
            self._sum([at(("type", kind)) for kind in kinds], figure)
            self._sum([at(("land", land)) for land in lands], figure)

    def _sum(self, parts, total) -> None:
        terms = {part: 1.0 for part in parts}
        terms[total] = terms.get(total, 0.0) - 1.0
        self.system.equation(terms)

    def determined(self, combination: dict) -> bool:
        """Whether Σ coefficient × figure follows from the pooled tables and the nesting."""
        system = self.system
        if not self._solved:
            self._components()
        unknown = {
            system.index[k]: v
            for k, v in combination.items()
            if k in system.index and system.index[k] not in system.known
        }
        missing = [k for k in combination if k not in system.index]
        if missing:
            return False
        if not unknown:
            return True
        roots = {self._root[v] for v in unknown}
        for root in roots:
            column, basis = self._solve(root)
            vector = np.zeros(len(column))
            for v, coefficient in unknown.items():
                if self._root[v] == root:
                    vector[column[v]] = coefficient
            if basis.size and np.abs(vector @ basis).max() > 1e-8:
                return False
        return True

    def _components(self) -> None:
        system = self.system
        parent = list(range(len(system.index)))

        def find(v: int) -> int:
            while parent[v] != v:
                parent[v] = parent[parent[v]]
                v = parent[v]
            return v

        for equation in system.equations:
            unknown = [v for v in equation if v not in system.known]
            for v in unknown[1:]:
                parent[find(v)] = find(unknown[0])
        self._root = [find(v) for v in range(len(parent))]
        self._solved = {-1: ({}, np.zeros(0))}
        self._equations: dict[int, list[dict[int, float]]] = {}
        for equation in system.equations:
            unknown = [v for v in equation if v not in system.known]
            if unknown:
                self._equations.setdefault(self._root[unknown[0]], []).append(equation)

    def _solve(self, root: int) -> tuple[dict[int, int], np.ndarray]:
        if root not in self._solved:
            system = self.system
            members = [v for v in range(len(self._root)) if self._root[v] == root]
            column = {v: i for i, v in enumerate(members)}
            rows = []
            for equation in self._equations.get(root, []):
                row = np.zeros(len(members))
                for v, coefficient in equation.items():
                    if v in column and v not in system.known:
                        row[column[v]] += coefficient
                if row.any():
                    rows.append(row)
            matrix = np.array(rows) if rows else np.zeros((1, len(members)))
            self._solved[root] = (column, null_space(matrix, rcond=1e-9))
        return self._solved[root]
