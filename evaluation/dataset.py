"""The Dataset: the codebook plus one row per responding unit, whatever its source.

Everything in the evaluation starts from a Dataset, so the tables, the workbook and the statistics
files do not care whether the answers came from the database or from a workbook a researcher has
cleaned in Excel. Both sources are normalised here to the same shapes and dtypes, which is what
lets a round trip database → workbook → Dataset give an identical dataset.

Shapes (callers may rely on them):

- `data` is indexed by AGS (string, sorted) and holds the unit attributes `ags, name, land, type,
  population, size_class` followed by one column per codebook variable in codebook order.
- Variables whose values are numbers (single, multiple, matrix, boolean, integer, decimal) are
  float64 columns holding codes and numbers alike; missing codes are the negative codes of the
  codebook, never NaN. NaN means "no value at all" (e.g. a cell a researcher emptied).
- Text-like variables (text, textarea, date, other) are object columns holding a `str` for an
  answer, an `int` for a missing code, or None. Line breaks are normalised to "\\n" because
  browsers send "\\r\\n" and spreadsheets keep only "\\n".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from evaluation.codebook import Codebook
from evaluation.errors import EvaluationError, UnknownSurvey

UNIT_COLUMNS = ("ags", "name", "land", "type", "population", "size_class")
UNIT_LABELS = {
    "ags": "Amtlicher Schlüssel (AGS)",
    "name": "Kommune",
    "land": "Land",
    "type": "Typ",
    "population": "Einwohnerzahl",
    "size_class": "Größenklasse",
}
#: Lower bounds of the size classes by population; the last class is open-ended.
SIZE_CLASSES: tuple[tuple[int, str], ...] = (
    (0, "unter 20.000"),
    (20_000, "20.000 bis unter 50.000"),
    (50_000, "50.000 bis unter 100.000"),
    (100_000, "100.000 bis unter 200.000"),
    (200_000, "200.000 bis unter 500.000"),
    (500_000, "500.000 und mehr"),
)
SIZE_UNKNOWN = "Einwohnerzahl unbekannt"


@dataclass(frozen=True)
class ResponseCount:
    """Frame, invitations sent and submitted responses of one Land × type cell."""

    land: str
    type: str
    frame: int
    invited: int
    submitted: int


@dataclass(frozen=True)
class SurveyInfo:
    """What a reader of any output must know about the wave: title, field period, response."""

    slug: str
    title: str
    questionnaire_id: str | None = None
    questionnaire_version: str | None = None
    opens_on: date | None = None
    closes_on: date | None = None
    response: tuple[ResponseCount, ...] = field(default_factory=tuple)

    @property
    def frame(self) -> int:
        return sum(r.frame for r in self.response)

    @property
    def invited(self) -> int:
        return sum(r.invited for r in self.response)

    @property
    def submitted(self) -> int:
        return sum(r.submitted for r in self.response)

    @property
    def response_rate(self) -> float | None:
        """Submitted responses in percent of the frame (the units that were meant to answer)."""
        return 100.0 * self.submitted / self.frame if self.frame else None


def size_classes(population: pd.Series) -> pd.Series:
    """The size class of each population figure (vectorised)."""
    bounds = np.array([b for b, _ in SIZE_CLASSES[1:]])
    labels = np.array([label for _, label in SIZE_CLASSES] + [SIZE_UNKNOWN], dtype=object)
    values = pd.to_numeric(population, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    index = np.searchsorted(bounds, values, side="right")
    index[np.isnan(values)] = len(SIZE_CLASSES)
    return pd.Series(labels[index], index=population.index, dtype=object)


def normalise_text(value: Any) -> Any:
    """A text answer as the evaluation keeps it: "\\n" line breaks; codes as int; None if empty
    (a spreadsheet cannot tell an empty text from an empty cell)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n") or None
    if isinstance(value, float | int | np.floating | np.integer):
        if np.isnan(value):
            return None
        return int(value) if float(value).is_integer() else float(value)
    return str(value)


def _normalise(data: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    names = codebook.names
    clash = sorted(set(names) & set(UNIT_COLUMNS))
    if clash:
        raise EvaluationError(f"Die Variable {clash[0]} heißt wie ein Merkmal der Kommunen.")
    missing = [c for c in (*UNIT_COLUMNS[:5], *names) if c not in data.columns]
    if missing:
        raise EvaluationError(f"Den Daten fehlt die Spalte {missing[0]}.")
    columns: dict[str, pd.Series] = {}
    ags = data["ags"].map(lambda v: None if pd.isna(v) else str(v)).astype(object)
    index = pd.Index(ags.to_numpy(dtype=object), dtype=object)
    if index.hasnans or index.has_duplicates:
        raise EvaluationError("Jede Kommune braucht einen eigenen, nicht leeren Schlüssel (AGS).")
    for column in ("ags", "name", "land", "type"):
        values = data[column].to_numpy(dtype=object)
        columns[column] = pd.Series(
            [None if v is None or v != v else str(v) for v in values], index=index, dtype=object
        )
    population = pd.to_numeric(pd.Series(data["population"].to_numpy(), index=index))
    columns["population"] = population.round().astype("Int64")
    columns["size_class"] = size_classes(columns["population"])
    for variable in codebook:
        values = data[variable.name].to_numpy()
        if variable.is_numeric:
            try:
                columns[variable.name] = pd.Series(values, index=index, dtype=float)
            except (TypeError, ValueError):
                raise EvaluationError(
                    f"Die Variable {variable.name} enthält Werte, die keine Zahlen sind."
                ) from None
        else:
            columns[variable.name] = pd.Series(
                [normalise_text(v) for v in values], index=index, dtype=object
            )
    frame = pd.DataFrame(columns, index=index)
    return frame.sort_index(kind="stable")


@dataclass(frozen=True, eq=False)
class Dataset:
    """The codebook and the data of one survey, plus what the reader must know about the wave.

    Treat it as immutable: functions that need a changed frame work on a copy.
    """

    survey: SurveyInfo
    codebook: Codebook
    data: pd.DataFrame

    def __post_init__(self) -> None:
        object.__setattr__(self, "data", _normalise(self.data, self.codebook))

    @property
    def variables(self) -> pd.DataFrame:
        """The variable columns only, without the unit attributes."""
        return self.data[self.codebook.names]

    def equals(self, other: Dataset) -> bool:
        return (
            self.survey == other.survey
            and self.codebook == other.codebook
            and self.data.equals(other.data)
            and list(self.data.dtypes) == list(other.data.dtypes)
        )

    @classmethod
    def from_database(cls, url: str | sa.Engine, survey_slug: str) -> Dataset:
        """Read one survey's submitted responses, read-only, in one consistent snapshot.

        Drafts are not data: only submitted responses become rows. The frame (for response
        rates) is every unit with an invitation that was not revoked, plus any unit that
        submitted. `url` may also be an Engine the caller owns (the web app passes its own).
        """
        engine = url if isinstance(url, sa.Engine) else connect(url)
        try:
            with engine.connect() as connection:
                if connection.dialect.name == "postgresql":
                    connection = connection.execution_options(
                        isolation_level="REPEATABLE READ", postgresql_readonly=True
                    )
                return _read_database(connection, survey_slug)
        except sa.exc.SQLAlchemyError as error:
            reason = str(getattr(error, "orig", None) or error).splitlines()[0]
            raise EvaluationError(f"Die Datenbank ist nicht lesbar: {reason}") from error
        finally:
            if engine is not url:
                engine.dispose()

    @classmethod
    def from_workbook(cls, path: str | Path | IO[bytes]) -> Dataset:
        """Read a researcher workbook this package wrote (possibly cleaned in Excel since)."""
        from evaluation.workbook import read_workbook

        return read_workbook(path)


def database_url(url: str) -> str:
    """Accept the URL forms the app accepts: `postgresql://` means psycopg 3."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def connect(url: str) -> sa.Engine:
    """An engine for reading. A SQLite file is opened read-only and must exist already, so a
    mistyped path is an error instead of a new empty database."""
    parsed = sa.make_url(database_url(url))
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database).resolve()
        if not path.is_file():
            raise EvaluationError(f"Die Datenbank {path} gibt es nicht.")
        uri = path.as_uri() + "?mode=ro"
        return sa.create_engine(
            "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)
        )
    return sa.create_engine(parsed)


_surveys = sa.table(
    "surveys",
    sa.column("id", sa.Integer),
    sa.column("slug", sa.String),
    sa.column("title", sa.String),
    sa.column("questionnaire_id", sa.String),
    sa.column("questionnaire_version", sa.String),
    sa.column("codebook", sa.JSON),
    sa.column("opens_on", sa.Date),
    sa.column("closes_on", sa.Date),
)
_units = sa.table(
    "units",
    sa.column("id", sa.Integer),
    sa.column("ags", sa.String),
    sa.column("name", sa.String),
    sa.column("land", sa.String),
    sa.column("type", sa.String),
    sa.column("population", sa.Integer),
)
_invitations = sa.table(
    "invitations",
    sa.column("survey_id", sa.Integer),
    sa.column("unit_id", sa.Integer),
    sa.column("sent_at", sa.DateTime),
    sa.column("revoked_at", sa.DateTime),
)
_responses = sa.table(
    "responses",
    sa.column("id", sa.Integer),
    sa.column("survey_id", sa.Integer),
    sa.column("unit_id", sa.Integer),
    sa.column("status", sa.String),
)
_answers = sa.table(
    "answers",
    sa.column("response_id", sa.Integer),
    sa.column("variable", sa.String),
    sa.column("number", sa.Float),
    sa.column("text", sa.Text),
)
_UNIT_SELECT = (_units.c.ags, _units.c.name, _units.c.land, _units.c.type, _units.c.population)


def _read_database(connection: sa.Connection, slug: str) -> Dataset:
    survey = connection.execute(sa.select(_surveys).where(_surveys.c.slug == slug)).one_or_none()
    if survey is None:
        raise UnknownSurvey(f"Die Umfrage „{slug}“ gibt es in der Datenbank nicht.")
    codebook = Codebook.from_rows(survey.codebook or [])
    submitted = sa.and_(_responses.c.survey_id == survey.id, _responses.c.status == "submitted")
    units = pd.DataFrame(
        connection.execute(
            sa.select(*_UNIT_SELECT)
            .join(_responses, _responses.c.unit_id == _units.c.id)
            .where(submitted)
        ).all(),
        columns=list(UNIT_COLUMNS[:5]),
    )
    answers = pd.DataFrame(
        connection.execute(
            sa.select(_units.c.ags, _answers.c.variable, _answers.c.number, _answers.c.text)
            .join(_responses, _responses.c.id == _answers.c.response_id)
            .join(_units, _units.c.id == _responses.c.unit_id)
            .where(submitted)
        ).all(),
        columns=["ags", "variable", "number", "text"],
    )
    frame = connection.execute(
        sa.select(*_UNIT_SELECT, _invitations.c.sent_at)
        .join(_invitations, _invitations.c.unit_id == _units.c.id)
        .where(_invitations.c.survey_id == survey.id, _invitations.c.revoked_at.is_(None))
    ).all()
    info = SurveyInfo(
        slug=survey.slug,
        title=survey.title,
        questionnaire_id=survey.questionnaire_id,
        questionnaire_version=survey.questionnaire_version,
        opens_on=survey.opens_on,
        closes_on=survey.closes_on,
        response=response_counts(
            ((r.land, r.type, r.ags, r.sent_at is not None) for r in frame),
            units[["land", "type", "ags"]].itertuples(index=False),
        ),
    )
    return Dataset(info, codebook, _widen(units, answers, codebook))


def _widen(units: pd.DataFrame, answers: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """One row per unit, one column per variable, from one row per unit × variable."""
    units = units.set_index(units["ags"].astype(str).to_numpy())
    answers = answers[answers["variable"].isin(codebook.names)]
    numbers = answers.pivot(index="ags", columns="variable", values="number")
    texts = answers.pivot(index="ags", columns="variable", values="text")
    columns: dict[str, pd.Series] = {}
    for variable in codebook:
        name = variable.name
        number = (
            numbers[name].reindex(units.index)
            if name in numbers
            else pd.Series(np.nan, index=units.index)
        )
        if variable.is_numeric:
            columns[name] = number.astype(float)
        else:
            text = (
                texts[name].reindex(units.index).astype(object)
                if name in texts
                else pd.Series(None, index=units.index, dtype=object)
            )
            columns[name] = text.where(text.notna(), number.astype(object))
    return pd.concat([units, pd.DataFrame(columns, index=units.index)], axis=1)


def response_counts(
    frame: Iterable[tuple[str, str, str, bool]], submitted: Iterable[tuple[str, str, str]]
) -> tuple[ResponseCount, ...]:
    """Count frame, sent invitations and submissions by Land × type, sorted by Land and type.

    `frame` yields (land, type, ags, invitation sent); `submitted` yields (land, type, ags).
    A unit that submitted counts in the frame even if its invitation was revoked since.
    """
    cells: dict[tuple[str, str], list[set[str]]] = {}
    for land, kind, ags, sent in frame:
        cell = cells.setdefault((land, kind), [set(), set(), set()])
        cell[0].add(ags)
        if sent:
            cell[1].add(ags)
    for land, kind, ags in submitted:
        cell = cells.setdefault((land, kind), [set(), set(), set()])
        cell[0].add(ags)
        cell[1].add(ags)
        cell[2].add(ags)
    return tuple(
        ResponseCount(land, kind, len(f), len(i), len(s))
        for (land, kind), (f, i, s) in sorted(cells.items())
    )
