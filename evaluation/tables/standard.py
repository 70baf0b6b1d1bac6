"""The standard table of each question, in questionnaire order: what the workbook lists and
the brief and the feedback reports publish."""

from __future__ import annotations

from dataclasses import replace

from evaluation.dataset import Dataset
from evaluation.tables.groups import multiple_response, scale
from evaluation.tables.single import frequencies, numbers, text_count
from evaluation.tables.table import Table
from evaluation.tables.weights import UNWEIGHTED_NOTE, unit_weights


def question_table(dataset: Dataset, question_id: str, weight: str | None = None) -> Table:
    """The standard table of one question: a group id (multiple choice, matrix) or a variable.

    A `weight` weights the percentages of single and multiple choice; the other tables are
    not weighted and say so.
    """
    kind = dataset.codebook.kind(question_id)
    if kind == "multiple":
        return multiple_response(dataset, question_id, weight)
    if kind == "single":
        return frequencies(dataset, question_id, weight)
    if kind == "matrix":
        table = scale(dataset, question_id)
    elif kind == "numbers":
        table = numbers(dataset, question_id)
    else:
        table = text_count(dataset, question_id)
    return replace(table, footnotes=(*table.footnotes, UNWEIGHTED_NOTE)) if weight else table


def all_tables(dataset: Dataset, weight: str | None = None) -> list[Table]:
    """Every standard table in questionnaire order: one per variable, one per group.

    An option or item whose group was emptied (in a cleaned workbook) is counted on its own.
    """
    unit_weights(dataset, weight)
    result: list[Table] = []
    seen: set[str] = set()
    for variable in dataset.codebook:
        key = variable.question_key
        if key is None:
            result.append(frequencies(dataset, variable.name, weight))
        elif key not in seen:
            seen.add(key)
            result.append(question_table(dataset, key, weight))
    return result
