"""Date questions: one text field for TT.MM.JJJJ.

A single text field with the format in its hint works with every screen reader and keyboard;
`<input type=date>` renders differently in each browser and is hard to use with a screen reader.
ISO dates (JJJJ-MM-TT) are accepted too, for pasted values.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from wtforms import StringField
from wtforms.fields.core import UnboundField
from wtforms.form import BaseForm

from surveyapp.forms import messages
from surveyapp.forms.handlers.base import FieldProblem, Handler, is_missing, raw_text, stored
from surveyapp.forms.parsing import format_date, parse_date
from surveyapp.questionnaire.model import Question


def _bound(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


class DateHandler(Handler):
    macro = "date"
    already_said = ("tt.mm", "dd.mm")

    def hints(self, question: Question) -> list[str]:
        return [messages.date_format()]

    def fields(self, question: Question, lang: str) -> dict[str, UnboundField]:
        return {question.id: StringField()}

    def initial(self, question: Question, answers: Mapping[str, Any]) -> dict[str, Any]:
        value = stored(answers.get(question.id))
        if value is None:
            return {question.id: ""}
        parsed = parse_date(str(value))
        return {question.id: format_date(parsed) if parsed else str(value)}

    def values(self, question: Question, form: BaseForm) -> dict[str, Any]:
        text = raw_text(form, question.id)
        value = parse_date(text) if text else None
        if value is None or self.problems(question, form, "de"):
            return {question.id: None}
        return {question.id: value.isoformat()}

    def problems(self, question: Question, form: BaseForm, lang: str) -> list[FieldProblem]:
        text = raw_text(form, question.id)
        if not text:
            return []
        value = parse_date(text)
        if value is None:
            return [FieldProblem(question.id, messages.not_a_date())]
        first, last = _bound(question.min), _bound(question.max)
        if (first is None or value >= first) and (last is None or value <= last):
            return []
        if first and last:
            message = messages.date_between(format_date(first), format_date(last))
        elif first:
            message = messages.date_not_before(format_date(first))
        elif last:
            message = messages.date_not_after(format_date(last))
        else:
            return []
        return [FieldProblem(question.id, message)]

    def describe(self, question: Question, answers: Mapping[str, Any], lang: str) -> list[str]:
        value = answers.get(question.id)
        if is_missing(value):
            return []
        parsed = parse_date(str(value))
        return [format_date(parsed) if parsed else str(value)]
