"""Invitations: one personal link per unit and survey, shared by the unit's contacts; creating,
revoking and renewing a link each commit on their own, a researcher's with its audit event."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import ColumnElement

from surveyapp.accounts import audit
from surveyapp.extensions import db
from surveyapp.field import access_code, tokens
from surveyapp.models import Invitation, Survey, SurveyUnit, Unit, utcnow
from surveyapp.surveys import frame
from surveyapp.transaction import unit_of_work

log = logging.getLogger(__name__)


class InvitationError(ValueError):
    """A request about invitations that cannot be carried out; the message is for the user."""


@dataclass(frozen=True)
class Link:
    unit: Unit
    url: str


def create_invitations(survey: Survey, ags_keys: Iterable[str] | None = None) -> list[Invitation]:
    """Invites the given units of the register, which join the survey's frame, or (default)
    every unit of the survey's own frame; existing links are kept, so running it twice never
    invalidates a link that is already out."""
    with unit_of_work():
        return _invite(survey, ags_keys)


def invite(survey: Survey, ags_keys: Iterable[str] | None = None) -> int:
    """A researcher's `create_invitations`, logged; returns the count."""
    with unit_of_work():
        before = count_invitations(survey)
        result = _invite(survey, ags_keys)
        audit.record(
            "invitations_created", survey.slug, units=len(result), new=len(result) - before
        )
    return len(result)


def _invite(survey: Survey, ags_keys: Iterable[str] | None) -> list[Invitation]:
    query = db.select(Unit).order_by(Unit.ags)
    if ags_keys is not None:
        wanted = [key.strip() for key in ags_keys if key.strip()]
        units = list(db.session.scalars(query.where(Unit.ags.in_(wanted))))
        missing = sorted(set(wanted) - {u.ags for u in units})
        if missing:
            raise InvitationError(f"Unbekannte Schlüssel: {', '.join(missing)}.")
    else:
        own = db.select(SurveyUnit.unit_id).where(SurveyUnit.survey_id == survey.id)
        units = list(db.session.scalars(query.where(Unit.id.in_(own))))
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
    db.session.flush()
    return result


def new_invitation(survey: Survey, unit: Unit) -> Invitation:
    """An invitation with a fresh link, its unit in the survey's frame; the caller adds it to
    the session."""
    frame.join(survey, unit)
    invitation = Invitation(survey=survey, unit=unit)
    _new_link(invitation)
    return invitation


def _new_link(invitation: Invitation) -> None:
    """A fresh salt: a new link and, with it, a new access code."""
    salt = tokens.new_salt()
    key = current_app.config["SECRET_KEY"]
    invitation.salt, invitation.token_digest = salt, tokens.digest(tokens.token_for(salt, key))
    invitation.code_digest = access_code.digest(access_code.make(salt, key))


def _plain(code: str) -> str:
    return code.replace("-", "")


def count_invitations(survey: Survey) -> int:
    query = db.select(db.func.count(Invitation.id)).filter_by(survey_id=survey.id)
    return db.session.scalar(query) or 0


def invitation_of(survey: Survey, ags: str) -> Invitation | None:
    """The survey's invitation of the unit with this key, if it has one."""
    return db.session.scalar(
        db.select(Invitation)
        .join(Unit, Unit.id == Invitation.unit_id)
        .where(Invitation.survey_id == survey.id, Unit.ags == ags)
    )


def member_of_invitation() -> ColumnElement[bool]:
    """The join from an invitation to its unit as the survey knows it (`Invitation.member`),
    for queries that read plain rows."""
    return (SurveyUnit.survey_id == Invitation.survey_id) & (
        SurveyUnit.unit_id == Invitation.unit_id
    )


def link_keys() -> list[str]:
    """The current secret key first, then the earlier ones that still open their links."""
    config = current_app.config
    return [config["SECRET_KEY"], *(config.get("SECRET_KEY_FALLBACKS") or [])]


def token_of(invitation: Invitation) -> str:
    """The link's token as it was sent, so a reminder after a key change repeats the same link.

    A link whose key has been retired cannot be made again: then the token under the current
    key is returned (it opens nothing until the link is renewed), and the operator is warned.
    """
    return _token(invitation.salt, invitation.token_digest, lambda: _target(invitation))


def _token(salt: str, digest: str, target: Callable[[], str]) -> str:
    token = tokens.token_as_sent(salt, digest, link_keys())
    if token is None:
        log.warning(
            "Link %s was made with a secret key that is no longer configured; renew it.",
            target(),
        )
        return tokens.token_for(salt, current_app.config["SECRET_KEY"])
    return token


def link_of(invitation: Invitation) -> str:
    """The respondent's personal link, absolute, for letters and e-mails."""
    return public_url("respond.start", token=token_of(invitation))


def link_from(salt: str, digest: str, target: str) -> str:
    """As `link_of`, from the invitation's stored salt and digest (a mailing reads them as
    plain values); `target` names the link in the operator's warning."""
    return public_url("respond.start", token=_token(salt, digest, lambda: target))


def code_from(salt: str, digest: str) -> str:
    """The access code printed beside the link (ACDE-FGHJ-KMNP), made under the key that made
    the link, so a reminder after a key change repeats the same code."""
    for key in link_keys():
        if tokens.token_as_sent(salt, digest, [key]) is not None:
            return access_code.formatted(access_code.make(salt, key))
    return access_code.formatted(access_code.make(salt, current_app.config["SECRET_KEY"]))


def ensure_codes(survey: Survey) -> int:
    """Gives every link of the survey made before access codes existed its code's digest, so
    each code that is printed also opens; the caller's unit of work stores it. Returns how
    many links got one (after the first mailing or export: none)."""
    rows = db.session.execute(
        db.select(Invitation.id, Invitation.salt, Invitation.token_digest).where(
            Invitation.survey_id == survey.id, Invitation.code_digest.is_(None)
        )
    ).all()
    updates = [
        {
            "id": row.id,
            "code_digest": access_code.digest(_plain(code_from(row.salt, row.token_digest))),
        }
        for row in rows
    ]
    if updates:
        db.session.execute(db.update(Invitation), updates)
    return len(updates)


def code_of(invitation: Invitation) -> str:
    return code_from(invitation.salt, invitation.token_digest)


def find_by_code(code: str) -> Invitation | None:
    """The invitation of a well-formed access code (see `access_code.read`), if a key still
    configured made it; the token to open is then `token_of(invitation)`."""
    invitation = db.session.scalar(
        db.select(Invitation).filter_by(code_digest=access_code.digest(code))
    )
    if invitation is None:
        return None
    made = any(access_code.make(invitation.salt, key) == code for key in link_keys())
    return invitation if made else None


def public_url(endpoint: str, **values: str) -> str:
    """An absolute URL under PUBLIC_BASE_URL, built without a request context.

    A made-up request per link (`test_request_context`) fails to match its own path and leaves
    the NotFound with its traceback and frames as cyclic garbage, hundreds of them for a frame of
    Kommunen. The collections this forces run in the middle of the ORM's attribute writes, where
    CPython 3.11 frees an object's attribute values twice if a weak-reference callback (SQLAlchemy
    forgetting a collected instance) writes to the same object: `flask invitations create` with
    400 units crashed at exit (rc 139). Building from the URL map alone makes no garbage.
    """
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"].rstrip("/"))
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "http"
    )
    return adapter.build(endpoint, values, force_external=True)


def find_by_token(token: str) -> Invitation | None:
    """The invitation of a link, if a key still configured made it (see `field.tokens`)."""
    if not token or len(token) > 100:
        return None
    invitation = db.session.scalar(
        db.select(Invitation).filter_by(token_digest=tokens.digest(token))
    )
    if invitation is None or not tokens.made_with(token, invitation.salt, link_keys()):
        return None
    return invitation


def revoke(invitation: Invitation) -> None:
    """The link stops working at once; the unit's answers so far stay. Logged."""
    with unit_of_work():
        invitation.revoked_at = utcnow()
        audit.record("link_revoked", _target(invitation))


def renew(invitation: Invitation) -> None:
    """A new link, the old one dead, not yet sent to anyone. Logged."""
    with unit_of_work():
        _new_link(invitation)
        invitation.revoked_at = None
        invitation.sent_at = None
        audit.record("link_renewed", _target(invitation))


def _target(invitation: Invitation) -> str:
    return f"{invitation.survey.slug}/{invitation.unit.ags}"
