"""A survey like the founding one, from the demo questionnaire: 14 of 50 Kommunen answered.

Respondents: 5 kreisfreie Städte (4 in Sachsen and one, the LONE unit, in Thüringen) and 9
Landkreise (3 in each Land). The lone unit is the only responding kreisfreie Stadt in Thüringen,
so it is alone in its Land × type group, and its answers carry marks no other unit has: the
only "Amts- oder Dezernatsleitung" in A1, the only "Beratung vor Ort" in M2, and a staff figure
of 37,5 VZÄ in D1. None of these may be visible anywhere in a published output.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from evaluation.codebook import NO_ANSWER, NOT_SHOWN, Codebook
from evaluation.dataset import Dataset
from evaluation.survey import SurveyInfo, response_counts
from surveyapp.questionnaire import build_codebook, load_questionnaire

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "surveyapp" / "data" / "demo-questionnaire.yaml"
LONE = "16052"
LONE_VZAE = 37.5
LONE_OPTION = "Amts- oder Dezernatsleitung"
LONE_SUPPORT = "Beratung vor Ort"
QUOTE = "Ohne die Daten des Landesamts ginge es nicht."

RESPONDENTS = [
    ("14511", "Chemnitz, Stadt", "Sachsen", "kreisfreie Stadt", 240078),
    ("14612", "Dresden, Stadt", "Sachsen", "kreisfreie Stadt", 555351),
    ("14713", "Leipzig, Stadt", "Sachsen", "kreisfreie Stadt", 601866),
    ("14714", "Zwickau, Stadt", "Sachsen", "kreisfreie Stadt", 88000),
    (LONE, "Gera, Stadt", "Thüringen", "kreisfreie Stadt", 92126),
    ("14521", "Erzgebirgskreis", "Sachsen", "Landkreis", 324874),
    ("14522", "Mittelsachsen", "Sachsen", "Landkreis", 297712),
    ("14729", "Leipzig", "Sachsen", "Landkreis", 258139),
    ("15081", "Altmarkkreis Salzwedel", "Sachsen-Anhalt", "Landkreis", 83173),
    ("15082", "Anhalt-Bitterfeld", "Sachsen-Anhalt", "Landkreis", 158486),
    ("15083", "Börde", "Sachsen-Anhalt", "Landkreis", 170000),
    ("16061", "Eichsfeld", "Thüringen", "Landkreis", 99948),
    ("16062", "Nordhausen", "Thüringen", "Landkreis", 83000),
    ("16063", "Wartburgkreis", "Thüringen", "Landkreis", 162000),
]


def _frame() -> list[tuple[str, str, str, str, int]]:
    """The 36 units that did not answer, so the frame has 50."""
    rest = []
    for i in range(36):
        land = ("Sachsen", "Sachsen-Anhalt", "Thüringen")[i % 3]
        kind = "Landkreis" if i % 2 else "kreisfreie Stadt"
        rest.append((f"19{i:03d}", f"Kommune {i}", land, kind, 50_000 + i))
    return rest


def _answers(codebook: Codebook, index: int, lone: bool, rng: np.random.Generator) -> dict:
    """One unit's answers: valid codes mostly, the odd missing code, filters respected lightly."""
    row: dict = {}
    for variable in codebook:
        if variable.type in ("text", "textarea", "other", "date"):
            row[variable.name] = NO_ANSWER
            continue
        if variable.type == "multiple":
            row[variable.name] = float(rng.random() < 0.5)
            continue
        if variable.type in ("integer", "decimal"):
            row[variable.name] = float(rng.integers(1, 5)) if rng.random() < 0.9 else NO_ANSWER
            continue
        codes = [c for c in variable.value_labels if c != 99 and c != LONE_CODE.get(variable.name)]
        weights = np.arange(1, len(codes) + 1, dtype=float) ** 2
        row[variable.name] = float(rng.choice(codes, p=weights / weights.sum()))
    row["B1"] = 1.0 if index % 3 else 2.0
    for option in codebook.group("M2"):
        if option.option_code == 3:
            row[option.name] = 0.0
    if lone:
        row["A1"] = 4.0
        row["D1"] = LONE_VZAE
        for option in codebook.group("M2"):
            row[option.name] = 1.0 if option.option_code == 3 else 0.0
        row["M3"] = QUOTE
    if index == 1:
        row["N1"] = NOT_SHOWN
    return row


LONE_CODE = {"A1": 4}


def make_brief_dataset() -> Dataset:
    codebook = Codebook.from_rows(build_codebook(load_questionnaire(DEMO)))
    rng = np.random.default_rng(2019)
    rows = []
    for index, unit in enumerate(RESPONDENTS):
        answers = _answers(codebook, index, unit[0] == LONE, rng)
        rows.append(
            dict(zip(("ags", "name", "land", "type", "population"), unit, strict=True)) | answers
        )
    data = pd.DataFrame(rows)
    info = SurveyInfo(
        slug="sozialplanung-2019",
        title="Integrierte Sozialplanung und Bildung in Kommunen",
        questionnaire_id="sozialplanung",
        questionnaire_version="2019.1",
        opens_on=pd.Timestamp("2019-07-01").date(),
        closes_on=pd.Timestamp("2019-08-31").date(),
        response=response_counts(
            [(u[2], u[3], u[0], True) for u in RESPONDENTS + _frame()],
            [(u[2], u[3], u[0]) for u in RESPONDENTS],
        ),
    )
    return Dataset(info, codebook, data)
