"""A survey's own frame: upload with a preview before anything is stored, single units in and
out; and the register of official keys every survey draws its units from."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from surveyapp.accounts.auth import admin_required
from surveyapp.admin.blueprint import bp
from surveyapp.admin.common import survey_or_404
from surveyapp.admin.forms import ActionForm, FrameConfirmForm, FrameUploadForm, UnitKeyForm
from surveyapp.models import Survey
from surveyapp.surveys import frame, gv100ad


def _frame_page(
    survey: Survey, upload: FrameUploadForm, problems: list[str], add: UnitKeyForm
) -> str:
    return render_template(
        "admin/survey_frame.html",
        survey=survey,
        form=upload,
        add_form=add,
        problems=problems,
        by_land=frame.counts_by_land_and_type(survey),
        reference_date=frame.reference_date(survey),
    )


@bp.route("/befragungen/<slug>/kommunen", methods=["GET", "POST"])
@admin_required
def survey_frame(slug: str) -> str:
    """Step one: the file is read and checked, and the page shows what it would change."""
    survey = survey_or_404(slug)
    form = FrameUploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            source = gv100ad.read_frame(upload.stream, upload.filename or "", form.level.data)
        except frame.FrameInvalid as error:
            problems = [str(problem) for problem in error.problems]
        else:
            confirm = FrameConfirmForm(formdata=None, draft=frame.draft_of(survey, source))
            return render_template(
                "admin/survey_frame_preview.html",
                survey=survey,
                plan=frame.plan(survey, source.rows),
                source=source,
                form=confirm,
            )
    return _frame_page(survey, form, problems, UnitKeyForm(formdata=None))


@bp.route("/befragungen/<slug>/kommunen/uebernehmen", methods=["POST"])
@admin_required
def survey_frame_apply(slug: str) -> Response:
    """Step two: the previewed rows are applied as one unit of work, or refused if stale."""
    survey = survey_or_404(slug)
    form = FrameConfirmForm()
    if form.validate_on_submit():
        try:
            source = frame.units_of_draft(survey, form.draft.data)
            result = frame.apply(survey, source)
        except frame.FrameRefused as error:
            flash(str(error), "error")
        else:
            flash(
                f"Kommunen der Befragung aus {source.source} übernommen: {result.added} neu, "
                f"{result.changed} geändert, {result.removed} entfernt"
                + (f", {result.kept} behalten (schon geantwortet)." if result.kept else "."),
                "success",
            )
    return redirect(url_for("admin.survey_frame", slug=slug))


@bp.route("/befragungen/<slug>/kommunen/aufnehmen", methods=["POST"])
@admin_required
def survey_unit_add(slug: str) -> str | Response:
    survey = survey_or_404(slug)
    form = UnitKeyForm()
    if form.validate_on_submit():
        try:
            member = frame.add_unit(survey, form.key.data.strip())
        except frame.FrameRefused as error:
            form.key.errors = [str(error)]
        else:
            flash(f"{member.display_name} gehört jetzt zur Befragung.", "success")
            return redirect(url_for("admin.survey_frame", slug=slug))
    return _frame_page(survey, FrameUploadForm(formdata=None), [], form)


@bp.route("/befragungen/<slug>/kommunen/<ags>/entfernen", methods=["POST"])
@admin_required
def survey_unit_remove(slug: str, ags: str) -> Response:
    survey = survey_or_404(slug)
    if ActionForm().validate_on_submit():
        try:
            frame.remove_unit(survey, ags)
        except frame.FrameRefused as error:
            flash(str(error), "error")
            return redirect(url_for("admin.unit_detail", slug=slug, ags=ags))
        flash(f"Die Kommune {ags} gehört nicht mehr zur Befragung.", "success")
    return redirect(url_for("admin.survey_frame", slug=slug))


@bp.route("/kommunen", methods=["GET", "POST"])
@admin_required
def units_upload() -> str | Response:
    """The register: official keys and their newest attributes. Changing it changes no survey."""
    form = FrameUploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            source = gv100ad.read_frame(upload.stream, upload.filename or "", form.level.data)
            result = frame.upload_units(source)
        except frame.FrameInvalid as error:
            problems = [str(problem) for problem in error.problems]
        else:
            flash(
                f"{source.source}: {result.created} Kommunen neu angelegt, "
                f"{result.updated} aktualisiert.",
                "success",
            )
            return redirect(url_for("admin.units_upload"))
    return render_template(
        "admin/units.html", form=form, problems=problems, by_land=frame.counts_by_land_and_type()
    )
