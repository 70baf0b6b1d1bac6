"""Matrix questions: items in rows, one shared scale in columns, one radio group per row.

Each row is its own field and its own variable (`C1_a`), so a row can be in error on its own and
the error summary can link straight to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wtforms import StringField
from wtforms.fields.core import UnboundField
from wtforms.form import BaseForm

from surveyapp.forms import messages
from surveyapp.forms.handlers.base import FieldProblem, Handler, is_missing, stored
from surveyapp.forms.handlers.choice import code_id, option_label, option_language
from surveyapp.questionnaire.model import MatrixItem, Question


def row_name(question: Question, item: MatrixItem) -> str:
    """A row's field is named after its variable, so form data and answers share keys."""
    return question.item_variable(item)


def _as_code(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


class MatrixHandler(Handler):
    macro = "matrix"

    def fields(self, question: Question, lang: str) -> dict[str, UnboundField]:
        return {row_name(question, item): StringField() for item in question.items}

    def initial(self, question: Question, answers: Mapping[str, Any]) -> dict[str, Any]:
        data = {}
        for item in question.items:
            code = stored(answers.get(row_name(question, item)))
            data[row_name(question, item)] = None if code is None else str(int(code))
        return data

    def _code(self, question: Question, form: BaseForm, name: str) -> int | None:
        code = _as_code(form[name].data)
        return code if code is not None and question.option(code) is not None else None

    def values(self, question: Question, form: BaseForm) -> dict[str, Any]:
        return {
            row_name(question, item): self._code(question, form, row_name(question, item))
            for item in question.items
        }

    def problems(self, question: Question, form: BaseForm, lang: str) -> list[FieldProblem]:
        problems = []
        for item in question.items:
            name = row_name(question, item)
            data = form[name].data
            if data not in (None, "", "None") and self._code(question, form, name) is None:
                problems.append(FieldProblem(name, messages.invalid_choice()))
        return problems

    def is_answered(self, question: Question, values: Mapping[str, Any]) -> bool:
        """Required means every row: a half-filled grid is the usual slip in a matrix."""
        return all(values.get(row_name(question, item)) is not None for item in question.items)

    def missing_message(self, question: Question) -> str | None:
        return messages.required_matrix()

    def anchor(self, question: Question) -> str:
        if not question.items or not question.options:
            return question.id
        return code_id(row_name(question, question.items[0]), question.options[0].code)

    def field_anchor(self, question: Question, field_name: str) -> str:
        """An error on one row links to that row's first radio."""
        if field_name == question.id or not question.options:
            return super().field_anchor(question, field_name)
        return code_id(field_name, question.options[0].code)

    def describe(self, question: Question, answers: Mapping[str, Any], lang: str) -> list[str]:
        """One line per answered row: "item: chosen label"."""
        lines = []
        for item in question.items:
            code = answers.get(row_name(question, item))
            if not is_missing(code):
                lines.append(f"{item.text.get(lang)}: {option_label(question, code, lang)}")
        return lines

    def line_languages(
        self, question: Question, answers: Mapping[str, Any], lang: str
    ) -> list[str]:
        """A row whose label or chosen option falls back is marked as a whole."""
        languages = []
        for item in question.items:
            code = answers.get(row_name(question, item))
            if not is_missing(code):
                languages.append(
                    option_language(question, code, lang) or item.text.fallback_language(lang)
                )
        return languages
