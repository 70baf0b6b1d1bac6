"""A dataset made the way the collection side makes one: a questionnaire's codebook and each
unit's answers completed by the questionnaire (totals and calculated values worked out, the
unasked marked), for tests of the new question types through the evaluation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd

from evaluation.codebook import Codebook
from evaluation.dataset import Dataset
from evaluation.survey import SurveyInfo, response_counts
from surveyapp.questionnaire import build_codebook
from surveyapp.questionnaire.journey import completed
from surveyapp.questionnaire.model import Questionnaire

#: A unit: AGS, name, Land, type, population.
Unit = tuple[str, str, str, str, int]
SURVEY: dict[str, Any] = dict(
    slug="modul-d-2026",
    title="Personal und Finanzierung",
    questionnaire_id="modul-d",
    questionnaire_version="1",
    opens_on=date(2026, 7, 1),
    closes_on=date(2026, 8, 31),
)


def answered_dataset(
    questionnaire: Questionnaire,
    units: Sequence[Unit],
    answers: Sequence[Mapping[str, Any]],
    frame: bool = True,
) -> Dataset:
    """Every unit of `units` responded, with the answers at the same place in `answers`;
    without `frame` the survey knows no response counts (no response table)."""
    codebook = Codebook.from_rows(build_codebook(questionnaire))
    rows = [completed(questionnaire, dict(given)) for given in answers]
    data = pd.DataFrame(list(units), columns=["ags", "name", "land", "type", "population"])
    for name in codebook.names:
        data[name] = pd.Series([row[name] for row in rows], dtype=object)
    invited = [(u[2], u[3], u[0], True) for u in units] if frame else []
    responded = [(u[2], u[3], u[0]) for u in units] if frame else []
    info = SurveyInfo(**SURVEY, response=response_counts(invited, responded))
    return Dataset(info, codebook, data)
