"""Opting out: every message carries the link and List-Unsubscribe; the link (or a mail
program's one-click POST) stops all further e-mail to that contact, and only to that one."""

from __future__ import annotations

import re

import sqlalchemy as sa
from field_mailing import UNITS, invite
from testsupport import wait_for_jobs

from surveyapp.extensions import db
from surveyapp.field import mail_queue, outreach
from surveyapp.jobs import submit
from surveyapp.models import Contact, OutgoingMail


def _opt_out_url(message) -> str:  # noqa: ANN001
    header = message["List-Unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    return re.fullmatch(r"<http://localhost(/abmelden/[^>]+)>", header).group(1)


def test_every_message_carries_the_opt_out_link(app, big_survey, smtp, worker):
    invite(big_survey)
    wait_for_jobs()
    message = smtp.to("p1@example.org")[0]
    url = _opt_out_url(message)
    assert url in message.get_body(("plain",)).get_content()


def test_the_opt_out_page_asks_once_and_stops_the_reminders(
    app,
    client,
    big_survey,
    smtp,
    worker,
):
    invite(big_survey)
    wait_for_jobs()
    url = _opt_out_url(smtp.to("p1@example.org")[0])
    page = client.get(url)
    assert page.status_code == 200 and "Abmelden" in page.text
    done = client.post(url)
    assert "Sie sind abgemeldet" in done.text
    contact = db.session.scalar(sa.select(Contact).filter_by(email="p1@example.org"))
    assert contact.status == "opted_out"

    smtp.messages.clear()
    queued = mail_queue.queue_mailing(
        big_survey,
        outreach.reminder_targets(big_survey).invitation_ids,
        "reminder",
        mail_queue.reminder_purpose(1),
        None,
        "test",
    )
    submit.send_to_queue(queued.job)
    wait_for_jobs()
    assert smtp.to("p1@example.org") == []
    assert len(smtp.messages) == UNITS - 1


def test_a_mail_programs_one_click_post_opts_out_without_a_page(
    app,
    client,
    big_survey,
    smtp,
    worker,
):
    invite(big_survey)
    wait_for_jobs()
    url = _opt_out_url(smtp.to("p2@example.org")[0])
    answer = client.post(url, data={"List-Unsubscribe": "One-Click"})
    assert (answer.status_code, answer.text) == (200, "")
    contact = db.session.scalar(sa.select(Contact).filter_by(email="p2@example.org"))
    assert contact.status == "opted_out"


def test_a_forged_opt_out_link_opens_nothing(client, big_survey):
    assert client.get("/abmelden/1.Zm9yZ2Vk").status_code == 404
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Contact).where(Contact.status != "active")
        )
        == 0
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutgoingMail)) == 0
