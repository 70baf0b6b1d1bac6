"""The form of one questionnaire page: built from its questions, validated as a whole.

The page form is built for every question of the page, but only the questions visible for the
current answers are shown, validated and saved: filters are decided here, on the server. What the
respondent typed stays in the form whatever happens, so a page shown again after an error, a
soft warning or a conflict with a colleague always shows their own input.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms.form import BaseForm

from surveyapp.clock import today
from surveyapp.forms import messages
from surveyapp.forms.handlers import handler_for
from surveyapp.forms.handlers.base import FieldProblem, is_missing
from surveyapp.forms.piping import Piping
from surveyapp.questionnaire import failed_checks, visible_questions
from surveyapp.questionnaire.calculations import computed_names, with_calculations
from surveyapp.questionnaire.journey import with_missing_codes
from surveyapp.questionnaire.model import (
    Page,
    Question,
    Questionnaire,
    QuestionType,
    Required,
    Text,
)
from surveyapp.questionnaire.piping import PIPE
from surveyapp.questionnaire.routing import route


@dataclass(frozen=True)
class SummaryEntry:
    """One line of the error summary: the id of the input it links to, the question it is
    about (a summary line must make sense read alone, so it names its question) and the
    message; `soft` for a reminder, which the respondent may pass over."""

    anchor: str
    message: str
    question: str = ""
    soft: bool = False
    #: The language of `question` where it is a fallback from another one ("" otherwise).
    question_lang: str = ""


@dataclass
class Outcome:
    """The result of validating a page: hard errors block, soft warnings block once.

    `warnings` holds the reminders shown now (those not `confirmed` before), `warning_keys`
    every reminder that applies, so the page can remember them as seen.
    """

    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    warning_keys: set[str] = field(default_factory=set)
    summary: list[SummaryEntry] = field(default_factory=list)
    soft_only: bool = False
    #: Every reminder that applies, by question: (its key, its message).
    reminders: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.summary

    @property
    def has_errors(self) -> bool:
        return any(not entry.soft for entry in self.summary)


def stored_any(question: Question, answers: Mapping[str, Any]) -> bool:
    """Whether anything of the question is stored: its page was saved (then even a skipped
    question holds "no answer") or filled in for checking from the earlier wave."""
    return any(name in answers for name in question.variables())


def offered_page(page: Page, questionnaire: Questionnaire, answers: Mapping[str, Any]) -> Page:
    """The page with each question's options as its filters offer them. The filters name
    earlier pages only, so they are judged on the route's answers (an answer of a question
    hidden since is not one)."""
    if not any(question.filters_options for question in page.questions):
        return page
    walked = route(questionnaire, answers).answers
    return replace(page, questions=tuple(q.as_offered(walked) for q in page.questions))


class PageForm:
    """A page of the questionnaire as a form, in one language."""

    def __init__(
        self,
        page: Page,
        lang: str,
        answers: Mapping[str, Any],
        formdata: MultiDict | None = None,
        questionnaire: Questionnaire | None = None,
        defaults: bool = False,
    ) -> None:
        """`questionnaire`, where given, fills the placeholders of check messages (`{{D1}}`)
        with the answers the check was judged on, and the page offers only the options whose
        filter holds for the earlier pages' answers (`offered_page`): a code it does not offer
        is refused like any code that is not on the list.

        `defaults`: a question none of whose variables is stored yet (its page was never
        saved) shows its `default`, as ODK forms do. Only the page shown to fill in asks for
        them: a default is the respondent's answer once they save the page, never before, so
        the overview and submitting see only what is stored."""
        self.page = offered_page(page, questionnaire, answers) if questionnaire else page
        self.lang = lang
        self.questionnaire = questionnaire
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
                shown = answers
                if defaults and question.default is not None and not stored_any(question, answers):
                    shown = {**answers, **question.default_answers(today())}
                initial.update(handler_for(question).initial(question, shown))
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
            worked_out = with_calculations(self.page.questions, {**self.stored, **values})
            for question in self.page.questions:
                values.update({n: worked_out[n] for n in computed_names(question)})
            self._entries = values
        return self._entries

    def merged(self) -> dict[str, Any]:
        """The stored answers with this page's entries on top: what filters and checks see."""
        if not self.submitted:
            return with_calculations(self.page.questions, self.stored)
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
        return with_missing_codes(self.page.questions, self.merged(), shown)

    def validate(
        self,
        strict: bool,
        confirmed: Collection[str] = frozenset(),
        ignore_soft: bool = False,
        unseen: Collection[str] = frozenset(),
    ) -> Outcome:
        """Format problems always; required answers and checks only when `strict` ("Weiter").

        Every problem of the page is found in one round: a question with a format problem is
        not judged further, every other question is. Soft reminders already `confirmed` (shown
        before on this page) pass; with `ignore_soft` all of them do (the overview asks only
        about hard problems). Questions in `unseen` just appeared on the page: the respondent
        has not seen them yet, so they are not judged at all.
        """
        outcome = Outcome()
        merged = self.merged()
        for question in self.visible():
            label = question.text.get(self.lang)
            problems = handler_for(question).problems(question, self.form, self.lang)
            if strict and not problems and question.id not in unseen:
                problems = self._rule_problems(question, merged, outcome)
            for problem in problems:
                outcome.errors.setdefault(problem.field, []).append(problem.message)
                outcome.summary.append(
                    SummaryEntry(
                        self.anchor(question, problem.field),
                        problem.message,
                        label,
                        question_lang=question.text.fallback_language(self.lang),
                    )
                )
        for name, errors in outcome.errors.items():
            if name in self.form._fields:
                self.form[name].errors = list(errors)
        outcome.warnings = {} if ignore_soft else self._unconfirmed(outcome, confirmed)
        for question in self.visible():
            for message in outcome.warnings.get(question.id, []):
                outcome.summary.append(
                    SummaryEntry(
                        handler_for(question).anchor(question),
                        message,
                        question.text.get(self.lang),
                        soft=True,
                        question_lang=question.text.fallback_language(self.lang),
                    )
                )
        outcome.soft_only = bool(outcome.warnings) and not outcome.errors
        return outcome

    @staticmethod
    def _unconfirmed(outcome: Outcome, confirmed: Collection[str]) -> dict[str, list[str]]:
        """The reminders not shown on this page before: each is shown once."""
        return {
            question_id: [message for key, message in pairs if key not in confirmed]
            for question_id, pairs in outcome.reminders.items()
            if any(key not in confirmed for key, _ in pairs)
        }

    def _rule_problems(
        self, question: Question, merged: Mapping[str, Any], outcome: Outcome
    ) -> list[FieldProblem]:
        handler = handler_for(question)
        names = question.variables()
        if question.roster_of is not None:  # which items a roster asks
            names += [f"{question.roster_of}_{item.id}" for item in question.rows]
        values = {
            name: None if is_missing(merged.get(name)) else merged.get(name) for name in names
        }
        answered = handler.is_answered(question, values)
        if not answered and question.required is Required.HARD:
            return [
                FieldProblem(question.id, handler.missing_message(question) or messages.required())
            ]
        if not answered and question.required is Required.SOFT:
            self._warn(outcome, question, f"required:{question.id}", messages.soft_required())
        problems = []
        if question.type is QuestionType.ROSTER:
            problems += self._required_per_item(question, merged, outcome)
        for check in failed_checks(question, merged):
            message = self._message(check.message, merged)
            if check.soft:
                key = f"check:{question.id}:{question.checks.index(check)}"
                self._warn(outcome, question, key, f"{message} {messages.soft_check_hint()}")
            else:
                problems.append(FieldProblem(question.id, message))
        return problems

    def _required_per_item(
        self, roster: Question, merged: Mapping[str, Any], outcome: Outcome
    ) -> list[FieldProblem]:
        """A roster question's own `required`: asked of every item asked (of an open roster:
        every entry begun), each missing answer named at its own field."""
        problems = []
        for item in roster.active_items(merged):
            for sub in roster.item_questions(item):
                if sub.required is Required.NO:
                    continue
                handler = handler_for(sub)
                values = {
                    n: None if is_missing(merged.get(n)) else merged.get(n) for n in sub.variables()
                }
                if handler.is_answered(sub, values):
                    continue
                if sub.required is Required.HARD:
                    message = handler.missing_message(sub) or messages.required()
                    problems.append(FieldProblem(sub.id, message))
                else:
                    self._warn(outcome, roster, f"required:{sub.id}", messages.soft_required())
        return problems

    def _message(self, text: Text, merged: Mapping[str, Any]) -> str:
        message = text.get(self.lang)
        if self.questionnaire is None or not PIPE.search(message):
            return message
        return Piping(self.questionnaire, merged, self.lang).text(message)

    @staticmethod
    def _warn(outcome: Outcome, question: Question, key: str, message: str) -> None:
        outcome.warning_keys.add(key)
        outcome.reminders.setdefault(question.id, []).append((key, message))

    def anchor(self, question: Question, field_name: str) -> str:
        """The input an error on `field_name` links to from the summary."""
        return handler_for(question).field_anchor(question, field_name)
