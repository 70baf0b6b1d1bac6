"""A one-line description of a questionnaire, for `flask questionnaire check` and logs."""

from __future__ import annotations

from surveyapp.questionnaire.model import Questionnaire, QuestionType


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def summarize(q: Questionnaire) -> str:
    """E.g. `sozialplanung 2019.1: 14 Seiten, 52 Fragen, 140 Variablen` (notes are no questions)."""
    questions = sum(1 for question in q.questions() if question.type is not QuestionType.NOTE)
    return (
        f"{q.id} {q.version}: {_count(len(q.pages), 'Seite', 'Seiten')}, "
        f"{_count(questions, 'Frage', 'Fragen')}, "
        f"{_count(len(q.variables()), 'Variable', 'Variablen')}"
    )
