"""The new variables of the format (grid cells, grid totals, calculated values) through the
researcher workbook, SPSS and Stata: read back with the same values, labels, missing codes
and formulas."""

from __future__ import annotations

import copy
from pathlib import Path

import pyreadstat
import pytest
import yaml
from answered_data import answered_dataset
from openpyxl import load_workbook

from evaluation.dataset import Dataset
from evaluation.outputs.stats_files import write_spss, write_stata
from evaluation.outputs.workbook import write_workbook
from surveyapp.questionnaire.loading.schema import build_questionnaire

MODULE_D = Path(__file__).parents[2] / "questionnaire" / "grid-module-d.yaml"
UNITS = [
    ("14521", "Erzgebirgskreis", "Sachsen", "Landkreis", 330000),
    ("14522", "Mittelsachsen", "Sachsen", "Landkreis", 300000),
    ("14612", "Dresden", "Sachsen", "kreisfreie Stadt", 560000),
]
ANSWERS = [
    {"D1": 3.0, "D5_sozial_eigen": 1.5, "D5_sozial_esf": 0.5, "D5_bildung_land": 1.0},
    {"D1": 1.0, "D5_bildung_eigen": 1.0},
    {"D1": 2.5, "D5_sozial_esf": 2.5, "D6_sozial_ende": 1, "E1": "läuft 2027 aus"},
]


def questionnaire():
    data = yaml.safe_load(MODULE_D.read_text("utf-8"))
    data = copy.deepcopy(data)
    data["pages"][0]["questions"].insert(
        2,
        {
            "id": "D2",
            "type": "calculate",
            "text": "Anteil Sozialplanung",
            "formula": "D5_sozial_sum / D1 * 100",
            "decimals": 1,
            "unit": "%",
        },
    )
    return build_questionnaire(data, {})


@pytest.fixture
def grid_dataset() -> Dataset:
    return answered_dataset(questionnaire(), UNITS, ANSWERS)


def test_the_workbook_gives_back_cells_totals_and_calculated_values(grid_dataset, tmp_path):
    path = tmp_path / "modul-d.xlsx"
    write_workbook(grid_dataset, path)
    back = Dataset.from_workbook(path)
    assert back.codebook == grid_dataset.codebook
    assert back.codebook["D5_sum_esf"].formula == "D5_sozial_esf + D5_bildung_esf"
    assert back.codebook["D2"].formula == "D5_sozial_sum / D1 * 100"
    by_ags = back.data.set_index("ags")
    assert by_ags.loc["14521", "D5_sozial_sum"] == 2
    assert by_ags.loc["14521", "D2"] == pytest.approx(66.7)
    assert by_ags.loc["14522", "D5_sozial_sum"] == -88
    assert (by_ags.loc["14521", "D6_sozial_ende"], by_ags.loc["14522", "D6_sozial_ende"]) == (
        -88,
        -77,
    )
    assert by_ags.loc["14612", "E1"] == "läuft 2027 aus"
    assert back.data[grid_dataset.codebook.names].equals(
        grid_dataset.data[grid_dataset.codebook.names]
    )


def test_spss_keeps_the_grid_s_labels_measures_and_missing_codes(grid_dataset, tmp_path):
    path = tmp_path / "modul-d.sav"
    write_spss(grid_dataset, path)
    data, meta = pyreadstat.read_sav(str(path), user_missing=True)
    assert meta.column_names_to_labels["D5_bildung_esf"] == (
        "Wie verteilen sich diese Stellen auf die Finanzierung?: Bildungsmanagement – ESF"
    )
    assert meta.variable_measure["D5_sum"] == "scale"
    assert meta.variable_measure["D2"] == "scale"
    assert meta.variable_value_labels["D6_sozial_ende"][1.0] == "ja"
    assert data["D5_sum"].tolist() == [3, 1, 2.5]
    assert data["D6_sozial_ende"].tolist() == [-88, -77, 1]
    as_spss_sees_it, _ = pyreadstat.read_sav(str(path))
    assert as_spss_sees_it["D5_sozial_sum"].sum() == pytest.approx(4.5)
    assert as_spss_sees_it["D5_sozial_sum"].count() == 2


def test_stata_writes_the_missing_totals_as_extended_missing_values(grid_dataset, tmp_path):
    path = tmp_path / "modul-d.dta"
    write_stata(grid_dataset, path)
    data, meta = pyreadstat.read_dta(str(path), user_missing=True)
    assert data["D5_sozial_sum"].tolist() == [2, "a", 2.5]
    assert data["D2"].tolist() == [pytest.approx(66.7), "a", 100]
    assert data["D6_sozial_ende"].tolist() == ["a", "b", 1]
    assert meta.column_names_to_labels["D5_sum_land"].endswith("Summe Landesmittel")


ROSTERS = Path(__file__).parents[2] / "questionnaire" / "roster-modules-e-g.yaml"
ROSTER_ANSWERS = [
    {"E1_1": 1, "E1_3": 1, "F_1_integriert": 1, "F_1_rolle": 1, "F_1_jahr": 2015, "F_3_jahr": 2020},
    {"E1_2": 1, "F_2_rolle": 2, "G_1_titel": "Sozialbericht", "G_1_jahr": 2021},
    {"G_1_titel": "Bildungsbericht", "G_2_titel": "Pflegebericht", "G_2_jahr": 2019},
]


@pytest.fixture
def roster_dataset() -> Dataset:
    q = build_questionnaire(yaml.safe_load(ROSTERS.read_text("utf-8")), {})
    answers = [{"E1_1": 0, "E1_2": 0, "E1_3": 0, **a} for a in ROSTER_ANSWERS]
    return answered_dataset(q, UNITS, answers, frame=False)


def test_the_workbook_has_a_long_sheet_per_roster_with_a_row_per_item_asked(
    roster_dataset, tmp_path
):
    path = tmp_path / "modul-e.xlsx"
    write_workbook(roster_dataset, path)
    book = load_workbook(path, read_only=True)
    assert book.sheetnames[-2:] == ["Roster_F", "Roster_G"]
    rows = list(book["Roster_F"].iter_rows(min_row=2, values_only=True))
    assert rows[0] == (
        "AGS",
        "Kommune",
        "Eintrag",
        "Eintrag (Label)",
        "integriert",
        "rolle",
        "jahr",
    )
    assert rows[1:] == [
        ("14521", "Erzgebirgskreis", "1", "Jugendhilfeplanung", 1, 1, 2015),
        ("14521", "Erzgebirgskreis", "3", "Altenhilfeplanung", -88, -88, 2020),
        ("14522", "Mittelsachsen", "2", "Schulentwicklungsplanung", -88, 2, -88),
    ]
    reports = list(book["Roster_G"].iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[2], r[4], r[5]) for r in reports] == [
        ("14522", "1", "Sozialbericht", 2021),
        ("14612", "1", "Bildungsbericht", -88),
        ("14612", "2", "Pflegebericht", 2019),
    ]
    book.close()
    back = Dataset.from_workbook(path)
    assert back.codebook == roster_dataset.codebook
    assert back.data.set_index("ags").loc["14612", "G_2_titel"] == "Pflegebericht"


def test_spss_and_stata_keep_the_roster_s_variables(roster_dataset, tmp_path):
    write_spss(roster_dataset, tmp_path / "modul-e.sav")
    data, meta = pyreadstat.read_sav(str(tmp_path / "modul-e.sav"), user_missing=True)
    assert data["F_1_jahr"].tolist() == [2015, -77, -77]
    assert meta.variable_value_labels["F_2_rolle"][2.0] == "beteiligt"
    write_stata(roster_dataset, tmp_path / "modul-e.dta")
    stata, _ = pyreadstat.read_dta(str(tmp_path / "modul-e.dta"), user_missing=True)
    assert stata["F_2_rolle"].tolist() == ["b", 2, "b"]
