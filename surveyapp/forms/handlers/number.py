"""Integer and decimal questions: typed as text, so "1,5" and "1.5" both work."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from wtforms import StringField
from wtforms.fields.core import UnboundField
from wtforms.form import BaseForm

from surveyapp.forms import messages
from surveyapp.forms.handlers.base import FieldProblem, Handler, is_missing, raw_text, stored
from surveyapp.forms.parsing import (
    decimal_places,
    format_number,
    is_ambiguous_decimal,
    parse_decimal,
    parse_integer,
)
from surveyapp.questionnaire.model import Question, QuestionType


def _range_problem(question: Question, value: Decimal | int, lang: str) -> str | None:
    low = None if question.min is None else Decimal(str(question.min))
    high = None if question.max is None else Decimal(str(question.max))
    number = Decimal(value)
    if (low is None or number >= low) and (high is None or number <= high):
        return None
    if low is not None and high is not None:
        return messages.number_between(format_number(low, lang), format_number(high, lang))
    if low is not None:
        return messages.number_at_least(format_number(low, lang))
    if high is not None:
        return messages.number_at_most(format_number(high, lang))
    return None


class NumberHandler(Handler):
    macro = "number"
    already_said = ("1,5", "1.5", "komma", "decimal")

    def hints(self, question: Question) -> list[str]:
        return [messages.decimal_format()] if question.type is QuestionType.DECIMAL else []

    def fields(self, question: Question, lang: str) -> dict[str, UnboundField]:
        return {question.id: StringField()}

    def initial(self, question: Question, answers: Mapping[str, Any]) -> dict[str, Any]:
        value = stored(answers.get(question.id))
        if value is None or isinstance(value, str):
            return {question.id: value or ""}
        return {question.id: format_number(value)}

    def _parse(self, question: Question, text: str) -> Decimal | int | None:
        if question.type is QuestionType.INTEGER:
            return parse_integer(text)
        return parse_decimal(text)

    def values(self, question: Question, form: BaseForm) -> dict[str, Any]:
        text = raw_text(form, question.id)
        value = self._parse(question, text) if text else None
        if value is None or self.problems(question, form, "de"):
            return {question.id: None}
        if question.type is QuestionType.INTEGER:
            return {question.id: int(value)}
        return {question.id: float(value)}

    def problems(self, question: Question, form: BaseForm, lang: str) -> list[FieldProblem]:
        text = raw_text(form, question.id)
        if not text:
            return []
        if question.type is QuestionType.DECIMAL and is_ambiguous_decimal(text):
            return [FieldProblem(question.id, messages.ambiguous_decimal(text))]
        value = self._parse(question, text)
        if value is None:
            integer = question.type is QuestionType.INTEGER
            message = messages.not_an_integer() if integer else messages.not_a_number()
            return [FieldProblem(question.id, message)]
        if (
            isinstance(value, Decimal)
            and question.decimals is not None
            and decimal_places(value) > question.decimals
        ):
            return [FieldProblem(question.id, messages.too_many_decimals(question.decimals))]
        problem = _range_problem(question, value, lang)
        return [FieldProblem(question.id, problem)] if problem else []

    def describe(self, question: Question, answers: Mapping[str, Any], lang: str) -> list[str]:
        """The number as the respondent would type it, with the question's unit."""
        value = answers.get(question.id)
        if is_missing(value):
            return []
        unit = f" {question.unit.get(lang)}" if question.unit else ""
        if isinstance(value, int | float):
            return [format_number(value, lang) + unit]
        return [f"{value}{unit}"]
