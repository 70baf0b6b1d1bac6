"""The value of a `calculate` question, and the totals of a grid, worked out from the answers.

A calculated value (or a total) is never typed: it is worked out wherever the answers are
walked (the route, a page being saved), so it always follows the answers it is made of, and it
is stored like any number so that the data, the codebook and every export carry it.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from surveyapp.questionnaire.codes import is_system_code
from surveyapp.questionnaire.model import Question


def calculated_value(question: Question, answers: Mapping[str, object]) -> int | float | None:
    """The question's formula over `answers`; None while an answer it needs is missing (or it
    divides by zero). Rounded half up to the question's `decimals` when it names them."""
    if question.formula is None:
        return None
    value = question.formula.value(answers)
    if value is None:
        return None
    number = Decimal(value)
    if question.decimals is not None:
        try:
            number = number.quantize(Decimal(1).scaleb(-question.decimals), ROUND_HALF_UP)
        except InvalidOperation:
            return None
    return _plain(number)


def computes(question: Question) -> bool:
    """Whether the question has values that are worked out rather than typed."""
    return question.formula is not None or bool(question.totals)


def computed_names(question: Question) -> list[str]:
    """The variables of a question that are worked out: its calculated value, its totals."""
    return [question.id] if question.formula is not None else list(question.total_variables())


def computed_values(question: Question, answers: Mapping[str, object]) -> dict[str, object]:
    """The worked-out variables of one question: a calculated value, or a grid's totals (the
    sum of the answered cells; None while none of them is answered)."""
    if question.formula is not None:
        return {question.id: calculated_value(question, answers)}
    values: dict[str, object] = {}
    for name, cells in question.total_variables().items():
        numbers = [_number(answers.get(cell)) for cell in cells]
        given = [n for n in numbers if n is not None]
        total = sum(given, Decimal(0)) if given else None
        values[name] = None if total is None else _plain(total)
    return values


def _number(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if is_system_code(value) or value != value:
        return None
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _plain(number: Decimal) -> int | float:
    return int(number) if number == number.to_integral_value() else float(number)


def with_calculations(
    questions: tuple[Question, ...] | list[Question], answers: Mapping[str, object]
) -> dict[str, object]:
    """A copy of `answers` with every worked-out value among `questions` filled in, in order,
    so a calculation may use the one before it."""
    result = dict(answers)
    for question in questions:
        if computes(question):
            result.update(computed_values(question, result))
    return result
