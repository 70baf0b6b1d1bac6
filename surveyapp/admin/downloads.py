"""The download routes of the researcher area: the workbook, SPSS, Stata and the brief, as
built by `publishing.downloads`.

Every logged-in researcher may download (watching includes evaluating); what a file holds and
that its download is logged is decided in `surveyapp.publishing.downloads`.
"""

from __future__ import annotations

import io
import logging

from flask import abort, flash, redirect, send_file, url_for
from werkzeug.wrappers import Response

from evaluation import EvaluationError
from surveyapp.admin.blueprint import bp
from surveyapp.admin.common import survey_or_404
from surveyapp.publishing import downloads
from surveyapp.publishing.publications import NoResponses

log = logging.getLogger(__name__)


@bp.route("/befragungen/<slug>/herunterladen/<fmt>")
def download(slug: str, fmt: str) -> Response:
    survey = survey_or_404(slug)
    if fmt not in downloads.FORMATS:
        abort(404)
    try:
        file = downloads.download(survey, fmt)
    except EvaluationError as error:
        log.info("Download %s of %s refused: %s", fmt, slug, error)
        flash(str(error), "info" if isinstance(error, NoResponses) else "error")
        return redirect(url_for("admin.survey_detail", slug=slug, _anchor="daten"))
    response = send_file(
        io.BytesIO(file.content),
        mimetype=file.mimetype,
        as_attachment=True,
        download_name=file.name,
    )
    # Pseudonymous data: no browser or proxy cache may keep a copy.
    response.headers["Cache-Control"] = "no-store"
    return response
