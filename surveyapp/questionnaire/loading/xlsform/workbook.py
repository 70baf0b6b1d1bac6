"""Reading the sheets of an XLSForm workbook safely, as rows numbered as in Excel.

Uploaded workbooks are untrusted: the file size, the unpacked size (a zip bomb), rows and columns
are bounded, and any file openpyxl cannot read is refused with one clear message. Each row keeps
only the cells of supported columns, keyed by (field, language); a column this project does not
translate is reported in every row that fills it, because a value there would otherwise be lost.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from surveyapp.questionnaire.loading.errors import Problem, QuestionnaireInvalid
from surveyapp.questionnaire.loading.schema.values import LANGUAGE
from surveyapp.spreadsheets import MAX_UNPACKED, unpacked_size

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 200
#: Rows Excel stores without values (formatting) are skipped, but not without end.
MAX_STORED_ROWS = 4 * MAX_ROWS

OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format

SHEET_ORDER = ("survey", "choices", "settings")
REFUSED_SHEETS = ("external_choices", "entities", "osm")
COLUMNS = {
    "survey": (
        "type",
        "name",
        "label",
        "hint",
        "required",
        "relevant",
        "constraint",
        "constraint_message",
        "appearance",
    ),
    "choices": ("list_name", "name", "label", "missing"),
    "settings": ("form_id", "form_title", "version", "default_language"),
}
REQUIRED_COLUMNS = {"survey": ("type", "name"), "choices": ("list_name", "name")}
TRANSLATABLE = frozenset({"label", "hint", "constraint_message", "form_title"})
ALIASES = {"list name": "list_name", "constraint message": "constraint_message"}

Key = tuple[str, str | None]  # (field, language code or None)


def read_workbook(source: str | bytes | Path) -> tuple[dict[str, Sheet], list[Problem]]:
    """The sheets survey, choices and settings (those present) and the problems of their
    columns; a broken, oversized or sheetless file raises `QuestionnaireInvalid` at once."""
    return _read_workbook(_workbook_bytes(source))


def _refuse(message: str) -> QuestionnaireInvalid:
    return QuestionnaireInvalid([Problem("", message)])


def _workbook_bytes(source: str | bytes | Path) -> bytes:
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source.strip()) if isinstance(source, str) else source
        try:
            _check_size(path.stat().st_size)
            data = path.read_bytes()
        except OSError as error:
            reason = "nicht gefunden" if isinstance(error, FileNotFoundError) else "nicht lesbar"
            raise _refuse(f"Die Datei {path} ist {reason}") from None
    _check_size(len(data))
    if data.startswith(OLE_MAGIC):
        raise _refuse(
            "Das alte Excel-Format .xls wird nicht gelesen: speichern Sie die Datei in Excel als "
            "Arbeitsmappe (.xlsx)"
        )
    return data


def _check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise _refuse(
            f"Die Datei ist zu groß ({size / 1024 / 1024:.1f} MB, höchstens "
            f"{MAX_BYTES // 1024 // 1024} MB)"
        )


@dataclass(frozen=True)
class Row:
    """One filled row of a sheet: its Excel number and its supported cells by (field, lang)."""

    sheet: str
    number: int
    cells: dict[Key, Any]
    headers: Mapping[Key, str]

    @property
    def where(self) -> str:
        return f"{self.sheet}[{self.number}]"

    def get(self, name: str) -> Any:
        return self.cells.get((name, None))

    def at(self, name: str, language: str | None = None) -> str:
        """The location of a cell, named by its column header as written in the workbook."""
        return f"{self.where}.{self.headers.get((name, language), name)}"

    def column(self, name: str, language: str | None = None) -> str:
        """The location of a text: its column in this language, else the plain column, else
        the first language column of the sheet."""
        for candidate in (language, None):
            if (name, candidate) in self.headers:
                return self.at(name, candidate)
        first = next((lang for column, lang in self.headers if column == name), None)
        return self.at(name, first)


@dataclass
class Sheet:
    name: str
    headers: dict[Key, str] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)


def _read_workbook(data: bytes) -> tuple[dict[str, Sheet], list[Problem]]:
    workbook = _open_workbook(data)
    try:
        names = {name.strip().lower(): name for name in workbook.sheetnames}
        if "survey" not in names:
            present = ", ".join(workbook.sheetnames) or "keine"
            raise _refuse(
                f"Das Blatt „survey“ fehlt; eine XLSForm-Datei hat die Blätter survey, choices "
                f"und settings (vorhanden: {present})"
            )
        problems = [
            Problem(name, f"Das Blatt „{name}“ wird nicht unterstützt")
            for name in REFUSED_SHEETS
            if name in names
        ]
        sheets = {
            name: _read_sheet(workbook[names[name]], name, problems)
            for name in SHEET_ORDER
            if name in names
        }
    finally:
        workbook.close()
    return sheets, problems


def _open_workbook(data: bytes) -> Any:
    broken = _refuse("Die Datei ist keine gültige Excel-Arbeitsmappe (.xlsx)")
    unpacked = unpacked_size(data)
    if unpacked is None:
        raise broken
    if unpacked > MAX_UNPACKED:
        raise _refuse(
            f"Die Datei ist entpackt zu groß (über {MAX_UNPACKED // 1024 // 1024} MB); ein "
            "Fragebogen braucht weit weniger"
        )
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl fails on broken files with many kinds of error
        raise broken from None


def _read_sheet(worksheet: Any, name: str, problems: list[Problem]) -> Sheet:
    if (worksheet.max_column or 0) > MAX_COLUMNS:
        raise _refuse(f"Das Blatt {name} hat zu viele Spalten (höchstens {MAX_COLUMNS})")
    try:
        rows = worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
        header = next(rows, ())
        sheet = Sheet(name)
        columns = _columns(sheet, header, problems)
        for number, values in enumerate(rows, start=2):
            _check_row_count(name, number, values)
            row = _row(sheet, columns, number, values, problems)
            if row is not None:
                sheet.rows.append(row)
    except QuestionnaireInvalid:
        raise
    except Exception:  # a broken sheet inside an intact zip
        raise _refuse(f"Das Blatt {name} ist beschädigt und kann nicht gelesen werden") from None
    return sheet


def _check_row_count(name: str, number: int, values: tuple[Any, ...]) -> None:
    filled = any(_cell(value) is not None for value in values)
    if number > MAX_STORED_ROWS or (filled and number > MAX_ROWS + 1):
        raise _refuse(f"Das Blatt {name} hat zu viele Zeilen (höchstens {MAX_ROWS})")
    if len(values) > MAX_COLUMNS and _cell(values[MAX_COLUMNS]) is not None:
        raise _refuse(f"Das Blatt {name} hat zu viele Spalten (höchstens {MAX_COLUMNS})")


def _columns(
    sheet: Sheet, header: tuple[Any, ...], problems: list[Problem]
) -> list[tuple[str, Key | None]]:
    """Each column as (header, key); the key is None for a column that is not translated."""
    columns: list[tuple[str, Key | None]] = []
    for value in header:
        title = str(_cell(value) or "")
        key = _column_key(sheet.name, title, problems) if title else None
        if key is not None and key in sheet.headers:
            problems.append(Problem(f"{sheet.name}[1].{title}", "Die Spalte kommt doppelt vor"))
            key = None
        if key is not None and key[0]:
            sheet.headers[key] = title
        columns.append((title, key))
    for required in REQUIRED_COLUMNS.get(sheet.name, ()):
        if (required, None) not in sheet.headers:
            problems.append(Problem(sheet.name, f"Die Spalte „{required}“ fehlt"))
    return columns


def _column_key(sheet: str, title: str, problems: list[Problem]) -> Key | None:
    base, separator, language = title.partition("::")
    base = ALIASES.get(base.strip().lower(), base.strip().lower())
    if base not in COLUMNS[sheet] or (separator and base not in TRANSLATABLE):
        return ("", title)  # unsupported: reported in each row that fills it
    if not separator:
        return (base, None)
    code = language_code(language)
    if code is None:
        problems.append(
            Problem(
                f"{sheet}[1].{title}",
                f"Die Sprache „{language.strip()}“ hat keinen Sprachcode: schreiben Sie ihn in "
                f"Klammern, z. B. {base}::Deutsch (de) oder {base}::English (en)",
            )
        )
        return None
    return (base, code)


def language_code(text: str) -> str | None:
    """`Deutsch (de)` → de, `en` → en; a language name without a code gives None."""
    match = re.fullmatch(r".*\(\s*([^()]*?)\s*\)\s*", text)
    code = (match.group(1) if match else text.strip()).lower()
    return code if LANGUAGE.match(code) else None


def _row(
    sheet: Sheet,
    columns: list[tuple[str, Key | None]],
    number: int,
    values: tuple[Any, ...],
    problems: list[Problem],
) -> Row | None:
    cells: dict[Key, Any] = {}
    for index, raw in enumerate(values):
        value = _cell(raw)
        if value is None:
            continue
        title, key = columns[index] if index < len(columns) else ("", None)
        if not title:
            letter = get_column_letter(index + 1)
            problems.append(
                Problem(f"{sheet.name}[{number}]", f"Wert in Spalte {letter} ohne Überschrift")
            )
        elif key is not None and not key[0]:
            problems.append(
                Problem(
                    f"{sheet.name}[{number}].{title}",
                    f"Die Spalte „{title}“ wird nicht unterstützt",
                )
            )
        elif key is not None:
            cells[key] = value
    return Row(sheet.name, number, cells, sheet.headers) if cells else None


def _cell(value: Any) -> Any:
    """A cell's value with text trimmed and empty text as None; dates as ISO text."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
