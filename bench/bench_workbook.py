"""Benchmark: the researcher workbook for 10,000 units × 300 variables.

Figure: `write_workbook` (all six sheets, formats, every frequency table).
Baseline, same run: the same two data sheets (codes and labels, values prepared beforehand)
written with openpyxl's write-only mode alone, `ws.append` per row.
Targets: at most 1.5 × the baseline; peak memory of the process under 1 GiB.
Times are CPU seconds of this process (`time.process_time`), so other work on a shared machine
does not tilt the ratio; wall-clock seconds are printed beside them.

Run: .venv/bin/python bench/bench_workbook.py [units]
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook
from synthetic import synthetic_dataset

from evaluation.outputs.workbook import _column_values, write_workbook

TARGET_RATIO = 1.5
TARGET_MEMORY = 1024**3


def _prepared_frames(dataset):
    """The two data sheets' values as plain rows (not timed: the baseline only writes)."""
    data = dataset.data
    sheets = []
    for labels in (False, True):
        columns = [_column_values(data[c], dataset.codebook.get(c), labels) for c in data.columns]
        sheets.append([list(data.columns), *map(list, zip(*columns, strict=True))])
    return sheets


def baseline(sheets, path: Path) -> tuple[float, float]:
    start, wall = time.process_time(), time.perf_counter()
    workbook = Workbook(write_only=True)
    for title, rows in zip(("Daten_Codes", "Daten_Labels"), sheets, strict=True):
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return time.process_time() - start, time.perf_counter() - wall


def main() -> int:
    units = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    dataset = synthetic_dataset(units)
    print(f"Datensatz: {units} Kommunen × {len(dataset.codebook)} Variablen")
    with tempfile.TemporaryDirectory() as tmp:
        start, wall = time.process_time(), time.perf_counter()
        write_workbook(dataset, Path(tmp) / "workbook.xlsx")
        figure, figure_wall = time.process_time() - start, time.perf_counter() - wall
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        sheets = _prepared_frames(dataset)
        base, base_wall = baseline(sheets, Path(tmp) / "baseline.xlsx")
    ratio = figure / base
    print(f"write_workbook (6 Blätter):           {figure:7.2f} s CPU ({figure_wall:.2f} s Uhr)")
    print(f"Basis: 2 Datenblätter, openpyxl pur:  {base:7.2f} s CPU ({base_wall:.2f} s Uhr)")
    print(f"Verhältnis: {ratio:.2f} × (Ziel ≤ {TARGET_RATIO} ×)")
    print(f"Spitzenspeicher (ru_maxrss): {peak / 1024**2:.0f} MiB (Ziel < 1024 MiB)")
    ok = ratio <= TARGET_RATIO and peak < TARGET_MEMORY
    print("Ziel erreicht" if ok else "Ziel VERFEHLT")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
