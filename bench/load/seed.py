"""The database of a load run: the app's migrations, the demo questionnaire as an open survey,
and N invited Kommunen, made through the app's own services as `flask survey create` and
`flask invitations create` make them."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import insert

from surveyapp import create_app
from surveyapp.extensions import db
from surveyapp.field.invitations import create_invitations, token_of
from surveyapp.models import Unit
from surveyapp.surveys.lifecycle import create_survey
from surveyapp.transaction import unit_of_work

QUESTIONNAIRE = (
    Path(__file__).resolve().parents[2] / "surveyapp" / "data" / "demo-questionnaire.yaml"
)
SLUG = "lasttest"
#: AGS of the simulated Kommunen: a prefix no real key has, then the respondent's number.
AGS_PREFIX = "99"


def app_for(database_url: str, secret_key: str) -> Flask:
    """The app as the runner uses it: to migrate, seed and read back, never to serve."""
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url.replace(
                "postgresql://", "postgresql+psycopg://", 1
            ),
            "SECRET_KEY": secret_key,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )


def ags(number: int) -> str:
    return f"{AGS_PREFIX}{number:06d}"


def _migrate() -> None:
    """`flask db upgrade` in this process. Alembic's command-line set-up (migrations/env.py)
    gives the root logger a handler of its own, and every request would then be logged twice
    here: a cost the served app never pays, as it is migrated in a process of its own."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    upgrade()
    root.handlers[:] = handlers
    root.setLevel(level)


def seed(app: Flask, respondents: int) -> list[str]:
    """Migrate, create the survey and one invitation per unit; the link tokens in unit order."""
    with app.app_context():
        _migrate()
        with unit_of_work():
            db.session.execute(
                insert(Unit),
                [
                    {"ags": ags(n), "name": f"Lastgemeinde {n}", "land": "Sachsen",
                     "type": "Gemeinde"}
                    for n in range(respondents)
                ],
            )  # fmt: skip
        today = date.today()
        survey = create_survey(
            QUESTIONNAIRE, SLUG, opens_on=today - timedelta(days=1), closes_on=today + timedelta(30)
        )
        # Named keys join the survey's own frame as they are invited.
        invitations = create_invitations(survey, [ags(n) for n in range(respondents)])
        by_ags = {invitation.unit.ags: token_of(invitation) for invitation in invitations}
        return [by_ags[ags(n)] for n in range(respondents)]
