"""The categories a crosstab counts by: answer codes of a categorical variable, or the values of
a unit attribute (Land, type, size class), each coded 0..k-1 per unit with -1 for "not valid"."""

from __future__ import annotations

import weakref

import numpy as np
import pandas as pd

from evaluation.dataset import Dataset
from evaluation.survey import SIZE_CLASSES, SIZE_UNKNOWN, UNIT_LABELS
from evaluation.tables.parts import variable_title

UNIT_ATTRIBUTES = ("land", "type", "size_class")


def categories(
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
    keys: list[int | str] = list(valid_codes)
    return codes, labels, variable_title(variable), variable.question, keys


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
