"""The login limit holds across workers when Redis is the shared store.

The second application runs in its own process, as a second worker would: in one process every
app shares Flask-Limiter's one storage object, which would prove nothing.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from surveyapp import create_app

REDIS_URL = "redis://127.0.0.1:6379/15"
ROOT = Path(__file__).parent.parent.parent
SECOND_WORKER = """
import sys
from surveyapp import create_app
app = create_app({
    "SQLALCHEMY_DATABASE_URI": sys.argv[1], "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
    "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": sys.argv[2], "LOGIN_LIMIT": "3 per minute",
})
response = app.test_client().post(
    "/admin/login", data={"email": "x@example.org", "password": "falsch"}
)
print(response.status_code)
"""


def _reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_store() -> Iterator[str]:
    if not _reachable():
        message = "Redis ist auf 127.0.0.1:6379 nicht erreichbar."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    yield REDIS_URL
    store.flushdb()
    store.close()


def _second_worker(database_url: str, storage: str) -> int:
    result = subprocess.run(
        [sys.executable, "-c", SECOND_WORKER, database_url, storage],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return int(result.stdout.strip().splitlines()[-1])


def _exhaust(database_url: str, storage: str, tmp_path: Path) -> None:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": storage,
            "LOGIN_LIMIT": "3 per minute",
            "MAIL_OUTBOX": str(tmp_path),
        }
    )
    client = app.test_client()
    wrong = {"email": "x@example.org", "password": "falsch"}
    for _ in range(3):
        assert client.post("/admin/login", data=wrong).status_code == 200
    assert client.post("/admin/login", data=wrong).status_code == 429
    with app.app_context():
        from surveyapp.extensions import db

        db.engine.dispose()


def test_with_redis_a_second_worker_sees_the_exhausted_limit(database_url, tmp_path, redis_store):
    _exhaust(database_url, redis_store, tmp_path)
    assert _second_worker(database_url, redis_store) == 429


def test_with_memory_storage_each_worker_counts_alone(database_url, tmp_path):
    _exhaust(database_url, "memory://", tmp_path)
    assert _second_worker(database_url, "memory://") == 200
