"""The demo shows a survey in the field: fourteen Kommunen have answered, consistently."""

from surveyapp.demo.survey import DEMO_DRAFTS, DEMO_SUBMITTED, load_demo
from surveyapp.extensions import db
from surveyapp.models import Answer, Response
from surveyapp.questionnaire.codes import NOT_SHOWN
from surveyapp.surveys.lifecycle import questionnaire_of


def _answers(response: Response) -> dict[str, float | str | None]:
    return {a.variable: a.text if a.text is not None else a.number for a in response.answers}


def test_demo_has_fourteen_complete_submitted_responses_and_some_drafts(app):
    demo = load_demo(with_responses=True)
    variables = set(questionnaire_of(demo.survey).variables())
    responses = list(db.session.scalars(db.select(Response)))
    submitted = [r for r in responses if r.status == "submitted"]
    drafts = [r for r in responses if r.status == "draft"]
    assert (len(submitted), len(drafts)) == (DEMO_SUBMITTED, DEMO_DRAFTS)
    assert all({a.variable for a in r.answers} == variables for r in submitted)
    assert all(r.current_page and len(r.answers) < len(variables) for r in drafts)
    assert demo.invitations[0].unit_id not in {r.unit_id for r in responses}
    assert all(invitation.sent_at is not None for invitation in demo.invitations)


def test_demo_answers_follow_filters_and_hard_checks(app):
    load_demo(with_responses=True)
    for response in db.session.scalars(db.select(Response).filter_by(status="submitted")):
        answers = _answers(response)
        if answers["B1"] not in (1, 2):
            assert answers["C1"] == NOT_SHOWN
            assert answers["D1"] == NOT_SHOWN
        if answers["D1"] >= 0 and answers["D2"] >= 0:
            assert answers["D2"] <= answers["D1"]


def test_demo_without_responses_stores_no_answers(app):
    load_demo()
    assert db.session.scalar(db.select(db.func.count(Answer.id))) == 0
