"""Panel data: the waves of a series, each unit compared with itself.

Two layouts of the same answers:

- **long**: one row per unit and wave, the wave's variables under their own names, with
  `wave` (1, 2, …), `survey` (the wave's short name), `ags_original` (the key the unit had when
  it answered) and `merged` (1: the unit has since merged into the unit of `ags`, which the row
  is filed under, following the table of territorial changes; 0: the unit as it is).
- **wide**: one row per unit (its key as of the last wave), each variable once per wave with
  the wave in its name (`B1_w1`, `B1_w2`); `merged` is 1 when any of its columns hold the
  answer of a unit that merged into it. Where both a unit and a unit merged into it answered
  the same wave, the unit's own answer fills the wide row (the long layout keeps both).

One codebook for the series says, per variable, in which waves it was asked and whether its
question text, its type or its options changed between waves (`variable_changes`); the layouts
carry the mark "[geändert]" in front of such a label, and the panel workbook lists the changes.
A unit's name, Land, type and population are those of the latest wave it answered; a merged
unit takes its successor's where the successor answered any wave.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd
import sqlalchemy as sa

from evaluation.codebook import Codebook, Variable
from evaluation.dataset import Dataset
from evaluation.errors import EvaluationError
from evaluation.sources.series import read_series
from evaluation.survey import UNIT_COLUMNS, SurveyInfo
from evaluation.territory import Change, follow

CHANGED_MARK = "[geändert]"
#: The long layout's own columns, before the variables.
PANEL_COLUMNS = (
    Variable("wave", "Welle", "integer", decimals=0, measure="ordinal"),
    Variable("survey", "Befragung (Kurzname der Welle)", "text"),
    Variable("ags_original", "Schlüssel (AGS) zur Zeit der Antwort", "text"),
    Variable(
        "merged",
        "Antwort einer Kommune, die seither in dieser aufgegangen ist",
        "boolean",
        value_labels={1: "ja", 0: "nein"},
    ),
)


@dataclass(frozen=True)
class Layout:
    """One layout of the panel, in the shape the SPSS and Stata writers take."""

    survey: SurveyInfo
    codebook: Codebook
    data: pd.DataFrame


@dataclass(frozen=True)
class VariableHistory:
    """In which waves a variable was asked, and what changed between them."""

    name: str
    waves: tuple[int, ...]
    notes: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.notes)


def wide_name(name: str, wave: int) -> str:
    return f"{name}_w{wave}"


@dataclass(frozen=True)
class Panel:
    """The waves of a series (numbered from 1) and the territorial changes to follow up to
    `until` (the last wave's first field day; None: every change)."""

    waves: tuple[tuple[int, Dataset], ...]
    changes: tuple[Change, ...] = ()
    until: date | None = None

    def __post_init__(self) -> None:
        if not self.waves:
            raise EvaluationError("Ein Panel braucht mindestens eine Welle.")

    @classmethod
    def from_database(cls, url: str | sa.Engine, slug: str) -> Panel:
        """Every wave of the series the survey `slug` belongs to, read-only."""
        refs, changes = read_series(url, slug)
        waves = tuple((ref.number, Dataset.from_database(url, ref.slug)) for ref in refs)
        return cls(waves, tuple(changes), refs[-1].opens_on)

    def variable_changes(self) -> dict[str, VariableHistory]:
        """Every variable of the series, in the order it first appears."""
        seen: dict[str, list[tuple[int, Variable]]] = {}
        for number, dataset in self.waves:
            for variable in dataset.codebook:
                seen.setdefault(variable.name, []).append((number, variable))
        numbers = [number for number, _ in self.waves]
        result = {}
        for name, asked in seen.items():
            notes: list[str] = []
            for (_, before), (number, after) in zip(asked, asked[1:], strict=False):
                if before.question != after.question:
                    notes.append(f"Fragetext geändert in Welle {number}")
                if before.type != after.type:
                    notes.append(f"Fragetyp geändert in Welle {number}")
                if dict(before.value_labels) != dict(after.value_labels):
                    notes.append(f"Antwortoptionen geändert in Welle {number}")
            waves = tuple(number for number, _ in asked)
            absent = [str(n) for n in numbers if n not in waves]
            if absent:
                notes.append(f"nicht gefragt in Welle {', '.join(absent)}")
            result[name] = VariableHistory(name, waves, tuple(notes))
        return result

    def _latest(self) -> dict[str, Variable]:
        latest: dict[str, Variable] = {}
        for _, dataset in self.waves:
            latest.update((v.name, v) for v in dataset.codebook)
        return latest

    def _labelled(self, variable: Variable, history: VariableHistory) -> Variable:
        if not history.changed:
            return variable
        return replace(variable, label=f"{CHANGED_MARK} {variable.label}")

    def _rows(self) -> pd.DataFrame:
        """Every wave's rows, filed under the key each unit has as of `until`."""
        frames = []
        for number, dataset in self.waves:
            data = dataset.data.reset_index(drop=True).copy()
            followed = [follow(str(key), self.changes, self.until) for key in data["ags"]]
            data["ags_original"] = data["ags"].astype(object)
            data["ags"] = pd.Series([f.key for f in followed], dtype=object)
            data["merged"] = [1.0 if f.merged else 0.0 for f in followed]
            data["wave"] = float(number)
            data["survey"] = dataset.survey.slug
            frames.append(data)
        rows = pd.concat(frames, ignore_index=True, sort=False)
        return _with_successor_attributes(rows)

    def long(self) -> Layout:
        histories = self.variable_changes()
        variables = [self._labelled(v, histories[v.name]) for v in self._latest().values()]
        codebook = Codebook([*PANEL_COLUMNS, *variables])
        rows = self._rows().sort_values(["ags", "wave", "ags_original"], kind="stable")
        columns = [*UNIT_COLUMNS, *codebook.names]
        data = rows.reindex(columns=columns).reset_index(drop=True)
        return Layout(self._info("lang"), codebook, _typed(data, codebook))

    def wide(self) -> Layout:
        histories = self.variable_changes()
        rows = self._rows()
        # The unit's own answer before that of a unit merged into it, then by the old key.
        rows = rows.sort_values(["ags", "wave", "merged", "ags_original"], kind="stable")
        chosen = rows.drop_duplicates(["ags", "wave"], keep="first")
        units = chosen.sort_values(["ags", "wave"]).groupby("ags", sort=True).last()
        merged = chosen.groupby("ags", sort=True)["merged"].max()
        data = pd.DataFrame({c: units[c] for c in UNIT_COLUMNS if c != "ags"})
        data.insert(0, "ags", units.index.astype(object))
        data["merged"] = merged
        variables: list[Variable] = [PANEL_COLUMNS[3]]
        columns: dict[str, pd.Series] = {}
        for number, dataset in self.waves:
            this = chosen[chosen["wave"] == float(number)].set_index("ags")
            for variable in dataset.codebook:
                renamed = _in_wave(self._labelled(variable, histories[variable.name]), number)
                variables.append(renamed)
                columns[renamed.name] = this[variable.name].reindex(data.index)
        codebook = Codebook(variables)
        data = pd.concat([data, pd.DataFrame(columns, index=data.index)], axis=1)
        data = data.reset_index(drop=True)
        return Layout(self._info("breit"), codebook, _typed(data, codebook))

    def _info(self, layout: str) -> SurveyInfo:
        first, last = self.waves[0][1].survey, self.waves[-1][1].survey
        return SurveyInfo(
            slug=f"{first.slug}-panel-{layout}",
            title=f"{first.title} – Panel, Wellen {self.waves[0][0]} bis {self.waves[-1][0]}",
            questionnaire_id=last.questionnaire_id,
            questionnaire_version=last.questionnaire_version,
            opens_on=first.opens_on,
            closes_on=last.closes_on,
            response=last.response,
        )


def _in_wave(variable: Variable, number: int) -> Variable:
    """A variable as the wide layout names it: `B1_w2`, its group and question renamed alike."""
    return replace(
        variable,
        name=wide_name(variable.name, number),
        label=f"{variable.label} (Welle {number})",
        question_id=wide_name(variable.question_id, number) if variable.question_id else None,
        group=wide_name(variable.group, number) if variable.group else None,
    )


def _with_successor_attributes(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of a merged unit take the name, Land, type and population of their successor from
    the successor's latest own row, where it has one."""
    own = rows[rows["merged"] == 0.0].sort_values("wave").groupby("ags").last()
    attributes = [c for c in UNIT_COLUMNS if c != "ags"]
    moved = (rows["merged"] == 1.0) & rows["ags"].isin(own.index)
    if moved.any():
        successors = own.loc[rows.loc[moved, "ags"], attributes]
        rows.loc[moved, attributes] = successors.to_numpy()
    return rows


def _typed(data: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Numbers as float, texts as objects holding str or an int missing code, as a Dataset."""
    for variable in codebook:
        column = data[variable.name]
        if variable.is_numeric:
            data[variable.name] = pd.to_numeric(column, errors="coerce").astype(float)
        else:
            data[variable.name] = column.astype(object).where(column.notna(), None)
    data["population"] = pd.to_numeric(data["population"], errors="coerce").astype(float)
    return data.replace({np.nan: None}).astype(
        {v.name: float for v in codebook if v.is_numeric} | {"population": float}
    )


def panel_layouts(panel: Panel) -> Sequence[tuple[str, Layout]]:
    return (("lang", panel.long()), ("breit", panel.wide()))
