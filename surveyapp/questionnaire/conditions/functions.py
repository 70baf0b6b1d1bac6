"""Conditions beyond comparing one answer: pattern tests, counts, today's date, arithmetic.

Municipal forms check a Gemeindeschlüssel or a Postleitzahl by pattern (`matches(P1,
"^[0-9]{5}$")`), limit how many options are ticked (`count(E1) <= 3`), keep dates in the past
(`B4 <= today()`) and add up parts (`D2 + D3 <= D1`). Like every condition, each is false while
an answer it needs is missing. A calculated value may choose between two terms by a condition
(`if(B1 == 1, D1, 0)`, as XLSForm's `if()`), so a share can be worked out only where it applies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, DivisionByZero, InvalidOperation

from surveyapp.questionnaire.conditions.tree import (
    Condition,
    VariableGroup,
    _answer,
    _as_number,
    _compare,
)

#: A longer pattern is not a check of a code but a program; it is refused.
MAX_PATTERN = 200


@dataclass(frozen=True)
class Matches(Condition):
    """`matches(P1, "^[0-9]{5}$")`: the text answer contains the pattern (as ODK's regex())."""

    #: A check with it is judged only once its answers are given (`compared_variables`).
    compares = True

    name: str
    pattern: str

    def evaluate(self, answers: Mapping[str, object]) -> bool:
        value = _answer(answers, self.name)
        return value is not None and re.search(self.pattern, str(value)) is not None

    def _own_names(self) -> tuple[str, ...]:
        return (self.name,)

    def __str__(self) -> str:
        quote = "'" if '"' in self.pattern else '"'
        return f"matches({self.name}, {quote}{self.pattern}{quote})"


@dataclass(frozen=True)
class CountChosen(Condition):
    """`count(E1) >= 2`: how many options of multiple-choice question E1 are ticked."""

    question: str
    op: str
    number: int
    group: VariableGroup | None = None

    def evaluate(self, answers: Mapping[str, object]) -> bool:
        flags = self.group.flags if self.group is not None else ()
        chosen = sum(1 for flag in flags if _answer(answers, flag) == 1)
        return _compare(chosen, self.op, self.number)

    def bind(self, groups: Mapping[str, VariableGroup]) -> Condition:
        group = groups.get(self.question)
        return replace(self, group=group) if group is not None else self

    def _own_names(self) -> tuple[str, ...]:
        return (self.question,)

    def __str__(self) -> str:
        return f"count({self.question}) {self.op} {self.number}"


@dataclass(frozen=True)
class CompareToday(Condition):
    """`B4 <= today()`: a date answer against the day the condition is evaluated."""

    #: A check with it is judged only once its answers are given (`compared_variables`).
    compares = True

    name: str
    op: str

    def evaluate(self, answers: Mapping[str, object]) -> bool:
        value = _answer(answers, self.name)
        return isinstance(value, str) and _compare(value, self.op, date.today().isoformat())

    def _own_names(self) -> tuple[str, ...]:
        return (self.name,)

    def __str__(self) -> str:
        return f"{self.name} {self.op} today()"


@dataclass(frozen=True)
class Term:
    """A number, an answer (`name`), an operation on two terms, or (`op` "if") a choice
    between two terms by a `condition`: `left` where it holds, `right` where not (a missing
    answer makes a condition false, as everywhere)."""

    number: int | Decimal | None = None
    name: str | None = None
    op: str | None = None
    left: Term | None = None
    right: Term | None = None
    condition: Condition | None = None

    def value(self, answers: Mapping[str, object]) -> int | Decimal | None:
        if self.name is not None:
            return _as_number(_answer(answers, self.name))
        if self.op is None or self.left is None or self.right is None:
            return self.number
        if self.op == IF and self.condition is not None:
            chosen = self.left if self.condition.evaluate(answers) else self.right
            return chosen.value(answers)
        left, right = self.left.value(answers), self.right.value(answers)
        if left is None or right is None:
            return None
        try:
            return _OPERATIONS[self.op](Decimal(left), Decimal(right))
        except (DivisionByZero, InvalidOperation, ZeroDivisionError):
            return None

    def names(self) -> tuple[str, ...]:
        """The answers the arithmetic uses (not those of a condition in it: `conditions`)."""
        if self.name is not None:
            return (self.name,)
        parts = (self.left, self.right)
        return tuple(name for part in parts if part is not None for name in part.names())

    def conditions(self) -> Iterator[Condition]:
        """The conditions of every `if` in the term."""
        if self.condition is not None:
            yield self.condition
        for part in (self.left, self.right):
            if part is not None:
                yield from part.conditions()

    def bind(self, groups: Mapping[str, VariableGroup]) -> Term:
        if self.op is None:
            return self
        return replace(
            self,
            left=self.left.bind(groups) if self.left else None,
            right=self.right.bind(groups) if self.right else None,
            condition=self.condition.bind(groups) if self.condition else None,
        )

    def __str__(self) -> str:
        if self.name is not None:
            return self.name
        if self.op is None or self.left is None or self.right is None:
            return str(self.number)
        if self.op == IF:
            return f"if({self.condition}, {self.left}, {self.right})"
        return f"{_grouped(self.left, self.op)} {self.op} {_grouped(self.right, self.op, True)}"


#: The `op` of a term that chooses by a condition.
IF = "if"
_OPERATIONS = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
}
_RANK = {"+": 1, "-": 1, "*": 2, "/": 2}


def _grouped(term: Term, op: str, right: bool = False) -> str:
    if term.op is None or term.op == IF:
        return str(term)
    lower = _RANK[term.op] < _RANK[op] or (right and _RANK[term.op] == _RANK[op])
    return f"({term})" if lower else str(term)


@dataclass(frozen=True)
class CompareTerms(Condition):
    """`D2 + D3 <= D1`: arithmetic on answers; false while one of them is missing."""

    #: A check with it is judged only once its answers are given (`compared_variables`).
    compares = True

    left: Term
    op: str
    right: Term

    def evaluate(self, answers: Mapping[str, object]) -> bool:
        left, right = self.left.value(answers), self.right.value(answers)
        return left is not None and right is not None and _compare(left, self.op, right)

    def _own_names(self) -> tuple[str, ...]:
        return (*self.left.names(), *self.right.names())

    def __str__(self) -> str:
        return f"{self.left} {self.op} {self.right}"


@dataclass(frozen=True)
class Formula(Condition):
    """The formula of a `calculate` question, carried as a node so the schema checks what it
    names like any condition: earlier number answers only. It is never a filter itself."""

    term: Term

    def evaluate(self, answers: Mapping[str, object]) -> bool:
        return self.term.value(answers) is not None

    def walk(self) -> Iterator[Condition]:
        yield self
        for condition in self.term.conditions():
            yield from condition.walk()

    def _own_names(self) -> tuple[str, ...]:
        return self.term.names()

    def __str__(self) -> str:
        return str(self.term)
