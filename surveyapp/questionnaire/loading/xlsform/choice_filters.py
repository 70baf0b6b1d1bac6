"""A `choice_filter`, worked out choice by choice.

KoboToolbox users write filters over the columns of the `choices` sheet (`pastel = 'yes'`,
`region != 'ost' and aktiv = 'ja'`); when no earlier answer is named, the filter picks the
same choices for every respondent, so the question simply has those options. A filter that
compares a column with an answer (`state = ${state}`, a cascading select) becomes, for each
choice, a condition on that answer alone (`${state} = 'sachsen'`): the choice's `show_if`,
which the page judges when it is built (the answer must be on an earlier page). Anything that
would mean something else here than in ODK is refused (an unquoted word is a path to a node in
XPath, not text; `.` is the question itself).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from surveyapp.questionnaire.loading.xlsform.expressions import (
    ExpressionError,
    Token,
    TokenCursor,
    tokenize,
)

MAX_LENGTH = 500


#: What the filter says of one choice: always kept, never, or kept where this XLSForm
#: expression over earlier answers holds.
Verdict = bool | str


def choice_verdicts(
    text: str, entries: Sequence[Mapping[str, Any]]
) -> tuple[list[Verdict], set[str]]:
    """What the filter says of each choice, and the columns it reads; raises
    `ExpressionError` (German) for what cannot be read."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"Der Filter ist zu lang ({len(text)} Zeichen)")
    tokens = tokenize(text)
    for token in tokens:
        if token.kind == "SELF":
            raise ExpressionError(
                "„.“ ist in einem choice_filter die Frage selbst, deren Auswahl erst gefiltert "
                "wird; vergleichen Sie Spalten des Blatts choices mit Texten oder früheren "
                "Antworten (gruppe = 'a', land = ${land})"
            )
    columns = {str(key) for entry in entries for key in entry}
    filter_ = _Filter(tokens, columns)
    return [filter_.keeps(entry) for entry in entries], filter_.used


class _Filter(TokenCursor):
    """`or`, `and`, `not(…)`, `true()`, `false()`, parentheses and `column = 'text'` / `!=`,
    parsed once per choice (the lists are short)."""

    def __init__(self, tokens: list[Token], columns: set[str]) -> None:
        super().__init__(tokens)
        self.columns = columns
        self.used: set[str] = set()
        self.entry: Mapping[str, Any] = {}

    def keeps(self, entry: Mapping[str, Any]) -> Verdict:
        self.index, self.entry = 0, entry
        result = self.parse_or()
        if self.token.kind != "END":
            raise self.unexpected("„and“, „or“ oder das Ende des Filters")
        return result

    def unexpected(self, expected: str) -> ExpressionError:
        if self.token.kind == "END":
            return ExpressionError(f"Der Filter endet zu früh: erwartet wird {expected}")
        return ExpressionError(
            f"Unerwartet im Filter: „{self.token.text}“; erwartet wird {expected}"
        )

    def parse_or(self) -> Verdict:
        results = [self.parse_and()]
        while self.is_word("or"):
            self.advance()
            results.append(self.parse_and())
        if any(result is True for result in results):
            return True
        return _joined([r for r in results if isinstance(r, str)], "or") or False

    def parse_and(self) -> Verdict:
        results = [self.parse_primary()]
        while self.is_word("and"):
            self.advance()
            results.append(self.parse_primary())
        if any(result is False for result in results):
            return False
        return _joined([r for r in results if isinstance(r, str)], "and") or True

    def parse_primary(self) -> Verdict:
        if self.token.kind == "PUNCT" and self.token.text == "(":
            self.advance()
            result = self.parse_or()
            self.expect(")")
            return result
        following = self.tokens[self.index + 1 : self.index + 3]
        if self.token.text in ("true", "false") and [t.text for t in following] == ["(", ")"]:
            kept = self.advance().text == "true"  # XPath's constants: keep every choice or none
            self.expect("(")
            self.expect(")")
            return kept
        if self.is_word("not") and self.tokens[self.index + 1].text == "(":
            self.advance()
            self.expect("(")
            inner = self.parse_or()
            self.expect(")")
            return f"not({inner})" if isinstance(inner, str) else not inner
        return self.parse_comparison()

    def parse_comparison(self) -> Verdict:
        left = self.operand()
        if self.token.kind != "OP" or self.token.text not in ("=", "!="):
            raise self.unexpected(
                "„=“ oder „!=“ zwischen einer Spalte und einem Text oder einer früheren Antwort"
            )
        op = self.advance().text
        right = self.operand()
        if left[0] == "answer" or right[0] == "answer":
            (_, answer), (kind, value) = (left, right) if left[0] == "answer" else (right, left)
            if kind == "answer":
                raise ExpressionError(
                    "Ein Filter vergleicht eine Antwort mit einer Spalte des Blatts choices "
                    "oder einem Text (land = ${land}), nicht zwei Antworten miteinander"
                )
            quote = "'" if "'" not in value else '"'
            return f"{answer} {op} {quote}{value}{quote}"
        if (left[0] == "column") == (right[0] == "column"):
            raise ExpressionError(
                "Ein Filter vergleicht eine Spalte des Blatts choices mit einem Text in "
                "Anführungszeichen (gruppe = 'a')"
            )
        equal = left[1] == right[1]
        return equal if op == "=" else not equal

    def operand(self) -> tuple[str, str]:
        token = self.advance()
        if token.kind in ("STRING", "NUMBER"):
            return "text", token.value
        if token.kind == "REF":
            return "answer", token.text
        if token.kind == "NAME" and token.text in self.columns:
            self.used.add(token.text)
            value = self.entry.get(token.text)
            return "column", "" if value is None else str(value)
        if token.kind == "NAME":
            known = ", ".join(sorted(self.columns - {"label"})) or "keine"
            raise ExpressionError(
                f"„{token.text}“ ist keine Spalte des Blatts choices (Spalten: {known}); ein Text "
                f"steht in Anführungszeichen ('{token.text}'), sonst liest ODK ihn als Feld"
            )
        self.index -= 1
        raise self.unexpected("eine Spalte des Blatts choices oder einen Text")


def _joined(parts: list[str], word: str) -> str:
    """Conditions joined by `and` or `or`, each in parentheses where it is a chain itself."""
    if len(parts) == 1:
        return parts[0]
    return f" {word} ".join(f"({part})" for part in parts)
