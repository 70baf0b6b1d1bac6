"""What a page tells its script about the follow-up questions it may show in place.

Every filter over a choice, a yes/no or a typed number of the same page travels as a rule the
script evaluates; one the script cannot judge (a text pattern) is not sent, so that question
still appears after "Weiter", never as an error, as it does wherever JavaScript does not run.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from respondent import Respondent, reveal_links


@pytest.fixture
def person(app, tmp_path) -> Respondent:
    person = Respondent(app.test_client(), reveal_links(tmp_path)[0])
    person.consent()
    return person


def rules_of(page: str) -> dict[str, dict]:
    """The rule of each question slot the page's script shows and hides, by question."""
    found = re.findall(r'data-question="([^"]+)" data-reveal="([^"]+)"', page)
    return {question: json.loads(html.unescape(rule)) for question, rule in found}


def _get(person: Respondent, page_id: str) -> str:
    return person.client.get(person.url(page_id)).get_data(as_text=True)


def test_a_ticked_box_and_the_number_of_boxes_ticked_travel_as_rules(person):
    rules = rules_of(_get(person, "m"))
    assert rules["M2"] == {"test": "box", "name": "M1", "code": "3", "on": True, "off": False}
    assert rules["M3"] == {"test": "count", "name": "M1", "holds": [False, False, True, True, True]}


def test_yes_no_and_typed_numbers_travel_as_rules(person):
    assert rules_of(_get(person, "j"))["J3"] == {"test": "radio", "name": "J1", "values": ["0"]}
    typed = rules_of(_get(person, "n"))["N4"]
    assert typed == {"test": "number", "name": "N3", "kind": "decimal", "op": "<", "values": [19.5]}


def test_one_item_of_a_matrix_travels_as_a_rule_over_its_row(person):
    rule = rules_of(_get(person, "s"))["S2"]
    assert rule == {"test": "radio", "name": "S1_daten", "values": ["2"]}


def test_and_or_not_are_combined_from_their_parts(person):
    rule = rules_of(_get(person, "k"))["K3"]
    assert rule["test"] == "all"
    choice, negated = rule["parts"]
    assert choice == {"test": "radio", "name": "K1", "values": ["1", "2"]}
    assert negated["test"] == "not" and negated["part"]["op"] == ">="


def test_a_filter_the_script_cannot_judge_is_left_to_the_server(person):
    page = _get(person, "t")
    assert rules_of(page) == {} and 'id="T2"' not in page
    shown = person.save("t", {"T1": "04109"}).get_data(as_text=True)
    assert 'id="T2"' in shown and "Weitere Fragen auf dieser Seite" in shown
    assert 'aria-invalid="true"' not in shown
