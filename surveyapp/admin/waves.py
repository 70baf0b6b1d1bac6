"""„Als nächste Welle anlegen“: the page that makes the next wave of a survey's series."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from surveyapp.accounts.auth import admin_required
from surveyapp.admin.blueprint import bp
from surveyapp.admin.common import survey_or_404
from surveyapp.admin.forms import NextWaveForm
from surveyapp.field.next_wave import create_next_wave, made_message
from surveyapp.questionnaire import QuestionnaireInvalid
from surveyapp.surveys import frame, gv100ad
from surveyapp.surveys.lifecycle import SurveyError
from surveyapp.surveys.waves import waves_of


@bp.route("/befragungen/<slug>/naechste-welle", methods=["GET", "POST"])
@admin_required
def next_wave(slug: str) -> str | Response:
    previous = survey_or_404(slug)
    form = NextWaveForm()
    problems: list[str] = []
    if form.validate_on_submit():
        upload, frame_upload = form.questionnaire.data, form.frame_file.data
        try:
            newer = None
            if frame_upload and frame_upload.filename:
                newer = gv100ad.read_frame(
                    frame_upload.stream, frame_upload.filename, form.frame_level.data
                )
            questionnaire = None
            if upload and upload.filename:
                questionnaire = (upload.filename, upload.read())
            made = create_next_wave(
                previous,
                form.slug.data.strip(),
                questionnaire=questionnaire,
                opens_on=form.opens_on.data,
                closes_on=form.closes_on.data,
                frame_file=newer,
            )
        except (QuestionnaireInvalid, frame.FrameInvalid) as error:
            problems = [str(problem) for problem in error.problems]
        except SurveyError as error:
            form.slug.errors = [*form.slug.errors, str(error)]
        else:
            flash(made_message(made.survey.wave, made.units, made.contacts), "success")
            if newer is not None and made.changes is not None:
                changes = "; ".join(made.changes.lines())
                flash(
                    f"Kommunen aus {newer.source}, gegenüber „{previous.slug}“: {changes}.",
                    "info",
                )
            return redirect(url_for("admin.survey_detail", slug=made.survey.slug))
    return render_template(
        "admin/next_wave.html",
        survey=previous,
        waves=waves_of(previous),
        form=form,
        problems=problems,
    )
