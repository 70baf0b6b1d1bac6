"""Invitations, reminders and the links CSV, sent by a job worker through a real local SMTP
server."""

from __future__ import annotations

import csv
import io
import re

import pytest
from admin_helpers import REMIND, SEND, confirmed, invitation_of, send_invitations
from testsupport import wait_for_jobs

from surveyapp.extensions import db
from surveyapp.field.invitations import link_of
from surveyapp.models import AuditEvent, Invitation, Mailing, Response, Unit, utcnow


@pytest.fixture(autouse=True)
def _worker(worker):  # noqa: ANN001, ANN202  (every mailing here is sent by a job worker)
    return worker


def test_invitations_are_created_for_chosen_units(admin_client, small_survey):
    response = admin_client.post(
        "/admin/befragungen/welle-2026/einladungen",
        data={"scope": "some", "keys": "14511, 14521\n14522"},
        follow_redirects=True,
    )
    assert "Einladungen für 3 Kommunen bereit" in response.text
    assert len(db.session.get(type(small_survey), small_survey.id).invitations) == 6


def test_unknown_keys_are_named_and_nothing_is_created(admin_client, small_survey):
    response = admin_client.post(
        "/admin/befragungen/welle-2026/einladungen", data={"scope": "some", "keys": "14511 99999"}
    )
    assert "Unbekannte Schlüssel: 99999" in response.text
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 3


def test_the_send_page_asks_for_confirmation_first(admin_client, small_survey, smtp):
    page = admin_client.post(SEND, data={"scope": "new"}).text
    assert "4 E-Mails" in page
    assert "3 Kommunen" in page
    assert smtp.messages == []


def test_each_contact_gets_the_units_link_by_smtp(admin_client, small_survey, smtp):
    page = send_invitations(admin_client).text
    assert "4 von 4 versandt" in page
    assert sorted(m["To"] for m in smtp.messages) == [
        "anna@leipzig.example.org",
        "bernd@kreis-leipzig.example.org",
        "carl@leipzig.example.org",
        "kim@halle.example.org",
    ]
    leipzig_link = link_of(invitation_of(small_survey, "14713"))
    for address in ("anna@leipzig.example.org", "carl@leipzig.example.org"):
        [message] = smtp.to(address)
        assert message.is_multipart()
        plain, html = (part.get_payload(decode=True).decode() for part in message.get_payload())
        assert leipzig_link in plain
        assert f'href="{leipzig_link}"' in html
    [anna] = smtp.to("anna@leipzig.example.org")
    assert (
        "Sehr geehrte Frau Dr. Anna Beispiel"
        in anna.get_payload()[0].get_payload(decode=True).decode()
    )
    assert all(i.sent_at is not None for i in db.session.scalars(db.select(Invitation)))
    mailing = db.session.scalar(db.select(Mailing))
    assert (mailing.kind, mailing.recipients) == ("invitation", 4)
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="invitations_queued"))
    assert event.user_email == "leitung@example.org"


def test_sending_again_reaches_only_the_new_and_keeps_links(admin_client, small_survey, smtp):
    send_invitations(admin_client)
    first = {m["To"]: m.get_payload()[0].get_payload(decode=True) for m in smtp.messages}
    smtp.messages.clear()
    page = admin_client.post(SEND, data={"scope": "new"}).text
    assert "Niemand zu benachrichtigen" in page
    send_invitations(admin_client, scope="some", keys="14713")
    assert sorted(m["To"] for m in smtp.messages) == [
        "anna@leipzig.example.org",
        "carl@leipzig.example.org",
    ]
    again = smtp.to("anna@leipzig.example.org")[0].get_payload()[0].get_payload(decode=True)
    link = link_of(invitation_of(small_survey, "14713"))
    assert link in first["anna@leipzig.example.org"].decode()
    assert link in again.decode()


def test_a_refused_address_is_reported_and_the_rest_goes_out(admin_client, small_survey, smtp):
    smtp.refuse.add("kim@halle.example.org")
    page = send_invitations(admin_client).text
    assert "3 von 4 versandt" in page
    problems = page.split('id="nicht-zugestellt"')[1]
    assert "kim@halle.example.org" in problems and "550" in problems
    assert invitation_of(small_survey, "15002").sent_at is None
    kim = invitation_of(small_survey, "15002").contacts[0]
    assert (kim.status, kim.status_reason[:3]) == ("bounced", "550")


def test_revoked_links_are_not_sent(admin_client, small_survey, smtp):
    admin_client.post(
        "/admin/befragungen/welle-2026/kommunen/15002/link", data={"action": "revoke"}
    )
    send_invitations(admin_client)
    assert smtp.to("kim@halle.example.org") == []


def test_reminders_reach_only_units_without_a_submitted_response(admin_client, small_survey, smtp):
    send_invitations(admin_client)
    smtp.messages.clear()
    leipzig = invitation_of(small_survey, "14713")
    db.session.add(
        Response(
            survey_id=small_survey.id,
            unit_id=leipzig.unit_id,
            status="submitted",
            submitted_at=utcnow(),
        )
    )
    db.session.commit()
    page = admin_client.get(REMIND).text
    assert "Bisher wurde keine Erinnerung versandt" in page
    assert "2 Kommunen" in page
    refused = admin_client.post(REMIND, data={})
    assert "Bitte bestätigen Sie den Versand" in refused.text
    assert smtp.messages == []
    assert 'name="round" value="1"' in page
    job = confirmed(admin_client, REMIND, {"confirm": "y", "round": "1"}).text
    assert "2 von 2 versandt" in job
    assert sorted(m["To"] for m in smtp.messages) == [
        "bernd@kreis-leipzig.example.org",
        "kim@halle.example.org",
    ]
    assert all("Erinnerung" in m["Subject"] for m in smtp.messages)
    page = admin_client.get(REMIND).text
    assert "1 Erinnerung versandt" in page
    assert "Bisher wurde keine" not in page


def test_a_reminder_confirmed_twice_goes_out_once(admin_client, small_survey, smtp):
    send_invitations(admin_client)
    smtp.messages.clear()
    confirmed(admin_client, REMIND, {"confirm": "y", "round": "1"})
    again = admin_client.post(REMIND, data={"confirm": "y", "round": "1"}, follow_redirects=True)
    assert "nichts ein zweites Mal" in again.text
    wait_for_jobs()
    assert len(smtp.messages) == 4


def test_an_invitation_confirmation_sent_twice_goes_out_once(admin_client, small_survey, smtp):
    data = {"scope": "some", "keys": "14713"}
    confirm = admin_client.post(SEND, data=data)
    nonce = re.search(r'name="nonce" value="([^"]+)"', confirm.text).group(1)
    confirmed(admin_client, SEND, {**data, "confirm": "y", "nonce": nonce})
    admin_client.post(SEND, data={**data, "confirm": "y", "nonce": nonce})
    wait_for_jobs()
    assert sorted(m["To"] for m in smtp.messages) == [
        "anna@leipzig.example.org",
        "carl@leipzig.example.org",
    ]


def test_reminders_skip_units_never_invited(admin_client, small_survey, smtp):
    page = admin_client.get(REMIND).text
    assert "Niemand zu erinnern" in page


def test_reminders_from_the_command_line_show_earlier_ones(runner, small_survey, smtp):
    runner.invoke(args=["invitations", "send", "welle-2026", "--yes"])
    assert len(smtp.messages) == 4
    first = runner.invoke(args=["reminders", "send", "welle-2026", "--yes"])
    assert "Bisherige Erinnerungen: 0" in first.output
    second = runner.invoke(args=["reminders", "send", "welle-2026"], input="n\n")
    assert "Bisherige Erinnerungen: 1" in second.output
    assert len(smtp.messages) == 8


def test_the_template_can_be_edited_and_is_used(admin_client, small_survey, smtp):
    url = "/admin/befragungen/welle-2026/vorlage/invitation"
    assert "{{link}}" in admin_client.get(url).text
    response = admin_client.post(
        url, data={"subject": "Bitte um Teilnahme", "body": "{{anrede}}\n\nHier: {{link}}"}
    )
    assert response.status_code == 302
    bad = admin_client.post(url, data={"subject": "x", "body": "{{link}} {{geheim}}"})
    assert "Unbekannte Platzhalter: {{geheim}}" in bad.text
    send_invitations(admin_client)
    assert {m["Subject"] for m in smtp.messages} == {"Bitte um Teilnahme"}


def test_the_links_csv_has_one_row_per_contact(admin_client, small_survey):
    response = admin_client.get("/admin/befragungen/welle-2026/links.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 4
    leipzig = [r for r in rows if r["ags"] == "14713"]
    assert len(leipzig) == 2
    assert leipzig[0]["link"] == leipzig[1]["link"]
    assert leipzig[0]["link"] == link_of(invitation_of(small_survey, "14713"))
    assert "links_exported" in [e.action for e in db.session.scalars(db.select(AuditEvent))]


def test_the_links_csv_names_each_contacts_language_for_the_mail_merge(admin_client, small_survey):
    """A mail merge picks the English letter for the contacts written to in English."""
    invitation_of(small_survey, "15002").contacts[0].language = "en"
    db.session.commit()
    text = admin_client.get("/admin/befragungen/welle-2026/links.csv").text
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    languages = {row["e-mail"]: row["sprache"] for row in rows}
    assert languages == {
        "anna@leipzig.example.org": "de",
        "carl@leipzig.example.org": "de",
        "bernd@kreis-leipzig.example.org": "de",
        "kim@halle.example.org": "en",
    }


def test_the_links_csv_keeps_spreadsheets_from_running_formulas(admin_client, small_survey):
    invitation = invitation_of(small_survey, "15002")
    invitation.contacts[0].name = "=HYPERLINK(1)"
    invitation.member.name = "=1+2+cmd|' /C calc'!A0"
    invitation.member.land = "@SUM(1)"
    db.session.commit()
    text = admin_client.get("/admin/befragungen/welle-2026/links.csv").text
    assert ";'=HYPERLINK(1);" in text
    assert "'=1+2+cmd|' /C calc'!A0" in text and ";'@SUM(1);" in text


def test_a_renewed_link_replaces_the_old_one(admin_client, small_survey):
    invitation = invitation_of(small_survey, "14729")
    old = link_of(invitation)
    admin_client.post("/admin/befragungen/welle-2026/kommunen/14729/link", data={"action": "renew"})
    invitation = db.session.get(Invitation, invitation.id)
    assert link_of(invitation) != old
    assert invitation.revoked_at is None


def test_only_units_of_the_frame_have_pages(admin_client, small_survey):
    assert db.session.scalar(db.select(Unit).filter_by(ags="14511")) is not None
    assert admin_client.get("/admin/befragungen/welle-2026/kommunen/14511").status_code == 404


def test_an_invitation_scheduled_for_later_waits(admin_client, small_survey, smtp):
    import time
    from datetime import timedelta

    from surveyapp import clock
    from surveyapp.models import Job

    data = {"scope": "new"}
    confirm = admin_client.post(SEND, data=data)
    nonce = re.search(r'name="nonce" value="([^"]+)"', confirm.text).group(1)
    later = clock.local(clock.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    queued = admin_client.post(
        SEND, data={**data, "confirm": "y", "nonce": nonce, "send_at": later}
    )
    assert queued.status_code == 302
    for _ in range(200):
        db.session.rollback()
        job = db.session.scalar(db.select(Job))
        if job.note:
            break
        time.sleep(0.05)
    assert job.status == "queued" and job.run_after > clock.now() + timedelta(days=1)
    assert "Geplant: geht ab" in admin_client.get(queued.location).text
    assert smtp.messages == []
    assert all(i.sent_at is None for i in db.session.scalars(db.select(Invitation)))
