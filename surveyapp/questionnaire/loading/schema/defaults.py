"""`default`: the answer a question shows filled in until the respondent saves its page.

ODK and KoboToolbox forms use defaults (a count of 0, today's date, the usual choice). The
value is checked here against everything the question allows, so a default can never be an
answer the form would refuse; that it is only shown, not stored, until the page is saved is the
form's part (`forms.page`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from surveyapp.questionnaire.loading.errors import child_path
from surveyapp.questionnaire.loading.schema.values import (
    Context,
    is_int,
    is_number,
    kind,
    listing,
)
from surveyapp.questionnaire.model import DEFAULT_MAX_LENGTH, TODAY, QuestionType

#: The question types a default is offered for: those with one field to fill in, or choices.
DEFAULT_TYPES = (
    QuestionType.INTEGER,
    QuestionType.DECIMAL,
    QuestionType.TEXT,
    QuestionType.TEXTAREA,
    QuestionType.DATE,
    QuestionType.SINGLE,
    QuestionType.MULTIPLE,
    QuestionType.BOOLEAN,
)


def read_default(
    ctx: Context, qtype: QuestionType, mapping: Mapping[str, Any], path: str, fields: dict[str, Any]
) -> Any:
    """The question's default as the model holds it, or None with the problem recorded."""
    value, where = mapping["default"], child_path(path, "default")
    if qtype in (QuestionType.INTEGER, QuestionType.DECIMAL):
        return _number(ctx, qtype, value, where, fields)
    if qtype in (QuestionType.TEXT, QuestionType.TEXTAREA):
        limit = fields.get("max_length") or DEFAULT_MAX_LENGTH[qtype]
        if isinstance(value, str) and value.strip() and len(value) <= limit:
            return value
        return _refuse(ctx, where, f"ein Text mit höchstens {limit} Zeichen", value)
    if qtype is QuestionType.DATE:
        return _date(ctx, value, where, fields)
    if qtype is QuestionType.BOOLEAN:
        if value is True or value is False or value in (0, 1):
            return int(value)
        return _refuse(ctx, where, "1 (ja), 0 (nein), true oder false", value)
    codes = [o.code for o in fields.get("options", ()) if not o.is_other]
    if qtype is QuestionType.SINGLE:
        if is_int(value) and value in codes:
            return value
        return _refuse(ctx, where, f"einer der Codes {listing(codes)}", value)
    return _codes(ctx, value, where, codes, fields)


def _number(
    ctx: Context, qtype: QuestionType, value: Any, where: str, fields: dict[str, Any]
) -> Any:
    if qtype is QuestionType.INTEGER and not is_int(value):
        return _refuse(ctx, where, "eine ganze Zahl", value)
    if qtype is QuestionType.DECIMAL and not is_number(value):
        return _refuse(ctx, where, "eine Zahl (mit Punkt: 2.5)", value)
    number = value if qtype is QuestionType.INTEGER else Decimal(str(value))
    return number if _within(ctx, number, value, where, fields) else None


def _date(ctx: Context, value: Any, where: str, fields: dict[str, Any]) -> Any:
    if value == TODAY:
        return TODAY
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            return _refuse(ctx, where, f"ein Datum im Format JJJJ-MM-TT oder {TODAY}", value)
    return day if _within(ctx, day, value, where, fields) else None


def _within(ctx: Context, value: Any, written: Any, where: str, fields: dict[str, Any]) -> bool:
    low, high = fields.get("min"), fields.get("max")
    if (low is not None and value < low) or (high is not None and value > high):
        ctx.error(where, f"Der Vorgabewert {written} liegt außerhalb von min und max")
        return False
    return True


def _codes(
    ctx: Context, value: Any, where: str, codes: list[int], fields: dict[str, Any]
) -> tuple[int, ...] | None:
    if not isinstance(value, list) or not value or not all(is_int(c) and c in codes for c in value):
        return _refuse(ctx, where, f"eine Liste der Codes {listing(codes)}", value)
    exclusive = set(fields.get("exclusive", ())) & set(value)
    if exclusive and len(value) > 1:
        ctx.error(where, f"Der Code {min(exclusive)} schließt die anderen Vorgaben aus")
        return None
    most = fields.get("max_choices")
    if most is not None and len(value) > most:
        ctx.error(where, f"Höchstens {most} Vorgaben (max_choices)")
        return None
    return tuple(value)


def _refuse(ctx: Context, where: str, expected: str, value: Any) -> Any:
    """Records why the value cannot be a default; None, the default the question then has."""
    ctx.error(where, f"Als Vorgabewert (default) passt {expected}, nicht {kind(value)}")
    return None
