"""A follow-up's base is the sum of the answers that trigger it: the brief must not let a reader
subtract it from the filter question's total."""

from __future__ import annotations

from brief_data import make_brief_dataset
from integer_attacker import recovered

from evaluation.dataset import Dataset
from evaluation.disclosure import DEFAULT_RULE
from evaluation.reader import filter_relations
from evaluation.reports.published import Published
from evaluation.tables.table import FigureId

NOT_SHOWN = -77.0


def _filtered() -> Dataset:
    """Six Kommunen reach page F (B1 1 or 2); F1 splits them 2 / 2 / 2; F2 asked if F1 in
    [1, 2]: its base 4 with F1's valid 6 gives "nein" = 2."""
    dataset = make_brief_dataset()
    data = dataset.data.copy()
    data["B1"] = [1.0] * 3 + [2.0] * 3 + [3.0] * 4 + [4.0] * 4
    data["F1"] = [1.0, 1.0, 2.0, 2.0, 3.0, 3.0] + [NOT_SHOWN] * 8
    data["F2"] = [4.0, 5.0, 6.0, 7.0] + [NOT_SHOWN] * 10
    return Dataset(dataset.survey, dataset.codebook, data)


READER = [
    (FigureId("F1", "count", 1), FigureId("F1", "count", 2), FigureId("F2", "shown")),
    (FigureId("B1", "count", 1), FigureId("B1", "count", 2), FigureId("F1", "shown")),
]


def test_the_follow_up_base_is_read_as_the_sum_of_the_triggering_answers():
    dataset = _filtered()
    relations = filter_relations(dataset, [Published(dataset, DEFAULT_RULE).get("F2")]).relations
    assert READER[0] in relations


def test_a_filter_question_cannot_be_worked_out_from_its_follow_up_base():
    dataset = _filtered()
    published = Published(dataset, DEFAULT_RULE)
    f1 = published.get("F1")
    assert f1.cell("nein", "Anzahl").suppressed
    assert recovered(published.all(), READER, published.unsuppressed()) == {}
