"""Fixtures of the evaluation tests: a small survey like the founding one, in memory and in a
database of each backend under test, and the brief's survey (`brief_data.py`).

`eval_db_url` gives a database with the application's tables (made from `surveyapp.models`
without an app): a SQLite file always, and a fresh PostgreSQL database when `TEST_POSTGRES_URL`
is set or `TEST_DATABASE=postgresql` (the PostgreSQL run of `make test`).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
import yaml
from answered_data import answered_dataset
from brief_data import ROOT, make_brief_dataset

from evaluation.codebook import SYSTEM_MISSING, Codebook, Variable
from evaluation.dataset import Dataset
from evaluation.survey import SurveyInfo, response_counts
from surveyapp.questionnaire.loading.schema import build_questionnaire

DONT_KNOW = {-1: "weiß nicht", **SYSTEM_MISSING}


def _variable(name: str, type_: str, label: str, question: str, **extra: Any) -> Variable:
    extra.setdefault("question_id", name)
    extra.setdefault("page", "p1")
    return Variable(name=name, type=type_, label=label, question=question, **extra)


SCALE = {1: "gar nicht", 2: "kaum", 3: "teils", 4: "eng", 5: "sehr eng"}
MULTIPLE = {1: "genannt", 0: "nicht genannt"}

VARIABLES = [
    _variable(
        "B1",
        "single",
        "Stand der Sozialplanung",
        "Gibt es in Ihrer Kommune eine integrierte Sozialplanung?",
        value_labels={1: "etabliert", 2: "im Aufbau", 3: "in Planung", 4: "nein"},
        missing_codes=DONT_KNOW,
    ),
    _variable(
        "B1_other",
        "other",
        "Stand: Sonstiges",
        "Sonstiges, bitte angeben",
        group="B1",
        question_id="B1",
    ),
    _variable("B3", "date", "Beschluss am", "Wann wurde sie beschlossen?"),
    *[
        _variable(
            f"M1_{code}",
            "multiple",
            label,
            "Welche Herausforderungen sehen Sie?\nMehrfachnennungen möglich",
            question_id="M1",
            group="M1",
            option_code=int(code.replace("m", "-")),
            value_labels=MULTIPLE,
            page="p3",
        )
        for code, label in (("1", "Personal"), ("2", "Daten"), ("3", "Finanzierung"))
    ],
    _variable(
        "M1_m1",
        "multiple",
        "keine davon",
        "Welche Herausforderungen sehen Sie?\nMehrfachnennungen möglich",
        question_id="M1",
        group="M1",
        option_code=-1,
        value_labels=MULTIPLE,
        page="p3",
    ),
    *[
        _variable(
            f"H1_{item}",
            "matrix",
            label,
            "Wie eng arbeiten Sie zusammen mit …",
            question_id="H1",
            group="H1",
            item=item,
            value_labels=SCALE,
            missing_codes=DONT_KNOW,
            measure="ordinal",
            page="p2",
        )
        for item, label in (("a", "Jugendamt"), ("b", "Schulamt"))
    ],
    _variable(
        "D1",
        "decimal",
        "Personal",
        "Personal für Sozialplanung",
        unit="VZÄ",
        decimals=1,
        measure="scale",
        missing_codes=DONT_KNOW,
    ),
    _variable(
        "K1",
        "boolean",
        "Bildungsmonitoring",
        "Gibt es ein Bildungsmonitoring?",
        value_labels={1: "ja", 0: "nein"},
    ),
    _variable("N1", "textarea", "Anmerkungen", "Haben Sie Anmerkungen?"),
]

UNITS = [
    # ags, name, land, type, population
    ("14511", "Chemnitz, Stadt", "Sachsen", "kreisfreie Stadt", 240078),
    ("14521", "Erzgebirgskreis", "Sachsen", "Landkreis", 324874),
    ("14522", "Mittelsachsen", "Sachsen", "Landkreis", 297712),
    ("14612", "Dresden, Stadt", "Sachsen", "kreisfreie Stadt", 555351),
    ("14713", "Leipzig, Stadt", "Sachsen", "kreisfreie Stadt", 601866),
    ("14729", "Leipzig", "Sachsen", "Landkreis", 258139),
    ("15001", "Dessau-Roßlau, Stadt", "Sachsen-Anhalt", "kreisfreie Stadt", 74429),
    ("15002", "Halle (Saale), Stadt", "Sachsen-Anhalt", "kreisfreie Stadt", 242083),
    ("15081", "Altmarkkreis Salzwedel", "Sachsen-Anhalt", "Landkreis", 83173),
    ("15082", "Anhalt-Bitterfeld", "Sachsen-Anhalt", "Landkreis", 158486),
    ("16051", "Erfurt, Stadt", "Thüringen", "kreisfreie Stadt", 213981),
    ("16052", "Gera, Stadt", "Thüringen", "kreisfreie Stadt", 92126),
    ("16061", "Eichsfeld", "Thüringen", "Landkreis", 99948),
    ("16062", "Nordhausen", "Thüringen", "Landkreis", None),
]

# One row per unit above (the first 14 submit; see FRAME_ONLY for the rest of the frame).
ANSWERS = {
    "B1": [1, 1, 2, 1, 3, 4, -1, 1, 2, 2, 1, -88, 4, 1],
    "B1_other": [
        "",
        "=SUMME(A1:A3)",
        -77,
        "",
        "",
        "Leitbild\nmit Umlauten: äöüß",
        -77,
        "",
        "",
        "",
        "",
        -77,
        "",
        "",
    ],
    "B3": [
        "2018-03-01",
        "2019-11-20",
        -88,
        "2015-01-01",
        -77,
        -77,
        -77,
        "2017-06-30",
        -88,
        "2020-02-02",
        "2016-09-09",
        -77,
        -77,
        "2019-01-01",
    ],
    "M1_1": [1, 1, 0, 1, 0, -77, 0, 1, -88, 1, 1, 0, 1, 1],
    "M1_2": [0, 1, 1, 1, 0, -77, 0, 0, -88, 1, 0, 0, 1, 0],
    "M1_3": [1, 0, 0, 0, 0, -77, 0, 1, -88, 0, 0, 0, 1, 1],
    "M1_m1": [0, 0, 0, 0, 1, -77, 1, 0, -88, 0, 0, 0, 0, 0],
    "H1_a": [5, 4, 4, 3, 5, -77, 2, 4, 5, -1, 4, -88, 5, 3],
    "H1_b": [3, 2, 2, 1, 4, -77, 1, 2, 5, 3, -1, -88, 4, 2],
    "D1": [1.5, 0.5, 2.0, 3.25, 0.0, -77, -1, 1.0, 2.5, 0.75, 1.0, -88, 4.0, 1.5],
    "K1": [1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 1, -88, 1, 0],
    "N1": [
        "Danke!",
        "",
        "Zeile 1\nZeile 2",
        "=1+1",
        "",
        "",
        "",
        "Größere Kommunen …",
        "",
        "",
        "",
        "",
        "",
        "Anmerkung",
    ],
}
for column in ANSWERS.values():
    for i, value in enumerate(column):
        if value == "":
            column[i] = -88

FRAME_ONLY = [
    ("16063", "Wartburgkreis", "Thüringen", "Landkreis", 162000),
    ("15083", "Börde", "Sachsen-Anhalt", "Landkreis", 170000),
]

SURVEY = dict(
    slug="sozialplanung-2019",
    title="Integrierte Sozialplanung in Mitteldeutschland",
    questionnaire_id="sozialplanung",
    questionnaire_version="2019-07",
    opens_on=date(2019, 7, 1),
    closes_on=date(2019, 8, 31),
)


def make_dataset() -> Dataset:
    """The small survey above as a Dataset built in memory."""
    codebook = Codebook(VARIABLES)
    columns = ["ags", "name", "land", "type", "population"]
    data = pd.DataFrame(UNITS, columns=columns)
    for name, values in ANSWERS.items():
        data[name] = pd.Series(values, dtype=object)
    info = SurveyInfo(
        **SURVEY,
        response=response_counts(
            [(u[2], u[3], u[0], True) for u in UNITS + FRAME_ONLY],
            [(u[2], u[3], u[0]) for u in UNITS],
        ),
    )
    return Dataset(info, codebook, data)


@pytest.fixture
def dataset() -> Dataset:
    return make_dataset()


@pytest.fixture(scope="session")
def brief_dataset() -> Dataset:
    """The brief's survey (see `brief_data.py`)."""
    return make_brief_dataset()


@pytest.fixture(scope="session")
def demo_config_path() -> Path:
    return ROOT / "evaluation" / "data" / "brief-demo.yaml"


def synthetic_dataset(units: int, seed: int = 1) -> Dataset:
    """A random survey of the demo's shape with `units` units (for tests that need volume)."""
    rng = np.random.default_rng(seed)
    base = make_dataset()
    lands = np.array(["Sachsen", "Sachsen-Anhalt", "Thüringen"], dtype=object)
    kinds = np.array(["Landkreis", "kreisfreie Stadt"], dtype=object)
    data = pd.DataFrame(
        {
            "ags": [f"{i:08d}" for i in range(units)],
            "name": [f"Gemeinde {i}" for i in range(units)],
            "land": rng.choice(lands, units),
            "type": rng.choice(kinds, units),
            "population": rng.integers(1000, 700_000, units),
        }
    )
    for variable in base.codebook:
        if variable.is_numeric:
            codes = list(variable.value_labels) or [0, 1, 2, 3]
            choices = np.array(codes + list(variable.missing_codes), dtype=float)
            data[variable.name] = rng.choice(choices, units)
        else:
            data[variable.name] = rng.choice(np.array(["Text", -88, -77], dtype=object), units)
    info = SurveyInfo(**SURVEY, response=base.survey.response)
    return Dataset(info, base.codebook, data)


# --- databases ---------------------------------------------------------------------------


def _backends() -> list[str]:
    backends = ["sqlite"]
    if os.environ.get("TEST_POSTGRES_URL") or os.environ.get("TEST_DATABASE") == "postgresql":
        backends.append("postgresql")
    if os.environ.get("TEST_DATABASE") == "postgresql":
        backends.remove("sqlite")
    return backends


def _metadata() -> sa.MetaData:
    from surveyapp import models  # noqa: F401  (registers the tables)
    from surveyapp.extensions import db

    return db.metadata


@pytest.fixture(scope="session", params=_backends())
def eval_db_url(request, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database with the application's tables, one per backend, for the whole session."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('evaldb') / 'survey.db'}"
        engine = sa.create_engine(url)
        _metadata().create_all(engine)
        engine.dispose()
        yield url
        return
    admin = os.environ.get(
        "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    admin_engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    name = f"evaluation_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin_engine.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        pytest.skip(f"PostgreSQL ist nicht erreichbar: {error}")
    url = admin.rsplit("/", 1)[0] + "/" + name
    engine = sa.create_engine(url)
    _metadata().create_all(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin_engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()


def store_survey(url: str, dataset: Dataset, slug: str | None = None, drafts: int = 1) -> str:
    """Put `dataset` into the database as a survey: units, the survey's frame with their
    attributes, invitations, submitted responses
    with one answer per variable, plus `drafts` draft responses that must not count."""
    slug = slug or f"{dataset.survey.slug}-{uuid.uuid4().hex[:6]}"
    metadata = _metadata()
    t = metadata.tables
    engine = sa.create_engine(url)
    now = datetime(2019, 8, 1, 12, 0)
    with engine.begin() as connection:
        survey_id = connection.execute(
            t["surveys"].insert().returning(t["surveys"].c.id),
            {
                "slug": slug,
                "title": dataset.survey.title,
                "questionnaire_id": dataset.survey.questionnaire_id,
                "questionnaire_version": dataset.survey.questionnaire_version,
                "questionnaire": {},
                "codebook": dataset.codebook.to_rows(),
                "status": "closed",
                "opens_on": dataset.survey.opens_on,
                "closes_on": dataset.survey.closes_on,
                "created_at": now,
            },
        ).scalar_one()
        unit_ids = {}
        existing = dict(connection.execute(sa.select(t["units"].c.ags, t["units"].c.id)).all())
        rows = dataset.data
        all_units = [
            tuple(r)
            for r in rows[["ags", "name", "land", "type", "population"]]
            .astype(object)
            .itertuples(index=False)
        ] + FRAME_ONLY
        for ags, name, land, kind, population in all_units:
            if ags not in existing:
                existing[ags] = connection.execute(
                    t["units"].insert().returning(t["units"].c.id),
                    {
                        "ags": ags,
                        "name": name,
                        "land": land,
                        "type": kind,
                        "population": None if pd.isna(population) else int(population),
                    },
                ).scalar_one()
            unit_ids[ags] = existing[ags]
        connection.execute(
            t["survey_units"].insert(),
            [
                {
                    "survey_id": survey_id,
                    "unit_id": unit_ids[ags],
                    "name": name,
                    "land": land,
                    "type": kind,
                    "population": None if pd.isna(population) else int(population),
                    "added_at": now,
                }
                for ags, name, land, kind, population in all_units
            ],
        )
        connection.execute(
            t["invitations"].insert(),
            [
                {
                    "survey_id": survey_id,
                    "unit_id": unit_ids[u[0]],
                    "salt": "s",
                    "token_digest": uuid.uuid4().hex,
                    "created_at": now,
                    "sent_at": now,
                }
                for u in all_units
            ],
        )
        submitted = list(rows.index)
        draft_units = [u[0] for u in FRAME_ONLY[:drafts]]
        response_ids = {}
        for ags in submitted + draft_units:
            response_ids[ags] = connection.execute(
                t["responses"].insert().returning(t["responses"].c.id),
                {
                    "survey_id": survey_id,
                    "unit_id": unit_ids[ags],
                    "status": "submitted" if ags in submitted else "draft",
                    "language": "de",
                    "started_at": now,
                    "updated_at": now,
                    "submitted_at": now if ags in submitted else None,
                },
            ).scalar_one()
        answers = []
        for variable in dataset.codebook:
            for ags, value in zip(rows.index, rows[variable.name], strict=True):
                number = value if not isinstance(value, str) else None
                answers.append(
                    {
                        "response_id": response_ids[ags],
                        "variable": variable.name,
                        "number": None if number is None or pd.isna(number) else float(number),
                        "text": value.replace("\n", "\r\n") if isinstance(value, str) else None,
                    }
                )
            for ags in draft_units:
                answers.append(
                    {
                        "response_id": response_ids[ags],
                        "variable": variable.name,
                        "number": 1.0,
                        "text": None,
                    }
                )
        connection.execute(t["answers"].insert(), answers)
    engine.dispose()
    return slug


@pytest.fixture
def store():
    """`store_survey`, for tests that put a dataset of their own into the database."""
    return store_survey


@pytest.fixture
def stored_survey(eval_db_url: str, dataset: Dataset) -> tuple[str, str]:
    """The small survey stored in the database: (url, slug)."""
    return eval_db_url, store_survey(eval_db_url, dataset)


@pytest.fixture
def store_wave(eval_db_url: str, dataset: Dataset) -> Callable[[], str]:
    """Stores the small survey once more, as a wave of its own: returns its slug."""
    return lambda: store_survey(eval_db_url, dataset)


@pytest.fixture
def workbook_path(tmp_path: Path, dataset: Dataset) -> Path:
    from evaluation.outputs.workbook import write_workbook

    path = tmp_path / "auswertung.xlsx"
    write_workbook(dataset, path)
    return path


ROSTERS = ROOT / "tests" / "questionnaire" / "roster-modules-e-g.yaml"
ROSTER_UNITS = [(f"145{i:02d}", f"Kommune {i}", "Sachsen", "Landkreis", 1) for i in range(8)]


@pytest.fixture(scope="module")
def rosters() -> Dataset:
    """Eight Kommunen with a Jugendhilfeplanung, five of them with a Schulentwicklungsplanung,
    none with an Altenhilfeplanung."""
    answers = []
    for i in range(len(ROSTER_UNITS)):
        given = {"E1_1": 1, "E1_2": int(i < 5), "E1_3": 0}
        given |= {"F_1_integriert": 1, "F_1_rolle": 1 + i % 2, "F_1_jahr": 2010 + i}
        if i < 5:
            given |= {"F_2_integriert": 2 - i % 2, "F_2_rolle": 1, "F_2_jahr": 2015}
        answers.append(given)
    q = build_questionnaire(yaml.safe_load(ROSTERS.read_text("utf-8")), {})
    return answered_dataset(q, ROSTER_UNITS, answers)
