"""Each survey owns its frame: an upload to one survey never touches another's dashboard,
data or brief; a survey's frame is shown before it is applied; units with answers stay."""

from __future__ import annotations

import io

import pytest
from testsupport import DEMO_QUESTIONNAIRE, FRAME

from evaluation import Dataset
from evaluation.reports.brief.config import parse_config_text
from surveyapp.demo.survey import load_demo
from surveyapp.extensions import db
from surveyapp.field import contacts, invitations, monitoring
from surveyapp.models import AuditEvent, Contact, Invitation, Survey, SurveyUnit, Unit
from surveyapp.publishing.publications import build_brief
from surveyapp.surveys import frame
from surveyapp.surveys.lifecycle import create_survey

#: The file of the issue: two rows for another survey, one of them re-typing Chemnitz as a
#: Landkreis, the other from another Land.
TWO_ROWS = (
    b"ags;name;land;typ;bevoelkerung\n"
    b"14511;Chemnitz;Sachsen;Landkreis;1\n"
    b"01001;Flensburg, Stadt;Schleswig-Holstein;kreisfreie Stadt;92550\n"
)


def _rows(content: bytes) -> frame.FrameFile:
    return frame.read_file(io.BytesIO(content), "rahmen.csv")


def _upload(survey: Survey, content: bytes) -> frame.Applied:
    return frame.apply(survey, _rows(content))


def _frame_size(survey: Survey) -> int:
    query = db.select(db.func.count(SurveyUnit.id)).filter_by(survey_id=survey.id)
    return db.session.scalar(query) or 0


@pytest.fixture
def other(app) -> Survey:  # noqa: ANN001
    return create_survey(DEMO_QUESTIONNAIRE, "andere-welle")


def test_an_upload_to_another_survey_leaves_the_brief_byte_identical(demo_survey, other):
    config = parse_config_text(None)
    before = build_brief(demo_survey, config)
    dashboard = monitoring.overview(demo_survey)
    data = Dataset.from_database(db.engine, demo_survey.slug)

    _upload(other, TWO_ROWS)

    assert db.session.scalar(db.select(Unit.type).filter_by(ags="14511")) == "Landkreis"
    after = build_brief(demo_survey, config)
    assert after.pdf == before.pdf
    assert after.html == before.html
    assert "Schleswig-Holstein" not in after.html
    assert monitoring.overview(demo_survey) == dashboard
    again = Dataset.from_database(db.engine, demo_survey.slug)
    assert again.survey == data.survey
    assert again.data.equals(data.data)


def test_the_dashboard_and_links_show_the_surveys_own_attributes(demo_survey, other):
    _upload(other, TWO_ROWS)
    summary = monitoring.overview(demo_survey)
    assert [land for land, _ in summary.by_land] == ["Sachsen", "Sachsen-Anhalt", "Thüringen"]
    assert summary.total.frame == 49
    chemnitz = invitations.invitation_of(demo_survey, "14511")
    assert chemnitz.member.display_name == "Chemnitz (kreisfreie Stadt)"
    assert invitations.invitation_of(other, "14511") is None
    assert monitoring.overview(other).total.frame == 0


def test_all_units_of_the_frame_are_the_surveys_own(app, other):
    third = create_survey(DEMO_QUESTIONNAIRE, "dritte-welle")
    frame.import_file(FRAME, third)
    _upload(other, TWO_ROWS)
    assert len(invitations.create_invitations(third)) == 49
    assert len(invitations.create_invitations(other)) == 2
    assert monitoring.overview(third).total.frame == 49


def test_the_plan_shows_what_would_change_and_stores_nothing(app, other):
    frame.import_file(FRAME, other)
    events = db.session.scalar(db.select(db.func.count(AuditEvent.id)))
    content = (
        b"ags;name;land;typ;bevoelkerung\n"
        b"14511;Chemnitz, Stadt;Sachsen;kreisfreie Stadt;250000\n"
        b"14521;Erzgebirgskreis;Sachsen;Landkreis;324874\n"
        b"01001;Flensburg, Stadt;Schleswig-Holstein;kreisfreie Stadt;92550\n"
    )
    plan = frame.plan(other, _rows(content).rows)
    assert [e.ags for e in plan.added] == ["01001"]
    (chemnitz,) = plan.changed
    assert chemnitz.changes == (("Bevölkerung", 240078, 250000),)
    assert plan.unchanged == 1
    assert len(plan.removable) == 47 and not plan.kept
    assert db.session.scalar(db.select(Unit).filter_by(ags="01001")) is None
    assert _frame_size(other) == 49
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) == events

    result = frame.apply(other, _rows(content))
    assert (result.added, result.changed, result.removed) == (1, 1, 47)
    assert _frame_size(other) == 3
    last = db.select(AuditEvent).filter_by(action="frame_applied").order_by(AuditEvent.id.desc())
    event = db.session.scalars(last).first()
    assert (event.target, event.detail["removed"], event.detail["file"]) == (
        "andere-welle",
        47,
        "rahmen.csv",
    )


def test_units_that_answered_stay_when_missing_from_the_file(demo_survey):
    submitted = {i.unit.ags for i in demo_survey.invitations if _status(i) == "submitted"}
    result = _upload(demo_survey, TWO_ROWS)
    assert result.kept == 18  # fourteen submitted, four started
    kept = set(frame.members(demo_survey))
    assert submitted <= kept
    assert "01001" in kept
    remaining = db.session.scalars(db.select(Invitation).filter_by(survey_id=demo_survey.id))
    assert {i.unit.ags for i in remaining} == kept - {"01001"}


def _status(invitation: Invitation) -> str | None:
    from surveyapp.responses.lifecycle import response_of

    response = response_of(invitation)
    return response.status if response else None


def test_a_unit_that_submitted_cannot_be_removed(demo_survey):
    answered = next(i for i in demo_survey.invitations if _status(i) == "submitted")
    ags = answered.unit.ags
    with pytest.raises(frame.FrameRefused, match="hat ihre Antwort abgeschickt"):
        frame.remove_unit(demo_survey, ags)
    assert ags in frame.members(demo_survey)


def test_removing_a_unit_takes_its_link_and_contacts(app, other):
    frame.import_file(FRAME, other)
    contacts.import_contacts(
        other, io.BytesIO(b"ags;name;e-mail\n14511;Kim Probe;kim@example.org\n"), "k.csv"
    )
    frame.remove_unit(other, "14511")
    assert invitations.invitation_of(other, "14511") is None
    assert db.session.scalar(db.select(db.func.count(Contact.id))) == 0
    assert "14511" not in frame.members(other)
    assert db.session.scalar(db.select(Unit).filter_by(ags="14511")) is not None
    frame.add_unit(other, "14511")
    assert frame.members(other)["14511"].type == "kreisfreie Stadt"


def test_a_draft_is_refused_when_tampered_stale_or_for_another_survey(app, other):
    rows = _rows(TWO_ROWS)
    draft = frame.draft_of(other, rows)
    assert frame.units_of_draft(other, draft) == rows
    with pytest.raises(frame.FrameRefused, match="ungültig"):
        frame.units_of_draft(other, draft[:-2] + "xx")
    third = create_survey(DEMO_QUESTIONNAIRE, "dritte-welle")
    with pytest.raises(frame.FrameRefused, match="anderen Befragung"):
        frame.units_of_draft(third, draft)
    frame.apply(other, rows)
    with pytest.raises(frame.FrameRefused, match="seit der Vorschau geändert"):
        frame.units_of_draft(other, draft)


def test_a_dissolved_unit_stays_out_of_a_later_survey_but_in_an_earlier_one(app):
    from datetime import date

    later = create_survey(DEMO_QUESTIONNAIRE, "spaeter", opens_on=date(2026, 9, 1))
    earlier = create_survey(DEMO_QUESTIONNAIRE, "frueher", opens_on=date(2019, 7, 1))
    frame.import_file(FRAME, later)
    frame.import_file(FRAME, earlier)
    assert "16056" not in frame.members(later)
    assert frame.members(earlier)["16056"].name == "Eisenach, Stadt"
    assert len(frame.members(earlier)) == 50


def test_the_demo_frame_is_its_own(app):
    demo = load_demo()
    assert len(frame.members(demo.survey)) == 49
