"""Where a respondent goes next, and the codes their answers are stored with.

Which pages are visible depends on the answers so far (page filters), so the route is worked
out from the answers: once per set of answers, as a `Journey` that the respondent's session
hands around. The views never keep their own idea of the path.

The two system missing codes are decided here and nowhere else: a variable of a question the
respondent was not shown is "not shown" (−77), one of a shown question left empty is "no
answer" (−88). Pure Python, no Flask and no database.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from surveyapp.questionnaire.codes import NO_ANSWER, NOT_SHOWN
from surveyapp.questionnaire.model import Page, Question, Questionnaire, QuestionType
from surveyapp.questionnaire.routing import route

#: `Response.current_page` when the respondent is at the overview. Page ids cannot contain '#'.
OVERVIEW = "#overview"


@dataclass(frozen=True)
class Step:
    """Position of a page among the visible pages: "Abschnitt `number` von `total`"."""

    number: int
    total: int


@dataclass(frozen=True)
class Journey:
    """The visible pages for one set of answers, in questionnaire order: the route, walked once."""

    questionnaire: Questionnaire
    pages: tuple[Page, ...]

    def _position(self, page_id: str) -> int:
        ids = [page.id for page in self.questionnaire.pages]
        return ids.index(page_id) if page_id in ids else -1

    def is_visible(self, page_id: str) -> bool:
        return any(page.id == page_id for page in self.pages)

    def next_page(self, page_id: str) -> str:
        """The next visible page after `page_id`, or OVERVIEW after the last."""
        here = self._position(page_id)
        for page in self.pages:
            if self._position(page.id) > here:
                return page.id
        return OVERVIEW

    def previous_page(self, page_id: str) -> str | None:
        """The visible page before `page_id`, or None before the first (the welcome page)."""
        here = self._position(page_id)
        earlier = [p for p in self.pages if self._position(p.id) < here]
        return earlier[-1].id if earlier else None

    def first_page(self) -> str:
        return self.pages[0].id if self.pages else OVERVIEW

    def step(self, page_id: str) -> Step:
        ids = [page.id for page in self.pages]
        number = ids.index(page_id) + 1 if page_id in ids else 0
        return Step(number, len(ids))


def journey(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> Journey:
    return Journey(questionnaire, route(questionnaire, answers).pages)


def with_missing_codes(
    questions: Iterable[Question], values: Mapping[str, Any], shown: Container[str]
) -> dict[str, Any]:
    """Every variable of `questions` as it is stored: hidden → NOT_SHOWN, shown and empty
    (absent or None) → NO_ANSWER, anything else as it is, a questionnaire's own code included.

    The text beside "other" is asked only when that option is chosen, a roster's questions only
    for the items it asks (`Question.active_items`), a multiple choice's options only where
    their filter offers them (`Question.withdrawn_variables`). A shown variable never
    keeps NOT_SHOWN: that is what it got while an earlier answer hid it, and a changed answer
    has put it back on the path unanswered, so it is NO_ANSWER now.
    """
    coded: dict[str, Any] = {}
    for question in questions:
        other_asked = question.other and question.other_chosen(values)
        not_asked = _items_not_asked(question, values)
        if question.type is QuestionType.MULTIPLE:
            not_asked.update(question.withdrawn_variables(values))
        for name in question.variables():
            asked = question.id in shown and (name != question.other_variable or other_asked)
            asked = asked and name not in not_asked
            value = values.get(name)
            if not asked:
                coded[name] = NOT_SHOWN
            elif value is None or value == NOT_SHOWN:
                coded[name] = NO_ANSWER
            else:
                coded[name] = value
    return coded


def _items_not_asked(question: Question, values: Mapping[str, Any]) -> set[str]:
    """The variables of a roster's items that were not asked: options not ticked, entries
    not made."""
    if question.type is not QuestionType.ROSTER:
        return set()
    active = {item.id for item in question.active_items(values)}
    return {
        name
        for item in question.rows
        if item.id not in active
        for sub in question.item_questions(item)
        for name in sub.variables()
    }


def completed(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Every variable of the questionnaire as a submitted response keeps it: the answers with
    the route's filters applied, and a code wherever nothing is left."""
    walked = route(questionnaire, answers)
    return with_missing_codes(questionnaire.questions(), walked.answers, walked.questions)
