"""`python -m evaluation brief|feedback` from the database and from a cleaned workbook."""

from __future__ import annotations

from brief_helpers import pdf_text

from evaluation.__main__ import main
from evaluation.workbook import write_workbook


def test_brief_from_the_database_with_html_twin(stored_survey, tmp_path, capsys):
    url, slug = stored_survey
    pdf, html = tmp_path / "brief.pdf", tmp_path / "brief.html"
    assert main(["brief", "--db", url, "--survey", slug, "-o", str(pdf), "--html", str(html)]) == 0
    assert "14 von 16 Kommunen (88 %)" in pdf_text(pdf)
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "PDF geschrieben" in capsys.readouterr().err


def test_brief_and_feedback_from_a_workbook(brief_dataset, demo_config_path, tmp_path):
    book = tmp_path / "auswertung.xlsx"
    write_workbook(brief_dataset, book)
    pdf = tmp_path / "brief.pdf"
    args = ["--from-workbook", str(book)]
    assert main(["brief", *args, "--config", str(demo_config_path), "-o", str(pdf)]) == 0
    assert "14 von 50 Kommunen (28 %)" in pdf_text(pdf)
    report = tmp_path / "r.pdf"
    assert main(["feedback", *args, "--unit", "14511", "-o", str(report)]) == 0
    assert "Rückmeldebericht für Chemnitz, Stadt" in pdf_text(report)


def test_errors_are_one_german_line(tmp_path, capsys):
    config = tmp_path / "brief.yaml"
    config.write_text("titel: falsch\n", encoding="utf-8")
    code = main(["brief", "--survey", "x", "--config", str(config), "-o", str(tmp_path / "b.pdf")])
    assert code == 1
    assert capsys.readouterr().err.strip() == "Fehler: brief.yaml: unbekannter Schlüssel „titel“."
