"""Text and long-text questions, and notes (text only, nothing to answer)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wtforms import StringField, TextAreaField
from wtforms.fields.core import UnboundField
from wtforms.form import BaseForm

from surveyapp.forms import messages
from surveyapp.forms.handlers.base import FieldProblem, Handler, raw_text, stored
from surveyapp.questionnaire.model import DEFAULT_MAX_LENGTH, Question, QuestionType


def max_length(question: Question) -> int:
    return question.max_length or DEFAULT_MAX_LENGTH.get(question.type, 500)


class TextHandler(Handler):
    """No `maxlength` attribute: browsers cut pasted text silently; a message loses nothing."""

    macro = "text"

    def hints(self, question: Question) -> list[str]:
        return [messages.at_most_characters(max_length(question))]

    def fields(self, question: Question, lang: str) -> dict[str, UnboundField]:
        field = TextAreaField() if question.type is QuestionType.TEXTAREA else StringField()
        return {question.id: field}

    def initial(self, question: Question, answers: Mapping[str, Any]) -> dict[str, Any]:
        value = stored(answers.get(question.id))
        return {question.id: "" if value is None else str(value)}

    def values(self, question: Question, form: BaseForm) -> dict[str, Any]:
        text = raw_text(form, question.id)
        return {question.id: text if text and len(text) <= max_length(question) else None}

    def problems(self, question: Question, form: BaseForm, lang: str) -> list[FieldProblem]:
        text = raw_text(form, question.id)
        limit = max_length(question)
        if len(text) > limit:
            return [FieldProblem(question.id, messages.text_too_long(limit, len(text)))]
        return []


class NoteHandler(Handler):
    macro = "note"

    def is_answered(self, question: Question, values: Mapping[str, Any]) -> bool:
        """A note asks nothing, so it is never missing an answer."""
        return True

    def fields(self, question: Question, lang: str) -> dict[str, UnboundField]:
        return {}

    def initial(self, question: Question, answers: Mapping[str, Any]) -> dict[str, Any]:
        return {}

    def values(self, question: Question, form: BaseForm) -> dict[str, Any]:
        return {}

    def describe(self, question: Question, answers: Mapping[str, Any], lang: str) -> list[str]:
        return []
