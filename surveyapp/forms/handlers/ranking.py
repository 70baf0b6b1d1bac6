"""Rankings: the options put in order, one place after the other, each place a choice of
the options, so a keyboard and a screen reader need nothing but ordinary select fields (no
dragging, no script). Each place is a variable holding the code put there (`H1_1`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wtforms import StringField
from wtforms.fields.core import UnboundField
from wtforms.form import BaseForm

from surveyapp.forms import messages
from surveyapp.forms.handlers.base import FieldProblem, Handler, is_missing, stored
from surveyapp.forms.handlers.choice import option_label
from surveyapp.questionnaire.model import Question


def _as_code(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


class RankingHandler(Handler):
    macro = "ranking"

    def fields(self, question: Question, lang: str) -> dict[str, UnboundField]:
        return {name: StringField() for name in question.rank_variables()}

    def initial(self, question: Question, answers: Mapping[str, Any]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name in question.rank_variables():
            code = stored(answers.get(name))
            data[name] = "" if code is None else str(int(code))
        return data

    def _code(self, question: Question, form: BaseForm, name: str) -> int | None:
        code = _as_code(form[name].data)
        return code if code is not None and question.option(code) is not None else None

    def values(self, question: Question, form: BaseForm) -> dict[str, Any]:
        codes = {name: self._code(question, form, name) for name in question.rank_variables()}
        if self.problems(question, form, "de"):
            return dict.fromkeys(codes)
        return codes

    def problems(self, question: Question, form: BaseForm, lang: str) -> list[FieldProblem]:
        """An unknown code, an option given two places, or a place left out before a later
        one: each named at the place where it happens."""
        problems: list[FieldProblem] = []
        seen: set[int] = set()
        gap = False
        for place, name in enumerate(question.rank_variables(), 1):
            data = form[name].data
            if data in (None, "", "None"):
                gap = True
                continue
            code = self._code(question, form, name)
            if code is None:
                problems.append(FieldProblem(name, messages.invalid_choice()))
            elif code in seen:
                problems.append(FieldProblem(name, messages.ranked_twice()))
            elif gap:
                problems.append(FieldProblem(name, messages.rank_gap(place)))
            if code is not None:
                seen.add(code)
        return problems

    def is_answered(self, question: Question, values: Mapping[str, Any]) -> bool:
        """Required means every place."""
        return all(values.get(name) is not None for name in question.rank_variables())

    def missing_message(self, question: Question) -> str | None:
        return messages.required_ranking()

    def anchor(self, question: Question) -> str:
        names = question.rank_variables()
        return names[0] if names else question.id

    def describe(self, question: Question, answers: Mapping[str, Any], lang: str) -> list[str]:
        """ "1. label", "2. label", … for the places filled."""
        return [
            f"{place}. {option_label(question, answers[name], lang)}"
            for place, name in enumerate(question.rank_variables(), 1)
            if not is_missing(answers.get(name))
        ]
