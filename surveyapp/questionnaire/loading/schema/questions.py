"""Building one question (its items, checks and type-specific keys) from its mapping in the file.

Conditions are parsed here but checked against the rest of the questionnaire later, once every
question is known; each one is handed back as a `PendingCondition`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from surveyapp.questionnaire.codes import NO_ANSWER, NOT_SHOWN, is_system_code
from surveyapp.questionnaire.conditions import Condition, ConditionSyntaxError, parse_formula
from surveyapp.questionnaire.conditions.functions import Formula
from surveyapp.questionnaire.loading.errors import child_path
from surveyapp.questionnaire.loading.schema import grid, roster
from surveyapp.questionnaire.loading.schema.defaults import DEFAULT_TYPES, read_default
from surveyapp.questionnaire.loading.schema.options import (
    OptionLists,
    question_options,
    with_other,
)
from surveyapp.questionnaire.loading.schema.values import (
    QUESTION_ID,
    Context,
    boolean,
    bound,
    check_id,
    check_keys,
    expect_list,
    expect_mapping,
    integer,
    is_int,
    kind,
    listing,
    optional_text,
    parse_condition_at,
)
from surveyapp.questionnaire.model import (
    DEFAULT_MAX_LENGTH,
    DEFAULT_OTHER_CODE,
    Check,
    MatrixItem,
    Option,
    Question,
    QuestionType,
    Required,
)

ITEM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_]*$")

COMMON_KEYS = ("id", "type", "text", "help", "required", "show_if", "check", "prefill")
#: What `prefill` may say: `previous`, the unit's answer of the earlier wave.
PREFILL_SOURCES = ("previous",)
NOTE_KEYS = ("id", "type", "text", "help", "show_if")
TYPE_KEYS: dict[QuestionType, tuple[str, ...]] = {
    QuestionType.SINGLE: ("options", "other", "other_code", "default"),
    QuestionType.MULTIPLE: (
        "options",
        "other",
        "other_code",
        "exclusive",
        "min_choices",
        "max_choices",
        "default",
    ),
    QuestionType.MATRIX: ("items", "options"),
    QuestionType.INTEGER: ("min", "max", "unit", "default"),
    QuestionType.DECIMAL: ("min", "max", "decimals", "unit", "default"),
    QuestionType.TEXT: ("max_length", "default"),
    QuestionType.TEXTAREA: ("max_length", "default"),
    QuestionType.DATE: ("min", "max", "default"),
    QuestionType.BOOLEAN: ("default",),
    QuestionType.NOTE: (),
    QuestionType.CALCULATE: ("formula", "show", "decimals", "unit"),
    QuestionType.GRID: grid.KEYS,
    QuestionType.ROSTER: roster.KEYS,
    QuestionType.RANKING: ("options", "ranks"),
}
#: A calculated value asks nothing, so it cannot be required.
CALCULATE_KEYS = ("id", "type", "text", "help", "show_if", "check")
ITEM_KEYS = ("id", "text")
CHECK_KEYS = ("rule", "message", "soft")


@dataclass(frozen=True)
class PendingCondition:
    """A parsed condition still to be checked against the questions before `limit`."""

    path: str
    condition: Condition
    limit: int
    owner: str
    #: Why a name at or after `limit` is refused, where the usual reason does not fit.
    too_late: str = ""


class QuestionReader:
    """Reads the questions of a file in order; `ordinal` is a question's place in the file."""

    def __init__(self, ctx: Context, lists: OptionLists) -> None:
        self.ctx = ctx
        self.lists = lists
        self.pending: list[PendingCondition] = []

    def read(self, raw: Any, path: str, ordinal: int) -> Question | None:
        ctx = self.ctx
        before = len(ctx.problems)
        mapping = expect_mapping(ctx, raw, path, "Eine Frage")
        if mapping is None:
            return None
        qtype = self._type(mapping, path)
        qid = mapping.get("id")
        if "id" in mapping:
            check_id(ctx, qid, child_path(path, "id"), "Die Frage-ID", QUESTION_ID)
        if qtype is not None:
            allowed = _allowed_keys(qtype)
            required = ["id", "type", "text"]
            if qtype is QuestionType.CALCULATE:
                required.append("formula")
            if qtype is QuestionType.GRID:
                required.extend(("rows", "columns", "cell"))
            if qtype is QuestionType.ROSTER:
                required.append("questions")
            if qtype in (
                QuestionType.SINGLE,
                QuestionType.MULTIPLE,
                QuestionType.MATRIX,
                QuestionType.RANKING,
            ):
                required.append("options")
            if qtype is QuestionType.MATRIX:
                required.append("items")
            check_keys(ctx, mapping, path, allowed, required, _misuse(qtype))
        else:
            check_keys(ctx, mapping, path, mapping.keys(), ("id", "type", "text"))
        fields = self._common(mapping, path, str(qid), ordinal)
        if qtype is not None:
            fields.update(self._specific(qtype, mapping, path))
        if qtype is QuestionType.CALCULATE:
            fields.update(self._formula(mapping, path, ordinal))
        if qtype is QuestionType.ROSTER:
            fields.update(roster.read_roster(ctx, mapping, path, self, ordinal))
        if qtype in DEFAULT_TYPES and "default" in mapping and len(ctx.problems) == before:
            fields["default"] = read_default(ctx, qtype, mapping, path, fields)
        if len(ctx.problems) != before or qtype is None:
            return None
        return Question(id=str(qid), type=qtype, line=ctx.line(path), **fields)

    def _formula(self, mapping: Mapping[str, Any], path: str, ordinal: int) -> dict[str, Any]:
        """A `calculate` question's formula, its names checked later like a condition's."""
        where = child_path(path, "formula")
        value = mapping.get("formula")
        fields: dict[str, Any] = {"show": boolean(self.ctx, mapping, "show", path)}
        if not isinstance(value, str):
            if "formula" in mapping:
                self.ctx.error(where, f"Eine Formel muss ein Text sein, nicht {kind(value)}")
            return fields
        try:
            term = parse_formula(value)
        except ConditionSyntaxError as error:
            self.ctx.error(where, f"Formel {value[:80]!r} ist fehlerhaft: {error}")
            return fields
        self.pending.append(PendingCondition(where, Formula(term), ordinal, str(mapping.get("id"))))
        fields.update(formula=term, formula_text=value)
        return fields

    def _type(self, mapping: Mapping[str, Any], path: str) -> QuestionType | None:
        if "type" not in mapping:
            return None
        value = mapping["type"]
        try:
            return QuestionType(value)
        except ValueError:
            self.ctx.error(
                child_path(path, "type"),
                f"Unbekannter Fragetyp {kind(value)}; erlaubt: "
                f"{listing(t.value for t in QuestionType)}",
            )
            return None

    def _common(
        self, mapping: Mapping[str, Any], path: str, qid: str, ordinal: int
    ) -> dict[str, Any]:
        ctx = self.ctx
        fields: dict[str, Any] = {
            "text": optional_text(ctx, mapping, "text", path),
            "help": optional_text(ctx, mapping, "help", path),
            "required": self._required(mapping, path),
        }
        if "show_if" in mapping:
            where = child_path(path, "show_if")
            condition = parse_condition_at(ctx, mapping["show_if"], where)
            if condition is not None:
                self.pending.append(PendingCondition(where, condition, ordinal, qid))
            fields["show_if"] = condition
        if "prefill" in mapping:
            fields["prefill"] = self._prefill(mapping["prefill"], path)
        if "check" in mapping:
            fields["checks"] = self._checks(
                mapping["check"], child_path(path, "check"), qid, ordinal
            )
        return fields

    def _prefill(self, value: Any, path: str) -> str | None:
        if value in PREFILL_SOURCES:
            return str(value)
        self.ctx.error(
            child_path(path, "prefill"),
            f"prefill erlaubt nur {listing(PREFILL_SOURCES)}, nicht {kind(value)}",
        )
        return None

    def _required(self, mapping: Mapping[str, Any], path: str) -> Required:
        value = mapping.get("required", False)
        if value is True:
            return Required.HARD
        if value is False:
            return Required.NO
        if value == "soft":
            return Required.SOFT
        self.ctx.error(
            child_path(path, "required"),
            f"required erlaubt nur true, false oder soft, nicht {kind(value)}",
        )
        return Required.NO

    def _checks(self, value: Any, path: str, qid: str, ordinal: int) -> tuple[Check, ...]:
        ctx = self.ctx
        entries = expect_list(ctx, value, path, "check")
        checks: list[Check] = []
        for index, entry in enumerate(entries or []):
            where = child_path(path, index)
            mapping = expect_mapping(ctx, entry, where, "Eine Prüfregel")
            if mapping is None:
                continue
            check_keys(ctx, mapping, where, CHECK_KEYS, required=("rule", "message"))
            rule_path = child_path(where, "rule")
            condition = (
                parse_condition_at(ctx, mapping["rule"], rule_path) if "rule" in mapping else None
            )
            message = optional_text(ctx, mapping, "message", where)
            soft = boolean(ctx, mapping, "soft", where)
            if condition is not None:
                self.pending.append(PendingCondition(rule_path, condition, ordinal + 1, qid))
                if message is not None:
                    checks.append(Check(mapping["rule"], condition, message, soft))
        return tuple(checks)

    def _specific(
        self, qtype: QuestionType, mapping: Mapping[str, Any], path: str
    ) -> dict[str, Any]:
        ctx = self.ctx
        if qtype is QuestionType.GRID:
            return grid.read_grid(ctx, mapping, path, self.lists, self._items)
        fields: dict[str, Any] = {}
        if "options" in mapping and qtype in TYPE_KEYS and "options" in TYPE_KEYS[qtype]:
            chosen, list_name = question_options(ctx, mapping, path, self.lists)
            options = chosen.options if chosen is not None else None
            fields["options"] = options or ()
            fields["option_list"] = list_name
            fields["scale_top"] = chosen.top if chosen is not None else None
            if options is not None and qtype is not QuestionType.MATRIX:
                fields.update(self._choices(qtype, mapping, path, options))
        if qtype is QuestionType.MATRIX and "items" in mapping:
            fields["items"] = self._items(mapping["items"], child_path(path, "items"))
        if qtype in (QuestionType.INTEGER, QuestionType.DECIMAL, QuestionType.DATE):
            fields.update(self._range(qtype, mapping, path))
        if qtype in (QuestionType.INTEGER, QuestionType.DECIMAL, QuestionType.CALCULATE):
            fields["unit"] = optional_text(ctx, mapping, "unit", path)
        if qtype in (QuestionType.DECIMAL, QuestionType.CALCULATE):
            fields["decimals"] = integer(ctx, mapping, "decimals", path, 0, 10)
        if qtype in DEFAULT_MAX_LENGTH:
            value = integer(ctx, mapping, "max_length", path, 1, 100_000)
            fields["max_length"] = value if value is not None else DEFAULT_MAX_LENGTH[qtype]
        return fields

    def _choices(
        self,
        qtype: QuestionType,
        mapping: Mapping[str, Any],
        path: str,
        options: tuple[Option, ...],
    ) -> dict[str, Any]:
        ctx = self.ctx
        other = boolean(ctx, mapping, "other", path)
        other_code = DEFAULT_OTHER_CODE
        if "other_code" in mapping:
            where = child_path(path, "other_code")
            other_code = mapping["other_code"]
            if not other:
                ctx.error(where, "other_code ist nur zusammen mit other: true sinnvoll")
            elif not is_int(other_code) or is_system_code(other_code):
                ctx.error(
                    where,
                    f"other_code muss eine ganze Zahl außer {NOT_SHOWN} und {NO_ANSWER} sein",
                )
                other_code = DEFAULT_OTHER_CODE
        fields: dict[str, Any] = {"other": other, "other_code": other_code}
        if other:
            if any(o.code == other_code for o in options):
                where = child_path(path, "other_code" if "other_code" in mapping else "other")
                ctx.error(
                    where,
                    f"Der Code {other_code} für 'Sonstiges' ist schon an eine Option vergeben; "
                    "setzen Sie other_code auf einen freien Code",
                )
            options = with_other(options, other_code, ctx.default_language)
            fields["options"] = options
        if qtype is QuestionType.MULTIPLE:
            fields.update(self._multiple(mapping, path, options))
        if qtype is QuestionType.RANKING:
            fields["ranks"] = integer(ctx, mapping, "ranks", path, 1, max(len(options), 1))
            if any(o.missing for o in options):
                ctx.error(
                    child_path(path, "options"),
                    "Eine Rangfolge ordnet nur inhaltliche Optionen: missing geht hier nicht",
                )
        return fields

    def _multiple(
        self, mapping: Mapping[str, Any], path: str, options: tuple[Option, ...]
    ) -> dict[str, Any]:
        ctx = self.ctx
        codes = [o.code for o in options]
        exclusive: list[int] = []
        if "exclusive" in mapping:
            where = child_path(path, "exclusive")
            value = mapping["exclusive"]
            if not isinstance(value, list) or not all(is_int(c) for c in value):
                ctx.error(where, f"exclusive muss eine Liste von Codes sein, nicht {kind(value)}")
            else:
                for index, code in enumerate(value):
                    if code not in codes:
                        ctx.error(
                            child_path(where, index),
                            f"Der Code {code} ist keine Option dieser Frage "
                            f"(Codes: {listing(codes)})",
                        )
                exclusive = list(value)
        low = integer(ctx, mapping, "min_choices", path, 0, len(options))
        high = integer(ctx, mapping, "max_choices", path, 1, len(options))
        if low is not None and high is not None and low > high:
            ctx.error(
                child_path(path, "min_choices"),
                f"min_choices ({low}) ist größer als max_choices ({high})",
            )
        return {"exclusive": tuple(exclusive), "min_choices": low, "max_choices": high}

    def _items(self, value: Any, path: str) -> tuple[MatrixItem, ...]:
        ctx = self.ctx
        items: list[MatrixItem] = []
        seen: set[str] = set()
        for index, entry in enumerate(expect_list(ctx, value, path, "items") or []):
            where = child_path(path, index)
            mapping = expect_mapping(ctx, entry, where, "Ein Item")
            if mapping is None:
                continue
            check_keys(ctx, mapping, where, ITEM_KEYS, required=("id", "text"))
            item_id = mapping.get("id")
            if is_int(item_id):
                item_id = str(item_id)
            ok = "id" in mapping and check_id(
                ctx, item_id, child_path(where, "id"), "Die Item-ID", ITEM_ID
            )
            if ok and item_id in seen:
                ctx.error(child_path(where, "id"), f"Die Item-ID '{item_id}' kommt doppelt vor")
                ok = False
            seen.add(str(item_id))
            item_text = optional_text(ctx, mapping, "text", where)
            if ok and item_text is not None:
                items.append(MatrixItem(str(item_id), item_text))
        return tuple(items)

    def _range(self, qtype: QuestionType, mapping: Mapping[str, Any], path: str) -> dict[str, Any]:
        low = bound(self.ctx, mapping, "min", path, qtype.value)
        high = bound(self.ctx, mapping, "max", path, qtype.value)
        if low is not None and high is not None and low > high:
            self.ctx.error(
                child_path(path, "min"),
                f"min ({mapping['min']}) ist größer als max ({mapping['max']})",
            )
        return {"min": low, "max": high}


def _allowed_keys(qtype: QuestionType) -> tuple[str, ...]:
    if qtype is QuestionType.NOTE:
        return NOTE_KEYS
    if qtype is QuestionType.CALCULATE:
        return CALCULATE_KEYS + TYPE_KEYS[qtype]
    return COMMON_KEYS + TYPE_KEYS[qtype]


@cache
def _misuse(qtype: QuestionType) -> dict[str, str]:
    """Why a key that belongs to other question types is wrong here."""
    hints: dict[str, str] = {}
    for key in {k for keys in TYPE_KEYS.values() for k in keys} | {"required", "check", "prefill"}:
        owners = [t.value for t in TYPE_KEYS if key in _allowed_keys(t)]
        owners = [t for t in owners if t != QuestionType.NOTE.value]
        hints[key] = f"'{key}' gibt es bei Fragetyp {qtype.value} nicht (nur bei {listing(owners)})"
    return hints
