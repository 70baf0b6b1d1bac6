"""Random surveys for the disclosure tests: the fixture's codebook, a random frame and random
answers to a single choice (B1), a number (D1) and a scale (H1), with missing codes mixed in."""

from __future__ import annotations

import numpy as np
import pandas as pd

from evaluation import Dataset


def random_survey(
    dataset: Dataset,
    rng: np.random.Generator,
    rows: int,
    land_p: list[float] | None = None,
    type_p: list[float] | None = None,
) -> Dataset:
    lands = ["Sachsen", "Sachsen-Anhalt", "Thüringen"]
    data = pd.DataFrame(
        {
            "ags": [f"{i:05d}" for i in range(rows)],
            "name": "x",
            "land": rng.choice(lands, rows, p=land_p),
            "type": rng.choice(["Landkreis", "kreisfreie Stadt"], rows, p=type_p),
            "population": rng.integers(10_000, 700_000, rows),
        }
    )
    base = dataset.data.iloc[[0] * rows]
    for name in dataset.codebook.names:
        data[name] = base[name].to_numpy()
    data["B1"] = rng.choice([1, 2, 3, 4, -1], rows, p=[0.4, 0.3, 0.15, 0.1, 0.05])
    data["D1"] = np.where(rng.random(rows) < 0.1, -88, rng.gamma(2.0, 1.0, rows).round(1))
    for item in ("H1_a", "H1_b"):
        data[item] = rng.choice(
            [1, 2, 3, 4, 5, -1, -88], rows, p=[0.1, 0.1, 0.2, 0.3, 0.2, 0.05, 0.05]
        )
    return Dataset(dataset.survey, dataset.codebook, data)
