"""The findings brief in the researcher area: build, preview, publish, withdraw, and who may.

Building a brief takes about a second, so most tests put a draft in place from the brief
built once for the session (`demo_brief`); the tests of building itself use a short brief.yaml.
"""

from __future__ import annotations

import io

import pytest
from testsupport import wait_for_jobs

from surveyapp.extensions import db
from surveyapp.models import AuditEvent, Publication, Survey
from surveyapp.publishing.publications import (
    BRIEF_CSP,
    DRAFT,
    PUBLIC,
    BuiltBrief,
    publication,
    save_draft,
)

DEMO = "/admin/befragungen/sozialplanung-demo"
BRIEF = f"{DEMO}/bericht"
SHORT_BRIEF = """\
title: "Kurzbericht Sozialplanung"
author: "Team Test"
appendix: false
sections:
  - title: "Stand"
    questions: [B1]
"""


@pytest.fixture
def draft(demo_survey: Survey, demo_brief: BuiltBrief) -> Publication:
    draft = save_draft(demo_survey, demo_brief, None, None, "forschung@example.org")
    db.session.commit()
    return draft


def _actions() -> list[str]:
    return [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]


def _build(client, content: str | None = None, **extra: str):  # noqa: ANN001, ANN202
    """Ask for a build; a build that starts is left to its job, and this waits for it."""
    data: dict[str, object] = dict(extra)
    if content is not None:
        data["config"] = (io.BytesIO(content.encode()), "brief.yaml")
    response = client.post(f"{BRIEF}/erstellen", data=data, content_type="multipart/form-data")
    if response.status_code == 302 and "/auftraege/" in response.location:
        wait_for_jobs()
    return response


def test_a_researcher_builds_and_previews_but_may_not_publish(
    researcher_client, demo_survey, worker
):
    job = _build(researcher_client, SHORT_BRIEF).location
    assert "Fassung 1) ist erstellt" in researcher_client.get(job).text
    draft = publication(demo_survey, DRAFT)
    assert (draft.version, draft.config_name, draft.built_by) == (
        1,
        "brief.yaml",
        "forschung@example.org",
    )
    preview = researcher_client.get(f"{BRIEF}/vorschau")
    assert preview.status_code == 200
    assert "Kurzbericht Sozialplanung" in preview.text
    assert "nicht veröffentlicht" in preview.text
    page = researcher_client.get(BRIEF).text
    assert "veroeffentlichen" not in page
    assert "Rolle Administration" in page

    publish = researcher_client.post(f"{BRIEF}/veroeffentlichen", data={"version": "1"})
    assert publish.status_code == 403
    assert researcher_client.post(f"{BRIEF}/zuruecknehmen").status_code == 403
    assert publication(demo_survey, PUBLIC) is None
    assert _actions()[-2:] == ["brief_built", "brief_previewed"]


def test_the_brief_yaml_is_kept_for_the_next_build_until_dropped(admin_client, demo_survey, worker):
    _build(admin_client, SHORT_BRIEF)
    _build(admin_client)
    draft = publication(demo_survey, DRAFT)
    assert (draft.version, draft.config_name, draft.title) == (
        2,
        "brief.yaml",
        "Kurzbericht Sozialplanung",
    )
    assert "Ohne brief.yaml erstellen" in admin_client.get(BRIEF).text

    with pytest.MonkeyPatch.context() as patch:
        # Only the choice of config matters here, not another second of building.
        patch.setattr(
            "surveyapp.publishing.briefs.build_brief",
            lambda demo_survey, config: BuiltBrief(
                config.title or demo_survey.title, b"%PDF", "<html>"
            ),
        )
        _build(admin_client, standard="1")
    draft = publication(demo_survey, DRAFT)
    assert (draft.version, draft.config, draft.config_name) == (3, None, None)
    assert draft.title == demo_survey.title


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("title: [unclosed\n", "brief.yaml ist keine gültige YAML-Datei (Zeile 2"),
        ("titel: Bericht\n", "unbekannter Schlüssel „titel“"),
        ("- title: Bericht\n", "muss eine Zuordnung"),
        ("sections:\n  - title: A\n    questions: [X99]\n", "X99"),
        ("title: " + "[" * 20000 + "]" * 20000 + "\n", "zu tief verschachtelt"),
    ],
)
def test_a_broken_brief_yaml_is_explained_in_german(admin_client, demo_survey, content, message):
    response = _build(admin_client, content)
    assert response.status_code == 200
    assert "Der Bericht konnte nicht erstellt werden" in response.text
    assert message in response.text
    assert publication(demo_survey, DRAFT) is None


def test_a_file_that_is_not_text_is_refused(admin_client, demo_survey):
    data = {"config": (io.BytesIO(b"\xff\xfe\x00bad"), "brief.yaml")}
    response = admin_client.post(
        f"{BRIEF}/erstellen", data=data, content_type="multipart/form-data"
    )
    assert "keine Textdatei in UTF-8" in response.text


def test_only_yaml_files_are_taken(admin_client, demo_survey):
    data = {"config": (io.BytesIO(b"title: x"), "brief.txt")}
    response = admin_client.post(
        f"{BRIEF}/erstellen", data=data, content_type="multipart/form-data"
    )
    assert "Bitte eine YAML-Datei" in response.text
    assert publication(demo_survey, DRAFT) is None


def test_without_submissions_there_is_nothing_to_build(admin_client, small_survey):
    response = admin_client.post("/admin/befragungen/welle-2026/bericht/erstellen")
    page = admin_client.get(response.location).text
    assert "noch keine abgeschickten Antworten" in page
    assert publication(small_survey, DRAFT) is None


def test_preview_and_draft_pdf_need_a_draft(admin_client, demo_survey):
    for url in (f"{BRIEF}/vorschau", f"{BRIEF}/entwurf.pdf"):
        response = admin_client.get(url, follow_redirects=True)
        assert "Es gibt noch keinen Entwurf" in response.text


def test_only_the_preview_relaxes_the_content_security_policy(admin_client, draft):
    preview = admin_client.get(f"{BRIEF}/vorschau")
    assert preview.headers["Content-Security-Policy"] == BRIEF_CSP
    assert "script" not in BRIEF_CSP and "default-src 'none'" in BRIEF_CSP
    page = admin_client.get(BRIEF)
    assert "unsafe-inline" not in page.headers["Content-Security-Policy"]


def test_the_draft_pdf_downloads(admin_client, draft):
    response = admin_client.get(f"{BRIEF}/entwurf.pdf")
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert "sozialplanung-demo_entwurf_" in response.headers["Content-Disposition"]
    assert _actions()[-1] == "brief_downloaded"


def test_an_admin_publishes_the_draft_and_withdraws_it(admin_client, demo_survey, draft):
    response = admin_client.post(f"{BRIEF}/veroeffentlichen", data={"version": "1"})
    assert response.location == BRIEF
    public = publication(demo_survey, PUBLIC)
    assert (public.version, public.published_by) == (1, "leitung@example.org")
    assert public.html == draft.html and public.pdf == draft.pdf
    page = admin_client.get(BRIEF).text
    assert "/ergebnisse/sozialplanung-demo" in page
    assert "bericht/veroeffentlichen" not in page  # nothing newer to publish
    assert "öffentliche Ergebnisseite" in admin_client.get(DEMO).text

    admin_client.post(f"{BRIEF}/zuruecknehmen")
    assert publication(demo_survey, PUBLIC) is None
    assert publication(demo_survey, DRAFT) is not None
    assert _actions()[-2:] == ["brief_published", "brief_unpublished"]
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="brief_published"))
    assert (event.user_email, event.target, event.detail) == (
        "leitung@example.org",
        "sozialplanung-demo",
        {"version": 1},
    )


def test_a_draft_rebuilt_meanwhile_is_not_published_unseen(
    admin_client, demo_survey, draft, demo_brief
):
    save_draft(demo_survey, demo_brief, None, None, "forschung@example.org")
    db.session.commit()
    response = admin_client.post(
        f"{BRIEF}/veroeffentlichen", data={"version": "1"}, follow_redirects=True
    )
    assert "inzwischen neu erstellt (Fassung 2)" in response.text
    assert publication(demo_survey, PUBLIC) is None


def test_a_new_version_replaces_the_published_one(admin_client, demo_survey, draft, demo_brief):
    admin_client.post(f"{BRIEF}/veroeffentlichen", data={"version": "1"})
    newer = BuiltBrief(
        "Zweite Fassung", demo_brief.pdf, demo_brief.html.replace("<h1>", "<h1>Neu: ", 1)
    )
    save_draft(demo_survey, newer, None, None, "forschung@example.org")
    db.session.commit()
    admin_client.post(f"{BRIEF}/veroeffentlichen", data={"version": "2"})
    rows = db.session.scalars(db.select(Publication).filter_by(stage=PUBLIC)).all()
    assert [(r.version, r.title) for r in rows] == [(2, "Zweite Fassung")]
    assert "<h1>Neu: " in rows[0].html


def test_the_audit_log_words_the_new_actions(admin_client, draft):
    admin_client.post(f"{BRIEF}/veroeffentlichen", data={"version": "1"})
    log = admin_client.get("/admin/protokoll").text
    assert "Ergebnisbericht veröffentlicht" in log


def test_anonymous_visitors_are_sent_to_the_login(client, draft):
    for method, url in [
        ("GET", BRIEF),
        ("GET", f"{BRIEF}/vorschau"),
        ("POST", f"{BRIEF}/erstellen"),
        ("POST", f"{BRIEF}/veroeffentlichen"),
        ("POST", f"{BRIEF}/zuruecknehmen"),
    ]:
        response = client.open(url, method=method)
        assert response.status_code == 302, url
        assert response.location.startswith("/admin/login")
