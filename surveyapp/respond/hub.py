"""The section overview (hub) in words: each visible section with its status, when it was
saved last (Berlin time, in the page's language) and, when a colleague's section link saved
it, that link's name ("E: in Bearbeitung, Jugendamt")."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup

from surveyapp.respond.views import in_language, local_time
from surveyapp.responses.progress import SectionProgress, Status
from surveyapp.responses.session import ResponseSession


def status_text(status: Status) -> str:
    return {
        Status.NOT_STARTED: _("nicht begonnen"),
        Status.IN_PROGRESS: _("in Bearbeitung"),
        Status.COMPLETE: _("vollständig"),
        Status.HAS_ERRORS: _("mit Fehlern"),
    }[status]


@dataclass(frozen=True)
class HubEntry:
    letter: str
    title: Markup
    status: Status
    status_text: str
    saved_at: str
    saved_by: str | None
    #: The section's page, or "" where this link does not open it.
    url: str


def _saved_by(section: SectionProgress, handed_off: bool) -> str | None:
    """The section link's name; once the unit has handed sections on, a page its own link
    saved says so too, so "who" is never a guess."""
    if section.saved_by or section.saved_at is None or not handed_off:
        return section.saved_by
    return _("Link der Kommune")


def hub_entries(session: ResponseSession, sections: list[SectionProgress]) -> list[HubEntry]:
    access = session.access
    handed_off = bool(access.invitation.section_links)
    return [
        HubEntry(
            letter=section.page.id.upper(),
            title=in_language(section.page.title, session.language),
            status=section.status,
            status_text=status_text(section.status),
            saved_at=local_time(section.saved_at, session.language),
            saved_by=_saved_by(section, handed_off),
            url=url_for("respond.page", token=access.token, page_id=section.page.id)
            if access.may_open(section.page.id)
            else "",
        )
        for section in sections
    ]
