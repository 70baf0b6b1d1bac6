"""Stored answers in words: for the overview, the printable copy and a conflict notice."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from surveyapp.forms import is_missing, messages
from surveyapp.forms.parsing import format_date, format_number, parse_date
from surveyapp.questionnaire.model import Question, QuestionType


@dataclass(frozen=True)
class AnswerText:
    """One question with its answer as lines of text (several for a matrix or multiple choice)."""

    question: Question
    text: str
    lines: tuple[str, ...]
    answered: bool


def _label(question: Question, value: Any, lang: str) -> str:
    option = question.option(int(value))
    return option.label.get(lang) if option else str(value)


def _with_other(question: Question, answers: Mapping[str, Any], label: str) -> str:
    other = answers.get(question.other_variable) if question.other else None
    return f"{label}: {other}" if isinstance(other, str) and other else label


def _lines(question: Question, answers: Mapping[str, Any], lang: str) -> list[str]:
    value = answers.get(question.id)
    kind = question.type
    if kind is QuestionType.MULTIPLE:
        chosen = [o for o in question.options if answers.get(question.option_variable(o.code)) == 1]
        return [
            _with_other(question, answers, o.label.get(lang)) if o.is_other else o.label.get(lang)
            for o in chosen
        ]
    if kind is QuestionType.MATRIX:
        lines = []
        for item in question.items:
            code = answers.get(question.item_variable(item))
            if not is_missing(code):
                lines.append(f"{item.text.get(lang)}: {_label(question, code, lang)}")
        return lines
    if is_missing(value):
        return []
    if kind is QuestionType.SINGLE:
        option = question.option(int(value))
        label = _label(question, value, lang)
        return [_with_other(question, answers, label) if option and option.is_other else label]
    if kind is QuestionType.BOOLEAN:
        return [messages.yes() if value == 1 else messages.no()]
    if kind in (QuestionType.INTEGER, QuestionType.DECIMAL):
        unit = f" {question.unit.get(lang)}" if question.unit else ""
        if isinstance(value, int | float):
            return [format_number(value, lang) + unit]
        return [f"{value}{unit}"]
    if kind is QuestionType.DATE:
        parsed = parse_date(str(value))
        return [format_date(parsed) if parsed else str(value)]
    return [str(value)]


def describe(question: Question, answers: Mapping[str, Any], lang: str) -> AnswerText:
    lines = _lines(question, answers, lang)
    return AnswerText(question, question.text.get(lang), tuple(lines), bool(lines))


def not_answered() -> str:
    return _("nicht beantwortet")
