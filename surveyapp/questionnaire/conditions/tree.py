"""The condition tree: frozen nodes that evaluate themselves against answers.

Evaluation reads answers keyed by *variable name* (`B1`, `E1_3`, `E1_m1`, `C1_a`, `B1_other`).
A variable that is absent, None, empty text or holds a system code (-77, -88) is unanswered, and
an unanswered variable compares false with everything, including `!=` and `not in`.

`answered(E1)` must know which variables question E1 makes. The parser cannot know that, so
`answered(X)` first looks at variable `X` alone; the schema then calls `bind` with every
question's variables, and the conditions stored in a `Questionnaire` are always bound.
"""

from __future__ import annotations

import math
import operator
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from surveyapp.questionnaire.codes import is_system_code, option_variable

Literal = int | Decimal | str


@dataclass(frozen=True)
class VariableGroup:
    """What `answered(question)` looks at: values that count when not missing, 0/1 flags that
    count when 1 (the option variables of a multiple-choice question)."""

    values: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()


class Condition(ABC):
    """A parsed condition. Subclasses are frozen dataclasses, so equal texts give equal trees."""

    @abstractmethod
    def evaluate(self, answers: Mapping[str, object]) -> bool:
        """True if the condition holds for these answers (keyed by variable name)."""

    def references(self) -> frozenset[str]:
        """The question ids and variable names this condition names."""
        return frozenset(name for node in self.walk() for name in node._own_names())

    def walk(self) -> Iterator[Condition]:
        """This node and all nodes below it, parents first."""
        yield self

    def bind(self, groups: Mapping[str, VariableGroup]) -> Condition:
        """A copy whose `answered(question)` parts know the question's variables."""
        return self

    def _own_names(self) -> tuple[str, ...]:
        return ()


def _answer(answers: Mapping[str, object], name: str) -> object | None:
    """The value of a variable, or None if it counts as unanswered.

    A float is a decimal answer as typed on the page, so it is read as a number, never a code.
    """
    value = answers.get(name)
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return None if is_system_code(value) else value
    if isinstance(value, float):
        return None if math.isnan(value) else Decimal(repr(value))
    if isinstance(value, Decimal):
        return None if value.is_nan() or is_system_code(float(value)) else value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value if value.strip() else None
    return value


def is_answered(answers: Mapping[str, object], name: str) -> bool:
    """True if the variable holds a value that is not None, empty text or a system code."""
    return _answer(answers, name) is not None


def _as_number(value: object) -> int | Decimal | None:
    if isinstance(value, int | Decimal):
        return value
    if isinstance(value, str):
        try:
            number = Decimal(value.strip().replace(",", "."))
        except InvalidOperation:
            return None
        return None if not number.is_finite() else number
    return None


#: Both sides are numbers or both are text by the time they are ordered.
_ORDERINGS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _compare(value: object, op: str, literal: Literal) -> bool:
    if isinstance(literal, str):
        if not isinstance(value, str):
            return False
        left: object = value
    else:
        left = _as_number(value)
        if left is None:
            return False
    if op == "==":
        return left == literal
    if op == "!=":
        return left != literal
    return _ORDERINGS[op](left, literal)


def _literal_text(literal: Literal) -> str:
    if isinstance(literal, str):
        return f'"{literal}"' if '"' not in literal else f"'{literal}'"
    return str(literal)


@dataclass(frozen=True)
class Compare(Condition):
    """`B1 == 1`, `D1 >= 2.5`, `N1 != "x"`: one variable against one literal."""

    name: str
    op: str
    literal: Literal

    def evaluate(self, answers: Mapping[str, object]) -> bool:
        value = _answer(answers, self.name)
        return value is not None and _compare(value, self.op, self.literal)

    def _own_names(self) -> tuple[str, ...]:
        return (self.name,)

    def __str__(self) -> str:
        return f"{self.name} {self.op} {_literal_text(self.literal)}"


@dataclass(frozen=True)
class CompareAnswers(Condition):
    """`D2 <= D1`: two answers compared, as check rules need; false unless both are answered."""

    name: str
    op: str
    other: str

    def evaluate(self, answers: Mapping[str, object]) -> bool:
        left, right = _answer(answers, self.name), _answer(answers, self.other)
        if left is None or right is None:
            return False
        if isinstance(left, str) and isinstance(right, str):
            return _compare(left, self.op, right)
        right_number = _as_number(right)
        return right_number is not None and _compare(left, self.op, right_number)

    def _own_names(self) -> tuple[str, ...]:
        return (self.name, self.other)

    def __str__(self) -> str:
        return f"{self.name} {self.op} {self.other}"


@dataclass(frozen=True)
class InList(Condition):
    """`B1 in [1, 2]` and `B1 not in [3]`; both are false while B1 is unanswered."""

    name: str
    values: tuple[Literal, ...]
    negated: bool = False

    def evaluate(self, answers: Mapping[str, object]) -> bool:
        value = _answer(answers, self.name)
        if value is None:
            return False
        found = any(_compare(value, "==", literal) for literal in self.values)
        return found != self.negated

    def _own_names(self) -> tuple[str, ...]:
        return (self.name,)

    def __str__(self) -> str:
        items = ", ".join(_literal_text(v) for v in self.values)
        return f"{self.name} {'not in' if self.negated else 'in'} [{items}]"


@dataclass(frozen=True)
class Contains(Condition):
    """`3 in E1`: option 3 is ticked in multiple-choice question E1 (variable `E1_3` is 1)."""

    code: int
    question: str

    @property
    def variable(self) -> str:
        return option_variable(self.question, self.code)

    def evaluate(self, answers: Mapping[str, object]) -> bool:
        return _answer(answers, self.variable) == 1

    def _own_names(self) -> tuple[str, ...]:
        return (self.question,)

    def __str__(self) -> str:
        return f"{self.code} in {self.question}"


@dataclass(frozen=True)
class Answered(Condition):
    """`answered(X)`: a missing option such as "weiß nicht" counts as an answer.

    Unbound (no `group`), X is read as one variable. Bound to a question, any of its `values`
    holding a non-system value, or any of its `flags` being 1, makes it answered.
    """

    name: str
    group: VariableGroup | None = None

    def evaluate(self, answers: Mapping[str, object]) -> bool:
        if self.group is None:
            return _answer(answers, self.name) is not None
        return any(_answer(answers, v) is not None for v in self.group.values) or any(
            _answer(answers, f) == 1 for f in self.group.flags
        )

    def bind(self, groups: Mapping[str, VariableGroup]) -> Condition:
        group = groups.get(self.name)
        return replace(self, group=group) if group is not None else self

    def _own_names(self) -> tuple[str, ...]:
        return (self.name,)

    def __str__(self) -> str:
        return f"answered({self.name})"


@dataclass(frozen=True)
class Not(Condition):
    part: Condition

    def evaluate(self, answers: Mapping[str, object]) -> bool:
        return not self.part.evaluate(answers)

    def walk(self) -> Iterator[Condition]:
        yield self
        yield from self.part.walk()

    def bind(self, groups: Mapping[str, VariableGroup]) -> Condition:
        return Not(self.part.bind(groups))

    def __str__(self) -> str:
        return f"not {_wrapped(self.part)}"


@dataclass(frozen=True)
class And(Condition):
    parts: tuple[Condition, ...]

    def evaluate(self, answers: Mapping[str, object]) -> bool:
        return all(part.evaluate(answers) for part in self.parts)

    def walk(self) -> Iterator[Condition]:
        yield self
        for part in self.parts:
            yield from part.walk()

    def bind(self, groups: Mapping[str, VariableGroup]) -> Condition:
        return And(tuple(part.bind(groups) for part in self.parts))

    def __str__(self) -> str:
        return " and ".join(_wrapped(part) for part in self.parts)


@dataclass(frozen=True)
class Or(Condition):
    parts: tuple[Condition, ...]

    def evaluate(self, answers: Mapping[str, object]) -> bool:
        return any(part.evaluate(answers) for part in self.parts)

    def walk(self) -> Iterator[Condition]:
        yield self
        for part in self.parts:
            yield from part.walk()

    def bind(self, groups: Mapping[str, VariableGroup]) -> Condition:
        return Or(tuple(part.bind(groups) for part in self.parts))

    def __str__(self) -> str:
        return " or ".join(_wrapped(part) for part in self.parts)


def _wrapped(part: Condition) -> str:
    return f"({part})" if isinstance(part, And | Or) else str(part)


def compared_variables(condition: Condition) -> frozenset[str]:
    """Variables whose value is compared (`D1` in `D2 <= D1`), not `answered(…)` or `3 in E1`."""
    return frozenset(
        name
        for node in condition.walk()
        if isinstance(node, Compare | CompareAnswers | InList) or getattr(node, "compares", False)
        for name in node._own_names()
    )
