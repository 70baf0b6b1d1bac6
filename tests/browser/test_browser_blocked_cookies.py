"""Consent and a page in a Chromium whose settings block cookies, as some administration PCs
are set up, and the first try after the person has allowed them.

The survey's one cookie never arrives, so the form cannot be checked: the first try explains
that the cookie was not sent, the second names blocked cookies, the host to allow and the
button to press then, and stays that advice on every further try; the ticked consent box and
the typed answers are kept throughout, and nothing is started half-way. Once cookies are
allowed, pressing the button as advised works at once, never showing the advice again.
axe-core checks every state.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browsing import choose, give_consent, heading, press, press_button, type_into
from testsupport import CHROMIUM, CHROMIUM_ARGS, assert_accessible

pytestmark = pytest.mark.browser

START = ".consent-form button[type=submit]"


@pytest.fixture
def blocking(browser: Any, tmp_path: Path) -> Iterator[Any]:
    """A browser profile whose settings block every cookie (Chromium's "Keine Cookies
    zulassen"), so it is the browser itself that refuses the cookie."""
    profile = tmp_path / "profile"
    (profile / "Default").mkdir(parents=True)
    settings = {"profile": {"default_content_setting_values": {"cookies": 2}}}
    (profile / "Default" / "Preferences").write_text(json.dumps(settings), encoding="utf-8")
    context = browser.browser_type.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        locale="de-DE",
        bypass_csp=True,
    )
    yield context
    context.close()


def test_blocked_cookies_at_consent_get_one_clear_advice_and_keep_the_consent(
    blocking, browser, live_server
):
    link = live_server.links[0]
    page = blocking.new_page()
    page.goto(link)
    give_consent(page)
    assert page.locator("text=Ihre Angaben wurden noch nicht gespeichert").count() == 1
    assert page.locator("text=Cookies gelöscht wurden").count() == 1
    assert page.is_checked("#consent")
    assert page.evaluate("document.activeElement.classList.contains('cookie-alert')")
    assert blocking.cookies() == []
    assert_accessible(page, "the consent page shown again after its cookie did not come")

    host = urlsplit(link).netloc
    for _ in range(2):  # the advice stays the same, however often the person tries
        press(page, START)
        advice = page.inner_text(".cookie-alert")
        assert "Wahrscheinlich blockiert er Cookies für diese Seite" in advice
        assert f"erlauben Sie in den Einstellungen Ihres Browsers Cookies für {host}" in advice
        assert "„Befragung beginnen“" in advice
        assert "Cookies gelöscht wurden" not in advice
        assert page.is_checked("#consent")
    assert_accessible(page, "the consent page with cookies blocked")

    elsewhere = browser.new_context(bypass_csp=True, locale="de-DE")
    welcome = elsewhere.new_page()
    welcome.goto(link)  # nothing was started: the survey still begins with consent
    assert welcome.locator("#consent").count() == 1 and not welcome.is_checked("#consent")
    give_consent(welcome)
    assert heading(welcome) != heading(page)
    elsewhere.close()


def test_blocked_cookies_on_a_page_keep_what_was_typed(blocking, browser, live_server):
    link = live_server.links[1]
    started = browser.new_context(bypass_csp=True, locale="de-DE")
    elsewhere = started.new_page()
    elsewhere.goto(link)
    give_consent(elsewhere)  # a colleague began on a PC that keeps cookies
    started.close()

    page = blocking.new_page()
    page.goto(link + "/seite/a")
    type_into(page, "#A2", "Amt für Statistik")
    press_button(page)
    assert page.locator("text=Cookies gelöscht wurden").count() == 1
    press_button(page)
    assert "blockiert er Cookies für diese Seite" in page.inner_text(".cookie-alert")
    assert "„Weiter“ oder „Zwischenspeichern“" in page.inner_text(".cookie-alert")
    assert page.input_value("#A2") == "Amt für Statistik"
    assert_accessible(page, "a page shown again with cookies blocked")


def test_once_cookies_are_allowed_the_advised_button_works_at_once(browser, live_server):
    """The browser refuses the cookie (its domain is not the server's) until the person
    allows cookies; then the cookie set before that was never kept, as in a real browser.
    The app's own Content-Security-Policy holds (no axe-core here)."""
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    live_server.app.config["SESSION_COOKIE_DOMAIN"] = "cookies.invalid"
    try:
        page.goto(live_server.links[2])
        give_consent(page)
        press(page, START)
        assert "blockiert er Cookies" in page.inner_text(".cookie-alert")
        assert context.cookies() == []
    finally:
        live_server.app.config["SESSION_COOKIE_DOMAIN"] = None
    press(page, START)  # cookies allowed now: "Befragung beginnen" once more, as advised
    assert heading(page) == "Angaben zur ausfüllenden Stelle"
    choose(page, "#A1-1")
    type_into(page, "#A2", "Sozialamt")
    press_button(page)
    assert heading(page) == "Stand der Sozialplanung"
    context.close()
