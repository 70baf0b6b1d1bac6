"""The mail queue under faults, through a real local SMTP server and a real job worker: every
contact gets exactly one message, whatever the server does in between."""

from __future__ import annotations

import threading
import time
from collections import Counter

import sqlalchemy as sa
from field_mailing import UNITS, invite
from testsupport import Inbox, smtp_server, wait_for_jobs

from surveyapp.extensions import db
from surveyapp.field import mail_queue
from surveyapp.jobs import submit
from surveyapp.models import Contact, OutgoingMail, Survey


def _statuses() -> Counter[str]:
    db.session.expire_all()
    return Counter(db.session.scalars(sa.select(OutgoingMail.status)))


def test_the_smtp_server_stopped_mid_batch_and_started_again(app, big_survey, worker):
    inbox = Inbox()
    port_holder: list[int] = []
    restarted = threading.Event()

    def outage() -> None:
        while len(inbox.messages) < 10:
            time.sleep(0.005)
        stop_first.set()
        time.sleep(0.8)
        with smtp_server(inbox, port=port_holder[0]):
            restarted.set()
            done.wait(60)

    stop_first, done = threading.Event(), threading.Event()
    with smtp_server(inbox) as port:
        port_holder.append(port)
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        threading.Thread(target=outage, daemon=True).start()
        invite(big_survey)
        stop_first.wait(30)
    assert restarted.wait(30)
    wait_for_jobs(timeout=60)
    done.set()
    received = Counter(message["To"] for message in inbox.messages)
    assert len(received) == UNITS
    assert set(received.values()) == {1}
    assert _statuses() == Counter({"sent": UNITS})


def test_a_greylisting_451_is_tried_again_and_sent_once(app, big_survey, smtp, worker):
    smtp.defer["p3@example.org"] = 2
    invite(big_survey)
    wait_for_jobs(timeout=60)
    assert len(smtp.to("p3@example.org")) == 1
    row = db.session.scalar(sa.select(OutgoingMail).filter_by(recipient="p3@example.org"))
    assert (row.status, row.attempts) == ("sent", 3)


def test_a_550_refusal_marks_the_contact_and_the_rest_goes_out(app, big_survey, smtp, worker):
    smtp.refuse.add("p5@example.org")
    invite(big_survey)
    wait_for_jobs()
    assert _statuses() == Counter({"sent": UNITS - 1, "refused": 1})
    contact = db.session.scalar(sa.select(Contact).filter_by(email="p5@example.org"))
    assert contact.status == "bounced"
    assert contact.status_reason.startswith("550")
    assert len(smtp.messages) == UNITS - 1


def test_an_address_with_umlauts_needs_a_server_with_smtputf8(app, big_survey, worker):
    contact = db.session.scalar(sa.select(Contact).filter_by(email="p0@example.org"))
    contact.email = "info@stadt-jena-göschwitz.de"
    db.session.commit()
    inbox = Inbox()
    with smtp_server(inbox) as port:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        invite(big_survey)
        wait_for_jobs()
    row = db.session.scalar(sa.select(OutgoingMail).filter_by(contact_id=contact.id))
    assert row.status == "refused"
    assert "Umlauten" in row.last_answer
    assert len(inbox.messages) == UNITS - 1

    row.status = "queued"
    db.session.commit()
    with smtp_server(inbox, smtputf8=True) as port:
        app.config.update(MAIL_PORT=port)
        submit.start("mailing", big_survey, None, {"mailing": row.mailing_id})
        wait_for_jobs()
    db.session.expire_all()
    row = db.session.get(OutgoingMail, row.id)
    assert (row.status, row.last_answer) == ("sent", "250"), row.last_answer
    assert [m["To"] for m in inbox.messages][-1] == "info@stadt-jena-göschwitz.de"


def test_two_confirmations_at_once_send_one_message_per_contact(app, big_survey, smtp, worker):
    """Two researchers (or two tabs) confirm the same mailing at the same moment."""
    errors: list[Exception] = []
    survey_id = big_survey.id  # read here: the threads must not touch this session's objects

    def confirm() -> None:
        with app.app_context():
            try:
                invite(db.session.get(Survey, survey_id))
            except mail_queue.NothingToSend:
                pass
            except Exception as error:  # noqa: BLE001  (reported below)
                errors.append(error)

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wait_for_jobs()
    assert errors == []
    received = Counter(message["To"] for message in smtp.messages)
    assert len(received) == UNITS
    assert set(received.values()) == {1}
