"""A job's row: created by a request, claimed and finished by exactly one attempt of a worker.

Every change of state is one conditional UPDATE, so two workers that receive the same job (the
queue redelivered it, or the clock sent a stalled job again while its first worker still ran)
cannot both run it to completion: the second claim fails while the first one's heartbeat is
fresh, and a finish counts only for the attempt that holds the claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import CursorResult

from surveyapp.extensions import db
from surveyapp.models import Job, Survey, utcnow
from surveyapp.transaction import unit_of_work

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
#: A job's state in the researcher's words.
JOB_STATES = {
    QUEUED: "wartet auf einen freien Worker",
    RUNNING: "läuft",
    DONE: "fertig",
    FAILED: "gescheitert",
}
#: A running job whose worker has not reported for this long is taken to be dead
#: (`JOB_STALE_SECONDS` may shorten it, e.g. for a test that kills a worker).
STALE_AFTER = timedelta(seconds=60)
#: A queued job that no worker started for this long is sent to the queue again (its message
#: may have been lost with a store that was down when it was sent).
UNSTARTED_AFTER = timedelta(minutes=2)
#: How often a job is tried before it is given up with a message.
MAX_ATTEMPTS = 3
#: How long a finished file is kept for download: it holds answers.
KEEP_RESULT = timedelta(hours=24)


class ClaimLost(Exception):
    """Another attempt holds the job now; this one must stop without storing anything."""


@dataclass(frozen=True)
class Claim:
    """The right of one attempt to work on one job."""

    job_id: int
    attempt: int


@dataclass(frozen=True)
class Result:
    content: bytes
    name: str
    mimetype: str


def _rowcount(statement: Any) -> int:
    result = db.session.execute(statement.execution_options(synchronize_session=False))
    return cast("CursorResult[Any]", result).rowcount


def create(
    kind: str, survey: Survey | None, user_id: int | None, params: dict[str, Any] | None = None
) -> Job:
    """A new queued job; the caller's unit of work stores it before it is sent to the queue."""
    job = Job(
        kind=kind,
        survey_id=survey.id if survey else None,
        user_id=user_id,
        params=params or {},
        status=QUEUED,
    )
    db.session.add(job)
    db.session.flush()
    return job


def _stale_after() -> timedelta:
    seconds = current_app.config.get("JOB_STALE_SECONDS")
    return timedelta(seconds=seconds) if seconds else STALE_AFTER


def claim(job_id: int, now: datetime | None = None) -> Claim | None:
    """Start an attempt: a queued job, or a running one whose worker stopped reporting.
    None when the job is done, failed, unknown or alive in another worker."""
    now = now or utcnow()
    with unit_of_work():
        attempts = db.session.scalar(sa.select(Job.attempts).where(Job.id == job_id))
        if attempts is None:
            return None
        won = _rowcount(
            sa.update(Job)
            .where(
                Job.id == job_id,
                Job.attempts == attempts,
                sa.or_(
                    Job.status == QUEUED,
                    sa.and_(Job.status == RUNNING, Job.heartbeat_at < now - _stale_after()),
                ),
            )
            .values(
                status=RUNNING,
                attempts=attempts + 1,
                started_at=sa.func.coalesce(Job.started_at, now),
                heartbeat_at=now,
            )
        )
    return Claim(job_id, attempts + 1) if won == 1 else None


def _held(claim: Claim) -> Any:
    return sa.and_(Job.id == claim.job_id, Job.attempts == claim.attempt, Job.status == RUNNING)


def report(claim: Claim, done: int | None = None, total: int | None = None) -> None:
    """Progress, and the proof of life that keeps another attempt from taking over."""
    values: dict[str, Any] = {"heartbeat_at": utcnow()}
    if done is not None:
        values["done"] = done
    if total is not None:
        values["total"] = total
    with unit_of_work():
        held = _rowcount(sa.update(Job).where(_held(claim)).values(**values))
    if held != 1:
        raise ClaimLost(claim.job_id)


def finish(claim: Claim, note: str | None = None, result: Result | None = None) -> bool:
    """Done, with its file if it made one; False if another attempt holds the job."""
    values: dict[str, Any] = {"status": DONE, "finished_at": utcnow(), "note": note}
    if result is not None:
        values.update(
            result=result.content, result_name=result.name, result_mimetype=result.mimetype
        )
    with unit_of_work():
        return _rowcount(sa.update(Job).where(_held(claim)).values(**values)) == 1


def postpone(claim: Claim, when: datetime, note: str) -> bool:
    """Back to the queue until `when`, with where it stands; the claim ends (the next attempt
    claims anew). False if another attempt holds the job."""
    with unit_of_work():
        return (
            _rowcount(
                sa.update(Job)
                .where(_held(claim))
                .values(status=QUEUED, run_after=when, note=note[:1000])
            )
            == 1
        )


def fail(claim: Claim, note: str) -> bool:
    """Given up with a message for the researcher (in German, as every message)."""
    with unit_of_work():
        return (
            _rowcount(
                sa.update(Job)
                .where(_held(claim))
                .values(status=FAILED, finished_at=utcnow(), note=note[:1000])
            )
            == 1
        )


def to_resend(now: datetime | None = None) -> list[int]:
    """Jobs the queue must be given again: workers that died, messages that were lost.
    Jobs tried too often are failed here instead, with a message."""
    now = now or utcnow()
    with unit_of_work():
        _rowcount(
            sa.update(Job)
            .where(
                Job.status == RUNNING,
                Job.heartbeat_at < now - _stale_after(),
                Job.attempts >= MAX_ATTEMPTS,
            )
            .values(
                status=FAILED,
                finished_at=now,
                note=f"Der Auftrag wurde {MAX_ATTEMPTS}-mal abgebrochen und ist aufgegeben. "
                "Bitte starten Sie ihn neu; bleibt es dabei, hilft der Betrieb.",
            )
        )
        stalled = db.session.scalars(
            sa.select(Job.id).where(
                sa.or_(
                    sa.and_(Job.status == RUNNING, Job.heartbeat_at < now - _stale_after()),
                    sa.and_(
                        Job.status == QUEUED,
                        sa.func.coalesce(Job.run_after, Job.created_at) < now - UNSTARTED_AFTER,
                    ),
                )
            )
        ).all()
    return list(stalled)


def expire_results(now: datetime | None = None) -> int:
    """Finished files older than KEEP_RESULT are deleted; the job's row stays for the record."""
    now = now or utcnow()
    with unit_of_work():
        return _rowcount(
            sa.update(Job)
            .where(Job.result.is_not(None), Job.finished_at < now - KEEP_RESULT)
            .values(result=None, note="Die Datei ist nach 24 Stunden gelöscht worden.")
        )


def of_survey(survey: Survey, limit: int = 50) -> list[Job]:
    return list(
        db.session.scalars(
            sa.select(Job).where(Job.survey_id == survey.id).order_by(Job.id.desc()).limit(limit)
        )
    )


def get(job_id: int) -> Job | None:
    return db.session.get(Job, job_id)


def has_result(job: Job) -> bool:
    return bool(
        db.session.scalar(
            sa.select(sa.func.count()).where(Job.id == job.id, Job.result.is_not(None))
        )
    )
