"""A crosstab of two questions as a Tabellenband prints it: per answer to the column question
the count and the valid % of each answer to the row question, with both bases (the valid
answers, = 100 %, and the units shown the row question) and the missing answers between them.

`breakdown` is what the brief and the workbook ask for: this table when both are questions with
answer codes, the column-% crosstab of `evaluation.tables.crosstab` by a unit attribute or for
a number.
"""

from __future__ import annotations

import numpy as np

from evaluation.codebook import NO_ANSWER, NOT_SHOWN, Codebook
from evaluation.dataset import Dataset
from evaluation.errors import EvaluationError
from evaluation.tables.categories import UNIT_ATTRIBUTES, categories
from evaluation.tables.crosstab import _independence, crosstab
from evaluation.tables.parts import (
    Builder,
    count_cell,
    count_of,
    kommunen,
    missing_figure,
    share_cell,
)
from evaluation.tables.table import Cell, FigureId, Population, RowKind, Table
from evaluation.tables.weights import unit_weights, weight_note

COUNT, SHARE = "Anzahl", "%"


def breakdown(
    dataset: Dataset, var: str, by: str, test: bool = False, weight: str | None = None
) -> Table:
    """`var` broken down by `by`: a unit attribute (land, type, size_class) or a question."""
    check_breakdown(dataset.codebook, var, by)
    if by in UNIT_ATTRIBUTES or not dataset.codebook[var].is_categorical:
        return crosstab(dataset, var, by, test, weight)
    return question_by_question(dataset, var, by, test, weight)


def check_breakdown(codebook: Codebook, var: str, by: str) -> None:
    """A German error naming what cannot be crossed, before any table is built."""
    if var not in codebook:
        raise EvaluationError(f"Kreuztabelle: die Frage {var} steht nicht im Codebuch.")
    if codebook[var].type not in ("single", "boolean", "integer", "decimal"):
        raise EvaluationError(
            f"Kreuztabelle: {var} ist keine Frage mit einer Antwort oder einer Zahl."
        )
    if by in UNIT_ATTRIBUTES:
        return
    if by not in codebook:
        raise EvaluationError(
            f"Kreuztabelle: {by} ist weder ein Merkmal der Kommunen "
            f"({', '.join(UNIT_ATTRIBUTES)}) noch eine Frage im Codebuch."
        )
    if codebook[by].type not in ("single", "boolean"):
        raise EvaluationError(
            f"Kreuztabelle: nach {by} lässt sich nicht aufgliedern: es ist keine Frage mit "
            "einer Antwort (Einfachauswahl oder ja/nein)."
        )
    if by == var:
        raise EvaluationError(f"Kreuztabelle: {var} lässt sich nicht nach sich selbst aufgliedern.")


def question_by_question(
    dataset: Dataset, var: str, by: str, test: bool = False, weight: str | None = None
) -> Table:
    """Answers to `var` (rows) by the answers to `by` (columns, "Insgesamt" first).

    Each column is a pair: the count and its share of the column's valid answers to `var`.
    Under the answers come "Gültige Antworten" (the base of the %), the missing answers to
    `var` by type, and "Basis: Frage gestellt" (valid and missing, without the units filtered
    out), so a reader sees both bases of every column. Units without a valid answer to `by`
    are in no column and are counted in a footnote. With `test`, the test of independence of
    `evaluation.tables.crosstab` is added for the valid answers. With a `weight` the % are
    weighted; counts, bases and the test stay those of the units.
    """
    weights = unit_weights(dataset, weight)
    variable = dataset.codebook[var]
    var_codes, var_labels, title, question, var_keys = categories(dataset, var)
    by_codes, by_labels, by_title, _, by_keys = categories(dataset, by)
    values = dataset.data[var].to_numpy(dtype=float)
    shown = ~np.isnan(values) & (values != NOT_SHOWN)
    in_any = by_codes >= 0
    columns = [in_any, *(by_codes == j for j in range(len(by_labels)))]
    total: Population = () if not (shown & ~in_any).any() else ((by, "*"),)
    populations = [total, *(((by, key),) for key in by_keys)]
    missing = {c: label for c, label in variable.missing_codes.items() if c != NOT_SHOWN}
    present = [c for c in missing if c == NO_ANSWER or (in_any & (values == c)).any()]
    k = len(var_labels)
    valid_row, shown_row = k, k + 1 + len(present)
    builder = Builder()
    grid: list[list[Cell]] = [[] for _ in range(shown_row + 1)]
    for c, (members, population) in enumerate(zip(columns, populations, strict=True)):
        inside = members & (var_codes >= 0)
        counts = np.bincount(var_codes[inside], minlength=k)
        summed = counts.astype(float)
        if weights is not None:
            summed = np.bincount(var_codes[inside], weights=weights[inside], minlength=k)
        valid, valid_w = int(counts.sum()), float(summed.sum())
        base_at = (valid_row, 2 * c)
        for i in range(k):
            figure = FigureId(var, "count", var_keys[i], population)
            n = int(counts[i])
            share = share_cell(float(summed[i]), valid_w, figure, base_at, n)
            grid[i] += [count_cell(n, figure), share]
        figure = FigureId(var, "valid", None, population)
        share = share_cell(valid_w, valid_w, figure, base_at, valid)
        grid[valid_row] += [count_cell(valid, figure), share]
        shown_n = valid
        for r, code in enumerate(present, start=valid_row + 1):
            n = int((members & (values == code)).sum())
            shown_n += n
            grid[r] += [count_cell(n, missing_figure(var, code).within(population)), _empty()]
        figure = FigureId(var, "shown", None, population)
        grid[shown_row] += [count_cell(shown_n, figure), _empty()]
    rows: list[tuple[str, RowKind, int | None]] = [
        *((label, "value", int(key)) for label, key in zip(var_labels, var_keys, strict=True)),
        ("Gültige Antworten", "total", None),
        *((missing[code], "missing", code) for code in present),
    ]
    for r, (label, kind, row_code) in enumerate(rows):
        builder.add(label, grid[r], kind, row_code)
    builder.add("Basis: Frage gestellt", grid[shown_row], "base")
    width = len(columns)
    for c in range(width):
        builder.line(list(range(k + 1)), 2 * c)
        builder.line([valid_row, *range(valid_row + 1, shown_row + 1)], 2 * c)
    for r in range(shown_row + 1):
        builder.lines.append(tuple((r, 2 * c) for c in range(1, width)) + ((r, 0),))
    outside = int((shown & ~in_any).sum())
    valid_total, shown_total = count_of(grid[valid_row][0]), count_of(grid[shown_row][0])
    notes = [
        f"Spalten: Antworten auf {by_title}; %: Anteil an den gültigen Antworten der Spalte "
        "(„Gültige Antworten“ = 100 %). „Basis: Frage gestellt“ zählt auch die fehlenden "
        "Antworten, nicht die herausgefilterten Kommunen.",
        f"Basis: {kommunen(shown_total)}, denen die Frage gestellt wurde und die {by} gültig "
        f"beantwortet haben; davon {valid_total} mit gültiger Antwort.",
    ]
    if outside:
        notes.append(f"Ohne {kommunen(outside)} ohne gültige Angabe zu {by}.")
    if weight:
        notes.append(weight_note(weight))
    significance = None
    if test:
        use = (var_codes >= 0) & in_any
        observed = np.bincount(
            var_codes[use] * len(by_labels) + by_codes[use], minlength=k * len(by_labels)
        ).reshape(k, len(by_labels))
        significance = _independence(observed)
        notes.append(significance.note)
    header = [f"{label}: {part}" for label in ("Insgesamt", *by_labels) for part in (COUNT, SHARE)]
    return Table(
        title=f"{title} nach {by_title}",
        question=question,
        columns=tuple(header),
        rows=tuple(builder.rows),
        base_shown=shown_total,
        base_valid=valid_total,
        footnotes=tuple(notes),
        kind="question-crosstab",
        variable=var,
        lines=tuple(builder.lines),
        significance=significance,
    )


def _empty() -> Cell:
    return Cell(None, "percent")
