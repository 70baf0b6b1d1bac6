"""A real server and a real browser for the respondent pages (module-scoped: start once).

The app runs in a werkzeug server thread on 127.0.0.1 against the test database, as in
production (CSRF on); Playwright drives Debian's chromium, never a downloaded browser.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from audit import AXE
from werkzeug.serving import make_server

from surveyapp import create_app
from surveyapp.extensions import db

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _empty_tables() -> None:
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture(scope="module")
def live_server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app serving the demo survey; yields an object with `.base` and `.link`."""
    if not Path(CHROMIUM).exists() or not AXE.exists():
        message = "Debian chromium or axe-core is missing (make system-deps assets)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "browser-test-secret",
            "RATELIMIT_ENABLED": False,
            "MAIL_OUTBOX": str(tmp_path_factory.mktemp("outbox")),
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_BASE_URL"] = base
    with app.app_context():
        _empty_tables()
        from surveyapp.demo import load_demo

        demo = load_demo()
        links = [demo.link(i) for i in range(3)]
        db.session.remove()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    class Live:
        pass

    live = Live()
    live.base, live.links, live.app = base, links, app
    yield live
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
