"""The codebook of a questionnaire: one `evaluation.codebook.Variable` per variable it makes.

The evaluation package reads only these rows and the answers, never the questionnaire, so each
row carries everything an export or a table needs: labels, value labels, missing codes, the
group a variable belongs to, and its measurement level. A calculated value is a decimal
variable to the evaluation, with its formula in the row. Each row is an
`evaluation.codebook.Variable`, the one constructor of a row on both sides; the JSON stored with
a survey is its `to_row()`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from evaluation.codebook import Variable
from surveyapp.questionnaire.codes import (
    PREFILL_LABELS,
    SYSTEM_MISSING_LABELS,
    YES_NO,
    column_total_variable,
    item_variable,
    option_variable,
    other_variable,
    prefill_variable,
    row_total_variable,
)
from surveyapp.questionnaire.model import Page, Question, Questionnaire, QuestionType

_MENTIONED = {
    "de": {1: "genannt", 0: "nicht genannt"},
    "en": {1: "mentioned", 0: "not mentioned"},
}
_SCALE_TYPES = (QuestionType.SINGLE, QuestionType.MATRIX)
_OTHER_TEXT = {"de": "Sonstiges (Text)", "en": "Other (text)"}


def _in(table: dict[str, Any], lang: str) -> Any:
    return table.get(lang, table["de"])


def build_codebook(q: Questionnaire, lang: str = "de") -> list[dict[str, Any]]:
    """One JSON-serialisable row per variable, in questionnaire order, texts in `lang`."""
    return [
        variable.to_row()
        for page in q.pages
        for question in page.questions
        for variable in _variables(page, question, lang)
    ]


def _variables(page: Page, question: Question, lang: str) -> list[Variable]:
    if question.type is QuestionType.NOTE:
        return []
    if question.type is QuestionType.GRID:
        return _grid_variables(page, question, lang)
    if question.type is QuestionType.ROSTER:
        return _roster_variables(page, question, lang)
    if question.type is QuestionType.RANKING:
        return _ranking_variables(page, question, lang)
    text = question.text.get(lang)
    base = _base(page, question, lang)
    variables: list[Variable] = []
    if question.type is QuestionType.MULTIPLE:
        for option in question.options:
            variables.append(
                replace(
                    base,
                    name=option_variable(question.id, option.code),
                    label=f"{text}: {option.label.get(lang)}",
                    value_labels=dict(_in(_MENTIONED, lang)),
                    group=question.id,
                    option_code=option.code,
                )
            )
    elif question.type is QuestionType.MATRIX:
        for item in question.items:
            variables.append(
                replace(
                    base,
                    name=item_variable(question.id, item.id),
                    label=f"{text}: {item.text.get(lang)}",
                    group=question.id,
                    item=item.id,
                )
            )
    else:
        variables.append(base)
    if question.other:
        variables.append(
            replace(
                base,
                name=other_variable(question.id),
                label=f"{text}: {_in(_OTHER_TEXT, lang)}",
                type="other",
                value_labels={},
                group=question.id,
                unit=None,
                decimals=None,
                measure="nominal",
            )
        )
    if question.prefill:
        variables.append(_prefill_variable(page, question, lang))
    return variables


_TOTAL = {"de": "Summe", "en": "Total"}


def _grid_variables(page: Page, question: Question, lang: str) -> list[Variable]:
    """A grid's cells, each a variable of its cell type (`D_sozial_land`: "…: Sozialplanung –
    Landesmittel"), then its totals, decimals with the sum as their formula."""
    text = question.text.get(lang)
    cell = replace(question, type=question.cell or QuestionType.DECIMAL)
    base = replace(_base(page, cell, lang), question_id=question.id)
    variables = [
        replace(base, name=name, label=f"{text}: {row.text.get(lang)} – {column.text.get(lang)}")
        for row, column, name in question.cells()
    ]
    total = _in(_TOTAL, lang)
    for name, cells in question.total_variables().items():
        variables.append(
            replace(
                base,
                name=name,
                label=f"{text}: {total} {_total_of(question, name, lang)}".rstrip(),
                type=QuestionType.DECIMAL.value,
                formula=" + ".join(cells),
                measure="scale",
            )
        )
    return variables


def _roster_variables(page: Page, question: Question, lang: str) -> list[Variable]:
    """A roster's variables, item by item (`F_3_jahr`: "…: Jugendhilfeplanung – seit"), each
    of its question's type, with the item's id in `item`: the workbook's long sheet of the
    roster is made from it."""
    text = question.text.get(lang)
    variables = []
    for item in question.rows:
        for sub in question.item_questions(item):
            for variable in _variables(page, sub, lang):
                label = f"{text}: {item.text.get(lang)} – {variable.label}"
                variables.append(
                    replace(
                        variable, label=label, question=text, question_id=question.id, item=item.id
                    )
                )
    return variables


_PLACE = {"de": "Platz", "en": "Rank"}


def _ranking_variables(page: Page, question: Question, lang: str) -> list[Variable]:
    """A ranking's places (`H1_1`: "…: Platz 1"), each holding the code of the option put
    there, labelled with the options."""
    text = question.text.get(lang)
    base = replace(
        _base(page, replace(question, type=QuestionType.SINGLE), lang), question_id=question.id
    )
    word = _in(_PLACE, lang)
    return [
        replace(base, name=name, label=f"{text}: {word} {place}")
        for place, name in enumerate(question.rank_variables(), 1)
    ]


def _total_of(question: Question, name: str, lang: str) -> str:
    for row in question.rows:
        if name == row_total_variable(question.id, row.id):
            return row.text.get(lang)
    for column in question.columns:
        if name == column_total_variable(question.id, column.id):
            return column.text.get(lang)
    return ""


_PREFILL_LABEL = {
    "de": "Angabe aus der früheren Welle: bestätigt, geändert oder neu (Paradaten)",
    "en": "Answer from the earlier wave: confirmed, changed or new (paradata)",
}


def _prefill_variable(page: Page, question: Question, lang: str) -> Variable:
    """The paradata of a question shown filled in from the earlier wave: whether the unit sent
    the earlier answer unchanged, changed it, or had none to check."""
    label = f"{question.id}: {_in(_PREFILL_LABEL, lang)}"
    return Variable(
        name=prefill_variable(question.id),
        label=label,
        question=label,
        question_id=prefill_variable(question.id),
        page=page.id,
        page_title=page.title.get(lang),
        type="single",
        value_labels=dict(_in(PREFILL_LABELS, lang)),
        missing_codes=_missing_codes(
            Question(question.id, QuestionType.SINGLE, question.text), lang
        ),
        paradata=True,
    )


def _base(page: Page, question: Question, lang: str) -> Variable:
    text = question.text.get(lang)
    calculated = question.type is QuestionType.CALCULATE
    return Variable(
        name=question.id,
        label=text,
        question=text,
        question_id=question.id,
        page=page.id,
        page_title=page.title.get(lang),
        type=QuestionType.DECIMAL.value if calculated else question.type.value,
        value_labels=_value_labels(question, lang),
        missing_codes=_missing_codes(question, lang),
        unit=question.unit.get(lang) if question.unit else None,
        decimals=_decimals(question),
        measure=_measure(question),
        scale_top=question.scale_top if question.type in _SCALE_TYPES else None,
        formula=question.formula_text if calculated else None,
    )


def _value_labels(question: Question, lang: str) -> dict[int, str]:
    if question.type in (QuestionType.SINGLE, QuestionType.MATRIX):
        return {o.code: o.label.get(lang) for o in question.options if not o.missing}
    if question.type is QuestionType.BOOLEAN:
        return dict(_in(YES_NO, lang))
    return {}


def _missing_codes(question: Question, lang: str) -> dict[int, str]:
    """The question's missing options, then the two system codes; the same for each variable.

    For a multiple-choice question the missing options are variables of their own (`E1_m1`);
    listing their codes here lets evaluation tell those variables from substantive ones.
    """
    codes = {o.code: o.label.get(lang) for o in question.options if o.missing}
    for code, labels in SYSTEM_MISSING_LABELS.items():
        codes[code] = labels.get(lang, labels["de"])
    return codes


def _decimals(question: Question) -> int | None:
    if question.type is QuestionType.INTEGER:
        return 0
    if question.type in (QuestionType.DECIMAL, QuestionType.CALCULATE):
        return question.decimals
    return None


def _measure(question: Question) -> str:
    """Ordinal for a scale: a matrix, or single choice with a declared direction or a shared
    list of more than two points. Two points (ja/nein) are nominal however they are listed."""
    if question.type in (QuestionType.INTEGER, QuestionType.DECIMAL, QuestionType.CALCULATE):
        return "scale"
    points = sum(1 for o in question.options if not o.missing and not o.is_other)
    if question.type not in _SCALE_TYPES or points <= 2:
        return "nominal"
    if question.type is QuestionType.MATRIX or question.scale_top is not None:
        return "ordinal"
    return "ordinal" if question.option_list is not None else "nominal"
