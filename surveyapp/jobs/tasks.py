"""Huey's tasks: run one job, and the clock that keeps the field phase going.

A task carries only the job's id; everything else is read from the job's row when a worker
claims it. While the job's function works, a thread reports the job alive every few seconds,
so a worker that dies (killed, out of memory, the host gone) is noticed by the clock within a
minute and the job is given to the queue again.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from huey import crontab

from evaluation import EvaluationError
from surveyapp.jobs import records, work
from surveyapp.jobs.queue import app_context, huey

log = logging.getLogger(__name__)

#: Seconds between two signs of life of a running job (well inside records.STALE_AFTER).
HEARTBEAT_SECONDS = 10.0
UNEXPECTED = (
    "Der Auftrag ist an einem unerwarteten Fehler gescheitert. Er ist protokolliert; "
    "bitte versuchen Sie es später noch einmal."
)


@huey.task()
def run_job(job_id: int) -> None:
    with app_context():
        execute(job_id)


def execute(job_id: int) -> None:
    """Claim the job, run it with a heartbeat, and store its outcome if the claim still holds."""
    claim = records.claim(job_id)
    if claim is None:
        return
    job = records.get(job_id)
    if job is None or job.kind not in work.KINDS:
        records.fail(claim, "Diese Art von Auftrag gibt es nicht.")
        return
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(claim, stop), daemon=True)
    beat.start()
    try:
        outcome = work.KINDS[job.kind](job, lambda done, total: records.report(claim, done, total))
    except records.ClaimLost:
        log.warning("Job %s was taken over by another attempt; this one stops.", job_id)
        return
    except work.Postpone as later:
        if records.postpone(claim, later.when, later.note):
            run_job.schedule(args=(job_id,), eta=later.when)
        return
    except EvaluationError as error:
        records.fail(claim, str(error))
        return
    except Exception:
        log.exception("Job %s (%s) failed", job_id, job.kind)
        records.fail(claim, UNEXPECTED)
        return
    finally:
        stop.set()
        beat.join()
    records.finish(claim, outcome.note, outcome.result)


def _heartbeat(claim: records.Claim, stop: threading.Event) -> None:
    with app_context():
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                records.report(claim)
            except records.ClaimLost:
                return
            except Exception:
                log.exception("Heartbeat of job %s failed", claim.job_id)


@huey.periodic_task(crontab(minute="*"))
def clock() -> None:
    """Every minute (see `tick`)."""
    with app_context():
        tick()


def tick(now: datetime | None = None) -> None:
    """The clock's work, also for a test with its own `now`: what `surveyapp.background`
    registered (the field phase's dates, the reminder plans), jobs whose worker died, old
    files."""
    for hook in work.CLOCK:
        for job in hook(now):
            run_job(job.id)
    for job_id in records.to_resend(now):
        run_job(job_id)
    records.expire_results(now)
