"""The reminder plan: a reminder goes out by itself after N days without a mailing, at most M
times, only to units that were invited, have not submitted and have not withdrawn (and only
to their contacts who have not opted out or bounced).

The clock (`surveyapp.jobs.tasks.tick`) asks `due_mailings` every minute. A reminder round is
queued under its number (`reminder-2`), so two clocks running at once queue it once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from surveyapp import clock
from surveyapp.extensions import db
from surveyapp.field import mail_queue, outreach
from surveyapp.models import Job, Mailing, Survey
from surveyapp.surveys.lifecycle import OPEN, is_open

#: How the audit log names the plan.
PLAN_USER = "Erinnerungsplan"


@dataclass(frozen=True)
class NextReminder:
    """What the plan will do next, shown on the reminders page before it happens."""

    round: int
    at: datetime
    units: int
    contacts: int


def _last_mailing(survey: Survey) -> datetime | None:
    return db.session.scalar(
        sa.select(sa.func.max(Mailing.sent_at)).where(Mailing.survey_id == survey.id)
    )


def next_reminder(survey: Survey) -> NextReminder | None:
    """The plan's next reminder, or None (no plan, all sent, nobody invited yet)."""
    if not survey.reminder_after_days or survey.status not in (OPEN, "scheduled"):
        return None
    upcoming = mail_queue.next_reminder_round(survey)
    last = _last_mailing(survey)
    if upcoming > survey.reminder_max or last is None:
        return None
    targets = outreach.reminder_targets(survey)
    return NextReminder(
        round=upcoming,
        at=last + timedelta(days=survey.reminder_after_days),
        units=len(targets),
        contacts=targets.contacts,
    )


def due_mailings(now: datetime | None = None) -> list[Job]:
    """Queue every reminder whose time has come; the jobs for the caller to send to the
    queue."""
    now = now or clock.now()
    jobs = []
    surveys = db.session.scalars(
        sa.select(Survey).where(Survey.status == OPEN, Survey.reminder_after_days.is_not(None))
    ).all()
    for survey in surveys:
        planned = next_reminder(survey)
        if planned is None or planned.at > now or not is_open(survey, clock.today(now)):
            continue
        targets = outreach.reminder_targets(survey)
        if not targets:
            continue
        try:
            queued = mail_queue.queue_mailing(
                survey,
                targets.invitation_ids,
                "reminder",
                mail_queue.reminder_purpose(planned.round),
                None,
                PLAN_USER,
            )
        except mail_queue.NothingToSend:
            continue
        jobs.append(queued.job)
    return jobs
