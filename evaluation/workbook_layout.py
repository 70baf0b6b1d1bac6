"""The researcher workbook's layout: its sheets and the headers its writer
(`evaluation.outputs.workbook`) puts in and its reader (`evaluation.sources.workbook`) looks for.

Kept apart from both so reading a workbook needs nothing of the tables the writer adds.
"""

from __future__ import annotations

SHEETS = ("Info", "Codebuch", "Daten_Codes", "Daten_Labels", "Tabellen", "Freitext")
CODEBOOK_HEADER = {
    "name": "Variable",
    "label": "Label",
    "question": "Frage",
    "question_id": "Frage-ID",
    "page": "Seite",
    "type": "Typ",
    "value_labels": "Wertelabels",
    "missing_codes": "Fehlende Werte",
    "group": "Gruppe",
    "option_code": "Optionscode",
    "item": "Item",
    "unit": "Einheit",
    "decimals": "Dezimalstellen",
    "measure": "Messniveau",
    "page_title": "Seitentitel",
    "scale_top": "Skalenspitze",
    "formula": "Formel",
}
#: Columns a workbook written by an earlier version may lack.
OPTIONAL_CODEBOOK_COLUMNS = {"page_title", "scale_top", "formula"}
INFO_KEYS = {
    "title": "Umfrage",
    "slug": "Kennung",
    "questionnaire_id": "Fragebogen",
    "questionnaire_version": "Fragebogenversion",
    "opens_on": "Feldphase Beginn",
    "closes_on": "Feldphase Ende",
}
RESPONSE_HEADER = ("Land", "Typ", "Grundgesamtheit", "Eingeladen", "Abgeschlossen")
RESPONSE_TITLE = "Rücklauf nach Land und Typ"
FREITEXT_HEADER = ("Variable", "Frage", "AGS", "Kommune", "Text")
#: A roster's long sheet („Roster_F“): one row per unit and item asked, then its questions.
ROSTER_HEADER = ("AGS", "Kommune", "Eintrag", "Eintrag (Label)")
ROSTER_SHEET = "Roster_{}"
