"""What a reader knows besides the printed figures: the questionnaire's filters and its sums.

A follow-up asked only if `F1 in [1, 2]` is shown to exactly the units that answered F1 with 1
or 2, so its base "Frage gestellt" is the sum of those two counts, and a reader who holds the
questionnaire can subtract it from F1's valid answers. The codebook does not carry the
conditions, and the answers are what the conditions produced, so the filters are read off the
data: a question's "shown" units are exactly the units with some codes of an earlier question.
Every such sum holds in any group of units, so it is recorded for every group whose base the
publication prints, as a relation for `evaluation.disclosure`.

A grid's totals (`D5_sozial_sum`, `D5_sum`) and a calculated value whose formula is a plain sum
are printed beside the cells they add up: each unit's total is the sum of its answered cells, so
the sum of the totals over any group is the sum of the cells' sums, and a withheld cell would
be the total minus the cells printed beside it. The codebook carries the formula; the data
confirm that the sum holds unit by unit (a formula that is not one, or answers that break it,
record nothing).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from evaluation.codebook import NOT_SHOWN, Variable
from evaluation.dataset import Dataset
from evaluation.tables.parts import missing_figure
from evaluation.tables.table import FigureId, Population, Table

#: Earlier questions whose codes decide a filter, nearest first: more only repeat the same sum.
TRIGGERS = 2
_NO_VALUE = -1e18


def _printed_groups(tables: Iterable[Table], statistic: str) -> dict[str, set[Population]]:
    """For each variable, the groups of units the tables print its `statistic` for."""
    populations: dict[str, set[Population]] = {}
    for table in tables:
        for row in table.rows:
            for cell in row.cells:
                figure = cell.figure
                if figure is not None and figure.statistic == statistic:
                    populations.setdefault(figure.variable, set()).add(figure.population)
    return populations


def filter_relations(dataset: Dataset, tables: Iterable[Table]) -> Table:
    """An unprinted table holding, for every filtered question whose base the tables print,
    "shown" = the sum of the triggering answers' counts, in each group it is printed for."""
    populations = _printed_groups(tables, "shown")
    relations: list[tuple[FigureId, ...]] = []
    for question, groups in populations.items():
        for parts in _triggers(dataset, question):
            for population in sorted(groups, key=str):
                shown = FigureId(question, "shown").within(population)
                relations.append((*(p.within(population) for p in parts), shown))
    return Table("", "", (), (), 0, 0, relations=tuple(relations))


def sum_relations(dataset: Dataset, tables: Iterable[Table]) -> Table:
    """An unprinted table holding, for every total whose sum the tables print, its sum = the
    sum of its cells' sums, in each group it is printed for."""
    populations = _printed_groups(tables, "sum")
    relations: list[tuple[FigureId, ...]] = []
    for total, groups in populations.items():
        cells = _summands(dataset, total)
        for population in sorted(groups, key=str):
            if cells:
                parts = (FigureId(cell, "sum").within(population) for cell in cells)
                relations.append((*parts, FigureId(total, "sum").within(population)))
    return Table("", "", (), (), 0, 0, relations=tuple(relations))


def reader_relations(dataset: Dataset, tables: Iterable[Table]) -> Table:
    """Everything a reader of `tables` knows besides them, as one unprinted table: the filters'
    sums and the totals' sums."""
    tables = list(tables)
    filters, sums = filter_relations(dataset, tables), sum_relations(dataset, tables)
    return Table("", "", (), (), 0, 0, relations=filters.relations + sums.relations)


def _summands(dataset: Dataset, name: str) -> list[str]:
    """The variables whose sum is `name` unit by unit, if its formula is a plain sum of
    numeric variables and the answers keep to it; else none."""
    codebook = dataset.codebook
    formula = codebook[name].formula
    if not formula or name not in dataset.data:
        return []
    terms = [term.strip() for term in formula.split("+")]
    if len(terms) < 2 or any(
        term not in codebook
        or term not in dataset.data
        or codebook[term].type not in ("integer", "decimal")
        for term in terms
    ):
        return []
    total = _valid(dataset, name)
    given = np.column_stack([_valid(dataset, term) for term in terms])
    answered = ~np.isnan(given).all(axis=1)
    if not np.array_equal(answered, ~np.isnan(total)):
        return []
    added = np.nansum(given[answered], axis=1)
    if not np.allclose(added, total[answered], rtol=1e-9, atol=1e-9):
        return []
    return terms


def _valid(dataset: Dataset, name: str) -> np.ndarray:
    """A numeric variable's answers, missing codes and empty answers as NaN."""
    values = pd.to_numeric(dataset.data[name], errors="coerce").to_numpy(dtype=float)
    missing = np.array(list(dataset.codebook[name].missing_codes), dtype=float)
    return np.where(np.isin(values, missing), np.nan, values)


def _triggers(dataset: Dataset, question: str) -> list[list[FigureId]]:
    """The figures whose sum is the units shown `question`, one list per earlier question
    whose answers decide it."""
    codebook = dataset.codebook
    members = codebook.group(question) if question in codebook.groups() else [codebook[question]]
    names = [v.name for v in codebook]
    if members[0].name not in names:
        return []
    column = dataset.data[members[0].name]
    codes = pd.to_numeric(column, errors="coerce")
    shown = (column.notna() & (codes != NOT_SHOWN)).to_numpy(dtype=bool)
    if shown.all() or not shown.any():
        return []
    found: list[list[FigureId]] = []
    for variable in reversed(list(codebook)[: names.index(members[0].name)]):
        parts = _parts(dataset, variable, shown)
        if parts:
            found.append(parts)
            if len(found) == TRIGGERS:
                break
    return found


def _parts(dataset: Dataset, variable: Variable, shown: np.ndarray) -> list[FigureId]:
    """The figures of `variable` whose units are exactly those in `shown`, if its codes split
    the units that way."""
    if not variable.is_categorical or variable.type == "matrix":
        return []
    values = np.nan_to_num(dataset.data[variable.name].to_numpy(dtype=float), nan=_NO_VALUE)
    codes, inverse = np.unique(values, return_inverse=True)
    inside = np.bincount(inverse, weights=shown, minlength=len(codes))
    total = np.bincount(inverse, minlength=len(codes))
    if ((inside > 0) & (inside < total)).any():
        return []
    chosen = [float(c) for c, n in zip(codes, inside, strict=True) if n > 0]
    if not chosen or len(chosen) == len(codes):
        return []
    if variable.type == "multiple":
        if chosen != [1.0] or variable.group is None or variable.option_code is None:
            return []
        return [FigureId(variable.group, "count", variable.option_code)]
    parts = []
    for code in chosen:
        if code == _NO_VALUE:
            parts.append(FigureId(variable.name, "no value"))
        elif int(code) in variable.missing_codes:
            parts.append(missing_figure(variable.name, int(code)))
        else:
            parts.append(FigureId(variable.name, "count", int(code)))
    return parts
