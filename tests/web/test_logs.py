"""The log an operator reads on stderr: one JSON line per request that names the route, never
the link, the address, the e-mail or what was typed; an error with its traceback and the id of
its request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from respondent import PAGE_A, Respondent
from testsupport import empty_tables

from surveyapp import create_app
from surveyapp.accounts import auth
from surveyapp.demo.survey import load_demo
from surveyapp.extensions import db

ADDRESS = "203.0.113.7"
EMAIL = "forschung@example.org"
TYPED = "Geheimes Sachgebiet"
PASSWORD = "ein langes Testpasswort"  # noqa: S105


def _browser(app: Flask) -> FlaskClient:
    """A client from a recognisable address, as the rate limiter and any log would see it."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ADDRESS
    return client


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> int:
    return client.post("/admin/login", data={"email": email, "password": password}).status_code


def _lines(captured: str) -> list[dict]:
    return [json.loads(line) for line in captured.splitlines() if line.strip()]


@pytest.fixture
def limited_app(database_url: str, tmp_path: Path):
    """As in production: rate limits on, and a low limit per account that the test exceeds."""
    app = _app(
        database_url,
        tmp_path,
        WTF_CSRF_ENABLED=False,
        RATELIMIT_ENABLED=True,
        LOGIN_ACCOUNT_LIMIT="2 per hour",
    )
    with app.app_context():
        empty_tables()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_requests_are_logged_by_route_without_link_address_e_mail_or_answers(limited_app, capsys):
    link = load_demo().link().removeprefix("http://localhost")
    token = link.rsplit("/", 1)[1]
    auth.create_user(EMAIL, "researcher", PASSWORD)
    capsys.readouterr()

    respondent = Respondent(_browser(limited_app), link)
    assert respondent.client.get(f"{link}?lang=en&ref=Rundbrief-Juli").status_code == 200
    respondent.consent()
    respondent.save("a", {**PAGE_A, "A2": TYPED})
    researcher = _browser(limited_app)
    codes = [login(researcher, EMAIL, "falsch-geraten") for _ in range(3)]
    assert codes == [200, 200, 429]
    assert login(limited_app.test_client(), EMAIL) == 429

    output = capsys.readouterr().err
    for secret in (token, ADDRESS, EMAIL, "Rundbrief", TYPED, "falsch-geraten", PASSWORD):
        assert secret not in output
    lines = _lines(output)
    opened = [line for line in lines if line.get("endpoint") == "respond.start"]
    assert opened[0]["route"] == "/r/<token>"
    assert opened[0]["method"] == "GET" and opened[0]["status"] == 200
    assert opened[0]["duration_ms"] >= 0 and len(opened[0]["request_id"]) == 16
    saved = [line for line in lines if line.get("endpoint") == "respond.page"]
    assert {line["route"] for line in saved} == {"/r/<token>/seite/<page_id>"}
    refused = [line for line in lines if line.get("endpoint") == "admin.login"]
    assert [line["status"] for line in refused] == [200, 200, 429, 429]
    assert all(line["request_id"] for line in refused)


def test_an_error_is_logged_with_its_traceback_and_request_id_but_not_the_link(
    database_url, tmp_path, capsys
):
    app = _app(database_url, tmp_path)

    def broken(token: str) -> str:
        raise RuntimeError("kaputt")

    app.add_url_rule("/r/<token>/kaputt", "broken", broken)
    response = app.test_client().get("/r/geheimer-link/kaputt?email=" + EMAIL)

    assert response.status_code == 500
    output = capsys.readouterr().err
    assert "geheimer-link" not in output and EMAIL not in output
    error, request_line = _lines(output)
    assert error["level"] == "ERROR"
    assert "RuntimeError: kaputt" in error["traceback"]
    assert error["request_id"] == request_line["request_id"] == response.headers["X-Request-ID"]
    assert request_line["route"] == "/r/<token>/kaputt" and request_line["status"] == 500
    with app.app_context():
        db.engine.dispose()


def _app(database_url: str, tmp_path: Path, **config: object) -> Flask:
    base = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "logs",
        "MAIL_OUTBOX": str(tmp_path / "outbox"),
        "PUBLIC_BASE_URL": "http://localhost",
    }
    return create_app(base | config)


@pytest.fixture
def text_app(database_url: str, tmp_path: Path):
    app = _app(database_url, tmp_path, LOG_FORMAT="text")
    yield app
    with app.app_context():
        db.engine.dispose()
    # The handler is one per process: the next app created sets the format back.
    _app(database_url, tmp_path)


def test_the_text_format_is_one_readable_line_per_request(text_app, capsys):
    with text_app.app_context():
        empty_tables()
        link = load_demo().link().removeprefix("http://localhost")
    capsys.readouterr()

    text_app.test_client().get(link)

    (line,) = capsys.readouterr().err.splitlines()
    assert " INFO [surveyapp.requests] GET /r/<token> 200 request_id=" in line
    assert "endpoint=respond.start" in line and link not in line


def test_an_unknown_log_format_stops_the_start(database_url, tmp_path):
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        _app(database_url, tmp_path, LOG_FORMAT="xml")
