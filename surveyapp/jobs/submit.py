"""Starting a job from a request: its row is stored and logged first, then it is sent to the
queue, so a queue that is down loses nothing (the clock sends it again once the queue is back).
"""

from __future__ import annotations

import logging
from typing import Any

from surveyapp.accounts import audit
from surveyapp.jobs import records
from surveyapp.jobs.tasks import run_job
from surveyapp.models import Job, Survey
from surveyapp.transaction import unit_of_work

log = logging.getLogger(__name__)


def start(
    kind: str,
    survey: Survey | None,
    user_id: int | None,
    params: dict[str, Any] | None = None,
) -> Job:
    with unit_of_work():
        job = records.create(kind, survey, user_id, params)
        audit.record("job_started", survey.slug if survey else None, kind=kind, job=job.id)
    send_to_queue(job)
    return job


def send_to_queue(job: Job) -> None:
    """For a job whose row is stored (here, or by a service together with its own rows)."""
    try:
        run_job(job.id)
    except Exception:
        log.exception("Job %s could not be sent to the queue; the clock will send it again", job.id)
