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

A unit that took over another (Eisenach joined the Wartburgkreis) keeps its own earlier answers
when it has them: they describe the unit it still is. Only a successor that did not answer the
earlier wave is shown its predecessor's answers, and the mark names the predecessor („Angabe
von Eisenach aus 2019“). When several of its predecessors answered, none is filled in: no one
of their answers is the successor's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from evaluation.territory import follow
from surveyapp.extensions import db
from surveyapp.models import Invitation, Response, Survey, Unit
from surveyapp.questionnaire.codes import (
    NOT_SHOWN,
    PREFILL_CHANGED,
    PREFILL_CONFIRMED,
    PREFILL_NEW,
    is_system_code,
)
from surveyapp.questionnaire.model import Page, Question, Questionnaire, QuestionType
from surveyapp.responses import store
from surveyapp.surveys import territory


@dataclass(frozen=True)
class Earlier:
    """The unit's answers of the earlier wave that the new wave fills in."""

    year: int | None
    #: Filled-in values by variable, only for questions with an earlier answer.
    values: Mapping[str, Any] = field(default_factory=dict)
    #: The questions that have an earlier answer.
    questions: frozenset[str] = frozenset()
    #: The predecessor whose answers these are, when the unit had none of its own.
    source: str | None = None

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
    year = (previous.opens_on or previous.created_at).year if previous is not None else None
    response, source = _earlier_response(survey.previous_id, invitation.unit_id)
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
    return Earlier(year, values, frozenset(answered), source)


def _earlier_response(previous_id: int, unit_id: int) -> tuple[Response | None, str | None]:
    """The unit's own submitted response of the earlier wave, else that of the one predecessor
    that answered it (with the predecessor's name)."""
    submitted = db.select(Response).filter_by(survey_id=previous_id, status="submitted")
    own = db.session.scalar(submitted.filter_by(unit_id=unit_id))
    if own is not None:
        return own, None
    unit = db.session.get(Unit, unit_id)
    changes = territory.all_changes()
    if unit is None or not changes:
        return None, None
    olds = {change.old for change in changes}
    predecessors = [old for old in olds if follow(old, changes).key == unit.ags]
    if not predecessors:
        return None, None
    answered = db.session.execute(
        submitted.add_columns(Unit)
        .join(Unit, Unit.id == Response.unit_id)
        .where(Unit.ags.in_(predecessors))
    ).all()
    if len(answered) != 1:
        return None, None
    response, predecessor = answered[0]
    return response, predecessor.display_name


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
