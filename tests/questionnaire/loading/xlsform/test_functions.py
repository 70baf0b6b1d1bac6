"""The expression functions municipal XLSForms use work in conditions and checks: regex() for
a Gemeindeschlüssel or a Postleitzahl, count-selected(), today(), arithmetic."""

from datetime import date, timedelta

import pytest

from surveyapp.questionnaire import QuestionnaireInvalid, failed_checks, load_questionnaire
from tests.questionnaire.loading.xlsforms import workbook, written_and_read_back

CHOICES = [
    ["list_name", "name", "label"],
    ["angebote", "kita", "Kita"],
    ["angebote", "schule", "Schule"],
    ["angebote", "jugend", "Jugendarbeit"],
]
SURVEY = [
    ["type", "name", "label", "relevant", "constraint", "constraint_message"],
    ["text", "AGS", "Gemeindeschlüssel", None, "regex(., '^[0-9]{8}$')", "Acht Ziffern"],
    ["text", "PLZ", "Postleitzahl", None, "regex(., '^[0-9]{5}$')", "Fünf Ziffern"],
    ["select_multiple angebote", "E1", "Angebote"],
    ["integer", "E2", "Wie viele Träger?", "count-selected(${E1}) >= 2"],
    ["date", "D0", "Stichtag", None, ". <= today()", "Nicht in der Zukunft"],
    ["integer", "D1", "Stellen insgesamt"],
    ["integer", "D2", "davon befristet"],
    ["integer", "D3", "davon Teilzeit", None, ". + ${D2} <= ${D1}", "Mehr als insgesamt"],
    ["decimal", "D4", "Anteil", "(${D1} - ${D2}) div 2 > 1.5"],
]


def test_regex_checks_a_gemeindeschluessel_and_a_postleitzahl():
    questionnaire = load_questionnaire(workbook(SURVEY, CHOICES))
    ags, plz = questionnaire.question("AGS"), questionnaire.question("PLZ")

    assert failed_checks(ags, {"AGS": "15002000"}) == []
    assert [c.message.get() for c in failed_checks(ags, {"AGS": "1500200"})] == ["Acht Ziffern"]
    assert failed_checks(plz, {"PLZ": "06108"}) == []
    assert failed_checks(plz, {"PLZ": "6108 Halle"})


def test_count_selected_today_and_arithmetic():
    questionnaire = load_questionnaire(workbook(SURVEY, CHOICES))
    shown = questionnaire.question("E2").show_if
    tomorrow = (date.today() + timedelta(days=1)).isoformat()

    assert shown.evaluate({"E1_1": 1, "E1_2": 1, "E1_3": 0})
    assert not shown.evaluate({"E1_1": 1, "E1_2": 0, "E1_3": 0})
    assert failed_checks(questionnaire.question("D0"), {"D0": date.today().isoformat()}) == []
    assert failed_checks(questionnaire.question("D0"), {"D0": tomorrow})
    assert failed_checks(questionnaire.question("D3"), {"D1": 10, "D2": 4, "D3": 6}) == []
    assert failed_checks(questionnaire.question("D3"), {"D1": 10, "D2": 4, "D3": 7})
    assert questionnaire.question("D4").show_if.evaluate({"D1": 10, "D2": 4})
    assert not questionnaire.question("D4").show_if.evaluate({"D1": 10, "D2": 8})
    assert not questionnaire.question("D4").show_if.evaluate({"D1": 10})


def test_the_functions_are_written_back_and_read_the_same():
    questionnaire = load_questionnaire(workbook(SURVEY, CHOICES))

    assert written_and_read_back(questionnaire)[1] == questionnaire


def test_a_function_on_the_wrong_kind_of_question_is_refused_in_yaml_too():
    text = """
format: 1
id: f
version: "1"
title: F
pages:
  - id: p
    title: P
    questions:
      - {id: A1, type: integer, text: Zahl}
      - {id: A2, type: integer, text: Mehr, show_if: 'matches(A1, "^1")'}
      - {id: A3, type: integer, text: Noch, show_if: "count(A1) > 1"}
"""
    with pytest.raises(QuestionnaireInvalid) as caught:
        load_questionnaire(text)

    assert [str(p) for p in caught.value.problems] == [
        "pages[0].questions[1].show_if: 'matches(A1, \"^1\")' braucht eine Textfrage; A1 ist "
        "keine (Zeile 11)",
        "pages[0].questions[2].show_if: 'count(A1) > 1' braucht eine Mehrfachauswahl; A1 ist "
        "keine (Zeile 12)",
    ]
