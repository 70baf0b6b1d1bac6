"""Downloads for the research team: the workbook, SPSS, Stata, and the findings brief.

Every logged-in researcher may download (watching includes evaluating); every download is an
audit event, because the internal files hold every answer of every responding Kommune, small
cells included. The brief, in contrast, shows only published (suppressed) figures. The files
are made by `evaluation` from the app's own database at the moment of the request.
"""

from __future__ import annotations

import io
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import abort, flash, redirect, send_file, url_for
from werkzeug.wrappers import Response

from evaluation import Dataset, EvaluationError
from evaluation.outputs.stats_files import write_spss, write_stata
from evaluation.outputs.workbook import write_workbook
from surveyapp import audit
from surveyapp.admin import bp
from surveyapp.admin.common import survey_or_404
from surveyapp.models import Survey
from surveyapp.results.publications import (
    DRAFT,
    NoResponses,
    build_brief,
    file_name,
    load_dataset,
    parse_brief_config,
    publication,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DataFormat:
    label: str
    mimetype: str
    write: Callable[[Dataset, Path], None]


#: The internal files: everything, for the research team only.
DATA_FORMATS = {
    "xlsx": DataFormat(
        "Arbeitsmappe (Excel)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        write_workbook,
    ),
    "sav": DataFormat("SPSS", "application/x-spss-sav", write_spss),
    "dta": DataFormat("Stata", "application/x-stata-dta", write_stata),
}
#: The brief: published figures only, built as researchers would publish it.
BRIEF_FORMATS = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}


def _data_file(dataset: Dataset, fmt: DataFormat) -> bytes:
    """The writers of SPSS and Stata files want a path, so every format goes through one."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "daten"
        fmt.write(dataset, path)
        return path.read_bytes()


def _brief_file(survey: Survey, fmt: str) -> bytes:
    """The brief as it stands now, with the brief.yaml of the current draft if there is one."""
    draft = publication(survey, DRAFT)
    config = parse_brief_config(draft.config, draft.config_name or "brief.yaml") if draft else None
    built = build_brief(survey, config or parse_brief_config(None))
    return built.pdf if fmt == "pdf" else built.html.encode("utf-8")


@bp.route("/befragungen/<slug>/herunterladen/<fmt>")
def download(slug: str, fmt: str) -> Response:
    survey = survey_or_404(slug)
    if fmt not in DATA_FORMATS and fmt not in BRIEF_FORMATS:
        abort(404)
    try:
        if fmt in DATA_FORMATS:
            content = _data_file(load_dataset(survey), DATA_FORMATS[fmt])
            mimetype, kind, action = DATA_FORMATS[fmt].mimetype, "", "data_downloaded"
        else:
            content = _brief_file(survey, fmt)
            mimetype, kind, action = BRIEF_FORMATS[fmt], "ergebnisbericht", "brief_downloaded"
    except EvaluationError as error:
        log.info("Download %s of %s refused: %s", fmt, slug, error)
        flash(str(error), "info" if isinstance(error, NoResponses) else "error")
        return redirect(url_for("admin.survey_detail", slug=slug, _anchor="daten"))
    audit.record(action, survey.slug, format=fmt)
    response = send_file(
        io.BytesIO(content),
        mimetype=mimetype,
        as_attachment=True,
        download_name=file_name(survey.slug, fmt, kind=kind),
    )
    # Pseudonymous data: no browser or proxy cache may keep a copy.
    response.headers["Cache-Control"] = "no-store"
    return response
