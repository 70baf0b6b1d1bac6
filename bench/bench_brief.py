"""Benchmark: the findings brief for 10,000 units × 300 variables.

Prints each figure beside its baseline from the same run:

1. the brief (tables, disclosure control, charts, PDF) vs. a bare ReportLab document with the
   same number of tables (same shapes) and charts (same number of bars), filled with constants
   — target ≤ 2×;
2. the brief for 10,000 units vs. 1,000 units — target growth < 3×.

Times are CPU seconds of this process (`time.process_time`), best of REPEAT runs; brief and
baseline runs alternate, each after a full garbage collection, so other work on a shared machine
or garbage left by an earlier run changes neither figure nor baseline more than the other.

Run: .venv/bin/python bench/bench_brief.py
"""

from __future__ import annotations

import gc
import io
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evaluation.codebook import SYSTEM_MISSING, Codebook, Variable  # noqa: E402
from evaluation.dataset import Dataset  # noqa: E402
from evaluation.reports.brief.content import build_document  # noqa: E402
from evaluation.reports.model import BarChart, Figure  # noqa: E402
from evaluation.reports.render.charts import FONT, register_fonts  # noqa: E402
from evaluation.reports.render.pdf import write_pdf  # noqa: E402
from evaluation.survey import SurveyInfo, response_counts  # noqa: E402

#: Each figure is the best of this many runs, so a busy machine does not decide the verdict.
REPEAT = 7
MISSING = {-1: "weiß nicht", **SYSTEM_MISSING}
SCALE = dict(enumerate(["gar nicht", "wenig", "teils", "eng", "sehr eng"], 1))


def _variable(name: str, kind: str, page: str, **extra: Any) -> Variable:
    extra.setdefault("question_id", name)
    extra.setdefault("label", f"Frage {name}")
    return Variable(
        name=name,
        type=kind,
        question=f"Wie ist es um {name} bestellt?",
        page=page,
        missing_codes=MISSING,
        **extra,
    )


def variables() -> list[Variable]:
    """300 variables: 100 single choice, 20 multiple choice × 6, 10 matrices × 5, 30 numbers."""
    result = []
    for i in range(100):
        labels = {c: f"Antwort {c} zu S{i}" for c in range(1, 5)}
        result.append(_variable(f"S{i}", "single", f"p{i // 10}", value_labels=labels))
    for g in range(20):
        for c in range(1, 7):
            result.append(
                _variable(
                    f"M{g}_{c}",
                    "multiple",
                    f"q{g // 4}",
                    question_id=f"M{g}",
                    group=f"M{g}",
                    option_code=c,
                    value_labels={1: "genannt", 0: "nicht genannt"},
                    label=f"Wie ist es um M{g} bestellt?: Option {c}",
                )
            )
    for g in range(10):
        for item in "abcde":
            result.append(
                _variable(
                    f"H{g}_{item}",
                    "matrix",
                    f"r{g // 2}",
                    question_id=f"H{g}",
                    group=f"H{g}",
                    item=item,
                    value_labels=SCALE,
                    measure="ordinal",
                    label=f"Wie ist es um H{g} bestellt?: Stelle {item}",
                )
            )
    for i in range(30):
        result.append(
            _variable(f"N{i}", "decimal", f"n{i // 10}", decimals=1, unit="VZÄ", measure="scale")
        )
    return result


def dataset(units: int, seed: int = 7) -> Dataset:
    rng = np.random.default_rng(seed)
    codebook = Codebook(variables())
    lands = np.array(["Sachsen", "Sachsen-Anhalt", "Thüringen", "Brandenburg"], dtype=object)
    kinds = np.array(["Landkreis", "kreisfreie Stadt", "Gemeinde"], dtype=object)
    columns = {
        "ags": [f"{i:08d}" for i in range(units)],
        "name": [f"Gemeinde {i}" for i in range(units)],
        "land": rng.choice(lands, units),
        "type": rng.choice(kinds, units),
        "population": rng.integers(1000, 700_000, units),
    }
    for variable in codebook:
        if variable.type == "decimal":
            values = np.round(rng.gamma(2.0, 1.0, units), 1)
            values[rng.random(units) < 0.05] = -88
        else:
            codes = np.array(list(variable.value_labels) + [-1, -88], dtype=float)
            weights = np.r_[np.linspace(1, 3, len(codes) - 2), 0.2, 0.2]
            values = rng.choice(codes, units, p=weights / weights.sum())
        columns[variable.name] = values
    data = pd.DataFrame(columns)
    frame = [
        (la, ty, ags, True) for ags, la, ty in zip(data.ags, data.land, data.type, strict=True)
    ]
    info = SurveyInfo(
        slug="bench", title="Benchmark", response=response_counts(frame, [f[:3] for f in frame])
    )
    return Dataset(info, codebook, data)


def brief_seconds(data: Dataset) -> tuple[float, object]:
    start = time.process_time()
    document = build_document(data)
    write_pdf(document, io.BytesIO())
    return time.process_time() - start, document


def shapes(document) -> tuple[list[tuple[int, int]], list[int]]:
    """(rows, columns) of every table and the bar count of every chart in the document."""
    tables = [document.response, *document.appendix]
    charts = []
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Figure):
                if block.table is not None:
                    tables.append(block.table)
                if block.chart is not None:
                    bars = (
                        block.chart.bars if isinstance(block.chart, BarChart) else block.chart.rows
                    )
                    charts.append(len(bars) * (1 if isinstance(block.chart, BarChart) else 5))
    return [(len(t.rows), len(t.header) + 1) for t in tables if t], charts


def baseline_seconds(tables: list[tuple[int, int]], charts: list[int]) -> float:
    """A bare ReportLab document: the same tables and charts, constant content, the same
    embedded font (the brief needs it for „“, – and ≥; a like-for-like comparison)."""
    register_fonts()
    start = time.process_time()
    style = getSampleStyleSheet()["Normal"].clone("plain", fontName=FONT)
    story = []
    for bars in charts:
        drawing = Drawing(480, 14 * bars + 20)
        for i in range(bars):
            drawing.add(String(0, 14 * i + 12, "Antwortkategorie", fontName=FONT, fontSize=8))
            drawing.add(Rect(180, 14 * i + 10, 120, 10))
            drawing.add(String(305, 14 * i + 12, "12 (34 %)", fontName=FONT, fontSize=8))
        story += [Paragraph("Abbildung", style), drawing]
    for rows, cols in tables:
        story.append(Paragraph("Tabelle", style))
        data = [["Kopf"] * cols] + [["Zeile"] + ["12,3"] * (cols - 1) for _ in range(rows)]
        table = Table(data, repeatRows=1)
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8)]))
        story += [table, Spacer(1, 6)]
    SimpleDocTemplate(io.BytesIO(), pagesize=A4, invariant=1).build(story)
    return time.process_time() - start


def main() -> int:
    small, large = dataset(1_000), dataset(10_000)
    brief_seconds(small)  # warm-up: fonts, imports, pandas' first look at each frame
    document = brief_seconds(large)[1]
    tables, charts = shapes(document)
    baseline_seconds(tables, charts)
    runs: dict[str, list[float]] = {"small": [], "large": [], "base": []}
    for _ in range(REPEAT):
        # Interleaved, each after a full collection: a busy moment of the machine or garbage
        # left by the previous run then weighs on brief and baseline alike.
        gc.collect()
        runs["small"].append(brief_seconds(small)[0])
        gc.collect()
        runs["large"].append(brief_seconds(large)[0])
        gc.collect()
        runs["base"].append(baseline_seconds(tables, charts))
    t_small, t_large, t_base = (min(runs[key]) for key in ("small", "large", "base"))
    ratio, growth = t_large / t_base, t_large / t_small
    print(f"variables: {len(large.codebook)}, tables: {len(tables)}, charts: {len(charts)}")
    print(f"brief 10,000 units          {t_large:7.2f} s")
    print(f"bare ReportLab (baseline)   {t_base:7.2f} s   ratio {ratio:4.2f}× (target ≤ 2×)")
    print(f"brief  1,000 units (base)   {t_small:7.2f} s   growth {growth:4.2f}× (target < 3×)")
    ok = ratio <= 2 and growth < 3
    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
