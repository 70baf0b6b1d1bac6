"""Jobs in the researcher area: files made in the background (the workbook, SPSS, Stata, the
brief, all feedback reports) and mailings being sent.

Asking for a file starts a job (`surveyapp.jobs`) and leads to its page, which shows the
progress and offers the file once it is ready. Every logged-in researcher may ask (watching
includes evaluating); that a file was taken is logged in `surveyapp.publishing.downloads`.
"""

from __future__ import annotations

import io

from flask import abort, jsonify, redirect, render_template, send_file, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from surveyapp import clock
from surveyapp.admin.blueprint import bp
from surveyapp.admin.common import survey_or_404
from surveyapp.admin.forms import ActionForm
from surveyapp.extensions import db
from surveyapp.field import mail_queue
from surveyapp.jobs import records, submit, work
from surveyapp.models import Job, Survey
from surveyapp.publishing import downloads


def _job_or_404(job_id: int) -> tuple[Job, Survey]:
    job = records.get(job_id)
    if job is None or job.survey_id is None:
        abort(404)
    return job, db.session.get_one(Survey, job.survey_id)


@bp.route("/befragungen/<slug>/dateien/<fmt>", methods=["POST"])
def download(slug: str, fmt: str) -> Response:
    survey = survey_or_404(slug)
    if fmt not in (*downloads.FORMATS, downloads.FEEDBACK) or not ActionForm().validate():
        abort(404)
    if fmt == downloads.FEEDBACK:
        job = submit.start("feedback", survey, current_user.user_id, {"format": fmt})
    else:
        job = submit.start("download", survey, current_user.user_id, {"format": fmt})
    return redirect(url_for("admin.job", job_id=job.id))


@bp.route("/auftraege/<int:job_id>")
def job(job_id: int) -> str:
    job, survey = _job_or_404(job_id)
    mailing = job.params.get("mailing") if job.kind == "mailing" else None
    return render_template(
        "admin/job.html",
        job=job,
        survey=survey,
        kind_label=work.KIND_LABELS.get(job.kind, job.kind),
        file_label=downloads.LABELS.get(job.params.get("format", "")),
        ready=job.status == records.DONE and records.has_result(job),
        problems=mail_queue.problems_of(mailing) if mailing else [],
        mail_states=mail_queue.STATES,
        now=clock.now(),
    )


@bp.route("/auftraege/<int:job_id>/stand")
def job_state(job_id: int) -> Response:
    """The job's progress for the page's script, which updates the bar without a reload."""
    job, _survey = _job_or_404(job_id)
    response = jsonify(
        status=job.status,
        done=job.done,
        total=job.total,
        note=job.note,
        ready=job.status == records.DONE and records.has_result(job),
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/auftraege/<int:job_id>/datei")
def job_file(job_id: int) -> Response:
    job, survey = _job_or_404(job_id)
    if job.status != records.DONE or job.result is None:
        abort(404)
    downloads.hand_out(survey, job.params.get("format", job.kind))
    response = send_file(
        io.BytesIO(job.result),
        mimetype=job.result_mimetype or "application/octet-stream",
        as_attachment=True,
        download_name=job.result_name or "datei",
    )
    # Pseudonymous data: no browser or proxy cache may keep a copy.
    response.headers["Cache-Control"] = "no-store"
    return response
