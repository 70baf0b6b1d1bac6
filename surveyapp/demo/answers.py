"""Plausible submitted answers for the demo, so the dashboard, the downloads and the brief have
something to show. Answers follow the questionnaire's own routing and checks, as a careful
respondent's would, and are seeded: the same demo every time."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from surveyapp.models import Invitation, Response, utcnow
from surveyapp.questionnaire import (
    Question,
    Questionnaire,
    QuestionType,
    failed_checks,
    visible_pages,
    visible_questions,
)
from surveyapp.questionnaire.codes import NOT_SHOWN, item_variable
from surveyapp.questionnaire.journey import completed
from surveyapp.responses import store
from surveyapp.responses.prefill import Earlier, paradata, prefilled_questions
from surveyapp.transaction import unit_of_work

SAMPLE_TEXTS = (
    "Die Zusammenarbeit mit dem Jugendamt hat sich bewährt.",
    "Uns fehlen kleinräumige Daten unterhalb der Gemeindeebene.",
    "Der Sozialbericht wird derzeit fortgeschrieben.",
)


def _value(question: Question, rng: random.Random) -> dict[str, Any]:
    """The variables of one answered question."""
    kind = question.type
    if kind in (QuestionType.SINGLE, QuestionType.BOOLEAN):
        codes = [o.code for o in question.options] or [0, 1]
        code = rng.choice(codes)
        values: dict[str, Any] = {question.id: code}
        if question.other and code == question.other_code:
            values[question.other_variable] = "Koordinierungsstelle im Dezernat"
        elif question.other:
            values[question.other_variable] = NOT_SHOWN
        return values
    if kind is QuestionType.MULTIPLE:
        substantive = [o.code for o in question.options if o.code not in question.exclusive]
        chosen = set(rng.sample(substantive, k=rng.randint(1, min(3, len(substantive)))))
        values = {question.option_variable(o.code): int(o.code in chosen) for o in question.options}
        if question.other:
            other_chosen = question.other_code in chosen
            values[question.other_variable] = "Netzwerk Frühe Hilfen" if other_chosen else NOT_SHOWN
        return values
    if kind is QuestionType.MATRIX:
        codes = [o.code for o in question.options]
        return {item_variable(question.id, item.id): rng.choice(codes) for item in question.items}
    if kind is QuestionType.INTEGER:
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else low + 100
        return {question.id: rng.randint(int(low), int(min(high, low + 40)))}
    if kind is QuestionType.DECIMAL:
        return {question.id: round(rng.uniform(0, 4), question.decimals or 1)}
    if kind is QuestionType.DATE:
        return {question.id: (date(2019, 7, 1) + timedelta(days=rng.randint(0, 40))).isoformat()}
    if kind in (QuestionType.TEXT, QuestionType.TEXTAREA):
        return {question.id: rng.choice(SAMPLE_TEXTS) if rng.random() < 0.5 else None}
    return {}


def sample_answers(questionnaire: Questionnaire, rng: random.Random) -> dict[str, Any]:
    """Answers page by page, so each page's filters see the earlier pages' answers; coded as
    a submitted response keeps them (`questionnaire.journey.completed`)."""
    answers: dict[str, Any] = {}
    done: set[str] = set()
    while page := next(
        (p for p in visible_pages(questionnaire, answers) if p.id not in done), None
    ):
        for question in visible_questions(page, answers):
            answers.update(_value(question, rng))
            if any(not check.soft for check in failed_checks(question, answers)):
                answers.update(dict.fromkeys(question.variables(), None))
        done.add(page.id)
    return completed(questionnaire, answers)


def _checked(
    questionnaire: Questionnaire, earlier: Earlier, values: dict[str, Any], rng: random.Random
) -> dict[str, Any]:
    """Most earlier answers confirmed, some changed, and the paradata of each, as a wave's
    respondents leave them."""
    questions = prefilled_questions(questionnaire)
    for question in questions:
        if earlier.has(question) and rng.random() < 0.75:
            values.update(
                {
                    name: earlier.values[name]
                    for name in question.variables()
                    if name in earlier.values
                }
            )
    return {**values, **paradata(questions, earlier, values)}


def _draft_answers(questionnaire: Questionnaire, rng: random.Random) -> tuple[dict, str]:
    """The answers of the first two visible pages, and the page the respondent stopped on."""
    complete = sample_answers(questionnaire, rng)
    pages = visible_pages(questionnaire, complete)
    kept = {name for page in pages[:2] for q in page.questions for name in q.variables()}
    return {name: complete[name] for name in kept}, pages[2].id


def add_sample_responses(
    questionnaire: Questionnaire,
    invitations: list[Invitation],
    submitted: int,
    drafts: int = 0,
    seed: int = 2019,
    earlier: Callable[[Invitation], Earlier] | None = None,
) -> None:
    """`submitted` responses and `drafts` started ones for units chosen and answered by `seed`.
    In a later wave, `earlier` gives a unit's answers the wave filled in for checking."""
    rng = random.Random(seed)  # noqa: S311  (demo data, not security)
    now = utcnow()
    chosen = rng.sample(invitations, k=min(submitted + drafts, len(invitations)))
    with unit_of_work():
        for number, invitation in enumerate(chosen):
            last_seen = now - timedelta(days=rng.randint(0, 6), hours=rng.randint(0, 23))
            response = Response(
                survey_id=invitation.survey_id,
                unit_id=invitation.unit_id,
                consent_at=last_seen - timedelta(minutes=40),
                started_at=last_seen - timedelta(minutes=40),
                updated_at=last_seen,
            )
            if number < submitted:
                response.status, response.submitted_at = "submitted", last_seen
                values = sample_answers(questionnaire, rng)
                if earlier is not None:
                    values = _checked(questionnaire, earlier(invitation), values, rng)
            else:
                values, response.current_page = _draft_answers(questionnaire, rng)
            store.write_answers(response, values, store.ChangedBy("system", store.DEMO))
