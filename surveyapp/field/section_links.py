"""Section links: the unit's lead contact hands chosen sections to a colleague.

A Kommune's questionnaire is rarely filled in by one person: the Jugendamt knows section E,
the Kämmerei the figures of D. The lead contact (who holds the unit's own link) makes a link
for the colleague, names it, and picks its sections; the link opens those pages of the same
response, is recorded by its name when it saves, and cannot submit: the answers stay the
lead contact's to send. Tokens are made and stored as the unit's link (`field.tokens`), so a
copy of the database opens nothing, and a link is revoked the same way.
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from flask import current_app

from surveyapp.accounts import audit
from surveyapp.extensions import db
from surveyapp.field import tokens
from surveyapp.field.invitations import link_keys, public_url
from surveyapp.models import Invitation, SectionLink, utcnow
from surveyapp.transaction import unit_of_work

NAME_LENGTH = 100
#: More links than any Kommune has departments: a bound on what one leaked unit link can make.
MAX_LINKS = 30


class Refusal(StrEnum):
    """Why a section link was not made; the page says it in the respondent's language."""

    NO_NAME = "no_name"
    NAME_TOO_LONG = "name_too_long"
    NO_SECTION = "no_section"
    UNKNOWN_SECTION = "unknown_section"
    TOO_MANY = "too_many"


class LinkRefused(ValueError):
    def __init__(self, refusals: list[Refusal]) -> None:
        super().__init__(", ".join(refusals))
        self.refusals = refusals


def clean_name(name: str) -> str:
    """The name as the hub shows it: control characters dropped, spaces collapsed."""
    printable = "".join(c if c.isprintable() else " " for c in name)
    return " ".join(printable.split())


def active_links(invitation: Invitation) -> list[SectionLink]:
    return [link for link in invitation.section_links if link.revoked_at is None]


def _refusals(
    invitation: Invitation, name: str, page_ids: Collection[str], pages: Collection[str]
) -> list[Refusal]:
    refusals = []
    if not name:
        refusals.append(Refusal.NO_NAME)
    elif len(name) > NAME_LENGTH:
        refusals.append(Refusal.NAME_TOO_LONG)
    if not page_ids:
        refusals.append(Refusal.NO_SECTION)
    elif not set(page_ids) <= set(pages):
        refusals.append(Refusal.UNKNOWN_SECTION)
    if len(active_links(invitation)) >= MAX_LINKS:
        refusals.append(Refusal.TOO_MANY)
    return refusals


def create(
    invitation: Invitation, name: str, page_ids: Collection[str], pages: Collection[str]
) -> SectionLink:
    """A new section link of the unit for the chosen `page_ids` (of the questionnaire's
    `pages`, kept in their order), or `LinkRefused` with every reason and nothing stored."""
    name = clean_name(name)
    refusals = _refusals(invitation, name, page_ids, pages)
    if refusals:
        raise LinkRefused(refusals)
    salt = tokens.new_salt()
    token = tokens.token_for(salt, current_app.config["SECRET_KEY"])
    chosen = " ".join(page for page in pages if page in page_ids)
    with unit_of_work():
        link = SectionLink(
            invitation=invitation,
            name=name,
            pages=chosen,
            salt=salt,
            token_digest=tokens.digest(token),
        )
        db.session.add(link)
        audit.record("section_link_created", _target(invitation), sections=chosen)
    return link


def revoke(invitation: Invitation, link_id: int) -> bool:
    """The unit's section link stops working at once; what it saved stays. False if the unit
    has no such link (another unit's id is never touched)."""
    link = next((link for link in active_links(invitation) if link.id == link_id), None)
    if link is None:
        return False
    with unit_of_work():
        link.revoked_at = utcnow()
        audit.record("section_link_revoked", _target(invitation), sections=link.pages)
    return True


def url_of(link: SectionLink) -> str:
    """The link as the lead contact passes it on, absolute; printed again the same each time."""
    token = tokens.token_as_sent(link.salt, link.token_digest, link_keys())
    if token is None:
        token = tokens.token_for(link.salt, current_app.config["SECRET_KEY"])
    return public_url("respond.start", token=token)


def _target(invitation: Invitation) -> str:
    return f"{invitation.survey.slug}/{invitation.unit.ags}"
