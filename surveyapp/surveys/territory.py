"""The table of territorial changes (old key → new key, date, optional weight), loaded from a
CSV or XLSX file as a whole or not at all.

The panel outputs follow a unit's earlier answers to its successor with it
(`evaluation.territory.follow`, which reads the same table). Loading adds to the table and
corrects a change already known (same old and new key), so one file per Kreisreform can be
loaded after another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, BinaryIO

from evaluation.territory import Change
from surveyapp.accounts import audit
from surveyapp.extensions import db
from surveyapp.models import TerritorialChange
from surveyapp.surveys.frame import FrameInvalid, ImportProblem, check_key, read_rows
from surveyapp.transaction import unit_of_work

COLUMNS = {
    "alt_ags": "old_ags",
    "old_ags": "old_ags",
    "ags_alt": "old_ags",
    "neu_ags": "new_ags",
    "new_ags": "new_ags",
    "nachfolger_ags": "new_ags",
    "datum": "changed_on",
    "wirksam_ab": "changed_on",
    "changed_on": "changed_on",
    "gewicht": "weight",
    "anteil": "weight",
    "weight": "weight",
}
REQUIRED = ("old_ags", "new_ags", "changed_on")


@dataclass(frozen=True)
class Loaded:
    added: int
    updated: int


def load(stream: BinaryIO, filename: str, *, user_email: str | None = None) -> Loaded:
    """Reads and checks the whole file, then stores it in one unit of work, logged."""
    rows = validate(read_rows(stream, filename))
    with unit_of_work():
        known = {
            (c.old_ags, c.new_ags): c for c in db.session.scalars(db.select(TerritorialChange))
        }
        added = 0
        for row in rows:
            stored = known.get((row["old_ags"], row["new_ags"]))
            if stored is None:
                db.session.add(TerritorialChange(**row))
                added += 1
            else:
                stored.changed_on, stored.weight = row["changed_on"], row["weight"]
        result = Loaded(added, len(rows) - added)
        audit.record(
            "territorial_changes_loaded",
            filename,
            user_email=user_email,
            added=result.added,
            updated=result.updated,
        )
    return result


def validate(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The changes of a file, or FrameInvalid naming every problem by row and column."""
    headings = [h for h in (rows[0] if rows else {}) if h != "__row__"]
    mapping = {h: COLUMNS[h.lower()] for h in headings if h.lower() in COLUMNS}
    problems = [
        ImportProblem(1, h, f"unbekannte Spalte (erlaubt: {', '.join(sorted(COLUMNS))}).")
        for h in headings
        if h.lower() not in COLUMNS
    ]
    problems += [
        ImportProblem(1, field, "Pflichtspalte fehlt.")
        for field in REQUIRED
        if field not in mapping.values()
    ]
    if not rows:
        problems.append(ImportProblem(0, "", "Die Datei enthält keine Gebietsänderungen."))
    if problems:
        raise FrameInvalid(problems)
    heading = {field: h for h, field in mapping.items()}
    result: list[dict[str, Any]] = []
    shares: dict[str, float] = {}
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        number = row["__row__"]
        change, found = _change(row, mapping, number)
        problems += found
        if found:
            continue
        pair = (change["old_ags"], change["new_ags"])
        if pair in seen:
            message = f"{pair[0]} → {pair[1]} steht schon in Zeile {seen[pair]}."
            problems.append(ImportProblem(number, heading["new_ags"], message))
            continue
        seen[pair] = number
        shares[pair[0]] = shares.get(pair[0], 0.0) + (change["weight"] or 1.0)
        if shares[pair[0]] > 1.0 + 1e-9:
            message = f"Die Anteile von {pair[0]} ergeben zusammen mehr als 1."
            problems.append(ImportProblem(number, heading.get("weight", ""), message))
        result.append(change)
    if problems:
        raise FrameInvalid(problems)
    return result


def _change(
    row: dict[str, Any], mapping: dict[str, str], number: int
) -> tuple[dict[str, Any], list[ImportProblem]]:
    change: dict[str, Any] = {"weight": None}
    problems = []
    for heading, field in mapping.items():
        value = row.get(heading)
        if field in ("old_ags", "new_ags"):
            key, problem = check_key(value)
            if key is None:
                problem = problem or "Wert fehlt."
            change[field] = key
        elif field == "changed_on":
            change[field], problem = _day(value)
        else:
            change[field], problem = _weight(value)
        if problem:
            problems.append(ImportProblem(number, heading, problem))
    if not problems and change["old_ags"] == change["new_ags"]:
        problems.append(ImportProblem(number, "", "Alter und neuer Schlüssel sind gleich."))
    elif not problems and len(change["old_ags"]) != len(change["new_ags"]):
        problems.append(
            ImportProblem(number, "", "Alter und neuer Schlüssel gehören zu verschiedenen Ebenen.")
        )
    return change, problems


def _day(value: Any) -> tuple[date | None, str | None]:
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    text = "" if value is None else str(value).strip()
    if not text:
        return None, "Wert fehlt."
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date(), None  # noqa: DTZ007 (a calendar day)
        except ValueError:
            continue
    return None, f"„{text}“ ist kein Datum (TT.MM.JJJJ oder JJJJ-MM-TT)."


def _weight(value: Any) -> tuple[float | None, str | None]:
    text = "" if value is None else str(value).strip().replace(",", ".")
    if not text:
        return None, None
    try:
        weight = float(text)
    except ValueError:
        return None, f"„{value}“ ist keine Zahl."
    if not 0 < weight <= 1:
        return None, "Der Anteil liegt über 0 und höchstens bei 1 (z. B. 0,5)."
    return weight, None


def all_changes() -> list[Change]:
    """The table as `evaluation.territory` takes it."""
    query = db.select(TerritorialChange).order_by(TerritorialChange.changed_on)
    return [Change(c.old_ags, c.new_ags, c.changed_on, c.weight) for c in db.session.scalars(query)]
