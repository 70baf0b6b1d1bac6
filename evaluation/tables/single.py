"""Tables of one variable: frequencies (single choice, yes/no), numbers and open answers."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from evaluation.codebook import NOT_SHOWN
from evaluation.dataset import Dataset
from evaluation.german import statistic_decimals
from evaluation.tables.parts import (
    DERIVED,
    Builder,
    base_note,
    count_cell,
    count_of,
    counts_of,
    largest_two,
    missing_block,
    one_column,
    share_cell,
    variable_title,
)
from evaluation.tables.table import Cell, FigureId, Table


def frequencies(dataset: Dataset, name: str) -> Table:
    """Single choice and yes/no: n, % of units shown the question, valid %, missing by type."""
    variable = dataset.codebook[name]
    counts, no_value = counts_of(dataset.data[name].to_numpy(dtype=float))
    missing = set(variable.missing_codes)
    codes = list(variable.value_labels) + sorted(
        c for c in counts if c not in variable.value_labels and c not in missing
    )
    valid = sum(counts.get(c, 0) for c in codes)
    builder = Builder()
    pad = (Cell(None, "percent"),) * 2
    value_rows = [
        builder.add(
            variable.value_labels.get(code, str(code)),
            (count_cell(counts.get(code, 0), FigureId(name, "count", code)), *pad),
            code=code,
        )
        for code in codes
    ]
    valid_row = builder.add(
        "Gültige Antworten", (count_cell(valid, FigureId(name, "valid")), *pad), "total"
    )
    builder.line([*value_rows, valid_row])
    shown_row = missing_block(
        builder, name, dict(variable.missing_codes), counts, no_value, valid_row, 3
    )
    shown = count_of(builder.rows[shown_row].cells[0])
    for r, row in enumerate(builder.rows):
        count = row.cells[0]
        n, figure = count_of(count), count.figure
        if row.kind == "value" or r == valid_row:
            of_shown = share_cell(n, shown, figure, (shown_row, 0))
            percents = (of_shown, share_cell(n, valid, figure, (valid_row, 0)))
        elif row.kind == "base" or (row.kind == "missing" and row.code not in (NOT_SHOWN, None)):
            percents = (share_cell(n, shown, figure, (shown_row, 0)), pad[1])
        else:
            continue
        builder.rows[r] = replace(row, cells=(count, *percents))
    return Table(
        title=variable_title(variable),
        question=variable.question,
        columns=("Anzahl", "%", "Gültige %"),
        rows=tuple(builder.rows),
        base_shown=shown,
        base_valid=valid,
        footnotes=(
            base_note(shown, valid),
            "%: Anteil an den Kommunen, denen die Frage gestellt wurde; "
            "Gültige %: Anteil an den gültigen Antworten.",
        ),
        kind="frequencies",
        variable=name,
        lines=tuple(builder.lines),
    )


def numbers(dataset: Dataset, name: str) -> Table:
    """Integer and decimal answers: n, mean, SD, median, min, max, sum (VZÄ add up).

    Minimum and maximum are each one unit's own value; they are marked as resting on one unit so
    a published table never shows them. Every statistic depends on n, and mean and sum on each
    other (mean × n is the sum), so none of them can give a withheld one away.
    """
    variable = dataset.codebook[name]
    column = dataset.data[name].to_numpy(dtype=float)
    missing = np.array(list(variable.missing_codes), dtype=float)
    is_missing = np.isin(column, missing)
    valid_values = column[~is_missing & ~np.isnan(column)]
    n = len(valid_values)
    counts, no_value = counts_of(column[is_missing | np.isnan(column)])
    decimals = variable.decimals
    builder = Builder()
    n_row = builder.add("Gültige Antworten (n)", (count_cell(n, FigureId(name, "valid")),), "total")
    mean_row, sum_row = n_row + 1, n_row + 6
    has = n > 0
    stats = (
        ("Mittelwert", "mean", float(valid_values.mean()) if has else None, (sum_row,)),
        ("Standardabweichung", "sd", float(valid_values.std(ddof=1)) if n > 1 else None, ()),
        ("Median", "median", float(np.median(valid_values)) if has else None, ()),
        ("Minimum", "min", float(valid_values.min()) if has else None, ()),
        ("Maximum", "max", float(valid_values.max()) if has else None, ()),
        ("Summe", "sum", float(valid_values.sum()) if has else None, (mean_row,)),
    )
    top = largest_two(valid_values)
    for label, statistic, value, also in stats:
        units = min(n, 1) if statistic in ("min", "max") else n
        depends = tuple((r, 0) for r in (n_row, *also))
        places = statistic_decimals(decimals) if statistic in DERIVED else decimals
        cell = Cell(
            value,
            "number",
            units,
            depends,
            places,
            figure=FigureId(name, statistic),
            top=top if statistic in ("sum", "mean") else (),
        )
        builder.add(label, (cell,), "statistic")
    return one_column(variable, builder, counts, no_value, n_row, n, "Wert", "numbers")


def text_count(dataset: Dataset, name: str) -> Table:
    """Open answers: how many units wrote something. The texts go to the workbook (Freitext)."""
    variable = dataset.codebook[name]
    column = dataset.data[name]
    is_text = column.map(lambda v: isinstance(v, str) and bool(v.strip())).to_numpy(dtype=bool)
    codes = pd.to_numeric(column.where(~is_text), errors="coerce").to_numpy(dtype=float)
    counts, no_value = counts_of(codes[~is_text])
    n = int(is_text.sum())
    builder = Builder()
    n_row = builder.add("Antworten mit Text", (count_cell(n, FigureId(name, "valid")),), "total")
    note = "Die Antworten selbst stehen im Blatt „Freitext“ der Arbeitsmappe."
    return one_column(variable, builder, counts, no_value, n_row, n, "Anzahl", "text", note)
