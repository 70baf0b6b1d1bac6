"""A unit's contacts maintained on its page: added, corrected (a corrected address replaces
the bounced one instead of standing beside it), opted out, deleted; and its message history."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa
from admin_helpers import invitation_of
from testsupport import Inbox, smtp_server

from surveyapp.extensions import db
from surveyapp.models import AuditEvent, Contact

UNIT = "/admin/befragungen/welle-2026/kommunen/15002"


def _kim() -> Contact:
    db.session.expire_all()
    return db.session.scalar(sa.select(Contact).filter_by(name="Kim Probe"))


def test_a_corrected_address_replaces_the_bounced_one(admin_client, small_survey):
    kim = _kim()
    kim.status, kim.status_reason = "bounced", "550 5.1.1 unknown"
    db.session.commit()
    page = admin_client.get(UNIT).text
    assert "unzustellbar (550 5.1.1 unknown)" in page
    admin_client.post(
        f"{UNIT}/kontakte/{kim.id}",
        data={"action": "save", "salutation": "", "name": "Kim Probe", "email": "kim@halle.de"},
    )
    kim = _kim()
    assert (kim.email, kim.status) == ("kim@halle.de", "active")
    assert len(invitation_of(small_survey, "15002").contacts) == 1
    event = db.session.scalar(sa.select(AuditEvent).filter_by(action="contact_changed"))
    assert event.target == "welle-2026/15002"


def test_a_contact_is_added_opted_out_and_deleted(admin_client, small_survey):
    added = admin_client.post(
        f"{UNIT}/kontakte", data={"name": "Lea Neu", "email": "lea@halle.example.org"}
    )
    assert added.status_code == 302
    lea = db.session.scalar(sa.select(Contact).filter_by(name="Lea Neu"))
    admin_client.post(f"{UNIT}/kontakte/{lea.id}", data={"action": "opt-out"})
    db.session.expire_all()
    assert db.session.get(Contact, lea.id).status == "opted_out"
    admin_client.post(f"{UNIT}/kontakte/{lea.id}", data={"action": "delete"})
    db.session.expire_all()
    assert db.session.get(Contact, lea.id) is None


def test_a_bad_address_is_refused_with_the_reason(admin_client, small_survey):
    page = admin_client.post(
        f"{UNIT}/kontakte", data={"name": "X", "email": "kein-at"}, follow_redirects=True
    ).text
    assert "keine gültige E-Mail-Adresse" in page


def test_a_contact_of_another_unit_cannot_be_changed_here(admin_client, small_survey):
    anna = db.session.scalar(sa.select(Contact).filter_by(email="anna@leipzig.example.org"))
    response = admin_client.post(f"{UNIT}/kontakte/{anna.id}", data={"action": "delete"})
    assert response.status_code == 404
    assert db.session.get(Contact, anna.id) is not None


def test_an_import_with_umlauts_is_refused_where_the_server_cannot_send_them(
    app, admin_client, small_survey
):
    inbox = Inbox()
    with smtp_server(inbox) as port:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        data = "ags;name;email\n15002;Jo;info@stadt-jena-göschwitz.de\n".encode()
        page = admin_client.post(
            "/admin/befragungen/welle-2026/kontakte",
            data={"file": (io.BytesIO(data), "kontakte.csv")},
            content_type="multipart/form-data",
        ).text
    assert "SMTPUTF8" in page
    assert db.session.scalar(sa.select(Contact).filter_by(name="Jo")) is None
    with smtp_server(inbox, smtputf8=True) as port:
        app.config.update(MAIL_PORT=port)
        admin_client.post(
            "/admin/befragungen/welle-2026/kontakte",
            data={"file": (io.BytesIO(data), "kontakte.csv")},
            content_type="multipart/form-data",
        )
    assert db.session.scalar(sa.select(Contact).filter_by(name="Jo")) is not None


def test_the_follow_up_list_names_who_has_not_answered(admin_client, small_survey):
    from openpyxl import load_workbook

    from surveyapp.models import Response, utcnow

    leipzig = invitation_of(small_survey, "14713")
    db.session.add(
        Response(
            survey_id=small_survey.id,
            unit_id=leipzig.unit_id,
            status="submitted",
            submitted_at=utcnow(),
        )
    )
    _kim().name = "=HYPERLINK(1)"
    db.session.commit()
    csv_text = admin_client.get("/admin/befragungen/welle-2026/nachfassliste.csv").text
    assert "anna@leipzig.example.org" not in csv_text
    assert "bernd@kreis-leipzig.example.org" in csv_text and "nicht begonnen" in csv_text
    assert ";'=HYPERLINK(1);" in csv_text
    book = admin_client.get("/admin/befragungen/welle-2026/nachfassliste.xlsx").data
    sheet = load_workbook(io.BytesIO(book))["Nachfassen"]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert {"15002", "14729"} <= {c.value for c in cells}
    assert "follow_up_exported" in [e.action for e in db.session.scalars(sa.select(AuditEvent))]


def test_the_follow_up_list_says_which_language_to_speak_to_each_contact(
    admin_client, small_survey
):
    from openpyxl import load_workbook

    _kim().language = "en"
    db.session.commit()
    text = admin_client.get("/admin/befragungen/welle-2026/nachfassliste.csv").text
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert {row["e-mail"]: row["sprache"] for row in rows}["kim@halle.example.org"] == "en"
    assert {row["sprache"] for row in rows if row["name"] != "Kim Probe"} == {"de"}
    book = admin_client.get("/admin/befragungen/welle-2026/nachfassliste.xlsx").data
    sheet = load_workbook(io.BytesIO(book))["Nachfassen"]
    header, *lines = [[cell.value for cell in row] for row in sheet.iter_rows()]
    kim = next(line for line in lines if line[header.index("name")] == "Kim Probe")
    assert kim[header.index("sprache")] == "en"
