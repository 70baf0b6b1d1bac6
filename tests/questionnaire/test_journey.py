"""The route through the demo questionnaire, and the codes a response is stored with."""

from pathlib import Path

import pytest

from surveyapp.questionnaire import load_questionnaire
from surveyapp.questionnaire.codes import NO_ANSWER, NOT_SHOWN
from surveyapp.questionnaire.journey import OVERVIEW, Step, completed, journey, with_missing_codes

DEMO = Path(__file__).parents[2] / "surveyapp" / "data" / "demo-questionnaire.yaml"


@pytest.fixture(scope="module")
def demo():
    return load_questionnaire(DEMO)


def test_a_kommune_without_sozialplanung_skips_to_education(demo):
    route = journey(demo, {"A1": 1, "B1": 4})
    assert route.first_page() == "a"
    assert route.next_page("b") == "k" and route.previous_page("k") == "b"
    assert route.previous_page("a") is None and route.next_page("n") == OVERVIEW
    assert route.step("k") == Step(3, 5) and route.step("c") == Step(0, 5)
    assert not route.is_visible("c")


def test_a_hidden_page_leads_on_to_the_next_visible_one(demo):
    assert journey(demo, {"B1": 4}).next_page("c") == "k"


def test_shown_and_empty_is_no_answer_hidden_is_not_shown(demo):
    page = demo.page("a")
    shown = {"A1", "A2"}
    coded = with_missing_codes(page.questions, {"A1": 1, "A2": None}, shown)
    assert coded["A1"] == 1 and coded["A2"] == NO_ANSWER
    assert coded["A3"] == NOT_SHOWN and coded["A4"] == NOT_SHOWN


def test_a_completed_response_has_a_value_for_every_variable(demo):
    values = completed(demo, {"A1": 1, "B1": 4, "D1": 2.0})
    assert set(values) == set(demo.variables())
    assert values["A1"] == 1 and values["D1"] == NOT_SHOWN and values["N1"] == NO_ANSWER


def test_a_question_back_on_the_path_keeps_no_stale_not_asked_code(demo):
    stale = dict.fromkeys(demo.page("c").questions[0].variables(), NOT_SHOWN)
    values = completed(demo, {"A1": 1, "B1": 2, **stale})
    assert values["C1"] == NO_ANSWER


def test_the_other_text_is_asked_only_when_other_is_chosen(demo):
    page = demo.page("a")
    shown = {q.id for q in page.questions}
    assert with_missing_codes(page.questions, {"A1": 1}, shown)["A1_other"] == NOT_SHOWN
    assert with_missing_codes(page.questions, {"A1": 99}, shown)["A1_other"] == NO_ANSWER
    chosen = {"A1": 99, "A1_other": "Stabsstelle"}
    assert with_missing_codes(page.questions, chosen, shown)["A1_other"] == "Stabsstelle"
