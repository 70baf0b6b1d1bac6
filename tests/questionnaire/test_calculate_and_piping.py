"""Calculated values and piping in the YAML format: a share of staff worked out from two
answers, checked and stored; an earlier answer read back in a later text."""

from __future__ import annotations

import copy

import pytest

from surveyapp.questionnaire import QuestionnaireInvalid, build_codebook
from surveyapp.questionnaire.codes import NO_ANSWER, NOT_SHOWN
from surveyapp.questionnaire.journey import completed
from surveyapp.questionnaire.loading.schema import build_questionnaire
from surveyapp.questionnaire.routing import failed_checks

STAFF = {
    "format": 1,
    "id": "personal",
    "version": "1",
    "title": "Personal",
    "pages": [
        {
            "id": "d",
            "title": "Personal in VZÄ",
            "questions": [
                {"id": "D0", "type": "boolean", "text": "Gibt es Personal?"},
                {"id": "D1", "type": "decimal", "text": "VZÄ insgesamt", "show_if": "D0 == 1"},
                {"id": "D2", "type": "decimal", "text": "davon befristet", "show_if": "D0 == 1"},
                {
                    "id": "D3",
                    "type": "calculate",
                    "text": "Anteil befristeter VZÄ",
                    "formula": "D2 / D1 * 100",
                    "decimals": 1,
                    "unit": "%",
                    "show": True,
                    "show_if": "D0 == 1",
                    "check": [{"rule": "D3 <= 100", "message": "Mehr als alle Stellen?"}],
                },
            ],
        },
        {
            "id": "e",
            "title": "Nachfrage",
            "intro": "Sie haben {{D1}} VZÄ angegeben.",
            "questions": [
                {
                    "id": "E1",
                    "type": "text",
                    "text": "Warum sind {{D3}} der Stellen befristet?",
                    "help": "Befristet: {{D2}}",
                    "show_if": "D3 > 50",
                }
            ],
        },
    ],
}


def build(changes=None):
    data = copy.deepcopy(STAFF)
    if changes:
        changes(data)
    return build_questionnaire(data, {})


def problems_of(changes) -> str:
    with pytest.raises(QuestionnaireInvalid) as raised:
        build(changes)
    return str(raised.value)


def test_a_calculated_share_is_stored_with_the_answers_it_is_made_of():
    q = build()
    assert completed(q, {"D0": 1, "D1": 3.0, "D2": 1.0})["D3"] == pytest.approx(33.3)
    assert completed(q, {"D0": 1, "D1": 4.0, "D2": 1.0})["D3"] == 25


def test_a_calculated_value_is_no_answer_while_a_part_is_missing_or_zero_divides():
    q = build()
    assert completed(q, {"D0": 1, "D1": 4.0})["D3"] == NO_ANSWER
    assert completed(q, {"D0": 1, "D1": 0, "D2": 1.0})["D3"] == NO_ANSWER


def test_a_calculated_value_behind_a_filter_is_not_shown_like_any_question():
    assert completed(build(), {"D0": 0})["D3"] == NOT_SHOWN


def test_a_later_filter_and_a_check_use_the_calculated_value():
    q = build()
    assert completed(q, {"D0": 1, "D1": 4.0, "D2": 3.0})["E1"] == NO_ANSWER
    assert completed(q, {"D0": 1, "D1": 4.0, "D2": 1.0})["E1"] == NOT_SHOWN
    share = q.question("D3")
    assert [c.message.get() for c in failed_checks(share, {"D3": 150})] == [
        "Mehr als alle Stellen?"
    ]
    assert failed_checks(share, {"D3": 50}) == []


def test_the_codebook_carries_the_calculated_value_as_a_number_with_its_formula():
    row = next(r for r in build_codebook(build()) if r["name"] == "D3")
    assert (row["type"], row["measure"], row["decimals"], row["unit"]) == (
        "decimal",
        "scale",
        1,
        "%",
    )
    assert row["formula"] == "D2 / D1 * 100"


def test_a_formula_may_name_only_earlier_number_answers():
    def later(data):
        data["pages"][0]["questions"][3]["formula"] = "D2 + E9"

    assert "Unbekannte Frage oder Variable 'E9'" in problems_of(later)

    def text(data):
        data["pages"][0]["questions"][1]["type"] = "text"

    assert "braucht eine Zahlenfrage; D1 ist keine" in problems_of(text)

    def itself(data):
        data["pages"][0]["questions"][3]["formula"] = "D3 + 1"

    assert "Die Frage D3 kann nicht von ihrer eigenen Antwort abhängen" in problems_of(itself)


def test_a_broken_formula_is_refused_with_its_place():
    def broken(data):
        data["pages"][0]["questions"][3]["formula"] = "D1 +"

    assert "pages[0].questions[3].formula: Formel 'D1 +' ist fehlerhaft" in problems_of(broken)


def test_a_calculated_value_cannot_be_required_and_needs_a_formula():
    def required(data):
        data["pages"][0]["questions"][3]["required"] = True
        del data["pages"][0]["questions"][3]["formula"]

    message = problems_of(required)
    assert "'required' gibt es bei Fragetyp calculate nicht" in message
    assert "formula" in message


def test_a_formula_chooses_by_a_condition_with_if():
    def chosen(data):
        data["pages"][0]["questions"][3]["formula"] = (
            "if(D1 > 0 and answered(D0), D2 / D1 * 100, 0)"
        )

    q = build(chosen)
    assert completed(q, {"D0": 1, "D1": 4.0, "D2": 1.0})["D3"] == 25
    assert completed(q, {"D0": 1, "D1": 0, "D2": 1.0})["D3"] == 0
    assert str(q.question("D3").formula) == "if(D1 > 0 and answered(D0), D2 / D1 * 100, 0)"
    row = next(r for r in build_codebook(q) if r["name"] == "D3")
    assert row["formula"] == "if(D1 > 0 and answered(D0), D2 / D1 * 100, 0)"


def test_the_condition_of_an_if_names_only_earlier_answers_and_is_no_formula_itself():
    def later(data):
        data["pages"][0]["questions"][3]["formula"] = "if(E1 == 'x', 1, 0)"

    assert "'E1' steht erst weiter hinten" in problems_of(later)

    def compared(data):
        data["pages"][0]["questions"][3]["check"] = [
            {"rule": "if(D1 > 1, D1, 0) > 1", "message": "x"}
        ]

    assert "check[0].rule" in problems_of(compared)


def test_a_pipe_must_name_a_question_asked_before_the_text():
    def later(data):
        data["pages"][0]["questions"][1]["text"] = "VZÄ neben {{D2}}"

    assert "pages[0].questions[1].text: 'D2' steht erst weiter hinten" in problems_of(later)

    def unknown(data):
        data["pages"][1]["intro"] = "Sie haben {{D9}} angegeben."

    assert "pages[1].intro: Unbekannte Frage oder Variable 'D9'" in problems_of(unknown)


def test_a_pipe_where_answers_are_not_known_is_refused_not_shown_literally():
    def in_title(data):
        data["pages"][1]["title"] = "Nachfrage zu {{D1}}"

    message = problems_of(in_title)
    assert "pages[1].title: {{D1}} kann hier nicht stehen" in message
    assert (
        "nur in text und help einer Frage, in der message einer Prüfung (check) und im intro"
        in (message)
    )


def test_a_check_message_may_pipe_the_answers_it_is_about():
    def piped(data):
        check = data["pages"][0]["questions"][3]["check"][0]
        check["message"] = "{{D2}} befristete von {{D1}} VZÄ, das sind {{D3}}?"

    check = build(piped).question("D3").checks[0]
    assert check.message.get() == "{{D2}} befristete von {{D1}} VZÄ, das sind {{D3}}?"

    def later(data):
        data["pages"][0]["questions"][3]["check"][0]["message"] = "Warum {{E1}}?"

    assert "pages[0].questions[3].check[0].message: 'E1' steht erst weiter hinten" in problems_of(
        later
    )
