"""The researcher's main path in a real browser, with real e-mail.

An admin logs in, creates a survey from a questionnaire file, uploads the frame and the
contacts, sends the invitations through a local SMTP server, a contact opens the link from the
e-mail and answers, and the dashboard shows the submitted response. axe-core audits the
researcher pages on the way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from browsing import browser_app
from testsupport import (
    Inbox,
    assert_accessible,
    empty_tables,
    job_worker,
    serve,
    smtp_server,
)

from surveyapp.accounts import auth
from surveyapp.extensions import db

pytestmark = pytest.mark.browser

DATA = Path(__file__).parent.parent.parent / "surveyapp" / "data"
ADMIN = "leitung@example.org"
PASSWORD = "ein langes Testpasswort"  # noqa: S105


@pytest.fixture
def research_server(database_url: str, tmp_path: Path) -> Iterator[Any]:
    """An empty app with one admin account, served on 127.0.0.1, sending to a local SMTP server."""
    inbox = Inbox()
    with smtp_server(inbox) as port:
        app = browser_app(
            database_url,
            tmp_path / "outbox",
            TESTING=False,
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=port,
            JOB_QUEUE_URL=f"sqlite:///{tmp_path / 'jobs.db'}",
            MAIL_PER_MINUTE=0,
        )
        with serve(app) as base, job_worker():
            with app.app_context():
                empty_tables()
                auth.create_user(ADMIN, "admin", PASSWORD)
                db.session.remove()
            yield SimpleNamespace(base=base, inbox=inbox)


def submit(page: Any, selector: str = ".admin-form button[type=submit]") -> None:
    with page.expect_navigation():
        page.click(selector)


def figure(page: Any, label: str) -> str:
    return page.inner_text(f".admin-figures div:has(dt:text-is('{label}')) dd")


def answer_the_survey(page: Any, link: str) -> None:
    """The shortest honest path: consent, A1, 'no social planning', on to the overview, send."""
    page.goto(link)
    page.check("#consent")
    submit(page, ".consent-form button[type=submit]")
    page.check("#A1-1")
    submit(page, "button[value=weiter]")
    page.check("#B1-4")
    for _ in range(25):
        if page.inner_text("h1") == "Ihre Angaben im Überblick":
            break
        submit(page, "button[value=weiter]")
    submit(page, ".submit-form button")
    assert page.inner_text("h1") == "Vielen Dank für Ihre Teilnahme"


def test_researcher_main_path(browser: Any, research_server: Any, tmp_path: Path) -> None:
    base = research_server.base
    context = browser.new_context(bypass_csp=True, locale="de-DE")
    page = context.new_page()

    page.goto(base + "/admin/")
    assert page.url.startswith(base + "/admin/login")
    assert_accessible(page, "the login page")
    page.fill("#email", ADMIN)
    page.fill("#password", PASSWORD)
    submit(page)
    assert page.inner_text("h1") == "Befragungen"

    page.click("text=Neue Befragung anlegen")
    page.set_input_files("#questionnaire", str(DATA / "demo-questionnaire.yaml"))
    page.fill("#slug", "welle-2026")
    page.fill("#closes_on", "2030-12-31")
    page.fill("#contact_name", "Team Sozialplanung")
    page.fill("#contact_email", "team@example.org")
    submit(page)
    assert "angelegt" in page.inner_text(".status-region")
    assert_accessible(page, "the survey page")

    page.goto(base + "/admin/befragungen/welle-2026/kommunen")
    page.set_input_files("#file", str(DATA / "kreise-mitteldeutschland.csv"))
    submit(page)
    assert "Kämen hinzu" in page.inner_text("main")
    assert_accessible(page, "the preview of the frame")
    submit(page, "form[action$='/kommunen/uebernehmen'] button[type=submit]")
    assert "49 neu" in page.inner_text(".status-region")

    contacts = tmp_path / "kontakte.csv"
    contacts.write_text(
        "ags;anrede;name;e-mail;sprache\n"
        "14713;Frau;Anna Beispiel;anna@leipzig.example.org;de\n"
        "15002;Herr;Bernd Muster;bernd@halle.example.org;en\n",
        encoding="utf-8",
    )
    page.goto(base + "/admin/befragungen/welle-2026/kontakte")
    page.set_input_files("#file", str(contacts))
    submit(page)
    assert "2 Kontakte neu" in page.inner_text(".status-region")

    page.goto(base + "/admin/befragungen/welle-2026/kommunen/15002")
    assert page.eval_on_selector("select[name=language]", "s => s.value") == "en"
    assert_accessible(page, "a unit's page with its contact's language")
    page.goto(base + "/admin/befragungen/welle-2026/einladungen")
    page.click("text=englischer Text, optional >> nth=0")
    assert "Noch kein englischer Text" in page.inner_text("main")
    assert_accessible(page, "the English invitation text, not written yet")
    page.fill("#subject", "Invitation: {{titel}}")
    page.fill("#body", "{{anrede}}\n\nPlease answer here: {{link}}\nby {{frist}}")
    submit(page)
    assert "Dear Ms Erika Mustermann," in page.inner_text(".admin-mail-sample")
    assert_accessible(page, "the English invitation text with its sample")

    page.goto(base + "/admin/befragungen/welle-2026/einladungen/senden")
    submit(page)
    assert "2 E-Mails" in page.inner_text("main")
    assert "Davon 1 an Kontakte mit der Sprache Englisch" in page.inner_text("main")
    assert_accessible(page, "the confirmation before sending")
    submit(page)
    page.wait_for_function(
        "document.querySelector('[data-state]').textContent.includes('2 von 2 versandt')",
        timeout=60000,
    )
    assert_accessible(page, "the mailing's job page")

    page.goto(base + "/admin/befragungen/welle-2026/monitoring")
    assert figure(page, "abgeschickt").startswith("0")
    assert_accessible(page, "the dashboard")

    [english] = [m for m in research_server.inbox.messages if m["To"] == "bernd@halle.example.org"]
    assert english["Subject"].startswith("Invitation: ")
    assert english.get_body(("plain",)).get_content().startswith("Dear Mr Bernd Muster,")
    [mail] = [m for m in research_server.inbox.messages if m["To"] == "anna@leipzig.example.org"]
    assert mail["Subject"].startswith("Einladung zur Befragung")
    text = mail.get_body(("plain",)).get_content()
    link = re.search(r"(http://127\.0\.0\.1:\d+/r/\S+)", text).group(1)
    respondent = browser.new_context(bypass_csp=True, locale="de-DE")
    answer_the_survey(respondent.new_page(), link)
    respondent.close()

    page.reload()
    assert figure(page, "abgeschickt").startswith("1")
    assert figure(page, "begonnen").startswith("1")
    page.select_option("#filter-status", "submitted")
    submit(page, ".admin-filter-form button")
    assert "Leipzig (kreisfreie Stadt)" in page.inner_text(".admin-units")
    assert "Halle" not in page.inner_text(".admin-units")

    page.goto(base + "/admin/protokoll")
    page.fill("#von", "2030-12-31")
    page.fill("#bis", "2020-01-01")
    submit(page, ".admin-filter-form button")
    assert "Das Ende liegt vor dem Beginn." in page.inner_text("#fehler")
    assert_accessible(page, "the audit log with a search to correct")
    page.fill("#von", "2020-01-01")
    page.fill("#bis", "2030-12-31")
    page.select_option("#aktion", "invitations_queued")
    submit(page, ".admin-filter-form button")
    assert "Einladungen in die Warteschlange gestellt" in page.inner_text("table")
    assert "Anmeldung" not in page.inner_text("table")
    context.close()
