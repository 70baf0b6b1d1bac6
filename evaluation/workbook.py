"""The researcher workbook (.xlsx): write it, and read it back after cleaning in Excel.

Sheets: `Info`, `Codebuch`, `Daten_Codes`, `Daten_Labels`, `Tabellen`, `Freitext`. The workbook is
an internal view (it holds every unit's answers and unsuppressed tables), and every sheet says so
in its first row. Reading uses `Info`, `Codebuch` and `Daten_Codes` only: that is where a
researcher cleans data; `Daten_Labels` and `Tabellen` are derived and are rewritten on export.

Cells: keys and free text are text cells (a value starting with "=" stays text, never a formula),
codes and numbers are numbers, dates are dates. Number formats use the Excel codes ("#,##0.0")
which Excel and LibreOffice show with a decimal comma in a German locale.

Everything is written in openpyxl's write-only mode, streaming row by row, so 10,000 units ×
300 variables fit in little memory. Plain values go to openpyxl as they are; a cell object is
built only where a value needs a number format or must be forced to text.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from evaluation.codebook import Codebook, Variable
from evaluation.dataset import UNIT_COLUMNS, Dataset, ResponseCount, SurveyInfo
from evaluation.disclosure import INTERNAL_NOTE
from evaluation.errors import WorkbookError
from evaluation.table import Table
from evaluation.tables import all_tables, response_table

SHEETS = ("Info", "Codebuch", "Daten_Codes", "Daten_Labels", "Tabellen", "Freitext")
CODEBOOK_HEADER = {
    "name": "Variable",
    "label": "Label",
    "question": "Frage",
    "question_id": "Frage-ID",
    "page": "Seite",
    "type": "Typ",
    "value_labels": "Wertelabels",
    "missing_codes": "Fehlende Werte",
    "group": "Gruppe",
    "option_code": "Optionscode",
    "item": "Item",
    "unit": "Einheit",
    "decimals": "Dezimalstellen",
    "measure": "Messniveau",
    "page_title": "Seitentitel",
}
#: Columns a workbook written by an earlier version may lack.
OPTIONAL_CODEBOOK_COLUMNS = {"page_title"}
INFO_KEYS = {
    "title": "Umfrage",
    "slug": "Kennung",
    "questionnaire_id": "Fragebogen",
    "questionnaire_version": "Fragebogenversion",
    "opens_on": "Feldphase Beginn",
    "closes_on": "Feldphase Ende",
}
RESPONSE_HEADER = ("Land", "Typ", "Grundgesamtheit", "Eingeladen", "Abgeschlossen")
RESPONSE_TITLE = "Rücklauf nach Land und Typ"
FREITEXT_HEADER = ("Variable", "Frage", "AGS", "Kommune", "Text")

COUNT_FORMAT = "[>=10000]#,##0;[<=-10000]-#,##0;0"
PERCENT_FORMAT = "0.0"
DATE_FORMAT = "DD.MM.YYYY"
CHUNK = 2000

BOLD = Font(bold=True)
NOTE_FONT = Font(bold=True, color="9C0006")
ITALIC = Font(italic=True)
WRAP = Alignment(wrap_text=True, vertical="top")

Progress = Callable[[str], None]


def _number_format(decimals: int | None) -> str:
    """Thousands grouped from five digits on, as in the brief: a year shows as 2014, not 2.014."""
    places = "." + "0" * decimals if decimals else ""
    return f"[>=10000]#,##0{places};[<=-10000]-#,##0{places};0{places}"


def clean_text(value: str) -> str:
    """Control characters that XML cannot hold are dropped (they come from copy and paste)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


class _Sheet:
    """A write-only sheet with the internal note in row 1 and a frozen, filtered header."""

    def __init__(
        self,
        workbook: Workbook,
        title: str,
        header: Sequence[str] | None,
        widths: Sequence[float],
        rows: int = 0,
        freeze: str | None = None,
    ) -> None:
        self.ws: WriteOnlyWorksheet = workbook.create_sheet(title)
        self._styles: dict[tuple[Any, ...], Any] = {}
        for i, width in enumerate(widths, 1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        if header is not None:
            self.ws.freeze_panes = freeze or "A3"
            last = get_column_letter(max(len(header), 1))
            self.ws.auto_filter.ref = f"A2:{last}{rows + 2}"
        self.ws.append([self.cell(INTERNAL_NOTE, font=NOTE_FONT)])
        if header is not None:
            self.ws.append([self.cell(h, font=BOLD) for h in header])

    def cell(
        self,
        value: Any,
        font: Font | None = None,
        number_format: str | None = None,
        alignment: Alignment | None = None,
    ) -> Cell:
        """A cell with a style; styles are built once per sheet and shared (they are costly)."""
        cell = WriteOnlyCell(self.ws, _text_safe(value))
        if isinstance(value, str):
            cell.data_type = "s"
        key = (font, number_format, alignment)
        if key in self._styles:
            cell._style = self._styles[key]
            return cell
        if font is not None:
            cell.font = font
        if number_format is not None:
            cell.number_format = number_format
        if alignment is not None:
            cell.alignment = alignment
        self._styles[key] = cell._style
        return cell

    def append(self, row: Iterable[Any]) -> None:
        """Plain values as they are; text forced to text only where openpyxl would guess."""
        self.ws.append([_text_value(self, _text_safe(v)) for v in row])


def _text_safe(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, np.integer | np.floating):
        value = value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def write_workbook(
    dataset: Dataset, target: str | Path | IO[bytes], progress: Progress | None = None
) -> None:
    """Write the researcher workbook to a path or a binary file object.

    A path is opened before any work starts, so an unwritable target fails at once; a half
    written file is removed.
    """
    if isinstance(target, str | Path):
        path = Path(target)
        try:
            with path.open("wb") as handle:
                _write_workbook(dataset, handle, progress)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    else:
        _write_workbook(dataset, target, progress)


def _write_workbook(dataset: Dataset, target: IO[bytes], progress: Progress | None) -> None:
    say = progress or (lambda message: None)
    workbook = Workbook(write_only=True)
    say("Blatt Info")
    _write_info(workbook, dataset)
    say("Blatt Codebuch")
    _write_codebook(workbook, dataset.codebook)
    say(f"Blatt Daten_Codes ({len(dataset.data)} Kommunen, {len(dataset.codebook)} Variablen)")
    _write_data(workbook, dataset, labels=False)
    say("Blatt Daten_Labels")
    _write_data(workbook, dataset, labels=True)
    say("Blatt Tabellen")
    _write_tables(workbook, [response_table(dataset), *all_tables(dataset)])
    say("Blatt Freitext")
    _write_free_text(workbook, dataset)
    say("Speichern")
    workbook.save(target)


def _write_info(workbook: Workbook, dataset: Dataset) -> None:
    info = dataset.survey
    sheet = _Sheet(workbook, "Info", None, (28, 60, 16, 14, 14, 16))
    sheet.append([])
    for key, label in INFO_KEYS.items():
        value = getattr(info, key)
        if isinstance(value, date):
            value = sheet.cell(value, number_format=DATE_FORMAT)
        sheet.append([sheet.cell(label, font=BOLD), value])
    rate = info.response_rate
    for label, value, fmt in (
        ("Grundgesamtheit (Kommunen)", info.frame, COUNT_FORMAT),
        ("Eingeladen", info.invited, COUNT_FORMAT),
        ("Abgeschlossen", info.submitted, COUNT_FORMAT),
        ("Rücklaufquote %", rate, PERCENT_FORMAT),
        ("Exportiert am", datetime.now().replace(microsecond=0), "DD.MM.YYYY HH:MM"),
    ):
        sheet.append([sheet.cell(label, font=BOLD), sheet.cell(value, number_format=fmt)])
    sheet.append(
        [
            sheet.cell("Hinweis", font=BOLD),
            "Daten bereinigen Sie im Blatt Daten_Codes; Daten_Labels und Tabellen werden beim "
            "nächsten Export neu berechnet.",
        ]
    )
    sheet.append([])
    sheet.append([sheet.cell(RESPONSE_TITLE, font=BOLD)])
    sheet.append([sheet.cell(h, font=BOLD) for h in (*RESPONSE_HEADER, "Rücklaufquote %")])
    for cell in info.response:
        share = 100.0 * cell.submitted / cell.frame if cell.frame else None
        sheet.append(
            [
                cell.land,
                cell.type,
                cell.frame,
                cell.invited,
                cell.submitted,
                sheet.cell(share, number_format=PERCENT_FORMAT),
            ]
        )


def _labels_text(labels: dict[int, str] | Any) -> str:
    return "\n".join(f"{code} = {label}" for code, label in labels.items())


def _write_codebook(workbook: Workbook, codebook: Codebook) -> None:
    widths = (12, 30, 60, 10, 8, 10, 30, 30, 10, 11, 8, 8, 13, 11, 30)
    sheet = _Sheet(workbook, "Codebuch", list(CODEBOOK_HEADER.values()), widths, len(codebook))
    for variable in codebook:
        row = variable.to_row()
        values = []
        for key in CODEBOOK_HEADER:
            value = row[key]
            if key in ("value_labels", "missing_codes"):
                value = sheet.cell(_labels_text(getattr(variable, key)), alignment=WRAP)
            elif key == "question":
                value = sheet.cell(value, alignment=WRAP)
            values.append(value)
        sheet.append(values)


def _column_width(name: str, variable: Variable | None) -> float:
    if variable is None:
        return {"ags": 11, "name": 30, "land": 16, "type": 16, "population": 13}.get(name, 24)
    if not variable.is_numeric:
        return 40
    return max(8, min(len(name) + 3, 20))


def _label_map(variable: Variable) -> dict[float, str]:
    labels = variable.labels() if variable.is_categorical else dict(variable.missing_codes)
    return {float(code): label for code, label in labels.items()}


def _column_values(series: pd.Series, variable: Variable | None, labels: bool) -> list[Any]:
    """One column as Python values ready for openpyxl: None for NaN, labels if asked."""
    if variable is None or variable.is_numeric:
        values = series.to_numpy(dtype=object) if variable is None else series.to_numpy()
        if variable is not None and labels:
            mapped = series.map(_label_map(variable))
            values = np.where(mapped.isna(), values, mapped.to_numpy(dtype=object))
        result = pd.Series(values, dtype=object)
        return result.where(result.notna(), None).tolist()
    values = series.tolist()
    if labels:
        missing = dict(variable.missing_codes)
        return [missing.get(v, v) if isinstance(v, int) else v for v in values]
    return values


def _write_data(workbook: Workbook, dataset: Dataset, labels: bool) -> None:
    data = dataset.data
    codebook = dataset.codebook
    columns = list(data.columns)
    variables = [codebook.get(c) for c in columns]
    widths = [_column_width(c, v) for c, v in zip(columns, variables, strict=True)]
    title = "Daten_Labels" if labels else "Daten_Codes"
    sheet = _Sheet(workbook, title, columns, widths, len(data), freeze="C3")
    # Per column: a template cell carrying the number format (None: plain values suffice).
    templates: list[Cell | None] = []
    for name, variable in zip(columns, variables, strict=True):
        if name == "population":
            templates.append(sheet.cell(None, number_format=COUNT_FORMAT))
        elif variable is not None and variable.type == "decimal":
            templates.append(sheet.cell(None, number_format=_number_format(variable.decimals)))
        else:
            templates.append(None)
    text_columns = [
        i
        for i, (c, v) in enumerate(zip(columns, variables, strict=True))
        if (v is None and c != "population") or (v is not None and not v.is_numeric) or labels
    ]
    append = sheet.ws.append
    for start in range(0, len(data), CHUNK):
        chunk = data.iloc[start : start + CHUNK]
        prepared = [
            _column_values(chunk[c], v, labels) for c, v in zip(columns, variables, strict=True)
        ]
        for i in text_columns:
            if any(_risky(v) for v in prepared[i]):
                prepared[i] = [_text_value(sheet, v) for v in prepared[i]]
        for i, template in enumerate(templates):
            if template is not None:
                prepared[i] = [_formatted(template, v) for v in prepared[i]]
        for row in zip(*prepared, strict=True):
            append(row)


def _risky(value: Any) -> bool:
    return type(value) is str and (
        value[:1] == "=" or value in ERROR_CODES or ILLEGAL_CHARACTERS_RE.search(value) is not None
    )


def _text_value(sheet: _Sheet, value: Any) -> Any:
    """Text as openpyxl must get it: no control characters, and a forced text cell where
    openpyxl would otherwise guess a formula ("=…") or an error value ("#N/A")."""
    if type(value) is not str:
        return value
    if ILLEGAL_CHARACTERS_RE.search(value):
        value = clean_text(value)
    if value[:1] == "=" or value in ERROR_CODES:
        cell = WriteOnlyCell(sheet.ws, value)
        cell.data_type = "s"
        return cell
    return value


def _formatted(template: Cell, value: Any) -> Any:
    """A number in a cell sharing the template's number format."""
    if value is None or isinstance(value, Cell | str):
        return value
    cell = WriteOnlyCell(template.parent, value)
    cell._style = template._style
    return cell


def _write_tables(workbook: Workbook, tables: Sequence[Table]) -> None:
    sheet = _Sheet(workbook, "Tabellen", None, (48, *([14] * 14)))
    sheet.append([])
    for table in tables:
        sheet.append([sheet.cell(table.title, font=BOLD)])
        if table.question:
            sheet.append([sheet.cell(table.question.replace("\n", " "), font=ITALIC)])
        sheet.append([None, *(sheet.cell(c, font=BOLD) for c in table.columns)])
        prefix = table.question + ": " if table.question else None
        for row in table.rows:
            label = row.label
            if prefix and label.startswith(prefix):
                label = label[len(prefix) :]  # an option's or item's own label suffices here
            cells: list[Any] = [sheet.cell(label, font=BOLD if row.kind != "value" else None)]
            for cell in row.cells:
                if cell.suppressed:
                    cells.append(sheet.cell(".", alignment=Alignment(horizontal="right")))
                elif cell.value is None:
                    cells.append(None)
                else:
                    cells.append(sheet.cell(cell.value, number_format=_table_format(cell)))
            sheet.append(cells)
        for note in table.footnotes:
            sheet.append([sheet.cell(note, font=ITALIC)])
        sheet.append([])


def _table_format(cell) -> str:
    if cell.format == "count":
        return COUNT_FORMAT
    if cell.format == "percent":
        return PERCENT_FORMAT
    return _number_format(2 if cell.decimals is None else max(cell.decimals, 1))


def _write_free_text(workbook: Workbook, dataset: Dataset) -> None:
    texts = [v for v in dataset.codebook if not v.is_numeric and v.type != "date"]
    rows = []
    for variable in texts:
        column = dataset.data[variable.name]
        mask = column.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
        names = dataset.data["name"].to_numpy()[mask]
        for (ags, text), name in zip(column[mask].items(), names, strict=True):
            rows.append((variable.name, variable.label, ags, name, text))
    sheet = _Sheet(workbook, "Freitext", FREITEXT_HEADER, (12, 30, 11, 30, 80), len(rows))
    for row in rows:
        sheet.append([*row[:4], sheet.cell(row[4], alignment=WRAP)])


# --- reading -------------------------------------------------------------------------------


def read_workbook(source: str | Path | IO[bytes]) -> Dataset:
    """The Dataset a researcher workbook holds; a clear WorkbookError when it cannot."""
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
    return Dataset(info, codebook, data)


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
            record[key] = _parse_labels(record[key], record["name"])
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
        return datetime.strptime(str(value).strip(), "%d.%m.%Y").date()
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
    header = _after_header(rows, "ags", "Daten_Codes")
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
    records = [
        row[:width] + (None,) * (width - len(row))
        for row in rows
        if any(v is not None for v in row[:width])
    ]
    frame = pd.DataFrame.from_records(records, columns=header) if records else None
    if frame is None:
        frame = pd.DataFrame({c: pd.Series(dtype=object) for c in header})
    frame = frame.astype(object)
    for name in ("population", *(v.name for v in codebook if v.is_numeric)):
        frame[name] = _numbers(frame[name], name)
    return frame


def _numbers(column: pd.Series, name: str) -> pd.Series:
    """Numbers as floats; "1,5" typed as text is accepted; anything else is a clear error."""
    text = column.map(lambda v: v.strip().replace(",", ".") if isinstance(v, str) else v)
    converted = pd.to_numeric(text, errors="coerce")
    bad = converted.isna() & column.notna()
    if bad.any():
        row = int(np.argmax(bad.to_numpy())) + 3
        raise WorkbookError(
            f"Daten_Codes, Zeile {row}, Spalte {name}: „{column[bad].iloc[0]}“ ist keine Zahl."
        )
    return converted.astype(float)
