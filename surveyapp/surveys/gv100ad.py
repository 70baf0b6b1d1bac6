"""The frame from the official register: the Destatis Gemeindeverzeichnis, file GV100AD.

GV100AD is a fixed-width text file, one record per line, each line 220 characters. The record
type (Satzart) in the first two positions says what a line describes. Positions as in the
Destatis record description (1-based, both ends included), for the fields read here:

    all records   1–2    Satzart: 10 Land, 20 Regierungsbezirk, 30 Region (Baden-Württemberg
                         only), 40 Kreis, 50 Gemeindeverband, 60 Gemeinde
                  3–10   Gebietsstand, the reference date (JJJJMMTT)
                  11–12  Land          ┐
                  13     Regierungsbez.│ the Amtlicher Gemeindeschlüssel (AGS), as far as
                  14–15  Kreis         │ the record's level reaches (blank below it)
                  16–18  Gemeinde      ┘
                  19–22  Gemeindeverband (records 50 and 60)
                  23–72  Name
                  73–122 Sitz der Verwaltung (records 20 to 50)
    40 Kreis      123–124 Textkennzeichen: 41 kreisfreie Stadt, 42 Stadtkreis, 43 Kreis,
                         44 Landkreis, 45 Regionalverband
    60 Gemeinde   123–124 Textkennzeichen: 60 Markt, 61 kreisfreie Stadt, 62 Stadtkreis,
                         63 Stadt, 64 kreisangehörige Gemeinde, 65 and 66 gemeindefreies
                         Gebiet (bewohnt, unbewohnt), 67 große Kreisstadt
                  129–139 Fläche in ha
                  140–150 Bevölkerung insgesamt

The import chooses a level: the Kreise and kreisfreie Städte (records 40, 5-digit keys, their
population the sum of their Gemeinden) or the Gemeinden (records 60, 8-digit keys; the
gemeindefreie Gebiete are no Kommunen and are left out). Either way the rows come out as a
frame file's rows (`frame.validate` checks them as it checks a CSV), so a GV100AD frame goes
wherever an uploaded frame goes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO

from surveyapp.surveys.frame import (
    MAX_ROWS,
    FrameFile,
    FrameInvalid,
    ImportProblem,
    check_key,
    read_file,
    validate,
)

KREISE, GEMEINDEN = "kreise", "gemeinden"
LEVELS = {KREISE: "Kreise und kreisfreie Städte", GEMEINDEN: "Gemeinden"}
RECORD_TYPES = {"10", "20", "30", "40", "50", "60"}
KREIS_TYPES = {
    "41": "kreisfreie Stadt",
    "42": "Stadtkreis",
    "43": "Kreis",
    "44": "Landkreis",
    "45": "Regionalverband",
}
GEMEINDE_TYPES = {
    "60": "Markt",
    "61": "kreisfreie Stadt",
    "62": "Stadtkreis",
    "63": "Stadt",
    "64": "kreisangehörige Gemeinde",
    "67": "große Kreisstadt",
}
#: Gemeindefreie Gebiete (bewohnt, unbewohnt): land without a Kommune to ask.
NOT_A_KOMMUNE = {"65", "66"}
SUFFIXES = (".txt", ".asc")


@dataclass(frozen=True)
class Record:
    line: int
    kind: str
    reference: str
    key: str
    name: str
    label: str
    population: str


@dataclass(frozen=True)
class Register:
    """The units of one level of a GV100AD file, as a frame file's rows, with its date."""

    reference_date: date
    level: str
    rows: list[dict[str, Any]]


def is_gv100ad(filename: str) -> bool:
    return filename.lower().endswith(SUFFIXES)


def read_frame(stream: BinaryIO, filename: str, level: str | None = None) -> FrameFile:
    """Any frame file, read and validated: GV100AD (by its suffix, .txt or .asc) at the given
    level with its Gebietsstand, else a CSV or XLSX file (`frame.read_file`)."""
    if is_gv100ad(filename):
        register = read_register(stream.read(), level or KREISE)
        return FrameFile(filename, validate(register.rows), register.reference_date)
    return read_file(stream, filename)


def read_register(data: bytes, level: str) -> Register:
    """The file's units at one level, or FrameInvalid naming every problem by line."""
    if level not in LEVELS:
        raise FrameInvalid([ImportProblem(0, "", f"Unbekannte Ebene „{level}“.")])
    problems: list[ImportProblem] = []
    records = list(_records(_text(data), problems))
    dates = {record.reference for record in records}
    if not records and not problems:
        problems.append(ImportProblem(0, "", "Die Datei enthält keine Sätze des GV100AD."))
    if len(dates) > 1:
        listed = ", ".join(sorted(dates))
        problems.append(
            ImportProblem(0, "", f"Die Sätze haben verschiedene Gebietsstände ({listed}).")
        )
    reference = _reference_date(next(iter(dates)), problems) if len(dates) == 1 else None
    if problems or reference is None:
        raise FrameInvalid(problems)
    lands = {record.key: record.name for record in records if record.kind == "10"}
    rows = _kreise(records, lands) if level == KREISE else _gemeinden(records, lands)
    if not rows:
        message = f"Die Datei enthält keine {LEVELS[level]}."
        raise FrameInvalid([ImportProblem(0, "", message)])
    if len(rows) > MAX_ROWS:
        raise FrameInvalid([ImportProblem(0, "", f"Höchstens {MAX_ROWS} Einheiten je Datei.")])
    return Register(reference, level, rows)


def _text(data: bytes) -> str:
    """Destatis writes the file in Windows-1252 (older editions) or UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _records(text: str, problems: list[ImportProblem]) -> Iterator[Record]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        kind = line[0:2]
        if kind not in RECORD_TYPES:
            problems.append(
                ImportProblem(number, "Stellen 1–2", f"„{kind}“ ist keine Satzart des GV100AD.")
            )
            continue
        if len(line.rstrip()) < 23:
            problems.append(ImportProblem(number, "", "Die Zeile ist zu kurz für einen Satz."))
            continue
        key = line[10:18].rstrip()
        checked, problem = check_key(key) if kind in ("10", "20", "40", "60") else (key, None)
        if problem:
            problems.append(ImportProblem(number, "Stellen 11–18", problem))
            continue
        yield Record(
            line=number,
            kind=kind,
            reference=line[2:10],
            key=checked or key,
            name=line[22:72].strip(),
            label=line[122:124].strip(),
            population=line[139:150].strip(),
        )


def _reference_date(text: str, problems: list[ImportProblem]) -> date | None:
    try:
        return date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        problems.append(ImportProblem(1, "Stellen 3–10", f"„{text}“ ist kein Gebietsstand."))
        return None


def _row(record: Record, type_: str, lands: dict[str, str], population: int | None) -> dict:
    return {
        "ags": record.key,
        "name": record.name,
        "land": lands.get(record.key[:2], record.key[:2]),
        "typ": type_,
        "bevoelkerung": population,
        "__row__": record.line,
    }


def _population(record: Record) -> int | None:
    return int(record.population) if record.population.isdigit() else None


def _kreise(records: list[Record], lands: dict[str, str]) -> list[dict[str, Any]]:
    people: dict[str, int] = {}
    for record in records:
        count = _population(record) if record.kind == "60" else None
        if count is not None:
            people[record.key[:5]] = people.get(record.key[:5], 0) + count
    return [
        _row(record, KREIS_TYPES.get(record.label, "Kreis"), lands, people.get(record.key))
        for record in records
        if record.kind == "40"
    ]


def _gemeinden(records: list[Record], lands: dict[str, str]) -> list[dict[str, Any]]:
    return [
        _row(record, GEMEINDE_TYPES.get(record.label, "Gemeinde"), lands, _population(record))
        for record in records
        if record.kind == "60" and record.label not in NOT_A_KOMMUNE
    ]
