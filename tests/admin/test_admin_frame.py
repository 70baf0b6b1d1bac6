"""A survey's frame through the researcher pages: upload, preview, confirm; single units."""

from __future__ import annotations

import html
import io
import re
from datetime import date
from pathlib import Path

from testsupport import FRAME

from surveyapp.extensions import db
from surveyapp.models import AuditEvent, Invitation, Response, SurveyUnit, Unit, utcnow

URL = "/admin/befragungen/welle-2026/kommunen"
FILE = (
    b"ags;name;land;typ;bevoelkerung\n"
    b"14713;Leipzig, Stadt;Sachsen;kreisfreie Stadt;620000\n"
    b"14729;Leipzig;Sachsen;Landkreis;259190\n"
    b"01001;Flensburg, Stadt;Schleswig-Holstein;kreisfreie Stadt;92550\n"
)


def _upload(client, content: bytes, name: str = "rahmen.csv"):  # noqa: ANN001, ANN202
    return client.post(
        URL, data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data"
    )


def _frame(survey_id: int) -> dict[str, SurveyUnit]:
    rows = db.session.scalars(db.select(SurveyUnit).filter_by(survey_id=survey_id))
    return {row.unit.ags: row for row in rows}


def _draft(page: str) -> str:
    return html.unescape(re.search(r'name="draft" type="hidden" value="([^"]+)"', page)[1])


def test_the_preview_lists_what_would_change_and_stores_nothing(admin_client, small_survey):
    before = {ags: (m.name, m.population) for ags, m in _frame(small_survey.id).items()}
    page = _upload(admin_client, FILE)
    assert page.status_code == 200
    text = page.text
    assert "Noch ist nichts gespeichert" in text
    assert "1 neu" in text and "1 geändert" in text and "1 entfernt" in text
    assert "Flensburg (kreisfreie Stadt)" in text
    assert "Bevölkerung: 598.899 → 620.000" in text
    assert "Halle (Saale) (kreisfreie Stadt)" in text and "wird entfernt" in text
    db.session.expire_all()
    assert {ags: (m.name, m.population) for ags, m in _frame(small_survey.id).items()} == before
    assert db.session.scalar(db.select(Unit).filter_by(ags="01001")) is None
    assert not db.session.scalar(db.select(AuditEvent).filter_by(action="frame_applied"))


def test_confirming_applies_the_preview_with_its_audit_event(admin_client, small_survey):
    draft = _draft(_upload(admin_client, FILE).text)
    done = admin_client.post(f"{URL}/uebernehmen", data={"draft": draft}, follow_redirects=True)
    assert "1 neu, 1 geändert, 1 entfernt" in done.text
    db.session.expire_all()
    members = _frame(small_survey.id)
    assert set(members) == {"14713", "14729", "01001"}
    assert members["14713"].population == 620000
    halle = db.session.scalar(db.select(Invitation).join(Unit).filter(Unit.ags == "15002"))
    assert halle is None
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="frame_applied"))
    assert event.user_email == "leitung@example.org"
    again = admin_client.post(f"{URL}/uebernehmen", data={"draft": draft}, follow_redirects=True)
    assert "seit der Vorschau geändert" in again.text


def test_a_tampered_draft_stores_nothing(admin_client, small_survey):
    draft = _draft(_upload(admin_client, FILE).text)
    response = admin_client.post(
        f"{URL}/uebernehmen", data={"draft": draft[:-3] + "abc"}, follow_redirects=True
    )
    assert "Die Vorschau ist ungültig" in response.text
    assert len(_frame(small_survey.id)) == 3


def test_a_key_without_its_leading_zero_is_named_in_the_preview(admin_client, small_survey):
    page = _upload(admin_client, FILE.replace(b"01001", b"1001"))
    assert "Zeile 4, Spalte „ags“: „1001“ hat vermutlich die führende Null verloren" in page.text
    assert "Vorschau" not in page.text.split("<main", 1)[-1].split("</h1>", 1)[0]


def test_a_unit_that_answered_cannot_be_removed_on_its_page(admin_client, small_survey):
    leipzig = db.session.scalar(db.select(Unit).filter_by(ags="14713"))
    now = utcnow()
    db.session.add(
        Response(
            survey_id=small_survey.id,
            unit_id=leipzig.id,
            status="submitted",
            started_at=now,
            submitted_at=now,
        )
    )
    db.session.commit()
    page = admin_client.get(f"{URL}/14713")
    assert "Aus der Befragung entfernen" not in page.text
    refused = admin_client.post(f"{URL}/14713/entfernen", follow_redirects=True)
    assert "Leipzig (kreisfreie Stadt) hat ihre Antwort abgeschickt und bleibt" in refused.text
    assert "14713" in _frame(small_survey.id)


def test_a_unit_without_answers_is_removed_and_added_again(admin_client, small_survey):
    assert "Aus der Befragung entfernen" in admin_client.get(f"{URL}/15002").text
    admin_client.post(f"{URL}/15002/entfernen")
    assert "15002" not in _frame(small_survey.id)
    assert admin_client.get(f"{URL}/15002").status_code == 404
    added = admin_client.post(f"{URL}/aufnehmen", data={"key": "15002"}, follow_redirects=True)
    assert "Halle (Saale) (kreisfreie Stadt) gehört jetzt zur Befragung" in added.text
    unknown = admin_client.post(f"{URL}/aufnehmen", data={"key": "1001"})
    assert "führende Null verloren" in unknown.text


def test_the_register_upload_changes_no_survey(admin_client, small_survey):
    before = _frame(small_survey.id)["14713"].name
    content = FRAME.read_bytes().replace(b'14713,"Leipzig, Stadt"', b'14713,"Leipzig, neu"')
    admin_client.post(
        "/admin/kommunen",
        data={"file": (io.BytesIO(content), FRAME.name)},
        content_type="multipart/form-data",
    )
    db.session.expire_all()
    assert db.session.scalar(db.select(Unit.name).filter_by(ags="14713")) == "Leipzig, neu"
    assert _frame(small_survey.id)["14713"].name == before
    links = admin_client.get("/admin/befragungen/welle-2026/links.csv").text
    assert "Leipzig (kreisfreie Stadt)" in links and "neu" not in links


def test_the_gemeindeverzeichnis_is_applied_with_its_gebietsstand(admin_client, small_survey):
    register = Path(__file__).parent.parent / "surveys" / "data" / "GV100AD_311223.ASC"
    preview = admin_client.post(
        URL,
        data={"file": (io.BytesIO(register.read_bytes()), register.name), "level": "kreise"},
        content_type="multipart/form-data",
    )
    assert "(Gemeindeverzeichnis, Gebietsstand 31.12.2023) ist geprüft" in preview.text
    done = admin_client.post(
        f"{URL}/uebernehmen", data={"draft": _draft(preview.text)}, follow_redirects=True
    )
    assert "aus GV100AD_311223.ASC, Gebietsstand 31.12.2023 übernommen: 3 neu" in done.text
    assert "dem Gemeindeverzeichnis mit Gebietsstand 31.12.2023" in done.text
    db.session.expire_all()
    assert small_survey.frame_as_of == date(2023, 12, 31)
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="frame_applied"))
    assert event.detail["as_of"] == "2023-12-31"

    done = admin_client.post(
        f"{URL}/uebernehmen",
        data={"draft": _draft(_upload(admin_client, FILE).text)},
        follow_redirects=True,
    )
    assert "Zuletzt übernommen aus „rahmen.csv“." in done.text
    assert "Gebietsstand" not in done.text.split("Zuletzt übernommen")[1].split("</p>")[0]
    db.session.expire_all()
    assert (small_survey.frame_file, small_survey.frame_as_of) == ("rahmen.csv", None)


def test_the_register_takes_the_gemeindeverzeichnis_at_the_chosen_level(admin_client):
    register = Path(__file__).parent.parent / "surveys" / "data" / "GV100AD_311223.ASC"
    done = admin_client.post(
        "/admin/kommunen",
        data={"file": (io.BytesIO(register.read_bytes()), register.name), "level": "gemeinden"},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "GV100AD_311223.ASC, Gebietsstand 31.12.2023: 3 Kommunen neu angelegt" in done.text
    assert db.session.scalar(db.select(Unit.name).filter_by(ags="16052000")) == "Gera, Stadt"


def test_a_file_of_another_kind_is_refused_by_name(admin_client, small_survey):
    page = admin_client.post(
        URL, data={"file": (io.BytesIO(b"x"), "rahmen.pdf")}, content_type="multipart/form-data"
    )
    assert "Nur CSV-, XLSX- oder GV100AD-Dateien (.txt, .asc)." in page.text
    assert "Noch ist nichts gespeichert" not in page.text
