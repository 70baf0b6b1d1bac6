"""The codebook of a questionnaire: one `evaluation.codebook.Variable` per variable it makes.

The evaluation package reads only these rows and the answers, never the questionnaire, so each
row carries everything an export or a table needs: labels, value labels, missing codes, the
group a variable belongs to, and its measurement level. Each row is an
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
    item_variable,
    option_variable,
    other_variable,
    prefill_variable,
)
from surveyapp.questionnaire.model import Page, Question, Questionnaire, QuestionType

_MENTIONED = {
    "de": {1: "genannt", 0: "nicht genannt"},
    "en": {1: "mentioned", 0: "not mentioned"},
}
_YES_NO = {"de": {1: "ja", 0: "nein"}, "en": {1: "yes", 0: "no"}}
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
    return Variable(
        name=question.id,
        label=text,
        question=text,
        question_id=question.id,
        page=page.id,
        page_title=page.title.get(lang),
        type=question.type.value,
        value_labels=_value_labels(question, lang),
        missing_codes=_missing_codes(question, lang),
        unit=question.unit.get(lang) if question.unit else None,
        decimals=_decimals(question),
        measure=_measure(question),
        scale_top=question.scale_top if question.type in _SCALE_TYPES else None,
    )


def _value_labels(question: Question, lang: str) -> dict[int, str]:
    if question.type in (QuestionType.SINGLE, QuestionType.MATRIX):
        return {o.code: o.label.get(lang) for o in question.options if not o.missing}
    if question.type is QuestionType.BOOLEAN:
        return dict(_in(_YES_NO, lang))
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
    if question.type is QuestionType.DECIMAL:
        return question.decimals
    return None


def _measure(question: Question) -> str:
    """Ordinal for a scale: a matrix, or single choice with a declared direction or a shared
    list of more than two points. Two points (ja/nein) are nominal however they are listed."""
    if question.type in (QuestionType.INTEGER, QuestionType.DECIMAL):
        return "scale"
    points = sum(1 for o in question.options if not o.missing and not o.is_other)
    if question.type not in _SCALE_TYPES or points <= 2:
        return "nominal"
    if question.type is QuestionType.MATRIX or question.scale_top is not None:
        return "ordinal"
    return "ordinal" if question.option_list is not None else "nominal"
