import json
from pathlib import Path

import pytest

from surveyapp.questionnaire import (
    QuestionType,
    Required,
    Text,
    build_codebook,
    clean_hidden,
    load_questionnaire,
    questionnaire_from_snapshot,
    summarize,
    visible_pages,
)
from surveyapp.questionnaire.codes import NOT_SHOWN
from surveyapp.questionnaire.routing import failed_checks

DEMO = Path(__file__).parents[2] / "surveyapp" / "data" / "demo-questionnaire.yaml"


@pytest.fixture(scope="module")
def demo():
    return load_questionnaire(DEMO)


def texts(q):
    yield q.title
    yield from (t for t in (q.intro, q.outro) if t)
    for page in q.pages:
        yield page.title
        for question in page.questions:
            yield question.text
            yield from (t for t in (question.help, question.unit) if t)
            yield from (o.label for o in question.options)
            yield from (i.text for i in question.items)
            yield from (c.message for c in question.checks)


def test_demo_is_the_sozialplanung_survey_of_2019(demo):
    assert (demo.id, demo.version, demo.languages) == ("sozialplanung", "2019.1", ("de", "en"))
    assert summarize(demo) == "sozialplanung 2019.1: 14 Seiten, 40 Fragen, 104 Variablen"
    assert [p.id for p in demo.pages] == list("abcdefghijklmn")


#: Types the project added to version 1 of the format: the founding survey of 2019 has none.
ADDED_TYPES = {
    QuestionType.CALCULATE,
    QuestionType.GRID,
    QuestionType.ROSTER,
    QuestionType.RANKING,
}


def test_demo_uses_every_question_type_of_version_1(demo):
    assert {q.type for q in demo.questions()} == set(QuestionType) - ADDED_TYPES


def test_demo_is_fully_translated_into_english(demo):
    missing = [str(t) for t in texts(demo) if isinstance(t, Text) and "en" not in t.values]
    assert missing == []


def test_demo_keeps_hard_required_questions_to_function_and_planning_status(demo):
    required = {q.id: q.required for q in demo.questions() if q.required is not Required.NO}
    assert required == {"A1": Required.HARD, "B1": Required.HARD, "B2": Required.SOFT}


def test_kommune_without_sozialplanung_is_still_asked_about_education_and_challenges(demo):
    assert [p.id for p in visible_pages(demo, {"A1": 1, "B1": 4})] == list("abkmn")
    assert [p.id for p in visible_pages(demo, {"A1": 1, "B1": 1})] == list("abcdefghijklmn")
    cleaned = clean_hidden(demo, {"A1": 1, "B1": 4, "D1": 2.0, "E1_jhp": 3})
    assert cleaned["D1"] == NOT_SHOWN and cleaned["E1_jhp"] == NOT_SHOWN
    assert cleaned["B2"] == NOT_SHOWN


def test_demo_has_a_hard_and_a_soft_check_on_staff_numbers(demo):
    hard = failed_checks(demo.question("D2"), {"D1": 1.5, "D2": 2.0})
    assert [(str(c.message), c.soft) for c in hard] == [
        ("Befristete Stellen können nicht mehr sein als alle Stellen.", False)
    ]
    soft = failed_checks(demo.question("D1"), {"D1": 25})
    assert [c.soft for c in soft] == [True]


def test_demo_offers_none_of_these_other_and_missing_options(demo):
    m1 = demo.question("M1")
    assert m1.exclusive == (9, -2)
    assert [o.code for o in m1.options if o.is_other] == [99]
    assert [o.code for o in m1.options if o.missing] == [-2]
    assert demo.question("E1").option_list == "fachplanung"
    assert "**integrierte Sozialplanung**" in demo.intro.get("de")


def test_demo_codebook_and_snapshot_are_json(demo):
    codebook = build_codebook(demo)
    assert len(codebook) == len(demo.variables()) == 104
    assert json.loads(json.dumps(codebook)) == codebook
    assert questionnaire_from_snapshot(json.loads(json.dumps(demo.source))) == demo
