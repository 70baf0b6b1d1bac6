"""Stored answers in words: for the overview, the printable copy, a conflict notice and the
researcher's view of one response.

Each question type's handler knows how its answer reads (`Handler.describe`); this module only
asks it, so the respondent's overview and the researcher's view always show the same words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from surveyapp.forms.handlers import handler_for
from surveyapp.questionnaire.model import Question


@dataclass(frozen=True)
class AnswerText:
    """One question with its answer as lines of text (several for a matrix or multiple choice)."""

    question: Question
    text: str
    lines: tuple[str, ...]
    answered: bool
    #: The language of `text` where it is a fallback from another one ("" otherwise).
    text_lang: str = ""
    #: For each line, the language of a fallback text in it ("" where there is none).
    line_langs: tuple[str, ...] = ()


def describe(question: Question, answers: Mapping[str, Any], lang: str) -> AnswerText:
    """The question's text and its stored answer in words, in `lang`."""
    handler = handler_for(question)
    lines = handler.describe(question, answers, lang)
    return AnswerText(
        question,
        question.text.get(lang),
        tuple(lines),
        bool(lines),
        question.text.fallback_language(lang),
        tuple(handler.line_languages(question, answers, lang)),
    )


def not_answered() -> str:
    """What stands in place of an answer that was shown but not given."""
    return _("nicht beantwortet")
