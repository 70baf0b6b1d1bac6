"""Downloads for the research team: the workbook, SPSS, Stata, the panel data of a series of
waves (a workbook with both layouts, SPSS and Stata long or wide), and the findings brief.

Every download is an audit event, because the internal files hold every answer of every
responding Kommune, small cells included. The brief, in contrast, shows only published
(suppressed) figures. The files are made by `evaluation` from the app's own database, by a job
worker in the background (`surveyapp.jobs`): `make_file` builds one, `hand_out` logs that a
researcher took it.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from evaluation import Dataset
from evaluation.errors import EvaluationError
from evaluation.outputs.panel_workbook import write_panel_workbook
from evaluation.outputs.stats_files import write_spss, write_stata
from evaluation.outputs.workbook import write_workbook
from evaluation.panel import Panel
from evaluation.reports.brief.config import parse_config_text
from evaluation.reports.feedback import FeedbackBuilder
from evaluation.reports.release import NOT_PUBLISHED
from surveyapp.accounts import audit
from surveyapp.extensions import db
from surveyapp.models import Survey
from surveyapp.publishing.publications import (
    DRAFT,
    PUBLIC,
    build_brief,
    file_name,
    load_dataset,
    load_wave,
    publication,
    release_of_public,
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


@dataclass(frozen=True)
class PanelFormat:
    """`layout`: "lang" (a row per unit and wave) or "breit" (a row per unit); None: the
    workbook, which holds both with one codebook."""

    suffix: str
    mimetype: str
    layout: str | None = None


#: Every wave of the survey's series (internal, like the data): one workbook with both layouts,
#: and SPSS and Stata in either, since their users pick the layout before they load a file.
PANEL = "panel"
PANEL_FORMATS = {
    PANEL: PanelFormat("xlsx", DATA_FORMATS["xlsx"].mimetype),
    "panel-sav-lang": PanelFormat("sav", DATA_FORMATS["sav"].mimetype, "lang"),
    "panel-sav-breit": PanelFormat("sav", DATA_FORMATS["sav"].mimetype, "breit"),
    "panel-dta-lang": PanelFormat("dta", DATA_FORMATS["dta"].mimetype, "lang"),
    "panel-dta-breit": PanelFormat("dta", DATA_FORMATS["dta"].mimetype, "breit"),
}
FORMATS = (*DATA_FORMATS, *PANEL_FORMATS, *BRIEF_FORMATS)
#: All feedback reports of a survey, one PDF per responding Kommune, in one ZIP.
FEEDBACK = "rueckmeldungen"
#: What each file is called on the page that offers it.
LABELS = {
    "xlsx": "Arbeitsmappe für die Auswertung (Excel, .xlsx)",
    "sav": "Datensatz für SPSS (.sav)",
    "dta": "Datensatz für Stata (.dta)",
    PANEL: "Paneldaten aller Wellen (Excel, .xlsx, lang und breit)",
    "panel-sav-lang": "Paneldaten für SPSS (.sav), lang: eine Zeile je Kommune und Welle",
    "panel-sav-breit": "Paneldaten für SPSS (.sav), breit: eine Zeile je Kommune",
    "panel-dta-lang": "Paneldaten für Stata (.dta), lang: eine Zeile je Kommune und Welle",
    "panel-dta-breit": "Paneldaten für Stata (.dta), breit: eine Zeile je Kommune",
    "pdf": "Ergebnisbericht (PDF)",
    "html": "Ergebnisbericht (barrierefreie HTML-Fassung)",
    FEEDBACK: "Rückmeldeberichte aller teilnehmenden Kommunen (ZIP mit PDFs)",
}


def make_file(survey: Survey, fmt: str) -> Download:
    """The file in one of `FORMATS`, as the answers stand now.

    Raises `EvaluationError` (`NoResponses` before the first submission) when there is nothing
    to make the file from.
    """
    if fmt in DATA_FORMATS:
        content = _data_file(load_dataset(survey), DATA_FORMATS[fmt])
        return Download(content, DATA_FORMATS[fmt].mimetype, file_name(survey.slug, fmt))
    if fmt in PANEL_FORMATS:
        panel = PANEL_FORMATS[fmt]
        kind = "-".join(part for part in ("panel", panel.layout) if part)
        return Download(
            _panel_file(survey, panel),
            panel.mimetype,
            file_name(survey.slug, panel.suffix, kind=kind),
        )
    content = _brief_file(survey, fmt)
    return Download(
        content, BRIEF_FORMATS[fmt], file_name(survey.slug, fmt, kind="ergebnisbericht")
    )


def hand_out(survey: Survey, fmt: str) -> None:
    """That a researcher took a file out of the system, logged."""
    action = "data_downloaded" if fmt in (*DATA_FORMATS, *PANEL_FORMATS) else "brief_downloaded"
    if fmt == FEEDBACK:
        action = "feedback_downloaded"
    with unit_of_work():
        audit.record(action, survey.slug, format=fmt)


def feedback_reports(survey: Survey, progress: Callable[[int, int], None]) -> Download:
    """Every responding Kommune's feedback report as one ZIP of PDFs, built against the public
    brief (its brief.yaml and its decisions: a Kommune holds both), and after the earlier
    waves that brief compared with. Raises `EvaluationError` before the brief is published, or
    when the answers (of this wave or an earlier one) no longer give the published brief."""
    public = publication(survey, PUBLIC)
    if public is None or not public.fingerprint:
        raise EvaluationError(NOT_PUBLISHED)
    builder = FeedbackBuilder.released(load_dataset(survey), release_of_public(public), load_wave)
    units = list(builder.dataset.data.index)
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(buffer, "w") as archive:
        for number, ags in enumerate(units):
            progress(number, len(units))
            path = Path(folder) / f"rueckmeldung-{ags}.pdf"
            builder.write(ags, path)
            archive.write(path, path.name)
        progress(len(units), len(units))
    return Download(
        buffer.getvalue(), "application/zip", file_name(survey.slug, "zip", kind="rueckmeldungen")
    )


def _data_file(dataset: Dataset, fmt: DataFormat) -> bytes:
    """The writers of SPSS and Stata files want a path, so every format goes through one."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "daten"
        fmt.write(dataset, path)
        return path.read_bytes()


def has_earlier_waves(survey: Survey) -> bool:
    """Whether the survey was made from an earlier wave: only then is there a panel."""
    return survey.previous_id is not None


def _panel_file(survey: Survey, fmt: PanelFormat) -> bytes:
    """Every wave of the survey's series, its units followed through territorial changes."""
    if not has_earlier_waves(survey):
        raise EvaluationError(
            f"Die Befragung „{survey.title}“ hat keine frühere Welle: Paneldaten gibt es erst "
            "ab der zweiten Welle einer Reihe."
        )
    panel = Panel.from_database(db.engine, survey.slug)
    if fmt.layout is None:
        buffer = io.BytesIO()
        write_panel_workbook(panel, buffer)
        return buffer.getvalue()
    layout = panel.long() if fmt.layout == "lang" else panel.wide()
    write = write_spss if fmt.suffix == "sav" else write_stata
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"panel.{fmt.suffix}"
        write(layout, path)
        return path.read_bytes()


def _brief_file(survey: Survey, fmt: str) -> bytes:
    """The brief as it stands now, with the brief.yaml of the current draft if there is one."""
    draft = publication(survey, DRAFT)
    config = parse_config_text(draft.config, draft.config_name or "brief.yaml") if draft else None
    built = build_brief(survey, config or parse_config_text(None))
    return built.pdf if fmt == "pdf" else built.html.encode("utf-8")
