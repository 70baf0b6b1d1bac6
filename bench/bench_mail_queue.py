"""Benchmark: queued sending (issue: "Queued sending of 10,000 messages to a local SMTP server
within 1.3× the time of a bare smtplib loop sending the same messages over one connection").

Figure: a mailing of N invitations queued and sent by the mail queue's job (one row per message,
its state recorded in batches, the opt-out link signed per message), run in this process.
Baseline, same run: the same N messages sent by a bare `smtplib` loop over one connection to
the same local SMTP server (aiosmtpd), each composed in the loop as any sender must (text and
HTML part, the personal link, the signed opt-out link) into the same bytes the queue sends
(`mail.to_bytes`), so the figure is what the queue's records cost; the contacts are read
beforehand.
Times are wall-clock seconds (sending is I/O). The SMTP server runs in a process of its own.
Rounds are taken in pairs (baseline, then queue); the figure is the median pair's. Both run
after the start-up heap is frozen, as `flask worker` does. Also printed: the confirmation
request's share (choosing the recipients, one row per message), which must stay under a
second for a national mailing. Exits 1 while either misses its target.

Run: .venv/bin/python bench/bench_mail_queue.py [messages] [--rounds N]
"""

from __future__ import annotations

import argparse
import gc
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import insert, text
from sqlalchemy.orm import selectinload

from surveyapp import create_app
from surveyapp.demo.survey import load_demo
from surveyapp.extensions import db
from surveyapp.field import mail, mail_queue, optout, outreach, wire
from surveyapp.field.invitations import create_invitations, link_of
from surveyapp.jobs import tasks
from surveyapp.models import Contact, Invitation, OutgoingMail, Survey, Unit

TARGET = 1.3
#: The confirmation request (choosing the recipients and queueing one row per message) must
#: return within a second for a national mailing (issue: "the web request returns in under a
#: second"); its time is part of the queue's figure too.
REQUEST_TARGET = 1.0
REQUEST: list[float] = []


@contextmanager
def smtp_sink() -> Iterator[int]:
    """A local SMTP server in a process of its own that takes every message (aiosmtpd's Sink):
    in this process it would take the CPU from the sender it is meant to measure."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink"]
        + ["-l", f"127.0.0.1:{port}"]
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait()


def seed(survey: Survey, count: int) -> None:
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


def bare_loop(port: int, survey_id: int) -> float:
    survey = db.session.get_one(Survey, survey_id)
    contacts = list(
        db.session.scalars(
            db.select(Contact)
            .join(Invitation)
            .where(Invitation.survey_id == survey.id)
            .options(selectinload(Contact.invitation).selectinload(Invitation.member))
            .order_by(Contact.id)
        )
    )
    recipients = [(contact, mail.addressee_of(contact)) for contact in contacts]
    template = mail.text_for(survey, "invitation")
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for contact, to in recipients:
            unsubscribe = f"http://localhost/abmelden/{optout.token_of(contact)}"
            message = mail.compose(
                survey, to, "invitation", link_of(contact.invitation), unsubscribe, template
            )
            message_id = wire.new_message_id(survey.contact_email or "bench@example.org")
            smtp.sendmail("bench@example.org", [message.to], mail.to_bytes(message, message_id))
    elapsed = time.perf_counter() - start
    # The worker that sends a mailing starts with an empty session: so does the queue's turn.
    db.session.expunge_all()
    return elapsed


def queued(survey_id: int) -> float:
    db.session.execute(text("DELETE FROM outgoing_mail"))
    db.session.execute(text("DELETE FROM mailings"))
    db.session.execute(text("UPDATE invitations SET sent_at = NULL"))
    db.session.commit()
    start = time.perf_counter()
    survey = db.session.get_one(Survey, survey_id)
    queued = mail_queue.queue_mailing(
        survey,
        outreach.invitation_targets(survey).invitation_ids,
        "invitation",
        mail_queue.INVITATION,
        None,
        "bench",
    )
    job_id, messages = queued.job.id, queued.messages
    REQUEST.append(time.perf_counter() - start)
    # The request that queued ends here; a worker with a session of its own sends.
    db.session.remove()
    tasks.execute(job_id)
    elapsed = time.perf_counter() - start
    sent = db.session.scalar(
        db.select(db.func.count()).select_from(OutgoingMail).where(OutgoingMail.status == "sent")
    )
    assert sent == messages, (sent, messages)
    return elapsed


def main(count: int, rounds: int) -> int:
    with smtp_sink() as port, tempfile.TemporaryDirectory() as folder:
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
            seed(survey, count)
            survey_id = survey.id
            db.session.expunge_all()
            # As `flask worker` does after its start-up (see surveyapp/cli.py).
            gc.collect()
            gc.freeze()
            # In pairs, each queued run right after its baseline: a busy stretch of a shared
            # machine hits both of a pair alike, and the median pair is the figure.
            pairs = []
            for _ in range(rounds):
                baseline = bare_loop(port, survey_id)
                pairs.append((queued(survey_id) / baseline, baseline))
            db.session.remove()
    pairs.sort()
    ratio, baseline = pairs[len(pairs) // 2]
    print(f"mail queue, {count} messages: {ratio * baseline:.2f} s")
    print(f"baseline, bare smtplib loop over one connection: {baseline:.2f} s")
    print(f"ratio {ratio:.2f}× (target ≤ {TARGET}×; median of {rounds} pairs)")
    request = sorted(REQUEST)[len(REQUEST) // 2]
    print(f"of which the confirmation request: {request:.2f} s (target < {REQUEST_TARGET} s)")
    return 0 if ratio <= TARGET and request < REQUEST_TARGET else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("messages", nargs="?", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args()
    sys.exit(main(arguments.messages, arguments.rounds))
