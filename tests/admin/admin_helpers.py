"""Helpers shared by the researcher-area tests (importable, unlike conftest)."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from testsupport import wait_for_jobs
from werkzeug.test import TestResponse

from surveyapp.extensions import db
from surveyapp.models import Invitation, Survey, Unit

PASSWORD = "ein langes Testpasswort"  # noqa: S105
SEND = "/admin/befragungen/welle-2026/einladungen/senden"
REMIND = "/admin/befragungen/welle-2026/erinnerungen"


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> TestResponse:
    return client.post("/admin/login", data={"email": email, "password": password})


def invitation_of(survey: Survey, ags: str) -> Invitation:
    return db.session.scalar(
        db.select(Invitation).join(Unit).where(Invitation.survey_id == survey.id, Unit.ags == ags)
    )


def confirmed(client: FlaskClient, url: str, data: dict[str, str]) -> TestResponse:
    """Confirm a mailing, let the worker send it, and show the mailing's job page."""
    queued = client.post(url, data=data)
    assert queued.status_code == 302, queued.text[:300]
    wait_for_jobs()
    return client.get(queued.location)


def send_invitations(client: FlaskClient, **form: str) -> TestResponse:
    """The invitation of `small_survey` sent as a researcher does: asked, then confirmed."""
    data = {"scope": "new", **form}
    confirm = client.post(SEND, data=data)
    assert "Bitte bestätigen" in confirm.text
    found = re.search(r'name="nonce" value="([^"]+)"', confirm.text)
    assert found is not None
    return confirmed(client, SEND, {**data, "confirm": "y", "nonce": found.group(1)})
