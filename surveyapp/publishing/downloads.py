"""Downloads for the research team: the workbook, SPSS, Stata, and the findings brief.

Every download is an audit event, because the internal files hold every answer of every
responding Kommune, small cells included. The brief, in contrast, shows only published
(suppressed) figures. The files are made by `evaluation` from the app's own database at the
moment of the request.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from evaluation import Dataset
from evaluation.outputs.stats_files import write_spss, write_stata
from evaluation.outputs.workbook import write_workbook
from evaluation.reports.brief.config import parse_config_text
from surveyapp.accounts import audit
from surveyapp.models import Survey
from surveyapp.publishing.publications import (
    DRAFT,
    build_brief,
    file_name,
    load_dataset,
    publication,
)
from surveyapp.transaction import unit_of_work


@dataclass(frozen=True)
class DataFormat:
    label: str
    mimetype: str
    write: Callable[[Dataset, Path], None]


@dataclass(frozen=True)
class Download:
    """A file to hand over: its bytes, its type and the name it is saved under."""

    content: bytes
    mimetype: str
    name: str


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
FORMATS = (*DATA_FORMATS, *BRIEF_FORMATS)


def download(survey: Survey, fmt: str) -> Download:
    """The file in one of `FORMATS`, logged as handed out.

    Raises `EvaluationError` (`NoResponses` before the first submission) when there is nothing
    to make the file from; nothing is logged then.
    """
    if fmt in DATA_FORMATS:
        content = _data_file(load_dataset(survey), DATA_FORMATS[fmt])
        mimetype, kind, action = DATA_FORMATS[fmt].mimetype, "", "data_downloaded"
    else:
        content = _brief_file(survey, fmt)
        mimetype, kind, action = BRIEF_FORMATS[fmt], "ergebnisbericht", "brief_downloaded"
    with unit_of_work():
        audit.record(action, survey.slug, format=fmt)
    return Download(content, mimetype, file_name(survey.slug, fmt, kind=kind))


def _data_file(dataset: Dataset, fmt: DataFormat) -> bytes:
    """The writers of SPSS and Stata files want a path, so every format goes through one."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "daten"
        fmt.write(dataset, path)
        return path.read_bytes()


def _brief_file(survey: Survey, fmt: str) -> bytes:
    """The brief as it stands now, with the brief.yaml of the current draft if there is one."""
    draft = publication(survey, DRAFT)
    config = parse_config_text(draft.config, draft.config_name or "brief.yaml") if draft else None
    built = build_brief(survey, config or parse_config_text(None))
    return built.pdf if fmt == "pdf" else built.html.encode("utf-8")
