"""A national mailing: 11,000 contacts through a real local SMTP server. The researcher's
confirmation returns before the sending has got anywhere, the job's page shows it advancing,
and every contact gets exactly one message.

PostgreSQL only (the production database at this size); about a minute.
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter

import pytest
import sqlalchemy as sa
from testsupport import DEMO_QUESTIONNAIRE, wait_for_jobs

from surveyapp.extensions import db
from surveyapp.field import tokens
from surveyapp.models import Contact, Invitation, OutgoingMail, Unit
from surveyapp.surveys.lifecycle import create_survey

pytestmark = pytest.mark.skipif(
    os.environ.get("TEST_DATABASE", "sqlite") != "postgresql", reason="a national mailing"
)
CONTACTS = 11_000


class Counting:
    """An SMTP server that counts the messages per recipient."""

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        with self.lock:
            self.received.update(envelope.rcpt_tos)
        return "250 OK"


def _national_survey(app) -> None:  # noqa: ANN001
    survey = create_survey(DEMO_QUESTIONNAIRE, "national")
    db.session.execute(
        sa.insert(Unit),
        [
            {"ags": f"09{n:06d}", "name": f"Gemeinde {n}", "land": "Bayern", "type": "Gemeinde"}
            for n in range(CONTACTS)
        ],
    )
    unit_ids = db.session.scalars(sa.select(Unit.id).order_by(Unit.id)).all()
    key = app.config["SECRET_KEY"]
    rows = []
    for unit_id in unit_ids:
        salt = tokens.new_salt()
        rows.append(
            {
                "survey_id": survey.id,
                "unit_id": unit_id,
                "salt": salt,
                "token_digest": tokens.digest(tokens.token_for(salt, key)),
            }
        )
    db.session.execute(sa.insert(Invitation), rows)
    invitation_ids = db.session.scalars(sa.select(Invitation.id).order_by(Invitation.id)).all()
    db.session.execute(
        sa.insert(Contact),
        [
            {"invitation_id": i, "name": f"Person {n}", "email": f"p{n}@example.org"}
            for n, i in enumerate(invitation_ids)
        ],
    )
    db.session.commit()


def test_eleven_thousand_contacts_each_get_one_message(app, worker):
    from aiosmtpd.controller import Controller
    from testsupport import free_port

    from surveyapp.accounts import auth

    auth.create_user("leitung@example.org", "admin", "ein langes Testpasswort")
    admin_client = app.test_client()
    admin_client.post(
        "/admin/login",
        data={"email": "leitung@example.org", "password": "ein langes Testpasswort"},
    )
    _national_survey(app)
    server = Counting()
    controller = Controller(server, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
        send = "/admin/befragungen/national/einladungen/senden"
        confirm = admin_client.post(send, data={"scope": "new"})
        assert f"{CONTACTS:,}".replace(",", ".") in confirm.text
        nonce = confirm.text.split('name="nonce" value="')[1].split('"')[0]
        queued = admin_client.post(send, data={"scope": "new", "confirm": "y", "nonce": nonce})
        assert queued.status_code == 302
        assert sum(server.received.values()) < CONTACTS, "the request did not send them"
        state = f"{queued.location}/stand"
        first = admin_client.get(state).json
        time.sleep(3)
        later = admin_client.get(state).json
        assert later["done"] > first["done"] or later["status"] == "done"
        wait_for_jobs(timeout=900)
    finally:
        controller.stop()
    assert len(server.received) == CONTACTS
    assert set(server.received.values()) == {1}
    statuses = Counter(db.session.scalars(sa.select(OutgoingMail.status)))
    assert statuses == Counter({"sent": CONTACTS})
