"""A small questionnaire with one question of each type, and a page form built from it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask, render_template_string
from werkzeug.datastructures import MultiDict

from surveyapp import create_app
from surveyapp.forms import PageForm
from surveyapp.questionnaire import Questionnaire, load_questionnaire
from surveyapp.respond.views import question_views

QUESTIONNAIRE = """
format: 1
id: formtest
version: "1"
title: "Formulartest"
languages: [de, en]
pages:
  - id: p
    title: "Alle Typen"
    questions:
      - id: S1
        type: single
        required: true
        text: {de: "Welche Funktion haben Sie?", en: "What is your role?"}
        other: true
        options:
          - {code: 1, label: {de: "Sozialplanung", en: "Social planning"}}
          - {code: 2, label: "Bildungsmanagement"}
          - {code: -1, label: "keine Angabe", missing: true}
      - id: M1
        type: multiple
        text: "Welche Quellen nutzen Sie?"
        min_choices: 2
        max_choices: 3
        other: true
        exclusive: [9]
        options:
          - {code: 1, label: "Statistik"}
          - {code: 2, label: "Befragungen"}
          - {code: 3, label: "Register"}
          - {code: 4, label: "Karten"}
          - {code: 9, label: "keine davon"}
      - id: X1
        type: matrix
        required: true
        text: "Wie eng arbeiten Sie zusammen?"
        items:
          - {id: a, text: "Jugendamt"}
          - {id: b, text: "Schulamt"}
        options:
          - {code: 1, label: "eng"}
          - {code: 2, label: "kaum"}
          - {code: -1, label: "weiß nicht", missing: true}
      - id: N1
        type: integer
        text: "Seit welchem Jahr?"
        min: 1990
        max: 2030
      - id: N2
        type: decimal
        text: "Wie viele Stellen?"
        decimals: 1
        min: 0
        max: 20
        unit: "VZÄ"
      - id: T1
        type: text
        text: "Name der Einheit"
        max_length: 10
      - id: T2
        type: textarea
        text: "Bemerkungen"
      - id: DT
        type: date
        text: "Stichtag"
        min: "2000-01-01"
        max: "2030-12-31"
      - id: B1
        type: boolean
        text: "Gibt es einen Beschluss?"
      - id: Z1
        type: note
        text: "Vielen Dank für diese Angaben."
"""


@pytest.fixture(scope="module")
def form_app() -> Iterator[Flask]:
    """No database needed: forms only read the questionnaire and the submitted data."""
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "forms", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    with app.test_request_context():
        yield app


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return load_questionnaire(QUESTIONNAIRE)


@pytest.fixture
def make_form(form_app: Flask, questionnaire: Questionnaire) -> Callable[..., PageForm]:
    def make(
        data: dict[str, Any] | None = None,
        answers: dict[str, Any] | None = None,
        lang: str = "de",
    ) -> PageForm:
        formdata = None if data is None else MultiDict(data)
        return PageForm(questionnaire.pages[0], lang, answers or {}, formdata)

    return make


@pytest.fixture
def render() -> Callable[..., str]:
    """The HTML of a page form's questions, as the page template renders them."""

    def render_form(form: PageForm, outcome: Any = None) -> str:
        return render_template_string(
            '{% from "respond/_questions.html" import render %}'
            "{% for v in views %}{{ render(v, form) }}{% endfor %}",
            views=question_views(form, outcome),
            form=form,
        )

    return render_form
