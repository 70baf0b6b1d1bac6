"""What researchers see of the answer history: on the response's page, and in the one audit
export; never in a dataset."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook
from respondent import PAGE_A, finish
from testsupport import wait_for_jobs

from surveyapp.extensions import db
from surveyapp.models import AuditEvent


def _unit_url(demo) -> str:  # noqa: ANN001
    invitation = demo.invitations[0]
    return f"/admin/befragungen/{demo.survey.slug}/kommunen/{invitation.unit.ags}"


def test_the_response_page_shows_what_changed_from_what_to_what(respondent, demo, admin_client):
    respondent.save("a", PAGE_A)
    respondent.save("a", {**PAGE_A, "A2": "Jugendamt", "A1": "2"})
    page = admin_client.get(f"{_unit_url(demo)}/antworten").text
    history = page.split('id="verlauf"')[1]
    assert "Sozialamt" in history and "Jugendamt" in history
    assert "Link der Kommune" in history
    assert "Seite „" in history


def test_the_audit_export_holds_every_change_and_is_logged(respondent, demo, admin_client):
    respondent.save("a", {**PAGE_A, "A2": "=HYPERLINK(1)"})
    respondent.save("a", PAGE_A)
    exported = admin_client.get(f"/admin/befragungen/{demo.survey.slug}/aenderungsverlauf.csv")
    assert exported.status_code == 200
    rows = list(csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff")), delimiter=";"))
    a2 = [row for row in rows if row["variable"] == "A2"]
    assert [(row["vorher_text"], row["nachher_text"]) for row in a2] == [
        ("", "'=HYPERLINK(1)"),
        ("'=HYPERLINK(1)", "Sozialamt"),
    ]
    assert {row["ags"] for row in rows} == {demo.invitations[0].unit.ags}
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="answer_history_exported"))
    assert event.target == demo.survey.slug


def test_researchers_without_admin_rights_cannot_export_the_history(demo, researcher_client):
    url = f"/admin/befragungen/{demo.survey.slug}/aenderungsverlauf.csv"
    assert researcher_client.get(url).status_code == 403


def test_an_earlier_answer_never_reaches_the_workbook(respondent, demo, admin_client, worker):
    respondent.save("a", {**PAGE_A, "A2": "Erste Fassung"})
    finish(respondent)
    respondent.client.post(f"{respondent.link}/absenden")
    job = admin_client.post(f"/admin/befragungen/{demo.survey.slug}/dateien/xlsx").location
    wait_for_jobs()
    workbook = admin_client.get(f"{job}/datei")
    assert workbook.status_code == 200
    book = load_workbook(io.BytesIO(workbook.data), read_only=True)
    cells = {
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    }
    assert "Sozialamt" in cells
    assert not any("Erste Fassung" in cell for cell in cells)
