"""The questionnaire engine: load and validate files, filter conditions, routing, codebook.

Pure Python, no Flask and no database: the web forms, the CLI and the evaluation side all build
on these names. Inside, `model` holds the immutable values, `codes` the variable names and
system codes, `conditions` the filter language, `routing` what a respondent sees, `loading`
the readers and the one schema builder, `explain` conditions in words.
"""

from surveyapp.questionnaire.codebook import build_codebook
from surveyapp.questionnaire.conditions import Condition, ConditionSyntaxError, parse_condition
from surveyapp.questionnaire.loading import load_questionnaire, questionnaire_from_snapshot
from surveyapp.questionnaire.loading.errors import Problem, QuestionnaireInvalid
from surveyapp.questionnaire.loading.xlsform import load_xlsform
from surveyapp.questionnaire.model import (
    Check,
    MatrixItem,
    Option,
    Page,
    Question,
    Questionnaire,
    QuestionType,
    Required,
    Text,
)
from surveyapp.questionnaire.routing import (
    clean_hidden,
    failed_checks,
    visible_pages,
    visible_questions,
)
from surveyapp.questionnaire.summary import summarize

__all__ = [
    "Check",
    "Condition",
    "ConditionSyntaxError",
    "MatrixItem",
    "Option",
    "Page",
    "Problem",
    "Question",
    "QuestionType",
    "Questionnaire",
    "QuestionnaireInvalid",
    "Required",
    "Text",
    "build_codebook",
    "clean_hidden",
    "failed_checks",
    "load_questionnaire",
    "load_xlsform",
    "parse_condition",
    "questionnaire_from_snapshot",
    "summarize",
    "visible_pages",
    "visible_questions",
]
