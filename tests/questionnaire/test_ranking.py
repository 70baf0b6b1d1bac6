"""Rankings in the YAML format: the two most important aims in order, a variable per place."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from surveyapp.questionnaire import QuestionnaireInvalid, build_codebook
from surveyapp.questionnaire.codes import NO_ANSWER, NOT_SHOWN
from surveyapp.questionnaire.journey import completed
from surveyapp.questionnaire.loading.schema import build_questionnaire

SOURCE = yaml.safe_load((Path(__file__).parent / "roster-modules-e-g.yaml").read_text("utf-8"))


def build(changes=None):
    data = copy.deepcopy(SOURCE)
    if changes:
        changes(data["pages"][3]["questions"][0])
    return build_questionnaire(data, {})


def test_a_ranking_makes_one_variable_per_place_holding_the_code_put_there():
    q = build()
    assert q.question("H1").variables() == ["H1_1", "H1_2"]
    answers = completed(q, {"H1_1": 2, "H1_2": 4})
    assert (answers["H1_1"], answers["H1_2"], answers["H2"]) == (2, 4, NO_ANSWER)
    assert completed(q, {"H1_1": 3})["H2"] == NOT_SHOWN


def test_without_ranks_every_option_gets_a_place():
    def every(h1):
        del h1["ranks"]

    assert build(every).question("H1").variables() == ["H1_1", "H1_2", "H1_3", "H1_4"]


def test_the_codebook_labels_each_place_with_the_options():
    rows = {row["name"]: row for row in build_codebook(build())}
    assert rows["H1_2"]["label"].endswith(": Platz 2")
    assert rows["H1_2"]["type"] == "single"
    assert rows["H1_2"]["value_labels"]["4"] == "Teilhabe fördern"


def test_a_ranking_refuses_missing_options_and_too_many_places():
    def missing(h1):
        h1["options"].append({"code": -1, "label": "weiß nicht", "missing": True})
        h1["ranks"] = 9

    with pytest.raises(QuestionnaireInvalid) as raised:
        build(missing)
    assert "missing geht hier nicht" in str(raised.value)
    assert "ranks" in str(raised.value)
