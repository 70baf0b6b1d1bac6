"""Delivery reports (RFC 3464) read from .eml files mark the message and the contact bounced."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from field_mailing import invite
from testsupport import wait_for_jobs

from surveyapp.extensions import db
from surveyapp.field import bounces
from surveyapp.models import Contact, OutgoingMail


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


def test_a_report_marks_the_message_and_the_contact(
    app, big_survey, smtp, worker, runner, tmp_path
):
    invite(big_survey)
    wait_for_jobs()
    sent = db.session.scalar(sa.select(OutgoingMail).filter_by(recipient="p4@example.org"))
    report = tmp_path / "bounce.eml"
    report.write_bytes(dsn("p4@example.org", sent.message_id))
    result = runner.invoke(args=["mail", "bounces", str(report)])
    assert "1 Nachrichten als unzustellbar markiert" in result.output
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
