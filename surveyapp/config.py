"""Settings from the environment, with defaults that are safe on a developer's machine."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def _secret_key(instance_path: Path) -> str:
    """Generated once into the instance folder, so no key is ever a literal in the code."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def engine_options(database_url: str) -> dict[str, Any]:
    """How the app talks to its database server.

    A pooled connection that the server dropped (PostgreSQL restarted, a firewall's idle
    timeout) is tested before use and replaced, instead of costing the next request a 500.
    SQL parameters never appear in an error message, so a logged traceback carries no answer
    and no e-mail address.
    """
    options: dict[str, Any] = {"hide_parameters": True}
    if not database_url.startswith("sqlite"):
        options.update(pool_pre_ping=True, pool_recycle=1800)
    if database_url.startswith("postgresql"):
        options["connect_args"] = {"connect_timeout": 5}
    return options


def derived(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Settings that follow from others, so they are worked out once a test's overrides are in;
    a value set explicitly wins."""
    result: dict[str, Any] = {
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(settings["SQLALCHEMY_DATABASE_URI"])
    }
    fallbacks = list(settings.get("SECRET_KEY_FALLBACKS") or [])
    if fallbacks:
        # Flask-WTF knows no fallbacks, but itsdangerous takes a list (newest last): a form
        # opened before the key was changed can still be sent afterwards.
        result["WTF_CSRF_SECRET_KEY"] = [*fallbacks, settings["SECRET_KEY"]]
    return {name: value for name, value in result.items() if name not in settings}


def from_environment(instance_path: Path) -> dict[str, Any]:
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'surveyapp.db'}"
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
    public_base_url = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or _secret_key(instance_path),
        # Earlier keys, still accepted for what they signed (sessions, forms, personal links),
        # while SECRET_KEY signs everything new. See docs/operations.md before removing one.
        "SECRET_KEY_FALLBACKS": _list("SECRET_KEY_FALLBACKS"),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL", "memory://"),
        # The job queue: Redis where several workers share it, else an SQLite file in the
        # instance folder (the same library, nothing to install).
        "JOB_QUEUE_URL": os.environ.get("JOB_QUEUE_URL") or os.environ.get("REDIS_URL"),
        # Seconds without a sign of life after which a running job's worker is taken to be dead
        # and the job is given to another one.
        "JOB_STALE_SECONDS": float(os.environ.get("JOB_STALE_SECONDS", "60")),
        # Redis down must not lock every respondent out: the limits are counted in the worker's
        # memory until it is back (fail open, but still slowed down).
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_HEADERS_ENABLED": False,
        # A moving window counts the last minute exactly: no double burst at a window's edge.
        "RATELIMIT_STRATEGY": "moving-window",
        "RESPONDENT_LINK_LIMIT": os.environ.get("RESPONDENT_LINK_LIMIT", "30 per minute"),
        "LOGIN_LIMIT": os.environ.get("LOGIN_LIMIT", "10 per minute"),
        "LOGIN_ACCOUNT_LIMIT": os.environ.get("LOGIN_ACCOUNT_LIMIT", "20 per hour"),
        "PUBLIC_BASE_URL": public_base_url,
        # Reverse proxies in front of the app (e.g. 1 for nginx serving HTTPS): how many
        # X-Forwarded-For entries to trust for the client's address. 0 trusts none.
        "PROXY_HOPS": int(os.environ.get("PROXY_HOPS", "0")),
        # Served over HTTPS, the session cookie never travels unencrypted.
        "SESSION_COOKIE_SECURE": _bool(
            "SESSION_COOKIE_SECURE", public_base_url.startswith("https://")
        ),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        # A researcher's login ends after this long without a request, and after this many
        # hours in any case; the page warns two minutes before and keeps what was typed.
        "RESEARCHER_IDLE_MINUTES": float(os.environ.get("RESEARCHER_IDLE_MINUTES", "30")),
        "RESEARCHER_SESSION_HOURS": float(os.environ.get("RESEARCHER_SESSION_HOURS", "12")),
        # No request body larger than this is read at all: uploads (frame, contacts, XLSForm,
        # brief.yaml) are refused with a German page before they occupy a worker.
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_UPLOAD_MB", "20")) * 1024 * 1024,
        # A form field (not a file) may hold this much: the signed draft of a frame upload
        # carries its rows from the preview to the confirmation (about 150 KB for 11,000
        # Gemeinden; 20,000 rows with long names pass too).
        "MAX_FORM_MEMORY_SIZE": 4 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "de",
        # Times are stored in UTC and shown in Berlin time (Flask-Babel converts them).
        "BABEL_DEFAULT_TIMEZONE": "Europe/Berlin",
        "LANGUAGES": ("de", "en"),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", False),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD"),
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "umfrage@localhost"),
        # The mail queue: at most this many messages a minute (0: as fast as the server takes
        # them); a deferred message is tried again after this many seconds, doubling each
        # time, at most this many times.
        "MAIL_PER_MINUTE": int(os.environ.get("MAIL_PER_MINUTE", "300")),
        "MAIL_RETRY_SECONDS": float(os.environ.get("MAIL_RETRY_SECONDS", "60")),
        "MAIL_MAX_ATTEMPTS": int(os.environ.get("MAIL_MAX_ATTEMPTS", "6")),
        "MAIL_OUTBOX": os.environ.get("MAIL_OUTBOX") or str(instance_path / "outbox"),
        "INSTITUTE_NAME": os.environ.get(
            "INSTITUTE_NAME", "Forschungsinstitut für kommunale Planung"
        ),
        # "json" (one object a line, for the log collector) or "text"; unset: text under
        # `flask run --debug`, JSON everywhere else.
        "LOG_FORMAT": os.environ.get("LOG_FORMAT"),
    }
