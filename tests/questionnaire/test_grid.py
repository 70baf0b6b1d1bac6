"""Grids in the YAML format: module D's staff by planning area and funding source, cells as
variables of their own, totals per row and column that a check holds against D1."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from surveyapp.questionnaire import QuestionnaireInvalid, build_codebook
from surveyapp.questionnaire.codes import NO_ANSWER, NOT_SHOWN
from surveyapp.questionnaire.journey import completed
from surveyapp.questionnaire.loading.schema import build_questionnaire
from surveyapp.questionnaire.routing import failed_checks

MODULE_D = yaml.safe_load((Path(__file__).parent / "grid-module-d.yaml").read_text("utf-8"))


def build(changes=None):
    data = copy.deepcopy(MODULE_D)
    if changes:
        changes(data["pages"][0]["questions"][1])
    return build_questionnaire(data, {})


def problems_of(changes) -> str:
    with pytest.raises(QuestionnaireInvalid) as raised:
        build(changes)
    return str(raised.value)


def test_each_cell_is_a_variable_named_by_row_and_column_then_the_totals():
    assert build().question("D5").variables() == [
        "D5_sozial_eigen", "D5_sozial_esf", "D5_sozial_land",
        "D5_bildung_eigen", "D5_bildung_esf", "D5_bildung_land",
        "D5_sozial_sum", "D5_bildung_sum",
        "D5_sum_eigen", "D5_sum_esf", "D5_sum_land",
        "D5_sum",
    ]  # fmt: skip


def test_the_totals_add_up_the_answered_cells_and_a_filter_can_use_them():
    answers = completed(build(), {"D1": 3.0, "D5_sozial_eigen": 1.5, "D5_sozial_esf": 0.5})
    assert (answers["D5_sozial_sum"], answers["D5_bildung_sum"]) == (2, NO_ANSWER)
    assert (answers["D5_sum_eigen"], answers["D5_sum_esf"], answers["D5_sum"]) == (1.5, 0.5, 2)
    assert answers["D5_bildung_land"] == NO_ANSWER
    assert answers["D6_sozial_ende"] == NO_ANSWER
    without_esf = completed(build(), {"D5_sozial_eigen": 1.0})
    assert without_esf["D6_sozial_ende"] == NOT_SHOWN


def test_the_total_is_checked_against_d1():
    q = build()
    grid = q.question("D5")
    wrong = completed(q, {"D1": 3.0, "D5_sozial_eigen": 1.5})
    assert [c.message.get() for c in failed_checks(grid, wrong)] == [
        "Die Summe der Tabelle muss den Stellen insgesamt (D1) entsprechen."
    ]
    right = completed(q, {"D1": 3.0, "D5_sozial_eigen": 1.5, "D5_bildung_land": 1.5})
    assert failed_checks(grid, right) == []


def test_the_codebook_labels_each_cell_by_row_and_column_and_gives_the_totals_formulas():
    rows = {row["name"]: row for row in build_codebook(build())}
    cell = rows["D5_bildung_esf"]
    assert cell["label"] == (
        "Wie verteilen sich diese Stellen auf die Finanzierung?: Bildungsmanagement – ESF"
    )
    assert (cell["type"], cell["unit"], cell["decimals"], cell["question_id"]) == (
        "decimal",
        "VZÄ",
        1,
        "D5",
    )
    assert rows["D5_sum_esf"]["formula"] == "D5_sozial_esf + D5_bildung_esf"
    assert rows["D5_sum_esf"]["label"].endswith("Summe ESF")
    assert rows["D6_sozial_ende"]["value_labels"] == {"1": "ja", "2": "nein"}
    english = {row["name"]: row for row in build_codebook(build(), "en")}
    assert english["D5_sozial_sum"]["label"] == "How are these posts funded?: Total Social planning"


def test_a_cell_type_the_grid_cannot_hold_is_refused():
    def boolean(grid):
        grid["cell"] = "boolean"

    assert "cell muss integer, decimal, text, single sein" in problems_of(boolean)


def test_totals_need_number_cells_and_a_row_cannot_be_called_sum():
    def text(grid):
        grid["cell"] = "text"
        del grid["min"], grid["max"], grid["decimals"], grid["unit"]

    assert "'totals' gibt es nur bei Rastern mit cell: integer, decimal" in problems_of(text)

    def named_sum(grid):
        grid["rows"][0]["id"] = "sum"

    assert "Die ID 'sum' ist den Summen eines Rasters vorbehalten" in problems_of(named_sum)


def test_a_condition_names_a_cell_not_the_whole_grid():
    def whole(grid):
        grid["check"][0]["rule"] = "D5 == 1"

    assert "D5 ist ein Raster: nennen Sie eine Zelle wie D5_sozial_eigen" in problems_of(whole)
