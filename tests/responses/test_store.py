"""The store of answers: a save that loses the race against a submit stores nothing."""

from __future__ import annotations

import pytest
from respondent import finish, stored, the_response

from surveyapp.extensions import db
from surveyapp.models import Survey
from surveyapp.responses.store import ChangedBy, ResponseLocked, save_page
from surveyapp.surveys.lifecycle import questionnaire_of
from surveyapp.transaction import unit_of_work

LINK_ON_A = ChangedBy("link", "a")


def test_a_save_that_arrives_after_the_submit_changes_nothing(respondent, app):
    """Two colleagues: one submits while the other's page is still open. The late save is
    refused by the same conditional update that locks the response, not by an earlier read."""
    finish(respondent)
    loaded = respondent.open("a")
    respondent.client.post(f"{respondent.link}/absenden")
    response = the_response()
    questionnaire = questionnaire_of(db.session.get(Survey, response.survey_id))
    with pytest.raises(ResponseLocked), unit_of_work():
        save_page(response, questionnaire, "a", {"A2": "Spät"}, int(loaded["revision"]), LINK_ON_A)
    assert stored("A2") == "Sozialamt"
