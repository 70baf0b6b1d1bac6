"""Accounts and passwords: Argon2id, one-time links that work once, the demo researcher login."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from surveyapp.accounts import auth
from surveyapp.extensions import db
from surveyapp.models import User

PASSWORD = "ein langes Testpasswort"  # noqa: S105


def test_addresses_are_compared_without_case_or_spaces(app):
    auth.create_user("  Leitung@Example.ORG ", "admin", PASSWORD)
    assert auth.authenticate("leitung@example.org", PASSWORD) is not None
    with pytest.raises(auth.AccountError, match="gibt es schon"):
        auth.create_user("LEITUNG@example.org", "researcher")


def test_unknown_roles_and_short_passwords_are_refused(app):
    with pytest.raises(auth.AccountError, match="Rolle"):
        auth.create_user("a@example.org", "superuser", PASSWORD)
    with pytest.raises(auth.AccountError, match="mindestens"):
        auth.create_user("a@example.org", "admin", "kurz")


def test_an_outdated_hash_is_upgraded_at_the_next_login(app):
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    user = User(email="alt@example.org", role="researcher", password_hash=weak.hash(PASSWORD))
    db.session.add(user)
    db.session.commit()
    assert auth.authenticate("alt@example.org", PASSWORD) is not None
    assert db.session.get(User, user.id).password_hash != weak.hash(PASSWORD)
    assert "m=8192" not in db.session.get(User, user.id).password_hash


def test_an_account_without_password_cannot_log_in(app):
    auth.create_user("neu@example.org", "researcher")
    assert auth.authenticate("neu@example.org", "") is None


def test_a_password_link_dies_when_the_password_is_set(app):
    user = auth.create_user("neu@example.org", "researcher")
    token = auth.password_token(user)
    assert auth.user_for_password_token(token) == user
    auth.set_password(user, "ein neues langes Passwort")
    assert auth.user_for_password_token(token) is None


def test_a_password_link_of_a_deactivated_account_is_refused(app):
    user = auth.create_user("neu@example.org", "researcher")
    token = auth.password_token(user)
    user.active = False
    db.session.commit()
    assert auth.user_for_password_token(token) is None


def test_the_demo_prints_the_researcher_login_every_time(app, runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    line = next(x for x in first.output.splitlines() if x.startswith("Forschungs-Login"))
    email, password = line.removeprefix("Forschungs-Login: ").split(" / Passwort: ")
    assert auth.authenticate(email, password).role == "admin"
    login_file = Path(app.config["DEMO_LOGIN_FILE"])
    assert stat.S_IMODE(login_file.stat().st_mode) == 0o600
    second = runner.invoke(args=["demo"])
    assert line in second.output


def test_a_password_link_survives_a_key_change_while_the_old_key_is_a_fallback(app):
    user = auth.create_user("neu@example.org", "researcher")
    token = auth.password_token(user)
    old_key = app.config["SECRET_KEY"]
    app.config.update(SECRET_KEY="the-new-secret-key-for-the-test", SECRET_KEY_FALLBACKS=[old_key])
    assert auth.user_for_password_token(token) == user
    app.config.update(SECRET_KEY_FALLBACKS=[])
    assert auth.user_for_password_token(token) is None
