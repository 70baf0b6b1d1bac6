"""A unit's answers, page by page, in the words the respondent's own overview uses.

The researcher sees the response as the respondent saw it: the same wording of each answer
(`surveyapp.forms.answer_text`), the question texts with the answers they pipe, and only the
pages and questions the unit was shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from surveyapp.forms.answer_text import describe, not_answered
from surveyapp.forms.piping import Piping
from surveyapp.questionnaire.codes import NOT_SHOWN
from surveyapp.questionnaire.model import Page, Questionnaire


@dataclass(frozen=True)
class ShownAnswer:
    question: str
    label: str
    lines: list[str]


@dataclass(frozen=True)
class ShownPage:
    title: str
    answers: list[ShownAnswer]


def pages(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> list[ShownPage]:
    """Pages the unit was shown (a page whose questions were all filtered out is left out)."""
    result = []
    piping = Piping(questionnaire, answers, "de")
    for page in questionnaire.pages:
        shown = _shown_answers(page, answers, piping)
        if shown:
            result.append(ShownPage(page.title.get(), shown))
    return result


def _shown_answers(page: Page, answers: Mapping[str, Any], piping: Piping) -> list[ShownAnswer]:
    result = []
    for question in page.questions:
        variables = question.variables()
        if not variables or all(answers.get(v) == NOT_SHOWN for v in variables):
            continue
        described = describe(question, answers, "de")
        lines = list(described.lines) or [not_answered()]
        result.append(ShownAnswer(question.id, piping.text(described.text), lines))
    return result
