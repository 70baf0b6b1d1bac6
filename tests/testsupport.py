"""Helpers for tests in every folder (a module, so tests can import it; conftest.py is not).

The real parts the suite drives: the database emptied between tests, a local SMTP server that
keeps what it receives, a Redis server of the test's own, the app served by a real HTTP server
thread, and Debian's Chromium with axe-core for the browser audits.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask import Flask
from werkzeug.serving import make_server

from surveyapp.extensions import db

ROOT = Path(__file__).resolve().parent.parent
#: The server the PostgreSQL run makes its test database on, as a superuser.
POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
DATA = ROOT / "surveyapp" / "data"
DEMO_QUESTIONNAIRE = DATA / "demo-questionnaire.yaml"
FRAME = DATA / "kreise-mitteldeutschland.csv"
#: A questionnaire with two mistakes: a choice code used twice, a condition on an unknown question.
BROKEN_QUESTIONNAIRE = """\
format: 1
id: Kaputt
version: "1"
title: "Kaputt"
pages:
  - id: a
    title: "A"
    questions:
      - id: A1
        type: single
        text: "Frage"
        options: [{code: 1, label: "x"}, {code: 1, label: "y"}]
      - {id: A2, type: integer, text: "Zahl", show_if: "A9 == 1"}
"""
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def empty_tables() -> None:
    """Every table of the app's database emptied, in an order the foreign keys allow."""
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require_browser() -> None:
    """Skips without Chromium or axe-core on a developer's machine; fails in CI."""
    if Path(CHROMIUM).exists() and AXE.exists():
        return
    message = "Debian chromium or axe-core is missing (make system-deps assets)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """WCAG 2.1 A/AA violations that axe-core finds on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    assert result["passes"], "axe-core ran no checks"
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def assert_accessible(page: Any, what: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe-core on {what}: {violations}"


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts; `refuse` names addresses it
    answers with 550, as a real server does for a mailbox that does not exist."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refuse: set[str] = set()
        #: Addresses answered "451 try again later" this many more times (greylisting).
        self.defer: dict[str, int] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001, ANN201, N802
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        if self.defer.get(address, 0) > 0:
            self.defer[address] -= 1
            return "451 4.7.1 Greylisted, please try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@contextmanager
def smtp_server(inbox: Inbox, port: int | None = None, smtputf8: bool = False) -> Iterator[int]:
    """A real SMTP server on 127.0.0.1 delivering into `inbox`; yields its port. With
    `smtputf8` it offers SMTPUTF8 (addresses with umlauts), as not every server does."""
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port or free_port(), enable_SMTPUTF8=smtputf8
    )
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


@dataclass(frozen=True)
class RedisServer:
    """A redis-server of the test's own: stopping it leaves the shared one untouched."""

    url: str
    port: int
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"Redis auf Port {port} ist nicht gestartet.")


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    """A real Redis on a free port of 127.0.0.1, without persistence; stopped at the end."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server fehlt (Debian-Paket redis-server).")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    server = RedisServer(f"redis://127.0.0.1:{port}/0", port, process)
    try:
        _wait_for(port)
        yield server
    finally:
        if process.poll() is None:
            server.stop()


@contextmanager
def serve(app: Flask) -> Iterator[str]:
    """The app behind a real HTTP server thread on 127.0.0.1; yields its base URL, which the
    app also uses for the links it prints."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_BASE_URL"] = base
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()


@contextmanager
def job_worker(threads: int = 2) -> Iterator[Any]:
    """A real Huey consumer in this process, on the queue the current app configured: the jobs
    a request starts run in its threads as in a `flask worker`. Its signal handlers are undone,
    so Ctrl+C still stops pytest."""
    import signal

    from surveyapp.jobs.queue import huey

    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
    saved = {number: signal.getsignal(number) for number in signals}
    consumer = huey.create_consumer(
        workers=threads,
        worker_type="thread",
        periodic=False,
        initial_delay=0.01,
        backoff=1.2,
        max_delay=0.1,
        check_worker_health=False,
    )
    consumer.start()
    for number, handler in saved.items():
        signal.signal(number, handler)
    try:
        yield consumer
    finally:
        consumer.stop(graceful=True)


def wait_for_jobs(timeout: float = 60.0) -> None:
    """Until no job is queued or running (the worker's threads finished them)."""
    import time

    from surveyapp.models import Job

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()
        busy = db.session.scalar(
            sa.select(sa.func.count()).where(Job.status.in_(("queued", "running")))
        )
        if not busy:
            return
        time.sleep(0.05)
    raise AssertionError(f"Jobs still busy after {timeout} s")


def pspp(syntax: str, folder: Path) -> str:
    """What PSPP prints (as CSV) for a syntax file: SPSS files read by a real SPSS reader."""
    script = folder / "lesen.sps"
    script.write_text(syntax, encoding="utf-8")
    result = subprocess.run(
        ["pspp", "-O", "format=csv", str(script)], capture_output=True, text=True, check=True
    )
    return result.stdout


def rscript(script: str, *args: str) -> str:
    """What R prints for an expression (`commandArgs(TRUE)` holds `args`): Stata files read by
    haven, as R users read them."""
    result = subprocess.run(
        ["Rscript", "-e", script, *args], capture_output=True, text=True, check=True
    )
    return result.stdout
