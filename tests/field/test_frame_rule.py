"""One frame for the dashboard and the findings brief: revoked links leave it, submitters stay."""

from __future__ import annotations

from collections import Counter

import pytest
from testsupport import DEMO_QUESTIONNAIRE, FRAME

from evaluation import Dataset
from surveyapp.extensions import db
from surveyapp.field import invitations, monitoring
from surveyapp.models import Invitation, Response, Survey, utcnow
from surveyapp.surveys import frame
from surveyapp.surveys.lifecycle import create_survey

#: Leipzig (Stadt) answered; Chemnitz started and lost its link; Dresden answered and got a new
#: link afterwards; Zwickau answered and lost its link; Erzgebirgskreis was never written to.
ANSWERED, REVOKED, RENEWED, REVOKED_AFTER, UNTOUCHED = "14713", "14511", "14612", "14524", "14521"


def _respond(invitation: Invitation, status: str) -> None:
    now = utcnow()
    db.session.add(
        Response(
            survey_id=invitation.survey_id,
            unit_id=invitation.unit_id,
            status=status,
            started_at=now,
            submitted_at=now if status == "submitted" else None,
        )
    )
    db.session.commit()


@pytest.fixture
def survey(app) -> Survey:  # noqa: ANN001
    frame.import_file(FRAME)
    survey = create_survey(DEMO_QUESTIONNAIRE, "rahmen")
    keys = [ANSWERED, REVOKED, RENEWED, REVOKED_AFTER, UNTOUCHED]
    by_ags = {i.unit.ags: i for i in invitations.create_invitations(survey, keys)}
    for ags in (ANSWERED, REVOKED, RENEWED, REVOKED_AFTER):
        by_ags[ags].sent_at = utcnow()
    db.session.commit()
    _respond(by_ags[ANSWERED], "submitted")
    _respond(by_ags[REVOKED], "draft")
    _respond(by_ags[RENEWED], "submitted")
    _respond(by_ags[REVOKED_AFTER], "submitted")
    invitations.revoke(by_ags[REVOKED])
    invitations.revoke(by_ags[RENEWED])
    invitations.renew(by_ags[RENEWED])
    invitations.revoke(by_ags[REVOKED_AFTER])
    return survey


def test_the_dashboard_counts_the_frame_of_the_brief(survey):
    total = monitoring.overview(survey).total
    # Chemnitz left with its link; Dresden, renewed and not sent again, was reached all the same.
    assert total == monitoring.Counts(frame=4, invited=3, started=3, submitted=3)


PARTS = ("frame", "invited", "submitted")


def _figures(groups: list[tuple[str, monitoring.Counts]]) -> Counter[tuple[str, str]]:
    return Counter({(name, part): getattr(c, part) for name, c in groups for part in PARTS})


def test_dashboard_and_brief_agree_by_land_and_by_type(survey):
    summary = monitoring.overview(survey)
    brief = Dataset.from_database(db.engine, survey.slug).survey
    by_land: Counter[tuple[str, str]] = Counter()
    by_type: Counter[tuple[str, str]] = Counter()
    for cell in brief.response:
        for part in PARTS:
            by_land[(cell.land, part)] += getattr(cell, part)
            by_type[(cell.type, part)] += getattr(cell, part)
    assert _figures(summary.by_land) == by_land
    assert _figures(summary.by_type) == by_type
    total = summary.total
    assert (total.frame, total.invited, total.submitted) == (
        brief.frame,
        brief.invited,
        brief.submitted,
    )


def test_the_survey_list_counts_the_same_frame(survey):
    assert monitoring.counts_by_survey()[survey.id] == monitoring.overview(survey).total


def test_the_timeline_ends_on_the_figures_of_the_overview(survey):
    summary = monitoring.overview(survey)
    last = summary.timeline[-1]
    # Chemnitz started before its link was revoked: out of the frame, out of the running total.
    assert (last.started_total, last.submitted_total) == (3, 3)
    assert (last.started_total, last.submitted_total) == (
        summary.total.started,
        summary.total.submitted,
    )
