"""The Dataset: the codebook plus one row per responding unit, whatever its source.

Everything in the evaluation starts from a Dataset, so the tables, the workbook and the statistics
files do not care whether the answers came from the database or from a workbook a researcher has
cleaned in Excel (`evaluation.sources` reads both). Both are normalised here to the same shapes
and dtypes, which is what lets a round trip database → workbook → Dataset give an identical
dataset.

Shapes (callers may rely on them):

- `data` is indexed by AGS (string, sorted) and holds the unit attributes `ags, name, land, type,
  population, size_class` followed by one column per codebook variable in codebook order.
- Variables whose values are numbers (single, multiple, matrix, boolean, integer, decimal) are
  float64 columns holding codes and numbers alike; missing codes are the negative codes of the
  codebook, never NaN. NaN means "no value at all" (e.g. a cell a researcher emptied).
- Text-like variables (text, textarea, date, other) are object columns holding a `str` for an
  answer, an `int` for a missing code, or None. Line breaks are normalised to "\\n" because
  browsers send "\\r\\n" and spreadsheets keep only "\\n".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from evaluation.codebook import Codebook
from evaluation.errors import EvaluationError
from evaluation.sources.database import read_database
from evaluation.sources.workbook import read_workbook
from evaluation.survey import UNIT_COLUMNS, SurveyInfo, size_classes


def normalise_text(value: Any) -> Any:
    """A text answer as the evaluation keeps it: "\\n" line breaks; codes as int; None if empty
    (a spreadsheet cannot tell an empty text from an empty cell)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n") or None
    if isinstance(value, float | int | np.floating | np.integer):
        if np.isnan(value):
            return None
        return int(value) if float(value).is_integer() else float(value)
    return str(value)


def _normalise(data: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    names = codebook.names
    clash = sorted(set(names) & set(UNIT_COLUMNS))
    if clash:
        raise EvaluationError(f"Die Variable {clash[0]} heißt wie ein Merkmal der Kommunen.")
    missing = [c for c in (*UNIT_COLUMNS[:5], *names) if c not in data.columns]
    if missing:
        raise EvaluationError(f"Den Daten fehlt die Spalte {missing[0]}.")
    columns: dict[str, pd.Series] = {}
    ags = data["ags"].map(lambda v: None if pd.isna(v) else str(v)).astype(object)
    index = pd.Index(ags.to_numpy(dtype=object), dtype=object)
    if index.hasnans or index.has_duplicates:
        raise EvaluationError("Jede Kommune braucht einen eigenen, nicht leeren Schlüssel (AGS).")
    for column in ("ags", "name", "land", "type"):
        values = data[column].to_numpy(dtype=object)
        columns[column] = pd.Series(
            [None if v is None or v != v else str(v) for v in values], index=index, dtype=object
        )
    population = pd.to_numeric(pd.Series(data["population"].to_numpy(), index=index))
    columns["population"] = population.round().astype("Int64")
    columns["size_class"] = size_classes(columns["population"])
    for variable in codebook:
        values = data[variable.name].to_numpy()
        if variable.is_numeric:
            try:
                columns[variable.name] = pd.Series(values, index=index, dtype=float)
            except (TypeError, ValueError):
                raise EvaluationError(
                    f"Die Variable {variable.name} enthält Werte, die keine Zahlen sind."
                ) from None
        else:
            columns[variable.name] = pd.Series(
                [normalise_text(v) for v in values], index=index, dtype=object
            )
    frame = pd.DataFrame(columns, index=index)
    return frame.sort_index(kind="stable")


@dataclass(frozen=True, eq=False)
class Dataset:
    """The codebook and the data of one survey, plus what the reader must know about the wave.

    Treat it as immutable: functions that need a changed frame work on a copy.
    """

    survey: SurveyInfo
    codebook: Codebook
    data: pd.DataFrame

    def __post_init__(self) -> None:
        object.__setattr__(self, "data", _normalise(self.data, self.codebook))

    @property
    def variables(self) -> pd.DataFrame:
        """The variable columns only, without the unit attributes."""
        return self.data[self.codebook.names]

    def equals(self, other: Dataset) -> bool:
        return (
            self.survey == other.survey
            and self.codebook == other.codebook
            and self.data.equals(other.data)
            and list(self.data.dtypes) == list(other.data.dtypes)
        )

    @classmethod
    def from_database(cls, url: str | sa.Engine, survey_slug: str) -> Dataset:
        """Read one survey's submitted responses (see `evaluation.sources.database`)."""
        return cls(*read_database(url, survey_slug))

    @classmethod
    def from_workbook(cls, path: str | Path | IO[bytes]) -> Dataset:
        """Read a researcher workbook this package wrote (possibly cleaned in Excel since)."""
        return cls(*read_workbook(path))
