"""A question that pipes an earlier answer ("Seit {{F_1_jahr}} und bis {{G_1_titel}}?") has no
single respondent's answer in a published table: every output prints the placeholder as the
printed questionnaire does, "(Ihre Angabe zu F_1_jahr)", never the questionnaire file's braces."""

from __future__ import annotations

from dataclasses import replace

import pyreadstat
from brief_helpers import html_text, pdf_text
from openpyxl import load_workbook

from evaluation.codebook import Codebook
from evaluation.dataset import Dataset
from evaluation.outputs.stats_files import write_spss, write_stata
from evaluation.outputs.workbook import write_workbook
from evaluation.reports.brief.content import build_document
from evaluation.reports.feedback import FeedbackBuilder
from evaluation.reports.render.html import html_document
from evaluation.reports.render.pdf import pdf_bytes

G9 = "Seit (Ihre Angabe zu F_1_jahr) und bis (Ihre Angabe zu G_1_titel)?"
H2 = "Warum steht (Ihre Angabe zu H1_1) vorn?"


def test_the_brief_titles_its_tables_with_the_placeholders_read_neutrally(rosters, tmp_path):
    document = build_document(rosters)
    html = html_text(html_document(document))
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(pdf_bytes(document))
    printed = pdf_text(pdf)
    for text in (html, printed):
        assert "{{" not in text
    assert f"G9 {G9}" in html
    assert H2 in html
    assert "(Ihre Angabe zu F_1_jahr)" in printed


def test_the_workbook_prints_the_placeholders_read_neutrally(rosters, tmp_path):
    path = tmp_path / "rosters.xlsx"
    write_workbook(rosters, path)
    book = load_workbook(path, read_only=True)
    cells = [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    book.close()
    assert not [cell for cell in cells if "{{" in cell]
    assert any(G9 in cell for cell in cells)


def test_spss_and_stata_label_the_piped_question_neutrally(rosters, tmp_path):
    write_spss(rosters, tmp_path / "rosters.sav")
    write_stata(rosters, tmp_path / "rosters.dta")
    _, spss = pyreadstat.read_sav(str(tmp_path / "rosters.sav"), metadataonly=True)
    _, stata = pyreadstat.read_dta(str(tmp_path / "rosters.dta"), metadataonly=True)
    assert spss.column_names_to_labels["G9"] == G9
    assert stata.column_names_to_labels["H2"] == H2


def test_a_feedback_report_prints_the_placeholders_read_neutrally(rosters, tmp_path):
    """The feedback reports print no free text, so a tabulated question pipes here: which
    Fachplanungen there were before the year the Jugendhilfeplanung began."""
    piped = [
        replace(
            variable,
            question=variable.question.replace("gibt es?", "gab es vor {{F_1_jahr}}?"),
            label=variable.label.replace("gibt es?", "gab es vor {{F_1_jahr}}?"),
        )
        for variable in rosters.codebook
    ]
    dataset = Dataset(rosters.survey, Codebook(piped), rosters.data)
    target = tmp_path / "bericht.pdf"
    FeedbackBuilder(dataset).write("14500", target)
    printed = pdf_text(target)
    assert "{{" not in printed
    assert "Welche Fachplanungen gab es vor (Ihre Angabe zu F_1_jahr)?" in printed
