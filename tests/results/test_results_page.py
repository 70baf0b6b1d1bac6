"""The public results page: the published brief without login, its PDF, and nothing else.

The first test walks the whole way through the researcher area with a real build; the others
put a published version in place directly from the brief built once for the session
(`demo_brief`).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from testsupport import wait_for_jobs

from surveyapp.accounts import auth
from surveyapp.extensions import db
from surveyapp.models import Survey
from surveyapp.publishing.publications import (
    BRIEF_CSP,
    BuiltBrief,
    publication,
    publish,
    save_draft,
    with_links,
)

RESULTS = "/ergebnisse/sozialplanung-demo"
PASSWORD = "ein langes Testpasswort"  # noqa: S105


@pytest.fixture
def published(demo_survey: Survey, demo_brief: BuiltBrief) -> BuiltBrief:
    draft = save_draft(demo_survey, demo_brief, None, None, "forschung@example.org")
    publish(demo_survey, draft, "leitung@example.org")
    db.session.commit()
    return demo_brief


def _pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "bericht.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    return out.decode("utf-8")


def test_publish_then_withdraw_through_the_researcher_area(
    app, client, demo_survey, tmp_path, worker
):
    """Build, publish: the public sees the brief without a login; withdraw: it is gone."""
    auth.create_user("leitung@example.org", "admin", PASSWORD)
    admin = app.test_client()
    admin.post("/admin/login", data={"email": "leitung@example.org", "password": PASSWORD})
    brief = "/admin/befragungen/sozialplanung-demo/bericht"
    assert client.get(RESULTS).status_code == 404

    admin.post(f"{brief}/erstellen")
    wait_for_jobs()
    admin.post(f"{brief}/veroeffentlichen", data={"version": "1"})
    page = client.get(RESULTS)
    assert page.status_code == 200
    assert f"<h1>{demo_survey.title}</h1>" in page.text
    assert f'href="{RESULTS}/bericht.pdf"' in page.text
    pdf = client.get(f"{RESULTS}/bericht.pdf")
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    assert demo_survey.title in _pdf_text(pdf.data, tmp_path)

    admin.post(f"{brief}/zuruecknehmen")
    gone = client.get(RESULTS)
    assert gone.status_code == 404
    assert "Keine Ergebnisse veröffentlicht" in gone.text
    assert client.get(f"{RESULTS}/bericht.pdf").status_code == 404


def test_the_page_is_the_published_brief_with_the_apps_links(client, published):
    page = client.get(RESULTS)
    assert page.mimetype == "text/html"
    pdf_link = re.search(
        r'<p class="meta"><a href="/ergebnisse/[^"]+/bericht.pdf">.*?</p>', page.text
    )
    legal = re.search(r'<nav aria-label="Rechtliches und Barrierefreiheit">.*?</nav>', page.text)
    assert pdf_link and "KB" in pdf_link.group()
    assert legal and 'href="/barrierefreiheit"' in legal.group()
    # The stored file, untouched but for the app's links added on the way out.
    rest = page.text.replace(pdf_link.group(), "").replace(legal.group(), "")
    assert rest == published.html
    assert "Vorschau" not in page.text


def test_the_pdf_has_a_dated_file_name_and_is_not_cached(client, published, demo_survey):
    response = client.get(f"{RESULTS}/bericht.pdf")
    day = publication(demo_survey, "public").published_at.date().isoformat()
    assert (
        f"sozialplanung-demo_ergebnisbericht_{day}.pdf" in response.headers["Content-Disposition"]
    )
    assert response.headers["Cache-Control"] == "no-store"


def test_only_the_brief_relaxes_the_content_security_policy(client, published):
    assert client.get(RESULTS).headers["Content-Security-Policy"] == BRIEF_CSP
    gone = client.get("/ergebnisse/gibt-es-nicht")
    assert gone.status_code == 404
    assert "unsafe-inline" not in gone.headers["Content-Security-Policy"]


def test_an_unknown_survey_looks_like_an_unpublished_one(client, demo_survey):
    unknown = client.get("/ergebnisse/gibt-es-nicht")
    unpublished = client.get(RESULTS)
    assert unknown.status_code == unpublished.status_code == 404
    assert unknown.text.replace("gibt-es-nicht", "sozialplanung-demo") == unpublished.text
    assert demo_survey.title not in unpublished.text


def test_a_draft_alone_is_not_public(client, demo_survey, demo_brief):
    save_draft(demo_survey, demo_brief, None, None, "forschung@example.org")
    db.session.commit()
    assert client.get(RESULTS).status_code == 404


def test_links_go_into_the_header_and_footer_or_else_around_the_body():
    html = "<html><body><header><h1>T</h1></header><main></main><footer>F</footer></body></html>"
    assert with_links(html, "<p>P</p>", "<p>L</p>") == (
        "<html><body><header><h1>T</h1><p>P</p></header><main></main>"
        "<footer>F<p>L</p></footer></body></html>"
    )
    bare = '<html><body class="x"><main></main></body></html>'
    assert with_links(bare, "<p>P</p>", "<p>L</p>") == (
        '<html><body class="x"><p>P</p><main></main><p>L</p></body></html>'
    )
