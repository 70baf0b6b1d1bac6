"""Fixtures shared by the whole suite.

The suite runs once per database: `TEST_DATABASE=sqlite` (default) or `TEST_DATABASE=postgresql`
(`make test` runs both). The schema is made by the Alembic migrations once per run, and every test
starts from empty tables.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from respondent import Respondent
from testsupport import POSTGRES_ADMIN_URL, Inbox, empty_tables, job_worker, smtp_server

from evaluation.reports.brief.config import parse_config_text
from surveyapp import create_app
from surveyapp.extensions import db
from surveyapp.models import Survey
from surveyapp.publishing.publications import BuiltBrief, build_brief

TEST_SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105


def _backend() -> str:
    return os.environ.get("TEST_DATABASE", "sqlite")


def _postgres_database() -> Iterator[str]:
    engine = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"surveyapp_test_{uuid.uuid4().hex[:12]}"
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        message = f"PostgreSQL ist nicht erreichbar ({POSTGRES_ADMIN_URL}): {error}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.exit(message, returncode=1)
        pytest.skip(message)
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty database of the backend under test, with the schema made by the migrations."""
    if _backend() == "postgresql":
        generator = _postgres_database()
        url = next(generator)
    else:
        generator = None
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    migrate_app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": TEST_SECRET_KEY})
    with migrate_app.app_context():
        upgrade()
        db.engine.dispose()
    yield url
    if generator is not None:
        next(generator, None)


def make_app(database_url: str, tmp_path: Path, **overrides: object) -> Flask:
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": TEST_SECRET_KEY,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "MAIL_OUTBOX": str(tmp_path / "outbox"),
        "DEMO_LOGIN_FILE": str(tmp_path / "researcher-login.txt"),
        "PUBLIC_BASE_URL": "http://localhost",
        "JOB_QUEUE_URL": f"sqlite:///{tmp_path / 'jobs.db'}",
        "MAIL_PER_MINUTE": 0,
        "MAIL_RETRY_SECONDS": 0.2,
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = make_app(database_url, tmp_path)
    with app.app_context():
        empty_tables()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def worker(app: Flask) -> Iterator[None]:
    """A job worker beside the app: what a request hands to the background gets done."""
    with job_worker():
        yield


@pytest.fixture
def csrf_app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The application as in production: CSRF tokens required, rate limits on."""
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=True)
    with app.app_context():
        empty_tables()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def demo(app: Flask):
    """The demo survey: the demo questionnaire, the real frame, and one invitation per unit."""
    from surveyapp.demo.survey import load_demo

    return load_demo()


@pytest.fixture
def link(demo) -> str:
    """The first demo unit's personal link, as a path."""
    return demo.link(0).removeprefix("http://localhost")


@pytest.fixture
def respondent(app: Flask, link: str) -> Respondent:
    """A contact of that unit who has given consent, in their own browser."""
    person = Respondent(app.test_client(), link)
    person.consent()
    return person


@pytest.fixture
def colleague(app: Flask, link: str) -> Respondent:
    """A second contact of the same unit with the same link, in another browser."""
    return Respondent(app.test_client(), link)


@pytest.fixture
def demo_survey(app: Flask) -> Survey:
    """The demo survey with its seeded responses (14 submitted, 4 started)."""
    from surveyapp.demo.survey import load_demo

    return load_demo(with_responses=True).survey


@pytest.fixture(scope="session")
def demo_brief(tmp_path_factory: pytest.TempPathFactory) -> BuiltBrief:
    """The demo survey's findings brief, built once (about a second) on a SQLite database of
    its own, for tests that need a brief to store, publish or serve rather than to build. It is
    plain bytes and text, so it outlives the app context it was built in."""
    from surveyapp.demo.survey import load_demo

    url = f"sqlite:///{tmp_path_factory.mktemp('brief') / 'brief.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "TESTING": True})
    with app.app_context():
        upgrade()
        brief = build_brief(load_demo(with_responses=True).survey, parse_config_text(None))
        db.session.remove()
        db.engine.dispose()
    return brief


@pytest.fixture
def smtp(app: Flask) -> Iterator[Inbox]:
    """A real SMTP server on 127.0.0.1, and the app configured to send through it."""
    inbox = Inbox()
    with smtp_server(inbox) as port:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False)
        yield inbox
