"""The answer options of a file: shared `option_lists`, a question's own list, and the
"Sonstiges" option the system adds for `other: true`. An option may carry a `show_if` over
answers of earlier pages (a cascading select): the page offers it only where that holds.

Option codes are what the data hold, so they are checked strictly: unique integers per list,
never one of the system missing codes. A list may declare which end of its scale is the top
(`{top: first, options: [...]}`): Top-2 in the tables follows that, not the order of the codes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from surveyapp.questionnaire.codes import (
    NO_ANSWER,
    NOT_SHOWN,
    SYSTEM_MISSING_LABELS,
    is_system_code,
)
from surveyapp.questionnaire.loading.errors import child_path
from surveyapp.questionnaire.loading.schema.values import (
    QUESTION_ID,
    Context,
    boolean,
    check_id,
    check_keys,
    expect_list,
    expect_mapping,
    is_int,
    kind,
    listing,
    optional_text,
    parse_condition_at,
)
from surveyapp.questionnaire.model import SCALE_TOPS, Option, Text

#: `name` is the choice name of an XLSForm whose names are not codes (`yes`, `no`): kept so
#: the questionnaire can be written back as the same XLSForm.
OPTION_KEYS = ("code", "label", "missing", "name", "show_if")
LIST_KEYS = ("top", "options")
OTHER_LABEL = {"de": "Sonstiges", "en": "Other"}


@dataclass(frozen=True)
class OptionList:
    """The options of a list, and which end of it is the top of the scale (None: undeclared)."""

    options: tuple[Option, ...]
    top: str | None = None


OptionLists = Mapping[str, "OptionList | None"]


def option_list(ctx: Context, value: Any, path: str) -> OptionList | None:
    """A plain list of options, or `{top: first|last, options: [...]}`."""
    if not isinstance(value, Mapping):
        options = option_entries(ctx, value, path)
        return None if options is None else OptionList(options)
    check_keys(ctx, value, path, LIST_KEYS, required=("top", "options"))
    top = value.get("top")
    if "top" in value and top not in SCALE_TOPS:
        ctx.error(
            child_path(path, "top"),
            f"top muss first (die erste Option ist die Spitze der Skala) oder last sein, "
            f"nicht {top!r}",
        )
    if "options" not in value:
        return None
    options = option_entries(ctx, value["options"], child_path(path, "options"))
    if options is None or top not in SCALE_TOPS:
        return None
    return OptionList(options, str(top))


def option_entries(ctx: Context, value: Any, path: str) -> tuple[Option, ...] | None:
    """A list of `{code, label, missing}`; codes are unique integers, never a system code."""
    entries = expect_list(ctx, value, path, "Die Liste der Antwortoptionen")
    if entries is None:
        return None
    before = len(ctx.problems)
    options: list[Option] = []
    seen: dict[int, int] = {}
    for index, entry in enumerate(entries):
        where = child_path(path, index)
        mapping = expect_mapping(ctx, entry, where, "Eine Antwortoption")
        if mapping is None:
            continue
        check_keys(ctx, mapping, where, OPTION_KEYS, required=("code", "label"))
        code = _option_code(ctx, mapping, where, seen, index)
        label = optional_text(ctx, mapping, "label", where)
        missing = boolean(ctx, mapping, "missing", where)
        show_if = None
        if "show_if" in mapping:
            show_if = parse_condition_at(ctx, mapping["show_if"], child_path(where, "show_if"))
        if code is not None and label is not None:
            options.append(Option(code, label, missing=missing, show_if=show_if))
    return tuple(options) if len(ctx.problems) == before else None


def _option_code(
    ctx: Context, mapping: Mapping[str, Any], where: str, seen: dict[int, int], index: int
) -> int | None:
    if "code" not in mapping:
        return None
    code, code_path = mapping["code"], child_path(where, "code")
    if not is_int(code):
        ctx.error(code_path, f"Der Code muss eine ganze Zahl sein, nicht {kind(code)}")
        return None
    if is_system_code(code):
        ctx.error(
            code_path,
            f"Der Code {code} ist für '{SYSTEM_MISSING_LABELS[code]['de']}' reserviert; "
            f"{NOT_SHOWN} und {NO_ANSWER} vergibt das System",
        )
        return None
    if code in seen:
        ctx.error(code_path, f"Der Code {code} kommt doppelt vor (schon in Option [{seen[code]}])")
        return None
    seen[code] = index
    return code


def option_lists(ctx: Context, value: Any, path: str) -> dict[str, OptionList | None]:
    mapping = expect_mapping(ctx, value, path, "option_lists")
    if mapping is None:
        return {}
    result: dict[str, OptionList | None] = {}
    for name, entries in mapping.items():
        where = child_path(path, name)
        if check_id(ctx, name, where, "Der Name der Optionsliste", QUESTION_ID):
            result[name] = option_list(ctx, entries, where)
    return result


def question_options(
    ctx: Context, raw: Mapping[str, Any], path: str, lists: OptionLists
) -> tuple[OptionList | None, str | None]:
    """A question's options: the name of a shared list, or a list (or mapping) of its own."""
    value, where = raw["options"], child_path(path, "options")
    if isinstance(value, str):
        if value not in lists:
            known = f"vorhanden: {listing(lists)}" if lists else "es gibt keine option_lists"
            ctx.error(where, f"Unbekannte Optionsliste '{value}' ({known})")
            return None, None
        return lists[value], value
    return option_list(ctx, value, where), None


def with_other(options: tuple[Option, ...], code: int, language: str) -> tuple[Option, ...]:
    """Insert "Sonstiges" after the substantive options, before "weiß nicht" and the like."""
    other = Option(code, Text(dict(OTHER_LABEL), language), is_other=True)
    position = next((i for i, o in enumerate(options) if o.missing), len(options))
    return (*options[:position], other, *options[position:])
