"""Researcher accounts: password hashing, the login manager, role checks, one-time links.

Passwords are hashed with Argon2id (argon2-cffi's defaults follow RFC 9106). The session holds
the user's id together with a fingerprint of the current hash, so changing a password or
deactivating an account ends every session that was opened before.

A session also ends after `RESEARCHER_IDLE_MINUTES` without a request and, however busy, after
`RESEARCHER_SESSION_HOURS`: a researcher who walks away from an unlocked office PC leaves no
open door for long. The page warns before that (static/js/admin-session.js), and what a form
sent after the end is handed back through the login page rather than lost
(`surveyapp.admin.access`).

What a researcher does with an account (logging in, creating one, setting a password) is a
service in `surveyapp.accounts.users`, which commits each action with its audit event; the
functions here change the session and leave the commit to that caller (only `create_user`,
for the demo and test fixtures, stores an account on its own, and loading the session on each
request stores its time of last activity).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, TypeVar, cast

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, abort, current_app, g, request
from flask_login import LoginManager, UserMixin, current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from surveyapp.extensions import db
from surveyapp.models import ResearcherSession, User, utcnow
from surveyapp.transaction import unit_of_work

ROLES = ("admin", "researcher")
MIN_PASSWORD_LENGTH = 12
SET_PASSWORD_MAX_AGE = 3 * 24 * 3600  # a one-time link is valid for three days

login_manager = LoginManager()
login_manager.login_view = "admin.login"
login_manager.login_message = "Bitte melden Sie sich an."
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"

_hasher = PasswordHasher()
# Verifying against this keeps the time of a login with an unknown e-mail like a real one.
_DUMMY_HASH = _hasher.hash("no account has this password")

F = TypeVar("F", bound=Callable[..., Any])


class AccountError(ValueError):
    """A request about accounts that cannot be carried out; the message is for the user."""


class Account(UserMixin):
    """What Flask-Login keeps as `current_user`: a detached view of one User row, logged in
    through one server-side session (`ResearcherSession`)."""

    def __init__(self, user: User, session_id: str) -> None:
        self.user_id = user.id
        self.email = user.email
        self.role = user.role
        self._active = user.active
        self._session_id = session_id

    def get_id(self) -> str:
        """What the session cookie carries: the session's random id, nothing about the user."""
        return self._session_id

    @property
    def is_active(self) -> bool:
        return self._active

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def fingerprint(user: User) -> str:
    """Changes whenever the password does: a session or link bound to it dies with it."""
    return hashlib.sha256((user.password_hash or "unset").encode()).hexdigest()[:16]


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Das Passwort muss mindestens {MIN_PASSWORD_LENGTH} Zeichen haben.")


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None; rehashes outdated hashes.

    The rehash and the time of the login are left for the caller to commit.
    """
    user = user_by_email(email)
    stored = user.password_hash if user is not None and user.password_hash else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active or not user.password_hash:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def user_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).filter_by(email=normalise_email(email)))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(email: str, role: str, password: str | None = None) -> User:
    """A new account, stored at once and logged nowhere: for the demo and for test fixtures.

    A researcher's or the command line's new account goes through `users.create_account`.
    """
    with unit_of_work():
        return new_user(email, role, password)


def new_user(email: str, role: str, password: str | None = None) -> User:
    """A new account; without a password it can only be entered through a one-time link."""
    email = normalise_email(email)
    if role not in ROLES:
        raise AccountError(f"Unbekannte Rolle „{role}“ (erlaubt: {', '.join(ROLES)}).")
    if "@" not in email or len(email) > 254:
        raise AccountError(f"„{email}“ ist keine E-Mail-Adresse.")
    if user_by_email(email) is not None:
        raise AccountError(f"Ein Konto für {email} gibt es schon.")
    user = User(email=email, role=role)
    if password is not None:
        check_password_strength(password)
        user.password_hash = hash_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def set_password(user: User, password: str) -> None:
    """Replaces the hash, which ends every session and link bound to the old one."""
    check_password_strength(password)
    user.password_hash = hash_password(password)


def _serializer() -> URLSafeTimedSerializer:
    """Signs with the current key; a link signed with a retired key still in
    `SECRET_KEY_FALLBACKS` keeps working through a key change (itsdangerous takes the last
    key of the list to sign)."""
    keys = [*current_app.config.get("SECRET_KEY_FALLBACKS", []), current_app.config["SECRET_KEY"]]
    return URLSafeTimedSerializer(keys, salt="set-password")


def password_token(user: User) -> str:
    """A link token that sets the password once: it names the current hash, which it replaces."""
    return _serializer().dumps([user.id, fingerprint(user)])


def user_for_password_token(token: str) -> User | None:
    try:
        user_id, print_ = _serializer().loads(token, max_age=SET_PASSWORD_MAX_AGE)
    except (BadSignature, ValueError, TypeError):
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active or fingerprint(user) != print_:
        return None
    return user


def _session_key(session_id: str) -> str:
    """Only a digest of the id is stored, so a copy of the database opens no session."""
    return hashlib.sha256(session_id.encode()).hexdigest()


def start_session(user: User) -> Account:
    """A new server-side session for a login; the caller's unit of work stores it."""
    session_id = secrets.token_urlsafe(32)
    db.session.add(
        ResearcherSession(
            id=_session_key(session_id), user_id=user.id, fingerprint=fingerprint(user)
        )
    )
    return Account(user, session_id)


def end_session(session_id: str) -> None:
    """Logging out: the session's row goes, so no copy of its cookie opens anything again."""
    db.session.execute(
        sa.delete(ResearcherSession).where(ResearcherSession.id == _session_key(session_id))
    )


#: A session's time of last activity is written at most this often, not on every request.
TOUCH_EVERY = timedelta(minutes=1)


def idle_limit() -> timedelta:
    return timedelta(minutes=current_app.config["RESEARCHER_IDLE_MINUTES"])


def _ended(row: ResearcherSession, now: datetime) -> bool:
    lifetime = timedelta(hours=current_app.config["RESEARCHER_SESSION_HOURS"])
    return now - row.last_seen_at > idle_limit() or now - row.started_at > lifetime


def session_ended() -> bool:
    """Whether this request came with a session that has just ended by time (for the login
    page to say why, and to keep what the researcher sent)."""
    return bool(g.get("researcher_session_ended"))


@login_manager.user_loader
def _load_account(session_id: str) -> Account | None:
    key = _session_key(session_id)
    found = db.session.execute(
        sa.select(User, ResearcherSession)
        .join(ResearcherSession, ResearcherSession.user_id == User.id)
        .where(ResearcherSession.id == key)
    ).first()
    if found is None:
        return None
    user, row = found
    now = utcnow()
    if _ended(row, now):
        g.researcher_session_ended = True
        with unit_of_work():
            db.session.execute(sa.delete(ResearcherSession).where(ResearcherSession.id == key))
        return None
    if not user.active or fingerprint(user) != row.fingerprint:
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        with unit_of_work():
            db.session.execute(
                sa.update(ResearcherSession)
                .where(ResearcherSession.id == key)
                .values(last_seen_at=now)
            )
    return Account(user, session_id)


def touch_session(session_id: str) -> None:
    """The session's idle time starts again now; the caller's unit of work stores it."""
    db.session.execute(
        sa.update(ResearcherSession)
        .where(ResearcherSession.id == _session_key(session_id))
        .values(last_seen_at=utcnow())
    )


def admin_required(view: F) -> F:
    """For views that change surveys, frames, contacts or accounts: admins only (403 else).

    Login itself is enforced for the whole researcher area by the blueprint.
    """

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return cast(F, wrapped)


def require_login() -> Any:
    """A `before_request` hook: every page of the researcher area needs a login.

    The account is read from the session afresh on every request, even where one application
    context outlives several requests (tests, scripts), so a password change or a deactivation
    takes effect at once.
    """
    g.pop("_login_user", None)
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


PUBLIC_ENDPOINTS = {"admin.login", "admin.set_password"}


def kept_fields() -> list[tuple[str, str]]:
    """What a form sent to the researcher area after the session ended: every field but the
    CSRF token and passwords, to be handed back after the next login."""
    return [
        (name, value)
        for name, value in request.form.items(multi=True)
        if name != "csrf_token" and "password" not in name.lower()
    ]


def init_app(app: Flask) -> None:
    # No `current_user` for every template: only the researcher area shows it (its blueprint
    # passes it on), and loading it for a respondent's page ran the session protection on each
    # page, which rewrote the session cookie and deleted a remember cookie every time.
    login_manager.init_app(app, add_context_processor=False)
