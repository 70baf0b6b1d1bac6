"""Respondents keep working when Redis, the rate limiter's shared store, goes down.

The limiter only slows down link guessing; losing its store must not lock out every Kommune.
It falls back to counting in the worker's memory until Redis is back. A real Redis server of
the test's own is started and stopped, so the shared one stays untouched.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from testsupport import ROOT, free_port

from surveyapp.demo.survey import load_demo


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


#: The outage runs in a worker process of its own, as in production: Flask-Limiter is one object
#: per process and remembers a dead store, which would leak into the next test here.
WORKER = """
import os, signal, socket, sys, time
from surveyapp import create_app
database_url, storage, link, pid, port = sys.argv[1:]
app = create_app({
    "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "outage", "RATELIMIT_ENABLED": True,
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
    storage, server = own_redis
    link = load_demo().link().removeprefix(app.config["PUBLIC_BASE_URL"])
    port = storage.rsplit(":", 1)[1].split("/")[0]
    result = subprocess.run(
        [sys.executable, "-c", WORKER, database_url, storage, link, str(server.pid), port],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    codes = result.stdout.split()
    # Open before and after Redis stopped; guessing is still slowed down, counted in memory.
    assert codes == ["200", "200", "404", "404", "404", "429"]
