"""Accounts: admins create researcher accounts (with a one-time link) and change or stop them."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from surveyapp.accounts import auth, users
from surveyapp.admin.blueprint import bp
from surveyapp.admin.forms import ActionForm, UserChangeForm, UserForm
from surveyapp.models import User


def password_link(user: User) -> str:
    """Absolute, on the public address: the link is passed on by e-mail or phone."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return base + url_for("admin.set_password", token=auth.password_token(user))


@bp.route("/konten", methods=["GET", "POST"])
@auth.admin_required
def accounts() -> str | Response:
    form = UserForm()
    new_link = None
    if form.validate_on_submit():
        try:
            user = users.create_account(form.email.data, form.role.data)
        except auth.AccountError as error:
            form.email.errors = [str(error)]
        else:
            new_link = (user.email, password_link(user))
            form = UserForm(formdata=None)
    everyone = users.all_users()
    forms = {u.id: UserChangeForm(formdata=None, obj=u, prefix=f"u{u.id}") for u in everyone}
    return render_template(
        "admin/accounts.html", form=form, users=everyone, forms=forms, new_link=new_link
    )


@bp.route("/konten/<int:user_id>", methods=["POST"])
@auth.admin_required
def account_change(user_id: int) -> Response:
    user = users.user_by_id(user_id) or abort(404)
    form = UserChangeForm(prefix=f"u{user.id}")
    if form.validate_on_submit():
        try:
            users.change_account(user, form.role.data, form.active.data, current_user.user_id)
        except auth.AccountError as error:
            flash(str(error), "error")
        else:
            flash(f"Konto {user.email} geändert.", "success")
    return redirect(url_for("admin.accounts"))


@bp.route("/konten/<int:user_id>/link", methods=["POST"])
@auth.admin_required
def account_link(user_id: int) -> str:
    """A new one-time link, e.g. for a forgotten password; it works until a password is set."""
    user = users.user_by_id(user_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    users.record_password_link(user)
    return render_template("admin/account_link.html", email=user.email, link=password_link(user))
