"""The idle timeout of a researcher's login: it ends an unattended session, and what a form
sent after that is handed back through the login page instead of being lost."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from admin_helpers import PASSWORD

from surveyapp.extensions import db
from surveyapp.models import MailTemplate, ResearcherSession, utcnow

TEMPLATE = "/admin/befragungen/welle-2026/vorlage/invitation"


def _idle_for(minutes: float) -> None:
    """As if the researcher had sent nothing for that long (the clock of the last request)."""
    db.session.execute(
        db.update(ResearcherSession).values(last_seen_at=utcnow() - timedelta(minutes=minutes))
    )
    db.session.commit()


def _hidden(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def test_a_session_idle_longer_than_the_limit_ends(admin_client):
    _idle_for(31)
    page = admin_client.get("/admin/befragungen", follow_redirects=True)
    assert "Anmeldung zum Forschungsbereich" in page.text
    assert "nach 30 Minuten ohne Aktivität abgelaufen" in page.text
    assert db.session.scalar(db.select(db.func.count()).select_from(ResearcherSession)) == 0


def test_working_keeps_the_session_alive(admin_client):
    _idle_for(25)
    assert admin_client.get("/admin/befragungen").status_code == 200
    seen = db.session.scalar(db.select(ResearcherSession.last_seen_at))
    assert utcnow() - seen < timedelta(minutes=1)


def test_staying_logged_in_from_the_warning_restarts_the_idle_time(admin_client):
    _idle_for(28)
    assert admin_client.post("/admin/sitzung").status_code == 204
    seen = db.session.scalar(db.select(ResearcherSession.last_seen_at))
    assert utcnow() - seen < timedelta(minutes=1)


def test_a_busy_session_still_ends_after_its_lifetime(admin_client):
    db.session.execute(
        db.update(ResearcherSession).values(started_at=utcnow() - timedelta(hours=13))
    )
    db.session.commit()
    assert admin_client.get("/admin/befragungen").status_code == 302


@pytest.mark.usefixtures("small_survey")
def test_a_form_sent_after_the_timeout_is_kept_through_the_login(admin_client, admin_user):
    _idle_for(45)
    late = admin_client.post(
        TEMPLATE,
        data={"subject": "Neue Einladung", "body": "Lange getippter Text {{link}}", "submit": "1"},
    )
    assert late.status_code == 401
    assert "Ihre Eingaben sind nicht verloren" in late.text
    kept = _hidden(late.text)
    assert kept["kept-body"] == "Lange getippter Text {{link}}"
    assert db.session.scalar(db.select(db.func.count()).select_from(MailTemplate)) == 0

    action = re.search(r'<form method="post" class="admin-form" action="([^"]+)"', late.text)
    login = {"email": admin_user.email, "password": PASSWORD}
    login.update({name: value for name, value in kept.items() if name.startswith("kept-")})
    resumed = admin_client.post(action.group(1).replace("&amp;", "&"), data=login)
    assert resumed.status_code == 200
    assert "Eingaben jetzt absenden" in resumed.text
    fields = _hidden(resumed.text)
    assert fields["body"] == "Lange getippter Text {{link}}"

    target = re.search(r'action="([^"]+)" class="admin-form" id="eingaben"', resumed.text).group(1)
    assert target == TEMPLATE
    saved = admin_client.post(target, data={k: v for k, v in fields.items()})
    assert saved.status_code == 302, saved.text[saved.text.find("<main") :][:3000]
    template = db.session.scalar(db.select(MailTemplate))
    assert template.body == "Lange getippter Text {{link}}"


def test_passwords_are_never_carried_through_the_login_page(admin_client):
    _idle_for(45)
    late = admin_client.post(
        "/admin/konten", data={"email": "neu@example.org", "password": "geheim-geheim"}
    )
    assert late.status_code == 401
    assert "geheim-geheim" not in late.text
    assert "neu@example.org" in late.text
