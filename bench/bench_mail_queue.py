"""Benchmark: queued sending (issue: "Queued sending of 10,000 messages to a local SMTP server
within 1.3× the time of a bare smtplib loop sending the same messages over one connection").

Figure: a mailing of N invitations queued and sent by the mail queue's job (one row per message,
its state recorded in batches, the opt-out link signed per message), run in this process.
Baseline, same run: the same N messages sent by a bare `smtplib` loop over one connection to
the same local SMTP server (aiosmtpd), each composed in the loop as any sender must (text and
HTML part, the personal link, the signed opt-out link); the contacts are read beforehand.
Times are wall-clock seconds (sending is I/O), each the best of three rounds, taken in turns.

Run: .venv/bin/python bench/bench_mail_queue.py [messages]
"""

from __future__ import annotations

import smtplib
import socket
import sys
import tempfile
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from flask_migrate import upgrade
from sqlalchemy import insert, text

from surveyapp import create_app
from surveyapp.demo.survey import load_demo
from surveyapp.extensions import db
from surveyapp.field import mail, mail_queue, optout, outreach
from surveyapp.field.invitations import create_invitations, link_of
from surveyapp.jobs import tasks
from surveyapp.models import Contact, Invitation, OutgoingMail, Survey, Unit

TARGET = 1.3
ROUNDS = 3


class Sink:
    """An SMTP server that takes every message and keeps only the count."""

    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        self.received += 1
        return "250 OK"


def seed(survey: Survey, count: int) -> list[Invitation]:
    rows = [
        {"ags": f"9{n:07d}", "name": f"Gemeinde {n}", "land": "Sachsen", "type": "Gemeinde"}
        for n in range(count)
    ]
    db.session.execute(insert(Unit), rows)
    keys = [f"9{n:07d}" for n in range(count)]
    invitations = create_invitations(survey, keys)
    for number, invitation in enumerate(invitations):
        invitation.contacts.append(
            Contact(salutation="Frau", name=f"Person {number}", email=f"p{number}@example.org")
        )
    db.session.commit()
    return invitations


def bare_loop(port: int, survey: Survey, invitations: list[Invitation]) -> float:
    contacts = [invitation.contacts[0] for invitation in invitations]
    for contact in contacts:
        _ = contact.invitation.unit.name
    template = mail.template_for(survey, "invitation")
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for contact in contacts:
            unsubscribe = f"http://localhost/abmelden/{optout.token_of(contact)}"
            message = mail.compose(
                survey, contact, "invitation", link_of(contact.invitation), unsubscribe, template
            )
            smtp.send_message(mail.to_email(message))
    return time.perf_counter() - start


def queued(survey: Survey) -> float:
    db.session.execute(text("DELETE FROM outgoing_mail"))
    db.session.execute(text("DELETE FROM mailings"))
    db.session.execute(text("UPDATE invitations SET sent_at = NULL"))
    db.session.commit()
    start = time.perf_counter()
    queued = mail_queue.queue_mailing(
        survey,
        outreach.invitation_targets(survey),
        "invitation",
        mail_queue.INVITATION,
        None,
        "bench",
    )
    tasks.execute(queued.job.id)
    elapsed = time.perf_counter() - start
    sent = db.session.scalar(
        db.select(db.func.count()).select_from(OutgoingMail).where(OutgoingMail.status == "sent")
    )
    assert sent == queued.messages, (sent, queued.messages)
    return elapsed


def main(count: int) -> int:
    sink = Sink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'bench.db'}",
                "SECRET_KEY": "bench",
                "JOB_QUEUE_URL": f"sqlite:///{Path(folder) / 'jobs.db'}",
                "MAIL_SERVER": "127.0.0.1",
                "MAIL_PORT": port,
                "MAIL_PER_MINUTE": 0,
                "PUBLIC_BASE_URL": "http://localhost",
            }
        )
        with app.app_context():
            upgrade()
            survey = load_demo().survey
            db.session.execute(text("DELETE FROM invitations"))
            db.session.commit()
            invitations = seed(survey, count)
            # Alternated, so that a busy stretch of the machine hits both alike.
            baselines, figures = [], []
            for _ in range(ROUNDS):
                baselines.append(bare_loop(port, survey, invitations))
                figures.append(queued(survey))
            baseline, figure = min(baselines), min(figures)
            db.session.remove()
    controller.stop()
    ratio = figure / baseline
    print(f"mail queue, {count} messages: {figure:.2f} s")
    print(f"baseline, bare smtplib loop over one connection: {baseline:.2f} s")
    print(f"ratio {ratio:.2f}× (target ≤ {TARGET}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
