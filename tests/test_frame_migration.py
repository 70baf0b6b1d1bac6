"""The migration that gave each survey its own frame keeps what the surveys showed before."""

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from testsupport import DEMO_QUESTIONNAIRE, FRAME

from surveyapp.extensions import db
from surveyapp.field.invitations import create_invitations
from surveyapp.models import SurveyUnit
from surveyapp.surveys import frame
from surveyapp.surveys.lifecycle import create_survey


def test_the_frame_migration_gives_every_invited_unit_its_row_in_the_survey(app):
    """Surveys in the field before their frames were their own keep their units' attributes."""
    frame.import_file(FRAME)
    survey = create_survey(DEMO_QUESTIONNAIRE, "vorher")
    create_invitations(survey, ["14511", "14713"])
    survey_id = survey.id
    db.session.remove()
    downgrade(revision="1d5430ced269")
    upgrade()
    rows = db.session.execute(
        sa.select(SurveyUnit.survey_id, SurveyUnit.name, SurveyUnit.type).order_by(SurveyUnit.name)
    ).all()
    assert [tuple(row) for row in rows] == [
        (survey_id, "Chemnitz, Stadt", "kreisfreie Stadt"),
        (survey_id, "Leipzig, Stadt", "kreisfreie Stadt"),
    ]
