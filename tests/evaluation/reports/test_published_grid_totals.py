"""A grid's totals are printed beside its cells: the brief must not let a reader work out a
withheld cell as the total minus the cells beside it."""

from __future__ import annotations

from pathlib import Path

import yaml
from answered_data import answered_dataset
from integer_attacker import recovered

from evaluation.dataset import Dataset
from evaluation.disclosure import DEFAULT_RULE, Disclosure
from evaluation.reader import filter_relations, sum_relations
from evaluation.reports.published import Published
from evaluation.tables.table import FigureId
from surveyapp.questionnaire.loading.schema import build_questionnaire

MODULE_D = Path(__file__).parents[2] / "questionnaire" / "grid-module-d.yaml"
UNITS = [
    (f"145{i:02d}", f"Kommune {i}", "Sachsen", "Landkreis" if i % 2 else "kreisfreie Stadt", 1)
    for i in range(10)
]


def _grid() -> Dataset:
    """Ten Kommunen fund Bildungsmanagement from their own funds and the ESF; two of them from
    Landesmittel too, so that cell's sum rests on two Kommunen and is withheld."""
    answers = []
    for i in range(len(UNITS)):
        given = {
            "D5_sozial_eigen": 1.0 + i,
            "D5_sozial_esf": 0.5,
            "D5_sozial_land": 1.0,
            "D5_bildung_eigen": 2.0,
            "D5_bildung_esf": 0.5 * (i % 3),
        }
        if i < 2:
            given["D5_bildung_land"] = 1.5 + i
        given["D1"] = sum(given.values())
        answers.append(given)
    q = build_questionnaire(yaml.safe_load(MODULE_D.read_text("utf-8")), {})
    return answered_dataset(q, UNITS, answers)


def _sum(name: str) -> FigureId:
    return FigureId(name, "sum")


CELLS = [
    f"D5_{row}_{column}" for row in ("sozial", "bildung") for column in ("eigen", "esf", "land")
]
#: What the questionnaire tells every reader: each total is the sum of its cells.
READER = [
    *(
        (*(_sum(f"D5_{row}_{c}") for c in ("eigen", "esf", "land")), _sum(f"D5_{row}_sum"))
        for row in ("sozial", "bildung")
    ),
    *(
        (_sum(f"D5_sozial_{column}"), _sum(f"D5_bildung_{column}"), _sum(f"D5_sum_{column}"))
        for column in ("eigen", "esf", "land")
    ),
    (*map(_sum, CELLS), _sum("D5_sum")),
]


def test_the_totals_are_read_as_the_sums_of_their_cells():
    dataset = _grid()
    tables = Published(dataset, DEFAULT_RULE).all()
    assert set(READER) <= set(sum_relations(dataset, tables).relations)


def test_a_withheld_grid_cell_cannot_be_worked_out_from_the_totals_printed_beside_it():
    dataset = _grid()
    published = Published(dataset, DEFAULT_RULE)
    small = published.get("D5_bildung_land")
    assert small.cell("Summe", "Wert").suppressed
    assert small.cell("Mittelwert", "Wert").suppressed
    row = [published.get(f"D5_bildung_{c}").cell("Summe", "Wert") for c in ("eigen", "esf")]
    assert any(cell.suppressed for cell in row)
    assert not published.get("D5_bildung_sum").cell("Summe", "Wert").suppressed
    found = recovered(published.all(), READER, published.unsuppressed())
    assert not {figure for figure in found if getattr(figure, "variable", "") in CELLS}


def test_without_the_sums_the_attacker_would_find_the_withheld_cell():
    dataset = _grid()
    tables = Published(dataset, DEFAULT_RULE).unsuppressed()
    blind = Disclosure(tables, DEFAULT_RULE, hidden=[filter_relations(dataset, tables)])
    assert _sum("D5_bildung_land") in recovered(list(blind.tables), READER)
