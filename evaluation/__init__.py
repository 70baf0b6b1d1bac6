"""The evaluation side: from the answers to tables, workbooks, statistics files and reports.

It never needs Flask or `surveyapp`; its input is a Dataset (codebook + data), read from the
database or from a researcher workbook it wrote itself. The data flow through the subpackages
in one direction: `sources` → `dataset` → `tables` → `disclosure` → `outputs` and `reports`.

`Dataset` and `SurveyInfo` are imported on first use: the codebook contract
(`evaluation.codebook`), which the questionnaire engine imports, must not pull in pandas or
the database layer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from evaluation.codebook import Codebook, Variable
from evaluation.errors import EvaluationError

if TYPE_CHECKING:
    from evaluation.dataset import Dataset
    from evaluation.survey import SurveyInfo

__all__ = ["Codebook", "Dataset", "EvaluationError", "SurveyInfo", "Variable"]


def __getattr__(name: str) -> Any:
    if name == "Dataset":
        from evaluation.dataset import Dataset

        return Dataset
    if name == "SurveyInfo":
        from evaluation.survey import SurveyInfo

        return SurveyInfo
    raise AttributeError(f"module 'evaluation' has no attribute {name!r}")
