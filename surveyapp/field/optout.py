"""Opting out: every message carries a link (and `List-Unsubscribe`, RFC 2369 and the one-click
form of RFC 8058) with which its recipient stops all further e-mail of the survey.

The link names the contact by a signed id that never expires (an old e-mail must still work);
it opens nothing else. Opting out stops this contact only: the Kommune's link and its answers
stay, and colleagues still get their messages.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from surveyapp.accounts import audit
from surveyapp.extensions import db
from surveyapp.models import Contact, utcnow
from surveyapp.transaction import unit_of_work

SALT = "opt-out"


def _serializer() -> URLSafeSerializer:
    config = current_app.config
    return URLSafeSerializer([*config.get("SECRET_KEY_FALLBACKS", []), config["SECRET_KEY"]], SALT)


def token_of(contact: Contact) -> str:
    return token_for(contact.id)


def token_for(contact_id: int) -> str:
    return str(_serializer().dumps(contact_id))


def contact_for(token: str) -> Contact | None:
    if len(token) > 200:
        return None
    try:
        contact_id = _serializer().loads(token)
    except BadSignature:
        return None
    return db.session.get(Contact, contact_id) if isinstance(contact_id, int) else None


def opt_out(contact: Contact) -> None:
    """No more e-mail to this contact from this survey; logged. Twice is the same as once."""
    if contact.status == "opted_out":
        return
    with unit_of_work():
        contact.status, contact.status_at = "opted_out", utcnow()
        contact.status_reason = "über den Abmeldelink der E-Mail"
        invitation = contact.invitation
        audit.record(
            "contact_opted_out",
            f"{invitation.survey.slug}/{invitation.unit.ags}",
            user_email="Kontakt selbst",
        )
