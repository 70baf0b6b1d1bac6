"""The PDF brief says what the data say, in German, and looks right on every page."""

from __future__ import annotations

import subprocess

import pytest
from brief_helpers import pdf_text

from evaluation.reports.brief.config import load_config
from evaluation.reports.brief.content import build_document
from evaluation.reports.render.pdf import pdf_bytes, write_pdf


@pytest.fixture(scope="module")
def demo_document(brief_dataset, demo_config_path):
    return build_document(brief_dataset, load_config(demo_config_path))


@pytest.fixture(scope="module")
def demo_pdf(demo_document, tmp_path_factory):
    path = tmp_path_factory.mktemp("brief") / "brief.pdf"
    write_pdf(demo_document, path)
    return path


def test_cover_and_method_box_state_the_response_with_its_base(demo_pdf, brief_dataset):
    text = pdf_text(demo_pdf)
    assert "Integrierte Sozialplanung und Bildung in Kommunen" in text
    established = int(brief_dataset.data["B1"].isin([1, 2]).sum())
    assert (
        f"{established} von 14 Kommunen ({round(100 * established / 14)} %) haben eine "
        "integrierte Sozialplanung etabliert oder bauen sie auf." in text
    )
    assert "15.11.2019" in text
    assert "01.07.2019 bis 31.08.2019" in text
    assert "14 von 50 Kommunen (28 %), davon 9 Landkreise und 5 kreisfreie Städte" in text


def test_sections_lead_with_a_figure_and_its_base(demo_pdf, brief_dataset):
    text = pdf_text(demo_pdf)
    b1 = brief_dataset.data["B1"]
    yes = int((b1 == 1).sum())
    assert (
        f"{yes} von 14 Kommunen ({round(100 * yes / 14)} %) antworteten auf die Frage "
        "„Gibt es in Ihrer Verwaltung eine integrierte Sozialplanung?“ mit „ja, etabliert“"
    ) in text
    assert "Mehrfachnennungen möglich" in text
    assert "Stand der integrierten Sozialplanung" in text
    assert "Abbildung 1: B1" in text
    assert "Grenzen der Aussagekraft und Anonymität" in text
    assert "Anhang: alle Tabellen" in text
    assert "Seite 1 von" in text


def test_metadata_title_author_subject_and_language(demo_pdf):
    info = subprocess.run(["pdfinfo", str(demo_pdf)], capture_output=True, text=True).stdout
    assert "Title:           Integrierte Sozialplanung und Bildung in Kommunen" in info
    assert "Author:          Transferagentur Mitteldeutschland" in info
    assert "Subject:         Ergebnisse der Befragung 2019" in info
    assert b"/Lang (de-DE)" in demo_pdf.read_bytes()


def test_same_inputs_give_identical_bytes(brief_dataset, demo_config_path):
    config = load_config(demo_config_path)
    first = pdf_bytes(build_document(brief_dataset, config))
    second = pdf_bytes(build_document(brief_dataset, config))
    assert first == second


def test_pages_render_to_png(demo_pdf, tmp_path):
    """Visual smoke test: the first pages rasterise and are not blank."""
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "4", str(demo_pdf), str(tmp_path / "p")],
        check=True,
    )
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == 4
    assert all(page.stat().st_size > 5_000 for page in pages)


def test_without_config_a_brief_is_built_from_the_pages(brief_dataset, tmp_path):
    document = build_document(brief_dataset)
    assert document.sections[0].title == "Angaben zur ausfüllenden Stelle"
    assert "Stand der Sozialplanung" in [section.title for section in document.sections]
    path = tmp_path / "auto.pdf"
    write_pdf(document, path)
    assert "14 von 50 Kommunen (28 %) haben sich an der Befragung beteiligt." in pdf_text(path)
