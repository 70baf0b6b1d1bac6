"""Downloads in the researcher area: each file is made by a job worker in the background and
opens in the program it is meant for."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from pathlib import Path

import pyreadstat
import pytest
from openpyxl import load_workbook
from testsupport import wait_for_jobs

from surveyapp.extensions import db
from surveyapp.models import AuditEvent
from surveyapp.publishing.publications import NO_RESPONSES

DEMO = "/admin/befragungen/sozialplanung-demo"
TODAY = date.today().isoformat()


@pytest.fixture
def answered(app, worker):  # noqa: ANN001, ANN201
    """The demo survey with fourteen submitted responses, and a job worker."""
    from surveyapp.demo.survey import load_demo

    return load_demo(with_responses=True)


def _download(client, fmt: str):  # noqa: ANN001, ANN202
    """Ask for the file, wait for its job, take the file from the job's page."""
    started = client.post(f"{DEMO}/dateien/{fmt}")
    assert started.status_code == 302, started.text[:500]
    job_page = started.location
    wait_for_jobs()
    page = client.get(job_page).text
    assert "Datei herunterladen" in page, page
    response = client.get(f"{job_page}/datei")
    assert response.status_code == 200, response.text[:500]
    return response


def _disposition(response) -> str:  # noqa: ANN001
    return response.headers["Content-Disposition"]


def _downloads() -> list[tuple[str | None, dict | None]]:
    return [
        (e.action, e.detail)
        for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))
        if e.action.endswith("_downloaded")
    ]


def test_the_survey_page_offers_the_downloads_and_says_they_are_internal(
    researcher_client, answered
):
    page = researcher_client.get(DEMO).text
    assert "Daten herunterladen" in page
    for fmt in ("xlsx", "sav", "dta", "pdf", "html", "rueckmeldungen"):
        assert f"{DEMO}/dateien/{fmt}" in page
    assert "alle abgeschickten Antworten, auch kleine Fallzahlen" in page


def test_the_workbook_opens_in_openpyxl(researcher_client, answered):
    response = _download(researcher_client, "xlsx")
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert f"sozialplanung-demo_{TODAY}.xlsx" in _disposition(response)
    assert response.headers["Cache-Control"] == "no-store"
    workbook = load_workbook(io.BytesIO(response.data), read_only=True)
    assert {"Info", "Codebuch", "Daten_Codes", "Daten_Labels"} <= set(workbook.sheetnames)
    rows = list(workbook["Daten_Codes"].iter_rows(values_only=True))
    assert rows[0][0].startswith("Interne Auswertung")  # every sheet says it is internal
    assert rows[1][0] == "ags"
    assert len(rows) == 2 + 14


@pytest.mark.parametrize(
    ("fmt", "mimetype", "read"),
    [
        ("sav", "application/x-spss-sav", pyreadstat.read_sav),
        ("dta", "application/x-stata-dta", pyreadstat.read_dta),
    ],
)
def test_the_statistics_files_read_back(
    admin_client, answered, tmp_path: Path, fmt, mimetype, read
):
    response = _download(admin_client, fmt)
    assert response.mimetype == mimetype
    assert f"sozialplanung-demo_{TODAY}.{fmt}" in _disposition(response)
    path = tmp_path / f"daten.{fmt}"
    path.write_bytes(response.data)
    frame, meta = read(str(path))
    assert len(frame) == 14
    assert "ags" in meta.column_names
    assert meta.column_names_to_labels["ags"]


def test_the_brief_downloads_as_pdf_and_html(researcher_client, answered, tmp_path: Path):
    pdf = _download(researcher_client, "pdf")
    assert pdf.mimetype == "application/pdf"
    assert f"sozialplanung-demo_ergebnisbericht_{TODAY}.pdf" in _disposition(pdf)
    assert pdf.data.startswith(b"%PDF")
    path = tmp_path / "bericht.pdf"
    path.write_bytes(pdf.data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    assert answered.survey.title in text.decode("utf-8")

    html = _download(researcher_client, "html")
    assert html.mimetype == "text/html"
    assert "attachment" in _disposition(html)
    assert f"<title>{answered.survey.title}</title>" in html.text


def test_every_download_is_an_audit_event(researcher_client, answered):
    _download(researcher_client, "xlsx")
    _download(researcher_client, "dta")
    assert _downloads() == [
        ("data_downloaded", {"format": "xlsx"}),
        ("data_downloaded", {"format": "dta"}),
    ]
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="data_downloaded"))
    assert event.user_email == "forschung@example.org"
    assert event.target == "sozialplanung-demo"


def test_asking_for_a_file_returns_at_once_and_the_job_page_follows_it(researcher_client, app):
    """Without a worker the job waits: the request does not build the file itself."""
    from surveyapp.demo.survey import load_demo

    load_demo(with_responses=True)
    started = researcher_client.post(f"{DEMO}/dateien/xlsx")
    assert started.status_code == 302
    page = researcher_client.get(started.location).text
    assert "Wartet auf einen freien Worker" in page
    assert "Datei herunterladen</a>" in page  # the link is there, hidden until the file is
    assert researcher_client.get(f"{started.location}/datei").status_code == 404
    assert _downloads() == []


def test_a_failed_job_says_why_in_german(researcher_client, small_survey, worker):
    started = researcher_client.post("/admin/befragungen/welle-2026/dateien/xlsx")
    wait_for_jobs()
    page = researcher_client.get(started.location).text
    assert f"Gescheitert: {NO_RESPONSES}" in page
    assert _downloads() == []


def test_the_survey_page_offers_no_files_before_the_first_submission(admin_client, small_survey):
    page = admin_client.get("/admin/befragungen/welle-2026").text
    assert "Noch keine abgeschickten Antworten" in page
    assert "dateien/xlsx" not in page


def test_all_feedback_reports_come_as_one_zip(researcher_client, small_survey, worker):
    """Three Kommunen submitted (the demo's fourteen would make the test slow: the reports'
    disclosure check grows with the units): one PDF each, once the brief is published, since
    the reports are built against its decisions."""
    import random
    import zipfile

    from surveyapp.demo.answers import sample_answers
    from surveyapp.models import Response
    from surveyapp.publishing import briefs
    from surveyapp.responses import store
    from surveyapp.surveys.lifecycle import questionnaire_of

    questionnaire = questionnaire_of(small_survey)
    for number, invitation in enumerate(small_survey.invitations):
        response = Response(
            survey_id=small_survey.id, unit_id=invitation.unit_id, status="submitted"
        )
        values = sample_answers(questionnaire, random.Random(number))
        store.write_answers(response, values, store.ChangedBy("system", store.DEMO))
    db.session.commit()
    refused = researcher_client.post("/admin/befragungen/welle-2026/dateien/rueckmeldungen")
    wait_for_jobs(timeout=300)
    page = researcher_client.get(refused.location).text
    assert "Gescheitert: Rückmeldeberichte bauen auf dem veröffentlichten Ergebnisbericht" in page
    draft = briefs.build_draft(small_survey, None, None, "admin@example.org")
    briefs.publish_draft(small_survey, draft, str(draft.version), "admin@example.org")
    started = researcher_client.post("/admin/befragungen/welle-2026/dateien/rueckmeldungen")
    wait_for_jobs(timeout=300)
    response = researcher_client.get(f"{started.location}/datei")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = sorted(archive.namelist())
    assert names == ["rueckmeldung-14713.pdf", "rueckmeldung-14729.pdf", "rueckmeldung-15002.pdf"]
    assert archive.read(names[0]).startswith(b"%PDF")
    assert _downloads() == [("feedback_downloaded", {"format": "rueckmeldungen"})]


def test_an_unknown_format_is_not_found(admin_client, answered):
    assert admin_client.post(f"{DEMO}/dateien/csv").status_code == 404


def test_downloads_need_a_login(client, answered):
    response = client.post(f"{DEMO}/dateien/xlsx")
    assert response.status_code == 302
    assert response.location.startswith("/admin/login")
    assert _downloads() == []
