"""The condition language's parser: a tokenizer and a recursive-descent parser, never `eval`.

They know only the forms of the contract, so nothing a file says can reach Python itself; a
text outside the language is refused with a German message and the place where it went wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from surveyapp.questionnaire.conditions.functions import (
    IF,
    MAX_PATTERN,
    CompareTerms,
    CompareToday,
    CountChosen,
    Matches,
    Term,
)
from surveyapp.questionnaire.conditions.tree import (
    And,
    Answered,
    Compare,
    CompareAnswers,
    Condition,
    Contains,
    InList,
    Literal,
    Not,
    Or,
)

MAX_LENGTH = 2000
MAX_DEPTH = 50

KEYWORDS = frozenset({"and", "or", "not", "in", "answered"})


class ConditionSyntaxError(ValueError):
    """A condition text that is not in the language; `position` is the 0-based offset."""

    def __init__(self, message: str, position: int) -> None:
        self.message = message
        self.position = position
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.message} (an Stelle {self.position + 1})"


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
      | (?P<ARITH>[-+*/])
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
        #: Whether `if(…)` may stand as a term: in a formula, not in a condition's arithmetic.
        self.choices = False

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
            start, depth = self.index, self.depth
            first: ConditionSyntaxError | None = None
            try:
                self.advance()
                self.enter()
                condition = self.parse_or()
                self.expect_punct(")")
                self.depth -= 1
                if self.token.kind not in ("ARITH", "OP"):
                    return condition
            except ConditionSyntaxError as error:
                first = error
            self.index, self.depth = start, depth  # `(D1 - D2) / 2 > 1`: arithmetic
            try:
                return self.parse_terms(self.parse_term())
            except ConditionSyntaxError:
                if first is not None:
                    raise first from None
                raise
        if self.is_call("matches"):
            return self.parse_matches()
        if self.is_call("count"):
            return self.parse_count()
        if self.is_word("answered"):
            self.advance()
            self.expect_punct("(")
            name = self.parse_name()
            self.expect_punct(")")
            return Answered(name)
        if token.kind == "NUMBER" and self.peek().kind == "ARITH":
            return self.parse_terms(self.parse_term())
        if token.kind == "NUMBER":
            return self.parse_contains()
        if token.kind == "NAME" and token.text not in KEYWORDS:
            if self.peek().kind == "ARITH":
                return self.parse_terms(self.parse_term())
            return self.parse_test(self.advance().text)
        raise self.fail("eine Frage (z. B. B1 == 1), answered(…), 'not' oder '('")

    def peek(self) -> _Token:
        return self.tokens[min(self.index + 1, len(self.tokens) - 1)]

    def is_call(self, word: str) -> bool:
        return self.is_word(word) and self.peek().kind == "PUNCT" and self.peek().text == "("

    def parse_matches(self) -> Condition:
        self.advance()
        self.expect_punct("(")
        name = self.parse_name()
        self.expect_punct(",")
        token = self.token
        if token.kind != "STRING":
            raise self.fail('ein Muster in Anführungszeichen, z. B. matches(P1, "^[0-9]{5}$")')
        self.advance()
        pattern = token.text[1:-1]
        if len(pattern) > MAX_PATTERN:
            raise ConditionSyntaxError(
                f"Das Muster ist zu lang (höchstens {MAX_PATTERN} Zeichen)", token.position
            )
        try:
            re.compile(pattern)
        except re.error as error:
            raise ConditionSyntaxError(
                f"Das Muster ist kein gültiger regulärer Ausdruck ({error})", token.position
            ) from None
        self.expect_punct(")")
        return Matches(name, pattern)

    def parse_count(self) -> Condition:
        self.advance()
        self.expect_punct("(")
        name = self.parse_name()
        self.expect_punct(")")
        if self.token.kind != "OP":
            raise self.fail("einen Vergleich nach count(…), z. B. count(E1) >= 2")
        op = self.advance().text
        token = self.token
        if token.kind != "NUMBER" or "." in token.text:
            raise self.fail("eine ganze Zahl")
        self.advance()
        return CountChosen(name, op, int(token.text))

    def parse_terms(self, left: Term) -> Condition:
        if self.token.kind != "OP":
            raise self.fail("einen Vergleich (==, !=, <, <=, >, >=)")
        op = self.advance().text
        return CompareTerms(left, op, self.parse_term())

    def parse_term(self) -> Term:
        """`A + B * 2`: sums of products, as in arithmetic; parentheses group."""
        term = self.parse_product()
        while self.token.kind == "ARITH" and self.token.text in "+-":
            op = self.advance().text
            term = Term(op=op, left=term, right=self.parse_product())
        return term

    def parse_product(self) -> Term:
        term = self.parse_factor()
        while self.token.kind == "ARITH" and self.token.text in "*/":
            op = self.advance().text
            term = Term(op=op, left=term, right=self.parse_factor())
        return term

    def parse_factor(self) -> Term:
        token = self.token
        if self.is_punct("("):
            self.advance()
            self.enter()
            term = self.parse_term()
            self.expect_punct(")")
            self.depth -= 1
            return term
        if self.choices and self.is_call(IF):
            return self.parse_if()
        if token.kind == "NUMBER":
            self.advance()
            return Term(number=Decimal(token.text) if "." in token.text else int(token.text))
        return Term(name=self.parse_name())

    def parse_if(self) -> Term:
        """`if(B1 == 1, D1, 0)`: the condition is one of the language's; no `if` inside it."""
        self.advance()
        self.expect_punct("(")
        self.enter()
        self.choices = False
        condition = self.parse_or()
        self.choices = True
        self.expect_punct(",")
        then = self.parse_term()
        self.expect_punct(",")
        otherwise = self.parse_term()
        self.expect_punct(")")
        self.depth -= 1
        return Term(op=IF, left=then, right=otherwise, condition=condition)

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
            if self.is_call("today"):
                self.advance()
                self.expect_punct("(")
                self.expect_punct(")")
                return CompareToday(name, op)
            if self.peek().kind == "ARITH" or self.is_punct("("):
                return CompareTerms(Term(name=name), op, self.parse_term())
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


def parse_formula(text: str) -> Term:
    """Parse the arithmetic of a `calculate` question (`D1_a + D1_b`, `(A - B) / A * 100`,
    `if(B1 == 1, D1, 0)`); raises `ConditionSyntaxError` with a German message."""
    if not isinstance(text, str):
        raise ConditionSyntaxError("Eine Formel muss ein Text sein", 0)
    if len(text) > MAX_LENGTH:
        raise ConditionSyntaxError(
            f"Die Formel ist zu lang ({len(text)} Zeichen, höchstens {MAX_LENGTH})", MAX_LENGTH
        )
    if not text.strip():
        raise ConditionSyntaxError("Die Formel ist leer", 0)
    parser = _Parser(text)
    parser.choices = True
    term = parser.parse_term()
    if parser.token.kind != "END":
        raise parser.fail("+, -, *, / oder das Ende der Formel")
    return term
