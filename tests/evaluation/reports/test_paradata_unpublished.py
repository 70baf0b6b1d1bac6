"""Paradata (`B1_prefill`: whether a unit confirmed its earlier wave's answer) are no finding of
the survey: the brief and the feedback reports print no table of them, while the workbook and
the SPSS file keep them with their codebook note for the analyst."""

from __future__ import annotations

import pyreadstat
import pytest
from brief_data import DEMO, make_brief_dataset
from openpyxl import load_workbook

from evaluation.codebook import Codebook
from evaluation.dataset import Dataset
from evaluation.outputs.stats_files import write_spss
from evaluation.outputs.workbook import write_workbook
from evaluation.reports.brief.config import ConfigError, parse_config
from evaluation.reports.brief.content import build_document
from evaluation.reports.feedback import FeedbackBuilder
from evaluation.reports.render.html import write_html
from surveyapp.questionnaire import build_codebook, load_questionnaire

NOTE = "Angabe aus der früheren Welle: bestätigt, geändert oder neu (Paradaten)"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    """The brief's survey with B1 filled in from the earlier wave: 9 confirmed, 5 changed."""
    text = DEMO.read_text(encoding="utf-8").replace(
        "      - id: B1\n        type: single\n",
        "      - id: B1\n        type: single\n        prefill: previous\n",
    )
    codebook = Codebook.from_rows(build_codebook(load_questionnaire(text)))
    assert "B1_prefill" in codebook
    plain = make_brief_dataset()
    data = plain.data.copy()
    data["B1_prefill"] = [1.0] * 9 + [2.0] * 5
    return Dataset(plain.survey, codebook, data[[*plain.data.columns[:5], *codebook.names]])


def test_the_brief_has_no_table_of_paradata(dataset, tmp_path):
    path = tmp_path / "brief.html"
    write_html(build_document(dataset, parse_config({})), path)
    html = path.read_text(encoding="utf-8")
    assert "Gibt es in Ihrer Verwaltung eine integrierte Sozialplanung?" in html
    assert "B1_prefill" not in html and "Paradaten" not in html


def test_a_brief_yaml_naming_paradata_is_told_they_are_not_published(dataset):
    config = parse_config({"sections": [{"title": "Planung", "questions": ["B1_prefill"]}]})
    with pytest.raises(ConfigError, match="B1_prefill sind Paradaten"):
        build_document(dataset, config)


def test_the_feedback_reports_compare_no_paradata(dataset):
    views = list(FeedbackBuilder(dataset).views("14511"))
    captions = " ".join(view.caption for view in views)
    assert "B1 " in captions
    assert "B1_prefill" not in captions and "Paradaten" not in captions


def test_workbook_and_spss_keep_paradata_with_their_note(dataset, tmp_path):
    workbook = tmp_path / "daten.xlsx"
    write_workbook(dataset, workbook)
    cells = [
        str(cell.value)
        for sheet in load_workbook(workbook, read_only=True)
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    assert "B1_prefill" in cells
    assert any(NOTE in cell for cell in cells)
    sav = tmp_path / "daten.sav"
    write_spss(dataset, sav)
    frame, meta = pyreadstat.read_sav(sav)
    assert list(frame["B1_prefill"]).count(1.0) == 9
    assert NOTE in meta.column_names_to_labels["B1_prefill"]
