"""Benchmark: every summary table plus a crosstab of each variable by Land, 10,000 × 300.

Figure: `all_tables` (frequencies, multiple response, scales, numbers, text counts) plus
`crosstab(variable, "land")` for every categorical and numeric variable.
Baseline, same run: pandas `value_counts` of every variable column, nothing else.
Target: at most 10 × the baseline. Times are CPU seconds of this process, best of three.

Run: .venv/bin/python bench/bench_tables.py [units]
"""

from __future__ import annotations

import sys
import time

from synthetic import synthetic_dataset

from evaluation.tables.crosstab import crosstab
from evaluation.tables.standard import all_tables

TARGET_RATIO = 10.0
REPEAT = 3


def tables(dataset) -> int:
    made = len(all_tables(dataset))
    for variable in dataset.codebook:
        if variable.is_numeric:
            crosstab(dataset, variable.name, "land")
            made += 1
    return made


def value_counts(dataset) -> int:
    data = dataset.data
    return sum(len(data[name].value_counts(dropna=False)) for name in dataset.codebook.names)


def best_of(function, dataset) -> tuple[float, int]:
    times = []
    for _ in range(REPEAT):
        start = time.process_time()
        result = function(dataset)
        times.append(time.process_time() - start)
    return min(times), result


def main() -> int:
    units = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    dataset = synthetic_dataset(units)
    print(f"Datensatz: {units} Kommunen × {len(dataset.codebook)} Variablen (bestes von {REPEAT})")
    figure, made = best_of(tables, dataset)
    base, _ = best_of(value_counts, dataset)
    ratio = figure / base
    print(f"Alle Tabellen + Kreuztabellen nach Land ({made} Tabellen): {figure:6.3f} s")
    print(f"Basis: pandas value_counts jeder Spalte:               {base:6.3f} s")
    print(f"Verhältnis: {ratio:.1f} × (Ziel ≤ {TARGET_RATIO:.0f} ×)")
    ok = ratio <= TARGET_RATIO
    print("Ziel erreicht" if ok else "Ziel VERFEHLT")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
