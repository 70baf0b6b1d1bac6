"""A unit's answers as readable German text, page by page, for the read-only response view."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from surveyapp.questionnaire.model import (
    NOT_ANSWERED,
    NOT_SHOWN,
    Page,
    Question,
    Questionnaire,
    QuestionType,
)

NO_ANSWER = "keine Antwort"


@dataclass(frozen=True)
class ShownAnswer:
    question: str
    label: str
    lines: list[str]


@dataclass(frozen=True)
class ShownPage:
    title: str
    answers: list[ShownAnswer]


def pages(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> list[ShownPage]:
    """Pages the unit was shown (a page whose questions were all filtered out is left out)."""
    result = []
    for page in questionnaire.pages:
        shown = _shown_answers(page, answers)
        if shown:
            result.append(ShownPage(page.title.get(), shown))
    return result


def _shown_answers(page: Page, answers: Mapping[str, Any]) -> list[ShownAnswer]:
    result = []
    for question in page.questions:
        variables = question.variables()
        if not variables or all(answers.get(v) == NOT_SHOWN for v in variables):
            continue
        result.append(ShownAnswer(question.id, question.text.get(), lines(question, answers)))
    return result


def lines(question: Question, answers: Mapping[str, Any]) -> list[str]:
    if question.type is QuestionType.MULTIPLE:
        chosen = [
            o.label.get()
            for o in question.options
            if answers.get(question.option_variable(o.code)) == 1
        ]
        result = chosen or [NO_ANSWER]
    elif question.type is QuestionType.MATRIX:
        result = [
            f"{item.text.get()}: {_value(question, answers.get(f'{question.id}_{item.id}'))}"
            for item in question.items
        ]
    else:
        result = [_value(question, answers.get(question.id))]
    other = answers.get(question.other_variable) if question.other else None
    if isinstance(other, str) and other:
        result.append(f"Sonstiges: {other}")
    return result


def _value(question: Question, value: Any) -> str:
    if value is None or value == NOT_ANSWERED or value == "":
        return NO_ANSWER
    if value == NOT_SHOWN:
        return "nicht gestellt (Filter)"
    if question.type is QuestionType.BOOLEAN and not question.options:
        return {1: "ja", 0: "nein"}.get(value, str(value))
    if question.options and isinstance(value, int | float):
        option = question.option(int(value))
        if option is not None:
            return option.label.get()
    if question.type is QuestionType.DATE and isinstance(value, str):
        try:
            return date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
    if isinstance(value, float):
        text = f"{value:.{question.decimals or 2}f}".rstrip("0").rstrip(".").replace(".", ",")
    else:
        text = str(value)
    unit = f" {question.unit.get()}" if question.unit else ""
    return text + unit
