"""An option list may name the top of its scale, so Top-2 need not follow the codes."""

from __future__ import annotations

import json

import pytest
import yaml

from surveyapp.questionnaire import build_codebook, load_questionnaire
from surveyapp.questionnaire.loading import questionnaire_from_snapshot

AGREEMENT = [
    {"code": 1, "label": "trifft voll zu"},
    {"code": 2, "label": "trifft eher zu"},
    {"code": 3, "label": "trifft eher nicht zu"},
    {"code": 4, "label": "trifft gar nicht zu"},
    {"code": -1, "label": "weiß nicht", "missing": True},
]


def _dump(mapping):
    return yaml.safe_dump(mapping, allow_unicode=True)


def test_a_shared_list_declares_its_first_option_the_top(small):
    small["option_lists"]["zustimmung"] = {"top": "first", "options": AGREEMENT}
    q = load_questionnaire(_dump(small))
    c1 = q.question("C1")
    assert c1.scale_top == "first"
    assert [o.code for o in c1.options] == [1, 2, 3, 4, -1]
    rows = {row["name"]: row for row in build_codebook(q)}
    assert (rows["C1_a"]["scale_top"], rows["C1_a"]["measure"]) == ("first", "ordinal")
    stored = questionnaire_from_snapshot(json.loads(json.dumps(q.source)))
    assert stored.question("C1").scale_top == "first", "a survey's snapshot keeps it"


def test_a_question_own_list_may_declare_its_top_too(small):
    small["pages"][0]["questions"][0]["options"] = {
        "top": "last",
        "options": small["pages"][0]["questions"][0]["options"],
    }
    q = load_questionnaire(_dump(small))
    assert q.question("B1").scale_top == "last"
    rows = {row["name"]: row for row in build_codebook(q)}
    assert rows["B1"]["measure"] == "ordinal", "a declared direction makes a scale"


def test_a_plain_list_declares_nothing(small):
    q = load_questionnaire(_dump(small))
    assert q.question("C1").scale_top is None


def test_yes_and_no_on_a_shared_list_is_nominal(small):
    rows = {row["name"]: row for row in build_codebook(load_questionnaire(_dump(small)))}
    assert rows["C1_a"]["measure"] == "nominal", "zustimmung has two points"


@pytest.mark.parametrize(
    ("value", "location", "message"),
    [
        ({"top": "oben", "options": AGREEMENT}, "option_lists.zustimmung.top", "first"),
        ({"options": AGREEMENT}, "option_lists.zustimmung", "top"),
        ({"top": "first"}, "option_lists.zustimmung", "options"),
        (
            {"top": "first", "options": AGREEMENT, "richtung": 1},
            "option_lists.zustimmung.richtung",
            "Unbekannter Schlüssel",
        ),
    ],
)
def test_a_broken_direction_is_refused_with_its_place(problems, small, value, location, message):
    small["option_lists"]["zustimmung"] = value
    found = problems(small)
    assert any(p.location == location and message in p.message for p in found), found
