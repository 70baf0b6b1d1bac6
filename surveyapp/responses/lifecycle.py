"""What the research team does to a unit's response: read it, reopen it, delete it; each logged.

A response is a draft until the unit submits it and locked after; only a researcher can unlock
it again (reopen, on the unit's request) or delete it. Each of these actions and its audit
event are one unit of work (`surveyapp.transaction`): stored together or not at all.
"""

from __future__ import annotations

from typing import Any

from surveyapp.accounts import audit
from surveyapp.extensions import db
from surveyapp.models import Invitation, Response, Survey, Unit, utcnow
from surveyapp.responses.store import find_response, load_answers
from surveyapp.transaction import unit_of_work


class NotSubmitted(ValueError):
    """Only a submitted response can be reopened; the message is for the user."""

    def __init__(self) -> None:
        super().__init__("Die Antwort ist nicht abgeschickt und muss nicht wieder geöffnet werden.")


def response_of(invitation: Invitation) -> Response | None:
    """The unit's response in the invitation's survey, if it has started one."""
    return find_response(invitation)


def can_reopen(response: Response) -> bool:
    return response.status == "submitted"


def review(response: Response) -> dict[str, Any]:
    """The stored answers, for a researcher to read; that someone read them is logged."""
    with unit_of_work():
        answers = load_answers(response)
        audit.record("response_viewed", _target(response))
    return answers


def reopen(response: Response, reason: str) -> None:
    """Back to a draft the unit can complete through its link; the reason goes into the log."""
    if not can_reopen(response):
        raise NotSubmitted()
    with unit_of_work():
        response.status, response.submitted_at = "draft", None
        audit.record("response_reopened", _target(response), reason=reason)


def delete(response: Response, reason: str) -> None:
    """The response and all its answers, on the unit's request; the reason goes into the log.
    The unit has withdrawn: no reminder reaches it any more."""
    target = _target(response)
    with unit_of_work():
        invitation = db.session.scalar(
            db.select(Invitation).filter_by(survey_id=response.survey_id, unit_id=response.unit_id)
        )
        if invitation is not None and invitation.withdrawn_at is None:
            invitation.withdrawn_at = utcnow()
        db.session.delete(response)
        audit.record("response_deleted", target, reason=reason)


def _target(response: Response) -> str:
    """`slug/ags`, how the audit log names a unit's response."""
    survey = db.session.get_one(Survey, response.survey_id)
    unit = db.session.get_one(Unit, response.unit_id)
    return f"{survey.slug}/{unit.ags}"
