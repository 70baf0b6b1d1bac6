"""The demo: the founding survey's questionnaire, the real frame, an invitation per Kommune."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from surveyapp import frame
from surveyapp.extensions import db
from surveyapp.invitations import create_invitations, link_of
from surveyapp.models import Invitation, Survey
from surveyapp.surveys import create_survey

DATA = Path(__file__).parent / "data"
DEMO_SLUG = "sozialplanung-demo"


@dataclass(frozen=True)
class Demo:
    survey: Survey
    invitations: list[Invitation]

    def link(self, index: int = 0) -> str:
        return link_of(self.invitations[index])


def load_demo() -> Demo:
    """Idempotent: a second run finds the demo survey and returns it unchanged."""
    survey = db.session.scalar(db.select(Survey).filter_by(slug=DEMO_SLUG))
    if survey is None:
        frame.import_file(DATA / "kreise-mitteldeutschland.csv")
        today = date.today()
        survey = create_survey(
            DATA / "demo-questionnaire.yaml",
            DEMO_SLUG,
            opens_on=today - timedelta(days=7),
            closes_on=today + timedelta(days=60),
        )
        survey.contact_name = "Forschungsteam Kommunale Planung"
        survey.contact_email = "umfrage@example.org"
        db.session.commit()
    return Demo(survey, create_invitations(survey))


def database_is_empty() -> bool:
    return db.session.scalar(db.select(db.func.count(Survey.id))) == 0
