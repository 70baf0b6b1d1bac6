"""What researchers and the command line do with accounts, each action stored with its audit event.

Every function here is one action: it changes the account (if at all), records what was done
in the audit log and commits both together (`surveyapp.transaction.unit_of_work`).
"""

from __future__ import annotations

from flask_login import current_user

from surveyapp.accounts import audit, auth
from surveyapp.accounts.auth import AccountError
from surveyapp.extensions import db
from surveyapp.models import User
from surveyapp.transaction import unit_of_work


def log_in(email: str, password: str) -> auth.Account | None:
    """A new session of the account with these credentials, or None; the attempt is logged
    either way."""
    with unit_of_work():
        user = auth.authenticate(email, password)
        if user is None:
            audit.record("login_failed", auth.normalise_email(email)[:200])
            return None
        audit.record("login", user.email, user_email=user.email, user_id=user.id)
        return auth.start_session(user)


def log_out() -> None:
    """Ends the logged-in user's session on the server, logged (Flask-Login then forgets the
    cookie's side of it)."""
    with unit_of_work():
        audit.record("logout", current_user.email)
        auth.end_session(current_user.get_id())


def keep_session() -> None:
    """ "Angemeldet bleiben" before the idle timeout: the session lives on from now."""
    with unit_of_work():
        auth.touch_session(current_user.get_id())


def set_password_by_link(user: User, password: str) -> None:
    """The password chosen through a one-time link; that link dies with the old hash."""
    with unit_of_work():
        auth.set_password(user, password)
        audit.record("password_set", user.email, user_email=user.email, user_id=user.id)


def create_account(
    email: str, role: str, password: str | None = None, *, user_email: str | None = None
) -> User:
    """A new account made by an admin (or, with `user_email`, from the command line)."""
    with unit_of_work():
        user = auth.new_user(email, role, password)
        audit.record("user_created", user.email, user_email=user_email, role=user.role)
    return user


def change_account(user: User, role: str, active: bool, acting_user_id: int) -> None:
    """Role and state of an account; nobody demotes or locks themselves out."""
    if user.id == acting_user_id and (not active or role != "admin"):
        raise AccountError("Ihr eigenes Konto können Sie nicht herabstufen oder sperren.")
    with unit_of_work():
        user.role, user.active = role, active
        audit.record("user_updated", user.email, role=user.role, active=user.active)


def record_password_link(user: User) -> None:
    """A new one-time link was handed out: it sets the password until one is set."""
    with unit_of_work():
        audit.record("user_updated", user.email, password_link=True)


def all_users() -> list[User]:
    return list(db.session.scalars(db.select(User).order_by(User.email)))


def user_by_id(user_id: int) -> User | None:
    return db.session.get(User, user_id)
