"""The demo: the founding survey's questionnaire, the real frame, an invitation per Kommune."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from surveyapp.demo.answers import add_sample_responses
from surveyapp.extensions import db
from surveyapp.field.invitations import create_invitations, link_of
from surveyapp.models import Invitation, Mailing, Survey
from surveyapp.surveys import frame
from surveyapp.surveys.lifecycle import create_survey, questionnaire_of
from surveyapp.transaction import unit_of_work

DATA = Path(__file__).parent.parent / "data"
DEMO_SLUG = "sozialplanung-demo"
#: As in the founding survey: fourteen Kommunen answered; a few more have started.
DEMO_SUBMITTED = 14
DEMO_DRAFTS = 4


@dataclass(frozen=True)
class Demo:
    survey: Survey
    invitations: list[Invitation]

    def link(self, index: int = 0) -> str:
        return link_of(self.invitations[index])


def load_demo(with_responses: bool = False) -> Demo:
    """Idempotent: a second run finds the demo survey and returns it unchanged.

    `with_responses` tells the story of a survey in the field: the invitations went out when it
    opened, fourteen Kommunen have submitted and four have started (never the first invitation,
    whose link the demo prints, so that link always opens a fresh questionnaire)."""
    survey = db.session.scalar(db.select(Survey).filter_by(slug=DEMO_SLUG))
    if survey is None:
        today = date.today()
        opens_on = today - timedelta(days=7)
        survey = create_survey(
            DATA / "demo-questionnaire.yaml",
            DEMO_SLUG,
            opens_on=opens_on,
            closes_on=today + timedelta(days=60),
        )
        with unit_of_work():
            survey.contact_name = "Forschungsteam Kommunale Planung"
            survey.contact_email = "umfrage@example.org"
            survey.privacy_purpose = (
                "Wissenschaftliche Auswertung, wie Kommunen ihre Planung organisieren; jede "
                "teilnehmende Kommune erhält eine Rückmeldung zu ihren eigenen Angaben."
            )
            survey.imprint_address = "Musterstraße 1\n10115 Berlin"
            survey.imprint_representative = "Prof. Dr. Erika Beispiel (Direktorin)"
            survey.accessibility_reviewed_on = date(2026, 11, 30)
        frame.import_file(DATA / "kreise-mitteldeutschland.csv", survey)
        invitations = create_invitations(survey)
        if with_responses:
            _send_invitations(survey, invitations, opens_on)
            add_sample_responses(
                questionnaire_of(survey), invitations[1:], DEMO_SUBMITTED, DEMO_DRAFTS
            )
    return Demo(survey, create_invitations(survey))


def _send_invitations(survey: Survey, invitations: list[Invitation], opened_on: date) -> None:
    """Records the invitation mailing of the first day, as if it had gone out then."""
    sent_at = datetime.combine(opened_on, time(9, 0))
    with unit_of_work():
        for invitation in invitations:
            invitation.sent_at = sent_at
        db.session.add(
            Mailing(
                survey_id=survey.id, kind="invitation", recipients=len(invitations), sent_at=sent_at
            )
        )


def database_is_empty() -> bool:
    return db.session.scalar(db.select(db.func.count(Survey.id))) == 0
