"""Grids: rows × columns of cells, each a number, a short text or one choice of a list.

Each cell is its own field and its own variable (`D_sozial_land`), read and checked like the
question type it holds, so a cell can be in error on its own and the error summary links
straight to it. The totals are worked out by the page (`questionnaire.calculations`), never
typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from wtforms import StringField
from wtforms.fields.core import UnboundField
from wtforms.form import BaseForm

from surveyapp.forms import messages
from surveyapp.forms.handlers.base import FieldProblem, Handler, is_missing, stored
from surveyapp.forms.handlers.choice import option_label
from surveyapp.forms.handlers.number import NumberHandler
from surveyapp.forms.handlers.text import TextHandler
from surveyapp.forms.parsing import format_number
from surveyapp.questionnaire.model import Question, QuestionType

_NUMBERS = NumberHandler()
_TEXTS = TextHandler()


def _as_code(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def cell_question(question: Question, name: str) -> Question:
    """One cell as a question of its own type, named by its variable: what the number and text
    handlers read and check."""
    return replace(question, id=name, type=question.cell or QuestionType.TEXT, totals=())


class GridHandler(Handler):
    macro = "grid"
    already_said = ("1,5", "1.5", "komma", "decimal")

    def hints(self, question: Question) -> list[str]:
        return [messages.decimal_format()] if question.cell is QuestionType.DECIMAL else []

    def _cells(self, question: Question) -> list[str]:
        return [name for _, _, name in question.cells()]

    def fields(self, question: Question, lang: str) -> dict[str, UnboundField]:
        return {name: StringField() for name in self._cells(question)}

    def initial(self, question: Question, answers: Mapping[str, Any]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name in self._cells(question):
            value = stored(answers.get(name))
            if value is None:
                data[name] = ""
            elif question.cell is QuestionType.SINGLE:
                data[name] = str(int(value))
            elif isinstance(value, int | float):
                data[name] = format_number(value)
            else:
                data[name] = str(value)
        return data

    def _code(self, question: Question, form: BaseForm, name: str) -> int | None:
        code = _as_code(form[name].data)
        return code if code is not None and question.option(code) is not None else None

    def values(self, question: Question, form: BaseForm) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in self._cells(question):
            if question.cell is QuestionType.SINGLE:
                values[name] = self._code(question, form, name)
            elif question.cell is QuestionType.TEXT:
                values.update(_TEXTS.values(cell_question(question, name), form))
            else:
                values.update(_NUMBERS.values(cell_question(question, name), form))
        return values

    def problems(self, question: Question, form: BaseForm, lang: str) -> list[FieldProblem]:
        problems: list[FieldProblem] = []
        for name in self._cells(question):
            if question.cell is QuestionType.SINGLE:
                data = form[name].data
                if data not in (None, "", "None") and self._code(question, form, name) is None:
                    problems.append(FieldProblem(name, messages.invalid_choice()))
            elif question.cell is QuestionType.TEXT:
                problems.extend(_TEXTS.problems(cell_question(question, name), form, lang))
            else:
                problems.extend(_NUMBERS.problems(cell_question(question, name), form, lang))
        return problems

    def is_answered(self, question: Question, values: Mapping[str, Any]) -> bool:
        """Required means every cell, as in a matrix: a gap is the usual slip."""
        return all(values.get(name) is not None for name in self._cells(question))

    def missing_message(self, question: Question) -> str | None:
        return messages.required_grid()

    def anchor(self, question: Question) -> str:
        cells = self._cells(question)
        return cells[0] if cells else question.id

    def describe(self, question: Question, answers: Mapping[str, Any], lang: str) -> list[str]:
        """One line per answered cell: "row – column: value"; then the totals."""
        lines = []
        for row, column, name in question.cells():
            value = answers.get(name)
            if is_missing(value):
                continue
            if question.cell is QuestionType.SINGLE:
                shown = option_label(question, value, lang)
            else:
                shown = _NUMBERS.describe(cell_question(question, name), answers, lang)[0]
            lines.append(f"{row.text.get(lang)} – {column.text.get(lang)}: {shown}")
        return lines
