"""Summary tables: one function per table kind, each returning a small immutable `Table`.

Conventions researchers expect (see the domain notes):

- Percentages are valid % by default; "%" is the share of the units that were *shown* the
  question, "Gültige %" the share of the valid answers. Missing answers sit under the valid block,
  by type, with counts, and every table states its bases.
- Units filtered out (-77) are not part of a question's base at all.
- Tables here are internal (unsuppressed). Anything published goes through
  `evaluation.disclosure` first. Each cell names the figure it shows (`FigureId`) and the base a
  percentage is taken of, so disclosure control can hide a figure in every table that shows it
  and never leave a percentage that gives a hidden base away.

The functions work on numpy arrays of whole columns (no Python loop over units), which is what
keeps all tables of a 10,000-unit survey within a second or two.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd
from scipy import stats

from evaluation import german
from evaluation.codebook import NO_ANSWER, NOT_SHOWN, Variable
from evaluation.dataset import SIZE_CLASSES, SIZE_UNKNOWN, UNIT_LABELS, Dataset, SurveyInfo
from evaluation.table import (
    Cell,
    FigureId,
    Population,
    Position,
    Row,
    Significance,
    Table,
)

__all__ = [
    "Cell",
    "Row",
    "Significance",
    "Table",
    "all_tables",
    "crosstab",
    "frequencies",
    "multiple_response",
    "numbers",
    "respondents",
    "respondents_by_type",
    "response_table",
    "scale",
    "text_count",
]

UNIT_ATTRIBUTES = ("land", "type", "size_class")
NO_VALUE = "ohne Wert"
FISHER_SAMPLES = 20_000
FISHER_SEED = 20190701
MULTIPLE_NOTE = "Mehrfachnennungen möglich; die Prozentwerte ergeben zusammen mehr als 100 %."


def _pct(part: float, whole: float) -> float | None:
    return 100.0 * part / whole if whole else None


def _title(variable: Variable) -> str:
    unit = f" ({variable.unit})" if variable.unit else ""
    return f"{variable.name} {variable.label}{unit}"


def _headline(variable: Variable) -> str:
    """A group's title: the first line of its question (the option labels name the rows)."""
    return variable.question.splitlines()[0] if variable.question else variable.label


def _kommunen(n: int) -> str:
    return "1 Kommune" if n == 1 else f"{n} Kommunen"


def _base_note(shown: int, valid: int) -> str:
    return (
        f"Basis: {_kommunen(shown)}, denen die Frage gestellt wurde; "
        f"davon {valid} mit gültiger Antwort."
    )


def _counts(values: np.ndarray) -> tuple[dict[int, int], int]:
    """Counts per code of a float column, and the number of NaN (no value at all)."""
    present = ~np.isnan(values)
    codes, counts = np.unique(values[present], return_counts=True)
    return {int(c): int(n) for c, n in zip(codes, counts, strict=True)}, int((~present).sum())


class _Builder:
    """Collects rows and remembers positions, so lines and dependencies can name cells."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.lines: list[tuple[Position, ...]] = []

    @property
    def next(self) -> int:
        return len(self.rows)

    def add(self, label: str, cells: Sequence[Cell], kind: str = "value", code=None) -> int:
        self.rows.append(Row(label, tuple(cells), kind, code))  # type: ignore[arg-type]
        return len(self.rows) - 1

    def line(self, rows: Sequence[int], column: int = 0) -> None:
        """Rows whose cells in `column` add up to the last one."""
        if len(rows) > 1:
            self.lines.append(tuple((r, column) for r in rows))


def _count_cell(n: int, figure: FigureId | None = None) -> Cell:
    return Cell(n, "count", units=n, figure=figure)


def _share(
    count: float, base: float, figure: FigureId | None, base_at: Position, units: int | None = None
) -> Cell:
    """A percentage: the figure of its count, shown as a share of the cell at `base_at`."""
    units = int(count) if units is None else units
    return Cell(_pct(count, base), "percent", units, figure=figure, base=base_at)


def _missing_figure(variable: str, code: int) -> FigureId:
    """ "keine Antwort" is item nonresponse; any other missing code ("weiß nicht", "keine
    Angabe") was chosen as an answer and is counted like one."""
    if code == NO_ANSWER:
        return FigureId(variable, "no answer")
    if code == NOT_SHOWN:
        return FigureId(variable, "not shown")
    return FigureId(variable, "count", code)


def _missing_block(
    builder: _Builder,
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
            cell = _count_cell(n, _missing_figure(variable, code))
            shown_parts.append(builder.add(label, (cell, *pad), "missing", code))
            shown += n
    shown_cell = _count_cell(shown, FigureId(variable, "shown"))
    shown_row = builder.add("Basis: Frage gestellt", (shown_cell, *pad), "base")
    builder.line([*shown_parts, shown_row])
    not_shown = counts.get(NOT_SHOWN, 0)
    total_parts = [shown_row]
    label = missing_codes.get(NOT_SHOWN, "nicht gestellt (Filter)")
    cell = _count_cell(not_shown, _missing_figure(variable, NOT_SHOWN))
    total_parts.append(builder.add(label, (cell, *pad), "missing", NOT_SHOWN))
    if no_value:
        cell = _count_cell(no_value, FigureId(variable, "no value"))
        total_parts.append(builder.add(NO_VALUE, (cell, *pad), "missing"))
    total = shown + not_shown + no_value
    cell = _count_cell(total, FigureId("", "units"))
    total_parts.append(builder.add("Insgesamt", (cell, *pad), "total"))
    builder.line(total_parts)
    return shown_row


def frequencies(dataset: Dataset, name: str) -> Table:
    """Single choice and yes/no: n, % of units shown the question, valid %, missing by type."""
    variable = dataset.codebook[name]
    counts, no_value = _counts(dataset.data[name].to_numpy(dtype=float))
    missing = set(variable.missing_codes)
    codes = list(variable.value_labels) + sorted(
        c for c in counts if c not in variable.value_labels and c not in missing
    )
    valid = sum(counts.get(c, 0) for c in codes)
    builder = _Builder()
    pad = (Cell(None, "percent"),) * 2
    value_rows = [
        builder.add(
            variable.value_labels.get(code, str(code)),
            (_count_cell(counts.get(code, 0), FigureId(name, "count", code)), *pad),
            code=code,
        )
        for code in codes
    ]
    valid_row = builder.add(
        "Gültige Antworten", (_count_cell(valid, FigureId(name, "valid")), *pad), "total"
    )
    builder.line([*value_rows, valid_row])
    shown_row = _missing_block(
        builder, name, dict(variable.missing_codes), counts, no_value, valid_row, 3
    )
    shown = int(builder.rows[shown_row].cells[0].value)
    for r, row in enumerate(builder.rows):
        count = row.cells[0]
        n, figure = int(count.value), count.figure
        if row.kind == "value" or r == valid_row:
            of_shown = _share(n, shown, figure, (shown_row, 0))
            percents = (of_shown, _share(n, valid, figure, (valid_row, 0)))
        elif row.kind == "base" or (row.kind == "missing" and row.code not in (NOT_SHOWN, None)):
            percents = (_share(n, shown, figure, (shown_row, 0)), pad[1])
        else:
            continue
        builder.rows[r] = replace(row, cells=(count, *percents))
    return Table(
        title=_title(variable),
        question=variable.question,
        columns=("Anzahl", "%", "Gültige %"),
        rows=tuple(builder.rows),
        base_shown=shown,
        base_valid=valid,
        footnotes=(
            _base_note(shown, valid),
            "%: Anteil an den Kommunen, denen die Frage gestellt wurde; "
            "Gültige %: Anteil an den gültigen Antworten.",
        ),
        kind="frequencies",
        variable=name,
        lines=tuple(builder.lines),
    )


def multiple_response(dataset: Dataset, group: str) -> Table:
    """Multiple choice: % of cases among the units shown the question that ticked anything.

    Ticking an explicit exclusive option ("keine davon", "weiß nicht") counts as an answer;
    a unit shown the question that ticked nothing (-88) does not, nor does one filtered out.
    """
    members = dataset.codebook.group(group)
    values = dataset.data[[m.name for m in members]].to_numpy(dtype=float)
    ticked = values == 1
    answered_mask = ticked.any(axis=1)
    no_value_mask = np.isnan(values).all(axis=1)
    not_shown_mask = ~answered_mask & ~no_value_mask & (values == NOT_SHOWN).any(axis=1)
    answered = int(answered_mask.sum())
    not_shown = int(not_shown_mask.sum())
    no_value = int(no_value_mask.sum())
    no_answer = len(values) - answered - not_shown - no_value
    builder = _Builder()
    per_option = ticked[answered_mask].sum(axis=0)
    order = sorted(
        range(len(members)),
        key=lambda i: (members[i].option_code is not None and members[i].option_code < 0, i),
    )
    base_at = (len(members), 0)
    for i in order:
        n = int(per_option[i])
        option = members[i].option_code
        figure = FigureId(group, "count", option if option is not None else members[i].name)
        builder.add(
            members[i].label,
            (_count_cell(n, figure), _share(n, answered, figure, base_at)),
            code=option,
        )
    first = members[0]
    counts = {NO_ANSWER: no_answer, NOT_SHOWN: not_shown}
    figure = FigureId(group, "valid")
    valid_row = builder.add(
        "Basis: Kommunen mit Angabe",
        (_count_cell(answered, figure), _share(answered, answered, figure, base_at)),
        "base",
    )
    labels = {NO_ANSWER: first.missing_codes.get(NO_ANSWER, "keine Antwort")}
    labels[NOT_SHOWN] = first.missing_codes.get(NOT_SHOWN, "nicht gestellt (Filter)")
    _missing_block(builder, group, labels, counts, no_value, valid_row, 2)
    shown = answered + no_answer
    return Table(
        title=f"{group} {_headline(first)}",
        question=first.question,
        columns=("Anzahl", "% der Fälle"),
        rows=tuple(builder.rows),
        base_shown=shown,
        base_valid=answered,
        footnotes=(
            MULTIPLE_NOTE,
            f"Basis: {answered} Kommunen, denen die Frage gestellt wurde und die mindestens "
            f"eine Antwort angekreuzt haben (gestellt: {shown}).",
        ),
        kind="multiple",
        variable=group,
        lines=tuple(builder.lines),
    )


def scale(dataset: Dataset, group_or_name: str) -> Table:
    """Matrix or scale: distribution per item in valid %, Top-2/Bottom-2, mean and SD.

    Mean and standard deviation (n − 1) use the scale points only; "weiß nicht" and the other
    missing codes are counted beside the distribution, never folded into it. Top-2/Bottom-2 and
    mean/SD are shown for ordinal or scale items with at least four points.
    """
    codebook = dataset.codebook
    if group_or_name in codebook.groups():
        items = codebook.group(group_or_name)
    else:
        items = [codebook[group_or_name]]
    points: dict[int, str] = {}
    for item in items:
        points.update(item.value_labels)
    codes = sorted(points)
    ordinal = items[0].measure in ("ordinal", "scale") and len(codes) >= 4
    missing_codes: dict[int, str] = {}
    for item in items:
        missing_codes.update({c: lab for c, lab in item.missing_codes.items() if c != NOT_SHOWN})
    columns = [points[c] for c in codes]
    if ordinal:
        columns += ["Top-2", "Bottom-2", "Mittelwert", "Standardabweichung"]
    columns += ["Gültige n", *missing_codes.values()]
    values = dataset.data[[i.name for i in items]].to_numpy(dtype=float)
    code_array = np.array(codes, dtype=float)
    shown_any = ((values != NOT_SHOWN) & ~np.isnan(values)).any(axis=1)
    valid_any = np.isin(values, code_array).any(axis=1)
    builder = _Builder()
    k = len(codes)
    n_column = k + (4 if ordinal else 0)
    for j, item in enumerate(items):
        column = values[:, j]
        counts = np.array([(column == c).sum() for c in code_array], dtype=int)
        n = int(counts.sum())
        r = builder.next
        name = item.name
        cells = [
            _share(int(x), n, FigureId(name, "count", code), (r, n_column))
            for x, code in zip(counts, codes, strict=True)
        ]
        if ordinal:
            top, bottom = counts[-2:].sum(), counts[:2].sum()
            cells.append(_share(int(top), n, FigureId(name, "top2"), (r, n_column)))
            cells.append(_share(int(bottom), n, FigureId(name, "bottom2"), (r, n_column)))
            valid_values = column[np.isin(column, code_array)]
            everything = (*((r, c) for c in range(k + 2)), (r, n_column))
            mean = float(valid_values.mean()) if n else None
            sd = float(valid_values.std(ddof=1)) if n > 1 else None
            for value, statistic in ((mean, "mean"), (sd, "sd")):
                figure = FigureId(name, statistic)
                cells.append(Cell(value, "number", n, everything, 2, figure=figure))
        cells.append(_count_cell(n, FigureId(name, "valid")))
        cells += [
            _count_cell(int((column == code).sum()), _missing_figure(name, code))
            for code in missing_codes
        ]
        builder.add(item.label, cells, code=None)
        builder.lines.append(tuple((r, c) for c in range(k)) + ((r, n_column),))
        if ordinal:
            builder.lines.append(((r, k - 2), (r, k - 1), (r, k)))
            builder.lines.append(((r, 0), (r, 1), (r, k + 1)))
    shown, valid = int(shown_any.sum()), int(valid_any.sum())
    notes = [
        _base_note(shown, valid),
        "Prozentwerte: Anteil an den gültigen Antworten je Zeile (Spalte „Gültige n“).",
    ]
    if ordinal:
        notes.append(
            f"Top-2: {points[codes[-2]]} und {points[codes[-1]]}; Bottom-2: {points[codes[0]]} "
            f"und {points[codes[1]]}. Mittelwert und Standardabweichung über die Skalenpunkte "
            f"{codes[0]} bis {codes[-1]} ohne fehlende Werte."
        )
    first = items[0]
    return Table(
        title=f"{first.group or first.name} {_headline(first)}",
        question=first.question,
        columns=tuple(columns),
        rows=tuple(builder.rows),
        base_shown=shown,
        base_valid=valid,
        footnotes=tuple(notes),
        kind="scale",
        variable=group_or_name,
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
    counts, no_value = _counts(column[is_missing | np.isnan(column)])
    decimals = variable.decimals
    builder = _Builder()
    n_row = builder.add(
        "Gültige Antworten (n)", (_count_cell(n, FigureId(name, "valid")),), "total"
    )
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
    for label, statistic, value, also in stats:
        units = min(n, 1) if statistic in ("min", "max") else n
        depends = tuple((r, 0) for r in (n_row, *also))
        cell = Cell(value, "number", units, depends, decimals, figure=FigureId(name, statistic))
        builder.add(label, (cell,), "statistic")
    return _one_column(variable, builder, counts, no_value, n_row, n, "Wert", "numbers")


def text_count(dataset: Dataset, name: str) -> Table:
    """Open answers: how many units wrote something. The texts go to the workbook (Freitext)."""
    variable = dataset.codebook[name]
    column = dataset.data[name]
    is_text = column.map(lambda v: isinstance(v, str) and bool(v.strip())).to_numpy(dtype=bool)
    codes = pd.to_numeric(column.where(~is_text), errors="coerce").to_numpy(dtype=float)
    counts, no_value = _counts(codes[~is_text])
    n = int(is_text.sum())
    builder = _Builder()
    n_row = builder.add("Antworten mit Text", (_count_cell(n, FigureId(name, "valid")),), "total")
    note = "Die Antworten selbst stehen im Blatt „Freitext“ der Arbeitsmappe."
    return _one_column(variable, builder, counts, no_value, n_row, n, "Anzahl", "text", note)


def _one_column(
    variable: Variable,
    builder: _Builder,
    counts: dict[int, int],
    no_value: int,
    n_row: int,
    n: int,
    column: str,
    kind: str,
    *notes: str,
) -> Table:
    """A one-column table (numbers, open answers) closed by its missing rows and base."""
    shown_row = _missing_block(
        builder, variable.name, dict(variable.missing_codes), counts, no_value, n_row, 1
    )
    shown = int(builder.rows[shown_row].cells[0].value)
    return Table(
        title=_title(variable),
        question=variable.question,
        columns=(column,),
        rows=tuple(builder.rows),
        base_shown=shown,
        base_valid=n,
        footnotes=(_base_note(shown, n), *notes),
        kind=kind,
        variable=variable.name,
        lines=tuple(builder.lines),
    )


def _categories(
    dataset: Dataset, name: str
) -> tuple[np.ndarray, list[str], str, str, list[int | str]]:
    """Codes 0..k-1 per unit (-1 = not valid), their labels, a title, the question, and what
    names each category in a `FigureId` (the answer code, or the label of a unit attribute)."""
    if name in UNIT_ATTRIBUTES:
        cached = _ATTRIBUTE_CODES.setdefault(dataset, {})
        if name not in cached:
            cached[name] = _attribute_codes(dataset, name)
        return cached[name]

    variable = dataset.codebook[name]
    if not variable.is_categorical:
        raise ValueError(f"{name} ist keine kategoriale Variable und kein Merkmal der Kommunen.")
    values = dataset.data[name].to_numpy(dtype=float)
    missing = set(variable.missing_codes)
    present = {int(v) for v in np.unique(values[~np.isnan(values)])} - missing
    valid_codes = list(variable.value_labels) + sorted(present - set(variable.value_labels))
    labels = [variable.value_labels.get(c, str(c)) for c in valid_codes]
    lookup = np.array(valid_codes, dtype=float)
    codes = np.full(len(values), -1, dtype=int)
    if len(lookup):
        order = np.argsort(lookup)
        found = np.searchsorted(lookup[order], values)
        found = np.clip(found, 0, len(lookup) - 1)
        hit = lookup[order][found] == values
        codes[hit] = order[found[hit]]
    return codes, labels, _title(variable), variable.question, valid_codes


# Unit attributes coded once per dataset: a crosstab by Land for every variable reuses them.
_ATTRIBUTE_CODES: weakref.WeakKeyDictionary[Dataset, dict[str, tuple]] = weakref.WeakKeyDictionary()


def _attribute_codes(
    dataset: Dataset, name: str
) -> tuple[np.ndarray, list[str], str, str, list[int | str]]:
    found, uniques = pd.factorize(dataset.data[name], use_na_sentinel=True)
    present = [str(u) for u in uniques]
    if name == "size_class":
        order = [label for _, label in SIZE_CLASSES] + [SIZE_UNKNOWN]
        labels = [label for label in order if label in set(present)]
    else:
        labels = sorted(present)
    position = np.array([labels.index(u) for u in present] + [-1], dtype=int)
    codes = position[found]
    codes.flags.writeable = False
    return codes, labels, UNIT_LABELS[name], UNIT_LABELS[name], list(labels)


def crosstab(dataset: Dataset, var: str, by: str, test: bool = False) -> Table:
    """`var` by `by` (a unit attribute or a categorical variable): column percentages.

    The total column comes first, then one column per category of `by`; the last row is the
    base of each column ("Basis (=100 %)"). Units without a valid answer to either variable are
    left out and counted in a footnote. A numeric `var` gives n, mean, median and sum per column.

    With `test`, a test of independence is added as a note: Pearson's chi² (no continuity
    correction) when every expected count is at least 5, otherwise Fisher's exact test – exact
    for 2×2 tables, and for larger tables a Monte-Carlo estimate of its p-value from
    FISHER_SAMPLES random tables with the observed margins and a fixed seed, so the same data
    always give the same note.
    """
    by_codes, by_labels, by_title, _, by_keys = _categories(dataset, by)
    if var in dataset.codebook and dataset.codebook[var].type in ("integer", "decimal"):
        variable = dataset.codebook[var]
        column = dataset.data[var].to_numpy(dtype=float)
        valid = ~np.isin(column, list(variable.missing_codes)) & ~np.isnan(column)
        populations = _populations(by, by_keys, valid, by_codes)
        return _numbers_by(dataset, variable, by_codes, by_labels, by_title, populations)
    var_codes, var_labels, title, question, var_keys = _categories(dataset, var)
    use = (var_codes >= 0) & (by_codes >= 0)
    populations = _populations(by, by_keys, var_codes >= 0, by_codes)
    k, m = len(var_labels), len(by_labels)
    counts = np.bincount(var_codes[use] * m + by_codes[use], minlength=k * m).reshape(k, m)
    table = np.column_stack([counts.sum(axis=1), counts]) if m else counts.sum(axis=1)[:, None]
    bases = table.sum(axis=0)
    builder = _Builder()
    for i, label in enumerate(var_labels):
        cells = [
            _share(x, b, FigureId(var, "count", var_keys[i], population), (k, c))
            for c, (x, b, population) in enumerate(
                zip(table[i].tolist(), bases.tolist(), populations, strict=True)
            )
        ]
        builder.add(label, cells)
    base_row = builder.add(
        "Basis (=100 %)",
        [
            _count_cell(int(b), FigureId(var, "valid", None, population))
            for b, population in zip(bases.tolist(), populations, strict=True)
        ],
        "base",
    )
    for c in range(m + 1):
        builder.lines.append(tuple((r, c) for r in range(k)) + ((base_row, c),))
    for r in [*range(k), base_row]:
        builder.lines.append(tuple((r, c) for c in range(1, m + 1)) + ((r, 0),))
    excluded = len(use) - int(use.sum())
    notes = ["Spaltenprozente; die Spalte „Insgesamt“ umfasst alle Kommunen der Tabelle."]
    if excluded:
        notes.append(
            f"Ohne {_kommunen(excluded)} ohne gültige Angabe zu einer der beiden Merkmale."
        )
    significance = _independence(counts) if test else None
    if significance is not None:
        notes.append(significance.note)
    return Table(
        title=f"{title} nach {by_title}",
        question=question,
        columns=("Insgesamt", *by_labels),
        rows=tuple(builder.rows),
        base_shown=int(use.sum()),
        base_valid=int(use.sum()),
        footnotes=tuple(notes),
        kind="crosstab",
        variable=var,
        lines=tuple(builder.lines),
        significance=significance,
    )


def _populations(
    by: str, by_keys: list[int | str], valid: np.ndarray, by_codes: np.ndarray
) -> list[Population]:
    """The population of each column of a crosstab, "Insgesamt" first.

    The total column holds the same units as the variable's own table unless a unit with a valid
    answer lacks a valid `by` (then it is a population of its own, so its figures are not taken
    for the variable's); each further column is the units with that category of `by`.
    """
    total: Population = () if not (valid & (by_codes < 0)).any() else ((by, "*"),)
    return [total, *(((by, key),) for key in by_keys)]


def _numbers_by(
    dataset: Dataset,
    variable: Variable,
    by_codes: np.ndarray,
    by_labels: list[str],
    by_title: str,
    populations: list[Population],
) -> Table:
    column = dataset.data[variable.name].to_numpy(dtype=float)
    valid = ~np.isin(column, list(variable.missing_codes)) & ~np.isnan(column) & (by_codes >= 0)
    groups = [valid] + [valid & (by_codes == i) for i in range(len(by_labels))]
    builder = _Builder()
    ns = [int(g.sum()) for g in groups]
    name = variable.name
    n_row = builder.add(
        "Gültige Antworten (n)",
        [
            _count_cell(n, FigureId(name, "valid", None, p))
            for n, p in zip(ns, populations, strict=True)
        ],
        "total",
    )
    decimals = variable.decimals
    statistics = (
        ("Mittelwert", "mean", np.mean, (n_row + 3,)),
        ("Median", "median", np.median, ()),
        ("Summe", "sum", np.sum, (n_row + 1,)),
    )
    for label, statistic, func, also in statistics:
        cells = [
            Cell(
                float(func(column[g])) if n else None,
                "number",
                n,
                tuple((r, c) for r in (n_row, *also)),
                decimals,
                figure=FigureId(name, statistic, None, population),
            )
            for c, (g, n, population) in enumerate(zip(groups, ns, populations, strict=True))
        ]
        row = builder.add(label, cells, "statistic")
        if label == "Summe":
            builder.lines.append(tuple((row, c) for c in range(1, len(groups))) + ((row, 0),))
    builder.lines.append(tuple((n_row, c) for c in range(1, len(groups))) + ((n_row, 0),))
    return Table(
        title=f"{_title(variable)} nach {by_title}",
        question=variable.question,
        columns=("Insgesamt", *by_labels),
        rows=tuple(builder.rows),
        base_shown=ns[0],
        base_valid=ns[0],
        footnotes=("Nur Kommunen mit gültiger Angabe.",),
        kind="crosstab",
        variable=variable.name,
        lines=tuple(builder.lines),
    )


def _independence(counts: np.ndarray) -> Significance:
    """Chi² when all expected counts are at least 5, else Fisher's exact test."""
    observed = counts[counts.sum(axis=1) > 0][:, counts.sum(axis=0) > 0]
    if observed.shape[0] < 2 or observed.shape[1] < 2:
        return Significance("keiner", float("nan"), note="Kein Test: zu wenige besetzte Zeilen.")
    expected = stats.contingency.expected_freq(observed)
    if (expected >= 5).all():
        result = stats.chi2_contingency(observed, correction=False)
        p = float(result.pvalue)
        return Significance(
            "chi2",
            p,
            float(result.statistic),
            int(result.dof),
            f"Chi²-Test nach Pearson: χ² = {german.number(result.statistic, 2)}, "
            f"df = {result.dof}, p {_p(p)}.",
        )
    if observed.shape == (2, 2):
        p = float(stats.fisher_exact(observed).pvalue)
        return Significance(
            "fisher",
            p,
            note=f"Exakter Test nach Fisher (zweiseitig), da erwartete Häufigkeiten unter 5 "
            f"liegen: p {_p(p)}.",
        )
    method = stats.MonteCarloMethod(
        n_resamples=FISHER_SAMPLES, rng=np.random.default_rng(FISHER_SEED)
    )
    p = float(stats.fisher_exact(observed, method=method).pvalue)
    return Significance(
        "fisher-monte-carlo",
        p,
        note=f"Exakter Test nach Fisher, da erwartete Häufigkeiten unter 5 liegen; p-Wert "
        f"geschätzt aus {german.number(FISHER_SAMPLES)} Zufallstabellen mit den "
        f"beobachteten Randsummen: p {_p(p)}.",
    )


def _p(p: float) -> str:
    return "< 0,001" if p < 0.001 else "= " + german.number(p, 3)


def response_table(dataset: Dataset) -> Table:
    """Frame, invitations sent, submitted responses and response rate by Land × type.

    Frame and invitation counts are public (which Kommunen exist) and are not subject to
    disclosure control; the submitted counts are. They add up to the responses by type, which
    the brief's method box prints: the table records that relation, so a suppressed Land × type
    count cannot be worked out from the type's total printed elsewhere.
    """
    info = dataset.survey
    builder = _Builder()
    submitted_rows = []
    for cell in info.response:
        figure = respondents(dataset, cell.submitted, land=cell.land, kind=cell.type)
        rate = _pct(cell.submitted, cell.frame)
        submitted_rows.append(
            builder.add(
                f"{cell.land} – {cell.type}",
                (
                    Cell(cell.frame, "count"),
                    Cell(cell.invited, "count"),
                    Cell(cell.submitted, "count", cell.submitted, figure=figure),
                    Cell(rate, "percent", cell.submitted, figure=figure),
                ),
            )
        )
    figure = respondents(dataset, info.submitted)
    total = builder.add(
        "Insgesamt",
        (
            Cell(info.frame, "count"),
            Cell(info.invited, "count"),
            Cell(info.submitted, "count", info.submitted, figure=figure),
            Cell(info.response_rate, "percent", info.submitted, figure=figure),
        ),
        "total",
    )
    builder.line([*submitted_rows, total], column=2)
    by_type: dict[str, list[FigureId]] = {}
    for cell in info.response:
        figure = respondents(dataset, cell.submitted, land=cell.land, kind=cell.type)
        by_type.setdefault(cell.type, []).append(figure)
    relations = tuple(
        (*parts, respondents(dataset, _submitted(info, kind), kind=kind))
        for kind, parts in sorted(by_type.items())
    )
    return Table(
        title="Rücklauf nach Land und Typ",
        question="",
        columns=("Grundgesamtheit", "Eingeladen", "Abgeschlossen", "Rücklaufquote %"),
        rows=tuple(builder.rows),
        base_shown=info.frame,
        base_valid=info.submitted,
        footnotes=(
            f"{info.submitted} von {info.frame} Kommunen haben den Fragebogen abgeschlossen.",
        ),
        kind="response",
        variable="",
        lines=tuple(builder.lines),
        relations=relations,
    )


def _submitted(info: SurveyInfo, kind: str) -> int:
    return sum(cell.submitted for cell in info.response if cell.type == kind)


def respondents(
    dataset: Dataset, submitted: int, land: str | None = None, kind: str | None = None
) -> FigureId:
    """The figure of a count of submitted responses (all, or of one Land and/or type).

    It is the same figure as "Insgesamt" of every table computed on those units, as long as
    the data hold exactly the submitted responses; a cleaned workbook that dropped or moved a
    unit makes the survey's count a figure of its own, so two different values never share one
    name.
    """
    mask = np.ones(len(dataset.data), dtype=bool)
    population: list[tuple[str, str]] = []
    for attribute, value in (("land", land), ("type", kind)):
        if value is not None:
            codes, labels, *_ = _categories(dataset, attribute)
            mask &= codes == (labels.index(value) if value in labels else -2)
            population.append((attribute, value))
    statistic = "units" if int(mask.sum()) == submitted else "submitted"
    return FigureId("", statistic, None, tuple(population))


def respondents_by_type(dataset: Dataset) -> Table:
    """Submitted responses by type with their total, for the method box of the brief
    ("14 von 50 Kommunen, davon 5 kreisfreie Städte und 9 Landkreise")."""
    counts: dict[str, int] = {}
    for cell in dataset.survey.response:
        counts[cell.type] = counts.get(cell.type, 0) + cell.submitted
    rows = [
        Row(kind, (Cell(n, "count", n, figure=respondents(dataset, n, kind=kind)),))
        for kind, n in sorted(counts.items())
    ]
    total = sum(counts.values())
    figure = respondents(dataset, total)
    rows.append(Row("Insgesamt", (Cell(total, "count", total, figure=figure),), "total"))
    return Table(
        title="Teilnehmende Kommunen nach Typ",
        question="",
        columns=("Anzahl",),
        rows=tuple(rows),
        base_shown=total,
        base_valid=total,
        kind="response",
        lines=(tuple((r, 0) for r in range(len(rows))),),
    )


def table_for(dataset: Dataset, variable: Variable) -> Table | None:
    """The standard table of one variable, or None for a member of a group (the group's table
    covers it)."""
    if variable.type in ("single", "boolean"):
        return frequencies(dataset, variable.name)
    if variable.type in ("integer", "decimal"):
        return numbers(dataset, variable.name)
    if variable.type in ("text", "textarea", "other", "date"):
        return text_count(dataset, variable.name)
    if variable.group is None:
        return frequencies(dataset, variable.name)
    return None


def all_tables(dataset: Dataset) -> list[Table]:
    """Every standard table in questionnaire order: one per variable, one per group."""
    result: list[Table] = []
    seen: set[str] = set()
    for variable in dataset.codebook:
        if variable.type in ("multiple", "matrix") and variable.group:
            if variable.group not in seen:
                seen.add(variable.group)
                if variable.type == "multiple":
                    result.append(multiple_response(dataset, variable.group))
                else:
                    result.append(scale(dataset, variable.group))
            continue
        table = table_for(dataset, variable)
        if table is not None:
            result.append(table)
    return result
