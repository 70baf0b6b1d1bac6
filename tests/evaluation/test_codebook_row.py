"""The codebook row: one constructor for the writer (surveyapp) and the reader (evaluation),
whose stored JSON keeps the shape existing surveys hold."""

from __future__ import annotations

import json

import pytest

from evaluation.codebook import SYSTEM_MISSING, Codebook, Variable
from evaluation.errors import EvaluationError

STORED_KEYS = [
    "name", "label", "question", "question_id", "page", "page_title", "type", "value_labels",
    "missing_codes", "group", "option_code", "item", "unit", "decimals", "measure", "scale_top",
    "formula",
    "paradata",
]  # fmt: skip


def test_a_row_is_stored_with_fixed_keys_in_a_fixed_order_and_string_codes():
    variable = Variable(name="B1", label="Stand", type="single", value_labels={1: "ja", 0: "nein"})
    row = variable.to_row()
    assert list(row) == STORED_KEYS
    assert row["value_labels"] == {"1": "ja", "0": "nein"}
    assert row["missing_codes"] == {"-77": "nicht gestellt (Filter)", "-88": "keine Antwort"}
    assert json.loads(json.dumps(row)) == row


def test_reading_a_stored_row_gives_the_variable_back():
    variable = Variable(
        name="H1_a",
        label="Wie eng?: Jugendamt",
        type="matrix",
        question="Wie eng?",
        question_id="H1",
        page="p2",
        page_title="Zusammenarbeit",
        value_labels={1: "gar nicht", 2: "eng"},
        missing_codes={-1: "weiß nicht", **SYSTEM_MISSING},
        group="H1",
        item="a",
        measure="ordinal",
    )
    assert Variable.from_row(variable.to_row()) == variable


def test_reading_adds_the_system_codes_a_row_lacks():
    row = {"name": "K1", "type": "boolean", "missing_codes": {"-1": "weiß nicht"}}
    assert dict(Variable.from_row(row).missing_codes) == {-1: "weiß nicht", **SYSTEM_MISSING}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Variable(name="", label="x", type="single"), "keinen Variablennamen"),
        (lambda: Variable(name="X", label="x", type="note"), "unbekannten Typ 'note'"),
        (lambda: Variable.from_row({"name": "X", "type": None}), "unbekannten Typ None"),
    ],
)
def test_a_row_that_is_not_a_variable_is_a_german_error(make, message):
    with pytest.raises(EvaluationError, match=message):
        make()


def test_questions_are_groups_for_options_and_items_and_names_otherwise():
    codebook = Codebook(
        [
            Variable(name="B1", label="B1", type="single"),
            Variable(name="B1_other", label="B1: Sonstiges", type="other", group="B1"),
            Variable(name="M1_1", label="M1: a", type="multiple", group="M1", option_code=1),
            Variable(name="M1_2", label="M1: b", type="multiple", group="M1", option_code=2),
            Variable(name="H1_a", label="H1: a", type="matrix", group="H1", item="a"),
            Variable(name="D1", label="D1", type="decimal"),
        ]
    )
    assert codebook.question_ids() == ["B1", "B1_other", "M1", "H1", "D1"]
    kinds = [codebook.kind(q) for q in codebook.question_ids()]
    assert kinds == ["single", "text", "multiple", "matrix", "numbers"]
