"""What runs in the background, wired to the job engine (`surveyapp.jobs`): each kind of job
and the clock's rounds. Imported by the application factory, so web and worker processes know
the same kinds."""

from __future__ import annotations

from datetime import datetime

from surveyapp.extensions import db
from surveyapp.field import mail_queue, reminder_plan
from surveyapp.jobs.records import Result
from surveyapp.jobs.work import Outcome, Postpone, Progress, every_minute, register
from surveyapp.models import Job, Survey
from surveyapp.publishing import briefs, downloads
from surveyapp.surveys import lifecycle


def _survey(job: Job) -> Survey:
    return db.session.get_one(Survey, job.survey_id)


def _file(download: downloads.Download) -> Result:
    return Result(download.content, download.name, download.mimetype)


@register("download", "Datei erstellen")
def make_download(job: Job, progress: Progress) -> Outcome:
    progress(0, 1)
    made = downloads.make_file(_survey(job), job.params["format"])
    progress(1, 1)
    return Outcome(f"{downloads.LABELS[job.params['format']]} ist fertig.", _file(made))


@register("feedback", "Rückmeldeberichte erstellen")
def make_feedback(job: Job, progress: Progress) -> Outcome:
    made = downloads.feedback_reports(_survey(job), progress)
    return Outcome("Die Rückmeldeberichte sind fertig.", _file(made))


@register("brief_draft", "Ergebnisbericht erstellen")
def build_brief_draft(job: Job, progress: Progress) -> Outcome:
    progress(0, 1)
    draft = briefs.build_draft(
        _survey(job), job.params.get("config"), job.params.get("config_name"), job.params["by"]
    )
    progress(1, 1)
    return Outcome(f"Entwurf des Ergebnisberichts (Fassung {draft.version}) ist erstellt.")


@register("mailing", "Versand")
def send_mailing(job: Job, progress: Progress) -> Outcome:
    delivery = mail_queue.deliver(job.params["mailing"], progress)
    if delivery.open and delivery.next_attempt is not None:
        raise Postpone(delivery.next_attempt, delivery.note)
    return Outcome(delivery.note)


@every_minute
def field_phase_dates(now: datetime | None) -> list[Job]:
    lifecycle.advance(now)
    return []


@every_minute
def reminder_plans(now: datetime | None) -> list[Job]:
    return reminder_plan.due_mailings(now)
