"""Writing the researcher workbook (.xlsx); `evaluation.sources.workbook` reads it back after
cleaning in Excel.

Sheets: `Info`, `Codebuch`, `Daten_Codes`, `Daten_Labels`, `Tabellen`, `Freitext`. The workbook is
an internal view (it holds every unit's answers and unsuppressed tables), and every sheet says so
in its first row. Reading uses `Info`, `Codebuch` and `Daten_Codes` only: that is where a
researcher cleans data; `Daten_Labels` and `Tabellen` are derived and are rewritten on export.

Cells: keys and free text are text cells (a value starting with "=" stays text, never a formula),
codes and numbers are numbers, dates are dates. Number formats use the Excel codes ("#,##0.0")
which Excel and LibreOffice show with a decimal comma in a German locale.

Everything is streamed by `evaluation.outputs.xlsx`, sheet by sheet: the data sheets a chunk of
rows at a time, each column turned into its cells' XML at once, so 11,000 units × 300 variables
take seconds and little memory. The small sheets are collected first (their size is written
before their cells).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, NamedTuple

import numpy as np
import pandas as pd
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

from evaluation.codebook import NOT_SHOWN, Codebook, Variable
from evaluation.dataset import Dataset
from evaluation.disclosure import INTERNAL_NOTE
from evaluation.outputs.xlsx import (
    Layout,
    Style,
    XlsxStream,
    cell_xml,
    column_letter,
)
from evaluation.tables.response import response_table
from evaluation.tables.standard import all_tables
from evaluation.tables.table import Cell as TableCell
from evaluation.tables.table import Table
from evaluation.tables.two_questions import breakdown, check_breakdown
from evaluation.tables.weights import unit_weights
from evaluation.workbook_layout import (
    CODEBOOK_HEADER,
    FREITEXT_HEADER,
    INFO_KEYS,
    RESPONSE_HEADER,
    RESPONSE_TITLE,
    ROSTER_HEADER,
    ROSTER_SHEET,
)

COUNT_FORMAT = "[>=10000]#,##0;[<=-10000]-#,##0;0"
PERCENT_FORMAT = "0.0"
DATE_FORMAT = "DD.MM.YYYY"
CHUNK = 2000

BOLD = Style(bold=True)
NOTE_FONT = Style(bold=True, color="9C0006")
ITALIC = Style(italic=True)
WRAP = Style(wrap=True)
RIGHT = Style(horizontal="right")

Progress = Callable[[str], None]

#: How a formula starts in Excel or LibreOffice, typed or pasted: text that starts so is stored
#: as text with the quote prefix, so it stays text even when a researcher edits the cell or
#: saves the sheet as CSV (an open answer "=HYPERLINK(…)" or "-1+2" never runs).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _number_format(decimals: int | None) -> str:
    """Thousands grouped from five digits on, as in the brief: a year shows as 2014, not 2.014."""
    places = "." + "0" * decimals if decimals else ""
    return f"[>=10000]#,##0{places};[<=-10000]-#,##0{places};0{places}"


def clean_text(value: str) -> str:
    """Control characters that XML cannot hold are dropped (they come from copy and paste)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _needs_quote(value: str) -> bool:
    return value[:1] in FORMULA_START or value in ERROR_CODES


class Styled(NamedTuple):
    """A value and the index of its style in the workbook."""

    value: Any
    style: int


class _Sheet:
    """A small sheet, collected row by row and written at the end, with the internal note in
    row 1 and, given a header, that header frozen and filtered in row 2."""

    def __init__(
        self,
        book: XlsxStream,
        title: str,
        header: Sequence[str] | None,
        widths: Sequence[float],
        rows: int = 0,
        freeze: str | None = None,
    ) -> None:
        self._book = book
        self._title = title
        self._rows: list[list[Any]] = []
        self._width = len(header) if header is not None else 1
        self.layout = _layout(header, widths, rows, freeze)
        self.append([self.cell(INTERNAL_NOTE, NOTE_FONT)])
        if header is not None:
            self.append([self.cell(h, BOLD) for h in header])

    def cell(self, value: Any, style: Style) -> Styled:
        """A value with its style (the quote prefix added where text would become a formula)."""
        value = _text_safe(value)
        if isinstance(value, str) and _needs_quote(value):
            style = replace(style, quote=True)
        return Styled(value, self._book.styles.index(style))

    def append(self, row: Iterable[Any]) -> None:
        values = [v if isinstance(v, Styled) else _text_safe(v) for v in row]
        self._width = max(self._width, len(values))
        self._rows.append(values)

    def close(self) -> None:
        quote = self._book.styles.index(Style(quote=True))
        letters = [column_letter(i) for i in range(1, self._width + 1)]
        stream = self._book.sheet(self._title, len(self._rows), self._width, self.layout)
        for number, row in enumerate(self._rows, 1):
            cells = []
            for letter, value in zip(letters, row, strict=False):
                if isinstance(value, Styled):
                    cells.append(cell_xml(f"{letter}{number}", value.value, value.style))
                elif type(value) is str and _needs_quote(value):
                    cells.append(cell_xml(f"{letter}{number}", value, quote))
                else:
                    cells.append(cell_xml(f"{letter}{number}", value))
            stream.row(number, cells)
        stream.close()


def _layout(
    header: Sequence[str] | None, widths: Sequence[float], rows: int, freeze: str | None
) -> Layout:
    """Column widths; given a header (row 2), the panes frozen below it and the filter over it
    and the `rows` below."""
    if header is None:
        return Layout(widths)
    last = column_letter(max(len(header), 1))
    return Layout(widths, freeze=freeze or "A3", autofilter=f"A2:{last}{rows + 2}")


def _text_safe(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, np.integer | np.floating):
        value = value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    if value is pd.NA:
        return None
    return value


def write_workbook(
    dataset: Dataset,
    target: str | Path | IO[bytes],
    progress: Progress | None = None,
    crosstabs: Sequence[tuple[str, str]] = (),
    weight: str | None = None,
) -> None:
    """Write the researcher workbook to a path or a binary file object.

    `crosstabs` are (row question, column question or unit attribute) pairs; their tables follow
    the standard tables on the sheet „Tabellen“. `weight` names a variable of design weights:
    the percentages of those tables are then weighted (`evaluation.tables.weights`). Both are
    checked before anything is written. A path is opened before any work starts, so an
    unwritable target fails at once; a half written file is removed.
    """
    for var, by in crosstabs:
        check_breakdown(dataset.codebook, var, by)
    unit_weights(dataset, weight)
    tables = _Tables(crosstabs, weight)
    if isinstance(target, str | Path):
        path = Path(target)
        try:
            with path.open("wb") as handle:
                _write_workbook(dataset, handle, progress, tables)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    else:
        _write_workbook(dataset, target, progress, tables)


class _Tables(NamedTuple):
    """What the sheet „Tabellen“ holds beyond the standard tables."""

    crosstabs: Sequence[tuple[str, str]]
    weight: str | None


def _write_workbook(
    dataset: Dataset, target: IO[bytes], progress: Progress | None, tables: _Tables
) -> None:
    say = progress or (lambda message: None)
    book = XlsxStream(target)
    say("Blatt Info")
    _write_info(book, dataset)
    say("Blatt Codebuch")
    _write_codebook(book, dataset.codebook)
    say(f"Blatt Daten_Codes ({len(dataset.data)} Kommunen, {len(dataset.codebook)} Variablen)")
    _write_data(book, dataset, labels=False)
    say("Blatt Daten_Labels")
    _write_data(book, dataset, labels=True)
    say("Blatt Tabellen")
    weight = tables.weight
    crossed = [breakdown(dataset, a, b, test=True, weight=weight) for a, b in tables.crosstabs]
    _write_tables(book, [response_table(dataset), *all_tables(dataset, weight), *crossed])
    say("Blatt Freitext")
    _write_free_text(book, dataset)
    for question_id, items in dataset.codebook.rosters().items():
        say(f"Blatt {ROSTER_SHEET.format(question_id)}")
        _write_roster(book, dataset, question_id, items)
    say("Speichern")
    book.close()


def _write_info(book: XlsxStream, dataset: Dataset) -> None:
    info = dataset.survey
    sheet = _Sheet(book, "Info", None, (28, 60, 16, 14, 14, 16))
    sheet.append([])
    for key, label in INFO_KEYS.items():
        value = getattr(info, key)
        if isinstance(value, date):
            value = sheet.cell(value, Style(number_format=DATE_FORMAT))
        sheet.append([sheet.cell(label, BOLD), value])
    rate = info.response_rate
    for label, value, fmt in (
        ("Grundgesamtheit (Kommunen)", info.frame, COUNT_FORMAT),
        ("Eingeladen", info.invited, COUNT_FORMAT),
        ("Abgeschlossen", info.submitted, COUNT_FORMAT),
        ("Rücklaufquote %", rate, PERCENT_FORMAT),
        ("Exportiert am", datetime.now().replace(microsecond=0), "DD.MM.YYYY HH:MM"),
    ):
        sheet.append([sheet.cell(label, BOLD), sheet.cell(value, Style(number_format=fmt))])
    sheet.append(
        [
            sheet.cell("Hinweis", BOLD),
            "Daten bereinigen Sie im Blatt Daten_Codes; Daten_Labels und Tabellen werden beim "
            "nächsten Export neu berechnet.",
        ]
    )
    sheet.append([])
    sheet.append([sheet.cell(RESPONSE_TITLE, BOLD)])
    sheet.append([sheet.cell(h, BOLD) for h in (*RESPONSE_HEADER, "Rücklaufquote %")])
    for cell in info.response:
        share = 100.0 * cell.submitted / cell.frame if cell.frame else None
        sheet.append(
            [
                cell.land,
                cell.type,
                cell.frame,
                cell.invited,
                cell.submitted,
                sheet.cell(share, Style(number_format=PERCENT_FORMAT)),
            ]
        )
    sheet.close()


def _labels_text(labels: dict[int, str] | Any) -> str:
    return "\n".join(f"{code} = {label}" for code, label in labels.items())


def _write_codebook(book: XlsxStream, codebook: Codebook) -> None:
    widths = (12, 30, 60, 10, 8, 10, 30, 30, 10, 11, 8, 8, 13, 11, 30, 12, 30)
    sheet = _Sheet(book, "Codebuch", list(CODEBOOK_HEADER.values()), widths, len(codebook))
    for variable in codebook:
        row = variable.to_row()
        values = []
        for key in CODEBOOK_HEADER:
            value = row[key]
            if key in ("value_labels", "missing_codes"):
                value = sheet.cell(_labels_text(getattr(variable, key)), WRAP)
            elif key == "question":
                value = sheet.cell(value, WRAP)
            values.append(value)
        sheet.append(values)
    sheet.close()


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
    """One column as Python values ready for the sheet: None for NaN, labels if asked."""
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


def _write_data(book: XlsxStream, dataset: Dataset, labels: bool) -> None:
    data = dataset.data
    codebook = dataset.codebook
    columns = list(data.columns)
    variables = [codebook.get(c) for c in columns]
    widths = [_column_width(c, v) for c, v in zip(columns, variables, strict=True)]
    title = "Daten_Labels" if labels else "Daten_Codes"
    layout = _layout(columns, widths, len(data), "C3")
    stream = book.sheet(title, len(data) + 2, len(columns), layout)
    letters = [column_letter(i) for i in range(1, len(columns) + 1)]
    stream.row(1, [cell_xml("A1", INTERNAL_NOTE, book.styles.index(NOTE_FONT))])
    bold = book.styles.index(BOLD)
    stream.row(2, [cell_xml(f"{x}2", c, bold) for x, c in zip(letters, columns, strict=True)])
    styles = [book.styles.index(_data_style(c, v)) for c, v in zip(columns, variables, strict=True)]
    quoted = book.styles.index(Style(quote=True))
    for start in range(0, len(data), CHUNK):
        chunk = data.iloc[start : start + CHUNK]
        numbers = range(start + 3, start + 3 + len(chunk))
        cells = [
            _column_cells(letter, numbers, _column_values(chunk[c], v, labels), style, quoted)
            for letter, c, v, style in zip(letters, columns, variables, styles, strict=True)
        ]
        stream.rows(
            f'<row r="{n}">{"".join(row)}</row>'
            for n, row in zip(numbers, zip(*cells, strict=True), strict=True)
        )
    stream.close()


def _data_style(name: str, variable: Variable | None) -> Style:
    if name == "population":
        return Style(number_format=COUNT_FORMAT)
    if variable is not None and variable.type == "decimal":
        return Style(number_format=_number_format(variable.decimals))
    return Style()


def _column_cells(
    letter: str, numbers: range, values: list[Any], style: int, quoted: int
) -> list[str]:
    """The cells of one column: numbers (with the column's `style`) in one sweep; text plain,
    checked for what XML cannot hold and for a formula's start (then it gets the quote
    prefix, style `quoted`)."""
    s = f' s="{style}"' if style else ""
    if all(type(v) is float or v is None for v in values):
        return [
            "" if v is None else f'<c r="{letter}{n}"{s}><v>{v!r}</v></c>'
            for n, v in zip(numbers, values, strict=True)
        ]
    result = []
    for n, v in zip(numbers, values, strict=True):
        if type(v) is str:
            if ILLEGAL_CHARACTERS_RE.search(v):
                v = clean_text(v)
            if _needs_quote(v):
                result.append(cell_xml(f"{letter}{n}", v, quoted))
            else:
                result.append(cell_xml(f"{letter}{n}", v))
        else:
            result.append(cell_xml(f"{letter}{n}", _text_safe(v), style))
    return result


def _write_tables(book: XlsxStream, tables: Sequence[Table]) -> None:
    sheet = _Sheet(book, "Tabellen", None, (48, *([14] * 14)))
    sheet.append([])
    for table in tables:
        sheet.append([sheet.cell(table.title, BOLD)])
        if table.question:
            sheet.append([sheet.cell(table.question.replace("\n", " "), ITALIC)])
        sheet.append([None, *(sheet.cell(c, BOLD) for c in table.columns)])
        prefix = table.question + ": " if table.question else None
        for row in table.rows:
            label = row.label
            if prefix and label.startswith(prefix):
                label = label[len(prefix) :]  # an option's or item's own label suffices here
            cells: list[Any] = [sheet.cell(label, BOLD if row.kind != "value" else Style())]
            for cell in row.cells:
                if cell.suppressed:
                    cells.append(sheet.cell(".", RIGHT))
                elif cell.value is None:
                    cells.append(None)
                else:
                    cells.append(sheet.cell(cell.value, Style(number_format=_table_format(cell))))
            sheet.append(cells)
        for note in table.footnotes:
            sheet.append([sheet.cell(note, ITALIC)])
        sheet.append([])
    sheet.close()


def _table_format(cell: TableCell) -> str:
    if cell.format == "count":
        return COUNT_FORMAT
    if cell.format == "percent":
        return PERCENT_FORMAT
    return _number_format(2 if cell.decimals is None else max(cell.decimals, 1))


def _write_roster(
    book: XlsxStream, dataset: Dataset, question_id: str, items: dict[str, list[Variable]]
) -> None:
    """A roster in long form: a row per unit and item asked (not "nicht gestellt"), a column
    per question of the roster, codes as on „Daten_Codes“, so the items can be counted and
    filtered like cases."""
    first = next(iter(items.values()))
    questions = [v.name.removeprefix(f"{question_id}_{first[0].item}_") for v in first]
    rows = []
    for item, variables in items.items():
        first_variable = variables[0]
        label = first_variable.label.removeprefix(f"{first_variable.question}: ")
        label = label.rsplit(" – ", 1)[0]
        columns = [dataset.data[v.name] for v in variables]
        for position, ags in enumerate(dataset.data.index):
            values = [_text_safe(column.iat[position]) for column in columns]
            if all(value in (NOT_SHOWN, str(NOT_SHOWN)) for value in values):
                continue
            rows.append([ags, dataset.data["name"].iat[position], item, label, *values])
    header = [*ROSTER_HEADER, *questions]
    widths = (11, 30, 10, 30, *(16 for _ in questions))
    sheet = _Sheet(book, ROSTER_SHEET.format(question_id)[:31], header, widths, len(rows))
    for row in sorted(rows, key=lambda r: (str(r[0]), list(items).index(r[2]))):
        sheet.append(row)
    sheet.close()


def _write_free_text(book: XlsxStream, dataset: Dataset) -> None:
    texts = [v for v in dataset.codebook if not v.is_numeric and v.type != "date"]
    rows = []
    for variable in texts:
        column = dataset.data[variable.name]
        mask = column.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
        names = dataset.data["name"].to_numpy()[mask]
        for (ags, text), name in zip(column[mask].items(), names, strict=True):
            rows.append((variable.name, variable.label, ags, name, text))
    sheet = _Sheet(book, "Freitext", FREITEXT_HEADER, (12, 30, 11, 30, 80), len(rows))
    for row in rows:
        sheet.append([*row[:4], sheet.cell(row[4], WRAP)])
    sheet.close()
