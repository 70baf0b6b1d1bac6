"""The page „Als nächste Welle anlegen“ in the researcher area."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from surveyapp.extensions import db
from surveyapp.models import Survey


def test_admin_makes_the_next_wave_from_the_survey_page(admin_client, small_survey):
    detail = admin_client.get("/admin/befragungen/welle-2026").text
    assert "Als nächste Welle anlegen" in detail
    assert admin_client.get("/admin/befragungen/welle-2026/naechste-welle").status_code == 200

    response = admin_client.post(
        "/admin/befragungen/welle-2026/naechste-welle",
        data={"slug": "welle-2028", "opens_on": "", "closes_on": ""},
        content_type="multipart/form-data",
    )

    assert response.location == "/admin/befragungen/welle-2028"
    page = admin_client.get(response.location, follow_redirects=True).text
    assert "Welle 2 angelegt: 3 Kommunen mit neuen Links, 4 Kontakte übernommen." in page
    assert "welle-2026, Welle 2" in page


def test_a_broken_frame_file_shows_its_rows_and_stores_nothing(admin_client, small_survey):
    response = admin_client.post(
        "/admin/befragungen/welle-2026/naechste-welle",
        data={
            "slug": "welle-2028",
            "frame_file": (io.BytesIO(b"ags;name;land;typ\n1471;Leipzig;Sachsen;Stadt\n"), "r.csv"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "Zeile 2" in response.text
    assert db.session.scalar(db.select(Survey).filter_by(slug="welle-2028")) is None


def test_a_researcher_without_admin_rights_cannot_make_a_wave(researcher_client, small_survey):
    response = researcher_client.post(
        "/admin/befragungen/welle-2026/naechste-welle", data={"slug": "welle-2028"}
    )
    assert response.status_code == 403


def test_the_page_takes_the_gemeindeverzeichnis_and_lists_the_differences(
    admin_client, small_survey
):
    register = Path(__file__).parent.parent / "surveys" / "data" / "GV100AD_311223.ASC"
    response = admin_client.post(
        "/admin/befragungen/welle-2026/naechste-welle",
        data={
            "slug": "welle-2028",
            "frame_file": (io.BytesIO(register.read_bytes()), register.name),
            "frame_level": "kreise",
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Welle 2 angelegt: 4 Kommunen mit neuen Links, 1 Kontakt übernommen." in response.text
    assert "neu (3): 16051 Erfurt (kreisfreie Stadt)" in response.text
    assert "Kommunen aus GV100AD_311223.ASC, Gebietsstand 31.12.2023, gegenüber" in response.text
    made = db.session.scalar(db.select(Survey).filter_by(slug="welle-2028"))
    assert made.frame_as_of == date(2023, 12, 31)
    page = admin_client.get("/admin/befragungen/welle-2028/kommunen").text
    assert "dem Gemeindeverzeichnis mit Gebietsstand 31.12.2023" in page
    assert "entfallen (2): 14713 Leipzig (kreisfreie Stadt), 14729 Leipzig (Landkreis)" in (
        response.text
    )
