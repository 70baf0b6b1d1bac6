"""A survey of thirty units with one contact each, and queueing its invitation: shared by the
tests of the mail queue and of opting out (a module beside them, imported by name)."""

from __future__ import annotations

import sqlalchemy as sa
from testsupport import DEMO_QUESTIONNAIRE, FRAME

from surveyapp.extensions import db
from surveyapp.field import mail_queue, outreach
from surveyapp.field.invitations import create_invitations
from surveyapp.jobs import submit
from surveyapp.models import Contact, Survey
from surveyapp.surveys import frame
from surveyapp.surveys.lifecycle import create_survey

UNITS = 30


def thirty_units() -> Survey:
    """Thirty invited units with one contact each (p0@example.org …), the survey open."""
    frame.import_file(FRAME)
    survey = create_survey(DEMO_QUESTIONNAIRE, "welle-2026")
    survey.status = "open"
    keys = [ags for (ags,) in db.session.execute(sa.text("SELECT ags FROM units ORDER BY ags"))]
    for number, invitation in enumerate(create_invitations(survey, keys[:UNITS])):
        invitation.contacts.append(Contact(name=f"Person {number}", email=f"p{number}@example.org"))
    db.session.commit()
    return survey


def invite(survey: Survey) -> mail_queue.Queued:
    targets = outreach.invitation_targets(survey)
    queued = mail_queue.queue_mailing(
        survey, targets.invitation_ids, "invitation", mail_queue.INVITATION, None, "test"
    )
    submit.send_to_queue(queued.job)
    return queued
