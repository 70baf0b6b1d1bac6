"""A real server and a real browser for the respondent pages (module-scoped: start once).

The app runs in a werkzeug server thread on 127.0.0.1 against the test database, as in
production (CSRF on); Playwright drives Debian's chromium, never a downloaded browser.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from browsing import browser_app
from testsupport import CHROMIUM, CHROMIUM_ARGS, empty_tables, serve

from surveyapp.demo.survey import load_demo
from surveyapp.extensions import db


@pytest.fixture(scope="module")
def live_server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app serving the demo survey; yields an object with `.base`, `.links` and `.app`."""
    app = browser_app(database_url, tmp_path_factory.mktemp("outbox"))
    with serve(app) as base:
        with app.app_context():
            empty_tables()
            demo = load_demo()
            links = [demo.link(i) for i in range(8)]
            db.session.remove()
        yield SimpleNamespace(base=base, links=links, app=app)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
