"""Answers of the earlier wave, filled in for checking (`prefill: previous`).

When a unit starts the next wave, each question that says `prefill: previous` is filled in with
the unit's submitted answer of the wave the survey was made from (`Survey.previous_id`), as
answers of the new response written by the system, so routing, the overview and submitting
treat them as the unit's own until it changes them. A paradata variable per such question
(`B1_prefill`) records what became of it: `PREFILL_CONFIRMED` (sent as it was shown, from its
page or the overview), `PREFILL_CHANGED`, or `PREFILL_NEW` (there was no earlier answer to
show); `NOT_SHOWN` when the question was filtered out.

Only answers the questionnaire of the new wave can hold are filled in: a variable it still has,
with a code its options still offer. The system codes of the earlier wave (not shown, no
answer) are no answer to check, so nothing is filled in for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from surveyapp.extensions import db
from surveyapp.models import Invitation, Response, Survey
from surveyapp.questionnaire.codes import (
    NOT_SHOWN,
    PREFILL_CHANGED,
    PREFILL_CONFIRMED,
    PREFILL_NEW,
    is_system_code,
)
from surveyapp.questionnaire.model import Page, Question, Questionnaire, QuestionType
from surveyapp.responses import store


@dataclass(frozen=True)
class Earlier:
    """The unit's answers of the earlier wave that the new wave fills in."""

    year: int | None
    #: Filled-in values by variable, only for questions with an earlier answer.
    values: Mapping[str, Any] = field(default_factory=dict)
    #: The questions that have an earlier answer.
    questions: frozenset[str] = frozenset()

    def has(self, question: Question) -> bool:
        return question.id in self.questions


NOTHING = Earlier(None)


def prefilled_questions(questionnaire: Questionnaire) -> list[Question]:
    return [question for question in questionnaire.questions() if question.prefill]


def shows_earlier_answers(survey: Survey, questionnaire: Questionnaire) -> bool:
    """Whether the link shows the earlier wave's answers (the privacy text says so)."""
    return survey.previous_id is not None and bool(prefilled_questions(questionnaire))


def earlier_answers(
    invitation: Invitation, survey: Survey, questionnaire: Questionnaire
) -> Earlier:
    """The unit's submitted answers of the earlier wave for the prefilled questions."""
    questions = prefilled_questions(questionnaire)
    if survey.previous_id is None or not questions:
        return NOTHING
    previous = db.session.get(Survey, survey.previous_id)
    response = db.session.scalar(
        db.select(Response).filter_by(
            survey_id=survey.previous_id, unit_id=invitation.unit_id, status="submitted"
        )
    )
    year = (previous.opens_on or previous.created_at).year if previous is not None else None
    if response is None:
        return Earlier(year)
    stored = store.load_answers(response)
    values: dict[str, Any] = {}
    answered: set[str] = set()
    for question in questions:
        own = {name: stored[name] for name in question.variables() if name in stored}
        if not own or all(is_system_code(value) for value in own.values()):
            continue
        if all(_fits(question, name, value) for name, value in own.items()):
            values.update(own)
            answered.add(question.id)
    return Earlier(year, values, frozenset(answered))


def _fits(question: Question, name: str, value: Any) -> bool:
    """Whether the new wave's question can hold the earlier value (its options may differ)."""
    if is_system_code(value) or name == question.other_variable:
        return True
    if question.type in (QuestionType.SINGLE, QuestionType.MATRIX):
        return question.option(value) is not None if isinstance(value, int) else False
    if question.type in (QuestionType.MULTIPLE, QuestionType.BOOLEAN):
        return value in (0, 1) or (isinstance(value, int) and question.option(value) is not None)
    return True


def paradata(
    questions: list[Question], earlier: Earlier, answers: Mapping[str, Any]
) -> dict[str, int]:
    """The paradata variable of each of `questions` (prefilled ones), given the answers now."""
    result: dict[str, int] = {}
    for question in questions:
        if not question.prefill:
            continue
        names = question.variables()
        if names and all(answers.get(name) == NOT_SHOWN for name in names):
            result[question.prefill_variable] = NOT_SHOWN
        elif not earlier.has(question):
            result[question.prefill_variable] = PREFILL_NEW
        elif all(answers.get(name) == earlier.values.get(name) for name in names):
            result[question.prefill_variable] = PREFILL_CONFIRMED
        else:
            result[question.prefill_variable] = PREFILL_CHANGED
    return result


def of_page(page: Page) -> list[Question]:
    return [question for question in page.questions if question.prefill]
