"""The form of one questionnaire page: built from its questions, validated as a whole.

The page form is built for every question of the page, but only the questions visible for the
current answers are shown, validated and saved: filters are decided here, on the server. What the
respondent typed stays in the form whatever happens, so a page shown again after an error, a
soft warning or a conflict with a colleague always shows their own input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms.form import BaseForm

from surveyapp.forms import messages
from surveyapp.forms.handlers import handler_for
from surveyapp.forms.handlers.base import FieldProblem, is_missing
from surveyapp.questionnaire import failed_checks, visible_questions
from surveyapp.questionnaire.journey import with_missing_codes
from surveyapp.questionnaire.model import (
    Page,
    Question,
    Required,
)


@dataclass(frozen=True)
class SummaryEntry:
    """One line of the error summary: the message and the id of the input it links to."""

    anchor: str
    message: str


@dataclass
class Outcome:
    """The result of validating a page: hard errors block, soft warnings block once."""

    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    warning_keys: set[str] = field(default_factory=set)
    summary: list[SummaryEntry] = field(default_factory=list)
    soft_only: bool = False

    @property
    def ok(self) -> bool:
        return not self.summary


class PageForm:
    """A page of the questionnaire as a form, in one language."""

    def __init__(
        self,
        page: Page,
        lang: str,
        answers: Mapping[str, Any],
        formdata: MultiDict | None = None,
    ) -> None:
        self.page = page
        self.lang = lang
        self.stored = dict(answers)
        fields = [
            (name, unbound)
            for question in page.questions
            for name, unbound in handler_for(question).fields(question, lang).items()
        ]
        self.form = BaseForm(fields)
        if formdata is None:
            initial: dict[str, Any] = {}
            for question in page.questions:
                initial.update(handler_for(question).initial(question, answers))
            self.form.process(data=initial)
        else:
            self.form.process(formdata)
        self.submitted = formdata is not None
        self._entries: dict[str, Any] | None = None
        self._visible: tuple[Question, ...] | None = None

    def __getitem__(self, name: str):
        return self.form[name]

    def entered(self) -> dict[str, Any]:
        """Variable values of every question of the page as entered (None: nothing valid)."""
        return dict(self._entered())

    def _entered(self) -> dict[str, Any]:
        """`entered`, read from the fields once: their data does not change after `process`
        (validating only sets errors), and a save asks for it half a dozen times."""
        if self._entries is None:
            values: dict[str, Any] = {}
            for question in self.page.questions:
                values.update(handler_for(question).values(question, self.form))
            self._entries = values
        return self._entries

    def merged(self) -> dict[str, Any]:
        """The stored answers with this page's entries on top: what filters and checks see."""
        if not self.submitted:
            return dict(self.stored)
        return {**self.stored, **self._entered()}

    def visible(self) -> list[Question]:
        """The page's questions that the filters show, judged once, like the entries."""
        if self._visible is None:
            self._visible = tuple(visible_questions(self.page, self.merged()))
        return list(self._visible)

    def values_to_save(self) -> dict[str, Any]:
        """Every variable of the page as it is stored, coded by the one rule for missing codes
        (`questionnaire.journey.with_missing_codes`): hidden → NOT_SHOWN, empty → NO_ANSWER."""
        shown = {q.id for q in self.visible()}
        return with_missing_codes(self.page.questions, self._entered(), shown)

    def validate(
        self,
        strict: bool,
        confirmed: set[str] | frozenset[str] = frozenset(),
        ignore_soft: bool = False,
    ) -> Outcome:
        """Format problems always; required answers and checks only when `strict` ("Weiter").

        Soft warnings whose keys are all in `confirmed` (shown on the previous try) pass, and
        so do all of them with `ignore_soft` (the overview asks only about hard problems).
        """
        outcome = Outcome()
        merged = self.merged()
        for question in self.visible():
            problems = handler_for(question).problems(question, self.form, self.lang)
            if strict and not problems:
                problems = self._rule_problems(question, merged, outcome)
            for problem in problems:
                outcome.errors.setdefault(problem.field, []).append(problem.message)
                outcome.summary.append(
                    SummaryEntry(self.anchor(question, problem.field), problem.message)
                )
        for name, errors in outcome.errors.items():
            if name in self.form._fields:
                self.form[name].errors = list(errors)
        if not ignore_soft and not outcome.summary and outcome.warning_keys - set(confirmed):
            outcome.soft_only = True
            for question in self.visible():
                for message in outcome.warnings.get(question.id, []):
                    outcome.summary.append(
                        SummaryEntry(handler_for(question).anchor(question), message)
                    )
        return outcome

    def _rule_problems(
        self, question: Question, merged: Mapping[str, Any], outcome: Outcome
    ) -> list[FieldProblem]:
        handler = handler_for(question)
        values = {
            name: None if is_missing(merged.get(name)) else merged.get(name)
            for name in question.variables()
        }
        answered = handler.is_answered(question, values)
        if not answered and question.required is Required.HARD:
            return [
                FieldProblem(question.id, handler.missing_message(question) or messages.required())
            ]
        if not answered and question.required is Required.SOFT:
            self._warn(outcome, question, f"required:{question.id}", messages.soft_required())
        problems = []
        for check in failed_checks(question, merged):
            message = check.message.get(self.lang)
            if check.soft:
                key = f"check:{question.id}:{question.checks.index(check)}"
                self._warn(outcome, question, key, f"{message} {messages.soft_check_hint()}")
            else:
                problems.append(FieldProblem(question.id, message))
        return problems

    @staticmethod
    def _warn(outcome: Outcome, question: Question, key: str, message: str) -> None:
        outcome.warning_keys.add(key)
        outcome.warnings.setdefault(question.id, []).append(message)

    def anchor(self, question: Question, field_name: str) -> str:
        """The input an error on `field_name` links to from the summary."""
        return handler_for(question).field_anchor(question, field_name)
