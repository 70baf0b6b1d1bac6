"""Surveys: list, detail, creation from an uploaded file, preview, open and close."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from evaluation import german
from surveyapp.accounts.auth import admin_required
from surveyapp.admin.blueprint import bp
from surveyapp.admin.common import survey_or_404
from surveyapp.admin.forms import ActionForm, SurveyForm, SurveyLegalForm, SurveySettingsForm
from surveyapp.field.contacts import count_contacts
from surveyapp.field.monitoring import counts_by_survey, overview
from surveyapp.jobs import records, work
from surveyapp.jobs.records import JOB_STATES
from surveyapp.models import Survey
from surveyapp.publishing import downloads
from surveyapp.questionnaire import QuestionnaireInvalid
from surveyapp.questionnaire.explain import explain
from surveyapp.questionnaire.loading.xlsform.writer import write_xlsform
from surveyapp.surveys.legal import LegalTexts, change_legal_texts
from surveyapp.surveys.lifecycle import (
    STATUS_LABELS,
    SurveyError,
    all_surveys,
    change_settings,
    create_from_upload,
    is_open,
    questionnaire_of,
    set_status,
)


@bp.route("/")
def index() -> Response:
    return redirect(url_for("admin.survey_list"))


@bp.route("/befragungen")
def survey_list() -> str:
    return render_template("admin/surveys.html", surveys=all_surveys(), counts=counts_by_survey())


@bp.route("/befragungen/neu", methods=["GET", "POST"])
@admin_required
def survey_new() -> str | Response:
    form = SurveyForm()
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.questionnaire.data
        try:
            survey = create_from_upload(
                upload.filename or "fragebogen.yaml",
                upload.read(),
                form.slug.data.strip(),
                form.opens_on.data,
                form.closes_on.data,
                form.contact_name.data,
                form.contact_email.data,
            )
        except QuestionnaireInvalid as error:
            problems = [str(problem) for problem in error.problems]
        except SurveyError as error:
            form.slug.errors = [*form.slug.errors, str(error)]
        else:
            flash(f"Befragung „{survey.title}“ angelegt.", "success")
            return redirect(url_for("admin.survey_detail", slug=survey.slug))
    return render_template("admin/survey_new.html", form=form, problems=problems)


@bp.route("/befragungen/<slug>")
def survey_detail(slug: str) -> str:
    survey = survey_or_404(slug)
    return render_template(
        "admin/survey_detail.html",
        survey=survey,
        counts=overview(survey).total,
        contacts=count_contacts(survey),
        accepting=is_open(survey),
        action_form=ActionForm(),
        jobs=records.of_survey(survey, limit=10),
        job_labels=work.KIND_LABELS,
        job_states=JOB_STATES,
        file_labels=downloads.LABELS,
        has_earlier_waves=downloads.has_earlier_waves(survey),
    )


def _status_message(survey: Survey) -> str:
    if survey.status == "scheduled":
        return (
            f"Die Befragung ist geplant: Sie öffnet sich am {german.day(survey.opens_on)} "
            "von selbst."
        )
    return f"Die Befragung ist jetzt {STATUS_LABELS[survey.status]}."


@bp.route("/befragungen/<slug>/status", methods=["POST"])
@admin_required
def survey_status(slug: str) -> Response:
    survey = survey_or_404(slug)
    form = ActionForm()
    action = request.form.get("action")
    if form.validate_on_submit() and action in ("open", "close"):
        try:
            set_status(survey, "open" if action == "open" else "closed")
        except SurveyError as error:
            flash(str(error), "error")
        else:
            flash(_status_message(survey), "success")
    return redirect(url_for("admin.survey_detail", slug=slug))


@bp.route("/befragungen/<slug>/einstellungen", methods=["GET", "POST"])
@admin_required
def survey_settings(slug: str) -> str | Response:
    survey = survey_or_404(slug)
    form = SurveySettingsForm(obj=survey)
    if form.validate_on_submit():
        try:
            change_settings(
                survey,
                form.opens_on.data,
                form.closes_on.data,
                form.contact_name.data,
                form.contact_email.data,
                form.reminder_after_days.data,
                form.reminder_max.data or 0,
            )
        except SurveyError as error:
            form.closes_on.errors = [str(error)]
        else:
            flash("Die Angaben sind gespeichert.", "success")
            return redirect(url_for("admin.survey_detail", slug=slug))
    return render_template("admin/survey_settings.html", survey=survey, form=form)


@bp.route("/befragungen/<slug>/rechtliches", methods=["GET", "POST"])
@admin_required
def survey_legal(slug: str) -> str | Response:
    """The survey's privacy purpose, Impressum and accessibility statement details."""
    survey = survey_or_404(slug)
    form = SurveyLegalForm(obj=survey)
    if form.validate_on_submit():
        change_legal_texts(
            survey,
            LegalTexts(
                form.privacy_purpose.data,
                form.imprint_address.data,
                form.imprint_representative.data,
                form.accessibility_reviewed_on.data,
                form.accessibility_contact.data,
            ),
        )
        flash("Die Angaben sind gespeichert.", "success")
        return redirect(url_for("admin.survey_detail", slug=slug))
    return render_template("admin/survey_legal.html", survey=survey, form=form)


@bp.route("/befragungen/<slug>/vorschau")
def survey_preview(slug: str) -> str:
    survey = survey_or_404(slug)
    questionnaire = questionnaire_of(survey)
    return render_template(
        "admin/preview.html",
        survey=survey,
        questionnaire=questionnaire,
        explain=lambda condition: explain(condition, questionnaire),
    )


@bp.route("/befragungen/<slug>/fragebogen.xlsx")
def questionnaire_xlsform(slug: str) -> Response:
    """The survey's questionnaire as an XLSForm, to carry it to KoboToolbox or ODK and back."""
    survey = survey_or_404(slug)
    try:
        data = write_xlsform(questionnaire_of(survey))
    except QuestionnaireInvalid as error:
        reasons = "; ".join(problem.message for problem in error.problems)
        flash(f"Der Fragebogen lässt sich nicht als XLSForm schreiben: {reasons}.", "error")
        return redirect(url_for("admin.survey_detail", slug=slug))
    name = f"fragebogen-{survey.slug}.xlsx"
    return Response(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
