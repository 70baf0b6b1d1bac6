"""Settings come from the environment with safe defaults; no secret is ever a literal."""

import pytest
import sqlalchemy as sa
from testsupport import POSTGRES_ADMIN_URL

from surveyapp import config
from surveyapp.extensions import db


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config.from_environment(tmp_path)["SECRET_KEY"]
    again = config.from_environment(tmp_path)["SECRET_KEY"]
    assert first == again and len(first) >= 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_the_session_cookie_is_secure_when_the_app_is_served_over_https(tmp_path, monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://umfrage.example.org")
    settings = config.from_environment(tmp_path)
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_HTTPONLY"] is True
    assert settings["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_a_postgresql_url_uses_the_installed_driver(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://survey@db.example.org/survey")
    url = config.from_environment(tmp_path)["SQLALCHEMY_DATABASE_URI"]
    assert url == "postgresql+psycopg://survey@db.example.org/survey"


def test_earlier_secret_keys_are_read_as_a_comma_separated_list(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY_FALLBACKS", "second-key, first-key,")
    assert config.from_environment(tmp_path)["SECRET_KEY_FALLBACKS"] == ["second-key", "first-key"]


def test_a_database_server_gets_its_pooled_connections_tested_before_use():
    options = config.engine_options("postgresql+psycopg://survey@db.example.org/survey")
    assert options["pool_pre_ping"] is True
    assert 0 < options["pool_recycle"] <= 3600
    assert options["hide_parameters"] is True
    assert "pool_pre_ping" not in config.engine_options("sqlite:///instance/surveyapp.db")


def test_the_first_request_after_a_postgresql_restart_is_answered(app, client, link):
    """The server dropping every connection, as a restart does, costs no request a 500."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no server to restart")
    assert client.get(link).status_code == 200
    # Back in the pool, as at the end of every request outside a test's app context.
    db.session.remove()
    name = db.engine.url.database
    with sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT").connect() as admin:
        dropped = admin.execute(
            sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        ).scalar()
    assert dropped >= 1

    assert client.get(link).status_code == 200
