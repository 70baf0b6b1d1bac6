"""Filter and check conditions: a tiny expression language, parsed by hand, never `eval`-ed.

Researchers write `show_if: "B1 in [1, 2]"` or `rule: "D2 <= D1"`. The text is turned into a
small tree of frozen dataclasses by a tokenizer and a recursive-descent parser that know only
the forms of the contract, so nothing a file says can reach Python itself.

Besides the contract's forms, two answers may be compared (`D2 <= D1`), as check rules do.

Evaluation reads answers keyed by *variable name* (`B1`, `E1_3`, `E1_m1`, `C1_a`, `B1_other`).
A variable that is absent, None, empty text or holds a system code (-77, -88) is unanswered, and
an unanswered variable compares false with everything, including `!=` and `not in`.

`answered(E1)` must know which variables question E1 makes. `parse_condition` cannot know that,
so `answered(X)` first looks at variable `X` alone; the loader then calls `bind` with every
question's variables, and the conditions stored in a `Questionnaire` are always bound.
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from surveyapp.questionnaire.codes import is_system_code, option_variable

MAX_LENGTH = 2000
MAX_DEPTH = 50

KEYWORDS = frozenset({"and", "or", "not", "in", "answered"})
COMPARISONS = ("==", "!=", "<=", ">=", "<", ">")

Literal = int | Decimal | str


class ConditionSyntaxError(ValueError):
    """A condition text that is not in the language; `position` is the 0-based offset."""

    def __init__(self, message: str, position: int) -> None:
        self.message = message
        self.position = position
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.message} (an Stelle {self.position + 1})"


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
    if op == "<":
        return left < literal  # type: ignore[operator]
    if op == "<=":
        return left <= literal  # type: ignore[operator]
    if op == ">":
        return left > literal  # type: ignore[operator]
    return left >= literal  # type: ignore[operator]


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


@dataclass(frozen=True)
class _Token:
    kind: str  # NAME, NUMBER, STRING, OP, PUNCT, END
    text: str
    position: int


_TOKEN = re.compile(
    r"""(?P<SPACE>\s+)
      | (?P<NUMBER>-?\d+(?:\.\d+)?(?![\w.]))
      | (?P<NAME>[A-Za-z][A-Za-z0-9_]*)
      | (?P<STRING>"[^"\n]*"|'[^'\n]*')
      | (?P<OP>==|!=|<=|>=|<|>)
      | (?P<PUNCT>[()\[\],])
    """,
    re.VERBOSE,
)


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ConditionSyntaxError(_bad_character(text, position), position)
        kind = match.lastgroup or ""
        if kind != "SPACE":
            tokens.append(_Token(kind, match.group(), position))
        position = match.end()
    tokens.append(_Token("END", "", len(text)))
    return tokens


def _bad_character(text: str, position: int) -> str:
    char = text[position]
    if char in "\"'":
        return "Der Text in Anführungszeichen wird nicht geschlossen"
    if char.isdigit() or char == "-":
        return (
            f"Ungültige Zahl bei {text[position : position + 12]!r}: erlaubt sind ganze Zahlen "
            "und Dezimalzahlen mit Punkt (2.5)"
        )
    if char == "=":
        return "Einzelnes '=' ist kein Vergleich: verwenden Sie '=='"
    return (
        f"Unerwartetes Zeichen {char!r}: erlaubt sind Fragenkennungen, Zahlen, Texte in "
        "Anführungszeichen, ==, !=, <, <=, >, >=, in, not in, answered(…), and, or, not, "
        "Klammern"
    )


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.index = 0
        self.depth = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.token
        self.index += 1
        return token

    def is_word(self, word: str) -> bool:
        return self.token.kind == "NAME" and self.token.text == word

    def is_punct(self, char: str) -> bool:
        return self.token.kind == "PUNCT" and self.token.text == char

    def fail(self, expected: str) -> ConditionSyntaxError:
        token = self.token
        if token.kind == "END":
            return ConditionSyntaxError(
                f"Die Bedingung endet zu früh: erwartet wird {expected}", token.position
            )
        return ConditionSyntaxError(
            f"Unerwartet: {token.text!r}; erwartet wird {expected}", token.position
        )

    def expect_punct(self, char: str) -> None:
        if not self.is_punct(char):
            raise self.fail(f"'{char}'")
        self.advance()

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConditionSyntaxError(
                f"Die Bedingung ist zu tief verschachtelt (höchstens {MAX_DEPTH} Ebenen)",
                self.token.position,
            )

    def parse(self) -> Condition:
        condition = self.parse_or()
        if self.token.kind != "END":
            raise self.fail("'and', 'or' oder das Ende der Bedingung")
        return condition

    def parse_or(self) -> Condition:
        parts = [self.parse_and()]
        while self.is_word("or"):
            self.advance()
            parts.append(self.parse_and())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def parse_and(self) -> Condition:
        parts = [self.parse_not()]
        while self.is_word("and"):
            self.advance()
            parts.append(self.parse_not())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def parse_not(self) -> Condition:
        if self.is_word("not"):
            self.advance()
            self.enter()
            part = self.parse_not()
            self.depth -= 1
            return Not(part)
        return self.parse_atom()

    def parse_atom(self) -> Condition:
        token = self.token
        if self.is_punct("("):
            self.advance()
            self.enter()
            condition = self.parse_or()
            self.expect_punct(")")
            self.depth -= 1
            return condition
        if self.is_word("answered"):
            self.advance()
            self.expect_punct("(")
            name = self.parse_name()
            self.expect_punct(")")
            return Answered(name)
        if token.kind == "NUMBER":
            return self.parse_contains()
        if token.kind == "NAME" and token.text not in KEYWORDS:
            return self.parse_test(self.advance().text)
        raise self.fail("eine Frage (z. B. B1 == 1), answered(…), 'not' oder '('")

    def parse_name(self) -> str:
        token = self.token
        if token.kind != "NAME" or token.text in KEYWORDS:
            raise self.fail("eine Fragenkennung oder einen Variablennamen")
        return self.advance().text

    def parse_contains(self) -> Condition:
        token = self.advance()
        if "." in token.text:
            raise ConditionSyntaxError(
                "Vor 'in' steht ein Optionscode, also eine ganze Zahl", token.position
            )
        if not self.is_word("in"):
            raise self.fail("'in' und eine Mehrfachauswahl-Frage (z. B. 3 in E1)")
        self.advance()
        return Contains(int(token.text), self.parse_name())

    def parse_test(self, name: str) -> Condition:
        if self.token.kind == "OP":
            op = self.advance().text
            if self.token.kind == "NAME" and self.token.text not in KEYWORDS:
                return CompareAnswers(name, op, self.advance().text)
            return Compare(name, op, self.parse_literal())
        if self.is_word("in"):
            self.advance()
            return InList(name, self.parse_list())
        if self.is_word("not"):
            self.advance()
            if not self.is_word("in"):
                raise self.fail("'in' nach 'not'")
            self.advance()
            return InList(name, self.parse_list(), negated=True)
        raise self.fail(f"nach {name} einen Vergleich (==, !=, <, <=, >, >=, in, not in)")

    def parse_list(self) -> tuple[Literal, ...]:
        self.expect_punct("[")
        values = [self.parse_literal()]
        while self.is_punct(","):
            self.advance()
            values.append(self.parse_literal())
        self.expect_punct("]")
        return tuple(values)

    def parse_literal(self) -> Literal:
        token = self.token
        if token.kind == "NUMBER":
            self.advance()
            return Decimal(token.text) if "." in token.text else int(token.text)
        if token.kind == "STRING":
            self.advance()
            return token.text[1:-1]
        raise self.fail(
            'eine Zahl (1, 2.5), einen Text in Anführungszeichen ("ja") oder eine Frage (D1)'
        )


def compared_variables(condition: Condition) -> frozenset[str]:
    """Variables whose value is compared (`D1` in `D2 <= D1`), not `answered(…)` or `3 in E1`."""
    return frozenset(
        name
        for node in condition.walk()
        if isinstance(node, Compare | CompareAnswers | InList)
        for name in node._own_names()
    )


def parse_condition(text: str) -> Condition:
    """Parse a condition text; raises `ConditionSyntaxError` with a German message."""
    if not isinstance(text, str):
        raise ConditionSyntaxError("Eine Bedingung muss ein Text sein", 0)
    if len(text) > MAX_LENGTH:
        raise ConditionSyntaxError(
            f"Die Bedingung ist zu lang ({len(text)} Zeichen, höchstens {MAX_LENGTH})",
            MAX_LENGTH,
        )
    if not text.strip():
        raise ConditionSyntaxError("Die Bedingung ist leer", 0)
    return _Parser(text).parse()
