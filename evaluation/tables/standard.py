"""The standard table of each question, in questionnaire order: what the workbook lists and
the brief and the feedback reports publish."""

from __future__ import annotations

from evaluation.dataset import Dataset
from evaluation.tables.groups import multiple_response, scale
from evaluation.tables.single import frequencies, numbers, text_count
from evaluation.tables.table import Table


def question_table(dataset: Dataset, question_id: str) -> Table:
    """The standard table of one question: a group id (multiple choice, matrix) or a variable."""
    kind = dataset.codebook.kind(question_id)
    if kind == "multiple":
        return multiple_response(dataset, question_id)
    if kind == "matrix":
        return scale(dataset, question_id)
    if kind == "numbers":
        return numbers(dataset, question_id)
    if kind == "single":
        return frequencies(dataset, question_id)
    return text_count(dataset, question_id)


def all_tables(dataset: Dataset) -> list[Table]:
    """Every standard table in questionnaire order: one per variable, one per group.

    An option or item whose group was emptied (in a cleaned workbook) is counted on its own.
    """
    result: list[Table] = []
    seen: set[str] = set()
    for variable in dataset.codebook:
        key = variable.question_key
        if key is None:
            result.append(frequencies(dataset, variable.name))
        elif key not in seen:
            seen.add(key)
            result.append(question_table(dataset, key))
    return result
