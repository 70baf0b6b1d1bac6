"""Logging in and out, and setting a password through a one-time link."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from surveyapp.accounts import auth, users
from surveyapp.admin.blueprint import bp
from surveyapp.admin.forms import ActionForm, LoginForm, SetPasswordForm
from surveyapp.extensions import limiter


def _login_limit() -> str:
    return current_app.config["LOGIN_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_LIMIT"]


def _account_key() -> str:
    """Attempts on one account count together, from whichever addresses they come."""
    return "login-account:" + auth.normalise_email(request.form.get("email", ""))


def _safe_next(target: str | None) -> str:
    """Only a path inside the researcher area, never another site (no open redirect)."""
    parts = urlsplit(target or "")
    if parts.scheme or parts.netloc or not parts.path.startswith("/admin"):
        return url_for("admin.survey_list")
    return parts.path + (f"?{parts.query}" if parts.query else "")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"])
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("admin.index"))
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        account = users.log_in(form.email.data, form.password.data)
        if account is not None:
            session.clear()
            login_user(account)
            return redirect(_safe_next(request.args.get("next")))
        failed = True
    return render_template("admin/login.html", form=form, failed=failed)


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    form = ActionForm()
    if form.validate_on_submit():
        users.log_out()
        logout_user()
        session.clear()
        flash("Sie sind abgemeldet.", "info")
        return redirect(url_for("admin.login"))
    return redirect(url_for("admin.index"))


@bp.route("/passwort/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def set_password(token: str) -> str | Response | tuple[str, int]:
    user = auth.user_for_password_token(token)
    if user is None:
        return render_template("admin/password_link_invalid.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        users.set_password_by_link(user, form.password.data)
        flash("Ihr Passwort ist gespeichert. Bitte melden Sie sich an.", "success")
        return redirect(url_for("admin.login"))
    return render_template("admin/set_password.html", form=form, email=user.email)
