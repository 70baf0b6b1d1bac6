import textwrap

import pytest

from surveyapp.questionnaire import (
    clean_hidden,
    failed_checks,
    load_questionnaire,
    visible_pages,
    visible_questions,
)
from surveyapp.questionnaire.codes import NO_ANSWER, NOT_SHOWN

FILTERED = textwrap.dedent(
    """\
    format: 1
    id: filter
    version: "1"
    title: Filter
    pages:
      - id: b
        title: Stand
        questions:
          - id: B1
            type: single
            text: "Gibt es eine Sozialplanung?"
            options: [{code: 1, label: ja}, {code: 2, label: im Aufbau}, {code: 3, label: nein}]
          - {id: B2, type: integer, text: "Seit wann?", show_if: "B1 in [1, 2]"}
      - id: c
        title: Verortung
        show_if: "B1 in [1, 2]"
        questions:
          - id: C1
            type: multiple
            text: "Wo?"
            options: [{code: 1, label: Stabsstelle}, {code: 2, label: Fachamt}]
            other: true
          - {id: C2, type: text, text: "Welches Fachamt?", show_if: "2 in C1"}
      - id: d
        title: Personal
        show_if: "answered(C2) or B1 == 3"
        questions:
          - {id: D1, type: decimal, text: Stellen}
          - id: D2
            type: decimal
            text: Befristet
            check: [{rule: "D2 <= D1", message: "Nicht mehr als alle Stellen."}]
    """
)


@pytest.fixture
def q():
    return load_questionnaire(FILTERED)


def ids(items):
    return [item.id for item in items]


def test_without_answers_only_unfiltered_pages_are_shown(q):
    assert ids(visible_pages(q, {})) == ["b"]


def test_kommune_without_sozialplanung_skips_the_planning_pages(q):
    assert ids(visible_pages(q, {"B1": 3})) == ["b", "d"]
    assert ids(visible_pages(q, {"B1": 1})) == ["b", "c"]


def test_question_filter_shows_a_follow_up_only_when_it_applies(q):
    page = q.page("c")
    assert ids(visible_questions(page, {"C1_1": 1, "C1_2": 0})) == ["C1"]
    assert ids(visible_questions(page, {"C1_1": 1, "C1_2": 1})) == ["C1", "C2"]


def test_changing_an_earlier_answer_discards_the_now_hidden_answers(q):
    answers = {"B1": 3, "B2": 2015, "C1_1": 1, "C1_2": 1, "C1_99": 0, "C2": "Jugendamt"}
    cleaned = clean_hidden(q, answers)
    assert cleaned["B2"] == NOT_SHOWN
    assert [cleaned[v] for v in ("C1_1", "C1_2", "C1_99", "C1_other", "C2")] == [NOT_SHOWN] * 5
    assert answers["B2"] == 2015, "the caller's answers are not changed"


def test_a_later_filter_sees_the_earlier_cleaning(q):
    # C2 is still answered in the stored data, but page c is hidden, so page d must not
    # count it: it is shown only because B1 == 3, never because of a stale C2.
    answers = {"B1": 2, "C1_2": 1, "C2": "Jugendamt"}
    assert ids(visible_pages(q, answers)) == ["b", "c", "d"]
    assert ids(visible_pages(q, answers | {"B1": 1, "C1_2": 0})) == ["b", "c"]
    assert clean_hidden(q, answers | {"C1_2": 0})["D1"] == NOT_SHOWN


def test_answers_of_shown_questions_stay_as_given(q):
    answers = {"B1": 1, "B2": NO_ANSWER, "C1_1": 1, "C1_2": 0}
    cleaned = clean_hidden(q, answers)
    assert cleaned["B2"] == NO_ANSWER
    assert cleaned["C1_1"] == 1
    assert cleaned["C2"] == NOT_SHOWN


def test_a_check_fails_only_when_both_numbers_are_there(q):
    question = q.question("D2")
    assert failed_checks(question, {"D2": 3}) == []
    assert failed_checks(question, {"D1": 2.5, "D2": 2}) == []
    failed = failed_checks(question, {"D1": 2.5, "D2": 3})
    assert [str(c.message) for c in failed] == ["Nicht mehr als alle Stellen."]
