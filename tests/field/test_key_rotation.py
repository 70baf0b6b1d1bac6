"""A new secret key: links already sent keep working while the old key is kept as a fallback,
and die with it; a form left open across the change can still be sent."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask

from surveyapp import create_app
from surveyapp.extensions import db
from surveyapp.field.invitations import link_of, renew

NEW_KEY = "the-new-secret-key-for-the-test"  # noqa: S105


def test_a_sent_link_opens_after_the_key_change_and_reminders_repeat_it(app, client, demo, link):
    app.config.update(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[app.config["SECRET_KEY"]])

    assert client.get(link).status_code == 200
    assert demo.link(0) == "http://localhost" + link


def test_once_the_old_key_is_dropped_its_links_open_nothing(app, client, demo, link):
    app.config.update(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[])

    assert client.get(link).status_code == 404


def test_a_renewed_link_opens_under_the_new_key_alone(app, client, demo, link):
    app.config.update(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[app.config["SECRET_KEY"]])
    renew(demo.invitations[0])
    renewed = link_of(demo.invitations[0]).removeprefix("http://localhost")
    app.config.update(SECRET_KEY_FALLBACKS=[])

    assert renewed != link
    assert client.get(renewed).status_code == 200
    assert client.get(link).status_code == 404


def _app_with_new_key(database_url: str, tmp_path: Path, fallbacks: list[str]) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": NEW_KEY,
            "SECRET_KEY_FALLBACKS": fallbacks,
            "RATELIMIT_ENABLED": False,
            "MAIL_OUTBOX": str(tmp_path / "outbox"),
            "PUBLIC_BASE_URL": "http://localhost",
        }
    )


def _consent_after_key_change(csrf_app: Flask, database_url: str, tmp_path: Path, keep: bool):
    from surveyapp.demo.survey import load_demo

    link = load_demo().link().removeprefix("http://localhost")
    before = csrf_app.test_client()
    page = before.get(link).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    after = _app_with_new_key(
        database_url, tmp_path, [csrf_app.config["SECRET_KEY"]] if keep else []
    )
    try:
        browser = after.test_client()
        browser.set_cookie("session", before.get_cookie("session").value)
        return browser.post(link, data={"consent": "ja", "csrf_token": csrf})
    finally:
        with after.app_context():
            db.engine.dispose()


def test_a_consent_page_opened_before_the_key_change_is_accepted_after_it(
    csrf_app, database_url, tmp_path
):
    response = _consent_after_key_change(csrf_app, database_url, tmp_path, keep=True)

    assert response.status_code == 302


def test_without_the_fallback_the_open_form_is_refused_with_the_friendly_page(
    csrf_app, database_url, tmp_path
):
    response = _consent_after_key_change(csrf_app, database_url, tmp_path, keep=False)

    assert response.status_code == 400
