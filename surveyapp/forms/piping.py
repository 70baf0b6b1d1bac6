"""The words a piped name (`{{D1}}`) stands for on a respondent's page: the earlier answer as
the overview says it (the label of a chosen option, a number as typed, with its unit), and a
neutral wording while it is unanswered, so a text never shows a code or a placeholder."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from flask_babel import gettext as _

from surveyapp.forms.handlers import handler_for
from surveyapp.forms.handlers.base import is_missing
from surveyapp.forms.parsing import format_number
from surveyapp.questionnaire.model import Question, Questionnaire, QuestionType, Text
from surveyapp.questionnaire.piping import PIPE, fill

#: ASCII punctuation, which Markdown may read as markup.
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def _variable_questions(question: Question) -> list[tuple[str, Question]]:
    """Each variable of a question that holds one answer of its own, as a question named by
    it (a matrix item, a place of a ranking, a cell, a roster's question for one item), so
    its handler says the answer: the label of a code, a number with its unit."""
    if question.type in (QuestionType.MATRIX, QuestionType.RANKING):
        return [
            (n, replace(question, id=n, type=QuestionType.SINGLE)) for n in question.variables()
        ]
    if question.type is QuestionType.GRID:
        cell = question.cell or QuestionType.TEXT
        cells = [(n, replace(question, id=n, type=cell)) for _, _, n in question.cells()]
        totals = [
            (n, replace(question, id=n, type=QuestionType.DECIMAL))
            for n in question.total_variables()
        ]
        return cells + totals
    if question.type is QuestionType.ROSTER:
        return [(sub.id, sub) for item in question.rows for sub in question.item_questions(item)]
    return [(name, question) for name in question.variables()]


#: The owners of each questionnaire's variables, by the questionnaire's identity (kept with
#: it, so an id is never reused while its entry lives): a questionnaire is parsed once per
#: process and never changes, and every page a respondent opens needs the owners.
_OWNERS: dict[int, tuple[Questionnaire, dict[str, Question]]] = {}
_OWNERS_KEPT = 32


def _owners_of(questionnaire: Questionnaire) -> dict[str, Question]:
    """The question that says each variable's answer: its own, or one made for the variable."""
    kept = _OWNERS.get(id(questionnaire))
    if kept is not None and kept[0] is questionnaire:
        return kept[1]
    owners: dict[str, Question] = {}
    for question in questionnaire.questions():
        owners[question.id] = question
        for name, single in _variable_questions(question):
            owners.setdefault(name, single)
    if len(_OWNERS) >= _OWNERS_KEPT:
        _OWNERS.pop(next(iter(_OWNERS)))
    _OWNERS[id(questionnaire)] = (questionnaire, owners)
    return owners


def not_given() -> str:
    """What a piped answer reads while the respondent has not given it."""
    return _("(keine Angabe)")


def unfilled(value: str) -> str:
    """`value` for a reader who has not answered anything yet (the questionnaire to view and
    print before consent): each placeholder says whose answer will stand there."""
    return fill(value, lambda name: _("(Ihre Angabe zu %(name)s)", name=name))


class Piping:
    """Fills the placeholders of one page's texts from the answers so far, in one language."""

    def __init__(self, questionnaire: Questionnaire, answers: Mapping[str, Any], lang: str) -> None:
        self.answers = answers
        self.lang = lang
        self._owners = _owners_of(questionnaire)

    def answer(self, name: str) -> str:
        question = self._owners.get(name)
        if question is None:
            return not_given()
        if name == question.id:
            lines = handler_for(question).describe(question, self.answers, self.lang)
            return ", ".join(lines) if lines else not_given()
        value = self.answers.get(name)
        if is_missing(value):
            return not_given()
        if isinstance(value, int | float) and not isinstance(value, bool):
            return format_number(value, self.lang)
        return str(value)

    def text(self, value: str) -> str:
        """`value` with its placeholders filled (plain text: the caller escapes it)."""
        return fill(value, self.answer) if PIPE.search(value) else value

    def markdown(self, value: str) -> str:
        """`value` filled for Markdown: an answer's punctuation is escaped, so an answer
        "**5**" reads as typed and never becomes markup."""
        if not PIPE.search(value):
            return value
        return fill(value, lambda name: _MARKDOWN_PUNCTUATION.sub(r"\\\1", self.answer(name)))

    def fills(self, text: Text | None) -> bool:
        return text is not None and any(PIPE.search(v) for v in text.values.values())
