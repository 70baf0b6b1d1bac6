"""Writing the researcher workbook (.xlsx); `evaluation.sources.workbook` reads it back after
cleaning in Excel.

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

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from evaluation.codebook import Codebook, Variable
from evaluation.dataset import Dataset
from evaluation.disclosure import INTERNAL_NOTE
from evaluation.tables.response import response_table
from evaluation.tables.standard import all_tables
from evaluation.tables.table import Cell as TableCell
from evaluation.tables.table import Table
from evaluation.workbook_layout import (
    CODEBOOK_HEADER,
    FREITEXT_HEADER,
    INFO_KEYS,
    RESPONSE_HEADER,
    RESPONSE_TITLE,
)

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
        self._styles: dict[tuple[Any, ...], Cell] = {}
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
        quote = isinstance(value, str) and value[:1] in FORMULA_START
        if isinstance(value, str):
            cell.data_type = "s"
        key = (font, number_format, alignment, quote)
        if key in self._styles:
            _share_style(cell, self._styles[key])
            return cell
        if font is not None:
            cell.font = font
        if number_format is not None:
            cell.number_format = number_format
        if alignment is not None:
            cell.alignment = alignment
        if quote:
            cell.quotePrefix = True
        self._styles[key] = cell
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
    items = series.tolist()
    if labels:
        missing = dict(variable.missing_codes)
        return [missing.get(v, v) if isinstance(v, int) else v for v in items]
    return items


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


#: How a formula starts in Excel or LibreOffice, typed or pasted: text that starts so is stored
#: as text with the quote prefix, so it stays text even when a researcher edits the cell or
#: saves the sheet as CSV (an open answer "=HYPERLINK(…)" or "-1+2" never runs).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _risky(value: Any) -> bool:
    return type(value) is str and (
        value[:1] in FORMULA_START
        or value in ERROR_CODES
        or ILLEGAL_CHARACTERS_RE.search(value) is not None
    )


def _text_value(sheet: _Sheet, value: Any) -> Any:
    """Text as openpyxl must get it: no control characters, and a forced text cell (with the
    quote prefix) where a spreadsheet would take it for a formula or an error value."""
    if type(value) is not str:
        return value
    if ILLEGAL_CHARACTERS_RE.search(value):
        value = clean_text(value)
    if value[:1] in FORMULA_START or value in ERROR_CODES:
        cell = WriteOnlyCell(sheet.ws, value)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    return value


def _formatted(template: Cell, value: Any) -> Any:
    """A number in a cell sharing the template's number format."""
    if value is None or isinstance(value, Cell | str):
        return value
    cell = WriteOnlyCell(template.parent, value)
    _share_style(cell, template)
    return cell


def _share_style(cell: Cell, template: Cell) -> None:
    """Give `cell` the very style of `template`: one style object for many cells, since
    building a style per cell is what makes a large workbook slow. `_style` is openpyxl's own
    slot for it, which types-openpyxl leaves out."""
    cell._style = template._style  # type: ignore[attr-defined]


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


def _table_format(cell: TableCell) -> str:
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
