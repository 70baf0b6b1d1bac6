"""Delivery reports (DSN, RFC 3464) that come back after a message was accepted: the mailbox
does not exist after all, the domain is gone. Each report marks its message `bounced` and the
contact `bounced` with the reason, so no further message goes to the address and the unit's
page shows why.

The reports are read from `.eml` files (`flask mail bounces FILE…`, e.g. exported from the
mailbox that receives the bounces). The message is found by the Message-ID in the returned
headers, else by the failed address (its latest message).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage, Message

import sqlalchemy as sa

from surveyapp.accounts import audit
from surveyapp.extensions import db
from surveyapp.models import Contact, Invitation, OutgoingMail, Survey, Unit, utcnow
from surveyapp.transaction import unit_of_work


@dataclass(frozen=True)
class Bounce:
    """One failed recipient of one report."""

    recipient: str
    status: str
    reason: str
    message_id: str | None


def read_report(raw: bytes) -> list[Bounce]:
    """The permanently failed recipients of a delivery report; [] for anything else (a
    delayed-delivery notice, an auto-reply, a message that is no report at all)."""
    report = message_from_bytes(raw, policy=policy.default)
    if report.get_content_type() != "multipart/report":
        return []
    message_id = _original_message_id(report)
    bounces = []
    for part in report.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        for fields in _status_blocks(part):
            action = (fields.get("Action") or "").strip().lower()
            status = (fields.get("Status") or "").strip()
            recipient = _address(fields.get("Final-Recipient") or fields.get("Original-Recipient"))
            if action != "failed" or not status.startswith("5") or not recipient:
                continue
            diagnostic = " ".join((fields.get("Diagnostic-Code") or "").split())
            reason = f"{status} {diagnostic.partition(';')[2].strip() or diagnostic}".strip()
            bounces.append(Bounce(recipient, status, reason[:480], message_id))
    return bounces


def _status_blocks(part: Message) -> list[Message]:
    """The per-recipient blocks: the email package gives a delivery-status part as a list of
    header blocks, the first one about the report itself."""
    payload = part.get_payload()
    blocks = payload if isinstance(payload, list) else []
    return [block for block in blocks if isinstance(block, Message) and block.get("Action")]


def _original_message_id(report: EmailMessage) -> str | None:
    for part in report.walk():
        kind = part.get_content_type()
        if kind == "text/rfc822-headers":
            raw = part.get_payload(decode=True)
            headers = message_from_bytes(
                raw if isinstance(raw, bytes) else b"", policy=policy.default
            )
            return headers.get("Message-ID")
        if kind == "message/rfc822":
            inner = part.get_payload()
            original = inner[0] if isinstance(inner, list) and inner else None
            if isinstance(original, Message):
                return original.get("Message-ID")
    return None


def _address(field: str | None) -> str:
    """`rfc822; someone@example.org` → someone@example.org."""
    if not field:
        return ""
    return field.partition(";")[2].strip().strip("<>") if ";" in field else field.strip()


def _message_of(bounce: Bounce) -> OutgoingMail | None:
    if bounce.message_id:
        found = db.session.scalar(
            sa.select(OutgoingMail).where(OutgoingMail.message_id == bounce.message_id.strip())
        )
        if found is not None:
            return found
    return db.session.scalar(
        sa.select(OutgoingMail)
        .where(sa.func.lower(OutgoingMail.recipient) == bounce.recipient.lower())
        .where(OutgoingMail.status == "sent")
        .order_by(OutgoingMail.id.desc())
        .limit(1)
    )


def record(reports: Iterable[bytes]) -> tuple[int, list[str]]:
    """Mark what the reports say; returns how many messages were marked and the recipients
    no message of the app's was found for (told to the user, nothing stored for them)."""
    marked, unknown = 0, []
    with unit_of_work():
        now = utcnow()
        for raw in reports:
            for bounce in read_report(raw):
                message = _message_of(bounce)
                if message is None:
                    unknown.append(bounce.recipient)
                    continue
                message.status, message.last_answer = "bounced", bounce.reason
                marked += 1
                if message.contact_id is not None:
                    contact = db.session.get_one(Contact, message.contact_id)
                    contact.status, contact.status_reason = "bounced", bounce.reason
                    contact.status_at = now
                invitation = db.session.get_one(Invitation, message.invitation_id)
                survey = db.session.get_one(Survey, invitation.survey_id)
                unit = db.session.get_one(Unit, invitation.unit_id)
                audit.record(
                    "contact_bounced",
                    f"{survey.slug}/{unit.ags}",
                    user_email="Rückläufer",
                    status=bounce.status,
                )
    return marked, unknown
