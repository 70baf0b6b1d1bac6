"""The field phase runs by the calendar, with a clock the tests set: a survey opens on its start
day and closes after its last, the reminder plan sends only to the right units, and nothing is
sent for a closed survey."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from surveyapp import clock
from surveyapp.extensions import db
from surveyapp.field import mail_queue, outreach
from surveyapp.jobs import tasks
from surveyapp.models import Contact, Invitation, Mailing, OutgoingMail, Response, Survey, Unit
from surveyapp.surveys import lifecycle

START = date(2027, 3, 1)


def _berlin(day: date, hour: int = 0, minute: int = 0) -> datetime:
    """A moment of Berlin's calendar as the database stores it (UTC)."""
    return clock.from_local(datetime(day.year, day.month, day.day, hour, minute))


def _survey(demo) -> Survey:  # noqa: ANN001
    return db.session.get(Survey, demo.survey.id)


def test_a_scheduled_survey_opens_on_its_start_day_in_berlin(demo):
    survey = _survey(demo)
    survey.status, survey.opens_on, survey.closes_on = "draft", START, START + timedelta(days=30)
    db.session.commit()
    lifecycle.open_survey(survey, today=START - timedelta(days=3))
    assert survey.status == "scheduled"

    tasks.tick(now=_berlin(START - timedelta(days=1), 23, 59))
    assert _survey(demo).status == "scheduled"
    tasks.tick(now=_berlin(START, 0, 1))
    assert _survey(demo).status == "open"


def test_an_open_survey_closes_after_its_last_day(demo):
    survey = _survey(demo)
    survey.status, survey.opens_on, survey.closes_on = "open", START, START + timedelta(days=30)
    db.session.commit()
    tasks.tick(now=_berlin(START + timedelta(days=30), 23, 59))
    assert _survey(demo).status == "open"
    tasks.tick(now=_berlin(START + timedelta(days=31), 0, 1))
    assert _survey(demo).status == "closed"


def test_a_link_opened_on_the_start_day_is_not_told_the_survey_is_over(client, demo, link):
    """The reported bug: a draft whose start day has come answered "beendet"."""
    survey = _survey(demo)
    survey.status, survey.opens_on = "draft", clock.today()
    db.session.commit()
    page = client.get(link)
    assert page.status_code == 403
    assert "noch nicht geöffnet" in page.text
    assert "beendet" not in page.text
    lifecycle.open_survey(survey)
    assert client.get(link).status_code == 200


def test_the_reminder_plan_reminds_only_who_has_not_answered(demo):
    survey = _survey(demo)
    survey.status, survey.opens_on, survey.closes_on = "open", None, None
    survey.reminder_after_days, survey.reminder_max = 7, 1
    invitations = list(
        db.session.scalars(
            sa.select(Invitation).join(Unit).where(Invitation.survey_id == survey.id).limit(4)
        )
    )
    for number, invitation in enumerate(invitations):
        invitation.contacts.append(Contact(name=f"P{number}", email=f"p{number}@example.org"))
    db.session.commit()
    sent_at = _berlin(START, 9)
    queued = mail_queue.queue_mailing(
        survey, [i.id for i in invitations], "invitation", mail_queue.INVITATION, None, "test"
    )
    tasks.execute(queued.job.id)
    db.session.execute(sa.update(Mailing).values(sent_at=sent_at))
    answered, withdrawn, opted_out, waiting = invitations
    db.session.add(Response(survey_id=survey.id, unit_id=answered.unit_id, status="submitted"))
    withdrawn.withdrawn_at = sent_at
    opted_out.contacts[0].status = "opted_out"
    db.session.commit()

    tasks.tick(now=sent_at + timedelta(days=6))
    assert _reminders() == []
    tasks.tick(now=sent_at + timedelta(days=7, minutes=1))
    assert _reminders() == [waiting.contacts[0].email]
    tasks.tick(now=sent_at + timedelta(days=14, minutes=1))
    assert _reminders() == [waiting.contacts[0].email]


def _reminders() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutgoingMail.recipient).filter_by(kind="reminder")))


def test_nothing_is_sent_for_a_closed_survey(demo):
    survey = _survey(demo)
    invitation = db.session.scalar(sa.select(Invitation).filter_by(survey_id=survey.id))
    invitation.contacts.append(Contact(name="P", email="p@example.org"))
    db.session.commit()
    queued = mail_queue.queue_mailing(
        survey, [invitation.id], "invitation", mail_queue.INVITATION, None, "test"
    )
    lifecycle.close_survey(survey)
    tasks.execute(queued.job.id)
    row = db.session.scalar(sa.select(OutgoingMail))
    assert (row.status, row.last_answer) == ("skipped", "Die Befragung ist geschlossen.")
    with pytest.raises(mail_queue.NothingToSend, match="geschlossen"):
        mail_queue.queue_mailing(
            survey,
            outreach.invitation_targets(survey).invitation_ids,
            "invitation",
            "x",
            None,
            "test",
        )
