"""A synthetic survey for the benchmarks: 10,000 units × 300 variables of every kind.

Mix per 300 variables: 150 single choice (4 options, "weiß nicht", system codes), 10 multiple
choice sets of 6 options, 10 matrices of 5 items on a 5-point scale, 10 yes/no, 10 integer,
10 decimal (VZÄ), 10 free texts.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evaluation.codebook import SYSTEM_MISSING, Codebook, Variable  # noqa: E402
from evaluation.dataset import Dataset  # noqa: E402
from evaluation.survey import ResponseCount, SurveyInfo  # noqa: E402

DONT_KNOW = {-1: "weiß nicht", **SYSTEM_MISSING}
LANDS = ["Sachsen", "Sachsen-Anhalt", "Thüringen", "Brandenburg", "Bayern"]
TYPES = ["Gemeinde", "Stadt", "Landkreis", "kreisfreie Stadt"]


def _variable(name: str, kind: str, **extra: Any) -> Variable:
    extra.setdefault("question_id", name)
    return Variable(
        name=name,
        label=f"Label {name}",
        type=kind,
        question=f"Frage {name}: Wie ist es bei Ihnen?",
        page="p1",
        **extra,
    )


def variables() -> list[Variable]:
    result = []
    options = {1: "trifft zu", 2: "eher", 3: "eher nicht", 4: "nicht"}
    for i in range(150):
        result.append(
            _variable(
                f"S{i}", "single", value_labels=options, missing_codes=DONT_KNOW, measure="ordinal"
            )
        )
    for g in range(10):
        for o in range(1, 7):
            result.append(
                _variable(
                    f"M{g}_{o}",
                    "multiple",
                    question_id=f"M{g}",
                    group=f"M{g}",
                    option_code=o,
                    value_labels={1: "genannt", 0: "nicht genannt"},
                )
            )
    scale = {k: f"Stufe {k}" for k in range(1, 6)}
    for g in range(10):
        for item in "abcde":
            result.append(
                _variable(
                    f"H{g}_{item}",
                    "matrix",
                    question_id=f"H{g}",
                    group=f"H{g}",
                    item=item,
                    value_labels=scale,
                    missing_codes=DONT_KNOW,
                    measure="ordinal",
                )
            )
    for i in range(10):
        result.append(_variable(f"K{i}", "boolean", value_labels={1: "ja", 0: "nein"}))
    for i in range(10):
        result.append(_variable(f"Z{i}", "integer", measure="scale"))
    for i in range(10):
        result.append(_variable(f"D{i}", "decimal", unit="VZÄ", decimals=1, measure="scale"))
    for i in range(10):
        result.append(_variable(f"T{i}", "textarea"))
    return result


def synthetic_dataset(units: int = 10_000, seed: int = 20190701) -> Dataset:
    rng = np.random.default_rng(seed)
    codebook = Codebook(variables())
    columns: dict[str, object] = {
        "ags": [f"{i:08d}" for i in range(units)],
        "name": [f"Gemeinde {i}" for i in range(units)],
        "land": rng.choice(LANDS, units),
        "type": rng.choice(TYPES, units),
        "population": rng.integers(500, 700_000, units),
    }
    words = np.array(["Personal", "Daten", "Finanzierung", "=Zeit", "Größe\nder Kommune"])
    for variable in codebook:
        if variable.type in ("single", "matrix"):
            codes = [*map(float, variable.value_labels), -1.0, -77.0, -88.0]
            weights = np.array([4, 3, 2, 1, 0.5, 1, 0.5][: len(codes)] + [1] * 10)[: len(codes)]
            columns[variable.name] = rng.choice(codes, units, p=weights / weights.sum())
        elif variable.type in ("multiple", "boolean"):
            columns[variable.name] = rng.choice([0.0, 1.0, -88.0], units, p=[0.55, 0.4, 0.05])
        elif variable.type == "integer":
            values = rng.integers(0, 50, units).astype(float)
            values[rng.random(units) < 0.05] = -88.0
            columns[variable.name] = values
        elif variable.type == "decimal":
            values = np.round(rng.gamma(2, 1.0, units), 2)
            values[rng.random(units) < 0.05] = -77.0
            columns[variable.name] = values
        else:
            texts = rng.choice(words, units).astype(object)
            texts[rng.random(units) < 0.7] = -88
            columns[variable.name] = texts
    data = pd.DataFrame(columns)
    response = tuple(
        ResponseCount(land, kind, 600, 600, 500) for land in sorted(LANDS) for kind in sorted(TYPES)
    )
    info = SurveyInfo(
        slug="bench",
        title="Synthetische Umfrage",
        questionnaire_id="bench",
        questionnaire_version="1",
        opens_on=date(2024, 1, 1),
        closes_on=date(2024, 3, 31),
        response=response,
    )
    return Dataset(info, codebook, data)
