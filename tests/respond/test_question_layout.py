"""A question's layout (ids, labels, values of its options) is worked out once per question and
language and shared by every page that shows it."""

from __future__ import annotations

from surveyapp.questionnaire.model import (
    MatrixItem,
    Option,
    Question,
    QuestionType,
    Text,
)
from surveyapp.respond.views import layout_of


def _text(de: str, en: str) -> Text:
    return Text({"de": de, "en": en})


def _matrix() -> Question:
    return Question(
        "C1",
        QuestionType.MATRIX,
        _text("Wie?", "How?"),
        options=(
            Option(1, _text("gut <sehr>", "good")),
            Option(-1, _text("weiß nicht", "don't know"), missing=True),
        ),
        items=(MatrixItem("kita", _text("Kita", "Day care")),),
    )


def test_a_layout_is_made_once_per_question_and_language():
    question = _matrix()
    assert layout_of(question, "de") is layout_of(question, "de")
    assert layout_of(question, "en") is not layout_of(question, "de")
    assert layout_of(question, "en").columns[0].label == "good"


def test_an_equal_question_of_another_questionnaire_gets_its_own_layout():
    first, second = _matrix(), _matrix()
    assert layout_of(first, "de").question is first
    assert layout_of(second, "de").question is second


def test_the_matrix_cells_carry_their_ids_labels_and_escaped_text():
    layout = layout_of(_matrix(), "de")
    assert [c.id for c in layout.columns] == ["C1-col-1", "C1-col-2"]
    assert layout.columns[1].missing and not layout.columns[0].missing
    (row,) = layout.rows
    assert row.name == "C1_kita"
    assert [c.id for c in row.cells] == ["C1_kita-1", "C1_kita-m1"]
    assert row.cells[0].labelledby == "C1_kita-label C1-col-1"
    assert str(row.cells[0].label) == "gut &lt;sehr&gt;"
    assert [c.value for c in layout.substantive] == ["1"]
    assert [c.value for c in layout.separate] == ["-1"]
