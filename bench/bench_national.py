"""Benchmark: a national survey from the database to every output, each step beside its peer.

The synthetic survey (bench/synthetic.py: ~300 variables of every kind) sits in a real SQLite
database built once per size by bench/database.py. Every step runs in its own process, which
reports its CPU seconds and its peak memory (VmHWM, taken before the peer runs), so one
step's garbage never weighs on the next and memory is the step's own. Each figure is printed
beside its peer, measured in the same process on the same data:

- load: `Dataset.from_database` vs. pandas building the wide frame from the same answer rows
  fetched as plain tuples (`DataFrame` + `pivot`);
- workbook: `write_workbook` (all six sheets, every frequency table) vs. xlsxwriter in
  constant_memory mode writing the two data sheets with their number formats;
- SPSS / Stata: `write_spss` / `write_stata` vs. bare pyreadstat writing the same file (the
  same frame, labels and missing codes);
- brief: the findings brief (tables, disclosure control, charts, PDF) vs. bare ReportLab with
  tables and charts of the same shapes (bench/bench_brief.py);
- feedback: all feedback reports with their disclosure audit (evaluation/disclosure.py: the
  brief's and the reports' figures checked together) vs. bare ReportLab drawing tables of the
  same shapes once per unit.

Targets at the largest size: load ≤ 8 s, workbook ≤ 1.0 × xlsxwriter, SPSS/Stata ≤ 1.3 × bare
pyreadstat, growth from the smallest to the largest size ≤ 12 × for every step, and peak memory
under 2 GiB in every step. Steps other than load do not count the load in their figure.

Run: .venv/bin/python bench/bench_national.py                 (1,000 and 11,000 units)
     .venv/bin/python bench/bench_national.py --units 200 1000 (quick)
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from database import SLUG, ensure_database  # noqa: E402

STEPS = ("load", "workbook", "spss", "stata", "brief", "feedback")
PEERS = {
    "load": "pandas aus Tupeln",
    "workbook": "xlsxwriter (constant_memory)",
    "spss": "pyreadstat pur",
    "stata": "pyreadstat pur",
    "brief": "ReportLab pur",
    "feedback": "ReportLab pur",
}
#: Largest ratio to the peer, per step, at the largest size.
RATIO_TARGETS = {"workbook": 1.0, "spss": 1.3, "stata": 1.3}
LOAD_TARGET = 8.0
GROWTH_TARGET = 12.0
MEMORY_TARGET = 2 * 1024**3
#: Seconds after which the feedback step is given up and reported as such.
FEEDBACK_LIMIT = 3600


def _timed(work: Callable[[], Any]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


#: The process's peak memory once the figure's work is done, before its peer runs.
_figure_peak: list[int] = []


def _figure(work: Callable[[], Any]) -> float:
    """Time the project's own work and note the peak memory it reached."""
    seconds = _timed(work)
    _figure_peak.append(peak_memory())
    return seconds


def _url(units: int) -> str:
    return f"sqlite:///{ensure_database(units)}"


def _load(units: int):
    from evaluation.dataset import Dataset

    return Dataset.from_database(_url(units), SLUG)


def step_load(units: int) -> tuple[float, float]:
    import pandas as pd
    import sqlalchemy as sa

    from evaluation.dataset import Dataset

    url = _url(units)
    figure = _figure(lambda: Dataset.from_database(url, SLUG))

    def peer() -> None:
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT u.ags, a.variable, a.number, a.text FROM answers a"
                " JOIN responses r ON r.id = a.response_id JOIN units u ON u.id = r.unit_id"
                " WHERE r.survey_id = 1 AND r.status = 'submitted'"
            ).all()
        engine.dispose()
        frame = pd.DataFrame([tuple(row) for row in rows], columns=["ags", "v", "n", "t"])
        frame.pivot(index="ags", columns="v", values="n")
        frame.pivot(index="ags", columns="v", values="t")

    return figure, _timed(peer)


def step_workbook(units: int) -> tuple[float, float]:
    import xlsxwriter

    from evaluation.outputs.workbook import (
        COUNT_FORMAT,
        _column_values,
        _number_format,
        write_workbook,
    )

    dataset = _load(units)
    with tempfile.TemporaryDirectory() as folder:
        figure = _figure(lambda: write_workbook(dataset, Path(folder) / "auswertung.xlsx"))
        data, codebook = dataset.data, dataset.codebook
        columns = list(data.columns)
        variables = [codebook.get(c) for c in columns]

        def peer() -> None:
            book = xlsxwriter.Workbook(Path(folder) / "peer.xlsx", {"constant_memory": True})
            formats = []
            for name, variable in zip(columns, variables, strict=True):
                if name == "population":
                    formats.append(book.add_format({"num_format": COUNT_FORMAT}))
                elif variable is not None and variable.type == "decimal":
                    code = _number_format(variable.decimals)
                    formats.append(book.add_format({"num_format": code}))
                else:
                    formats.append(None)
            for title, labels in (("Daten_Codes", False), ("Daten_Labels", True)):
                sheet = book.add_worksheet(title)
                sheet.write_row(1, 0, columns)
                values = [
                    _column_values(data[c], v, labels)
                    for c, v in zip(columns, variables, strict=True)
                ]
                for r, row in enumerate(zip(*values, strict=True), 2):
                    for c, (value, fmt) in enumerate(zip(row, formats, strict=True)):
                        if value is not None:
                            sheet.write(r, c, value, fmt)
            book.close()

        return figure, _timed(peer)


def _stats_step(units: int, kind: str) -> tuple[float, float]:
    """The peer writes the very same file with pyreadstat alone: the frame and the metadata
    our writer hands to pyreadstat are recorded in an untimed run, then passed to it again."""
    import pyreadstat

    from evaluation.outputs import stats_files

    dataset = _load(units)
    writer = stats_files.write_spss if kind == "spss" else stats_files.write_stata
    name = "write_sav" if kind == "spss" else "write_dta"
    bare = getattr(pyreadstat, name)
    with tempfile.TemporaryDirectory() as folder:
        writer(dataset, Path(folder) / f"warm.{kind}")  # pyreadstat imports what it needs once
        calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
        setattr(pyreadstat, name, lambda *args, **kwargs: calls.append((args, kwargs)))
        try:
            writer(dataset, Path(folder) / f"recorded.{kind}")
        finally:
            setattr(pyreadstat, name, bare)
        (frame, _), options = calls[0]
        figure = _figure(lambda: writer(dataset, Path(folder) / f"daten.{kind}"))
        peer = _timed(lambda: bare(frame, str(Path(folder) / f"peer.{kind}"), **options))
    return figure, peer


def step_spss(units: int) -> tuple[float, float]:
    return _stats_step(units, "spss")


def step_stata(units: int) -> tuple[float, float]:
    return _stats_step(units, "stata")


def step_brief(units: int) -> tuple[float, float]:
    from bench_brief import baseline_seconds, shapes

    from evaluation.reports.brief.content import build_document
    from evaluation.reports.render.pdf import write_pdf

    dataset = _load(units)
    documents = []
    figure = _timed(lambda: documents.append(build_document(dataset)))
    figure += _figure(lambda: write_pdf(documents[0], io.BytesIO()))
    return figure, baseline_seconds(*shapes(documents[0]))


def step_feedback(units: int) -> tuple[float, float]:
    from bench_brief import baseline_seconds

    from evaluation.reports.feedback import FeedbackBuilder

    dataset = _load(units)
    with tempfile.TemporaryDirectory() as folder:
        builders = []
        figure = _timed(lambda: builders.append(FeedbackBuilder(dataset)))
        figure += _figure(lambda: builders[0].write_all(folder))
        views = list(builders[0].views(dataset.data.index[0]))
    table_shapes = [(len(view.rows), len(view.header) + 1) for view in views]
    peer = sum(baseline_seconds(table_shapes, []) for _ in range(len(dataset.data)))
    return figure, peer


def peak_memory() -> int:
    """This process's peak resident memory in bytes. Linux's VmHWM starts afresh with the new
    program, whereas ru_maxrss keeps the parent's peak from before the fork."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def run_step(step: str, units: int) -> None:
    """In the child: one step, its figures and the process's peak memory as JSON."""
    figure, peer = globals()[f"step_{step}"](units)
    print(json.dumps({"figure": figure, "peer": peer, "peak": max(_figure_peak)}))


def measure(step: str, units: int, timeout: float | None) -> dict[str, Any] | str:
    """One step in a fresh process; a reason instead of figures when it did not finish."""
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--step", step, "--units", str(units)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"übersprungen: nach {timeout:.0f} s abgebrochen"
    if done.returncode != 0:
        return "fehlgeschlagen: " + (done.stderr.strip().splitlines() or ["?"])[-1]
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, nargs="+", default=[1_000, 11_000])
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS))
    parser.add_argument("--feedback-limit", type=float, default=FEEDBACK_LIMIT)
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        run_step(args.step, args.units[0])
        return 0
    sizes = sorted(args.units)
    for units in sizes:
        ensure_database(units)  # built once, before anything is timed
    results: dict[tuple[str, int], dict[str, Any] | str] = {}
    ok = True
    for step in args.steps:
        for units in sizes:
            limit = args.feedback_limit if step == "feedback" else None
            results[(step, units)] = result = measure(step, units, limit)
            ok &= _report(step, units, result, sizes)
        if len(sizes) > 1:
            ok &= _growth(step, [results[(step, units)] for units in sizes], sizes)
    print("Ziele erreicht" if ok else "Ziel VERFEHLT")
    return 0 if ok else 1


def _report(step: str, units: int, result: dict[str, Any] | str, sizes: list[int]) -> bool:
    label = f"{step:<9}{units:>7,} Kommunen".replace(",", ".")
    if isinstance(result, str):
        print(f"{label}  {result}")
        return False
    figure, peer, peak = result["figure"], result["peer"], result["peak"]
    ratio = figure / peer if peer else float("inf")
    verdicts = [f"Spitze {peak / 1024**2:,.0f} MiB".replace(",", ".")]
    ok = peak < MEMORY_TARGET
    largest = units == sizes[-1]
    if step in RATIO_TARGETS and largest:
        ok &= ratio <= RATIO_TARGETS[step]
        verdicts.append(f"Ziel ≤ {RATIO_TARGETS[step]} ×")
    if step == "load" and largest:
        ok &= figure <= LOAD_TARGET
        verdicts.append(f"Ziel ≤ {LOAD_TARGET:.0f} s")
    print(
        f"{label}  {figure:7.2f} s CPU   {PEERS[step]}: {peer:7.2f} s   {ratio:5.2f} ×   "
        + ", ".join(verdicts)
        + ("" if ok else "   VERFEHLT")
    )
    return ok


def _growth(step: str, results: list[dict[str, Any] | str], sizes: list[int]) -> bool:
    first, last = results[0], results[-1]
    if isinstance(first, str) or isinstance(last, str):
        return True
    growth = last["figure"] / first["figure"] if first["figure"] else float("inf")
    size = f"{sizes[0]:,} → {sizes[-1]:,}".replace(",", ".")
    ok = growth <= GROWTH_TARGET
    print(
        f"{step:<9}Wachstum {size}: {growth:5.2f} × (Ziel ≤ {GROWTH_TARGET:.0f} ×)"
        + ("" if ok else "   VERFEHLT")
    )
    return ok


if __name__ == "__main__":
    sys.exit(main())
