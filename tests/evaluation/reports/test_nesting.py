"""Nested groups across products: a reader who holds the public brief and pools the feedback
reports of several Kommunen may subtract the Land × type peer groups from their type (shown in
the brief's crosstab by type, or as another Kommune's peer group). Whatever is left – a Land ×
type group too small to be a peer group, or the rest of a type – must not give away a figure
resting on one or two Kommunen. The attacker (`attacker.Pool`) knows every nesting sum and
pools everything published."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from attacker import ADDITIVE, Pool
from brief_data import LONE, RESPONDENTS, _frame, make_brief_dataset
from random_surveys import random_survey

from evaluation import Dataset
from evaluation.disclosure import NONRESPONSE
from evaluation.reports.brief.config import load_config, parse_config
from evaluation.reports.feedback import FeedbackBuilder, subset
from evaluation.survey import response_counts
from evaluation.tables.groups import multiple_response, scale
from evaluation.tables.single import frequencies, numbers

ROOT = Path(__file__).resolve().parents[3]
#: A fifth responding city in Sachsen makes "kreisfreie Stadt in Sachsen" a peer group, so the
#: brief's type column minus that peer group is the lone city of Thüringen.
FIFTH = ("14999", "Plauen, Stadt", "Sachsen", "kreisfreie Stadt", 64000)


def nested_brief_dataset() -> Dataset:
    dataset = make_brief_dataset()
    data = dataset.data
    extra = data[data["ags"] == "14511"].copy()
    extra["ags"], extra["name"], extra["population"] = FIFTH[0], FIFTH[1], FIFTH[4]
    extra["A1"] = 1.0
    extra["D1"] = 2.0
    units = [*RESPONDENTS, FIFTH]
    survey = replace(
        dataset.survey,
        response=response_counts(
            [(u[2], u[3], u[0], True) for u in units + _frame()],
            [(u[2], u[3], u[0]) for u in units],
        ),
    )
    return Dataset(survey, dataset.codebook, pd.concat([data, extra], ignore_index=True))


def _tables(dataset: Dataset, questions: list[str]):
    make = {"single": frequencies, "multiple": multiple_response, "matrix": scale}
    for question in questions:
        yield make.get(dataset.codebook.kind(question), numbers)(dataset, question)


def _groups(builder: FeedbackBuilder):
    """Every group a reader could get by subtraction: each Land × type, type and Land, and per
    type the Länder left over once its Land peer groups are taken away."""
    data = builder.dataset.data
    pairs = sorted(set(zip(data["land"], data["type"], strict=True)))
    for land, kind in pairs:
        yield (data["land"] == land) & (data["type"] == kind), [(land, kind)]
    for kind in sorted(data["type"].unique()):
        lands = [la for la, k in pairs if k == kind]
        peers = {builder.peers(a).population for a in data.index[data["type"] == kind]}
        left = [la for la in lands if (("land", la), ("type", kind)) not in peers]
        yield data["type"] == kind, [(la, kind) for la in lands]
        if left and len(left) < len(lands):
            yield (data["type"] == kind) & data["land"].isin(left), [(la, kind) for la in left]
    for land in sorted(data["land"].unique()):
        yield data["land"] == land, [(la, k) for la, k in pairs if la == land]


def computable_small_figures(builder: FeedbackBuilder) -> list[str]:
    """Figures resting on one or two Kommunen (item nonresponse aside) of any group that the
    pooled brief and reports pin down."""
    data = builder.dataset.data
    pool = Pool(list(zip(data["land"], data["type"], strict=True)))
    for table in [*builder.brief.all(), *builder._tables.values()]:
        pool.read(table)
    pool.nest()
    rule = builder.rule
    found = []
    for mask, parts in _groups(builder):
        part = subset(builder.dataset, mask)
        for table in _tables(part, builder.questions):
            for row in table.rows:
                for cell in row.cells:
                    figure = cell.figure
                    if (
                        figure is None
                        or figure.statistic not in ADDITIVE
                        or figure.statistic in NONRESPONSE
                        or not rule.is_small(cell.units)
                    ):
                        continue
                    combination = {
                        replace(figure, population=(("land", la), ("type", k))): 1.0
                        for la, k in parts
                    }
                    if pool.determined(combination):
                        found.append(f"{parts}: {figure} ({cell.units})")
    return found


def test_the_lone_city_is_not_the_type_minus_a_land_peer_group():
    dataset = nested_brief_dataset()
    builder = FeedbackBuilder(dataset, config=load_config(ROOT / "evaluation/data/brief-demo.yaml"))
    data = builder.dataset.data
    sachsen = data.index[(data["land"] == "Sachsen") & (data["type"] == "kreisfreie Stadt")][0]
    assert builder.peers(sachsen).population == (("land", "Sachsen"), ("type", "kreisfreie Stadt"))
    assert builder.peers(LONE).population == (("type", "kreisfreie Stadt"),)
    assert computable_small_figures(builder) == []


@pytest.mark.parametrize("seed", range(4))
def test_random_surveys_leave_no_small_group_computable(dataset, seed):
    rng = np.random.default_rng(seed)
    rows = int(rng.integers(18, 45))
    survey = random_survey(dataset, rng, rows, land_p=[0.6, 0.3, 0.1], type_p=[0.7, 0.3])
    config = parse_config({"breakdowns": ["type", "land"] if seed % 2 else ["type"]})
    builder = FeedbackBuilder(survey, config=config)
    assert computable_small_figures(builder) == []
