"""Surveys, the frame and contacts through the researcher pages."""

from __future__ import annotations

import io

from openpyxl import Workbook
from testsupport import BROKEN_QUESTIONNAIRE, DEMO_QUESTIONNAIRE, FRAME

from surveyapp.extensions import db
from surveyapp.field import contacts
from surveyapp.models import AuditEvent, Contact, Invitation, Survey, Unit


def _actions() -> list[str]:
    return [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]


def _create(client, content: bytes, filename: str, slug: str = "welle-2026"):  # noqa: ANN001, ANN202
    return client.post(
        "/admin/befragungen/neu",
        data={
            "questionnaire": (io.BytesIO(content), filename),
            "slug": slug,
            "opens_on": "2026-09-01",
            "closes_on": "2026-10-31",
            "contact_name": "Team Sozialplanung",
            "contact_email": "team@example.org",
        },
        content_type="multipart/form-data",
    )


def test_admin_creates_a_survey_from_an_uploaded_file(admin_client):
    response = _create(admin_client, DEMO_QUESTIONNAIRE.read_bytes(), "fragebogen.yaml")
    assert response.location == "/admin/befragungen/welle-2026"
    survey = db.session.scalar(db.select(Survey))
    assert survey.contact_email == "team@example.org"
    assert str(survey.closes_on) == "2026-10-31"
    page = admin_client.get("/admin/befragungen/welle-2026").text
    assert survey.title in page
    assert "31.10.2026" in page
    assert "survey_created" in _actions()


def test_a_broken_file_shows_every_error_with_its_location_and_stores_nothing(admin_client):
    response = _create(admin_client, BROKEN_QUESTIONNAIRE.encode(), "kaputt.yaml")
    assert response.status_code == 200
    assert "pages[0].questions[0].options" in response.text
    assert "Es wurde nichts gespeichert" in response.text
    assert db.session.scalar(db.select(db.func.count(Survey.id))) == 0


def test_a_taken_slug_is_named_at_the_field(admin_client):
    _create(admin_client, DEMO_QUESTIONNAIRE.read_bytes(), "fragebogen.yaml")
    response = _create(admin_client, DEMO_QUESTIONNAIRE.read_bytes(), "fragebogen.yaml")
    assert "gibt es schon" in response.text
    assert 'aria-invalid="true"' in response.text


def test_the_survey_list_shows_status_period_and_counts(researcher_client, small_survey):
    page = researcher_client.get("/admin/befragungen").text
    assert small_survey.title in page
    assert "offen" in page
    assert '<th scope="col"' in page


def test_admin_closes_and_opens_a_survey(admin_client, small_survey):
    admin_client.post("/admin/befragungen/welle-2026/status", data={"action": "close"})
    assert db.session.get(Survey, small_survey.id).status == "closed"
    admin_client.post("/admin/befragungen/welle-2026/status", data={"action": "open"})
    assert db.session.get(Survey, small_survey.id).status == "open"
    assert _actions()[-2:] == ["survey_closed", "survey_opened"]


def test_admin_changes_the_field_period(admin_client, small_survey):
    response = admin_client.post(
        "/admin/befragungen/welle-2026/einstellungen",
        data={"opens_on": "2026-09-01", "closes_on": "2026-08-01"},
    )
    assert "vor ihrem Beginn" in response.text
    admin_client.post(
        "/admin/befragungen/welle-2026/einstellungen",
        data={"opens_on": "2026-09-01", "closes_on": "2026-12-01", "contact_name": "Neu"},
    )
    survey = db.session.get(Survey, small_survey.id)
    assert str(survey.closes_on) == "2026-12-01"
    assert survey.contact_name == "Neu"


def test_the_preview_shows_every_page_and_explains_filters_in_words(
    researcher_client, small_survey
):
    from surveyapp.surveys.lifecycle import questionnaire_of

    questionnaire = questionnaire_of(small_survey)
    page = researcher_client.get("/admin/befragungen/welle-2026/vorschau").text
    for number, section in enumerate(questionnaire.pages, start=1):
        assert f"Abschnitt {number} von {len(questionnaire.pages)}" in page
        assert section.title.get() in page
    filtered = [q for q in questionnaire.questions() if q.show_if is not None]
    assert filtered, "the demo questionnaire has filters"
    assert "Wird nur gefragt, wenn" in page or "wird nur gezeigt, wenn" in page
    assert " in [" not in page


def test_the_frame_of_the_shared_data_loads_without_edits(admin_client):
    response = admin_client.post(
        "/admin/kommunen",
        data={"file": (io.BytesIO(FRAME.read_bytes()), FRAME.name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "50 Kommunen neu angelegt" in response.text
    assert db.session.scalar(db.select(db.func.count(Unit.id))) == 50


def test_a_broken_frame_names_row_and_column_and_loads_nothing(admin_client):
    broken = b"ags,name,land,typ\n14511,,Sachsen,Landkreis\n14522,Mittelsachsen,Sachsen,Landkreis\n"
    response = admin_client.post(
        "/admin/kommunen",
        data={"file": (io.BytesIO(broken), "frame.csv")},
        content_type="multipart/form-data",
    )
    assert "Zeile 2, Spalte „name“" in response.text
    assert db.session.scalar(db.select(db.func.count(Unit.id))) == 0


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_contacts_upload_shares_the_units_link_and_creates_invitations(admin_client, small_survey):
    content = _xlsx(
        [
            ["ags", "anrede", "name", "e-mail"],
            ["14713", "Frau", "Erika Neu", "erika@leipzig.example.org"],
            ["14713", "Herr", "Dr. Anna Beispiel", "anna@leipzig.example.org"],
            ["14511", "", "Chris Chemnitz", "chris@chemnitz.example.org"],
        ]
    )
    response = admin_client.post(
        "/admin/befragungen/welle-2026/kontakte",
        data={"file": (io.BytesIO(content), "kontakte.xlsx")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "2 Kontakte neu, 1 aktualisiert; 1 Einladungen neu erzeugt" in response.text
    leipzig = db.session.scalar(db.select(Invitation).join(Unit).where(Unit.ags == "14713"))
    assert sorted(c.name for c in leipzig.contacts) == [
        "Carl Zweit",
        "Dr. Anna Beispiel",
        "Erika Neu",
    ]
    assert "contacts_imported" in _actions()


def test_a_broken_contacts_file_names_every_problem_and_loads_nothing(admin_client, small_survey):
    content = (
        b"ags;anrede;name;e-mail\n"
        b"99999;Frau;Unbekannt;u@example.org\n"
        b"14713;Herr;;ohne-name@example.org\n"
        b"14729;Frau;Ohne Adresse;keine-adresse\n"
    )
    response = admin_client.post(
        "/admin/befragungen/welle-2026/kontakte",
        data={"file": (io.BytesIO(content), "kontakte.csv")},
        content_type="multipart/form-data",
    )
    assert "Zeile 2, Spalte „ags“: Keine Kommune mit dem Schlüssel 99999." in response.text
    assert "Zeile 3, Spalte „name“: Wert fehlt." in response.text
    assert "Zeile 4, Spalte „e-mail“" in response.text
    assert db.session.scalar(db.select(db.func.count(Contact.id))) == 4


def test_a_key_stored_as_a_number_is_refused(app, small_survey):
    content = _xlsx([["ags", "name", "e-mail"], [14713, "Zahl", "zahl@example.org"]])
    try:
        contacts.import_contacts(small_survey, io.BytesIO(content), "k.xlsx")
    except contacts.ContactsInvalid as error:
        assert "führende Nullen" in str(error)
    else:
        raise AssertionError("a numeric key must be refused")


def test_contacts_of_an_open_survey_are_not_purged(admin_client, small_survey):
    admin_client.post("/admin/befragungen/welle-2026/kontakte/loeschen")
    assert db.session.scalar(db.select(db.func.count(Contact.id))) == 4


def test_purging_contacts_of_a_closed_survey_keeps_the_answers(admin_client, small_survey):
    from surveyapp.models import Answer, Response

    invitation = small_survey.invitations[0]
    response = Response(survey_id=small_survey.id, unit_id=invitation.unit_id, status="submitted")
    response.answers.append(Answer(variable="B1", number=1))
    db.session.add(response)
    small_survey.status = "closed"
    db.session.commit()
    page = admin_client.post(
        "/admin/befragungen/welle-2026/kontakte/loeschen", follow_redirects=True
    ).text
    assert "4 Kontakte gelöscht" in page
    assert db.session.scalar(db.select(db.func.count(Contact.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Answer.id))) == 1
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 3
    assert "contacts_purged" in _actions()


def test_contacts_purge_on_the_command_line(runner, small_survey):
    refused = runner.invoke(args=["contacts", "purge", "welle-2026"])
    assert refused.exit_code == 1
    assert "nicht geschlossen" in refused.output
    small_survey.status = "closed"
    db.session.commit()
    result = runner.invoke(args=["contacts", "purge", "welle-2026"])
    assert result.exit_code == 0, result.output
    assert "4 Kontakte gelöscht" in result.output
    assert db.session.scalar(db.select(db.func.count(Contact.id))) == 0


def test_an_admin_edits_the_survey_s_legal_texts(admin_client, demo):
    page = admin_client.get(f"/admin/befragungen/{demo.survey.slug}/rechtliches")
    assert page.status_code == 200 and "Zweck der Befragung" in page.get_data(as_text=True)
    saved = admin_client.post(
        f"/admin/befragungen/{demo.survey.slug}/rechtliches",
        data={
            "privacy_purpose": "Ein Vergleich der Kreise.",
            "imprint_address": "Am Markt 2\n04109 Leipzig",
            "imprint_representative": "Dr. Max Muster",
            "accessibility_reviewed_on": "2026-12-02",
            "accessibility_contact": "a11y@example.org",
        },
    )
    assert saved.status_code == 302
    db.session.refresh(demo.survey)
    assert demo.survey.privacy_purpose == "Ein Vergleich der Kreise."
    assert demo.survey.accessibility_reviewed_on.isoformat() == "2026-12-02"
    assert demo.survey.accessibility_contact == "a11y@example.org"


def test_the_questionnaire_downloads_as_an_xlsform_that_reads_back_the_same(
    researcher_client, small_survey
):
    from surveyapp.questionnaire import load_questionnaire
    from surveyapp.surveys.lifecycle import questionnaire_of

    detail = researcher_client.get("/admin/befragungen/welle-2026").text
    assert "als XLSForm (für KoboToolbox und ODK)" in detail
    response = researcher_client.get("/admin/befragungen/welle-2026/fragebogen.xlsx")
    assert response.status_code == 200
    assert 'filename="fragebogen-welle-2026.xlsx"' in response.headers["Content-Disposition"]
    assert load_questionnaire(response.data) == questionnaire_of(small_survey)
