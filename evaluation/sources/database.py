"""Reading a survey from the app's database: read-only, plain SQLAlchemy Core, one snapshot.

The tables are described here by hand (names and columns only), so the evaluation needs
nothing from `surveyapp`; only submitted responses become data. A unit's name, Land, type and
population are the survey's own (`survey_units`), not the register's (`units`), so a later
upload to another survey or to the register never changes this survey's outputs.
"""

from __future__ import annotations

import sqlite3
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from evaluation.codebook import Codebook
from evaluation.errors import EvaluationError, UnknownSurvey
from evaluation.survey import UNIT_COLUMNS, SurveyInfo, response_counts


def read_database(
    url: str | sa.Engine, survey_slug: str
) -> tuple[SurveyInfo, Codebook, pd.DataFrame]:
    """One survey's submitted responses, read-only, in one consistent snapshot.

    Drafts are not data: only submitted responses become rows. The frame (for response
    rates) is every unit with an invitation that was not revoked, plus any unit that
    submitted, each with the attributes it has in this survey. `url` may also be an Engine the
    caller owns (the web app passes its own).
    """
    engine = url if isinstance(url, sa.Engine) else connect(url)
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                connection = connection.execution_options(
                    isolation_level="REPEATABLE READ", postgresql_readonly=True
                )
            return _read(connection, survey_slug)
    except sa.exc.SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise EvaluationError(f"Die Datenbank ist nicht lesbar: {reason}") from error
    finally:
        if engine is not url:
            engine.dispose()


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
)
_survey_units = sa.table(
    "survey_units",
    sa.column("survey_id", sa.Integer),
    sa.column("unit_id", sa.Integer),
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
_UNIT_SELECT = (
    _units.c.ags,
    _survey_units.c.name,
    _survey_units.c.land,
    _survey_units.c.type,
    _survey_units.c.population,
)


def _member(
    survey_id: sa.ColumnElement[int], unit_id: sa.ColumnElement[int]
) -> sa.ColumnElement[bool]:
    return sa.and_(_survey_units.c.survey_id == survey_id, _survey_units.c.unit_id == unit_id)


def _read(connection: sa.Connection, slug: str) -> tuple[SurveyInfo, Codebook, pd.DataFrame]:
    survey = connection.execute(sa.select(_surveys).where(_surveys.c.slug == slug)).one_or_none()
    if survey is None:
        raise UnknownSurvey(f"Die Umfrage „{slug}“ gibt es in der Datenbank nicht.")
    codebook = Codebook.from_rows(survey.codebook or [])
    submitted = sa.and_(_responses.c.survey_id == survey.id, _responses.c.status == "submitted")
    respondents = connection.execute(
        sa.select(_responses.c.id, *_UNIT_SELECT)
        .join(_units, _responses.c.unit_id == _units.c.id)
        .join(_survey_units, _member(_responses.c.survey_id, _responses.c.unit_id))
        .where(submitted)
    ).all()
    units = pd.DataFrame(
        [tuple(row[1:]) for row in respondents], columns=list(UNIT_COLUMNS[:5]), dtype=object
    )
    answers = _answer_columns(
        connection,
        sa.select(_answers.c.response_id, _answers.c.variable, _answers.c.number, _answers.c.text)
        .join(_responses, _responses.c.id == _answers.c.response_id)
        .where(submitted),
        pd.Index([row[0] for row in respondents]),
        codebook,
    )
    frame = connection.execute(
        sa.select(*_UNIT_SELECT, _invitations.c.sent_at)
        .join(_invitations, _invitations.c.unit_id == _units.c.id)
        .join(_survey_units, _member(_invitations.c.survey_id, _invitations.c.unit_id))
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
    units.index = pd.Index(units["ags"].astype(str).to_numpy(), dtype=object)
    data = pd.DataFrame(answers, index=units.index)
    return info, codebook, pd.concat([units, data], axis=1)


#: Answer rows fetched at a time: the batch's tuples are turned into arrays and dropped, so a
#: national survey (3.3 million rows) never holds its answers as Python objects all at once.
BATCH = 100_000


def _answer_columns(
    connection: sa.Connection,
    query: sa.Select[Any],
    respondents: pd.Index,
    codebook: Codebook,
) -> dict[str, np.ndarray]:
    """One array per codebook variable (in the order of `respondents`), from the answer rows.

    The rows come from the DBAPI cursor as the driver's plain tuples, batch by batch, and go
    straight into one float matrix (numbers and codes) and one object matrix (texts), placed by
    integer positions: no SQLAlchemy Row and no DataFrame per answer, which is what made the
    load of a national survey slow and large. A text variable keeps its text and, where there
    is none, the code in `number` (a missing code), as the Dataset expects.
    """
    names = pd.Index(codebook.names)
    numbers = np.full((len(names), len(respondents)), np.nan)
    texts = np.full((len(names), len(respondents)), None, dtype=object)
    result = connection.execute(query)
    try:
        # The driver's own cursor: SQLAlchemy adds nothing the two plain columns need.
        cursor = result.cursor
        while batch := cursor.fetchmany(BATCH):
            # One column at a time (`zip(*batch)` would make an iterator per row).
            ids, variables, values, words = (list(map(itemgetter(i), batch)) for i in range(4))
            rows = respondents.get_indexer(pd.Index(ids))
            columns = names.get_indexer(pd.Index(variables, dtype=object))
            known = (rows >= 0) & (columns >= 0)
            rows, columns = rows[known], columns[known]
            numbers[columns, rows] = np.array(values, dtype=float)[known]
            words_array = np.array(words, dtype=object)[known]
            has_text = pd.notna(words_array)
            texts[columns[has_text], rows[has_text]] = words_array[has_text]
    finally:
        result.close()
    columns_by_name: dict[str, np.ndarray] = {}
    for i, variable in enumerate(codebook):
        if variable.is_numeric:
            columns_by_name[variable.name] = numbers[i]
        else:
            column = numbers[i].astype(object)
            has_text = pd.notna(texts[i])
            column[has_text] = texts[i][has_text]
            columns_by_name[variable.name] = column
    return columns_by_name
