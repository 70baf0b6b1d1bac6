"""Respondents keep working when Redis, the rate limiter's shared store, goes down.

The limiter only slows down link guessing; losing its store must not lock out every Kommune.
It falls back to counting in the worker's memory until Redis is back. A real Redis server of
the test's own is started and stopped, so the shared one stays untouched.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
from testsupport import empty_tables, free_port

from surveyapp import create_app
from surveyapp.demo.survey import load_demo
from surveyapp.extensions import db


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"Redis auf Port {port} ist nicht gestartet.")


@pytest.fixture
def own_redis() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server fehlt (Debian-Paket redis-server).")
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        _wait_for(port)
        yield f"redis://127.0.0.1:{port}/0", server
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_respondent_pages_open_while_redis_is_down(database_url, tmp_path, own_redis):
    storage, server = own_redis
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "outage",
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": storage,
            "RESPONDENT_LINK_LIMIT": "3 per minute",
            "MAIL_OUTBOX": str(tmp_path / "outbox"),
            "PUBLIC_BASE_URL": "http://localhost",
        }
    )
    with app.app_context():
        empty_tables()
        link = load_demo().link().removeprefix("http://localhost")
        client = app.test_client()
        assert client.get(link).status_code == 200
        server.terminate()
        server.wait(timeout=10)
        assert client.get(link).status_code == 200
        guesses = [client.get("/r/geraten").status_code for _ in range(4)]
        # Guessing is still slowed down, now counted in the worker's memory.
        assert guesses == [404, 404, 404, 429]
        db.session.remove()
        db.engine.dispose()
