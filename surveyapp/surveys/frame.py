"""Loading the frame of Kommunen from CSV or XLSX: all rows or none, errors by row and column."""

from __future__ import annotations

import csv
import io
import itertools
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import load_workbook

from surveyapp.accounts import audit
from surveyapp.extensions import db
from surveyapp.models import Unit
from surveyapp.spreadsheets import MAX_UNPACKED, unpacked_size
from surveyapp.transaction import unit_of_work

#: Accepted column headings (German as in the reference data, English too) → Unit attribute.
COLUMNS = {
    "ags": "ags",
    "key": "ags",
    "schluessel": "ags",
    "name": "name",
    "land": "land",
    "bundesland": "land",
    "typ": "type",
    "type": "type",
    "bevoelkerung": "population",
    "einwohner": "population",
    "population": "population",
    "nuts3": "nuts3",
    "nuts3_2024": "nuts3",
    "gueltig_bis": "valid_until",
    "valid_until": "valid_until",
    "nachfolger_ags": "successor_ags",
    "successor_ags": "successor_ags",
}
REQUIRED = ("ags", "name", "land", "type")
IGNORED = {"bevoelkerung_stand"}
AGS_PATTERN = re.compile(r"^\d{2,12}$")
MAX_ROWS = 20_000


@dataclass(frozen=True)
class ImportProblem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Zeile {self.row}" if self.row else "Datei"
        if self.column:
            where += f", Spalte „{self.column}“"
        return f"{where}: {self.message}"


class FrameInvalid(Exception):
    def __init__(self, problems: list[ImportProblem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def read_rows(stream: BinaryIO, filename: str) -> list[dict[str, Any]]:
    """Rows as dicts keyed by the file's own headings; row numbers follow the file (header = 1)."""
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(stream)
    if filename.lower().endswith(".csv"):
        return _read_csv(stream)
    raise FrameInvalid([ImportProblem(0, "", "Bitte eine CSV- oder XLSX-Datei hochladen.")])


def _read_csv(stream: BinaryIO) -> list[dict[str, Any]]:
    raw = stream.read()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    # Only the delimiter is guessed, from the header line; quoting is always the standard one
    # (a doubled quote is a quote), which a header line alone would not reveal.
    try:
        header = text.splitlines()[0] if text else ","
        delimiter = csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter)
    return _as_dicts(list(itertools.islice(reader, MAX_ROWS + 2)))


def _read_xlsx(stream: BinaryIO) -> list[dict[str, Any]]:
    data = stream.read()
    # Not a zip at all (None): openpyxl below says the file cannot be read.
    if (unpacked_size(data) or 0) > MAX_UNPACKED:
        limit = MAX_UNPACKED // 1024 // 1024
        message = f"Die Excel-Datei ist entpackt zu groß (über {limit} MB)."
        raise FrameInvalid([ImportProblem(0, "", message)])
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001  (openpyxl raises many types for a broken file)
        raise FrameInvalid(
            [ImportProblem(0, "", f"Die Excel-Datei lässt sich nicht lesen ({error}).")]
        ) from error
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in itertools.islice(sheet.iter_rows(values_only=True), MAX_ROWS + 2)]
    workbook.close()
    return _as_dicts(rows)


def _as_dicts(rows: list[list[Any]]) -> list[dict[str, Any]]:
    if not rows:
        raise FrameInvalid([ImportProblem(0, "", "Die Datei ist leer.")])
    if len(rows) > MAX_ROWS + 1:
        raise FrameInvalid([ImportProblem(0, "", f"Höchstens {MAX_ROWS} Zeilen je Datei.")])
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    result = []
    for number, row in enumerate(rows[1:], start=2):
        if all(cell in (None, "") for cell in row):
            continue
        values = dict(zip(header, row, strict=False))
        values["__row__"] = number
        result.append(values)
    return result


def validate(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Unit attributes per row, or FrameInvalid listing every problem in the file."""
    problems: list[ImportProblem] = []
    headings = [h for h in (rows[0].keys() if rows else []) if h != "__row__"]
    mapping = {h: COLUMNS[h.lower()] for h in headings if h.lower() in COLUMNS}
    for heading in headings:
        if heading.lower() not in COLUMNS and heading.lower() not in IGNORED:
            allowed = ", ".join(sorted(set(COLUMNS)))
            problems.append(ImportProblem(1, heading, f"unbekannte Spalte (erlaubt: {allowed})."))
    for field in REQUIRED:
        if field not in mapping.values():
            problems.append(ImportProblem(1, field, "Pflichtspalte fehlt."))
    if not rows:
        problems.append(ImportProblem(0, "", "Die Datei enthält keine Einheiten."))
    if problems:
        raise FrameInvalid(problems)

    units: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for row in rows:
        number = row["__row__"]
        unit: dict[str, Any] = {}
        for heading, field in mapping.items():
            value, problem = _convert(field, row.get(heading))
            if problem:
                problems.append(ImportProblem(number, heading, problem))
            unit[field] = value
        ags = unit.get("ags")
        if ags and ags in seen:
            problems.append(
                ImportProblem(
                    number,
                    _heading(mapping, "ags"),
                    f"Schlüssel {ags} steht schon in Zeile {seen[ags]}.",
                )
            )
        elif ags:
            seen[ags] = number
        units.append(unit)
    if problems:
        raise FrameInvalid(problems)
    return units


def _heading(mapping: dict[str, str], field: str) -> str:
    return next(h for h, f in mapping.items() if f == field)


def _convert(field: str, value: Any) -> tuple[Any, str | None]:
    text = "" if value is None else str(value).strip()
    if field in REQUIRED and not text:
        return None, "Wert fehlt."
    if field in ("ags", "successor_ags"):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return None, "Schlüssel als Text speichern (führende Nullen gehen sonst verloren)."
        if text and not AGS_PATTERN.match(text):
            return None, f"„{text}“ ist kein gültiger Schlüssel (nur Ziffern, 2 bis 12 Stellen)."
        return text or None, None
    if field == "population":
        if not text:
            return None, None
        try:
            number = int(float(text)) if isinstance(value, float) else int(text.replace(".", ""))
        except ValueError:
            return None, f"„{text}“ ist keine ganze Zahl."
        return (number, None) if number >= 0 else (None, "Die Zahl darf nicht negativ sein.")
    if field == "valid_until":
        if not text:
            return None, None
        if isinstance(value, date):
            return value if not hasattr(value, "date") else value.date(), None
        try:
            return date.fromisoformat(text), None
        except ValueError:
            return None, f"„{text}“ ist kein Datum (JJJJ-MM-TT)."
    return text or None, None


def import_units(stream: BinaryIO, filename: str) -> ImportResult:
    """Validates the whole file first, then writes it in one transaction."""
    units = validate(read_rows(stream, filename))
    with unit_of_work():
        return _store(units)


def upload_units(stream: BinaryIO, filename: str) -> ImportResult:
    """A researcher's upload of the frame: like `import_units`, and logged with the file name."""
    units = validate(read_rows(stream, filename))
    with unit_of_work():
        result = _store(units)
        audit.record("frame_imported", filename, created=result.created, updated=result.updated)
    return result


def _store(units: list[dict[str, Any]]) -> ImportResult:
    existing = {u.ags: u for u in db.session.scalars(db.select(Unit))}
    created = updated = 0
    for attributes in units:
        unit = existing.get(attributes["ags"])
        if unit is None:
            db.session.add(Unit(**attributes))
            created += 1
        else:
            for key, value in attributes.items():
                setattr(unit, key, value)
            updated += 1
    return ImportResult(created, updated)


def import_file(path: Path) -> ImportResult:
    with path.open("rb") as stream:
        return import_units(stream, path.name)


def counts_by_land_and_type() -> list[tuple[str, str, int]]:
    """How many units the frame holds per Land and type, sorted by both."""
    rows = db.session.execute(
        db.select(Unit.land, Unit.type, db.func.count(Unit.id))
        .group_by(Unit.land, Unit.type)
        .order_by(Unit.land, Unit.type)
    )
    return [(land, type_, count) for land, type_, count in rows]
