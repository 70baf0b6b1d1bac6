"""The panel download in the researcher area: offered for a wave made from an earlier one,
made by a job worker like the other files, logged as a data download."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from respondent import Respondent, finish
from testsupport import wait_for_jobs

from surveyapp.extensions import db
from surveyapp.field.invitations import invitation_of, link_of
from surveyapp.field.next_wave import create_next_wave
from surveyapp.models import AuditEvent

FIRST = "/admin/befragungen/sozialplanung-demo"
SECOND = "/admin/befragungen/sozialplanung-demo-2"


@pytest.fixture
def two_waves(app, worker):  # noqa: ANN001, ANN201
    """The demo survey (fourteen submitted) and its second wave, in which Leipzig submitted."""
    from surveyapp.demo.survey import load_demo

    first = load_demo(with_responses=True).survey
    second = create_next_wave(first, "sozialplanung-demo-2").survey
    invitation = invitation_of(second, "14713")
    assert invitation is not None
    person = Respondent(app.test_client(), link_of(invitation).removeprefix("http://localhost"))
    person.consent()
    finish(person)
    assert person.client.post(f"{person.link}/absenden").status_code == 302
    return first, second


def test_only_a_later_wave_offers_the_panel(researcher_client, two_waves):  # noqa: ANN001
    assert f"{SECOND}/dateien/panel" in researcher_client.get(SECOND).text
    assert "Paneldaten aller Wellen" in researcher_client.get(SECOND).text
    assert f"{FIRST}/dateien/panel" not in researcher_client.get(FIRST).text


def test_the_panel_workbook_holds_both_waves_and_is_logged(researcher_client, two_waves):  # noqa: ANN001
    started = researcher_client.post(f"{SECOND}/dateien/panel")
    assert started.status_code == 302
    wait_for_jobs()
    response = researcher_client.get(f"{started.location}/datei")
    assert response.status_code == 200, response.text[:500]
    assert "sozialplanung-demo-2_panel_" in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.data), read_only=True)
    assert workbook.sheetnames == ["Info", "Codebuch", "Daten_lang", "Daten_breit"]
    rows = list(workbook["Daten_lang"].iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "ags")
    assert len(rows) - header - 1 == 14 + 1
    event = db.session.scalar(
        db.select(AuditEvent).filter_by(action="data_downloaded", target="sozialplanung-demo-2")
    )
    assert event.detail == {"format": "panel"}


def test_a_first_wave_asked_for_a_panel_is_told_why_not(researcher_client, two_waves):  # noqa: ANN001
    started = researcher_client.post(f"{FIRST}/dateien/panel")
    wait_for_jobs()
    page = researcher_client.get(started.location).text
    assert "hat keine frühere Welle: Paneldaten gibt es erst ab der zweiten Welle" in page
