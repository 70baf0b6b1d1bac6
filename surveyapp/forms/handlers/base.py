"""What every question-type handler does: make fields, fill them, read them, find problems,
and say the stored answer in words.

A handler is the only place that knows how one question type maps to form fields and back to
variable values (keyed by variable name, as everywhere else), and how its answer reads on the
overview and in the researcher's view. Adding a type means adding one handler, one template
macro and one codebook rule; the page form and the views stay as they are.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wtforms.fields.core import UnboundField
from wtforms.form import BaseForm

from surveyapp.questionnaire.codes import is_system_code
from surveyapp.questionnaire.model import Question


@dataclass(frozen=True)
class FieldProblem:
    """A problem with what was entered, reported next to `field` and in the error summary."""

    field: str
    message: str


def stored(value: Any) -> Any:
    """A stored value as the form sees it: system missing codes mean "nothing entered"."""
    if value is None or is_system_code(value):
        return None
    return value


def is_missing(value: Any) -> bool:
    """Unanswered in the sense of the condition language: absent, empty or a system code."""
    if value is None or value == "":
        return True
    return is_system_code(value)


#: Control characters no one types (a NUL pasted from a broken document, a form feed):
#: dropped, since PostgreSQL cannot even store a NUL. Tab and line breaks stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def raw_text(form: BaseForm, name: str) -> str:
    """What the respondent typed, without surrounding space and invisible control characters."""
    data = form[name].data
    return _CONTROL.sub("", data).strip() if isinstance(data, str) else ""


class Handler(ABC):
    """Maps one question type to WTForms fields and the fields back to variable values."""

    #: Name of the macro in `respond/_questions.html` that renders this type.
    macro: str = ""
    #: Words showing that a questionnaire's own help text already says the first hint.
    already_said: tuple[str, ...] = ()

    @abstractmethod
    def fields(self, question: Question, lang: str) -> dict[str, UnboundField]:
        """The fields of this question, keyed by field name (the variable or question id)."""

    @abstractmethod
    def initial(self, question: Question, answers: Mapping[str, Any]) -> dict[str, Any]:
        """Field data for a page shown with the stored answers."""

    @abstractmethod
    def values(self, question: Question, form: BaseForm) -> dict[str, Any]:
        """Variable values from the submitted form; None where nothing (valid) was entered."""

    def problems(self, question: Question, form: BaseForm, lang: str) -> list[FieldProblem]:
        """Problems that make the input unusable (format, range, choices): always checked."""
        return []

    def is_answered(self, question: Question, values: Mapping[str, Any]) -> bool:
        """Whether a required question counts as answered (a missing-option counts)."""
        return any(values.get(name) is not None for name in question.variables())

    def missing_message(self, question: Question) -> str | None:
        """A more precise "required" message where the generic one would mislead."""
        return None

    def anchor(self, question: Question) -> str:
        """The id of the element the error summary links to: the first input."""
        return question.id

    def field_anchor(self, question: Question, field_name: str) -> str:
        """The id an error on one of the question's fields links to from the summary."""
        return self.anchor(question) if field_name == question.id else field_name

    def hints(self, question: Question) -> list[str]:
        """What the page adds below the question on how to answer (format, number of choices)."""
        return []

    def describe(self, question: Question, answers: Mapping[str, Any], lang: str) -> list[str]:
        """The stored answer as lines of text in `lang`; none if it was not answered."""
        value = answers.get(question.id)
        return [] if is_missing(value) else [str(value)]

    def line_languages(
        self, question: Question, answers: Mapping[str, Any], lang: str
    ) -> list[str]:
        """For each line of `describe`, the language of a questionnaire text in it that falls
        back from `lang` ("" where none does), so an English page can mark it (WCAG 3.1.2)."""
        return [""] * len(self.describe(question, answers, lang))
