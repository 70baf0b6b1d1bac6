"""A cascading select: the Kreise a page offers follow the Land answered on an earlier page.
The page offers only the choices that pass, a choice it did not offer is refused, and an
answer the changed Land no longer offers counts as not given."""

from __future__ import annotations

import pytest
from respondent import Respondent, questionnaire_links, stored

CASCADE = """
format: 1
id: kaskade
version: "1"
title: "Kaskade"
pages:
  - id: a
    title: "Land"
    questions:
      - id: A1
        type: single
        text: "In welchem Land liegt Ihre Kommune?"
        options:
          - {code: 1, label: "Sachsen"}
          - {code: 2, label: "Thüringen"}
  - id: b
    title: "Kreis"
    questions:
      - id: B1
        type: single
        text: "Welcher Kreis?"
        options:
          - {code: 11, label: "Erzgebirgskreis", show_if: "A1 == 1"}
          - {code: 12, label: "Mittelsachsen", show_if: "A1 == 1"}
          - {code: 21, label: "Gotha", show_if: "A1 == 2"}
          - {code: 99, label: "weiß nicht", missing: true}
      - id: B2
        type: multiple
        text: "Mit welchen Kreisen planen Sie gemeinsam?"
        options:
          - {code: 11, label: "Erzgebirgskreis", show_if: "A1 == 1"}
          - {code: 21, label: "Gotha", show_if: "A1 == 2"}
          - {code: 30, label: "mit keinem"}
"""


@pytest.fixture
def person(app, tmp_path) -> Respondent:
    person = Respondent(app.test_client(), questionnaire_links(tmp_path, CASCADE, "kaskade")[0])
    person.consent()
    return person


def test_the_page_offers_only_the_kreise_of_the_land_answered_before(person):
    person.save("a", {"A1": "2"})
    html = person.client.get(person.url("b")).get_data(as_text=True)
    assert "Gotha" in html and "weiß nicht" in html and "mit keinem" in html
    assert "Erzgebirgskreis" not in html and "Mittelsachsen" not in html


def test_a_kreis_the_page_did_not_offer_is_refused(person):
    person.save("a", {"A1": "2"})
    html = person.save("b", {"B1": "11"}).get_data(as_text=True)
    assert 'id="B1-error"' in html
    assert stored("B1") is None


def test_the_kreis_keeps_the_code_of_the_full_list(person):
    person.save("a", {"A1": "2"})
    person.save("b", {"B1": "21", "B2": ["21", "30"]})
    assert (stored("B1"), stored("B2_21"), stored("B2_30")) == (21, 1, 1)
    assert stored("B2_11") == -77


def test_a_kreis_the_changed_land_no_longer_offers_counts_as_not_given(person):
    person.save("a", {"A1": "1"})
    person.save("b", {"B1": "11", "B2": ["11"]})
    person.save("a", {"A1": "2"})
    html = person.client.get(person.url("b")).get_data(as_text=True)
    assert "Erzgebirgskreis" not in html and "checked" not in html
    person.save("b", {})
    assert (stored("B1"), stored("B2_11"), stored("B2_21")) == (-88, -77, -88)


def test_the_printed_questionnaire_says_which_land_a_kreis_is_offered_for(person):
    html = person.client.get(f"{person.link}/fragebogen").get_data(as_text=True)
    assert "Gotha (nur angeboten, wenn" in html
    assert "Thüringen" in html.split("Gotha (nur angeboten, wenn", 1)[1].split(")", 1)[0]
