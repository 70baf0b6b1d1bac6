"""What each kind of job does. A job's function gets the job's row and a way to report
progress, and returns what the researcher is told and the file they may download.

An `EvaluationError` (or another error whose message is for the user) fails the job with that
message; anything else is a bug, logged, and reported in general words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from surveyapp.extensions import db
from surveyapp.field import mail_queue
from surveyapp.jobs.records import Result
from surveyapp.models import Job, Survey
from surveyapp.publishing import briefs, downloads

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Outcome:
    note: str | None = None
    result: Result | None = None


class Postpone(Exception):  # noqa: N818  (an instruction to the runner, not an error)
    """Not done yet, on purpose: run the job again at `when` (a mailing's deferred messages)."""

    def __init__(self, when: datetime, note: str) -> None:
        super().__init__(note)
        self.when, self.note = when, note


def _survey(job: Job) -> Survey:
    return db.session.get_one(Survey, job.survey_id)


def _file(download: downloads.Download) -> Result:
    return Result(download.content, download.name, download.mimetype)


def make_download(job: Job, progress: Progress) -> Outcome:
    progress(0, 1)
    made = downloads.make_file(_survey(job), job.params["format"])
    progress(1, 1)
    return Outcome(f"{downloads.LABELS[job.params['format']]} ist fertig.", _file(made))


def make_feedback(job: Job, progress: Progress) -> Outcome:
    made = downloads.feedback_reports(_survey(job), progress)
    return Outcome("Die Rückmeldeberichte sind fertig.", _file(made))


def build_brief_draft(job: Job, progress: Progress) -> Outcome:
    progress(0, 1)
    draft = briefs.build_draft(
        _survey(job), job.params.get("config"), job.params.get("config_name"), job.params["by"]
    )
    progress(1, 1)
    return Outcome(f"Entwurf des Ergebnisberichts (Fassung {draft.version}) ist erstellt.")


def send_mailing(job: Job, progress: Progress) -> Outcome:
    delivery = mail_queue.deliver(job.params["mailing"], progress)
    if delivery.open and delivery.next_attempt is not None:
        raise Postpone(delivery.next_attempt, delivery.note)
    return Outcome(delivery.note)


KINDS: dict[str, Callable[[Job, Progress], Outcome]] = {
    "mailing": send_mailing,
    "download": make_download,
    "feedback": make_feedback,
    "brief_draft": build_brief_draft,
}
#: How each kind is named on the researcher's list of jobs.
KIND_LABELS = {
    "mailing": "Versand",
    "download": "Datei erstellen",
    "feedback": "Rückmeldeberichte erstellen",
    "brief_draft": "Ergebnisbericht erstellen",
}
