"""A job worker killed in the middle of a job (kill -9, as the kernel's OOM killer would): the
job is taken up by another worker and completes once.

PostgreSQL only: the test holds a lock on the answers so that the job is certainly mid-way when
the worker dies (SQLite has no lock that stops a reader without stopping everything else).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from testsupport import wait_for_jobs

from surveyapp.demo.survey import load_demo
from surveyapp.extensions import db
from surveyapp.jobs import submit, tasks
from surveyapp.models import Job

pytestmark = pytest.mark.skipif(
    os.environ.get("TEST_DATABASE", "sqlite") != "postgresql", reason="needs PostgreSQL's locks"
)


def _worker(database_url: str, queue: Path, secret_key: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "JOB_QUEUE_URL": f"sqlite:///{queue}",
        "SECRET_KEY": secret_key,
        "JOB_STALE_SECONDS": "2",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "surveyapp", "worker", "--no-clock"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _status(job_id: int) -> tuple[str, int]:
    db.session.rollback()
    job = db.session.get(Job, job_id)
    db.session.refresh(job)
    return job.status, job.attempts


def _until(condition, timeout: float = 60.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


def test_a_job_whose_worker_is_killed_completes_once(app, database_url, tmp_path):
    app.config["JOB_STALE_SECONDS"] = 2
    demo = load_demo(with_responses=True)
    queue = Path(app.config["JOB_QUEUE_URL"].removeprefix("sqlite:///"))
    blocker = sa.create_engine(database_url)
    with blocker.connect() as connection:
        transaction = connection.begin()
        connection.execute(sa.text("LOCK TABLE answers IN ACCESS EXCLUSIVE MODE"))
        first = _worker(database_url, queue, app.config["SECRET_KEY"])
        job = submit.start("download", demo.survey, None, {"format": "xlsx"})
        _until(lambda: _status(job.id) == ("running", 1))
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        transaction.rollback()
    blocker.dispose()

    second = _worker(database_url, queue, app.config["SECRET_KEY"])
    try:
        time.sleep(2.5)
        tasks.tick()
        wait_for_jobs(timeout=120)
    finally:
        second.send_signal(signal.SIGINT)
        second.wait(timeout=30)
    db.session.expire_all()
    done = db.session.get(Job, job.id)
    assert (done.status, done.attempts) == ("done", 2)
    assert done.result.startswith(b"PK")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 1
