"""Reading a grid: rows × columns of cells that each hold a number, a text or one choice.

Module D of the founding questionnaire asks for staff (VZÄ) per planning area and funding
source; one scale for all rows (a `matrix`) cannot hold that. A grid's cells are variables of
their own (`D_sozial_land`), and a grid of numbers may add totals per row and per column, with
a grand total, that checks and later questions can name (`D_sum == D1`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from surveyapp.questionnaire.codes import TOTAL
from surveyapp.questionnaire.loading.errors import child_path
from surveyapp.questionnaire.loading.schema.options import OptionLists, question_options
from surveyapp.questionnaire.loading.schema.values import (
    Context,
    bound,
    integer,
    kind,
    listing,
    optional_text,
)
from surveyapp.questionnaire.model import (
    DEFAULT_MAX_LENGTH,
    GRID_CELLS,
    GRID_TOTALS,
    MatrixItem,
    QuestionType,
)

KEYS = (
    "rows",
    "columns",
    "cell",
    "options",
    "min",
    "max",
    "decimals",
    "unit",
    "max_length",
    "totals",
)
NUMBER_CELLS = (QuestionType.INTEGER, QuestionType.DECIMAL)

ReadItems = Callable[[Any, str], tuple[MatrixItem, ...]]


def read_grid(
    ctx: Context, mapping: Mapping[str, Any], path: str, lists: OptionLists, items: ReadItems
) -> dict[str, Any]:
    """The grid's own fields of a `Question`; every problem reported with its place."""
    cell = _cell(ctx, mapping, path)
    fields: dict[str, Any] = {
        "rows": _lines(ctx, mapping, path, "rows", items),
        "columns": _lines(ctx, mapping, path, "columns", items),
        "cell": cell,
    }
    if cell is None:
        return fields
    _only_for(ctx, mapping, path, cell)
    if cell is QuestionType.SINGLE:
        if "options" not in mapping:
            ctx.error(path, "Ein Raster mit cell: single braucht options (die Auswahl je Zelle)")
        else:
            chosen, list_name = question_options(ctx, mapping, path, lists)
            fields["options"] = chosen.options if chosen is not None else ()
            fields["option_list"] = list_name
    if cell in NUMBER_CELLS:
        low = bound(ctx, mapping, "min", path, cell.value)
        high = bound(ctx, mapping, "max", path, cell.value)
        if low is not None and high is not None and low > high:
            ctx.error(child_path(path, "min"), f"min ({low}) ist größer als max ({high})")
        fields.update(min=low, max=high, totals=_totals(ctx, mapping, path))
        fields["unit"] = optional_text(ctx, mapping, "unit", path)
    if cell is QuestionType.DECIMAL:
        fields["decimals"] = integer(ctx, mapping, "decimals", path, 0, 10)
    if cell is QuestionType.TEXT:
        value = integer(ctx, mapping, "max_length", path, 1, 100_000)
        fields["max_length"] = value if value is not None else DEFAULT_MAX_LENGTH[cell]
    return fields


def _cell(ctx: Context, mapping: Mapping[str, Any], path: str) -> QuestionType | None:
    value = mapping.get("cell")
    allowed = [t.value for t in GRID_CELLS]
    if value not in allowed:
        if "cell" in mapping:
            ctx.error(
                child_path(path, "cell"),
                f"cell muss {listing(allowed)} sein (was jede Zelle aufnimmt), nicht {kind(value)}",
            )
        return None
    return QuestionType(value)


def _lines(
    ctx: Context, mapping: Mapping[str, Any], path: str, key: str, items: ReadItems
) -> tuple[MatrixItem, ...]:
    if key not in mapping:
        return ()
    where = child_path(path, key)
    lines = items(mapping[key], where)
    for index, line in enumerate(lines):
        if line.id.lower() == TOTAL:
            ctx.error(
                child_path(child_path(where, index), "id"),
                f"Die ID '{line.id}' ist den Summen eines Rasters vorbehalten (D_{TOTAL}, …)",
            )
    return lines


def _only_for(ctx: Context, mapping: Mapping[str, Any], path: str, cell: QuestionType) -> None:
    owners = {
        "options": (QuestionType.SINGLE,),
        "min": NUMBER_CELLS,
        "max": NUMBER_CELLS,
        "unit": NUMBER_CELLS,
        "totals": NUMBER_CELLS,
        "decimals": (QuestionType.DECIMAL,),
        "max_length": (QuestionType.TEXT,),
    }
    for key, cells in owners.items():
        if key in mapping and cell not in cells:
            ctx.error(
                child_path(path, key),
                f"'{key}' gibt es nur bei Rastern mit cell: {listing(c.value for c in cells)}",
            )


def _totals(ctx: Context, mapping: Mapping[str, Any], path: str) -> tuple[str, ...]:
    value = mapping.get("totals", [])
    if not isinstance(value, list) or any(v not in GRID_TOTALS for v in value):
        ctx.error(
            child_path(path, "totals"),
            f"totals ist eine Liste aus {listing(GRID_TOTALS)}, nicht {kind(value)}",
        )
        return ()
    return tuple(t for t in GRID_TOTALS if t in value)
