"""Nothing typed is lost and nobody is scolded early, in a real browser with the keyboard.

Follow-up questions appear in place with JavaScript and without an error without it; a lost
or blocked cookie, the language switch, a page a colleague's change has hidden and a page sent
after the field period all keep or show what was typed. axe-core checks every new state.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from browsing import choose, give_consent, heading, press, press_button, type_into
from testsupport import assert_accessible

from surveyapp.extensions import db
from surveyapp.models import Survey

pytestmark = pytest.mark.browser


def start(browser: Any, link: str, script: bool = True) -> tuple[Any, Any]:
    """A new browser (its own cookies) that gives consent and fills in page a; without
    `script`, the page's own JavaScript never loads (axe-core still can)."""
    context = browser.new_context(bypass_csp=True, locale="de-DE")
    if not script:
        context.route("**/js/survey.js", lambda route: route.abort())
    page = context.new_page()
    page.goto(link)
    give_consent(page)
    choose(page, "#A1-1")
    type_into(page, "#A2", "Sozialamt")
    press_button(page)
    assert heading(page) == "Stand der Sozialplanung"
    return context, page


def test_follow_up_questions_appear_in_place_and_never_as_errors(browser, live_server):
    context, page = start(browser, live_server.links[3])
    assert page.is_hidden("#B2") and page.is_hidden("#B3-group")
    url = page.url
    choose(page, "#B1-1")  # no round trip: the follow-ups appear at once
    assert page.url == url and page.is_visible("#B2") and page.is_visible("#B3-group")
    assert "weitere Frage" in page.inner_text("[data-announce]")
    assert_accessible(page, "a page with a question shown in place")
    choose(page, "#B1-4")
    assert page.is_hidden("#B2")
    choose(page, "#B1-2")
    type_into(page, "#B2", "2015")
    choose(page, "#B3-2")
    press_button(page)
    assert heading(page) == "Organisatorische Verortung"
    context.close()

    context, page = start(browser, live_server.links[4], script=False)
    page.check("#B1-1")
    page.click("button[value=weiter]")
    assert heading(page) == "Stand der Sozialplanung"
    assert not page.title().startswith("Fehler")
    assert page.locator("text=Weitere Fragen auf dieser Seite").count() == 1
    assert page.locator("#fehlerliste").count() == 0
    assert page.locator("[aria-invalid=true]").count() == 0
    assert page.locator("text=Sie haben diese Frage nicht beantwortet").count() == 0
    assert_accessible(page, "follow-up questions shown after a round trip")
    context.close()


def test_a_lost_cookie_keeps_the_input_and_blocked_cookies_get_advice(browser, live_server):
    context, page = start(browser, live_server.links[5])
    choose(page, "#B1-4")
    context.clear_cookies()  # a cookie cleaner, a restarted browser, a logout
    press_button(page)
    assert heading(page) == "Stand der Sozialplanung"
    assert page.locator("text=Ihre Angaben wurden noch nicht gespeichert").count() == 1
    assert page.is_checked("#B1-4")
    assert page.evaluate("document.activeElement.classList.contains('cookie-alert')")
    assert_accessible(page, "a page shown again after a lost cookie")
    context.clear_cookies()  # lost again: the script fetches a fresh one before sending
    press_button(page)
    assert heading(page) != "Stand der Sozialplanung"
    context.close()

    context, page = start(browser, live_server.links[2], script=False)
    choose(page, "#B1-4")
    context.clear_cookies()
    press_button(page)
    assert page.locator("text=Ihre Angaben wurden noch nicht gespeichert").count() == 1
    context.clear_cookies()  # without the script: the browser keeps no cookie at all
    press_button(page)
    assert page.locator("text=blockiert er Cookies für diese Seite").count() == 1
    assert page.is_checked("#B1-4")
    assert_accessible(page, "a page shown again with cookies blocked")
    press_button(page)  # the cookie is kept now: the page is saved
    assert heading(page) != "Stand der Sozialplanung"
    context.close()


def test_the_language_switch_keeps_what_was_typed(browser, live_server):
    context, page = start(browser, live_server.links[6])
    choose(page, "#B1-1")
    type_into(page, "#B2", "2015")
    press(page, "button.language-switch")
    assert page.get_attribute("html", "lang") == "en"
    assert heading(page) == "State of social planning"
    assert page.is_checked("#B1-1") and page.input_value("#B2") == "2015"
    assert_accessible(page, "the page after switching to English")
    context.close()


def test_a_page_hidden_by_a_colleague_and_a_page_after_the_end_say_what_was_lost(
    browser, live_server
):
    context, page = start(browser, live_server.links[7])
    choose(page, "#B1-1")
    press_button(page)
    press_button(page)  # the soft reminder for B2 passes
    assert heading(page) == "Organisatorische Verortung"
    other = browser.new_context(bypass_csp=True, locale="de-DE")
    colleague = other.new_page()
    colleague.goto(page.url.replace("/seite/c", "/seite/b"))
    choose(colleague, "#B1-4")  # no social planning: page c is no longer asked
    press_button(colleague, "speichern")
    other.close()
    choose(page, "#C1-3")
    press_button(page)
    assert heading(page) == "Diese Seite wird nicht mehr gefragt"
    assert page.locator(".unsaved >> text=Fachamt Soziales").count() == 1
    assert_accessible(page, "a page hidden by a colleague")

    page.goto(page.url.rsplit("/seite/", 1)[0] + "/seite/a")
    with live_server.app.app_context():
        survey = db.session.scalar(db.select(Survey))
        closes_on = survey.closes_on
        survey.closes_on = date.today() - timedelta(days=1)
        db.session.commit()
    try:
        page.fill("#A2", "Amt für Kooperation mit dem Jobcenter")
        press_button(page)
        assert heading(page) == "Die Befragung ist beendet"
        assert page.locator(".unsaved >> text=Amt für Kooperation mit dem Jobcenter").count() == 1
        assert_accessible(page, "a page sent after the field period")
    finally:
        with live_server.app.app_context():
            survey = db.session.scalar(db.select(Survey))
            survey.closes_on = closes_on
            db.session.commit()
    context.close()
