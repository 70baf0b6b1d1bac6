"""SPSS (.sav) and Stata (.dta) files of a Dataset, with labels and the missing codes kept apart.

- Both files hold the unit attributes and every variable under its codebook name, labelled with
  its short label; categorical codes carry their value labels, and every missing code (the
  questionnaire's own like -1 "weiß nicht" and the system's -77/-88) carries its label too.
- SPSS: the missing codes are declared user-missing, so SPSS leaves them out of statistics but
  shows them in frequency tables. SPSS allows three discrete missing values per variable; with
  more codes the declaration becomes the range from the lowest to the highest code.
- Stata: every missing code is an extended missing value, so `summarize`, R haven's `mean()`
  and pandas leave it out of statistics while telling the codes apart: `.a` keine Antwort
  (−88), `.b` nicht gestellt (−77), then `.c`, `.d`, … for the questionnaire's own codes in the
  order of their codes (−1 before −2), the same letter for the same code in every variable
  (`stata_missing_letters`). Categorical variables label their codes and these letters;
  continuous ones carry no value labels, so readers keep them numbers, not categories.
- Text variables are strings; a missing code in a text variable is written as its digits
  ("-88"), labelled in SPSS and declared missing there.
"""

from __future__ import annotations

import re
import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd
import pyreadstat

from evaluation import german
from evaluation.codebook import NO_ANSWER, NOT_SHOWN, Codebook, Variable
from evaluation.errors import EvaluationError
from evaluation.survey import UNIT_COLUMNS, UNIT_LABELS, SurveyInfo

UNIT_MEASURES = {
    "ags": "nominal",
    "name": "nominal",
    "land": "nominal",
    "type": "nominal",
    "population": "scale",
    "size_class": "ordinal",
}
SPSS_NAME = re.compile(r"[A-Za-z@][A-Za-z0-9_.@#$]{0,63}")
STATA_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,31}")
STATA_LABEL_LENGTH = 80
STATA_STRING_BYTES = 2045


class Tabular(Protocol):
    """What the two writers read: a `Dataset`, or a panel layout (`evaluation.panel`), whose
    rows are units (or units in waves) with the unit attributes and the codebook's columns."""

    @property
    def survey(self) -> SurveyInfo: ...

    @property
    def codebook(self) -> Codebook: ...

    @property
    def data(self) -> pd.DataFrame: ...


def _text_column(series: pd.Series) -> pd.Series:
    """Strings as they are, missing codes as their digits, no value as an empty string."""
    # A comprehension, not Series.map: pandas' map costs more than the work for 11,000 rows.
    values = ["" if v is None else v if isinstance(v, str) else str(v) for v in series.tolist()]
    return pd.Series(values, index=series.index, dtype=object)


def _frame(dataset: Tabular) -> pd.DataFrame:
    data = dataset.data
    columns: dict[str, pd.Series] = {}
    for name in UNIT_COLUMNS:
        if name == "population":
            columns[name] = data[name].astype(float)
        else:
            columns[name] = data[name].fillna("").astype(object)
    for variable in dataset.codebook:
        column = data[variable.name]
        columns[variable.name] = column if variable.is_numeric else _text_column(column)
    return pd.DataFrame(columns).reset_index(drop=True)


def _check_names(dataset: Tabular, pattern: re.Pattern[str], program: str) -> None:
    for name in dataset.codebook.names:
        if not pattern.fullmatch(name):
            raise EvaluationError(f"Der Variablenname {name} ist in {program} nicht zulässig.")


def _labels(variable: Variable) -> dict[int, str]:
    """Value labels for a numeric variable: its codes (if categorical) and its missing codes."""
    if variable.is_categorical:
        return dict(variable.labels())
    return dict(variable.missing_codes)


def _spss_missing(variable: Variable) -> list[Any]:
    codes = sorted(variable.missing_codes)
    if not variable.is_numeric:
        preferred = [NOT_SHOWN, NO_ANSWER] + [c for c in codes if c not in (NOT_SHOWN, NO_ANSWER)]
        return [str(c) for c in preferred if c in variable.missing_codes][:3]
    if len(codes) <= 3:
        return [float(c) for c in codes]
    return [{"lo": float(codes[0]), "hi": float(codes[-1])}]


def _bytes(text: str, limit: int) -> str:
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def _note(dataset: Tabular) -> list[str]:
    """The SPSS document: short lines (SPSS keeps 80 bytes per line)."""
    info = dataset.survey
    period = " bis ".join(german.day(d) for d in (info.opens_on, info.closes_on) if d is not None)
    lines = [
        info.title,
        f"Kennung: {info.slug}",
        f"Feldphase: {period or 'unbekannt'}",
        f"Rücklauf: {info.submitted} von {info.frame} Kommunen",
        f"Exportiert am {german.stamp(datetime.now())}",
        "Interne Daten: enthalten Kleinstfallzahlen.",
    ]
    return [_bytes(line, 80) for line in lines]


def _spss_format(variable: Variable, values: pd.Series) -> str:
    """Codes as whole numbers wide enough for the widest code (missing codes included); amounts
    with the codebook's decimals, else as many as the answers have (at most four)."""
    codes = [*variable.value_labels, *variable.missing_codes]
    if variable.is_categorical:
        return f"F{max([len(str(c)) for c in codes] + [1])}.0"
    decimals = variable.decimals
    if decimals is None:
        present = values.dropna().to_numpy(dtype=float)
        decimals = next((d for d in range(5) if np.allclose(present, np.round(present, d))), 4)
    return f"F{12 + decimals}.{decimals}" if decimals else "F12.0"


def write_spss(dataset: Tabular, path: str | Path) -> None:
    """Write an SPSS .sav file with variable labels, value labels and user-missing codes."""
    _check_names(dataset, SPSS_NAME, "SPSS")
    frame = _frame(dataset)
    labels: dict[str, str | None] = {**UNIT_LABELS, **{v.name: v.label for v in dataset.codebook}}
    value_labels: dict[str, dict[Any, str]] = {}
    missing: dict[str, list[Any]] = {}
    measures = dict(UNIT_MEASURES)
    formats: dict[str, str] = {}
    for variable in dataset.codebook:
        if variable.is_numeric:
            value_labels[variable.name] = {float(k): v for k, v in _labels(variable).items()}
            formats[variable.name] = _spss_format(variable, frame[variable.name])
        else:
            value_labels[variable.name] = {str(k): v for k, v in variable.missing_codes.items()}
        missing[variable.name] = _spss_missing(variable)
        measures[variable.name] = variable.measure if variable.is_numeric else "nominal"
    pyreadstat.write_sav(
        frame,
        str(path),
        file_label=_bytes(dataset.survey.title, 64),
        column_labels=labels,
        note=_note(dataset),
        variable_value_labels=value_labels,
        missing_ranges=missing,
        variable_measure=measures,
        variable_format=formats,
    )


def _stata_text(column: pd.Series) -> pd.Series:
    """Stata strings hold at most 2045 bytes; longer answers are cut (the workbook has them)."""

    def cut(value: str) -> str:
        if len(value) * 4 <= STATA_STRING_BYTES:  # UTF-8 needs at most four bytes a character
            return value
        encoded = value.encode("utf-8")
        if len(encoded) <= STATA_STRING_BYTES:
            return value
        return encoded[:STATA_STRING_BYTES].decode("utf-8", errors="ignore")

    return pd.Series([cut(v) for v in column.tolist()], index=column.index, dtype=object)


def _shorten(label: str, length: int) -> str:
    """Stata keeps 80 characters of a label: cut after a whole word and mark the cut, so a
    label never ends in half a word that reads like another one."""
    return label if len(label) <= length else textwrap.shorten(label, length, placeholder=" …")


def stata_missing_letters(dataset: Tabular) -> dict[int, str]:
    """The extended missing value of each missing code of the dataset (see the module)."""
    own = sorted(
        {c for v in dataset.codebook for c in v.missing_codes} - {NO_ANSWER, NOT_SHOWN},
        reverse=True,
    )
    letters = {NO_ANSWER: "a", NOT_SHOWN: "b"}
    spare = iter("cdefghijklmnopqrstuvwxyz")
    for code in own:
        letter = next(spare, None)
        if letter is None:
            raise EvaluationError("Stata kennt höchstens 26 verschiedene fehlende Werte.")
        letters[code] = letter
    return letters


def _with_missing_letters(values: pd.Series, letters: dict[int, str]) -> pd.Series:
    """The variable's own missing codes as their letters; every other value as it is. A column
    without any missing code stays a column of numbers (pyreadstat writes those far faster)."""
    numbers = values.to_numpy(dtype=float)
    hits = [(numbers == code, letter) for code, letter in letters.items()]
    if not any(hit.any() for hit, _ in hits):
        return values
    column = numbers.astype(object)
    for hit, letter in hits:
        column[hit] = letter
    return pd.Series(column, index=values.index)


def write_stata(dataset: Tabular, path: str | Path) -> None:
    """Write a Stata .dta file (version 15) with variable labels, value labels and extended
    missing values (see the module)."""
    _check_names(dataset, STATA_NAME, "Stata")
    frame = _frame(dataset)
    letters = stata_missing_letters(dataset)
    for variable in dataset.codebook:
        if not variable.is_numeric:
            frame[variable.name] = _stata_text(frame[variable.name])
    labels: dict[str, str | None] = {
        name: _shorten(label, STATA_LABEL_LENGTH)
        for name, label in {
            **UNIT_LABELS,
            **{v.name: v.label for v in dataset.codebook},
        }.items()
    }
    value_labels: dict[str, dict[Any, str]] = {}
    missing: dict[str, list[str]] = {}
    for variable in dataset.codebook:
        if not variable.is_numeric:
            continue
        values = frame[variable.name]
        if variable.is_categorical:
            present = values[~values.isin(list(variable.missing_codes))].dropna().to_numpy()
            if not np.array_equal(present, np.round(present)):
                raise EvaluationError(
                    f"Die Variable {variable.name} enthält Codes, die keine ganzen Zahlen sind."
                )
            value_labels[variable.name] = {
                **{int(k): label[:32000] for k, label in variable.value_labels.items()},
                **{letters[k]: label[:32000] for k, label in variable.missing_codes.items()},
            }
        own = {code: letters[code] for code in variable.missing_codes}
        frame[variable.name] = _with_missing_letters(values, own)
        missing[variable.name] = [letters[k] for k in variable.missing_codes]
    pyreadstat.write_dta(
        frame,
        str(path),
        file_label=_shorten(dataset.survey.title, STATA_LABEL_LENGTH),
        column_labels=labels,
        version=15,
        variable_value_labels=value_labels,
        missing_user_values=missing,
    )
