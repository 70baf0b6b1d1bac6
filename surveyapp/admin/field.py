"""The field phase: contacts, invitations, e-mails and reminders, the links for mail merge."""

from __future__ import annotations

import csv
import io

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from surveyapp import audit, contacts, mail
from surveyapp.admin import bp, outreach
from surveyapp.admin.common import invitation_or_404, parse_keys, survey_or_404
from surveyapp.admin.forms import (
    ActionForm,
    InvitationsForm,
    ReminderForm,
    SendForm,
    TemplateForm,
    UploadForm,
)
from surveyapp.auth import admin_required
from surveyapp.extensions import db
from surveyapp.invitations import InvitationError, create_invitations, link_of
from surveyapp.models import Contact, Invitation, Survey, Unit, utcnow
from surveyapp.tokens import digest, new_salt, token_for

KIND_LABELS = {"invitation": "Einladung", "reminder": "Erinnerung"}


@bp.route("/befragungen/<slug>/kontakte", methods=["GET", "POST"])
@admin_required
def contacts_upload(slug: str) -> str | Response:
    survey = survey_or_404(slug)
    form = UploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            result = contacts.import_contacts(survey, upload.stream, upload.filename or "")
        except contacts.ContactsInvalid as error:
            problems = [str(problem) for problem in error.problems]
        else:
            audit.record(
                "contacts_imported",
                survey.slug,
                created=result.created,
                updated=result.updated,
                invitations_created=result.invitations_created,
            )
            flash(
                f"{result.created} Kontakte neu, {result.updated} aktualisiert; "
                f"{result.invitations_created} Einladungen neu erzeugt.",
                "success",
            )
            return redirect(url_for("admin.contacts_upload", slug=slug))
    return render_template(
        "admin/contacts.html",
        survey=survey,
        form=form,
        problems=problems,
        count=contacts.count_contacts(survey),
        purge_form=ActionForm(),
    )


@bp.route("/befragungen/<slug>/kontakte/loeschen", methods=["POST"])
@admin_required
def contacts_purge(slug: str) -> Response:
    survey = survey_or_404(slug)
    if ActionForm().validate_on_submit():
        try:
            deleted = contacts.purge_contacts(survey)
        except contacts.PurgeRefused as error:
            flash(str(error), "error")
        else:
            audit.record("contacts_purged", survey.slug, deleted=deleted)
            flash(f"{deleted} Kontakte gelöscht; die Antworten bleiben erhalten.", "success")
    return redirect(url_for("admin.contacts_upload", slug=slug))


@bp.route("/befragungen/<slug>/einladungen", methods=["GET", "POST"])
@admin_required
def invitations(slug: str) -> str | Response:
    survey = survey_or_404(slug)
    form = InvitationsForm()
    if form.validate_on_submit():
        keys = parse_keys(form.keys.data) if form.scope.data == "some" else None
        if keys == []:
            form.keys.errors = ["Bitte mindestens einen Schlüssel angeben."]
        else:
            try:
                created = _create(survey, keys)
            except InvitationError as error:
                form.keys.errors = [str(error)]
            else:
                flash(f"Einladungen für {created} Kommunen bereit.", "success")
                return redirect(url_for("admin.invitations", slug=slug))
    total = db.session.scalar(
        db.select(db.func.count(Invitation.id)).filter_by(survey_id=survey.id)
    )
    return render_template(
        "admin/invitations.html",
        survey=survey,
        form=form,
        total=total,
        mailings=outreach.earlier_mailings(survey, "invitation"),
        pending=len(outreach.invitation_targets(survey)),
    )


def _create(survey: Survey, keys: list[str] | None) -> int:
    before = db.session.scalar(
        db.select(db.func.count(Invitation.id)).filter_by(survey_id=survey.id)
    )
    result = create_invitations(survey, keys)
    audit.record("invitations_created", survey.slug, units=len(result), new=len(result) - before)
    return len(result)


@bp.route("/befragungen/<slug>/einladungen/senden", methods=["GET", "POST"])
@admin_required
def invitations_send(slug: str) -> str | Response:
    """Two steps: choose the recipients and see how many they are, then confirm."""
    survey = survey_or_404(slug)
    form = SendForm()
    targets = None
    if form.validate_on_submit():
        keys = parse_keys(form.keys.data) if form.scope.data == "some" else None
        targets = outreach.invitation_targets(survey, keys)
        if keys is not None:
            found = {invitation.unit.ags for invitation in targets}
            missing = [key for key in keys if key not in found]
            if missing:
                form.keys.errors = [
                    "Ohne Einladung, Kontakt oder mit gesperrtem Link: " + ", ".join(missing)
                ]
                targets = None
        if targets is not None and form.confirm.data and targets:
            report = outreach.send(
                survey, targets, "invitation", current_user.user_id, current_user.email
            )
            _flash_report(report, "Einladungen")
            return redirect(url_for("admin.invitations", slug=slug))
    return render_template(
        "admin/send.html",
        survey=survey,
        form=form,
        targets=targets,
        contacts=outreach.contact_count(targets or []),
    )


@bp.route("/befragungen/<slug>/erinnerungen", methods=["GET", "POST"])
@admin_required
def reminders(slug: str) -> str | Response:
    survey = survey_or_404(slug)
    form = ReminderForm()
    targets = outreach.reminder_targets(survey)
    if form.validate_on_submit() and targets:
        report = outreach.send(
            survey, targets, "reminder", current_user.user_id, current_user.email
        )
        _flash_report(report, "Erinnerungen")
        return redirect(url_for("admin.reminders", slug=slug))
    return render_template(
        "admin/reminders.html",
        survey=survey,
        form=form,
        targets=targets,
        contacts=outreach.contact_count(targets),
        earlier=outreach.earlier_mailings(survey, "reminder"),
    )


def _flash_report(report: mail.SendReport, what: str) -> None:
    flash(f"{len(report.sent)} {what} versandt.", "success")
    if report.failed:
        failed = "; ".join(f"{message.to} ({reason})" for message, reason in report.failed)
        flash(f"Nicht zugestellt: {failed}", "error")


@bp.route("/befragungen/<slug>/vorlage/<kind>", methods=["GET", "POST"])
@admin_required
def mail_template(slug: str, kind: str) -> str | Response:
    survey = survey_or_404(slug)
    if kind not in mail.KINDS:
        return render_template("admin/error.html", status=404), 404  # type: ignore[return-value]
    subject, body = mail.template_for(survey, kind)
    form = TemplateForm(data={"subject": subject, "body": body})
    if form.validate_on_submit():
        try:
            mail.save_template(survey, kind, form.subject.data, form.body.data)
        except mail.TemplateInvalid as error:
            form.body.errors = [str(error)]
        else:
            audit.record("mail_template_saved", survey.slug, kind=kind)
            flash("Die Vorlage ist gespeichert.", "success")
            return redirect(url_for("admin.mail_template", slug=slug, kind=kind))
    sample = _sample(survey, form.subject.data or "", form.body.data or "")
    return render_template(
        "admin/mail_template.html",
        survey=survey,
        form=form,
        kind=kind,
        kind_label=KIND_LABELS[kind],
        placeholders=mail.PLACEHOLDERS,
        sample=sample,
    )


def _sample(survey: Survey, subject: str, body: str) -> mail.Message:
    """The message as a contact would get it, with a made-up contact and link."""
    unit = Unit(ags="00000", name="Musterstadt", land="Sachsen", type="kreisfreie Stadt")
    contact = Contact(salutation="Frau", name="Erika Mustermann", email="erika@example.org")
    contact.invitation = Invitation(unit=unit)
    values = mail.values_for(survey, contact, "https://umfrage.example.org/r/BEISPIEL")
    return mail.Message(contact.email, mail.render(subject, values), mail.render(body, values))


@bp.route("/befragungen/<slug>/links.csv")
@admin_required
def links_csv(slug: str) -> Response:
    """Every unit's link, one row per contact (units without contacts get one row)."""
    survey = survey_or_404(slug)
    query = (
        db.select(Invitation)
        .join(Unit, Unit.id == Invitation.unit_id)
        .where(Invitation.survey_id == survey.id, Invitation.revoked_at.is_(None))
        .options(db.selectinload(Invitation.contacts), db.selectinload(Invitation.unit))
        .order_by(Unit.ags)
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["ags", "kommune", "land", "typ", "anrede", "name", "e-mail", "link"])
    rows = 0
    for invitation in db.session.scalars(query):
        unit, link = invitation.unit, link_of(invitation)
        for contact in outreach.contacts_of(invitation) or [None]:
            writer.writerow(
                [
                    unit.ags,
                    unit.display_name,
                    unit.land,
                    unit.type,
                    _cell(contact.salutation if contact else ""),
                    _cell(contact.name if contact else ""),
                    _cell(contact.email if contact else ""),
                    link,
                ]
            )
            rows += 1
    audit.record("links_exported", survey.slug, rows=rows)
    return Response(
        "\ufeff" + buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="links-{survey.slug}.csv"'},
    )


def _cell(value: str | None) -> str:
    """Text a spreadsheet must never run as a formula."""
    text = value or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.route("/befragungen/<slug>/kommunen/<ags>/link", methods=["POST"])
@admin_required
def link_action(slug: str, ags: str) -> Response:
    """Revoke a unit's link, or give it a new one (which is the only way a link changes)."""
    survey = survey_or_404(slug)
    invitation = invitation_or_404(survey, ags)
    action = request.form.get("action")
    if ActionForm().validate_on_submit() and action in ("revoke", "renew"):
        if action == "revoke":
            invitation.revoked_at = utcnow()
            audit.record("link_revoked", f"{survey.slug}/{ags}")
            flash("Der Link ist gesperrt.", "success")
        else:
            _renew(invitation)
            audit.record("link_renewed", f"{survey.slug}/{ags}")
            flash("Neuer Link erzeugt; der alte gilt nicht mehr.", "success")
    return redirect(url_for("admin.unit_detail", slug=slug, ags=ags))


def _renew(invitation: Invitation) -> None:
    salt = new_salt()
    invitation.salt = salt
    invitation.token_digest = digest(token_for(salt, current_app.config["SECRET_KEY"]))
    invitation.revoked_at = None
    invitation.sent_at = None
