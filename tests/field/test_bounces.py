"""Delivery reports (RFC 3464) read from .eml files mark the message and the contact bounced."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from field_mailing import invite
from flask.testing import FlaskCliRunner
from testsupport import wait_for_jobs

from surveyapp.extensions import db
from surveyapp.field import bounces
from surveyapp.field.next_wave import create_next_wave
from surveyapp.models import Contact, OutgoingMail, Survey


def dsn(recipient: str, message_id: str, status: str = "5.1.1", action: str = "failed") -> bytes:
    """A delivery report as a mail server writes it (RFC 3464, with the returned headers)."""
    return f"""\
From: MAILER-DAEMON@mx.example.org
To: umfrage@localhost
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Die Nachricht konnte nicht zugestellt werden.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; {recipient}
Action: {action}
Status: {status}
Diagnostic-Code: smtp; 550 5.1.1 <{recipient}>: Recipient address rejected: User unknown

--B
Content-Type: text/rfc822-headers

Message-ID: {message_id}
To: {recipient}
Subject: Einladung

--B--
""".replace("\n", "\r\n").encode()


def bounce(survey: Survey, runner: FlaskCliRunner, folder: Path, address: str) -> OutgoingMail:
    """Send the invitation for real, then read the delivery report for one address back."""
    invite(survey)
    wait_for_jobs()
    sent = db.session.scalar(sa.select(OutgoingMail).filter_by(recipient=address))
    report = folder / "bounce.eml"
    report.write_bytes(dsn(address, sent.message_id))
    result = runner.invoke(args=["mail", "bounces", str(report)])
    assert "1 Nachrichten als unzustellbar markiert" in result.output
    return sent


def test_a_report_marks_the_message_and_the_contact(
    app, big_survey, smtp, worker, runner, tmp_path
):
    sent = bounce(big_survey, runner, tmp_path, "p4@example.org")
    db.session.expire_all()
    assert db.session.get(OutgoingMail, sent.id).status == "bounced"
    contact = db.session.scalar(sa.select(Contact).filter_by(email="p4@example.org"))
    assert contact.status == "bounced"
    assert "User unknown" in contact.status_reason


def test_a_delay_notice_is_no_bounce():
    assert bounces.read_report(dsn("x@example.org", "<1@x>", "4.4.7", "delayed")) == []


def test_a_report_for_an_unknown_address_is_named_and_stores_nothing(app, runner, tmp_path: Path):
    report = tmp_path / "fremd.eml"
    report.write_bytes(dsn("fremd@example.org", "<nie@gesendet>"))
    result = runner.invoke(args=["mail", "bounces", str(report)])
    assert "Keine versandte Nachricht an fremd@example.org" in result.output


def test_a_bounced_address_is_not_carried_into_the_next_wave(
    app, big_survey, smtp, worker, runner, tmp_path
):
    bounce(big_survey, runner, tmp_path, "p4@example.org")
    made = create_next_wave(big_survey, "welle-2027")
    assert (made.contacts, made.contacts_left) == (29, 1)
    carried = {
        contact.email for invitation in made.survey.invitations for contact in invitation.contacts
    }
    assert "p4@example.org" not in carried
    assert "p5@example.org" in carried
