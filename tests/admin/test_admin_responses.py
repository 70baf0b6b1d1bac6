"""Response management: view read-only, reopen with a reason, delete on request; the audit log."""

from __future__ import annotations

from datetime import datetime

import pytest

from surveyapp.extensions import db
from surveyapp.models import Answer, AuditEvent, Response, utcnow

UNIT = "/admin/befragungen/welle-2026/kommunen/14713"


@pytest.fixture
def submitted(small_survey) -> Response:  # noqa: ANN001
    invitation = small_survey.invitations[0]
    response = Response(
        survey_id=small_survey.id,
        unit_id=invitation.unit_id,
        status="submitted",
        submitted_at=utcnow(),
    )
    response.answers.append(Answer(variable="B1", number=1))
    db.session.add(response)
    db.session.commit()
    return response


def test_the_unit_page_shows_status_and_contacts_to_admins(admin_client, submitted):
    page = admin_client.get(UNIT).text
    assert "Leipzig (kreisfreie Stadt)" in page
    assert "abgeschickt am" in page
    assert "anna@leipzig.example.org" in page
    assert "/r/" in page


def test_researchers_see_no_contact_data_and_no_link(researcher_client, submitted):
    page = researcher_client.get(UNIT).text
    assert "anna@leipzig.example.org" not in page
    assert "/r/" not in page


def test_the_response_is_shown_read_only_with_labels(researcher_client, submitted, small_survey):
    from surveyapp.surveys.lifecycle import questionnaire_of

    question = questionnaire_of(small_survey).question("B1")
    page = researcher_client.get(f"{UNIT}/antworten").text
    assert question.text.get() in page
    assert question.option(1).label.get() in page
    content = page.split("<h1")[1]
    assert "<input" not in content
    assert "<form" not in content
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="response_viewed"))
    assert event.target == "welle-2026/14713"


def test_reopening_needs_a_reason_and_is_logged(admin_client, submitted):
    url = f"{UNIT}/antworten/wieder-oeffnen"
    refused = admin_client.post(url, data={"reason": "", "confirm": "y"})
    assert refused.status_code == 200
    assert db.session.get(Response, submitted.id).status == "submitted"
    admin_client.post(url, data={"reason": "Kommune bittet um Korrektur", "confirm": "y"})
    response = db.session.get(Response, submitted.id)
    assert (response.status, response.submitted_at) == ("draft", None)
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="response_reopened"))
    assert event.detail == {"reason": "Kommune bittet um Korrektur"}
    assert event.user_email == "leitung@example.org"


def test_deleting_a_response_on_request_removes_its_answers(admin_client, submitted):
    admin_client.post(
        f"{UNIT}/antworten/loeschen", data={"reason": "Widerruf per E-Mail", "confirm": "y"}
    )
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Answer.id))) == 0
    assert "response_deleted" in [e.action for e in db.session.scalars(db.select(AuditEvent))]


def test_deleting_needs_the_confirmation(admin_client, submitted):
    admin_client.post(f"{UNIT}/antworten/loeschen", data={"reason": "x"})
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 1


def test_the_audit_log_lists_who_did_what_when(admin_client, submitted):
    admin_client.post("/admin/befragungen/welle-2026/status", data={"action": "close"})
    closed = '<td class="kern-table__cell">Befragung geschlossen</td>'
    page = admin_client.get("/admin/protokoll").text
    assert closed in page
    assert '<td class="kern-table__cell">Anmeldung</td>' in page
    assert '<td class="kern-table__cell">leitung@example.org</td>' in page
    filtered = admin_client.get("/admin/protokoll", query_string={"aktion": "login"}).text
    assert closed not in filtered


def _event(action: str, target: str, at: str, email: str = "team@example.org") -> None:
    db.session.add(
        AuditEvent(action=action, target=target, user_email=email, at=datetime.fromisoformat(at))
    )
    db.session.commit()


def test_the_audit_log_answers_who_looked_at_a_kommune_in_a_month(admin_client):
    _event("response_viewed", "welle-2026/14511", "2026-03-02 09:00", "Anna.Schmidt@example.org")
    _event("response_viewed", "welle-2026/14511", "2026-04-01 00:00")
    _event("response_viewed", "welle-2026/14612", "2026-03-31 23:59")
    _event("data_downloaded", "welle-2026", "2026-03-15 12:00")
    search = {"aktion": "response_viewed", "von": "2026-03-01", "bis": "2026-03-31"}
    page = admin_client.get("/admin/protokoll", query_string={**search, "objekt": "14511"}).text
    assert page.count('<td class="kern-table__cell">welle-2026/14511</td>') == 1
    assert "anna.schmidt@example.org" not in page and "Anna.Schmidt@example.org" in page
    assert "Suche zurücksetzen" in page
    by_person = admin_client.get("/admin/protokoll", query_string={**search, "wer": "schmidt"})
    assert "welle-2026/14612" not in by_person.text
    assert "welle-2026/14511" in by_person.text
    whole_month = admin_client.get("/admin/protokoll", query_string=search).text
    assert "welle-2026/14612" in whole_month and "welle-2026</td>" not in whole_month


def test_an_impossible_search_is_explained_in_german(admin_client):
    _event("login", "", "2026-03-02 09:00")
    search = {"von": "2026-03-31", "bis": "2026-03-01", "wer": "%"}
    page = admin_client.get("/admin/protokoll", query_string=search).text
    assert "Bitte prüfen Sie Ihre Angaben" in page
    assert "Das Ende liegt vor dem Beginn." in page
    assert "Bitte die Suche korrigieren." in page
    typo = admin_client.get("/admin/protokoll", query_string={"von": "31.03.2026"}).text
    assert "Kein gültiges Datum." in typo


def test_search_limits_far_beyond_the_log_show_an_empty_page_not_an_error(admin_client):
    _event("login", "", "2026-03-02 09:00")
    last_day = admin_client.get("/admin/protokoll", query_string={"bis": "9999-12-31"})
    assert last_day.status_code == 200 and "2026" in last_day.text
    far_page = admin_client.get("/admin/protokoll", query_string={"seite": "1" + "0" * 20})
    assert far_page.status_code == 200
