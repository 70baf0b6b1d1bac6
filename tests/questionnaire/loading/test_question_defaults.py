"""`default` in the YAML format and in XLSForm: checked against what the question allows,
read from a real form's column (choice names as codes, `today()`), written back the same."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from surveyapp.questionnaire import QuestionnaireInvalid, load_questionnaire
from surveyapp.questionnaire.model import TODAY
from tests.questionnaire.loading.xlsforms import workbook, written_and_read_back

HEAD = """
format: 1
id: vorgaben
version: "1"
title: Vorgaben
pages:
  - id: p
    title: P
    questions:
"""
OPTIONS = "options: [{code: 1, label: ja}, {code: 2, label: nein}, {code: 3, label: keine}]"


def _question(line: str):
    return load_questionnaire(HEAD + "      - " + line + "\n").question("A1")


@pytest.mark.parametrize(
    ("line", "default"),
    [
        ("{id: A1, type: integer, text: Zahl, default: 0, min: 0}", 0),
        ("{id: A1, type: decimal, text: VZÄ, default: 1.5}", Decimal("1.5")),
        ("{id: A1, type: text, text: Amt, default: 'Jugendamt (Planung)'}", "Jugendamt (Planung)"),
        ("{id: A1, type: date, text: Tag, default: today}", TODAY),
        ("{id: A1, type: date, text: Tag, default: '2026-01-31'}", date(2026, 1, 31)),
        ("{id: A1, type: boolean, text: Plan?, default: true}", 1),
        (f"{{id: A1, type: single, text: W, {OPTIONS}, default: 2}}", 2),
        (f"{{id: A1, type: multiple, text: W, {OPTIONS}, default: [1, 2]}}", (1, 2)),
    ],
)
def test_a_default_is_read_as_the_value_the_question_stores(line, default):
    assert _question(line).default == default


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{id: A1, type: integer, text: Z, default: -1, min: 0}", "außerhalb von min und max"),
        ("{id: A1, type: integer, text: Z, default: 'viele'}", "passt eine ganze Zahl"),
        (f"{{id: A1, type: single, text: W, {OPTIONS}, default: 7}}", "einer der Codes 1, 2, 3"),
        (
            f"{{id: A1, type: multiple, text: W, {OPTIONS}, exclusive: [3], default: [1, 3]}}",
            "Der Code 3 schließt die anderen Vorgaben aus",
        ),
        (
            "{id: A1, type: matrix, text: M, items: [{id: a, text: a}], "
            "options: [{code: 1, label: gut}], default: 1}",
            "'default' gibt es bei Fragetyp matrix nicht",
        ),
    ],
)
def test_a_default_the_question_would_refuse_is_refused_where_it_stands(line, message):
    with pytest.raises(QuestionnaireInvalid, match=message) as caught:
        _question(line)
    assert "pages[0].questions[0].default" in str(caught.value)


def test_an_xlsform_default_is_read_with_choice_names_and_today():
    survey = [
        ["type", "name", "label", "default"],
        ["integer", "A1", "Unbesetzte Stellen", "0"],
        ["date", "A2", "Stand", "today()"],
        ["select_one ja_nein", "A3", "Planen Sie?", "2"],
        ["select_multiple fach", "A4", "Wer plant mit?", "1 3"],
        ["text", "A5", "Amt", "Jugendamt (Planung)"],
    ]
    read = load_questionnaire(workbook(survey))
    defaults = [read.question(f"A{n}").default for n in range(1, 6)]
    assert defaults == [0, TODAY, 2, (1, 3), "Jugendamt (Planung)"]

    _, again = written_and_read_back(read)
    assert again == read


def test_an_xlsform_default_worked_out_from_an_answer_is_refused_by_row():
    survey = [
        ["type", "name", "label", "default"],
        ["integer", "A1", "Stellen", ""],
        ["integer", "A2", "Davon besetzt", "${A1}"],
    ]
    with pytest.raises(QuestionnaireInvalid, match=r"survey\[3\]\.default: Ein Vorgabewert aus"):
        load_questionnaire(workbook(survey))


def test_a_default_in_a_roster_is_refused():
    text = HEAD + (
        "      - id: G\n        type: roster\n        text: Berichte\n        max: 3\n"
        "        questions:\n          - {id: jahr, type: integer, text: Jahr, default: 2024}\n"
    )
    with pytest.raises(QuestionnaireInvalid, match="'default' geht bei den Fragen eines Rosters"):
        load_questionnaire(text)
