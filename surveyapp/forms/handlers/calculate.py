"""Calculated values: nothing to type; the page works the value out from the answers before it
(`questionnaire.calculations`) and, where the file says `show: true`, shows it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wtforms.fields.core import UnboundField
from wtforms.form import BaseForm

from surveyapp.forms.handlers.base import FieldProblem
from surveyapp.forms.handlers.number import NumberHandler
from surveyapp.questionnaire.model import Question


class CalculateHandler(NumberHandler):
    """Reads like a number (the unit after it), but has no field of its own."""

    macro = "calculate"

    def hints(self, question: Question) -> list[str]:
        return []

    def fields(self, question: Question, lang: str) -> dict[str, UnboundField]:
        return {}

    def initial(self, question: Question, answers: Mapping[str, Any]) -> dict[str, Any]:
        return {}

    def values(self, question: Question, form: BaseForm) -> dict[str, Any]:
        return {}

    def problems(self, question: Question, form: BaseForm, lang: str) -> list[FieldProblem]:
        return []

    def is_answered(self, question: Question, values: Mapping[str, Any]) -> bool:
        """A calculated value asks nothing of the respondent, so it is never missing."""
        return True
