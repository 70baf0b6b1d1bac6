"""A respondent's pages with a calculated value and piped answers: the share of fixed-term
staff is shown and stored, a later page reads back what was said, in words and escaped."""

from __future__ import annotations

import pytest
from pdf_reading import pdf_text
from respondent import Respondent, questionnaire_links, stored

PIPED = """
format: 1
id: nachfragen
version: "1"
title: {de: "Personal", en: "Staff"}
languages: [de, en]
pages:
  - id: d
    title: {de: "Personal", en: "Staff"}
    questions:
      - id: D0
        type: single
        text: {de: "Wer plant?", en: "Who plans?"}
        options:
          - {code: 1, label: {de: "das Sozialamt", en: "the social welfare office"}}
          - {code: 2, label: {de: "das Jugendamt", en: "the youth office"}}
      - {id: D1, type: decimal, text: {de: "VZÄ insgesamt", en: "FTE in all"}}
      - id: D2
        type: decimal
        text: {de: "davon befristet", en: "of which fixed-term"}
        check:
          - rule: "D2 <= D1"
            message:
              de: "{{D2}} befristete VZÄ sind mehr als {{D1}} insgesamt."
              en: "{{D2}} fixed-term FTE are more than {{D1}} in all."
      - id: D3
        type: calculate
        text: {de: "Anteil befristet", en: "Share fixed-term"}
        formula: "D2 / D1 * 100"
        decimals: 1
        unit: "%"
        show: true
        check:
          - rule: "D3 <= 100"
            message: {de: "Mehr befristete als alle VZÄ?", en: "More fixed-term than all FTE?"}
      - {id: D4, type: text, text: {de: "Name der Stelle", en: "Name of the unit"}}
  - id: e
    title: {de: "Nachfrage", en: "Follow-up"}
    intro: {de: "Stelle laut Angabe: **{{D4}}**", en: "Unit as given: **{{D4}}**"}
    questions:
      - id: E1
        type: textarea
        text:
          de: "Sie haben {{D1}} VZÄ angegeben, {{D3}} befristet. Plant {{D0}}?"
          en: "You gave {{D1}} FTE, {{D3}} fixed-term. Does {{D0}} plan?"
        help: {de: "Stelle: {{D4}}", en: "Unit: {{D4}}"}
"""


@pytest.fixture
def person(app, tmp_path) -> Respondent:
    person = Respondent(app.test_client(), questionnaire_links(tmp_path, PIPED, "nachfragen")[0])
    person.consent()
    return person


def test_the_calculated_share_is_stored_and_shown_when_the_page_comes_back(person):
    saved = person.save("d", {"D0": "2", "D1": "4", "D2": "1,5"})
    assert saved.status_code == 302
    assert stored("D3") == 37.5
    html = person.client.get(person.url("d")).get_data(as_text=True)
    assert "Anteil befristet" in html and "<output><strong>37,5 %</strong></output>" in html


def test_a_calculated_share_over_100_is_named_in_the_error_summary(person):
    html = person.save("d", {"D1": "2", "D2": "3"}).get_data(as_text=True)
    assert "<title>Fehler:" in html
    assert 'href="#D3"' in html and "Mehr befristete als alle VZÄ?" in html


def test_a_later_text_reads_back_the_answers_in_words(person):
    person.save("d", {"D0": "2", "D1": "4", "D2": "1"})
    html = person.client.get(person.url("e")).get_data(as_text=True)
    assert "Sie haben 4 VZÄ angegeben, 25 % befristet. Plant das Jugendamt?" in html
    assert "{{" not in html


def test_an_unanswered_piped_question_reads_neutrally(person):
    person.save("d", {})
    html = person.client.get(person.url("e")).get_data(as_text=True)
    assert "Sie haben (keine Angabe) VZÄ angegeben, (keine Angabe) befristet." in html
    assert "Stelle: (keine Angabe)" in html


def test_a_piped_text_answer_is_escaped_and_taken_literally_in_markdown(person):
    person.save("d", {"D4": "<b>Amt</b> **5**"})
    html = person.client.get(person.url("e")).get_data(as_text=True)
    assert "<b>Amt</b>" not in html
    assert "Stelle: &lt;b&gt;Amt&lt;/b&gt; **5**" in html
    assert "<strong>&lt;b&gt;Amt&lt;/b&gt; **5**</strong>" in html


def test_piping_speaks_the_page_s_language(app, tmp_path):
    person = Respondent(app.test_client(), questionnaire_links(tmp_path, PIPED, "nachfragen")[0])
    person.client.get(f"{person.link}?lang=en")
    person.consent()
    person.save("d", {"D0": "1", "D1": "2.5", "D2": "1"})
    html = person.client.get(person.url("e")).get_data(as_text=True)
    assert "You gave 2.5 FTE, 40 % fixed-term. Does the social welfare office plan?" in html


def test_the_overview_shows_the_question_with_the_answers_it_pipes(person):
    person.save("d", {"D0": "1", "D1": "2", "D2": "1"})
    person.save("e", {"E1": "Weil"})
    html = person.client.get(person.link + "/ueberblick").get_data(as_text=True)
    assert "Sie haben 2 VZÄ angegeben, 50 % befristet. Plant das Sozialamt?" in html


def test_a_check_message_reads_back_the_answers_it_is_about(person):
    html = person.save("d", {"D1": "2", "D2": "3,5"}).get_data(as_text=True)
    assert "<title>Fehler:" in html
    assert "3,5 befristete VZÄ sind mehr als 2 insgesamt." in html
    assert "{{" not in html


def test_the_questionnaire_to_view_and_print_says_whose_answer_a_placeholder_stands_for(person):
    html = person.client.get(f"{person.link}/fragebogen").get_data(as_text=True)
    printed = " ".join(pdf_text(person.client.get(f"{person.link}/fragebogen.pdf").data).split())
    for text in (html, printed):
        assert "Sie haben (Ihre Angabe zu D1) VZÄ angegeben, (Ihre Angabe zu D3) befristet." in text
        assert (
            "(Ihre Angabe zu D2) befristete VZÄ sind mehr als (Ihre Angabe zu D1) insgesamt."
            in (text)
        )
        assert "{{" not in text


def test_the_copy_of_the_submitted_answers_shows_the_questions_as_piped(person):
    person.save("d", {"D0": "1", "D1": "2", "D2": "1"})
    person.save("e", {"E1": "Weil"})
    person.client.post(f"{person.link}/absenden")
    copy = " ".join(pdf_text(person.client.get(f"{person.link}/kopie.pdf").data).split())
    assert "Sie haben 2 VZÄ angegeben, 50 % befristet. Plant das Sozialamt?" in copy
    assert "{{" not in copy
