"""`/health` and `flask health`: what a load balancer, the monitoring and a container check see
when everything runs, when Redis is gone, and when the database is."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from flask import Flask
from testsupport import free_port, redis_server

from surveyapp import create_app
from surveyapp.extensions import db


def _app(tmp_path: Path, **config: object) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "health",
            "MAIL_OUTBOX": str(tmp_path / "outbox"),
        }
        | config
    )


@pytest.fixture
def unreachable_database(tmp_path: Path):
    """The app configured for a PostgreSQL server that is not there (nothing on the port)."""
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/surveyapp"
    app = _app(tmp_path, SQLALCHEMY_DATABASE_URI=url)
    yield app
    with app.app_context():
        db.engine.dispose()


def test_a_running_app_reports_ok_without_setting_a_cookie(client):
    response = client.get("/health?lang=en")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "store": "memory"}
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_the_answer_tells_an_outsider_nothing_about_the_installation(client):
    response = client.get("/health")

    assert set(response.get_json()) == {"status", "database", "store"}
    body = response.get_data(as_text=True).lower()
    for detail in ("version", "sqlite", "postgres", "redis", "127.0.0.1", "flask"):
        assert detail not in body


def test_no_login_is_needed_and_probes_are_never_rate_limited(csrf_app):
    client = csrf_app.test_client()

    codes = {client.get("/health").status_code for _ in range(50)}

    assert codes == {200}


def test_redis_going_down_degrades_the_app_but_it_still_serves(database_url, tmp_path):
    with redis_server() as redis:
        app = _app(tmp_path, SQLALCHEMY_DATABASE_URI=database_url, RATELIMIT_STORAGE_URI=redis.url)
        client = app.test_client()
        assert client.get("/health").get_json()["store"] == "ok"

        redis.stop()
        started = time.monotonic()
        response = client.get("/health")

    assert time.monotonic() - started < 3
    assert response.status_code == 200
    assert response.get_json() == {"status": "degraded", "database": "ok", "store": "unavailable"}
    with app.app_context():
        db.engine.dispose()


def test_without_its_database_the_app_is_down_with_503(unreachable_database):
    started = time.monotonic()
    response = unreachable_database.test_client().get("/health")

    assert time.monotonic() - started < 6
    assert response.status_code == 503
    assert response.get_json() == {"status": "down", "database": "unavailable", "store": "memory"}


def test_the_command_exits_0_while_the_process_can_work(runner):
    result = runner.invoke(args=["health"])

    assert result.exit_code == 0
    assert '"status": "ok"' in result.output


def test_the_command_fails_without_the_database(unreachable_database):
    with unreachable_database.app_context():
        result = unreachable_database.test_cli_runner().invoke(args=["health"])

    assert result.exit_code == 1
    assert '"database": "unavailable"' in result.output


def test_strict_the_command_also_fails_while_redis_is_down(app, runner):
    app.config["RATELIMIT_STORAGE_URI"] = f"redis://127.0.0.1:{free_port()}/0"

    assert runner.invoke(args=["health"]).exit_code == 0
    assert runner.invoke(args=["health", "--strict"]).exit_code == 1
