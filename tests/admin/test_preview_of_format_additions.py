"""The researcher's preview of a questionnaire with the format's additions: each new type is
named in words, with its formula, its rows and columns, or its questions per entry."""

from __future__ import annotations

from pathlib import Path

from surveyapp.surveys.lifecycle import create_survey

QUESTIONNAIRES = Path(__file__).parents[1] / "questionnaire"


def test_the_preview_names_grids_rosters_and_rankings(admin_client):
    create_survey(QUESTIONNAIRES / "grid-module-d.yaml", "modul-d")
    create_survey(QUESTIONNAIRES / "roster-modules-e-g.yaml", "modul-e")
    grid = admin_client.get("/admin/befragungen/modul-d/vorschau").text
    assert "Raster (Zeilen × Spalten)" in grid
    assert "Sozialplanung, Bildungsmanagement" in grid and "Eigenmittel, ESF, Landesmittel" in grid
    roster = admin_client.get("/admin/befragungen/modul-e/vorschau").text
    assert "Roster (Fragen je Eintrag)" in roster and "je in E1 angekreuzter Option" in roster
    assert "bis zu 3, von den Befragten angelegt" in roster
    assert "Rangfolge" in roster and "(ganze Zahl; F_…_jahr)" in roster
