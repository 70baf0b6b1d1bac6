"""A job's row: claimed by one attempt at a time, finished once, revived when its worker dies."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.jobs import records
from surveyapp.models import Job, utcnow
from surveyapp.transaction import unit_of_work


def _job() -> Job:
    with unit_of_work():
        return records.create("download", None, None, {"format": "xlsx"})


def _age_heartbeat(job_id: int, seconds: int) -> None:
    with unit_of_work():
        db.session.execute(
            sa.update(Job)
            .where(Job.id == job_id)
            .values(heartbeat_at=utcnow() - timedelta(seconds=seconds))
        )


def test_a_job_alive_in_one_worker_cannot_be_claimed_by_another(app):
    job = _job()
    first = records.claim(job.id)
    assert first == records.Claim(job.id, 1)
    assert records.claim(job.id) is None


def test_a_job_whose_worker_died_is_resent_and_finished_once(app):
    job = _job()
    dead = records.claim(job.id)
    _age_heartbeat(job.id, 120)
    assert records.to_resend() == [job.id]
    second = records.claim(job.id)
    assert second == records.Claim(job.id, 2)
    assert records.finish(second, "fertig", records.Result(b"x", "a.xlsx", "application/x"))
    assert not records.finish(dead, "zu spät", records.Result(b"y", "b.xlsx", "application/x"))
    db.session.expire_all()
    stored = db.session.get(Job, job.id)
    assert (stored.status, stored.note, stored.result, stored.attempts) == (
        "done",
        "fertig",
        b"x",
        2,
    )


def test_an_attempt_that_lost_its_claim_learns_it_at_its_next_report(app):
    job = _job()
    dead = records.claim(job.id)
    _age_heartbeat(job.id, 120)
    records.claim(job.id)
    try:
        records.report(dead, 1, 2)
    except records.ClaimLost:
        pass
    else:
        raise AssertionError("the old attempt went on")


def test_a_job_that_keeps_dying_is_given_up_with_a_message(app):
    job = _job()
    for _ in range(records.MAX_ATTEMPTS):
        records.claim(job.id)
        _age_heartbeat(job.id, 120)
    assert records.to_resend() == []
    db.session.expire_all()
    stored = db.session.get(Job, job.id)
    assert stored.status == "failed"
    assert "abgebrochen" in stored.note


def test_a_queued_job_that_no_worker_started_is_sent_again(app):
    job = _job()
    assert records.to_resend() == []
    with unit_of_work():
        db.session.execute(sa.update(Job).values(created_at=utcnow() - timedelta(minutes=5)))
    assert records.to_resend() == [job.id]


def test_finished_files_are_deleted_after_a_day(app):
    job = _job()
    claim = records.claim(job.id)
    records.finish(claim, "fertig", records.Result(b"antworten", "a.xlsx", "application/x"))
    assert records.expire_results() == 0
    with unit_of_work():
        db.session.execute(sa.update(Job).values(finished_at=utcnow() - timedelta(hours=25)))
    assert records.expire_results() == 1
    db.session.expire_all()
    assert db.session.get(Job, job.id).result is None
