"""Crosstabs: a variable by a unit attribute or a categorical variable, with the optional test
of independence."""

from __future__ import annotations

import numpy as np
from scipy import stats

from evaluation import german
from evaluation.codebook import Variable
from evaluation.dataset import Dataset
from evaluation.german import statistic_decimals
from evaluation.tables.categories import categories
from evaluation.tables.parts import (
    DERIVED,
    Builder,
    count_cell,
    kommunen,
    largest_two,
    share_cell,
    variable_title,
)
from evaluation.tables.table import Cell, FigureId, Population, Significance, Table

FISHER_SAMPLES = 20_000
FISHER_SEED = 20190701


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
    by_codes, by_labels, by_title, _, by_keys = categories(dataset, by)
    if var in dataset.codebook and dataset.codebook[var].type in ("integer", "decimal"):
        variable = dataset.codebook[var]
        column = dataset.data[var].to_numpy(dtype=float)
        valid = ~np.isin(column, list(variable.missing_codes)) & ~np.isnan(column)
        populations = _populations(by, by_keys, valid, by_codes)
        return _numbers_by(dataset, variable, by_codes, by_labels, by_title, populations)
    var_codes, var_labels, title, question, var_keys = categories(dataset, var)
    use = (var_codes >= 0) & (by_codes >= 0)
    populations = _populations(by, by_keys, var_codes >= 0, by_codes)
    k, m = len(var_labels), len(by_labels)
    counts = np.bincount(var_codes[use] * m + by_codes[use], minlength=k * m).reshape(k, m)
    table = np.column_stack([counts.sum(axis=1), counts]) if m else counts.sum(axis=1)[:, None]
    bases = table.sum(axis=0)
    builder = Builder()
    for i, label in enumerate(var_labels):
        cells = [
            share_cell(x, b, FigureId(var, "count", var_keys[i], population), (k, c))
            for c, (x, b, population) in enumerate(
                zip(table[i].tolist(), bases.tolist(), populations, strict=True)
            )
        ]
        builder.add(label, cells)
    base_row = builder.add(
        "Basis (=100 %)",
        [
            count_cell(int(b), FigureId(var, "valid", None, population))
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
        notes.append(f"Ohne {kommunen(excluded)} ohne gültige Angabe zu einer der beiden Merkmale.")
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
    builder = Builder()
    ns = [int(g.sum()) for g in groups]
    name = variable.name
    n_row = builder.add(
        "Gültige Antworten (n)",
        [
            count_cell(n, FigureId(name, "valid", None, p))
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
                statistic_decimals(decimals) if statistic in DERIVED else decimals,
                figure=FigureId(name, statistic, None, population),
                top=largest_two(column[g]) if statistic in ("sum", "mean") else (),
            )
            for c, (g, n, population) in enumerate(zip(groups, ns, populations, strict=True))
        ]
        row = builder.add(label, cells, "statistic")
        if label == "Summe":
            builder.lines.append(tuple((row, c) for c in range(1, len(groups))) + ((row, 0),))
    builder.lines.append(tuple((n_row, c) for c in range(1, len(groups))) + ((n_row, 0),))
    return Table(
        title=f"{variable_title(variable)} nach {by_title}",
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
