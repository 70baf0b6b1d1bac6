"""Invitation and reminder in the contact's language: the researcher keeps a German and an
optional English text of each, and a job worker sends them through a real local SMTP server."""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa
from admin_helpers import REMIND, SEND, confirmed, send_invitations

from surveyapp.extensions import db
from surveyapp.models import AuditEvent, Contact

TEMPLATES = "/admin/befragungen/welle-2026/vorlage"
BERND = "bernd@kreis-leipzig.example.org"
GERMAN = ("anna@leipzig.example.org", "carl@leipzig.example.org", "kim@halle.example.org")


@pytest.fixture(autouse=True)
def _worker(worker):  # noqa: ANN001, ANN202  (every mailing here is sent by a job worker)
    return worker


def _bernd_in_english(client) -> None:  # noqa: ANN001
    bernd = db.session.scalar(sa.select(Contact).filter_by(email=BERND))
    saved = client.post(
        f"/admin/befragungen/welle-2026/kommunen/14729/kontakte/{bernd.id}",
        data={
            "action": "save",
            "salutation": "Herr",
            "name": "Bernd Muster",
            "email": BERND,
            "language": "en",
        },
    )
    assert saved.status_code == 302
    db.session.expire_all()
    assert db.session.get(Contact, bernd.id).language == "en"


def _english_texts(client) -> None:  # noqa: ANN001
    for kind, subject in (("invitation", "Invitation"), ("reminder", "Reminder")):
        saved = client.post(
            f"{TEMPLATES}/{kind}/en",
            data={"subject": f"{subject}: {{{{titel}}}}", "body": "{{anrede}}\n\nLink: {{link}}"},
        )
        assert saved.status_code == 302, saved.text[:500]


def _plain(message) -> str:  # noqa: ANN001
    return message.get_body(("plain",)).get_content()


def test_an_english_contact_gets_the_english_invitation_and_reminder_once_each(
    admin_client, small_survey, smtp
):
    _bernd_in_english(admin_client)
    _english_texts(admin_client)
    send_invitations(admin_client)
    assert "Davon 1 an Kontakte mit der Sprache Englisch: Sie erhalten den englischen Text." in (
        admin_client.get(REMIND).text
    )
    confirmed(admin_client, REMIND, {"confirm": "y", "round": "1"})
    assert Counter(m["To"] for m in smtp.messages) == {BERND: 2, **dict.fromkeys(GERMAN, 2)}
    invitation, reminder = smtp.to(BERND)
    assert invitation["Subject"].startswith("Invitation: ")
    assert reminder["Subject"].startswith("Reminder: ")
    assert _plain(invitation).startswith("Dear Mr Bernd Muster,")
    assert "Unsubscribe" in _plain(reminder)
    assert 'lang="en"' in invitation.get_body(("html",)).get_content()
    for address in GERMAN:
        german_invitation, german_reminder = smtp.to(address)
        assert german_invitation["Subject"].startswith("Einladung zur Befragung")
        assert german_reminder["Subject"].startswith("Erinnerung: ")
        assert "hier abmelden" in _plain(german_reminder).lower()
        assert 'lang="de"' in german_invitation.get_body(("html",)).get_content()


def test_without_an_english_text_the_english_contact_gets_the_german_one(
    admin_client, small_survey, smtp
):
    _bernd_in_english(admin_client)
    confirm = admin_client.post(SEND, data={"scope": "new"}).text
    assert "Davon 1 an Kontakte mit der Sprache Englisch" in confirm
    assert "Es gibt noch keinen englischen Text, sie erhalten den deutschen" in confirm
    page = admin_client.get(f"{TEMPLATES}/invitation/en").text
    assert "Noch kein englischer Text" in page
    assert "den deutschen Text" in page
    assert "(1 in dieser Befragung)" in page
    send_invitations(admin_client)
    [message] = smtp.to(BERND)
    assert message["Subject"].startswith("Einladung zur Befragung")
    assert _plain(message).startswith("Sehr geehrter Herr Bernd Muster,")


def test_the_english_text_is_checked_shown_and_can_be_removed(admin_client, small_survey):
    url = f"{TEMPLATES}/invitation/en"
    bad = admin_client.post(url, data={"subject": "Hello", "body": "no link here"})
    assert "{{link}}" in bad.text
    _english_texts(admin_client)
    page = admin_client.get(url).text
    assert "Noch kein englischer Text" not in page
    assert "Dear Ms Erika Mustermann," in page
    assert "Englischen Text löschen" in page
    german = admin_client.get(f"{TEMPLATES}/invitation").text
    assert "Sehr geehrte Frau Erika Mustermann," in german
    removed = admin_client.post(url, data={"action": "remove"}, follow_redirects=True)
    assert "Der englische Text ist gelöscht" in removed.text
    assert "Noch kein englischer Text" in removed.text
    assert admin_client.get(f"{TEMPLATES}/invitation/fr").status_code == 404
    events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    logged = [(e.action, (e.detail or {}).get("language")) for e in events]
    assert ("mail_template_saved", "en") in logged and logged[-1] == ("mail_template_removed", "en")
