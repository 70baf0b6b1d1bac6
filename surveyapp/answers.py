"""Storing answers: one row per response × variable, saved one page at a time.

Several contacts of a Kommune share one response, so two of them may edit the same page at
once. Each page has a revision (`PageState`); a page is saved only if its revision is still the
one the person loaded, checked and raised by one conditional UPDATE in the same transaction as
the answers. If someone else saved in between, nothing is stored and the caller is told, so no
answer is ever overwritten unseen.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from surveyapp.extensions import db
from surveyapp.models import Answer, Invitation, PageState, Response, utcnow
from surveyapp.questionnaire import clean_hidden
from surveyapp.questionnaire.codes import NO_ANSWER
from surveyapp.questionnaire.model import Questionnaire


class PageConflict(Exception):
    """Someone else saved the page since it was loaded; nothing was stored."""


class ResponseLocked(Exception):
    """The response was submitted; it cannot change any more."""


def encode(value: Any) -> tuple[float | None, str | None]:
    """(number, text) columns of an Answer row: codes and numbers in `number`, text in `text`."""
    if value is None:
        return float(NO_ANSWER), None
    if isinstance(value, bool):
        return float(int(value)), None
    if isinstance(value, int | float):
        return float(value), None
    return None, str(value)


def decode(number: float | None, text: str | None) -> Any:
    if number is not None:
        return int(number) if float(number).is_integer() else number
    return text


def response_for(invitation: Invitation, questionnaire: Questionnaire) -> Response:
    """The unit's one response, created on first use; safe when two contacts start at once."""
    query = select(Response).filter_by(survey_id=invitation.survey_id, unit_id=invitation.unit_id)
    response = db.session.scalar(query)
    if response is not None:
        return response
    response = Response(survey_id=invitation.survey_id, unit_id=invitation.unit_id)
    response.page_states = [PageState(page_id=page.id, revision=0) for page in questionnaire.pages]
    db.session.add(response)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        response = db.session.scalar(query)
        if response is None:
            raise
    return response


def find_response(invitation: Invitation) -> Response | None:
    return db.session.scalar(
        select(Response).filter_by(survey_id=invitation.survey_id, unit_id=invitation.unit_id)
    )


def load_answers(response: Response) -> dict[str, Any]:
    """All stored answers of a response, keyed by variable name, as Python values."""
    rows = db.session.execute(
        select(Answer.variable, Answer.number, Answer.text).where(Answer.response_id == response.id)
    )
    return {variable: decode(number, text) for variable, number, text in rows}


def page_revision(response: Response, page_id: str) -> int:
    revision = db.session.scalar(
        select(PageState.revision).filter_by(response_id=response.id, page_id=page_id)
    )
    return revision or 0


def _raise_revision(response: Response, page_id: str, loaded: int) -> None:
    result = db.session.execute(
        update(PageState)
        .where(
            PageState.response_id == response.id,
            PageState.page_id == page_id,
            PageState.revision == loaded,
        )
        .values(revision=PageState.revision + 1, saved_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 1:
        return
    exists = db.session.scalar(
        select(PageState.revision).filter_by(response_id=response.id, page_id=page_id)
    )
    if exists is not None or loaded != 0:
        raise PageConflict(page_id)
    db.session.add(PageState(response_id=response.id, page_id=page_id, revision=1))
    db.session.flush()


def _write(response: Response, values: Mapping[str, Any]) -> None:
    if not values:
        return
    existing = {
        row.variable: row
        for row in db.session.scalars(
            select(Answer).where(
                Answer.response_id == response.id, Answer.variable.in_(list(values))
            )
        )
    }
    for variable, value in values.items():
        number, text = encode(value)
        row = existing.get(variable)
        if row is None:
            db.session.add(
                Answer(response_id=response.id, variable=variable, number=number, text=text)
            )
        else:
            row.number, row.text = number, text


def _touch_draft(response: Response) -> bool:
    """Marks the draft as changed, or tells that it is locked. One conditional UPDATE, so a save
    and a submit of the same response are serialised by the database: the save lands before
    the submit, or sees the lock and stores nothing."""
    result = db.session.execute(
        update(Response)
        .where(Response.id == response.id, Response.status == "draft")
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def save_page(
    response: Response,
    questionnaire: Questionnaire,
    page_id: str,
    values: Mapping[str, Any],
    loaded_revision: int,
    next_page: str | None = None,
) -> int:
    """Store a page's variables if nobody saved the page since `loaded_revision`.

    Answers to questions that the new answers hide are discarded in the same transaction.
    Returns the new revision; raises PageConflict or ResponseLocked and then stores nothing.
    """
    try:
        if not _touch_draft(response):
            raise ResponseLocked
        _raise_revision(response, page_id, loaded_revision)
        _write(response, values)
        db.session.flush()
        answers = load_answers(response)
        cleaned = clean_hidden(questionnaire, answers)
        _write(response, {k: v for k, v in cleaned.items() if answers.get(k) != v})
        if next_page is not None:
            response.current_page = next_page
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise PageConflict(page_id) from error
    except (PageConflict, ResponseLocked):
        db.session.rollback()
        raise
    return page_revision(response, page_id)


def set_current_page(response: Response, page_id: str | None) -> None:
    response.current_page = page_id
    db.session.commit()


def record_consent(response: Response, first_page: str | None, language: str) -> None:
    """Consent starts the response; the language it was given in is kept for the researchers."""
    if response.consent_at is None:
        response.consent_at = utcnow()
        response.language = language
    if response.current_page is None:
        response.current_page = first_page
    db.session.commit()


def submit(response: Response, questionnaire: Questionnaire) -> bool:
    """Lock the response. Every variable gets a value: hidden ones "not shown", the rest of the
    unanswered "not answered". False if it was already submitted (a double click is harmless)."""
    result = db.session.execute(
        update(Response)
        .where(Response.id == response.id, Response.status == "draft")
        .values(status="submitted", submitted_at=utcnow(), updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        return False
    answers = load_answers(response)
    cleaned = clean_hidden(questionnaire, answers)
    complete = {name: cleaned.get(name, NO_ANSWER) for name in questionnaire.variables()}
    complete = {name: NO_ANSWER if v is None else v for name, v in complete.items()}
    _write(response, {k: v for k, v in complete.items() if answers.get(k) != v})
    db.session.commit()
    db.session.refresh(response)
    return True
