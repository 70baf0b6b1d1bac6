"""Translating XLSForm `relevant` and `constraint` expressions into the condition language.

XLSForm expressions are XPath; the project's conditions are a much smaller language. Only the
forms with an exact counterpart are translated, and everything else is refused by name, because
a filter that silently means something else would route respondents wrongly:

| XLSForm                              | condition                        |
| ------------------------------------ | -------------------------------- |
| `${B1} = 1`, `${B1} = '1'`           | `B1 == 1` (quoted numbers too)   |
| `!=`, `<`, `<=`, `>`, `>=`           | the same operator                |
| `1 = ${B1}`                          | `B1 == 1` (turned round)         |
| `${D2} <= ${D1}`                     | `D2 <= D1`                       |
| `selected(${E1}, '3')`               | `3 in E1` (`E1 == 3` for select_one) |
| `selected(${E1}, 'other')`           | `99 in E1` (the `or_other` option) |
| `selected(${E1}, 'yes')`, `${B1} = 'yes'` | the code the name `yes` was given |
| `${N1} = 'x'` for a text question    | `N1 == "x"`                      |
| `${B2} != ''` / `${B2} = ''`         | `answered(B2)` / `not answered(B2)` |
| `and`, `or`, `not(…)`, parentheses   | the same                         |
| `.` (in a constraint)                | the question itself              |
| `if(${B1} = 1, ${D1}, 0)` (calculation) | `if(B1 == 1, D1, 0)`          |

The translator knows each question's kind (`single`, `multiple`, `integer`, …) so that quoted
numbers become numbers for a choice or number question but stay text for a text question.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from surveyapp.questionnaire.loading.schema.values import QUESTION_ID
from surveyapp.questionnaire.model import DEFAULT_OTHER_CODE

MAX_LENGTH = 2000
MAX_DEPTH = 50

TEXTUAL = frozenset({"text", "textarea", "date"})
NUMERIC = frozenset({"single", "integer", "decimal", "calculate"})
UNSUPPORTED = "unsupported"
#: The kind of a metadata row (`start`, `username`, …): recorded by ODK, not asked here.
METADATA_KIND = "metadata"

_FLIPPED = {"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_NUMBER = re.compile(r"^-?(?:\d+(?:\.\d+)?|\.\d+)$")
_TOKEN = re.compile(
    r"""(?P<SPACE>\s+)
      | (?P<REF>\$\{\s*(?P<ref>[^}\s]*)\s*\})
      | (?P<NUMBER>-?(?:\d+(?:\.\d+)?|\.\d+))(?![\w.])
      | (?P<STRING>'[^']*'|"[^"]*")
      | (?P<OP>!=|<=|>=|=|<|>)
      | (?P<SELF>\.(?![.\w]))
      | (?P<NAME>[A-Za-z_][\w.:-]*)
      | (?P<ARITH>[-+*])
      | (?P<PUNCT>[(),])
    """,
    re.VERBOSE,
)
_ARITHMETIC = {"div", "mod"}


class ExpressionError(ValueError):
    """An expression that cannot be translated; the message (German) says what and why."""


@dataclass(frozen=True)
class Token:
    kind: str  # REF, NUMBER, STRING, OP, SELF, NAME, PUNCT, END
    text: str
    value: str


@dataclass(frozen=True)
class _Node:
    """Translated text; `compound` when it is an and/or chain that needs parentheses inside."""

    text: str
    compound: bool = False
    #: For `name == literal` / `name != literal`: (name, op, literal), so that a chain of
    #: them on one question can become `name in [...]` / `name not in [...]`.
    comparison: tuple[str, str, str] | None = None


@dataclass(frozen=True)
class _Operand:
    kind: str  # "ref", "number", "string", "today", "term" (arithmetic, as condition text)
    value: str


_Parsed = TypeVar("_Parsed", _Node, _Operand)


def _combine(left: _Operand, op: str, right: _Operand) -> _Operand:
    for side in (left, right):
        if side.kind not in ("ref", "number", "term"):
            raise ExpressionError("Gerechnet wird nur mit Zahlenfragen und Zahlen")
    return _Operand("term", f"{left.value} {op} {right.value}")


def translate_expression(
    text: str,
    kinds: Mapping[str, str],
    own: str | None = None,
    codes: Mapping[str, Mapping[str, int]] | None = None,
) -> str:
    """The condition text for an XLSForm expression; raises `ExpressionError`.

    `kinds` maps every question name of the form to its kind (`UNSUPPORTED` for a row that is
    refused); `own` is the question `.` stands for (None where `.` makes no sense: relevant);
    `codes` maps each choice question to its choice names and the codes they were given.
    """
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"Der Ausdruck ist zu lang ({len(text)} Zeichen)")
    if not text.strip():
        raise ExpressionError("Der Ausdruck ist leer")
    return _Parser(tokenize(text), kinds, own, codes or {}).translate()


def translate_formula(
    text: str,
    kinds: Mapping[str, str],
    codes: Mapping[str, Mapping[str, int]] | None = None,
) -> str:
    """The formula text of a `calculate` row's `calculation` (`${D2} div ${D1} * 100` →
    `D2 / D1 * 100`, `if(${B1} = 'yes', ${D1}, 0)` → `if(B1 == 1, D1, 0)`); raises
    `ExpressionError`. Only arithmetic and `if()` with numbers in both branches are taken
    over, so another function (`round()`) or a text result is refused rather than changed."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"Die Formel ist zu lang ({len(text)} Zeichen)")
    if not text.strip():
        raise ExpressionError("Die Formel ist leer")
    return _Parser(tokenize(text), kinds, None, codes or {}).formula()


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ExpressionError(_bad_character(text[position:]))
        kind = match.lastgroup or ""
        if kind == "REF":
            tokens.append(Token(kind, match.group(), match.group("ref")))
        elif kind == "STRING":
            tokens.append(Token(kind, match.group(), match.group()[1:-1]))
        elif kind != "SPACE":
            tokens.append(Token(kind, match.group(), match.group()))
        position = match.end()
    tokens.append(Token("END", "", ""))
    return tokens


def _bad_character(rest: str) -> str:
    char = rest[0]
    if char == "/":
        return "XPath-Pfade („/…“) werden nicht unterstützt; nennen Sie Fragen als ${name}"
    if char in "'\"":
        return "Der Text in Anführungszeichen wird nicht geschlossen"
    if rest.startswith(".."):
        return "„..“ (die übergeordnete Gruppe) wird nicht unterstützt"
    if rest.startswith("${"):
        return "Nach „${“ fehlt die schließende Klammer „}“"
    return f"Unerwartetes Zeichen „{char}“"


class TokenCursor:
    """A position in a list of tokens, shared by the expression parser and the choice filter
    reader; each says in `unexpected` what it was waiting for, in its own words."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.index = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.token
        self.index += 1
        return token

    def is_word(self, word: str) -> bool:
        return self.token.kind == "NAME" and self.token.text == word

    def expect(self, char: str) -> None:
        if not (self.token.kind == "PUNCT" and self.token.text == char):
            raise self.unexpected(f"„{char}“")
        self.advance()

    def unexpected(self, expected: str) -> ExpressionError:
        raise NotImplementedError


class _Parser(TokenCursor):
    def __init__(
        self,
        tokens: list[Token],
        kinds: Mapping[str, str],
        own: str | None,
        codes: Mapping[str, Mapping[str, int]],
    ) -> None:
        super().__init__(tokens)
        self.codes = codes
        self.last_comparison: tuple[str, str, str] | None = None
        self.depth = 0
        self.kinds = kinds
        self.own = own
        #: Whether `if(…)` may stand as a term: in a calculation, not in a condition.
        self.choices = False

    def peek(self) -> Token:
        return self.tokens[min(self.index + 1, len(self.tokens) - 1)]

    def unexpected(self, expected: str) -> ExpressionError:
        if self.token.kind == "END":
            return ExpressionError(f"Der Ausdruck endet zu früh: erwartet wird {expected}")
        if self.token.text in _ARITHMETIC:
            return ExpressionError(f"Rechnen („{self.token.text}“) wird nicht unterstützt")
        return ExpressionError(f"Unerwartet: „{self.token.text}“; erwartet wird {expected}")

    def translate(self) -> str:
        node = self.parse_or()
        if self.token.kind != "END":
            raise self.unexpected("„and“, „or“ oder das Ende des Ausdrucks")
        return node.text

    def formula(self) -> str:
        self.choices = True
        term = self.parse_sum()
        if self.token.kind != "END":
            raise self.unexpected("+, -, *, div oder das Ende der Formel")
        if term.kind == "ref":
            self.number_kind(term.value)
        elif term.kind not in ("term", "number"):
            raise ExpressionError("Gerechnet wird nur mit Zahlenfragen und Zahlen")
        return term.value

    def parse_or(self) -> _Node:
        return self._chain("or", self.parse_and)

    def parse_and(self) -> _Node:
        return self._chain("and", self.parse_primary)

    def _chain(self, word: str, part: Callable[[], _Node]) -> _Node:
        parts = [part()]
        while self.is_word(word):
            self.advance()
            parts.append(part())
        if len(parts) == 1:
            return parts[0]
        membership = _membership(word, parts)
        if membership is not None:
            return _Node(membership)
        return _Node(f" {word} ".join(_wrapped(p) for p in parts), compound=True)

    def parse_primary(self) -> _Node:
        token = self.token
        if token.kind == "PUNCT" and token.text == "(" and not self._is_arithmetic():
            self.advance()
            node = self._nested(self.parse_or)
            self.expect(")")
            return node
        if token.kind == "NAME" and self.peek().text == "(":
            return self.parse_function()
        return self.parse_comparison()

    def _nested(self, parse: Callable[[], _Parsed]) -> _Parsed:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(f"Der Ausdruck ist zu tief verschachtelt (höchstens {MAX_DEPTH})")
        node = parse()
        self.depth -= 1
        return node

    def parse_function(self) -> _Node:
        name = self.advance().text
        self.expect("(")
        if name == "not":
            node = self._nested(self.parse_or)
            self.expect(")")
            return _Node(f"not {_wrapped(node)}")
        if name == "selected":
            return self.parse_selected()
        if name == "regex":
            return self.parse_regex()
        if name == "count-selected":
            return self.parse_count()
        raise ExpressionError(f"Die Funktion „{name}()“ wird nicht unterstützt")

    def parse_regex(self) -> _Node:
        """`regex(${P1}, '^[0-9]{5}$')` (a PLZ) → `matches(P1, "^[0-9]{5}$")`."""
        target = self.parse_operand()
        self.expect(",")
        pattern = self.parse_operand()
        self.expect(")")
        if target.kind != "ref" or pattern.kind != "string":
            raise ExpressionError("regex() braucht eine Frage und ein Muster: regex(., '^[0-9]+$')")
        if self.kind_of(target.value) not in ("text", None):
            raise ExpressionError(f"regex() geht nur bei Textfragen; ${{{target.value}}} ist keine")
        return _Node(f"matches({target.value}, {_quoted(pattern.value)})")

    def parse_count(self) -> _Node:
        """`count-selected(${E1}) >= 2` → `count(E1) >= 2`."""
        target = self.parse_operand()
        self.expect(")")
        if target.kind != "ref" or self.kind_of(target.value) not in ("multiple", None):
            raise ExpressionError("count-selected() braucht eine Mehrfachauswahl (select_multiple)")
        if self.token.kind != "OP":
            raise self.unexpected("ein Vergleich wie count-selected(${E1}) >= 2")
        op = self.advance().text
        number = self.advance()
        if number.kind != "NUMBER" or not re.fullmatch(r"-?\d+", number.text):
            raise ExpressionError("Nach count-selected(…) und dem Vergleich steht eine ganze Zahl")
        return _Node(f"count({target.value}) {'==' if op == '=' else op} {number.text}")

    def parse_selected(self) -> _Node:
        target = self.parse_operand()
        self.expect(",")
        choice = self.parse_operand()
        self.expect(")")
        if target.kind != "ref" or choice.kind == "ref":
            raise ExpressionError(
                "selected() braucht eine Frage und eine Option: selected(${E1}, '3')"
            )
        code = self.choice_code(target.value, choice.value)
        kind = self.kind_of(target.value)
        if kind == "single":
            return _Node(f"{target.value} == {int(code)}")
        if kind in ("multiple", None):
            return _Node(f"{int(code)} in {target.value}")
        raise ExpressionError(
            "selected() geht nur bei select_one und select_multiple; "
            f"${{{target.value}}} ist keine Auswahlfrage"
        )

    def choice_code(self, question: str, name: str) -> str:
        """The code a choice name was given (`yes` → 1); `other` is the `or_other` option."""
        name = name.strip()
        known = self.codes.get(question)
        if known is not None and name in known:
            return str(known[name])
        if name == "other":
            return str(DEFAULT_OTHER_CODE)
        if known is None and re.fullmatch(r"-?\d+", name):
            return name
        raise ExpressionError(f"${{{question}}} hat keine Antwort mit dem Namen „{name}“")

    def parse_operand(self) -> _Operand:
        token = self.token
        if token.kind == "REF":
            self.advance()
            if not token.value:
                raise ExpressionError("In „${}“ fehlt der Name der Frage")
            return _Operand("ref", token.value)
        if token.kind == "SELF":
            self.advance()
            if self.own is None:
                raise ExpressionError("„.“ (die Frage selbst) gibt es nur in constraint")
            return _Operand("ref", self.own)
        if token.kind == "NUMBER":
            self.advance()
            return _Operand("number", token.text)
        if token.kind == "STRING":
            self.advance()
            return _Operand("string", token.value)
        if token.kind == "NAME" and token.text == "today" and self.peek().text == "(":
            self.advance()
            self.expect("(")
            self.expect(")")
            return _Operand("today", "today()")
        if token.kind == "NAME" and self.peek().text == "(":
            raise ExpressionError(f"Die Funktion „{token.text}()“ wird nicht unterstützt")
        if token.kind == "OP" and token.text == "=":
            raise ExpressionError("In XLSForm vergleicht ein einfaches „=“, nicht „==“")
        if token.kind == "NAME" and token.text not in {"and", "or"} | _ARITHMETIC:
            raise ExpressionError(
                f"„{token.text}“ ist hier nicht erlaubt: Fragen werden als ${{{token.text}}} "
                "geschrieben, Texte in Anführungszeichen"
            )
        raise self.unexpected("eine Frage (${name}), eine Zahl oder ein Text in Anführungszeichen")

    def parse_sum(self) -> _Operand:
        """`${a} + ${b} * 2`: arithmetic on number questions becomes one term."""
        term = self.parse_product()
        while self.token.kind == "ARITH" and self.token.text in "+-":
            op = self.advance().text
            term = _combine(term, op, self.parse_product())
        return term

    def parse_product(self) -> _Operand:
        term = self.parse_factor()
        while (self.token.kind == "ARITH" and self.token.text == "*") or self.is_word("div"):
            op = "/" if self.advance().text == "div" else "*"
            term = _combine(term, op, self.parse_factor())
        return term

    def parse_factor(self) -> _Operand:
        if self.choices and self.is_word("if") and self.peek().text == "(":
            return self.parse_if()
        if self.is_word("mod"):
            raise ExpressionError("Rechnen mit „mod“ wird nicht unterstützt")
        if self.token.kind == "PUNCT" and self.token.text == "(" and self._is_arithmetic():
            self.advance()
            inner = self._nested(self.parse_sum)
            self.expect(")")
            return _Operand("term", f"({inner.value})")
        operand = self.parse_operand()
        if operand.kind == "ref" and self.is_arithmetic_next():
            self.number_kind(operand.value)
        return operand

    def parse_if(self) -> _Operand:
        """`if(cond, a, b)` in a calculation: a condition as in `relevant`, two numbers."""
        self.advance()
        self.expect("(")
        self.choices = False
        condition = self._nested(self.parse_or)
        self.choices = True
        branches = []
        for _ in range(2):
            self.expect(",")
            branch = self._nested(self.parse_sum)
            if branch.kind == "ref":
                self.number_kind(branch.value)
            elif branch.kind not in ("term", "number"):
                raise ExpressionError(
                    "if() in einer Berechnung braucht in beiden Zweigen Zahlen oder Zahlenfragen; "
                    "ein Text als Ergebnis wird nicht unterstützt"
                )
            branches.append(branch.value)
        self.expect(")")
        return _Operand("term", f"if({condition.text}, {branches[0]}, {branches[1]})")

    def is_arithmetic_next(self) -> bool:
        return (self.token.kind == "ARITH") or self.is_word("div") or self.is_word("mod")

    def _is_arithmetic(self) -> bool:
        """Whether the parenthesis opens arithmetic (`(${a} + 1) * 2`), not a condition."""
        depth, arithmetic = 0, False
        for token in self.tokens[self.index :]:
            if token.kind == "PUNCT" and token.text == "(":
                depth += 1
            elif token.kind == "PUNCT" and token.text == ")":
                depth -= 1
                if depth == 0:
                    return arithmetic
            elif depth == 1 and (token.kind == "OP" or token.text in ("and", "or")):
                return False
            elif depth == 1 and (token.kind == "ARITH" or token.text in ("div", "mod")):
                arithmetic = True
        return False

    def number_kind(self, name: str) -> None:
        if self.kind_of(name) not in ("integer", "decimal", "calculate", None):
            raise ExpressionError(
                f"${{{name}}} ist keine Zahlenfrage (integer, decimal): damit lässt sich nicht "
                "rechnen"
            )

    def parse_comparison(self) -> _Node:
        left = self.parse_sum()
        if self.token.kind != "OP":
            if left.kind == "ref":
                raise self.unexpected(f"ein Vergleich wie ${{{left.value}}} = 1")
            raise self.unexpected("ein Vergleich (=, !=, <, <=, >, >=)")
        op = self.advance().text
        right = self.parse_sum()
        if "term" in (left.kind, right.kind):
            return self.compare_terms(left, op, right)
        if right.kind == "today":
            return self.compare_today(left, op)
        if left.kind != "ref" and right.kind == "ref":
            left, op, right = right, _FLIPPED[op], left
        if left.kind != "ref":
            raise ExpressionError("Ein Vergleich muss eine Frage nennen, nicht nur feste Werte")
        self.last_comparison = None
        text = self.compare(left.value, op, right)
        return _Node(text, comparison=self.last_comparison)

    def compare_terms(self, left: _Operand, op: str, right: _Operand) -> _Node:
        for side in (left, right):
            if side.kind not in ("term", "ref", "number"):
                raise ExpressionError("Gerechnet wird nur mit Zahlenfragen und Zahlen")
            if side.kind == "ref":
                self.number_kind(side.value)
        if left.kind == "number":
            left, op, right = right, _FLIPPED[op], left
        return _Node(f"{left.value} {'==' if op == '=' else op} {right.value}")

    def compare_today(self, left: _Operand, op: str) -> _Node:
        if left.kind != "ref" or self.kind_of(left.value) not in ("date", None):
            raise ExpressionError("today() lässt sich nur mit einer Datumsfrage vergleichen")
        return _Node(f"{left.value} {'==' if op == '=' else op} today()")

    def kind_of(self, name: str) -> str | None:
        """The kind of a named question; None for an unknown name (the loader reports it)."""
        kind = self.kinds.get(name)
        if kind is not None and not QUESTION_ID.match(name):
            raise ExpressionError(
                f"${{{name}}} nennt eine Frage, deren Name hier nicht gilt (er muss mit einem "
                "Buchstaben beginnen, dann Buchstaben, Ziffern oder '_'; ein Punkt geht nicht)"
            )
        if kind == METADATA_KIND:
            raise ExpressionError(
                f"${{{name}}} ist eine Zeile mit Metadaten, die ODK selbst festhält und die "
                "nicht übernommen wird: nichts kann hier von ihr abhängen"
            )
        if kind == UNSUPPORTED:
            raise ExpressionError(
                f"${{{name}}} ist eine Frage eines nicht unterstützten Typs und kann hier nicht "
                "vorkommen"
            )
        return kind

    def compare(self, name: str, op: str, right: _Operand) -> str:
        if right.kind == "string" and right.value == "":
            self.kind_of(name)
            return _emptiness(name, op)
        kind = self.value_kind(name)
        target = "==" if op == "=" else op
        if kind == "text" and op not in ("=", "!="):
            raise ExpressionError(
                f"${{{name}}} ist eine Textfrage: ODK vergleicht „{op}“ als Zahl, hier ginge es "
                "nach dem Alphabet; stellen Sie die Frage als integer oder decimal"
            )
        if right.kind == "ref":
            self.value_kind(right.value)
            return f"{name} {target} {right.value}"
        if kind == "single" and right.kind in ("string", "number"):
            literal = self.choice_code(name, right.value)
        else:
            literal = _literal(name, kind, right)
        self.last_comparison = (name, target, literal)
        return f"{name} {target} {literal}"

    def value_kind(self, name: str) -> str | None:
        """The kind of a question whose answer is one value that can be compared."""
        kind = self.kind_of(name)
        if kind == "multiple":
            raise ExpressionError(
                f"${{{name}}} ist eine Mehrfachauswahl: fragen Sie mit selected(${{{name}}}, '1') "
                "nach einer Option"
            )
        if kind == "note":
            raise ExpressionError(f"${{{name}}} ist ein Hinweis (note) ohne Antwort")
        return kind


def _membership(word: str, parts: list[_Node]) -> str | None:
    """`a = 1 or a = 2` → `a in [1, 2]`; `a != 1 and a != 2` → `a not in [1, 2]`: the same
    meaning, in the form the condition language has for it."""
    op = "==" if word == "or" else "!="
    comparisons = [part.comparison for part in parts]
    names = {c[0] for c in comparisons if c is not None}
    if len(names) != 1 or any(c is None or c[1] != op for c in comparisons):
        return None
    values = ", ".join(c[2] for c in comparisons if c is not None)
    return f"{names.pop()} {'in' if word == 'or' else 'not in'} [{values}]"


def _emptiness(name: str, op: str) -> str:
    if op == "!=":
        return f"answered({name})"
    if op == "=":
        return f"not answered({name})"
    raise ExpressionError(f"Mit '' (leer) gehen nur = und !=, nicht {op}")


def _literal(name: str, kind: str | None, operand: _Operand) -> str:
    """A literal in the condition language: text for text questions, numbers otherwise."""
    value = operand.value
    if kind in TEXTUAL:
        return _quoted(value)
    if _NUMBER.match(value.strip()):
        return _number(value.strip())
    if kind is None:
        return _quoted(value)
    raise ExpressionError(
        f"„{value}“ ist keine Zahl, aber ${{{name}}} hat Zahlen als Antwort (bei Auswahlfragen die "
        "ganzzahligen Codes aus choices)"
    )


def _number(text: str) -> str:
    negative = text.startswith("-")
    digits = text.lstrip("-")
    if digits.startswith("."):
        digits = "0" + digits
    whole, _, fraction = digits.partition(".")
    result = str(int(whole)) + (f".{fraction}" if fraction else "")
    return f"-{result}" if negative else result


def _quoted(value: str) -> str:
    if "\n" in value:
        raise ExpressionError("Ein Text in einem Vergleich darf keinen Zeilenumbruch enthalten")
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    raise ExpressionError("Ein Text darf nicht beide Arten von Anführungszeichen enthalten")


def _wrapped(node: _Node) -> str:
    return f"({node.text})" if node.compound else node.text
