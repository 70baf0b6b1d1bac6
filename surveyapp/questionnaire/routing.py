"""Which pages and questions a respondent sees, given the answers so far.

Like the ONS runner's path finder: the views never evaluate conditions themselves, they ask
here. Pages are walked in order and hidden questions are set to NOT_SHOWN as we go, so a later
filter never sees a stale answer to a question that an earlier filter has since hidden; a
calculated value is worked out as the walk passes it, so it always follows today's answers.
An answer its option's filter no longer offers (a cascading select whose earlier answer
changed) is set to NOT_SHOWN like a hidden question's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from surveyapp.questionnaire.calculations import computed_values, computes
from surveyapp.questionnaire.codes import NO_ANSWER, NOT_SHOWN
from surveyapp.questionnaire.conditions import Condition, compared_variables, is_answered
from surveyapp.questionnaire.model import Check, Page, Question, Questionnaire


@dataclass(frozen=True)
class Route:
    """The outcome of one walk: the cleaned answers and what is shown."""

    answers: dict[str, object]
    pages: tuple[Page, ...]
    questions: frozenset[str]


def _shown(condition: Condition | None, answers: Mapping[str, object]) -> bool:
    return condition is None or condition.evaluate(answers)


def _computed(question: Question, answers: Mapping[str, object]) -> dict[str, object]:
    """Worked-out values as the walk stores them: "no answer" while one cannot be worked out."""
    values = computed_values(question, answers)
    return {name: NO_ANSWER if value is None else value for name, value in values.items()}


def _walk_page(page: Page, answers: dict[str, object]) -> list[Question]:
    shown: list[Question] = []
    for question in page.questions:
        if _shown(question.show_if, answers):
            shown.append(question)
            for name in question.withdrawn_variables(answers):
                answers[name] = NOT_SHOWN
            if computes(question):
                answers.update(_computed(question, answers))
        else:
            for name in question.variables():
                answers[name] = NOT_SHOWN
    return shown


#: A question on the walk: its filter, the variables it hides, whether it works out values,
#: and whether its options have filters.
_Step = tuple[Question, Condition | None, tuple[str, ...], bool, bool]


@dataclass(frozen=True)
class _Plan:
    """The questionnaire as `route` walks it, worked out once per questionnaire: every request
    walks the route at least once and a save two or three times, and each walk would otherwise
    ask every question again for its variables."""

    questionnaire: Questionnaire
    pages: tuple[tuple[Page, tuple[_Step, ...]], ...]


#: Plans by id of the questionnaire; the plan holds it, and the cache is bounded like
#: `surveys.lifecycle.questionnaire_of`'s.
_plans: dict[int, _Plan] = {}
_PLANS_SIZE = 64


def _plan(q: Questionnaire) -> _Plan:
    found = _plans.get(id(q))
    if found is None or found.questionnaire is not q:
        if len(_plans) >= _PLANS_SIZE:
            _plans.pop(next(iter(_plans)))
        steps = tuple(
            (
                page,
                tuple(
                    (qn, qn.show_if, tuple(qn.variables()), computes(qn), qn.filters_options)
                    for qn in page.questions
                ),
            )
            for page in q.pages
        )
        found = _plans[id(q)] = _Plan(q, steps)
    return found


def route(q: Questionnaire, answers: Mapping[str, object]) -> Route:
    """Walk the questionnaire in order, hiding what the answers filter out."""
    cleaned = dict(answers)
    pages: list[Page] = []
    questions: set[str] = set()
    for page, steps in _plan(q).pages:
        page_shown = page.show_if is None or page.show_if.evaluate(cleaned)
        if page_shown:
            pages.append(page)
        for question, show_if, names, computing, filtered in steps:
            if page_shown and (show_if is None or show_if.evaluate(cleaned)):
                questions.add(question.id)
                if filtered:
                    for name in question.withdrawn_variables(cleaned):
                        cleaned[name] = NOT_SHOWN
                if computing:
                    cleaned.update(_computed(question, cleaned))
            else:
                for name in names:
                    cleaned[name] = NOT_SHOWN
    return Route(cleaned, tuple(pages), frozenset(questions))


def visible_pages(q: Questionnaire, answers: Mapping[str, object]) -> list[Page]:
    """Pages whose `show_if` holds (or that have none), judged on the cleaned answers."""
    return list(route(q, answers).pages)


def visible_questions(page: Page, answers: Mapping[str, object]) -> list[Question]:
    """Questions of one page whose `show_if` holds; the page's own filter is not consulted."""
    return _walk_page(page, dict(answers))


def clean_hidden(q: Questionnaire, answers: Mapping[str, object]) -> dict[str, object]:
    """A copy of the answers with every variable of a hidden question set to NOT_SHOWN.

    Answers of shown questions are left exactly as they are (including an earlier NOT_SHOWN
    of a question that is shown again: the caller decides whether to clear it).
    """
    return route(q, answers).answers


def failed_checks(question: Question, answers: Mapping[str, object]) -> list[Check]:
    """The checks of a question whose rule is false, skipping rules that cannot be judged yet.

    A rule like `D2 <= D1` is false while D1 is empty, but that is no contradiction; a check
    only fails when every variable it compares (`D1`, `D2`) holds an answer.
    """
    failed: list[Check] = []
    for check in question.checks:
        if not all(is_answered(answers, v) for v in compared_variables(check.condition)):
            continue
        if not check.condition.evaluate(answers):
            failed.append(check)
    return failed
