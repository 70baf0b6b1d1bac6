"""Design weights: a numeric variable holding each unit's weight, for weighted percentages.

Only percentages are weighted; every count and every base stays the number of units, because
that is what a reader needs to judge a figure and what disclosure control counts. A weight is
checked once for the whole dataset: a unit without a positive weight is an error naming it,
never a unit silently left out.
"""

from __future__ import annotations

import numpy as np

from evaluation import german
from evaluation.dataset import Dataset
from evaluation.errors import EvaluationError

#: The types a weight variable may have.
WEIGHT_TYPES = ("integer", "decimal")


def unit_weights(dataset: Dataset, weight: str | None) -> np.ndarray | None:
    """Each unit's weight in the order of `dataset.data`, or None without a weight."""
    if weight is None:
        return None
    variable = dataset.codebook.get(weight)
    if variable is None or variable.type not in WEIGHT_TYPES:
        raise EvaluationError(
            f"Gewichtung: {weight} ist keine Variable mit Zahlen (integer oder decimal) im "
            "Codebuch."
        )
    values = dataset.data[weight].to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values <= 0) | np.isin(values, list(variable.missing_codes))
    if bad.any():
        at = int(np.argmax(bad))
        value = values[at]
        shown = "kein Wert" if np.isnan(value) else german.number(value, 2)
        raise EvaluationError(
            f"Gewichtung: die Kommune {dataset.data.index[at]} hat bei {weight} kein "
            f"positives Gewicht ({shown})."
        )
    return values


def weight_note(weight: str) -> str:
    return (
        f"Prozentwerte gewichtet mit {weight}; Anzahlen und Basen sind ungewichtet "
        "(Zahl der Kommunen)."
    )


#: The note of a table a weight does not apply to (means, sums, open answers).
UNWEIGHTED_NOTE = "Ungewichtet: die Gewichtung gilt nur für Prozentwerte von Antworten."


def weighted_sum(weights: np.ndarray | None, mask: np.ndarray) -> float:
    """The weighted count of the units in `mask`; without weights, their number."""
    if weights is None:
        return float(mask.sum())
    return float(weights[mask].sum())
