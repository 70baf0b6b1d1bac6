"""Where a respondent goes next: the visible pages in questionnaire order, then the overview.

Which pages are visible depends on the answers so far (page filters), so every step is worked
out from the stored answers; the views never keep their own idea of the path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from surveyapp.questionnaire import visible_pages
from surveyapp.questionnaire.model import Page, Questionnaire

#: `Response.current_page` when the respondent is at the overview. Page ids cannot contain '#'.
OVERVIEW = "#overview"


@dataclass(frozen=True)
class Step:
    """Position of a page among the visible pages: "Abschnitt `number` von `total`"."""

    number: int
    total: int


def path(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> list[Page]:
    return list(visible_pages(questionnaire, answers))


def _position(questionnaire: Questionnaire, page_id: str) -> int:
    ids = [page.id for page in questionnaire.pages]
    return ids.index(page_id) if page_id in ids else -1


def next_page(questionnaire: Questionnaire, answers: Mapping[str, Any], page_id: str) -> str:
    """The next visible page after `page_id`, or OVERVIEW after the last."""
    here = _position(questionnaire, page_id)
    for page in path(questionnaire, answers):
        if _position(questionnaire, page.id) > here:
            return page.id
    return OVERVIEW


def previous_page(
    questionnaire: Questionnaire, answers: Mapping[str, Any], page_id: str
) -> str | None:
    """The visible page before `page_id`, or None before the first (the welcome page)."""
    here = _position(questionnaire, page_id)
    earlier = [p for p in path(questionnaire, answers) if _position(questionnaire, p.id) < here]
    return earlier[-1].id if earlier else None


def first_page(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> str:
    pages = path(questionnaire, answers)
    return pages[0].id if pages else OVERVIEW


def step(questionnaire: Questionnaire, answers: Mapping[str, Any], page_id: str) -> Step:
    ids = [page.id for page in path(questionnaire, answers)]
    number = ids.index(page_id) + 1 if page_id in ids else 0
    return Step(number, len(ids))


def is_visible(questionnaire: Questionnaire, answers: Mapping[str, Any], page_id: str) -> bool:
    return any(page.id == page_id for page in path(questionnaire, answers))
