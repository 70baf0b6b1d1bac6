"""Logging in and out, and setting a password through a one-time link.

A form sent after the session ended (idle too long, or logged out in another tab) is not
lost: the login page carries its fields back in hidden inputs, and after the login the
researcher sends them on with one click, under a fresh CSRF token. Nothing of it is stored on
the server. A chosen file cannot be carried; the page says so.
"""

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


#: Prefix of the hidden inputs that carry a form's fields through the login page.
KEPT = "kept-"


def _ended_message() -> str:
    minutes = current_app.config["RESEARCHER_IDLE_MINUTES"]
    return (
        f"Ihre Sitzung ist nach {minutes:g} Minuten ohne Aktivität abgelaufen. "
        "Bitte melden Sie sich wieder an."
    )


@auth.login_manager.unauthorized_handler
def _login_needed() -> Response | tuple[str, int]:
    """A page asked without a (living) session: to the login, and back afterwards; a form's
    fields travel along when the browser had a session that ended under it."""
    if request.method == "POST" and "_user_id" in session:
        form = LoginForm(formdata=None)
        return render_template(
            "admin/login.html",
            form=form,
            failed=False,
            ended=_ended_message() if auth.session_ended() else None,
            kept=auth.kept_fields(),
            kept_files=any(file.filename for file in request.files.values()),
            next=request.full_path.rstrip("?"),
        ), 401
    if auth.session_ended():
        flash(_ended_message(), "info")
    else:
        flash("Bitte melden Sie sich an.", "info")
    return redirect(url_for("admin.login", next=request.full_path.rstrip("?")))


def _kept_on_login() -> list[tuple[str, str]]:
    return [
        (name.removeprefix(KEPT), value)
        for name, value in request.form.items(multi=True)
        if name.startswith(KEPT)
    ]


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
    kept = _kept_on_login()
    target = _safe_next(request.args.get("next"))
    if form.validate_on_submit():
        account = users.log_in(form.email.data, form.password.data)
        if account is not None:
            session.clear()
            login_user(account)
            if kept:
                return render_template("admin/resume.html", kept=kept, target=target)
            return redirect(target)
        failed = True
    return render_template(
        "admin/login.html",
        form=form,
        failed=failed,
        kept=kept,
        kept_files=False,
        next=request.args.get("next"),
    )


@bp.route("/sitzung", methods=["POST"])
def keep_session() -> tuple[str, int]:
    """ "Angemeldet bleiben" in the warning before the idle timeout (a script's request)."""
    users.keep_session()
    return "", 204


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
