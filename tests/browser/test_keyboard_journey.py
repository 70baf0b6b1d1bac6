"""The demo questionnaire in a real browser, with the keyboard alone, audited by axe-core.

A contact starts, answers half the pages, closes the browser; a colleague (a new browser
context, no shared cookies) opens the same link, resumes where the first stopped, and submits.
axe-core must find no WCAG 2.1 A/AA violation on any kind of page along the way.
"""

from __future__ import annotations

from typing import Any

import pytest
from browsing import choose, give_consent, heading, press, press_button, type_into
from testsupport import assert_accessible

pytestmark = pytest.mark.browser


def test_keyboard_journey_resume_and_submit(browser: Any, live_server: Any) -> None:
    link = live_server.links[0]
    first = browser.new_context(bypass_csp=True, locale="de-DE")
    page = first.new_page()
    page.goto(link)
    assert_accessible(page, "the welcome page")
    assert not page.is_checked("#consent")
    give_consent(page)

    assert heading(page) == "Angaben zur ausfüllenden Stelle"
    assert page.title().startswith("Abschnitt 1 von 5 – Angaben zur ausfüllenden Stelle")
    choose(page, "#A1-1")
    type_into(page, "#A2", "Sozialamt")
    type_into(page, "#A3", "2")
    type_into(page, "#A4", "01.03.2024")
    press_button(page)

    assert heading(page) == "Stand der Sozialplanung"
    press_button(page)  # B1 is required: the error state
    assert page.title().startswith("Fehler:")
    assert page.evaluate("document.activeElement.id") == "fehlerliste"
    assert_accessible(page, "a page with errors")
    choose(page, "#B1-1")  # the questions that B1 switches on appear in place
    type_into(page, "#B2", "2015")
    choose(page, "#B3-2")
    press_button(page)

    assert heading(page) == "Organisatorische Verortung"
    assert_accessible(page, "a choice page")
    choose(page, "#C1-1")
    choose(page, "#C2-2")  # C2 switches on C3 in place
    assert page.is_visible("#C3-group")
    choose(page, "#C3-1")
    press_button(page)
    assert heading(page) == "Personal und Finanzierung"
    first.close()  # half-way: the browser is closed

    second = browser.new_context(bypass_csp=True, locale="de-DE")
    page = second.new_page()
    page.goto(link)
    press(page, ".resume a")
    assert heading(page) == "Personal und Finanzierung"
    type_into(page, "#D1", "1,5")
    type_into(page, "#D2", "0,5")
    press_button(page)

    assert heading(page) == "Fachplanungen"
    assert_accessible(page, "a matrix page")
    for item in ("jhp", "kita", "schule"):
        choose(page, f"#E1_{item}-3")
    page.set_viewport_size({"width": 320, "height": 800})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, "the matrix scrolls horizontally at 320 px"
    assert_accessible(page, "the matrix page at 320 px")
    page.set_viewport_size({"width": 1280, "height": 800})
    press_button(page)

    for _ in range(20):
        if heading(page) == "Ihre Angaben im Überblick":
            break
        press_button(page)  # a soft reminder passes on the second "Weiter"
    assert heading(page) == "Ihre Angaben im Überblick"
    assert page.locator("text=Sozialamt").count() >= 1
    assert_accessible(page, "the overview")
    press(page, ".submit-form button")

    assert heading(page) == "Vielen Dank für Ihre Teilnahme"
    assert page.locator(".answer-copy >> text=Sozialamt").count() == 1
    assert_accessible(page, "the thank-you page")
    second.close()


def test_english_pages_and_error_pages_are_accessible(browser: Any, live_server: Any) -> None:
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.links[1] + "?lang=en")
    assert page.get_attribute("html", "lang") == "en"
    assert_accessible(page, "the English welcome page")
    page.goto(live_server.base + "/r/unknown-link")
    assert_accessible(page, "the 404 page")
    page.goto(live_server.base + "/barrierefreiheit")
    assert_accessible(page, "the accessibility statement")
    context.close()


def test_skip_link_and_visible_focus(browser: Any, live_server: Any) -> None:
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.links[2])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate("document.activeElement.getBoundingClientRect().top") >= 0
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    context.close()


def test_the_overview_names_sections_a_changed_answer_added(browser: Any, live_server: Any) -> None:
    context = browser.new_context(bypass_csp=True, locale="de-DE")
    page = context.new_page()
    page.goto(live_server.links[1])
    give_consent(page)
    choose(page, "#A1-1")
    type_into(page, "#A2", "Sozialamt")
    type_into(page, "#A3", "2")
    type_into(page, "#A4", "01.03.2024")
    press_button(page)
    choose(page, "#B1-4")  # no Sozialplanung: its sections are skipped
    press_button(page)
    for _ in range(20):
        if heading(page) == "Ihre Angaben im Überblick":
            break
        press_button(page)
    assert page.locator("#neu-titel").count() == 0
    overview = page.url
    page.goto(overview.replace("/ueberblick", "/seite/b"))
    choose(page, "#B1-2")
    press_button(page, "speichern")
    page.goto(overview)
    assert page.locator("#neu-titel").inner_text() == "Neu hinzugekommene Abschnitte"
    assert page.locator("text=Abschnitt 3: Organisatorische Verortung").count() >= 1
    assert_accessible(page, "the overview with newly added sections")
    context.close()
