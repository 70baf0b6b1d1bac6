"""The audit log: who did what, when, in the researcher area.

An event is written by the service that does what it records, inside that service's unit of
work (`surveyapp.transaction`), so the action and its record are stored together or not at all.
Events keep the user's e-mail beside the id, so the log still says who acted after an account
is gone; they never hold answers or contact data, only what was done to which object.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from flask import has_request_context
from flask_login import current_user

from surveyapp.extensions import db
from surveyapp.models import AuditEvent

#: German wording of each action, for the log page.
ACTIONS = {
    "login": "Anmeldung",
    "login_failed": "Anmeldung fehlgeschlagen",
    "logout": "Abmeldung",
    "password_set": "Passwort gesetzt",
    "user_created": "Konto angelegt",
    "user_updated": "Konto geändert",
    "survey_created": "Befragung angelegt",
    "survey_opened": "Befragung geöffnet",
    "survey_scheduled": "Befragung geplant (öffnet am Starttag)",
    "survey_closed": "Befragung geschlossen",
    "survey_updated": "Befragung geändert",
    "frame_imported": "Kommunen importiert",
    "frame_applied": "Kommunen der Befragung geladen",
    "frame_unit_added": "Kommune in die Befragung aufgenommen",
    "frame_unit_removed": "Kommune aus der Befragung entfernt",
    "contacts_imported": "Kontakte importiert",
    "contacts_purged": "Kontaktdaten gelöscht",
    "contact_opted_out": "Kontakt hat sich abgemeldet",
    "contact_bounced": "Adresse unzustellbar (Rückläufer)",
    "contact_changed": "Kontakt geändert",
    "contact_deleted": "Kontakt gelöscht",
    "invitations_queued": "Einladungen in die Warteschlange gestellt",
    "reminders_queued": "Erinnerungen in die Warteschlange gestellt",
    "invitations_created": "Einladungen erzeugt",
    "invitations_sent": "Einladungen versandt",
    "reminders_sent": "Erinnerungen versandt",
    "mail_template_saved": "E-Mail-Vorlage geändert",
    "mail_template_removed": "Englische E-Mail-Vorlage gelöscht",
    "links_exported": "Links exportiert",
    "follow_up_exported": "Nachfassliste exportiert",
    "link_revoked": "Link gesperrt",
    "link_renewed": "Neuer Link erzeugt",
    "survey_legal_texts_updated": "Datenschutz, Impressum und Barrierefreiheit geändert",
    "confirmation_queued": "Eingangsbestätigung angefordert (Kommune)",
    "section_link_created": "Abschnitts-Link von der Kommune erstellt",
    "section_link_revoked": "Abschnitts-Link von der Kommune gesperrt",
    "response_viewed": "Antworten angesehen",
    "response_reopened": "Antwort wieder geöffnet",
    "response_deleted": "Antwort gelöscht",
    "answer_history_exported": "Änderungsverlauf exportiert",
    "data_downloaded": "Daten heruntergeladen",
    "feedback_downloaded": "Rückmeldeberichte heruntergeladen",
    "job_started": "Auftrag gestartet",
    "brief_downloaded": "Ergebnisbericht heruntergeladen",
    "brief_built": "Ergebnisbericht erstellt",
    "brief_previewed": "Vorschau des Ergebnisberichts angesehen",
    "brief_published": "Ergebnisbericht veröffentlicht",
    "brief_unpublished": "Veröffentlichung zurückgezogen",
}


def record(
    action: str,
    target: str | None = None,
    *,
    user_email: str | None = None,
    user_id: int | None = None,
    **detail: Any,
) -> AuditEvent:
    """Logs one action by the logged-in user (or the given one, e.g. from the command line).

    It only adds the event to the session: the calling service's unit of work commits it.
    """
    if user_email is None and has_request_context() and current_user.is_authenticated:
        user_email, user_id = current_user.email, current_user.user_id
    event = AuditEvent(
        user_id=user_id,
        user_email=user_email,
        action=action,
        target=target,
        detail=detail or None,
    )
    db.session.add(event)
    return event


def describe(action: str) -> str:
    return ACTIONS.get(action, action)


#: Beyond this page every search is empty anyway; a larger number must not reach the database
#: (an offset past its integer range is an error there, not an empty page).
MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class Search:
    """What the log page asks for; every part is optional. Dates are UTC days, both included."""

    action: str | None = None
    since: date | None = None
    until: date | None = None
    who: str | None = None
    target: str | None = None


def recent(page: int = 1, per_page: int = 100, search: Search | None = None) -> list[AuditEvent]:
    """Newest first; a data-protection question ("who looked at Kommune 14511's answers in
    March?") is one search."""
    search = search or Search()
    query = db.select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if search.action:
        query = query.filter_by(action=search.action)
    if search.since:
        query = query.where(AuditEvent.at >= datetime.combine(search.since, time.min))
    if search.until:
        query = query.where(AuditEvent.at <= datetime.combine(search.until, time.max))
    if search.who:
        email = sa.func.lower(AuditEvent.user_email)
        query = query.where(email.contains(search.who.strip().lower(), autoescape=True))
    if search.target:
        query = query.where(AuditEvent.target.contains(search.target.strip(), autoescape=True))
    page = min(page, MAX_PAGE)
    return list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
