"""Tables in the PDF: figures stay whole, wide tables are split by columns, captions stay with
their tables."""

from __future__ import annotations

import subprocess
from pathlib import Path

from brief_helpers import flat, pdf_text
from reportlab.platypus import Spacer

from evaluation.reports.model import TableRow, TableView
from evaluation.reports.render.pdf import build_pdf
from evaluation.reports.render.pdf_styles import brief_styles
from evaluation.reports.render.pdf_tables import table_flowables

SCALE = ("trifft voll zu", "trifft eher zu", "trifft eher nicht zu", "trifft gar nicht zu")
STATISTICS = ("Top-2", "Bottom-2", "Mittelwert", "Std.-Abw.", "Gültige n")
MISSING = ("weiß nicht", "keine Angabe", "keine Antwort")
LABEL = "Die Verwaltungsspitze unterstützt die Sozialplanung aktiv."


def _write(tmp_path: Path, flowables) -> Path:
    path = tmp_path / "tables.pdf"
    build_pdf(flowables, path, title="Tabellen", author="Test", subject="Tabellen")
    return path


def _page_text(path: Path, page: int) -> str:
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        check=True,
    )
    return flat(out.stdout.decode("utf-8"))


def _matrix() -> TableView:
    header = (*SCALE, *STATISTICS, *MISSING)
    cells = ("0,0", "0,0", "21,4", "78,6", "100,0", "0,0", "3,79", "0,43", "14", "0", "0", "0")
    return TableView(
        "I1 Wie sehr treffen die folgenden Aussagen auf Ihre Kommune zu?",
        "Aussage",
        header,
        (TableRow(LABEL, cells), TableRow("Gültige Antworten", cells, "total")),
        ("Basis: je Zeile die Spalte „Gültige n“.",),
    )


def test_a_table_too_wide_for_the_page_continues_below_with_its_row_labels(tmp_path):
    text = pdf_text(_write(tmp_path, table_flowables(_matrix(), brief_styles(), 31)))
    assert text.count("Tabelle 31:") == 1
    assert text.count(LABEL) == 2
    for word in ("trifft", "Mittelwert", "Std.-Abw.", "Gültige", "Antwort"):
        assert word in text
    assert text.count("100,0") == 2
    assert text.count("3,79") == 2
    assert "-0" not in text and ",-" not in text


def test_a_table_that_fits_stays_one_table(tmp_path):
    view = TableView(
        "I2 Berät ein Fachausschuss regelmäßig über die Sozialplanung?",
        "Antwort",
        ("Anzahl", "%", "Gültige %"),
        (TableRow("ja", ("3", "21,4", "21,4")), TableRow("nein", ("11", "78,6", "78,6"))),
    )
    text = pdf_text(_write(tmp_path, table_flowables(view, brief_styles(), 32)))
    assert text.count("Antwort") == 1
    assert "ja 3 21,4 21,4" in text


def test_a_caption_never_ends_a_page_without_its_table(tmp_path):
    almost_full = Spacer(1, 680)
    path = _write(tmp_path, [almost_full, *table_flowables(_matrix(), brief_styles(), 7)])
    assert "Tabelle 7" not in _page_text(path, 1)
    second = _page_text(path, 2)
    assert "Tabelle 7: I1 Wie sehr treffen" in second
    assert LABEL in second
