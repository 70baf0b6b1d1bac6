"""A `choice_filter` that depends on no answer: the choices it keeps, worked out once.

KoboToolbox users write filters over the columns of the `choices` sheet (`pastel = 'yes'`,
`region != 'ost' and aktiv = 'ja'`); when no earlier answer is named, the filter picks the
same choices for every respondent, so the question simply has those options. A filter that
names an answer (`${state} = cf`, a cascading select) changes the options while the respondent
answers, which the web form cannot do yet: it is refused, like anything that would otherwise
mean something else here than in ODK (an unquoted word is a path to a node in XPath, not text).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from surveyapp.questionnaire.loading.xlsform.expressions import ExpressionError, Token, tokenize

MAX_LENGTH = 500


def kept_choices(text: str, entries: Sequence[Mapping[str, Any]]) -> tuple[list[int], set[str]]:
    """The indexes of the choices the filter keeps, and the columns it reads; raises
    `ExpressionError` (German) for what cannot be worked out once."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"Der Filter ist zu lang ({len(text)} Zeichen)")
    tokens = tokenize(text)
    for token in tokens:
        if token.kind in ("REF", "SELF"):
            raise ExpressionError(
                "Auswahllisten, die von früheren Antworten abhängen (choice_filter mit "
                f"„{token.text}“), werden noch nicht unterstützt; ein fester Filter über Spalten "
                "des Blatts choices (z. B. gruppe = 'a') geht"
            )
    columns = {str(key) for entry in entries for key in entry}
    filter_ = _Filter(tokens, columns)
    kept = [index for index, entry in enumerate(entries) if filter_.keeps(entry)]
    return kept, filter_.used


class _Filter:
    """`or`, `and`, `not(…)`, parentheses and `column = 'text'` / `!=`, parsed once per
    choice (the lists are short)."""

    def __init__(self, tokens: list[Token], columns: set[str]) -> None:
        self.tokens = tokens
        self.columns = columns
        self.used: set[str] = set()
        self.index = 0
        self.entry: Mapping[str, Any] = {}

    def keeps(self, entry: Mapping[str, Any]) -> bool:
        self.index, self.entry = 0, entry
        result = self.parse_or()
        if self.token.kind != "END":
            raise self.unexpected("„and“, „or“ oder das Ende des Filters")
        return result

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
        if self.token.kind == "END":
            return ExpressionError(f"Der Filter endet zu früh: erwartet wird {expected}")
        return ExpressionError(
            f"Unerwartet im Filter: „{self.token.text}“; erwartet wird {expected}"
        )

    def parse_or(self) -> bool:
        results = [self.parse_and()]
        while self.is_word("or"):
            self.advance()
            results.append(self.parse_and())
        return any(results)

    def parse_and(self) -> bool:
        results = [self.parse_primary()]
        while self.is_word("and"):
            self.advance()
            results.append(self.parse_primary())
        return all(results)

    def parse_primary(self) -> bool:
        if self.token.kind == "PUNCT" and self.token.text == "(":
            self.advance()
            result = self.parse_or()
            self.expect(")")
            return result
        if self.is_word("not") and self.tokens[self.index + 1].text == "(":
            self.advance()
            self.expect("(")
            result = not self.parse_or()
            self.expect(")")
            return result
        return self.parse_comparison()

    def parse_comparison(self) -> bool:
        left = self.operand()
        if self.token.kind != "OP" or self.token.text not in ("=", "!="):
            raise self.unexpected("„=“ oder „!=“ zwischen einer Spalte und einem Text")
        op = self.advance().text
        right = self.operand()
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
