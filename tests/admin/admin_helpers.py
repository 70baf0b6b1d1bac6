"""Helpers shared by the researcher-area tests (importable, unlike conftest)."""

from __future__ import annotations

from email import message_from_bytes
from email.message import Message

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from surveyapp.extensions import db
from surveyapp.models import Invitation, Survey, Unit

PASSWORD = "ein langes Testpasswort"  # noqa: S105


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> TestResponse:
    return client.post("/admin/login", data={"email": email, "password": password})


def invitation_of(survey: Survey, ags: str) -> Invitation:
    return db.session.scalar(
        db.select(Invitation).join(Unit).where(Invitation.survey_id == survey.id, Unit.ags == ags)
    )


class Collector:
    """An aiosmtpd handler that keeps every message it is given, parsed."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001, ANN201, N802
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]
