"""Filters and checks in words, for the read-only preview of a questionnaire.

A researcher reviewing a questionnaire should read "wird nur gezeigt, wenn bei B1 »ja,
etabliert« oder »im Aufbau« gewählt wurde", not `B1 in [1, 2]`. Codes are looked up in the
question's options; a condition form this module does not know falls back to its own text, so
the preview never fails on a new kind of condition.
"""

from __future__ import annotations

from typing import Any

from surveyapp.questionnaire.model import Question, Questionnaire

OPERATORS = {
    "==": "ist",
    "!=": "ist nicht",
    "<": "ist kleiner als",
    "<=": "ist höchstens",
    ">": "ist größer als",
    ">=": "ist mindestens",
}


def explain(condition: Any, questionnaire: Questionnaire) -> str:
    """German sentence part for a parsed condition (without the leading "wenn")."""
    kind = type(condition).__name__
    explainer = _EXPLAINERS.get(kind)
    if explainer is None:
        return f"„{condition}“"
    try:
        return explainer(condition, questionnaire)
    except (AttributeError, KeyError, TypeError):
        return f"„{condition}“"


def _question_for(name: str, questionnaire: Questionnaire) -> tuple[Question | None, str]:
    """The question a variable belongs to, and the item part for matrices (`C1_a` → C1, a)."""
    for question in questionnaire.questions():
        if question.id == name:
            return question, ""
        for item in question.items:
            if question.item_variable(item) == name:
                return question, item.text.get()
    return None, ""


def _value(question: Question | None, literal: Any) -> str:
    if question is not None and question.options and isinstance(literal, int):
        option = question.option(literal)
        if option is not None:
            return f"»{option.label.get()}«"
    if isinstance(literal, str):
        return f"»{literal}«"
    return str(literal).replace(".", ",")


def _subject(name: str, questionnaire: Questionnaire) -> tuple[Question | None, str]:
    question, item = _question_for(name, questionnaire)
    label = f"die Antwort auf {question.id if question is not None and item else name}"
    if item:
        label += f" (Zeile „{item}“)"
    return question, label


def _compare(condition: Any, questionnaire: Questionnaire) -> str:
    question, subject = _subject(condition.name, questionnaire)
    if question is not None and question.options and condition.op in ("==", "!="):
        chosen = "gewählt" if condition.op == "==" else "nicht gewählt"
        return f"bei {condition.name} {_value(question, condition.literal)} {chosen} wurde"
    return f"{subject} {OPERATORS[condition.op]} {_value(question, condition.literal)}"


def _compare_answers(condition: Any, questionnaire: Questionnaire) -> str:
    return f"die Antwort auf {condition.name} {OPERATORS[condition.op]} die auf {condition.other}"


def _in_list(condition: Any, questionnaire: Questionnaire) -> str:
    question, _ = _subject(condition.name, questionnaire)
    values = " oder ".join(_value(question, v) for v in condition.values)
    verb = "nicht gewählt" if condition.negated else "gewählt"
    if question is None or not question.options:
        verb = "nicht angegeben" if condition.negated else "angegeben"
    return f"bei {condition.name} {values} {verb} wurde"


def _contains(condition: Any, questionnaire: Questionnaire) -> str:
    question, _ = _question_for(condition.question, questionnaire)
    return f"bei {condition.question} {_value(question, condition.code)} angekreuzt wurde"


def _answered(condition: Any, questionnaire: Questionnaire) -> str:
    return f"{condition.name} beantwortet wurde"


def _not(condition: Any, questionnaire: Questionnaire) -> str:
    return f"nicht gilt: {explain(condition.part, questionnaire)}"


def _and(condition: Any, questionnaire: Questionnaire) -> str:
    return " und ".join(explain(part, questionnaire) for part in condition.parts)


def _or(condition: Any, questionnaire: Questionnaire) -> str:
    parts = [explain(part, questionnaire) for part in condition.parts]
    return "entweder " + " oder ".join(parts) if len(parts) > 1 else parts[0]


_EXPLAINERS = {
    "Compare": _compare,
    "CompareAnswers": _compare_answers,
    "InList": _in_list,
    "Contains": _contains,
    "Answered": _answered,
    "Not": _not,
    "And": _and,
    "Or": _or,
}
