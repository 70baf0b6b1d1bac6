"""Settings come from the environment with safe defaults; no secret is ever a literal."""

from surveyapp import config


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
