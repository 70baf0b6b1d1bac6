"""The page „Als nächste Welle anlegen“ in the researcher area."""

from __future__ import annotations

import io

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
