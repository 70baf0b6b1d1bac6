"""How far each section (page) of a response has come, for the section overview (hub).

Colleagues of a Kommune fill in different sections, at different times, some through a
section link of their own: the hub tells each of them, per section, whether it is untouched,
being worked on, complete or holds something wrong, when it was saved last and by whom.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from surveyapp.extensions import db
from surveyapp.forms import PageForm
from surveyapp.forms.handlers import handler_for
from surveyapp.forms.handlers.base import is_missing
from surveyapp.models import PageState, Response
from surveyapp.questionnaire.journey import Journey
from surveyapp.questionnaire.model import Page


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    HAS_ERRORS = "has_errors"


@dataclass(frozen=True)
class SectionProgress:
    """One visible page: its status, when it was saved last (UTC) and the section link that
    saved it (None: the unit's own link, or never saved)."""

    page: Page
    number: int
    status: Status
    saved_at: datetime | None = None
    saved_by: str | None = None


def saved_pages(response: Response) -> dict[str, tuple[datetime, str | None]]:
    """When and by which section link each page of the response was saved last (a page
    state of revision 0 was made with the response and never saved)."""
    rows = db.session.execute(
        db.select(PageState.page_id, PageState.saved_at, PageState.saved_by).where(
            PageState.response_id == response.id, PageState.revision > 0
        )
    )
    return {page_id: (saved_at, saved_by) for page_id, saved_at, saved_by in rows}


def status_of(form: PageForm, saved: bool) -> Status:
    """A page never saved has not been started. A saved page is complete when "Weiter" would
    accept it (soft reminders aside), has errors when an answer given breaks a check (a
    "Zwischenspeichern" stores it unchecked), and is in progress while required answers are
    only missing: missing is not wrong."""
    if not saved:
        return Status.NOT_STARTED
    outcome = form.validate(strict=True, ignore_soft=True)
    if outcome.ok:
        return Status.COMPLETE
    merged = form.merged()
    for question in form.visible():
        if not outcome.errors.get(question.id):
            continue
        values = {
            name: None if is_missing(merged.get(name)) else merged.get(name)
            for name in question.variables()
        }
        if handler_for(question).is_answered(question, values):
            return Status.HAS_ERRORS
    return Status.IN_PROGRESS


def progress(
    response: Response, journey: Journey, form_of: Callable[[Page], PageForm]
) -> list[SectionProgress]:
    """Every visible page of the response's route, in order, with how far it has come."""
    saved = saved_pages(response)
    sections = []
    for number, page in enumerate(journey.pages, start=1):
        saved_at, saved_by = saved.get(page.id, (None, None))
        status = status_of(form_of(page), page.id in saved)
        sections.append(SectionProgress(page, number, status, saved_at, saved_by))
    return sections
