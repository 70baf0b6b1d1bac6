"""Surveys: list, detail, creation from an uploaded file, preview, open and close; the frame."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from surveyapp import audit, frame
from surveyapp.admin import bp
from surveyapp.admin.common import (
    STATUS_LABELS,
    german_date,
    german_number,
    percent,
    survey_or_404,
)
from surveyapp.admin.forms import ActionForm, SurveyForm, SurveySettingsForm, UploadForm
from surveyapp.auth import admin_required
from surveyapp.contacts import count_contacts
from surveyapp.extensions import db
from surveyapp.models import Survey, Unit
from surveyapp.monitoring import counts_by_survey, overview
from surveyapp.questionnaire import QuestionnaireInvalid
from surveyapp.questionnaire.explain import explain
from surveyapp.surveys import SurveyError, create_survey, is_open, questionnaire_of

bp.add_app_template_filter(german_date, "admin_date")
bp.add_app_template_filter(german_number, "admin_number")
bp.add_app_template_global(percent, "admin_percent")
bp.add_app_template_global(STATUS_LABELS, "admin_status_labels")


@bp.route("/")
def index() -> Response:
    return redirect(url_for("admin.survey_list"))


@bp.route("/befragungen")
def survey_list() -> str:
    surveys = list(db.session.scalars(db.select(Survey).order_by(Survey.created_at.desc())))
    return render_template("admin/surveys.html", surveys=surveys, counts=counts_by_survey())


@bp.route("/befragungen/neu", methods=["GET", "POST"])
@admin_required
def survey_new() -> str | Response:
    form = SurveyForm()
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.questionnaire.data
        try:
            survey = _create_from_upload(upload.filename or "fragebogen.yaml", upload.read(), form)
        except QuestionnaireInvalid as error:
            problems = [str(problem) for problem in error.problems]
        except SurveyError as error:
            form.slug.errors = [*form.slug.errors, str(error)]
        else:
            audit.record("survey_created", survey.slug, title=survey.title)
            flash(f"Befragung „{survey.title}“ angelegt.", "success")
            return redirect(url_for("admin.survey_detail", slug=survey.slug))
    return render_template("admin/survey_new.html", form=form, problems=problems)


def _create_from_upload(filename: str, content: bytes, form: SurveyForm) -> Survey:
    """The loader tells YAML from XLSForm by the file's suffix, so the upload keeps it."""
    suffix = Path(filename).suffix.lower() or ".yaml"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fragebogen{suffix}"
        path.write_bytes(content)
        survey = create_survey(
            path, form.slug.data.strip(), form.opens_on.data, form.closes_on.data
        )
    survey.contact_name = form.contact_name.data or None
    survey.contact_email = form.contact_email.data or None
    db.session.commit()
    return survey


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
    )


@bp.route("/befragungen/<slug>/status", methods=["POST"])
@admin_required
def survey_status(slug: str) -> Response:
    survey = survey_or_404(slug)
    form = ActionForm()
    action = request.form.get("action")
    if form.validate_on_submit() and action in ("open", "close"):
        survey.status = "open" if action == "open" else "closed"
        audit.record("survey_opened" if action == "open" else "survey_closed", survey.slug)
        flash(f"Die Befragung ist jetzt {STATUS_LABELS[survey.status]}.", "success")
    return redirect(url_for("admin.survey_detail", slug=slug))


@bp.route("/befragungen/<slug>/einstellungen", methods=["GET", "POST"])
@admin_required
def survey_settings(slug: str) -> str | Response:
    survey = survey_or_404(slug)
    form = SurveySettingsForm(obj=survey)
    if form.validate_on_submit():
        if form.opens_on.data and form.closes_on.data and form.closes_on.data < form.opens_on.data:
            form.closes_on.errors = ["Das Ende der Feldphase liegt vor ihrem Beginn."]
        else:
            form.populate_obj(survey)
            survey.contact_name = survey.contact_name or None
            survey.contact_email = survey.contact_email or None
            audit.record("survey_updated", survey.slug)
            flash("Die Angaben sind gespeichert.", "success")
            return redirect(url_for("admin.survey_detail", slug=slug))
    return render_template("admin/survey_settings.html", survey=survey, form=form)


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


@bp.route("/kommunen", methods=["GET", "POST"])
@admin_required
def units_upload() -> str | Response:
    form = UploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            result = frame.import_units(upload.stream, upload.filename or "")
        except frame.FrameInvalid as error:
            problems = [str(problem) for problem in error.problems]
        else:
            audit.record(
                "frame_imported", upload.filename, created=result.created, updated=result.updated
            )
            flash(
                f"{result.created} Kommunen neu angelegt, {result.updated} aktualisiert.", "success"
            )
            return redirect(url_for("admin.units_upload"))
    by_land = db.session.execute(
        db.select(Unit.land, Unit.type, db.func.count(Unit.id))
        .group_by(Unit.land, Unit.type)
        .order_by(Unit.land, Unit.type)
    ).all()
    return render_template("admin/units.html", form=form, problems=problems, by_land=by_land)
