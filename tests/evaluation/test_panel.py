"""Panel data of a series: long and wide layouts in SPSS, Stata and the panel workbook, read
back; Eisenach's wave-1 answer filed under the Wartburgkreis and flagged as merged; one
codebook that marks what changed between waves."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pyreadstat
import pytest
from respondent import prefilled_questionnaire
from testsupport import FRAME

from evaluation.outputs.panel_workbook import write_panel_workbook
from evaluation.outputs.stats_files import stata_missing_letters, write_spss, write_stata
from evaluation.panel import CHANGED_MARK, Layout, Panel
from surveyapp.demo.answers import add_sample_responses
from surveyapp.extensions import db
from surveyapp.field.invitations import create_invitations, invitation_of
from surveyapp.field.next_wave import create_next_wave
from surveyapp.surveys import frame
from surveyapp.surveys.lifecycle import create_survey, questionnaire_of

EISENACH, WARTBURGKREIS, LEIPZIG = "16056", "16063", "14713"


@pytest.fixture
def panel(app, tmp_path: Path) -> Panel:  # noqa: ANN001
    """2019: Eisenach and Leipzig answered; 2024 (B1 reworded, an option of A1 renamed, B4 a
    decimal instead of an integer, the frame of today, without Eisenach): the Wartburgkreis and
    Leipzig answered."""
    source = prefilled_questionnaire(tmp_path)
    first = create_survey(source, "welle-2019", date(2019, 7, 1), date(2019, 8, 31))
    frame.import_file(FRAME, first)
    create_invitations(first)
    add_sample_responses(
        questionnaire_of(first), [invitation_of(first, k) for k in (EISENACH, LEIPZIG)], 2
    )
    newer = (
        source.read_text(encoding="utf-8")
        .replace(
            "Gibt es in Ihrer Verwaltung eine integrierte Sozialplanung?",
            "Gibt es in Ihrer Verwaltung eine integrierte Sozialplanung (Stand 2024)?",
        )
        .replace('de: "Planungskoordination"', 'de: "Planungs- und Sozialraumkoordination"')
        .replace(
            "      - id: B4\n        type: integer\n",
            "      - id: B4\n        type: decimal\n        decimals: 1\n",
        )
    )
    assert "Sozialraumkoordination" in newer and "type: decimal" in newer
    reference = frame.read_file(FRAME.open("rb"), FRAME.name)
    second = create_next_wave(
        first, "welle-2024", questionnaire=("neu.yaml", newer.encode()), frame_file=reference
    ).survey
    assert EISENACH not in frame.members(second)
    add_sample_responses(
        questionnaire_of(second),
        [invitation_of(second, k) for k in (WARTBURGKREIS, LEIPZIG)],
        2,
        seed=2024,
    )
    return Panel.from_database(db.engine, "welle-2024")


def _eisenach_answer(panel: Panel, name: str) -> float:
    data = panel.waves[0][1].data
    return data.loc[EISENACH, name]


def test_the_long_layout_files_eisenach_under_the_wartburgkreis(panel):  # noqa: ANN001
    long = panel.long().data
    keys = list(zip(long["ags"], long["wave"], long["ags_original"], strict=True))
    assert keys == [
        (LEIPZIG, 1.0, LEIPZIG),
        (LEIPZIG, 2.0, LEIPZIG),
        (WARTBURGKREIS, 1.0, EISENACH),
        (WARTBURGKREIS, 2.0, WARTBURGKREIS),
    ]
    assert list(long["merged"]) == [0.0, 0.0, 1.0, 0.0]
    merged = long[long["merged"] == 1.0].iloc[0]
    assert merged["name"] == "Wartburgkreis"
    assert merged["B1"] == _eisenach_answer(panel, "B1")


def test_the_wide_layout_has_one_row_per_unit_and_a_column_per_wave(panel):  # noqa: ANN001
    wide = panel.wide().data.set_index("ags")
    assert list(wide.index) == [LEIPZIG, WARTBURGKREIS]
    assert {"B1_w1", "B1_w2", "A2_w1", "A2_w2", "B1_prefill_w2"} <= set(wide.columns)
    assert wide.loc[WARTBURGKREIS, "merged"] == 1.0
    assert wide.loc[LEIPZIG, "merged"] == 0.0
    assert wide.loc[WARTBURGKREIS, "B1_w1"] == _eisenach_answer(panel, "B1")


def test_the_codebook_marks_what_changed_between_waves(panel):  # noqa: ANN001
    changes = panel.variable_changes()
    assert changes["B1"].notes == ("Fragetext geändert in Welle 2",)
    assert not changes["A2"].changed
    assert changes["B1"].waves == (1, 2)
    long = panel.long().codebook
    assert long["B1"].label.startswith(CHANGED_MARK)
    assert not long["A2"].label.startswith(CHANGED_MARK)


def test_the_codebook_flags_changed_options_and_a_changed_type(panel, tmp_path):  # noqa: ANN001
    changes = panel.variable_changes()
    assert changes["A1"].notes == ("Antwortoptionen geändert in Welle 2",)
    assert changes["B4"].notes == ("Fragetyp geändert in Welle 2",)
    path = tmp_path / "panel.xlsx"
    write_panel_workbook(panel, path)
    sheet = openpyxl.load_workbook(path, read_only=True)["Codebuch"]
    codebook = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert codebook["A1"][4] == "Antwortoptionen geändert in Welle 2"
    assert codebook["B4"][4] == "Fragetyp geändert in Welle 2"
    wide = panel.wide().codebook
    assert wide["A1_w2"].label.startswith(CHANGED_MARK)
    assert wide["B4_w1"].label.startswith(CHANGED_MARK)


def _as_written(value: object, text: bool, letters: dict[int, str] | None) -> object:
    """A layout's cell as the file should hold it: no answer empty, a text variable's missing
    code as its digits, and in Stata a number's missing code as its extended missing letter."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if text and isinstance(value, int | float):
        return str(int(value))
    if letters is not None and isinstance(value, int | float) and value in letters:
        return letters[int(value)]
    return value


def _as_read(value: object) -> object:
    if value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _cells_differ(layout: Layout, back: pd.DataFrame, letters: dict[int, str] | None) -> list:
    """Every cell of the layout that the file does not give back, as (row, column, cell, read)."""
    expected = layout.data.reset_index(drop=True)
    assert list(back.columns) == list(expected.columns)
    assert len(back) == len(expected)
    text = {v.name for v in layout.codebook if not v.is_numeric}
    return [
        (row, name, expected.at[row, name], back.at[row, name])
        for name in expected.columns
        for row in range(len(expected))
        if _as_read(back.at[row, name])
        != _as_written(expected.at[row, name], name in text, letters)
    ]


def test_every_cell_of_both_layouts_reads_back_from_spss_and_stata(panel, tmp_path):  # noqa: ANN001
    for name, layout in (("lang", panel.long()), ("breit", panel.wide())):
        sav, dta = tmp_path / f"panel-{name}.sav", tmp_path / f"panel-{name}.dta"
        write_spss(layout, sav)
        write_stata(layout, dta)
        spss, _ = pyreadstat.read_sav(str(sav), user_missing=True)
        stata, _ = pyreadstat.read_dta(str(dta), user_missing=True)
        assert spss.size == layout.data.size > 0
        assert _cells_differ(layout, spss, None) == [], name
        assert _cells_differ(layout, stata, stata_missing_letters(layout)) == [], name


def test_spss_and_stata_files_read_back_as_the_layouts(panel, tmp_path):  # noqa: ANN001
    for name, layout in (("lang", panel.long()), ("breit", panel.wide())):
        sav, dta = tmp_path / f"panel-{name}.sav", tmp_path / f"panel-{name}.dta"
        write_spss(layout, sav)
        write_stata(layout, dta)
        spss, meta = pyreadstat.read_sav(str(sav), user_missing=True)
        stata, _ = pyreadstat.read_dta(str(dta))
        for back in (spss, stata):
            assert list(back.columns) == list(layout.data.columns)
            assert list(back["ags"]) == list(layout.data["ags"])
            assert list(back["merged"]) == list(layout.data["merged"])
        assert meta.column_names_to_labels["merged"].startswith("Antwort einer Kommune")
    long_back, _ = pyreadstat.read_sav(str(tmp_path / "panel-lang.sav"))
    assert list(long_back["wave"]) == [1.0, 2.0, 1.0, 2.0]
    assert list(long_back["ags_original"]) == [LEIPZIG, LEIPZIG, EISENACH, WARTBURGKREIS]
    wide_back, _ = pyreadstat.read_dta(str(tmp_path / "panel-breit.dta"))
    assert wide_back.loc[1, "B1_w1"] == _eisenach_answer(panel, "B1")


def test_the_panel_workbook_has_codebook_and_both_layouts(panel, tmp_path):  # noqa: ANN001
    path = tmp_path / "panel.xlsx"
    write_panel_workbook(panel, path)
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == ["Info", "Codebuch", "Daten_lang", "Daten_breit"]
    codebook = {row[0]: row for row in book["Codebuch"].iter_rows(min_row=3, values_only=True)}
    assert codebook["B1"][4] == "Fragetext geändert in Welle 2"
    info = [row for row in book["Info"].iter_rows(values_only=True)]
    assert (None, EISENACH, WARTBURGKREIS, "01.07.2021") in [tuple(r[:4]) for r in info]
    long = list(book["Daten_lang"].iter_rows(values_only=True))
    assert long[0][:1] == ("ags",) and len(long) == 5
    wide = list(book["Daten_breit"].iter_rows(values_only=True))
    assert "B1_w2" in wide[0] and len(wide) == 3


def test_the_command_line_writes_the_panel(panel, tmp_path, database_url):  # noqa: ANN001
    from evaluation.cli import main

    target = tmp_path / "panel-breit.dta"
    status = main(
        ["panel", "--db", database_url, "--survey", "welle-2019", "--format", "stata"]
        + ["--layout", "breit", "-o", str(target)]
    )
    assert status == 0
    data, _ = pyreadstat.read_dta(str(target))
    assert list(data["ags"]) == [LEIPZIG, WARTBURGKREIS]
