"""What is known of a survey besides its answers: the wave (title, field period, frame and
response by Land × type) and the attributes of its units (Land, type, population, size class).

Both sources of a Dataset fill these in, and every output prints them; they live below the
Dataset so the sources need not import it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

UNIT_COLUMNS = ("ags", "name", "land", "type", "population", "size_class")
UNIT_LABELS = {
    "ags": "Amtlicher Schlüssel (AGS)",
    "name": "Kommune",
    "land": "Land",
    "type": "Typ",
    "population": "Einwohnerzahl",
    "size_class": "Größenklasse",
}
#: Lower bounds of the size classes by population; the last class is open-ended.
SIZE_CLASSES: tuple[tuple[int, str], ...] = (
    (0, "unter 20.000"),
    (20_000, "20.000 bis unter 50.000"),
    (50_000, "50.000 bis unter 100.000"),
    (100_000, "100.000 bis unter 200.000"),
    (200_000, "200.000 bis unter 500.000"),
    (500_000, "500.000 und mehr"),
)
SIZE_UNKNOWN = "Einwohnerzahl unbekannt"


@dataclass(frozen=True)
class ResponseCount:
    """Frame, invitations sent and submitted responses of one Land × type cell."""

    land: str
    type: str
    frame: int
    invited: int
    submitted: int


@dataclass(frozen=True)
class SurveyInfo:
    """What a reader of any output must know about the wave: title, field period, response."""

    slug: str
    title: str
    questionnaire_id: str | None = None
    questionnaire_version: str | None = None
    opens_on: date | None = None
    closes_on: date | None = None
    response: tuple[ResponseCount, ...] = field(default_factory=tuple)

    @property
    def frame(self) -> int:
        return sum(r.frame for r in self.response)

    @property
    def invited(self) -> int:
        return sum(r.invited for r in self.response)

    @property
    def submitted(self) -> int:
        return sum(r.submitted for r in self.response)

    @property
    def response_rate(self) -> float | None:
        """Submitted responses in percent of the frame (the units that were meant to answer)."""
        return 100.0 * self.submitted / self.frame if self.frame else None


def size_classes(population: pd.Series) -> pd.Series:
    """The size class of each population figure (vectorised)."""
    bounds = np.array([b for b, _ in SIZE_CLASSES[1:]])
    labels = np.array([label for _, label in SIZE_CLASSES] + [SIZE_UNKNOWN], dtype=object)
    values = pd.to_numeric(population, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    index = np.searchsorted(bounds, values, side="right")
    index[np.isnan(values)] = len(SIZE_CLASSES)
    return pd.Series(labels[index], index=population.index, dtype=object)


def response_counts(
    frame: Iterable[tuple[str, str, str, bool]], submitted: Iterable[tuple[str, str, str]]
) -> tuple[ResponseCount, ...]:
    """Count frame, sent invitations and submissions by Land × type, sorted by Land and type.

    `frame` yields (land, type, ags, invitation sent); `submitted` yields (land, type, ags).
    A unit that submitted counts in the frame even if its invitation was revoked since.
    """
    cells: dict[tuple[str, str], list[set[str]]] = {}
    for land, kind, ags, sent in frame:
        cell = cells.setdefault((land, kind), [set(), set(), set()])
        cell[0].add(ags)
        if sent:
            cell[1].add(ags)
    for land, kind, ags in submitted:
        cell = cells.setdefault((land, kind), [set(), set(), set()])
        cell[0].add(ags)
        cell[1].add(ags)
        cell[2].add(ags)
    return tuple(
        ResponseCount(land, kind, len(f), len(i), len(s))
        for (land, kind), (f, i, s) in sorted(cells.items())
    )
