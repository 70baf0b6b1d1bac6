"""The section overview and the hand-off to a colleague, in Chromium with the keyboard.

The lead contact reaches the hub from a page, makes a section link for the Jugendamt; the
colleague opens it in a browser of their own, saves a section, meets the 403 of any other
section and no submit button; the lead's hub then names the Jugendamt. A section saved with an
answer that breaks a check is "mit Fehlern" until it is put right. axe on every state.
"""

from __future__ import annotations

from typing import Any

import pytest
from browsing import choose, give_consent, heading, press, press_button, type_into
from testsupport import assert_accessible

pytestmark = pytest.mark.browser


def _consent_and_first_pages(page: Any, link: str) -> None:
    page.goto(link)
    give_consent(page)
    choose(page, "#A1-1")
    type_into(page, "#A2", "Sozialamt")
    press_button(page)
    choose(page, "#B1-2")
    type_into(page, "#B2", "2015")
    choose(page, "#B3-2")
    press_button(page)
    assert heading(page) == "Organisatorische Verortung"


def test_hub_and_section_link_with_the_keyboard(browser: Any, live_server: Any) -> None:
    lead_context = browser.new_context(bypass_csp=True, locale="de-DE")
    lead = lead_context.new_page()
    link = live_server.links[0]
    _consent_and_first_pages(lead, link)
    press(lead, "a.hub-link")
    assert heading(lead) == "Alle Abschnitte"
    assert "vollständig" in lead.inner_text("#hub-a") and "Uhr" in lead.inner_text("#hub-a")
    assert "nicht begonnen" in lead.inner_text("#hub-e")
    assert_accessible(lead, "the section overview")

    press(lead, "a[href$='/weitergeben']")
    assert heading(lead) == "Abschnitte weitergeben"
    assert_accessible(lead, "the hand-off page")
    press(lead, "button[value=erstellen]")
    assert "Bitte geben Sie einen Namen" in lead.inner_text(".error-summary")
    assert lead.evaluate("document.activeElement.classList.contains('error-summary')")
    assert_accessible(lead, "the hand-off page with errors")
    type_into(lead, "#link-name", "Jugendamt")
    choose(lead, "#abschnitt-e")
    press(lead, "button[value=erstellen]")
    announced = lead.locator("[data-announce]", has_text="Der Link „Jugendamt“ wurde erstellt.")
    announced.wait_for()
    assert_accessible(lead, "the hand-off page with a link")
    section_url = lead.input_value(".handoff-url")

    colleague_context = browser.new_context(bypass_csp=True, locale="de-DE")
    colleague = colleague_context.new_page()
    colleague.goto(section_url)
    press(colleague, "a.kern-btn--primary")
    assert heading(colleague) == "Fachplanungen"
    assert_accessible(colleague, "a section opened through a section link")
    press_button(colleague)
    assert heading(colleague) == "Alle Abschnitte"
    assert colleague.locator("a[href$='/ueberblick']").count() == 0
    assert colleague.locator("#hub-a a").count() == 0
    assert "vollständig, Jugendamt" in colleague.inner_text("#hub-e")
    assert_accessible(colleague, "the section overview of a section link")
    refused = colleague.goto(section_url + "/seite/a")
    assert refused.status == 403
    assert heading(colleague) == "Dieser Link gilt nicht für diese Seite"
    assert "E: Fachplanungen" in colleague.inner_text("main")
    assert_accessible(colleague, "the 403 page of a section link")
    colleague_context.close()

    lead.goto(link + "/abschnitte")
    assert "vollständig, Jugendamt" in lead.inner_text("#hub-e")
    lead.goto(link + "/ueberblick")
    assert lead.locator(".submit-form button[type=submit]").count() == 1
    lead_context.close()


def test_hub_marks_a_section_whose_saved_answer_breaks_a_check(
    browser: Any, live_server: Any
) -> None:
    context = browser.new_context(bypass_csp=True, locale="de-DE")
    page = context.new_page()
    link = live_server.links[1]
    _consent_and_first_pages(page, link)
    page.goto(link + "/seite/d")
    type_into(page, "#D1", "2")
    type_into(page, "#D2", "5")  # more fixed-term posts than posts
    press_button(page, "speichern")  # "Zwischenspeichern" stores it unchecked
    press(page, "a.hub-link")
    assert heading(page) == "Alle Abschnitte"
    assert page.inner_text("#hub-d .section-hub__state").startswith("mit Fehlern")
    assert "vollständig" in page.inner_text("#hub-a")
    assert_accessible(page, "the section overview with a section that has errors")

    press(page, "#hub-d a")
    assert heading(page) == "Personal und Finanzierung"
    page.fill("#D2", "1")
    press_button(page, "speichern")
    press(page, "a.hub-link")
    assert "mit Fehlern" not in page.inner_text("#hub-d")
    context.close()
