"""The access code page in Chromium with the keyboard: a typo is named, the code opens the link."""

from __future__ import annotations

from typing import Any

import pytest
from browsing import heading, press, type_into
from testsupport import assert_accessible

from surveyapp.extensions import db
from surveyapp.field.invitations import code_of, find_by_token

pytestmark = pytest.mark.browser


def _send(page: Any) -> None:
    press(page, ".access-form button[type=submit]")


def test_access_code_typed_with_the_keyboard(browser: Any, live_server: Any) -> None:
    link = live_server.links[5]
    with live_server.app.app_context():
        code = code_of(find_by_token(link.rsplit("/", 1)[1]))
        db.session.remove()
    context = browser.new_context(bypass_csp=True, locale="de-DE")
    page = context.new_page()
    page.goto(live_server.base + "/")
    assert heading(page) == "Zugang zur Befragung"
    assert_accessible(page, "the access code page")
    type_into(page, "#code", "0" + code[1:])
    _send(page)
    assert "Das Zeichen „0“ (an Stelle 1)" in page.inner_text(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert page.get_attribute("#code", "aria-invalid") == "true"
    assert_accessible(page, "the access code page with an error")
    page.fill("#code", "")
    type_into(page, "#code", code.lower())
    _send(page)
    assert page.url == link
    assert "Einwilligung" in page.inner_text("main")
    page.goto(live_server.base + "/zugang?lang=en")
    assert heading(page) == "Access to the survey"
    assert_accessible(page, "the English access code page")
    context.close()
