"""Respondents keep working when Redis, the rate limiter's shared store, goes down.

The limiter only slows down link guessing; losing its store must not lock out every Kommune.
It falls back to counting in the worker's memory until Redis is back. A real Redis server of
the test's own is started and stopped, so the shared one stays untouched.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from testsupport import ROOT, RedisServer, redis_server

from surveyapp.demo.survey import load_demo


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    with redis_server() as server:
        yield server


#: The outage runs in a worker process of its own, as in production: Flask-Limiter is one object
#: per process and remembers a dead store, which would leak into the next test here.
WORKER = """
import os, signal, socket, sys, time
from surveyapp import create_app
database_url, secret_key, storage, link, pid, port = sys.argv[1:]
app = create_app({
    "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": secret_key, "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": storage, "RESPONDENT_LINK_LIMIT": "3 per minute",
})
client = app.test_client()
codes = [client.get(link).status_code]
os.kill(int(pid), signal.SIGTERM)
while True:
    try:
        socket.create_connection(("127.0.0.1", int(port)), timeout=0.2).close()
        time.sleep(0.05)
    except OSError:
        break
codes.append(client.get(link).status_code)
codes += [client.get("/r/geraten").status_code for _ in range(4)]
print(" ".join(map(str, codes)))
"""


def test_respondent_pages_open_while_redis_is_down(app, database_url, own_redis):
    link = load_demo().link().removeprefix(app.config["PUBLIC_BASE_URL"])
    pid, port = str(own_redis.process.pid), str(own_redis.port)
    key = app.config["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "-c", WORKER, database_url, key, own_redis.url, link, pid, port],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    codes = result.stdout.split()
    # Open before and after Redis stopped; guessing is still slowed down, counted in memory.
    assert codes == ["200", "200", "404", "404", "404", "429"]
