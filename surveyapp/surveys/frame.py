"""The frame of Kommunen: the register of official keys, and each survey's own frame.

A file (CSV or XLSX) is read whole or not at all, with every problem named by row and column.
Uploaded to a survey, it becomes that survey's frame (`SurveyUnit`): the units it asks, with the
attributes they have for it. It is shown before it is applied (`plan`), and the parsed rows
travel to the confirming request signed with the secret key (`draft_of`, `units_of_draft`):
nothing is stored before the confirmation, no draft has to be cleaned up, and a tampered or
stale draft is refused. Every upload also brings the register (`Unit`) up to date, which no
survey reads its attributes from.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from openpyxl import load_workbook
from sqlalchemy.orm import contains_eager

from surveyapp.accounts import audit
from surveyapp.extensions import db
from surveyapp.models import (
    Invitation,
    OutgoingMail,
    Response,
    Survey,
    SurveyUnit,
    TerritorialChange,
    Unit,
)
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
MAX_ROWS = 20_000
#: The lengths an official key may have, and what a key of that length names (Destatis:
#: Amtlicher Gemeindeschlüssel and, 12 digits, the Amtlicher Regionalschlüssel; 9 digits are
#: the first nine of the ARS, the Gemeindeverband).
KEY_LEVELS = {
    2: "Land",
    3: "Regierungsbezirk",
    5: "Kreis",
    8: "Gemeinde",
    9: "Gemeindeverband",
    12: "Regionalschlüssel",
}
LAND_CODES = frozenset(f"{number:02d}" for number in range(1, 17))
#: The attributes a survey keeps of each of its units (`SurveyUnit`), with German labels.
SURVEY_ATTRIBUTES = {
    "name": "Name",
    "land": "Land",
    "type": "Typ",
    "population": "Bevölkerung",
}


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


def check_key(value: Any) -> tuple[str | None, str | None]:
    """An official key as text, or why it is none.

    Excel turns `01001` into the number 1001: a number is taken as the digits it shows, and a
    key one digit short of a valid length, which a leading zero would make valid, is refused
    with that hint instead of being stored as another key."""
    if isinstance(value, bool):
        return None, f"„{value}“ ist kein gültiger Schlüssel."
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None else str(value).strip()
    if not text:
        return None, None
    if not text.isascii() or not text.isdigit():
        return None, f"„{text}“ ist kein gültiger Schlüssel (nur Ziffern)."
    if len(text) + 1 in KEY_LEVELS and len(text) not in KEY_LEVELS:
        padded = "0" + text
        if padded[:2] in LAND_CODES:
            return None, (
                f"„{text}“ hat vermutlich die führende Null verloren (Excel): {padded} statt "
                f"{text}. Bitte die Spalte als Text speichern."
            )
    if len(text) not in KEY_LEVELS:
        lengths = ", ".join(f"{n} ({level})" for n, level in KEY_LEVELS.items())
        return None, f"„{text}“ ist kein gültiger Schlüssel (Stellen: {lengths})."
    if text[:2] not in LAND_CODES:
        return None, f"„{text}“ ist kein gültiger Schlüssel: {text[:2]} ist kein Land (01 bis 16)."
    return text, None


def _convert(field: str, value: Any) -> tuple[Any, str | None]:
    text = "" if value is None else str(value).strip()
    if field in REQUIRED and not text:
        return None, "Wert fehlt."
    if field in ("ags", "successor_ags"):
        return check_key(value)
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


@dataclass(frozen=True)
class FrameFile:
    """One frame file's validated rows, with its name and, for the official register, its
    Gebietsstand: the day its keys and names describe (a CSV or XLSX file names none)."""

    name: str
    rows: list[dict[str, Any]]
    as_of: date | None = None

    @property
    def source(self) -> str:
        """„gv100ad-2023.txt, Gebietsstand 31.12.2023“: how pages and commands name it."""
        return self.name + (f", Gebietsstand {self.as_of:%d.%m.%Y}" if self.as_of else "")


def read_file(stream: BinaryIO, filename: str) -> FrameFile:
    """A CSV or XLSX frame file, read and validated; FrameInvalid names every problem."""
    return FrameFile(filename, validate(read_rows(stream, filename)))


def import_units(stream: BinaryIO, filename: str, survey: Survey | None = None) -> ImportResult:
    """Validates the whole file first, then writes it in one transaction: into the register,
    and, for a survey, as that survey's frame (what the file lacks is removed, see `apply`)."""
    return import_rows(read_file(stream, filename), survey)


def import_rows(source: FrameFile, survey: Survey | None = None) -> ImportResult:
    """`import_units` for a file already read and validated (a GV100AD file, see `gv100ad`)."""
    if survey is not None:
        applied = apply(survey, source)
        return ImportResult(applied.added, applied.changed)
    with unit_of_work():
        return _store(source.rows)


def upload_units(source: FrameFile) -> ImportResult:
    """A researcher's upload to the register only: logged with the file name."""
    with unit_of_work():
        result = _store(source.rows)
        audit.record(
            "frame_imported",
            source.name,
            created=result.created,
            updated=result.updated,
            as_of=source.as_of.isoformat() if source.as_of else None,
        )
    return result


def _store(units: list[dict[str, Any]]) -> ImportResult:
    existing = _register({attributes["ags"] for attributes in units})
    created = updated = 0
    for attributes in units:
        unit = existing.get(attributes["ags"])
        if unit is None:
            unit = Unit(**attributes)
            db.session.add(unit)
            existing[unit.ags] = unit
            created += 1
        else:
            for key, value in attributes.items():
                setattr(unit, key, value)
            updated += 1
    _note_successors(units)
    db.session.flush()
    return ImportResult(created, updated)


def _note_successors(units: list[dict[str, Any]]) -> None:
    """A row that names its successor and last day is a territorial change too (Eisenach's row
    of the reference frame): it goes into the table the panel follows, from the day after."""
    ended = [row for row in units if row.get("successor_ags") and row.get("valid_until")]
    if not ended:
        return
    known = {
        (change.old_ags, change.new_ags): change
        for change in db.session.scalars(
            db.select(TerritorialChange).where(
                TerritorialChange.old_ags.in_([row["ags"] for row in ended])
            )
        )
    }
    for row in ended:
        day = row["valid_until"] + timedelta(days=1)
        change = known.get((row["ags"], row["successor_ags"]))
        if change is None:
            db.session.add(
                TerritorialChange(old_ags=row["ags"], new_ags=row["successor_ags"], changed_on=day)
            )
        else:
            change.changed_on = day


def _register(keys: set[str]) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    ordered = sorted(keys)
    for start in range(0, len(ordered), 500):  # stay below every database's parameter limit
        chunk = ordered[start : start + 500]
        units.update(
            (u.ags, u) for u in db.session.scalars(db.select(Unit).where(Unit.ags.in_(chunk)))
        )
    return units


def import_file(path: Path, survey: Survey | None = None) -> ImportResult:
    with path.open("rb") as stream:
        return import_units(stream, path.name, survey)


def counts_by_land_and_type(survey: Survey | None = None) -> list[tuple[str, str, int]]:
    """How many units the register, or a survey's frame, holds per Land and type."""
    if survey is None:
        rows = db.session.execute(
            db.select(Unit.land, Unit.type, db.func.count(Unit.id))
            .group_by(Unit.land, Unit.type)
            .order_by(Unit.land, Unit.type)
        )
    else:
        rows = db.session.execute(
            db.select(SurveyUnit.land, SurveyUnit.type, db.func.count(SurveyUnit.id))
            .where(SurveyUnit.survey_id == survey.id)
            .group_by(SurveyUnit.land, SurveyUnit.type)
            .order_by(SurveyUnit.land, SurveyUnit.type)
        )
    return [(land, type_, count) for land, type_, count in rows]


# --- a survey's own frame ---------------------------------------------------------------------


class FrameRefused(ValueError):
    """A change to a survey's frame that cannot be made; the message is for the user."""


@dataclass(frozen=True)
class Entry:
    """One unit of a plan: what it is called in the file (or the survey), what would change."""

    ags: str
    name: str
    type: str
    changes: tuple[tuple[str, Any, Any], ...] = ()
    #: Why a unit missing from the file stays in the survey (None: it would be removed).
    kept: str | None = None

    @property
    def display_name(self) -> str:
        return f"{self.name.removesuffix(', Stadt')} ({self.type})"


@dataclass(frozen=True)
class Plan:
    """What applying a file to a survey's frame would do, before anything is stored."""

    added: list[Entry]
    changed: list[Entry]
    removed: list[Entry]
    #: Rows of units dissolved before the survey's reference date: in the register only.
    dissolved: list[Entry]
    unchanged: int

    @property
    def kept(self) -> list[Entry]:
        return [entry for entry in self.removed if entry.kept]

    @property
    def removable(self) -> list[Entry]:
        return [entry for entry in self.removed if not entry.kept]


@dataclass(frozen=True)
class Applied:
    added: int
    changed: int
    removed: int
    kept: int


def reference_date(survey: Survey) -> date:
    """The day the survey's frame describes: its first field day, or today before one is set."""
    return survey.opens_on or date.today()


def members(survey: Survey) -> dict[str, SurveyUnit]:
    """The survey's frame by key."""
    query = (
        db.select(SurveyUnit)
        .join(Unit, Unit.id == SurveyUnit.unit_id)
        .where(SurveyUnit.survey_id == survey.id)
        .options(contains_eager(SurveyUnit.unit))
    )
    return {member.unit.ags: member for member in db.session.scalars(query)}


def _responses(survey: Survey) -> dict[int, str]:
    query = db.select(Response.unit_id, Response.status).where(Response.survey_id == survey.id)
    return {unit_id: status for unit_id, status in db.session.execute(query)}


def _why_kept(status: str | None) -> str | None:
    if status is None:
        return None
    if status == "submitted":
        return "hat ihre Antwort abgeschickt"
    return "hat mit der Antwort begonnen"


def plan(survey: Survey, units: list[dict[str, Any]]) -> Plan:
    """What `apply` would add, change and remove: reads, never writes."""
    current = members(survey)
    responses = _responses(survey)
    cutoff = reference_date(survey)
    added, changed, dissolved, unchanged = [], [], [], 0
    in_file: set[str] = set()
    for row in units:
        entry = Entry(row["ags"], row["name"], row["type"])
        if row.get("valid_until") is not None and row["valid_until"] < cutoff:
            dissolved.append(entry)
            continue
        in_file.add(row["ags"])
        member = current.get(row["ags"])
        if member is None:
            added.append(entry)
            continue
        changes = tuple(
            (label, getattr(member, field), row[field])
            for field, label in SURVEY_ATTRIBUTES.items()
            if field in row and getattr(member, field) != row[field]
        )
        if changes:
            changed.append(Entry(row["ags"], row["name"], row["type"], changes))
        else:
            unchanged += 1
    removed = [
        Entry(ags, member.name, member.type, kept=_why_kept(responses.get(member.unit_id)))
        for ags, member in sorted(current.items())
        if ags not in in_file
    ]
    return Plan(added, changed, removed, dissolved, unchanged)


@dataclass(frozen=True)
class Differences:
    """A newer frame against an earlier wave's: units added, renamed (old → new name) and
    gone. Unlike `plan` it says nothing about what applying would do: the earlier wave stays
    as it was; the list tells the researcher what the next wave asks differently."""

    added: list[Entry]
    renamed: list[Entry]
    gone: list[Entry]

    def lines(self) -> list[str]:
        """The list in words, one line per kind that has any unit."""
        result = []
        if self.added:
            names = ", ".join(f"{e.ags} {e.display_name}" for e in self.added)
            result.append(f"neu ({len(self.added)}): {names}")
        if self.renamed:
            names = ", ".join(f"{e.ags} {e.changes[0][1]} → {e.name}" for e in self.renamed)
            result.append(f"umbenannt ({len(self.renamed)}): {names}")
        if self.gone:
            names = ", ".join(f"{e.ags} {e.display_name}" for e in self.gone)
            result.append(f"entfallen ({len(self.gone)}): {names}")
        return result or ["keine Unterschiede"]


def differences(earlier: Survey, units: list[dict[str, Any]]) -> Differences:
    current = members(earlier)
    in_file = {row["ags"] for row in units}
    added = [Entry(r["ags"], r["name"], r["type"]) for r in units if r["ags"] not in current]
    renamed = [
        Entry(r["ags"], r["name"], r["type"], (("Name", current[r["ags"]].name, r["name"]),))
        for r in units
        if r["ags"] in current and current[r["ags"]].name != r["name"]
    ]
    gone = [
        Entry(ags, member.name, member.type)
        for ags, member in sorted(current.items())
        if ags not in in_file
    ]
    return Differences(added, renamed, gone)


def apply(survey: Survey, source: FrameFile) -> Applied:
    """Makes the file the survey's frame, in one unit of work with its audit event; the survey
    remembers the file and its Gebietsstand.

    The register is brought up to date first; then the survey's rows follow the file. A unit
    missing from the file leaves the survey with its link and contacts, unless it has begun to
    answer: then it stays, and the plan said why."""
    units = source.rows
    with unit_of_work():
        survey.frame_file, survey.frame_as_of = source.name, source.as_of
        _store(units)
        todo = plan(survey, units)
        current = members(survey)
        register = _register({entry.ags for entry in todo.added})
        by_key = {row["ags"]: row for row in units}
        for entry in todo.added:
            db.session.add(_member_of(survey, register[entry.ags], by_key[entry.ags]))
        for entry in todo.changed:
            member = current[entry.ags]
            for field in SURVEY_ATTRIBUTES:
                if field in by_key[entry.ags]:
                    setattr(member, field, by_key[entry.ags][field])
        for entry in todo.removable:
            _leave(survey, current[entry.ags])
        result = Applied(len(todo.added), len(todo.changed), len(todo.removable), len(todo.kept))
        audit.record(
            "frame_applied",
            survey.slug,
            file=source.name,
            as_of=source.as_of.isoformat() if source.as_of else None,
            added=result.added,
            changed=result.changed,
            removed=result.removed,
            kept=result.kept,
        )
    return result


def fill(survey: Survey, source: FrameFile) -> None:
    """A new survey's frame from a validated file, the register brought up to date; units
    dissolved before its reference date stay in the register only. The caller commits."""
    units = source.rows
    survey.frame_file, survey.frame_as_of = source.name, source.as_of
    _store(units)
    cutoff = reference_date(survey)
    alive = [row for row in units if not (row.get("valid_until") and row["valid_until"] < cutoff)]
    register = _register({row["ags"] for row in alive})
    for row in alive:
        db.session.add(_member_of(survey, register[row["ags"]], row))


def _member_of(survey: Survey, unit: Unit, attributes: dict[str, Any] | None = None) -> SurveyUnit:
    source = attributes or {field: getattr(unit, field) for field in SURVEY_ATTRIBUTES}
    values = {field: source.get(field, getattr(unit, field)) for field in SURVEY_ATTRIBUTES}
    return SurveyUnit(survey_id=survey.id, unit=unit, **values)


def _leave(survey: Survey, member: SurveyUnit) -> None:
    """Takes a unit without a response out of the survey: its link, contacts and queued mail go
    with it (a link that was sent stops working, which is what removing it means)."""
    invitation = db.session.scalar(
        db.select(Invitation).filter_by(survey_id=survey.id, unit_id=member.unit_id)
    )
    if invitation is not None:
        db.session.execute(
            db.delete(OutgoingMail).where(OutgoingMail.invitation_id == invitation.id)
        )
        db.session.delete(invitation)
    db.session.delete(member)


def join(survey: Survey, unit: Unit) -> SurveyUnit:
    """The unit's row in the survey's frame, added with its register attributes if it has none
    (an invitation for a single key puts its unit in the frame). The caller commits."""
    member = db.session.scalar(
        db.select(SurveyUnit).filter_by(survey_id=survey.id, unit_id=unit.id)
    )
    if member is None:
        member = _member_of(survey, unit)
        db.session.add(member)
    return member


def add_unit(survey: Survey, ags: str) -> SurveyUnit:
    """One unit of the register joins the survey's frame. Logged."""
    key, problem = check_key(ags)
    if problem or key is None:
        raise FrameRefused(problem or "Bitte einen Schlüssel angeben.")
    unit = db.session.scalar(db.select(Unit).filter_by(ags=key))
    if unit is None:
        raise FrameRefused(
            f"Keine Kommune mit dem Schlüssel {key}: laden Sie sie mit einer Datei hoch."
        )
    if key in members(survey):
        raise FrameRefused(f"{unit.display_name} gehört schon zur Befragung.")
    with unit_of_work():
        member = join(survey, unit)
        audit.record("frame_unit_added", f"{survey.slug}/{key}")
    return member


def remove_unit(survey: Survey, ags: str) -> None:
    """One unit leaves the survey's frame, with its link and contacts; refused once it has begun
    to answer (its answers are data; a unit that wants out withdraws instead). Logged."""
    member = members(survey).get(ags)
    if member is None:
        raise FrameRefused(f"Die Kommune {ags} gehört nicht zur Befragung.")
    reason = _why_kept(_responses(survey).get(member.unit_id))
    if reason:
        raise FrameRefused(
            f"{member.display_name} {reason} und bleibt deshalb in der Befragung. "
            "Ihre Antwort lässt sich auf der Seite der Kommune zurücknehmen oder löschen."
        )
    with unit_of_work():
        _leave(survey, member)
        audit.record("frame_unit_removed", f"{survey.slug}/{ags}")


# --- the draft between preview and confirmation ----------------------------------------------

DRAFT_MAX_AGE = 2 * 60 * 60


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="frame-draft")


def fingerprint(survey: Survey) -> str:
    """A digest of the survey's frame as it is: a draft previewed against another state of it
    is not applied (someone changed the frame in between)."""
    digest = hashlib.sha256()
    for ags, member in sorted(members(survey).items()):
        values = [ags, *(str(getattr(member, field)) for field in SURVEY_ATTRIBUTES)]
        digest.update("\x1f".join(values).encode() + b"\x1e")
    digest.update(str(reference_date(survey)).encode())
    return digest.hexdigest()[:32]


def draft_of(survey: Survey, source: FrameFile) -> str:
    """The validated rows, signed and compressed, for the hidden field of the preview."""
    rows = [
        {k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items()}
        for row in source.rows
    ]
    payload = {
        "survey": survey.id,
        "state": fingerprint(survey),
        "file": source.name,
        "as_of": source.as_of.isoformat() if source.as_of else None,
        "rows": rows,
    }
    return _serializer().dumps(payload)


def units_of_draft(survey: Survey, draft: str) -> FrameFile:
    """The file of a draft made by `draft_of` for this survey and this state of its frame, or
    FrameRefused."""
    try:
        payload = _serializer().loads(draft, max_age=DRAFT_MAX_AGE)
    except SignatureExpired as error:
        raise FrameRefused(
            "Die Vorschau ist abgelaufen: bitte die Datei erneut hochladen."
        ) from error
    except BadSignature as error:
        raise FrameRefused(
            "Die Vorschau ist ungültig: bitte die Datei erneut hochladen."
        ) from error
    if payload.get("survey") != survey.id:
        raise FrameRefused("Die Vorschau gehört zu einer anderen Befragung.")
    if payload.get("state") != fingerprint(survey):
        raise FrameRefused(
            "Die Kommunen der Befragung haben sich seit der Vorschau geändert: "
            "bitte die Datei erneut hochladen."
        )
    rows = [
        {k: (date.fromisoformat(v) if k == "valid_until" and v else v) for k, v in row.items()}
        for row in payload["rows"]
    ]
    as_of = payload.get("as_of")
    return FrameFile(
        str(payload.get("file") or ""), rows, date.fromisoformat(as_of) if as_of else None
    )
