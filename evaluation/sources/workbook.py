"""Reading back a researcher workbook after cleaning in Excel: `Info`, `Codebuch` and
`Daten_Codes` only, since that is where a researcher cleans data (the other sheets are derived and
rewritten on export). Every problem is a `WorkbookError` naming the sheet, row or column.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from evaluation import german
from evaluation.codebook import Codebook
from evaluation.errors import WorkbookError
from evaluation.survey import UNIT_COLUMNS, ResponseCount, SurveyInfo
from evaluation.workbook_layout import (
    CODEBOOK_HEADER,
    INFO_KEYS,
    OPTIONAL_CODEBOOK_COLUMNS,
    RESPONSE_HEADER,
)


def read_workbook(
    source: str | Path | IO[bytes],
) -> tuple[SurveyInfo, Codebook, pd.DataFrame]:
    """What a researcher workbook holds; a clear WorkbookError when it cannot be read."""
    name = source.name if isinstance(source, Path) else str(getattr(source, "name", source))
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise WorkbookError(
            f"Die Arbeitsmappe {name} ist nicht lesbar ({type(error).__name__})."
        ) from error
    try:
        for required in ("Info", "Codebuch", "Daten_Codes"):
            if required not in workbook.sheetnames:
                raise WorkbookError(f"Der Arbeitsmappe {name} fehlt das Blatt „{required}“.")
        codebook = _read_codebook(_rows(workbook["Codebuch"]))
        info = _read_info(_rows(workbook["Info"]))
        data = _read_data(_rows(workbook["Daten_Codes"]), codebook)
    finally:
        workbook.close()
    return info, codebook, data


def _rows(worksheet) -> Iterator[tuple[Any, ...]]:
    for row in worksheet.iter_rows(values_only=True):
        yield tuple(None if v == "" else v for v in row)


def _after_header(rows: Iterator[tuple[Any, ...]], first: str, sheet: str) -> list[Any]:
    """Skip the note row(s) and return the header row, whose first cell is `first`."""
    for row in rows:
        if row and row[0] == first:
            return list(row)
    raise WorkbookError(f"Im Blatt „{sheet}“ fehlt die Kopfzeile (erste Spalte „{first}“).")


def _parse_labels(text: Any, variable: str) -> dict[str, str]:
    result: dict[str, str] = {}
    if text is None:
        return result
    for line in str(text).splitlines():
        if not line.strip():
            continue
        code, sep, label = line.partition(" = ")
        if not sep or not re.fullmatch(r"\s*-?\d+\s*", code):
            raise WorkbookError(
                f"Codebuch, Variable {variable}: „{line}“ hat nicht die Form „Code = Label“."
            )
        result[str(int(code))] = label
    return result


def _read_codebook(rows: Iterator[tuple[Any, ...]]) -> Codebook:
    header = _after_header(rows, CODEBOOK_HEADER["name"], "Codebuch")
    keys = {label: key for key, label in CODEBOOK_HEADER.items()}
    missing = [
        label
        for label, key in keys.items()
        if label not in header and key not in OPTIONAL_CODEBOOK_COLUMNS
    ]
    if missing:
        raise WorkbookError(f"Im Blatt „Codebuch“ fehlt die Spalte „{missing[0]}“.")
    positions = {keys[h]: i for i, h in enumerate(header) if h in keys}
    records = []
    for row in rows:
        if not row or row[0] is None:
            continue
        record = {key: (row[i] if i < len(row) else None) for key, i in positions.items()}
        for key in ("value_labels", "missing_codes"):
            record[key] = _parse_labels(record[key], str(record["name"]))
        records.append(record)
    return Codebook.from_rows(records)


def _as_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return datetime.strptime(str(value).strip(), german.DAY_FORMAT).date()
    except ValueError:
        raise WorkbookError(f"Info: „{value}“ ist kein Datum (TT.MM.JJJJ).") from None


def _read_info(rows: Iterator[tuple[Any, ...]]) -> SurveyInfo:
    labels = {label: key for key, label in INFO_KEYS.items()}
    values: dict[str, Any] = {}
    response: list[ResponseCount] = []
    for row in rows:
        if (
            row
            and row[0] == RESPONSE_HEADER[0]
            and tuple(row[: len(RESPONSE_HEADER)]) == (RESPONSE_HEADER)
        ):
            break
        if row and row[0] in labels:
            values[labels[row[0]]] = row[1] if len(row) > 1 else None
    for row in rows:
        if not row or row[0] is None:
            break
        try:
            land, kind, frame, invited, submitted = row[:5]
            response.append(
                ResponseCount(str(land), str(kind), int(frame), int(invited), int(submitted))
            )
        except (TypeError, ValueError):
            raise WorkbookError(f"Info: die Rücklaufzeile {row[:5]} ist nicht lesbar.") from None
    if not values.get("slug"):
        raise WorkbookError("Im Blatt „Info“ fehlt die Kennung der Umfrage.")
    return SurveyInfo(
        slug=str(values["slug"]),
        title=str(values.get("title") or ""),
        questionnaire_id=_text_or_none(values.get("questionnaire_id")),
        questionnaire_version=_text_or_none(values.get("questionnaire_version")),
        opens_on=_as_date(values.get("opens_on")),
        closes_on=_as_date(values.get("closes_on")),
        response=tuple(response),
    )


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _read_data(rows: Iterator[tuple[Any, ...]], codebook: Codebook) -> pd.DataFrame:
    """The data as typed, refused where a cleaning step in Excel went wrong: a code the codebook
    does not know, or an AGS Excel turned into a number (its leading zero lost)."""
    numbered = enumerate(rows, start=1)
    header: list[Any] = []
    for _, row in numbered:
        if row and row[0] == "ags":
            header = list(row)
            break
    if not header:
        raise WorkbookError("Im Blatt „Daten_Codes“ fehlt die Kopfzeile (erste Spalte „ags“).")
    while header and header[-1] is None:
        header.pop()
    known = set(UNIT_COLUMNS) | set(codebook.names)
    for column in header:
        if column not in known:
            raise WorkbookError(
                f"Das Codebuch passt nicht zu den Daten: die Spalte „{column}“ im Blatt "
                "Daten_Codes steht nicht im Codebuch."
            )
    for name in (*UNIT_COLUMNS[:5], *codebook.names):
        if name not in header:
            raise WorkbookError(
                f"Das Codebuch passt nicht zu den Daten: die Variable „{name}“ fehlt im Blatt "
                "Daten_Codes."
            )
    width = len(header)
    records, sheet_rows = [], []
    for number, row in numbered:
        if any(v is not None for v in row[:width]):
            records.append(row[:width] + (None,) * (width - len(row)))
            sheet_rows.append(number)
    frame = pd.DataFrame.from_records(records, columns=header) if records else None
    if frame is None:
        frame = pd.DataFrame({c: pd.Series(dtype=object) for c in header})
    frame = frame.astype(object)
    where = _Where(header, sheet_rows)
    _keys_are_text(frame["ags"], where)
    for name in ("population", *(v.name for v in codebook if v.is_numeric)):
        frame[name] = _numbers(frame[name], name, where)
    for variable in codebook:
        if variable.is_categorical:
            _known_codes(frame[variable.name], variable.labels(), variable.name, where)
    return frame


class _Where:
    """Names a cell of Daten_Codes as Excel shows it: row number, variable and column letter."""

    def __init__(self, header: list[Any], sheet_rows: list[int]) -> None:
        self.header = header
        self.sheet_rows = sheet_rows

    def __call__(self, position: int, name: str) -> str:
        letter = get_column_letter(self.header.index(name) + 1)
        return f"Daten_Codes, Zeile {self.sheet_rows[position]}, Spalte {name} ({letter})"


def _first(bad: pd.Series) -> int:
    return int(np.argmax(bad.to_numpy()))


def _keys_are_text(column: pd.Series, where: _Where) -> None:
    """Excel turns a typed 01001000 into the number 1001000; the AGS is a key, and a key that
    lost its leading zero names another Kommune or none, so it is refused, not repaired."""
    bad = column.map(lambda v: v is not None and not isinstance(v, str))
    if bad.any():
        position = _first(bad)
        value = column.iloc[position]
        shown = int(value) if isinstance(value, float) and value.is_integer() else value
        raise WorkbookError(
            f"{where(position, 'ags')}: der Schlüssel {shown} ist als Zahl eingetragen; "
            "bitte als Text eingeben (Zellformat „Text“ oder mit vorangestelltem Apostroph), "
            "damit führende Nullen erhalten bleiben."
        )


def _numbers(column: pd.Series, name: str, where: _Where) -> pd.Series:
    """Numbers as floats; "1,5" typed as text is accepted; anything else is a clear error."""
    text = column.map(lambda v: v.strip().replace(",", ".") if isinstance(v, str) else v)
    converted = pd.to_numeric(text, errors="coerce")
    bad = converted.isna() & column.notna()
    if bad.any():
        position = _first(bad)
        raise WorkbookError(f"{where(position, name)}: „{column.iloc[position]}“ ist keine Zahl.")
    return converted.astype(float)


def _known_codes(column: pd.Series, labels: dict[int, str], name: str, where: _Where) -> None:
    """A code the codebook lacks would become a category of its own in every table."""
    allowed = np.array(list(labels), dtype=float)
    values = column.to_numpy(dtype=float)
    bad = ~np.isnan(values) & ~np.isin(values, allowed)
    if bad.any():
        position = int(np.argmax(bad))
        value = values[position]
        shown = german.number(value, 0 if float(value).is_integer() else 2)
        codes = ", ".join(f"{code} = {label}" for code, label in labels.items())
        raise WorkbookError(
            f"{where(position, name)}: den Code {shown} kennt das Codebuch nicht "
            f"(erlaubt: {codes}). Bitte den Wert korrigieren oder das Wertelabel im Blatt "
            "„Codebuch“ ergänzen."
        )
