"""Invitations: one personal link per unit and survey, shared by the unit's contacts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app, url_for

from surveyapp import tokens
from surveyapp.extensions import db
from surveyapp.models import Invitation, Survey, Unit, utcnow


class InvitationError(ValueError):
    """A request about invitations that cannot be carried out; the message is for the user."""


@dataclass(frozen=True)
class Link:
    unit: Unit
    url: str


def survey_by_slug(slug: str) -> Survey:
    survey = db.session.scalar(db.select(Survey).filter_by(slug=slug))
    if survey is None:
        raise InvitationError(f"Keine Befragung mit dem Kurznamen „{slug}“.")
    return survey


def create_invitations(survey: Survey, ags_keys: Iterable[str] | None = None) -> list[Invitation]:
    """Invites the given units (default: every unit that still exists); existing ones are kept,
    so running it twice never invalidates a link that is already out."""
    query = db.select(Unit).order_by(Unit.ags)
    if ags_keys is not None:
        wanted = [key.strip() for key in ags_keys if key.strip()]
        units = list(db.session.scalars(query.where(Unit.ags.in_(wanted))))
        missing = sorted(set(wanted) - {u.ags for u in units})
        if missing:
            raise InvitationError(f"Unbekannte Schlüssel: {', '.join(missing)}.")
    else:
        units = list(db.session.scalars(query.where(Unit.valid_until.is_(None))))
    existing = {
        inv.unit_id: inv
        for inv in db.session.scalars(db.select(Invitation).filter_by(survey_id=survey.id))
    }
    result = []
    for unit in units:
        invitation = existing.get(unit.id)
        if invitation is None:
            invitation = new_invitation(survey, unit)
            db.session.add(invitation)
        result.append(invitation)
    db.session.commit()
    return result


def new_invitation(survey: Survey, unit: Unit) -> Invitation:
    salt = tokens.new_salt()
    token = tokens.token_for(salt, current_app.config["SECRET_KEY"])
    return Invitation(survey=survey, unit=unit, salt=salt, token_digest=tokens.digest(token))


def token_of(invitation: Invitation) -> str:
    return tokens.token_for(invitation.salt, current_app.config["SECRET_KEY"])


def link_of(invitation: Invitation) -> str:
    """The respondent's personal link, absolute, for letters and e-mails."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    with current_app.test_request_context(base_url=base):
        return url_for("respond.start", token=token_of(invitation), _external=True)


def find_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(db.select(Invitation).filter_by(token_digest=tokens.digest(token)))


def revoke(invitation: Invitation) -> None:
    invitation.revoked_at = utcnow()
    db.session.commit()
