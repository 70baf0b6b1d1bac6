"""The respondent's session: one request through a link, from consent to submit."""

from __future__ import annotations

import pytest
from respondent import PAGE_A, stored, the_response
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound

from surveyapp.extensions import db
from surveyapp.models import Response
from surveyapp.questionnaire.codes import NOT_SHOWN
from surveyapp.responses.session import ResponseSession


def _token(link: str) -> str:
    return link.rsplit("/", 1)[1]


def test_two_contacts_consenting_at_the_same_moment_share_one_response(app, link):
    """Both opened the link before either consented: the second joins the first's response."""
    first = ResponseSession.open(_token(link), "de")
    second = ResponseSession.open(_token(link), "en")
    first.consent()
    second.consent()
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 1
    assert second.response is not None and first.response is not None
    assert second.response.id == first.response.id
    assert the_response().language == "de" and second.resume_target() == "a"


def test_a_token_that_opens_nothing_is_not_found(app):
    with pytest.raises(NotFound):
        ResponseSession.open("A" * 32, "de")


def test_a_page_is_stored_with_its_codes_and_the_route_moves_on(app, link):
    session = ResponseSession.open(_token(link), "de")
    session.consent()
    page = session.questionnaire.page("a")
    shown = {question.id for question in page.questions}
    with app.test_request_context():
        saved = session.save_page(page, MultiDict(PAGE_A), "weiter", 0, shown, set())
    assert not saved.show_again and saved.destination == "b"
    assert stored("A2") == "Sozialamt" and stored("A1_other") == NOT_SHOWN
    assert the_response().current_page == "b"


def test_submit_is_refused_while_a_visible_page_lacks_required_answers(app, link):
    session = ResponseSession.open(_token(link), "de")
    session.consent()
    with app.test_request_context():
        assert not all(section.complete for section in session.sections())
        assert session.submit() is False
    assert the_response().status == "draft"
