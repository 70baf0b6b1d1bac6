"""A question's `default` is shown filled in and marked until the respondent saves its page:
then it is their answer; before, nothing is stored and the overview does not count it."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask_babel import refresh
from respondent import Respondent, questionnaire_links, stored

from surveyapp.clock import today
from surveyapp.forms.parsing import format_date
from surveyapp.questionnaire.codes import NO_ANSWER

DEFAULTS = """
format: 1
id: vorgaben
version: "1"
title: {de: "Stellenbefragung", en: "Posts survey"}
languages: [de, en]
pages:
  - id: p
    title: {de: "Stellen", en: "Posts"}
    questions:
      - id: Q1
        type: integer
        required: true
        text: {de: "Wie viele Stellen sind unbesetzt?", en: "How many posts are vacant?"}
        default: 0
      - id: Q2
        type: date
        text: {de: "Stand der Angaben", en: "Date of the figures"}
        default: today
      - id: Q3
        type: multiple
        text: {de: "Wer plant mit?", en: "Who takes part?"}
        options:
          - {code: 1, label: {de: "Jugendhilfe", en: "Youth welfare"}}
          - {code: 2, label: {de: "Schule", en: "School"}}
        default: [2]
      - id: Q4
        type: text
        text: {de: "Bemerkung", en: "Remark"}
  - id: r
    title: {de: "Ende", en: "End"}
    questions:
      - {id: R1, type: text, text: {de: "Sonst noch etwas?", en: "Anything else?"}}
"""


@pytest.fixture
def person(app, tmp_path) -> Respondent:
    link = questionnaire_links(tmp_path, DEFAULTS, "vorgaben")[0]
    person = Respondent(app.test_client(), link)
    person.consent()
    return person


def test_the_page_shows_the_defaults_marked_and_stores_nothing(person):
    html = person.client.get(person.url("p")).get_data(as_text=True)
    assert 'id="Q1" name="Q1"' in html and 'value="0"' in html.split('id="Q1"')[1][:200]
    assert f'value="{format_date(today())}"' in html.split('id="Q2"')[1][:200]
    assert 'value="2" checked' in html and 'value="1" checked' not in html
    assert html.count("Vorgabe – bitte prüfen") == 3
    assert '<p class="question-prefilled" id="Q1-prefilled">Vorgabe – bitte prüfen</p>' in html
    assert re.search(r'aria-describedby="[^"]*Q1-prefilled', html)
    assert stored("Q1") is None and stored("Q3_2") is None
    refresh()  # the test's app context outlives the request and would keep its language
    english = person.client.get(person.url("p") + "?lang=en").get_data(as_text=True)
    assert english.count("Suggested answer – please check") == 3


def test_the_overview_does_not_count_a_default_that_was_never_saved(person):
    overview = person.client.get(f"{person.link}/ueberblick").get_data(as_text=True)
    assert "Vorgabe – bitte prüfen" not in overview
    refused = person.client.post(f"{person.link}/absenden")
    assert refused.headers["Location"].endswith("/ueberblick")
    assert stored("Q1") is None


def test_saving_the_page_makes_the_defaults_the_answers_and_removes_the_marks(person):
    person.save("p", {"Q1": "0", "Q2": format_date(date(2026, 11, 30)), "Q3": "2"})
    assert (stored("Q1"), stored("Q2"), stored("Q3_2"), stored("Q3_1")) == (0, "2026-11-30", 1, 0)
    html = person.client.get(person.url("p")).get_data(as_text=True)
    assert "Vorgabe – bitte prüfen" not in html
    assert 'value="30.11.2026"' in html


def test_a_default_taken_away_stays_away(person):
    person.save("p", {"Q1": "3"})
    assert stored("Q2") == NO_ANSWER and stored("Q3_2") == NO_ANSWER
    html = person.client.get(person.url("p")).get_data(as_text=True)
    assert 'value="2" checked' not in html
    assert f'value="{format_date(today())}"' not in html.split('id="Q2"')[1][:200]
    assert "Vorgabe – bitte prüfen" not in html
