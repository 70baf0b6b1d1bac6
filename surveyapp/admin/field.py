"""The field phase: contacts, invitations, e-mails and reminders, the links for mail merge."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from surveyapp import clock
from surveyapp.accounts.auth import admin_required
from surveyapp.admin.blueprint import bp
from surveyapp.admin.common import invitation_or_404, parse_keys, survey_or_404
from surveyapp.admin.forms import (
    ActionForm,
    InvitationsForm,
    ReminderForm,
    SendForm,
    TemplateForm,
    UploadForm,
)
from surveyapp.field import contacts, invitations, mail, mail_queue, outreach, reminder_plan
from surveyapp.field.invitations import InvitationError
from surveyapp.jobs import submit
from surveyapp.models import Survey

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
            flash(f"{deleted} Kontakte gelöscht; die Antworten bleiben erhalten.", "success")
    return redirect(url_for("admin.contacts_upload", slug=slug))


@bp.route("/befragungen/<slug>/einladungen", methods=["GET", "POST"], endpoint="invitations")
@admin_required
def invitations_page(slug: str) -> str | Response:
    survey = survey_or_404(slug)
    form = InvitationsForm()
    if form.validate_on_submit():
        keys = parse_keys(form.keys.data) if form.scope.data == "some" else None
        if keys == []:
            form.keys.errors = ["Bitte mindestens einen Schlüssel angeben."]
        else:
            try:
                created = invitations.invite(survey, keys)
            except InvitationError as error:
                form.keys.errors = [str(error)]
            else:
                flash(f"Einladungen für {created} Kommunen bereit.", "success")
                return redirect(url_for("admin.invitations", slug=slug))
    return render_template(
        "admin/invitations.html",
        survey=survey,
        form=form,
        total=invitations.count_invitations(survey),
        mailings=outreach.earlier_mailings(survey, "invitation"),
        pending=len(outreach.invitation_targets(survey)),
    )


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
            missing = [key for key in keys if key not in targets.keys]
            if missing:
                form.keys.errors = [
                    "Ohne Einladung, Kontakt oder mit gesperrtem Link: " + ", ".join(missing)
                ]
                targets = None
        if targets is not None and form.confirm.data and targets:
            purpose = (
                mail_queue.INVITATION
                if keys is None
                else mail_queue.resend_purpose(form.nonce.data or secrets.token_urlsafe(12))
            )
            send_at = clock.from_local(form.send_at.data) if form.send_at.data else None
            return _queue(survey, targets, "invitation", purpose, send_at)
    return render_template(
        "admin/send.html",
        survey=survey,
        form=form,
        targets=targets,
        contacts=targets.contacts if targets is not None else 0,
        english_text=mail.stored_text(survey, "invitation", "en") is not None,
        nonce=secrets.token_urlsafe(12),
    )


@bp.route("/befragungen/<slug>/erinnerungen", methods=["GET", "POST"])
@admin_required
def reminders(slug: str) -> str | Response:
    survey = survey_or_404(slug)
    form = ReminderForm()
    targets = outreach.reminder_targets(survey)
    upcoming = mail_queue.next_reminder_round(survey)
    if form.validate_on_submit() and targets:
        asked = _round(form.round.data)
        if asked in (upcoming, upcoming - 1):
            return _queue(survey, targets, "reminder", mail_queue.reminder_purpose(asked))
        flash("Inzwischen wurde eine Erinnerung versandt. Bitte prüfen Sie die Zahlen.", "info")
        return redirect(url_for("admin.reminders", slug=slug))
    return render_template(
        "admin/reminders.html",
        survey=survey,
        form=form,
        targets=targets,
        contacts=targets.contacts,
        english_text=mail.stored_text(survey, "reminder", "en") is not None,
        earlier=outreach.earlier_mailings(survey, "reminder"),
        round=upcoming,
        planned=reminder_plan.next_reminder(survey),
    )


def _round(value: str | None) -> int:
    try:
        return int(value or "0") if len(value or "") < 6 else 0
    except ValueError:
        return 0


def _queue(
    survey: Survey,
    targets: outreach.Targets,
    kind: str,
    purpose: str,
    send_at: datetime | None = None,
) -> Response:
    """Into the mail queue, and on to the job's page; a confirmation sent twice is told so."""
    try:
        queued = mail_queue.queue_mailing(
            survey,
            targets.invitation_ids,
            kind,
            purpose,
            current_user.user_id,
            current_user.email,
            send_at,
        )
    except mail_queue.NothingToSend as error:
        flash(str(error), "info")
        return redirect(url_for("admin.survey_detail", slug=survey.slug))
    submit.send_to_queue(queued.job)
    return redirect(url_for("admin.job", job_id=queued.job.id))


@bp.route("/befragungen/<slug>/vorlage/<kind>", methods=["GET", "POST"], defaults={"lang": "de"})
@bp.route("/befragungen/<slug>/vorlage/<kind>/<lang>", methods=["GET", "POST"])
@admin_required
def mail_template(slug: str, kind: str, lang: str) -> str | Response | tuple[str, int]:
    """The German text of a kind, or its optional English one (German until written)."""
    survey = survey_or_404(slug)
    if kind not in mail.KINDS or lang not in mail.LANGUAGES:
        return render_template("admin/error.html", status=404), 404
    stored = mail.stored_text(survey, kind, lang)
    if lang == "de":
        subject, body = mail.template_for(survey, kind)
    else:
        subject, body = (stored.subject, stored.body) if stored else ("", "")
    form = TemplateForm(data={"subject": subject, "body": body})
    if request.form.get("action") == "remove" and ActionForm().validate_on_submit():
        if lang == "en" and mail.remove_translation(survey, kind):
            flash("Der englische Text ist gelöscht: alle erhalten den deutschen.", "success")
        return redirect(url_for("admin.mail_template", slug=slug, kind=kind, lang=lang))
    if form.validate_on_submit():
        try:
            mail.save_template(survey, kind, form.subject.data, form.body.data, lang)
        except mail.TemplateInvalid as error:
            form.body.errors = [str(error)]
        else:
            flash("Die Vorlage ist gespeichert.", "success")
            return redirect(url_for("admin.mail_template", slug=slug, kind=kind, lang=lang))
    sample = None
    if form.subject.data or form.body.data:
        sample = mail.sample(survey, form.subject.data or "", form.body.data or "", lang)
    return render_template(
        "admin/mail_template.html",
        survey=survey,
        form=form,
        action_form=ActionForm(),
        kind=kind,
        kind_label=KIND_LABELS[kind],
        lang=lang,
        has_translation=lang == "en" and stored is not None,
        english_contacts=contacts.count_contacts(survey, language="en"),
        placeholders=mail.PLACEHOLDERS,
        sample=sample,
    )


@bp.route("/befragungen/<slug>/links.csv")
@admin_required
def links_csv(slug: str) -> Response:
    """Every unit's link, one row per contact (units without contacts get one row)."""
    survey = survey_or_404(slug)
    return Response(
        outreach.links_table(survey),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="links-{survey.slug}.csv"'},
    )


@bp.route("/befragungen/<slug>/nachfassliste.<fmt>")
@admin_required
def follow_up_list(slug: str, fmt: str) -> Response:
    """Units that have not submitted, with contacts and the last message: for phone calls."""
    survey = survey_or_404(slug)
    name = f"nachfassen-{survey.slug}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    if fmt == "csv":
        return Response(outreach.follow_up_csv(survey), mimetype="text/csv", headers=headers)
    if fmt == "xlsx":
        return Response(
            outreach.follow_up_xlsx(survey),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers=headers,
        )
    abort(404)


@bp.route("/befragungen/<slug>/kommunen/<ags>/link", methods=["POST"])
@admin_required
def link_action(slug: str, ags: str) -> Response:
    """Revoke a unit's link, or give it a new one (which is the only way a link changes)."""
    survey = survey_or_404(slug)
    invitation = invitation_or_404(survey, ags)
    action = request.form.get("action")
    if ActionForm().validate_on_submit() and action in ("revoke", "renew"):
        if action == "revoke":
            invitations.revoke(invitation)
            flash("Der Link ist gesperrt.", "success")
        else:
            invitations.renew(invitation)
            flash("Neuer Link erzeugt; der alte gilt nicht mehr.", "success")
    return redirect(url_for("admin.unit_detail", slug=slug, ags=ags))
