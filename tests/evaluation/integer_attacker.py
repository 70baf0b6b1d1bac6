"""An attacker with an integer program over everything published together, written apart from
`evaluation.disclosure`.

The attacker holds every published table (the brief, its appendix, all feedback reports) and
knows how tables are made: the counts of a line add up to its total, and a figure printed in
several tables (the same `FigureId`) is one number. It knows the questionnaire's filters, given
as sums (`extra`); with `nonzero_known` it reasons as one who knows that zeros are always
published: a withheld count is at least 1. Counts are whole numbers between 0 and the number
of units. Sums of amounts (VZÄ, euros) are real numbers of any size: a grid's total is the sum
of its cells' sums, given like the filters (`extra`), and a withheld cell's sum is pinned when
the total and the other cells leave it one value. For each withheld figure it asks HiGHS for
the least and the largest value the published figures allow; when they coincide, the figure is
recovered.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from evaluation.tables.table import FigureId, Table

COUNTS = {"count", "valid", "shown", "no answer", "not shown", "no value", "units"}
AMOUNTS = {"sum"}
_FAR = 1e9


def _amount(name: Hashable) -> bool:
    return isinstance(name, FigureId) and name.statistic in AMOUNTS


def _attacked(cell_format: str, figure: FigureId | None) -> bool:
    """Whether the attacker reasons about this cell: counts, and sums of amounts."""
    if isinstance(figure, FigureId) and figure.statistic in AMOUNTS:
        return True
    if cell_format != "count":
        return False
    return not isinstance(figure, FigureId) or figure.statistic in COUNTS


def _name(table_number: int, r: int, c: int, figure: FigureId | None) -> Hashable:
    return figure if figure is not None else ("cell", table_number, r, c)


def recovered(
    tables: Sequence[Table],
    extra: Iterable[tuple[FigureId, ...]] = (),
    truth: Sequence[Table] | None = None,
    nonzero_known: bool = True,
) -> dict[Hashable, float]:
    """Withheld counts and sums of `tables` that the published figures pin down, with their
    value.

    With `truth` (the same tables before suppression, in the same order) only the counts pinned
    to their true value are reported: a reader who assumes every withheld count is at least 1
    is wrong where a 0 was withheld, and a wrong value gives nothing away."""
    true: dict[Hashable, float] = {}
    for t, table in enumerate(truth or ()):
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                if _attacked(cell.format, cell.figure) and isinstance(cell.value, int | float):
                    true[_name(t, r, c, cell.figure)] = float(cell.value)
    known: dict[Hashable, float] = {}
    hidden: set[Hashable] = set()
    equations: list[tuple[Hashable, ...]] = []
    cap = 0
    for t, table in enumerate(tables):
        names = {}
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                name = _name(t, r, c, cell.figure)
                names[(r, c)] = name
                if not _attacked(cell.format, cell.figure):
                    continue
                if cell.suppressed:
                    hidden.add(name)
                elif isinstance(cell.value, int | float):
                    known[name] = float(cell.value)
                    if not _amount(name):
                        cap = max(cap, int(cell.value))
        for line in table.lines:
            equations.append(tuple(names[p] for p in line))
        equations.extend(table.relations)
    equations.extend(extra)
    hidden -= set(known)
    unknowns = sorted({n for eq in equations for n in eq if n not in known}, key=repr)
    column = {n: i for i, n in enumerate(unknowns)}
    if not unknowns:
        return {}
    rows, cols, data, rhs = [], [], [], []
    for i, equation in enumerate(equations):
        b = 0.0
        for j, name in enumerate(equation):
            sign = -1.0 if j == len(equation) - 1 else 1.0
            if name in column:
                rows.append(i)
                cols.append(column[name])
                data.append(sign)
            else:
                b -= sign * known.get(name, 0.0)
        rhs.append(b)
    matrix = coo_array((data, (rows, cols)), shape=(len(equations), len(unknowns))).tocsr()
    constraint = LinearConstraint(matrix, rhs, rhs)
    low = np.array(
        [-_FAR if _amount(n) else 1.0 if nonzero_known and n in hidden else 0.0 for n in unknowns]
    )
    high = np.array([_FAR if _amount(n) else float(max(cap, 1)) for n in unknowns])
    bounds = Bounds(low, high)
    integrality = np.array([0 if _amount(n) else 1 for n in unknowns], dtype=np.uint8)
    result: dict[Hashable, float] = {}
    for name in hidden:
        if name not in column:
            continue
        objective = np.zeros(len(unknowns))
        values = []
        for sign in (1.0, -1.0):
            objective[column[name]] = sign
            solution = milp(
                objective, constraints=constraint, integrality=integrality, bounds=bounds
            )
            values.append(solution.x[column[name]] if solution.status == 0 else None)
        if values[0] is None or values[1] is None:
            continue
        if _amount(name):
            if values[1] - values[0] < 1e-6 * max(1.0, abs(values[0])):
                result[name] = float(values[0])
            continue
        if values[1] - values[0] < 0.5 and (truth is None or true.get(name) == round(values[0])):
            result[name] = round(values[0])
    return result
