"""Helpers shared by the researcher-area tests (importable, unlike conftest)."""

from __future__ import annotations

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from surveyapp.extensions import db
from surveyapp.models import Invitation, Survey, Unit

PASSWORD = "ein langes Testpasswort"  # noqa: S105


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> TestResponse:
    return client.post("/admin/login", data={"email": email, "password": password})


def invitation_of(survey: Survey, ags: str) -> Invitation:
    return db.session.scalar(
        db.select(Invitation).join(Unit).where(Invitation.survey_id == survey.id, Unit.ags == ags)
    )
