"""Fragebogen ansehen and the PDF copy of the answers, in Chromium: the pages pass axe, the
PDFs they link to read back with pdftotext."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest
from browsing import choose, give_consent, heading, press, press_button, type_into
from respondent import partly_translated_link
from testsupport import assert_accessible

from surveyapp.extensions import db

pytestmark = pytest.mark.browser

OVERVIEW = "Ihre Angaben im Überblick"


def _pdf_text(page: Any, href: str) -> str:
    fetched = page.context.request.get(href)
    assert fetched.ok and fetched.headers["content-type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=fetched.body(), capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


def test_preview_before_consent_and_its_pdf(browser: Any, live_server: Any) -> None:
    context = browser.new_context(bypass_csp=True, locale="de-DE")
    page = context.new_page()
    page.goto(live_server.links[6])
    press(page, "a[href$='/fragebogen']")
    assert heading(page) == "Fragebogen ansehen"
    assert "Dieser Abschnitt wird nur gezeigt, wenn" in page.inner_text("#vorschau-e + p")
    assert_accessible(page, "the questionnaire preview")
    href = page.get_attribute("a[href$='/fragebogen.pdf']", "href")
    text = _pdf_text(page, live_server.base + href)
    assert "E: Fachplanungen" in text and "Wird nur gefragt, wenn" in text
    page.goto(live_server.links[6] + "/fragebogen?lang=en")
    assert heading(page) == "View the questionnaire"
    assert_accessible(page, "the English questionnaire preview")
    context.close()


def test_the_english_preview_marks_what_is_only_in_german(
    browser: Any, live_server: Any, tmp_path: Any
) -> None:
    with live_server.app.app_context():
        link = partly_translated_link(tmp_path)
        db.session.remove()
    context = browser.new_context(bypass_csp=True, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.base + link + "/fragebogen?lang=en")
    assert heading(page) == "View the questionnaire"
    b2 = page.locator(".preview-question", has=page.locator("h3", has_text="B2:"))
    assert b2.locator("h3 span[lang=de]").inner_text() == "Wer plant mit?"
    assert b2.locator(".preview-filter span[lang=de]").inner_text() == "im Aufbau"
    assert page.locator("#vorschau-b span[lang=de]").inner_text() == "Nur auf Deutsch"
    assert_accessible(page, "an English preview with German fallbacks in its filters")
    context.close()


def test_pdf_copy_of_the_submitted_answers(browser: Any, live_server: Any) -> None:
    context = browser.new_context(bypass_csp=True, locale="de-DE")
    page = context.new_page()
    page.goto(live_server.links[7])
    give_consent(page)
    choose(page, "#A1-1")
    type_into(page, "#A2", "Sozialamt")
    press_button(page)
    choose(page, "#B1-4")
    press_button(page)
    for _ in range(12):
        if heading(page) == OVERVIEW:
            break
        press_button(page)
    assert heading(page) == OVERVIEW
    press(page, ".submit-form button[type=submit]")
    assert heading(page) == "Vielen Dank für Ihre Teilnahme"
    assert_accessible(page, "the thank-you page with the PDF copy")
    href = page.get_attribute("a[href$='/kopie.pdf']", "href")
    text = _pdf_text(page, live_server.base + href)
    assert "abgesendet" in text and "Sozialamt" in text
    assert "1. Angaben zur ausfüllenden Stelle" in text
    context.close()
