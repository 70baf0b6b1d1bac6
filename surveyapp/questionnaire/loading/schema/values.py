"""Shared helpers of the schema: collecting problems and checking single values.

Every helper reports into a `Context` and returns None for a broken value instead of raising,
so one pass over the file finds every error and the researcher sees them all at once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from surveyapp.questionnaire.conditions import (
    KEYWORDS,
    Condition,
    ConditionSyntaxError,
    parse_condition,
)
from surveyapp.questionnaire.loading.errors import Problem, child_path
from surveyapp.questionnaire.model import Text

_LAST_STEP = re.compile(r"(\.[^.\[]+|\[\d+\])$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
QUESTION_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
MAX_ID_LENGTH = 32


@dataclass
class Context:
    """Where problems are collected, with the lines known from the YAML file (if any)."""

    lines: Mapping[str, int]
    languages: tuple[str, ...] = ("de",)
    check_languages: bool = True
    problems: list[Problem] = field(default_factory=list)

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def error(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message, self.line(path)))

    def line(self, path: str) -> int | None:
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = _LAST_STEP.sub("", path) if _LAST_STEP.search(path) else ""


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    return is_int(value) or (isinstance(value, float) and math.isfinite(value))


def listing(values: Iterable[Any]) -> str:
    return ", ".join(str(v) for v in values) or "(keine)"


def check_keys(
    ctx: Context,
    mapping: Mapping[str, Any],
    path: str,
    allowed: Iterable[str],
    required: Iterable[str] = (),
    misuse: Mapping[str, str] | None = None,
) -> None:
    """Unknown keys are errors: the format may grow, and a typo must not be ignored silently."""
    allowed = list(allowed)
    for key in mapping:
        if key in allowed:
            continue
        hint = (misuse or {}).get(key)
        reason = hint or f"Unbekannter Schlüssel '{key}'"
        ctx.error(child_path(path, key), f"{reason}. Erlaubt sind hier: {listing(allowed)}")
    for key in required:
        if key not in mapping:
            ctx.error(path, f"Der Schlüssel '{key}' fehlt")


def expect_mapping(ctx: Context, value: Any, path: str, what: str) -> dict[str, Any] | None:
    if isinstance(value, dict):
        return value
    ctx.error(path, f"{what} muss eine Zuordnung (schlüssel: wert) sein, nicht {kind(value)}")
    return None


def expect_list(ctx: Context, value: Any, path: str, what: str) -> list[Any] | None:
    if isinstance(value, list):
        if value:
            return value
        ctx.error(path, f"{what} darf nicht leer sein")
        return None
    ctx.error(path, f"{what} muss eine Liste sein, nicht {kind(value)}")
    return None


def kind(value: Any) -> str:
    if value is None:
        return "leer"
    if isinstance(value, bool):
        return f"der Wahrheitswert {str(value).lower()}"
    if isinstance(value, int | float):
        return f"die Zahl {value}"
    if isinstance(value, str):
        return f"der Text '{value[:40]}'"
    if isinstance(value, list):
        return "eine Liste"
    return "eine Zuordnung"


def shown(value: Any) -> str:
    """A value quoted for a message: `'B 1'` for text, a description for anything else."""
    return f"'{value}'" if isinstance(value, str) else f"({kind(value)})"


def text(ctx: Context, value: Any, path: str) -> Text | None:
    """A user-facing text: a plain string (default language) or a mapping by language.

    Whitespace around a text (the line break a YAML block `|` ends with) shows nowhere and an
    XLSForm cell cannot keep it, so it is dropped: every reading of a file gives the same text."""
    if isinstance(value, str):
        if value.strip():
            return Text({ctx.default_language: value.strip()}, ctx.default_language)
        ctx.error(path, "Der Text ist leer")
        return None
    if not isinstance(value, dict) or not value:
        hint = ""
        if isinstance(value, bool):
            hint = " (setzen Sie Wörter wie yes, no, on, off in Anführungszeichen)"
        ctx.error(
            path,
            "Erwartet wird ein Text oder eine Zuordnung nach Sprache wie "
            f'{{de: "…", en: "…"}}, nicht {kind(value)}{hint}',
        )
        return None
    ok = True
    for lang, translation in value.items():
        if ctx.check_languages and lang not in ctx.languages:
            ctx.error(
                child_path(path, lang),
                f"Die Sprache '{lang}' ist nicht in languages angegeben "
                f"(angegeben: {listing(ctx.languages)})",
            )
            ok = False
        elif not isinstance(translation, str) or not translation.strip():
            ctx.error(child_path(path, lang), "Der Text fehlt oder ist kein Text")
            ok = False
    if ctx.check_languages and ctx.default_language not in value:
        ctx.error(path, f"Die Fassung in der Standardsprache '{ctx.default_language}' fehlt")
        ok = False
    stripped = {lang: translation.strip() for lang, translation in value.items()}
    return Text(stripped, ctx.default_language) if ok else None


def optional_text(ctx: Context, mapping: Mapping[str, Any], key: str, path: str) -> Text | None:
    if key not in mapping:
        return None
    return text(ctx, mapping[key], child_path(path, key))


def boolean(ctx: Context, mapping: Mapping[str, Any], key: str, path: str) -> bool:
    value = mapping.get(key, False)
    if isinstance(value, bool):
        return value
    ctx.error(child_path(path, key), f"Erlaubt sind true oder false, nicht {kind(value)}")
    return False


def integer(
    ctx: Context, mapping: Mapping[str, Any], key: str, path: str, low: int, high: int
) -> int | None:
    if key not in mapping:
        return None
    value = mapping[key]
    if is_int(value) and low <= value <= high:
        return value
    ctx.error(
        child_path(path, key),
        f"Erwartet wird eine ganze Zahl von {low} bis {high}, nicht {kind(value)}",
    )
    return None


def bound(ctx: Context, mapping: Mapping[str, Any], key: str, path: str, of: str) -> Any:
    """`min`/`max` of an integer, decimal or date question, as the matching Python value."""
    if key not in mapping:
        return None
    value, where = mapping[key], child_path(path, key)
    if of == "integer" and is_int(value):
        return value
    if of == "decimal" and is_number(value):
        return Decimal(str(value))
    if of == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    expected = {
        "integer": "eine ganze Zahl",
        "decimal": "eine Zahl (mit Punkt: 2.5)",
        "date": "ein Datum im Format JJJJ-MM-TT",
    }[of]
    ctx.error(where, f"Erwartet wird {expected}, nicht {kind(value)}")
    return None


def check_id(ctx: Context, value: Any, path: str, what: str, pattern: re.Pattern[str]) -> bool:
    if not isinstance(value, str) or not pattern.match(value):
        rule = (
            "mit einem Buchstaben beginnen, dann Buchstaben, Ziffern oder '_'"
            if pattern is QUESTION_ID
            else "aus Buchstaben, Ziffern und '_' bestehen"
        )
        ctx.error(path, f"{what} {shown(value)} ist ungültig: sie muss {rule}")
        return False
    if len(value) > MAX_ID_LENGTH:
        ctx.error(path, f"{what} '{value}' ist zu lang (höchstens {MAX_ID_LENGTH} Zeichen)")
        return False
    if value in KEYWORDS:
        ctx.error(path, f"{what} '{value}' ist ein Wort der Bedingungssprache und nicht erlaubt")
        return False
    return True


def parse_condition_at(ctx: Context, value: Any, path: str) -> Condition | None:
    if not isinstance(value, str):
        ctx.error(path, f"Eine Bedingung muss ein Text sein, nicht {kind(value)}")
        return None
    try:
        return parse_condition(value)
    except ConditionSyntaxError as error:
        ctx.error(path, f"Bedingung {value[:80]!r} ist fehlerhaft: {error}")
        return None
