"""Reopening and deleting a response: the change and its audit event are stored together or not
at all."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from testsupport import DEMO_QUESTIONNAIRE, FRAME

from surveyapp.extensions import db
from surveyapp.field.invitations import create_invitations
from surveyapp.models import Answer, AuditEvent, Response, utcnow
from surveyapp.responses import lifecycle
from surveyapp.surveys import frame
from surveyapp.surveys.lifecycle import create_survey


@pytest.fixture
def submitted(app) -> Response:  # noqa: ANN001
    frame.import_file(FRAME)
    survey = create_survey(DEMO_QUESTIONNAIRE, "welle")
    (invitation,) = create_invitations(survey, ["14713"])
    response = Response(
        survey_id=survey.id, unit_id=invitation.unit_id, status="submitted", submitted_at=utcnow()
    )
    response.answers.append(Answer(variable="B1", number=1))
    db.session.add(response)
    db.session.commit()
    return response


@pytest.fixture
def broken_audit(monkeypatch):  # noqa: ANN001, ANN201
    """An audit log the database refuses to write (an event without an action)."""

    def record(*_args: object, **_kwargs: object) -> AuditEvent:
        event = AuditEvent(action=None)
        db.session.add(event)
        return event

    monkeypatch.setattr(lifecycle.audit, "record", record)


def _events() -> list[tuple[str, str | None]]:
    return [(e.action, e.target) for e in db.session.scalars(db.select(AuditEvent))]


def test_a_reopened_response_and_its_event_are_stored_together(submitted):
    lifecycle.reopen(submitted, "Kommune bittet um Korrektur")
    db.session.expire_all()
    response = db.session.get(Response, submitted.id)
    assert (response.status, response.submitted_at) == ("draft", None)
    assert _events() == [("response_reopened", "welle/14713")]


def test_when_the_audit_event_fails_the_response_stays_submitted(submitted, broken_audit):
    with pytest.raises(IntegrityError):
        lifecycle.reopen(submitted, "Kommune bittet um Korrektur")
    db.session.expire_all()
    assert db.session.get(Response, submitted.id).status == "submitted"
    assert _events() == []


def test_when_the_audit_event_fails_nothing_is_deleted(submitted, broken_audit):
    with pytest.raises(IntegrityError):
        lifecycle.delete(submitted, "Widerruf per E-Mail")
    db.session.expire_all()
    assert db.session.get(Response, submitted.id) is not None
    assert db.session.scalar(db.select(db.func.count(Answer.id))) == 1
    assert _events() == []


def test_a_deleted_response_leaves_only_its_event(submitted):
    lifecycle.delete(submitted, "Widerruf per E-Mail")
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 0
    assert _events() == [("response_deleted", "welle/14713")]


def test_a_draft_is_not_reopened(submitted):
    lifecycle.reopen(submitted, "erster Versuch")
    with pytest.raises(lifecycle.NotSubmitted):
        lifecycle.reopen(submitted, "noch einmal")
    assert len(_events()) == 1
