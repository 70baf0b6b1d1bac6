"""Rosters: the same few questions once per item. Each item's questions are questions of
their own type named by their variables (`F_3_jahr`), so their own handlers make, read and
check the fields; this handler only gathers them and says which items are asked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wtforms.fields.core import UnboundField
from wtforms.form import BaseForm

from surveyapp.forms import messages
from surveyapp.forms.handlers.base import FieldProblem, Handler, is_missing
from surveyapp.questionnaire.model import MatrixItem, Question


class RosterHandler(Handler):
    macro = "roster"

    def __init__(self, handler_for: Any) -> None:
        self._handler_for = handler_for

    def _subs(self, question: Question) -> list[Question]:
        return [sub for item in question.rows for sub in question.item_questions(item)]

    def fields(self, question: Question, lang: str) -> dict[str, UnboundField]:
        fields: dict[str, UnboundField] = {}
        for sub in self._subs(question):
            fields.update(self._handler_for(sub).fields(sub, lang))
        return fields

    def initial(self, question: Question, answers: Mapping[str, Any]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for sub in self._subs(question):
            data.update(self._handler_for(sub).initial(sub, answers))
        return data

    def values(self, question: Question, form: BaseForm) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for sub in self._subs(question):
            values.update(self._handler_for(sub).values(sub, form))
        return values

    def problems(self, question: Question, form: BaseForm, lang: str) -> list[FieldProblem]:
        return [
            problem
            for sub in self._subs(question)
            for problem in self._handler_for(sub).problems(sub, form, lang)
        ]

    def shown_items(self, question: Question, answers: Mapping[str, Any]) -> list[MatrixItem]:
        """The items the page shows: those asked, and of an open roster one more entry to
        fill in, while there is room for it."""
        active = question.active_items(answers)
        if question.roster_of is not None:
            return active
        count = min(len(question.rows), len(active) + 1)
        return list(question.rows[:count])

    def is_answered(self, question: Question, values: Mapping[str, Any]) -> bool:
        """Required means every question of every item asked (an open roster: at least one
        entry, each complete)."""
        active = question.active_items(values)
        if question.roster_of is None and not active:
            return False
        return all(
            self._handler_for(sub).is_answered(sub, values)
            for item in active
            for sub in question.item_questions(item)
        )

    def missing_message(self, question: Question) -> str | None:
        return messages.required_roster()

    def field_anchor(self, question: Question, field_name: str) -> str:
        for sub in self._subs(question):
            if field_name in (sub.id, *sub.variables()):
                return self._handler_for(sub).field_anchor(sub, field_name)
        return self.anchor(question)

    def describe(self, question: Question, answers: Mapping[str, Any], lang: str) -> list[str]:
        """One line per answer of an item asked: "item – question: answer"."""
        lines = []
        for item in question.active_items(answers):
            for sub in question.item_questions(item):
                said = self._handler_for(sub).describe(sub, answers, lang)
                if said and not all(is_missing(line) for line in said):
                    lines.append(f"{item.text.get(lang)} – {sub.text.get(lang)}: {', '.join(said)}")
        return lines
