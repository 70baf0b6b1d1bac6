"""Fixtures of the researcher area: accounts, logged-in clients, a real local SMTP server."""

from __future__ import annotations

import pytest
from admin_helpers import PASSWORD, login
from flask import Flask
from flask.testing import FlaskClient
from testsupport import DEMO_QUESTIONNAIRE, FRAME

from surveyapp.accounts import auth
from surveyapp.extensions import db
from surveyapp.models import Contact, Survey, User


@pytest.fixture
def admin_user(app: Flask) -> User:
    return auth.create_user("leitung@example.org", "admin", PASSWORD)


@pytest.fixture
def researcher_user(app: Flask) -> User:
    return auth.create_user("forschung@example.org", "researcher", PASSWORD)


@pytest.fixture
def admin_client(app: Flask, admin_user: User) -> FlaskClient:
    client = app.test_client()
    assert login(client, admin_user.email).status_code == 302
    return client


@pytest.fixture
def researcher_client(app: Flask, researcher_user: User) -> FlaskClient:
    client = app.test_client()
    assert login(client, researcher_user.email).status_code == 302
    return client


@pytest.fixture
def small_survey(app: Flask) -> Survey:
    """The demo questionnaire on the real frame, three invited units, four contacts."""
    from surveyapp.field.invitations import create_invitations
    from surveyapp.surveys import frame
    from surveyapp.surveys.lifecycle import create_survey

    frame.import_file(FRAME)
    survey = create_survey(DEMO_QUESTIONNAIRE, "welle-2026")
    survey.contact_name, survey.contact_email = "Team Sozialplanung", "team@example.org"
    invitations = create_invitations(survey, ["14713", "14729", "15002"])
    people = [
        ("Frau", "Dr. Anna Beispiel", "anna@leipzig.example.org"),
        ("Herr", "Bernd Muster", "bernd@kreis-leipzig.example.org"),
        ("", "Kim Probe", "kim@halle.example.org"),
    ]
    for invitation, (salutation, name, email) in zip(invitations, people, strict=True):
        invitation.contacts.append(Contact(salutation=salutation, name=name, email=email))
    invitations[0].contacts.append(
        Contact(salutation="Herr", name="Carl Zweit", email="carl@leipzig.example.org")
    )
    db.session.commit()
    return survey
