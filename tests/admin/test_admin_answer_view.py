"""The researcher's view of a unit's answers reads like the respondent's overview: a question
that pipes an earlier answer shows it in words, as the Kommune saw it."""

from __future__ import annotations

from flask import Flask

from surveyapp.admin import answer_view
from surveyapp.questionnaire import load_questionnaire

PIPED = """
format: 1
id: nachfrage
version: "1"
title: "Nachfrage"
pages:
  - id: d
    title: "Personal"
    questions:
      - id: D0
        type: single
        text: "Wer plant?"
        options: [{code: 1, label: "das Sozialamt"}, {code: 2, label: "das Jugendamt"}]
      - {id: D1, type: decimal, text: "VZÄ insgesamt"}
      - {id: E1, type: text, text: "Sie haben {{D1}} VZÄ angegeben. Warum plant {{D0}}?"}
"""


def test_a_piped_question_shows_the_unit_s_answers_in_its_text(app: Flask):
    questionnaire = load_questionnaire(PIPED)
    answers = {"D0": 2, "D1": 1.5, "E1": "Zuständigkeit"}

    with app.test_request_context():
        (page,) = answer_view.pages(questionnaire, answers)

    piped = page.answers[2]
    assert piped.label == "Sie haben 1,5 VZÄ angegeben. Warum plant das Jugendamt?"
    assert piped.lines == ["Zuständigkeit"]
