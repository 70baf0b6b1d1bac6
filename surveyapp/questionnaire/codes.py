"""Names of the data: the variable each question, option and matrix item writes to, and the
system missing codes they may hold.

Every place that turns a question into column names asks here, so a respondent's answer, the
codebook and the exports always agree on what a column is called.
"""

from __future__ import annotations

from evaluation.codebook import (
    NO_ANSWER,
    NOT_SHOWN,
    SYSTEM_MISSING_LABELS,
    is_system_code,
)

__all__ = [
    "NOT_SHOWN",
    "NO_ANSWER",
    "SYSTEM_MISSING_LABELS",
    "is_system_code",
    "cell_variable",
    "column_total_variable",
    "grand_total_variable",
    "item_variable",
    "option_variable",
    "other_variable",
    "rank_variable",
    "roster_item",
    "roster_variable",
    "row_total_variable",
    "prefill_variable",
    "PREFILL_CONFIRMED",
    "PREFILL_CHANGED",
    "PREFILL_NEW",
    "YES_NO",
]

#: The answers of a yes/no (`boolean`) question and their labels.
YES_NO = {"de": {1: "ja", 0: "nein"}, "en": {1: "yes", 0: "no"}}

#: The word a grid's totals carry in their names (`D_sum`, `D_sozial_sum`, `D_sum_land`), so
#: no row or column of a grid may have it as its id.
TOTAL = "sum"


def option_variable(question_id: str, code: int) -> str:
    """Variable of one option of a multiple-choice question (`B2_3`, `B2_m1` for code -1)."""
    return f"{question_id}_{code}" if code >= 0 else f"{question_id}_m{-code}"


def item_variable(question_id: str, item_id: str) -> str:
    """Variable of one item (row) of a matrix question (`C4_kita`)."""
    return f"{question_id}_{item_id}"


def other_variable(question_id: str) -> str:
    """Variable of the free text beside an "other" option (`B3_other`)."""
    return f"{question_id}_other"


def cell_variable(question_id: str, row_id: str, column_id: str) -> str:
    """Variable of one cell of a grid (`D_sozial_land`: row sozial, column land)."""
    return f"{question_id}_{row_id}_{column_id}"


def row_total_variable(question_id: str, row_id: str) -> str:
    """Variable of a grid row's total (`D_sozial_sum`)."""
    return f"{question_id}_{row_id}_{TOTAL}"


def column_total_variable(question_id: str, column_id: str) -> str:
    """Variable of a grid column's total (`D_sum_land`)."""
    return f"{question_id}_{TOTAL}_{column_id}"


def grand_total_variable(question_id: str) -> str:
    """Variable of the total of every cell of a grid (`D_sum`)."""
    return f"{question_id}_{TOTAL}"


def roster_item(code: int) -> str:
    """The item id a fixed roster gives the option with `code` (`3`, `m1` for -1), as in the
    option's variable, so `F_3_jahr` belongs to `E1_3`."""
    return str(code) if code >= 0 else f"m{-code}"


def roster_variable(question_id: str, item_id: str, sub_id: str) -> str:
    """Variable of one question of a roster for one item (`F_3_jahr`)."""
    return f"{question_id}_{item_id}_{sub_id}"


def rank_variable(question_id: str, place: int) -> str:
    """Variable of one place of a ranking (`H1_2`: the code of the option ranked second)."""
    return f"{question_id}_{place}"


#: What became of an answer shown filled in from the earlier wave (its paradata variable).
PREFILL_CONFIRMED, PREFILL_CHANGED, PREFILL_NEW = 1, 2, 3
PREFILL_LABELS = {
    "de": {
        PREFILL_CONFIRMED: "bestätigt (Angabe der früheren Welle unverändert abgeschickt)",
        PREFILL_CHANGED: "geändert (Angabe der früheren Welle geändert)",
        PREFILL_NEW: "neu (keine Angabe aus der früheren Welle)",
    },
    "en": {
        PREFILL_CONFIRMED: "confirmed (earlier wave's answer sent unchanged)",
        PREFILL_CHANGED: "changed (earlier wave's answer changed)",
        PREFILL_NEW: "new (no answer from the earlier wave)",
    },
}


def prefill_variable(question_id: str) -> str:
    """Paradata of a question filled in from the earlier wave (`B1_prefill`): confirmed,
    changed or new."""
    return f"{question_id}_prefill"
