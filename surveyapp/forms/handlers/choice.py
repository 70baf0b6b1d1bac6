"""Choice questions: single choice (radio group), yes/no, multiple choice (checkboxes).

Choices travel as strings in the form and as integer codes in the answers. Choices are checked
here, not by WTForms, so a tampered value gets the same German message as any other problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wtforms import SelectMultipleField, StringField
from wtforms.fields.core import UnboundField
from wtforms.form import BaseForm

from surveyapp.forms import messages
from surveyapp.forms.handlers.base import FieldProblem, Handler, is_missing, raw_text, stored
from surveyapp.questionnaire.model import Question


def code_id(question_id: str, code: int) -> str:
    """HTML id of one option: `B1-2`, `B1-m1` for code -1 (ids must not hold a minus sign)."""
    return f"{question_id}-{code}" if code >= 0 else f"{question_id}-m{-code}"


def _as_code(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _other_fields(question: Question) -> dict[str, UnboundField]:
    return {question.other_variable: StringField()} if question.other else {}


def _other_problems(question: Question, form: BaseForm, chosen: bool) -> list[FieldProblem]:
    if not question.other:
        return []
    text = raw_text(form, question.other_variable)
    if chosen and not text:
        return [FieldProblem(question.other_variable, messages.other_text_missing())]
    if text and not chosen:
        return [FieldProblem(question.other_variable, messages.other_text_without_option())]
    return []


def _other_value(question: Question, form: BaseForm, chosen: bool) -> dict[str, Any]:
    """The "please specify" text; nothing when "Sonstiges" was not chosen (its code, "not
    asked", is given by `questionnaire.journey.with_missing_codes`)."""
    if not question.other:
        return {}
    text = raw_text(form, question.other_variable)
    return {question.other_variable: (text or None) if chosen else None}


def option_label(question: Question, value: Any, lang: str) -> str:
    """The label of a stored code; the code itself if the question has no such option."""
    option = question.option(int(value))
    return option.label.get(lang) if option else str(value)


def option_language(question: Question, value: Any, lang: str) -> str:
    """The language the label of a stored code falls back to from `lang` ("" if it does not)."""
    option = question.option(int(value))
    return option.label.fallback_language(lang) if option else ""


def _with_other(question: Question, answers: Mapping[str, Any], label: str) -> str:
    """ "Sonstiges: what they wrote", when the "please specify" text was given."""
    other = answers.get(question.other_variable) if question.other else None
    return f"{label}: {other}" if isinstance(other, str) and other else label


class SingleHandler(Handler):
    macro = "single"

    def fields(self, question: Question, lang: str) -> dict[str, UnboundField]:
        return {
            question.id: StringField(),
            **_other_fields(question),
        }

    def initial(self, question: Question, answers: Mapping[str, Any]) -> dict[str, Any]:
        code = stored(answers.get(question.id))
        data: dict[str, Any] = {question.id: None if code is None else str(int(code))}
        if question.other:
            data[question.other_variable] = stored(answers.get(question.other_variable)) or ""
        return data

    def _code(self, question: Question, form: BaseForm) -> int | None:
        code = _as_code(form[question.id].data)
        return code if code is not None and question.option(code) is not None else None

    def _other_chosen(self, question: Question, form: BaseForm) -> bool:
        option = question.option(self._code(question, form) or 0)
        return bool(question.other and option is not None and option.is_other)

    def values(self, question: Question, form: BaseForm) -> dict[str, Any]:
        chosen = self._other_chosen(question, form)
        return {question.id: self._code(question, form), **_other_value(question, form, chosen)}

    def problems(self, question: Question, form: BaseForm, lang: str) -> list[FieldProblem]:
        data = form[question.id].data
        if data not in (None, "", "None") and self._code(question, form) is None:
            return [FieldProblem(question.id, messages.invalid_choice())]
        return _other_problems(question, form, self._other_chosen(question, form))

    def anchor(self, question: Question) -> str:
        return code_id(question.id, question.options[0].code) if question.options else question.id

    def describe(self, question: Question, answers: Mapping[str, Any], lang: str) -> list[str]:
        value: Any = answers.get(question.id)
        if is_missing(value):
            return []
        option = question.option(int(value))
        label = option_label(question, value, lang)
        return [_with_other(question, answers, label) if option and option.is_other else label]

    def line_languages(
        self, question: Question, answers: Mapping[str, Any], lang: str
    ) -> list[str]:
        value: Any = answers.get(question.id)
        if is_missing(value):
            return []
        return [option_language(question, value, lang)]


class BooleanHandler(Handler):
    """Yes/no as two radios: a single checkbox could not tell "no" from "not answered"."""

    macro = "boolean"

    def fields(self, question: Question, lang: str) -> dict[str, UnboundField]:
        return {question.id: StringField()}

    def initial(self, question: Question, answers: Mapping[str, Any]) -> dict[str, Any]:
        value = stored(answers.get(question.id))
        return {question.id: None if value is None else str(int(value))}

    def values(self, question: Question, form: BaseForm) -> dict[str, Any]:
        code = _as_code(form[question.id].data)
        return {question.id: code if code in (0, 1) else None}

    def problems(self, question: Question, form: BaseForm, lang: str) -> list[FieldProblem]:
        data = form[question.id].data
        if data not in (None, "", "None") and _as_code(data) not in (0, 1):
            return [FieldProblem(question.id, messages.invalid_choice())]
        return []

    def anchor(self, question: Question) -> str:
        return f"{question.id}-1"

    def describe(self, question: Question, answers: Mapping[str, Any], lang: str) -> list[str]:
        value = answers.get(question.id)
        if is_missing(value):
            return []
        return [messages.yes() if value == 1 else messages.no()]


class MultipleHandler(Handler):
    """One checkbox per option; each option is its own 0/1 variable (`E1_3`, `E1_m1`)."""

    macro = "multiple"
    already_said = ("mehrfach", "several", "more than one")

    def hints(self, question: Question) -> list[str]:
        return messages.choose_several(question.min_choices, question.max_choices)

    def fields(self, question: Question, lang: str) -> dict[str, UnboundField]:
        field = SelectMultipleField(choices=[], validate_choice=False)
        return {question.id: field, **_other_fields(question)}

    def initial(self, question: Question, answers: Mapping[str, Any]) -> dict[str, Any]:
        chosen = [
            str(o.code)
            for o in question.options
            if stored(answers.get(question.option_variable(o.code))) == 1
        ]
        data: dict[str, Any] = {question.id: chosen}
        if question.other:
            data[question.other_variable] = stored(answers.get(question.other_variable)) or ""
        return data

    def _chosen(self, question: Question, form: BaseForm) -> list[int]:
        codes = {_as_code(value) for value in form[question.id].data or []}
        return [o.code for o in question.options if o.code in codes]

    def _other_chosen(self, question: Question, chosen: list[int]) -> bool:
        return any(o.is_other and o.code in chosen for o in question.options)

    def values(self, question: Question, form: BaseForm) -> dict[str, Any]:
        chosen = self._chosen(question, form)
        if not chosen:
            values: dict[str, Any] = {
                question.option_variable(o.code): None for o in question.options
            }
        else:
            values = {
                question.option_variable(o.code): int(o.code in chosen) for o in question.options
            }
        return {**values, **_other_value(question, form, self._other_chosen(question, chosen))}

    def problems(self, question: Question, form: BaseForm, lang: str) -> list[FieldProblem]:
        chosen = self._chosen(question, form)
        if len(chosen) != len(form[question.id].data or []):
            return [FieldProblem(question.id, messages.invalid_choice())]
        problems = []
        exclusive = [code for code in chosen if code in question.exclusive]
        if exclusive and len(chosen) > 1:
            label = next(o for o in question.options if o.code == exclusive[0]).label.get(lang)
            problems.append(FieldProblem(question.id, messages.exclusive_conflict(label)))
        elif chosen and not exclusive:
            if question.min_choices and len(chosen) < question.min_choices:
                problems.append(
                    FieldProblem(question.id, messages.too_few_choices(question.min_choices))
                )
            if question.max_choices and len(chosen) > question.max_choices:
                problems.append(
                    FieldProblem(question.id, messages.too_many_choices(question.max_choices))
                )
        return problems + _other_problems(question, form, self._other_chosen(question, chosen))

    def is_answered(self, question: Question, values: Mapping[str, Any]) -> bool:
        return any(values.get(question.option_variable(o.code)) == 1 for o in question.options)

    def anchor(self, question: Question) -> str:
        return code_id(question.id, question.options[0].code) if question.options else question.id

    def describe(self, question: Question, answers: Mapping[str, Any], lang: str) -> list[str]:
        """One line per ticked option, in the questionnaire's order."""
        chosen = [o for o in question.options if answers.get(question.option_variable(o.code)) == 1]
        return [
            _with_other(question, answers, o.label.get(lang)) if o.is_other else o.label.get(lang)
            for o in chosen
        ]

    def line_languages(
        self, question: Question, answers: Mapping[str, Any], lang: str
    ) -> list[str]:
        return [
            o.label.fallback_language(lang)
            for o in question.options
            if answers.get(question.option_variable(o.code)) == 1
        ]
