"""The warning before the idle timeout, in a real browser: it appears in time, is announced,
passes axe, and "Angemeldet bleiben" keeps the session on the server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import browser_app
from testsupport import assert_accessible, empty_tables, serve

from surveyapp.accounts import auth
from surveyapp.extensions import db

pytestmark = pytest.mark.browser

ADMIN = "leitung@example.org"
PASSWORD = "ein langes Testpasswort"  # noqa: S105
#: Six seconds: the warning comes after three, the end after six.
IDLE_MINUTES = 0.1


@pytest.fixture
def short_sessions(database_url: str, tmp_path: Path) -> Iterator[str]:
    app = browser_app(
        database_url, tmp_path / "outbox", TESTING=False, RESEARCHER_IDLE_MINUTES=IDLE_MINUTES
    )
    with serve(app) as base:
        with app.app_context():
            empty_tables()
            auth.create_user(ADMIN, "admin", PASSWORD)
            db.session.remove()
        yield base


def test_the_idle_warning_offers_to_stay_logged_in(browser: Any, short_sessions: str) -> None:
    context = browser.new_context(bypass_csp=True, locale="de-DE")
    page = context.new_page()
    page.goto(short_sessions + "/admin/login")
    page.fill("#email", ADMIN)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click(".admin-form button[type=submit]")
    warning = page.locator("#sitzung")
    assert warning.is_hidden()

    warning.wait_for(state="visible", timeout=5000)
    assert warning.get_attribute("role") == "alert"
    assert "Angemeldet bleiben" in warning.inner_text()
    assert_accessible(page, "the idle warning")
    with page.expect_response("**/admin/sitzung") as answer:
        page.get_by_role("button", name="Angemeldet bleiben").click()
    assert answer.value.status == 204
    assert warning.is_hidden()

    warning.wait_for(state="visible", timeout=5000)
    page.wait_for_function(
        "document.querySelector('#sitzung [data-message]').textContent.includes('abgelaufen')",
        timeout=6000,
    )
    page.reload()
    assert page.url.startswith(short_sessions + "/admin/login")
    context.close()
