"""One unit's contacts, maintained by an admin on the unit's page: add, correct, record an
opt-out, delete. Corrections happen here instead of beside a bad address, so the next mailing
reaches the right one."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from surveyapp.accounts.auth import admin_required
from surveyapp.admin.blueprint import bp
from surveyapp.admin.common import invitation_or_404, survey_or_404
from surveyapp.admin.forms import ActionForm, ContactForm
from surveyapp.extensions import db
from surveyapp.field import contacts
from surveyapp.models import Contact, Invitation


def _back(slug: str, ags: str) -> Response:
    return redirect(url_for("admin.unit_detail", slug=slug, ags=ags, _anchor="kontakte"))


def _contact_or_404(invitation: Invitation, contact_id: int) -> Contact:
    contact = db.session.get(Contact, contact_id)
    if contact is None or contact.invitation_id != invitation.id:
        abort(404)
    return contact


@bp.route("/befragungen/<slug>/kommunen/<ags>/kontakte", methods=["POST"])
@admin_required
def contact_add(slug: str, ags: str) -> Response:
    invitation = invitation_or_404(survey_or_404(slug), ags)
    form = ContactForm()
    if not form.validate_on_submit():
        flash("Bitte Name und eine gültige E-Mail-Adresse angeben.", "error")
        return _back(slug, ags)
    try:
        contacts.add_contact(
            invitation, form.salutation.data, form.name.data, form.email.data, form.language.data
        )
    except ValueError as error:
        flash(str(error), "error")
    else:
        flash("Der Kontakt ist angelegt.", "success")
    return _back(slug, ags)


@bp.route("/befragungen/<slug>/kommunen/<ags>/kontakte/<int:contact_id>", methods=["POST"])
@admin_required
def contact_change(slug: str, ags: str, contact_id: int) -> Response:
    invitation = invitation_or_404(survey_or_404(slug), ags)
    contact = _contact_or_404(invitation, contact_id)
    action = request.form.get("action")
    if action == "save":
        form = ContactForm()
        if not form.validate_on_submit():
            flash("Bitte Name und eine gültige E-Mail-Adresse angeben.", "error")
            return _back(slug, ags)
        try:
            contacts.update_contact(
                contact,
                form.salutation.data,
                form.name.data,
                form.email.data,
                form.language.data,
            )
        except ValueError as error:
            flash(str(error), "error")
        else:
            flash("Der Kontakt ist gespeichert.", "success")
    elif action in ("opt-out", "opt-in") and ActionForm().validate_on_submit():
        contacts.set_opted_out(contact, action == "opt-out")
        flash(
            "Der Kontakt ist " + ("abgemeldet." if action == "opt-out" else "wieder aktiv."),
            "success",
        )
    elif action == "delete" and ActionForm().validate_on_submit():
        contacts.delete_contact(contact)
        flash("Der Kontakt ist gelöscht.", "success")
    else:
        abort(400)
    return _back(slug, ags)
