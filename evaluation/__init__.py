"""The evaluation side: from the answers to tables, workbooks and statistics files.

It never needs Flask or `surveyapp`; its input is a Dataset (codebook + data), read from the
database or from a researcher workbook it wrote itself.
"""

from evaluation.codebook import Codebook, Variable
from evaluation.dataset import Dataset, SurveyInfo
from evaluation.errors import EvaluationError

__all__ = ["Codebook", "Dataset", "EvaluationError", "SurveyInfo", "Variable"]
