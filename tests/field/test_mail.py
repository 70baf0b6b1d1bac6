"""E-mail to contacts: a real SMTP conversation with a local server, or the outbox folder."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

import pytest
from flask import Flask

from surveyapp.extensions import db
from surveyapp.field import mail
from surveyapp.models import Contact, Invitation, Survey, Unit

DATA = Path(__file__).parents[2] / "surveyapp" / "data"


@pytest.fixture
def contact(app: Flask) -> Contact:
    from surveyapp.surveys.lifecycle import create_survey

    unit = Unit(ags="14713", name="Leipzig, Stadt", land="Sachsen", type="kreisfreie Stadt")
    db.session.add(unit)
    survey = create_survey(DATA / "demo-questionnaire.yaml", "welle")
    survey.contact_name, survey.contact_email = "Team Sozialplanung", "team@example.org"
    from datetime import date

    survey.closes_on = date(2026, 10, 31)
    invitation = Invitation(survey=survey, unit=unit, salt="s", token_digest="d")
    person = Contact(
        invitation=invitation, salutation="Frau", name="Dr. Anna Beispiel", email="anna@example.org"
    )
    db.session.add(person)
    db.session.commit()
    return person


def _survey(contact: Contact) -> Survey:
    return contact.invitation.survey


def test_the_invitation_is_formal_german_with_link_title_deadline_and_team(contact):
    message = mail.compose(
        _survey(contact), mail.addressee_of(contact), "invitation", "https://x.example/r/abc"
    )
    assert message.text.startswith("Sehr geehrte Frau Dr. Anna Beispiel,")
    assert "https://x.example/r/abc" in message.text
    assert _survey(contact).title in message.subject
    assert "31.10.2026" in message.text
    assert "team@example.org" in message.text
    assert "Leipzig (kreisfreie Stadt)" in message.text
    assert "{{" not in message.text


@pytest.mark.parametrize(
    ("salutation", "name", "greeting"),
    [
        ("Herr", "Bernd Muster", "Sehr geehrter Herr Bernd Muster,"),
        ("", "Kim Probe", "Guten Tag Kim Probe,"),
        (None, "", "Sehr geehrte Damen und Herren,"),
    ],
)
def test_greetings(salutation, name, greeting):
    assert mail.greeting(salutation, name) == greeting


def test_a_message_goes_out_over_smtp_as_text_and_html(app, contact, smtp):
    message = mail.compose(
        _survey(contact), mail.addressee_of(contact), "invitation", "https://x.example/r/abc"
    )
    with mail.Connection() as connection:
        sending = connection.send(message)
    assert sending.outcome == mail.SENT
    [received] = smtp.messages
    assert received["To"] == "anna@example.org"
    assert received["Reply-To"] == "team@example.org"
    assert received["Subject"] == message.subject
    text = received.get_body(("plain",)).get_content()
    html = received.get_body(("html",)).get_content()
    assert "https://x.example/r/abc" in text
    assert '<a href="https://x.example/r/abc">' in html
    assert 'lang="de"' in html


def test_one_refused_address_does_not_stop_the_others(app, contact, smtp):
    smtp.refuse.add("weg@example.org")
    first = mail.Message("weg@example.org", "Betreff", "Text")
    second = mail.Message("da@example.org", "Betreff", "Text")
    with mail.Connection() as connection:
        refused, sent = connection.send(first), connection.send(second)
    assert (refused.outcome, refused.answer[:3]) == (mail.PERMANENT, "550")
    assert sent.outcome == mail.SENT
    assert [m["To"] for m in smtp.messages] == ["da@example.org"]


def test_without_smtp_server_messages_go_to_the_outbox(app, contact, tmp_path):
    app.config.update(MAIL_SERVER=None, MAIL_OUTBOX=str(tmp_path / "outbox"))
    message = mail.compose(
        _survey(contact), mail.addressee_of(contact), "reminder", "https://x.example/r/abc"
    )
    with mail.Connection() as connection:
        assert connection.send(message).outcome == mail.SENT
    [file] = (tmp_path / "outbox").glob("*.eml")
    stored = message_from_bytes(file.read_bytes(), policy=policy.default)
    assert stored["To"] == "anna@example.org"
    assert "Erinnerung" in stored["Subject"]


def test_html_escapes_what_the_text_contains():
    html = mail.as_html("Name: <script>alert(1)</script>\n\nhttps://x.example/r/a?b=1&c=2")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="https://x.example/r/a?b=1&amp;c=2"' in html


def test_an_edited_template_is_used_and_checked(contact):
    survey = _survey(contact)
    mail.save_template(survey, "invitation", "Hallo {{kommune}}", "{{anrede}}\n\nLink: {{link}}")
    message = mail.compose(
        survey, mail.addressee_of(contact), "invitation", "https://x.example/r/abc"
    )
    assert message.subject == "Hallo Leipzig (kreisfreie Stadt)"
    assert message.text == "Sehr geehrte Frau Dr. Anna Beispiel,\n\nLink: https://x.example/r/abc"
    with pytest.raises(mail.TemplateInvalid, match="unbekannt|Unbekannte"):
        mail.save_template(survey, "invitation", "x", "{{link}} {{passwort}}")
    with pytest.raises(mail.TemplateInvalid, match="Link"):
        mail.save_template(survey, "invitation", "x", "kein Link")


def test_an_english_contact_gets_the_english_text_else_the_german_one(contact):
    survey, to = _survey(contact), mail.addressee_of(contact)
    mail.save_template(survey, "reminder", "Noch offen", "{{anrede}}\n{{link}} bis {{frist}}")
    german = mail.compose(survey, to, "reminder", "https://x.example/r/abc", lang="en")
    assert (german.subject, german.lang) == ("Noch offen", "de")
    assert german.text.startswith("Sehr geehrte Frau Dr. Anna Beispiel,")
    mail.save_template(
        survey, "reminder", "Still open", "{{anrede}}\n{{link}} by {{frist}}", lang="en"
    )
    english = mail.compose(
        survey, to, "reminder", "https://x.example/r/abc", "https://x.example/abmelden/t", lang="en"
    )
    assert (english.subject, english.lang) == ("Still open", "en")
    assert english.text.startswith(
        "Dear Ms Dr. Anna Beispiel,\nhttps://x.example/r/abc by 31 October 2026"
    )
    assert mail.OPT_OUT_LINE_EN in english.text
    assert mail.compose(survey, to, "reminder", "https://x.example/r/abc").subject == "Noch offen"


def test_the_default_templates_use_only_known_placeholders():
    for subject, body in mail.DEFAULT_TEMPLATES.values():
        mail.check_template(subject + body)
        assert "{{link}}" in body


def test_the_kommune_is_named_as_the_survey_knows_it_not_as_the_register_does_today(contact):
    """A frame uploaded to this survey renamed the unit; the register (all surveys) did not."""
    from surveyapp.models import SurveyUnit

    invitation = contact.invitation
    db.session.add(
        SurveyUnit(
            survey_id=invitation.survey_id,
            unit_id=invitation.unit_id,
            name="Leipzig, Messestadt",
            land="Sachsen",
            type="kreisfreie Stadt",
        )
    )
    db.session.commit()
    message = mail.compose(
        _survey(contact), mail.addressee_of(contact), "invitation", "https://x.example/r/abc"
    )
    assert "Leipzig, Messestadt (kreisfreie Stadt)" in message.text
