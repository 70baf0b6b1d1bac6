"""`prefill: previous`: the earlier wave's answer shown for checking, in YAML and XLSForm."""

from __future__ import annotations

import pytest

from surveyapp.questionnaire import QuestionnaireInvalid, build_codebook, load_questionnaire
from tests.questionnaire.loading.xlsforms import problems_of, workbook, written_and_read_back

YAML = """
format: 1
id: kleine-umfrage
version: "1"
title: "Kleine Umfrage"
pages:
  - id: a
    title: "Start"
    questions:
      - id: B1
        type: single
        prefill: previous
        text: "Gibt es eine Sozialplanung?"
        options: [{code: 1, label: "ja"}, {code: 2, label: "nein"}]
      - {id: B2, type: integer, text: "Seit wann?"}
"""


def test_a_yaml_question_may_be_filled_in_from_the_earlier_wave():
    questionnaire = load_questionnaire(YAML)
    assert questionnaire.question("B1").prefill == "previous"
    assert questionnaire.question("B2").prefill is None
    names = [row["name"] for row in build_codebook(questionnaire)]
    assert names == ["B1", "B1_prefill", "B2"]


def test_prefill_knows_only_previous():
    with pytest.raises(
        QuestionnaireInvalid, match="prefill erlaubt nur previous, nicht der Text 'last'"
    ):
        load_questionnaire(YAML.replace("prefill: previous", "prefill: last"))


def test_the_xlsform_column_prefill_says_the_same():
    survey = [
        ["type", "name", "label", "prefill"],
        ["select_one ja_nein", "B1", "Gibt es eine Sozialplanung?", "previous"],
        ["integer", "B2", "Seit wann?", ""],
    ]
    questionnaire = load_questionnaire(workbook(survey))
    assert questionnaire.question("B1").prefill == "previous"
    assert questionnaire.question("B2").prefill is None
    wrong = [survey[0], ["integer", "B3", "Wie viele?", "yes"]]
    assert any("prefill erlaubt nur previous" in p for p in problems_of(workbook(wrong)))


def test_the_written_xlsform_keeps_prefill():
    questionnaire = load_questionnaire(YAML)
    _, again = written_and_read_back(questionnaire)
    assert again.question("B1").prefill == "previous"
