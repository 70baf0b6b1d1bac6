"""Two ways of seeing the pages that the old administration PCs and small screens bring.

At 320 CSS pixels (a phone, or 1280 pixels zoomed to 400 %) nothing may need a sideways
scroll (WCAG 1.4.10 Reflow), not even the consent error. Without JavaScript, the questionnaire
still works and the print button, which only a script can make work, is not shown.
"""

from __future__ import annotations

from typing import Any

import pytest
from browsing import WIDER_THAN_VIEWPORT, sideways_scroll
from testsupport import assert_accessible

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}


#: Elements whose right edge lies beyond the viewport, for a message that says what sticks out.
def test_the_consent_error_fits_a_320_pixel_screen(browser: Any, live_server: Any) -> None:
    context = browser.new_context(bypass_csp=True, locale="de-DE", viewport=NARROW)
    page = context.new_page()
    page.goto(live_server.links[0])
    assert sideways_scroll(page) == 0, page.evaluate(WIDER_THAN_VIEWPORT)
    with page.expect_navigation():
        page.click(".consent-form button[type=submit]")
    assert page.title().startswith("Fehler:")
    assert page.locator("#consent-error").is_visible()
    assert sideways_scroll(page) == 0, page.evaluate(WIDER_THAN_VIEWPORT)
    assert_accessible(page, "the consent error at 320 pixels")
    context.close()


def weiter(page: Any) -> None:
    with page.expect_navigation():
        page.click("button[value=weiter]")


def test_the_print_button_shows_only_where_javascript_runs(browser: Any, live_server: Any) -> None:
    context = browser.new_context(bypass_csp=True, locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.links[1])
    page.check("#consent")
    with page.expect_navigation():
        page.click(".consent-form button[type=submit]")
    page.check("#A1-1")
    page.fill("#A2", "Sozialamt")
    page.fill("#A3", "2")
    page.fill("#A4", "01.03.2024")
    weiter(page)
    page.check("#B1-4")  # no Sozialplanung: its sections are skipped
    weiter(page)
    while page.inner_text("h1") != "Ihre Angaben im Überblick":
        weiter(page)
    with page.expect_navigation():
        page.click("button:has-text('Absenden')")

    assert page.inner_text("h1") == "Vielen Dank für Ihre Teilnahme"
    assert page.locator(".answer-copy >> text=Sozialamt").count() == 1
    assert page.get_by_role("button", name="Angaben drucken").count() == 0
    assert not page.locator("[data-print]").is_visible()
    thanks = page.url
    context.close()

    scripted = browser.new_context(bypass_csp=True, locale="de-DE")
    page = scripted.new_page()
    page.goto(thanks)
    assert page.get_by_role("button", name="Angaben drucken").is_visible()
    assert_accessible(page, "the thank-you page with its print button")  # axe needs a script
    scripted.close()
