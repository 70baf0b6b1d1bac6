"""A ranking on the respondent's page: a select per place, an option given twice or a place
skipped is named where it happens, and the order is stored and read back in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from respondent import Respondent, questionnaire_links, stored

SOURCE = (Path(__file__).parents[1] / "questionnaire" / "roster-modules-e-g.yaml").read_text(
    "utf-8"
)


@pytest.fixture
def person(app, tmp_path) -> Respondent:
    person = Respondent(app.test_client(), questionnaire_links(tmp_path, SOURCE, "ziele")[0])
    person.consent()
    return person


def test_each_place_is_a_labelled_select_of_every_option(person):
    html = person.client.get(person.url("h")).get_data(as_text=True)
    assert '<label class="kern-label" for="H1_1">Platz 1</label>' in html
    assert '<label class="kern-label" for="H1_2">Platz 2</label>' in html
    assert html.count('<option value="3">Pflege sichern</option>') == 2
    assert "draggable" not in html


def test_the_order_is_stored_and_piped_in_words(person):
    saved = person.save("h", {"H1_1": "2", "H1_2": "4"}, action="speichern")
    assert saved.status_code in (200, 302)
    assert (stored("H1_1"), stored("H1_2")) == (2, 4)
    html = person.client.get(person.url("h")).get_data(as_text=True)
    assert "Warum steht Bildung stärken vorn?" in html


def test_an_option_given_two_places_is_named_at_the_second(person):
    html = person.save("h", {"H1_1": "2", "H1_2": "2"}).get_data(as_text=True)
    assert 'id="H1_2-error"' in html and 'id="H1_1-error"' not in html
    assert "jede Option steht nur einmal" in html
    assert stored("H1_1") is None


def test_a_place_skipped_before_a_later_one_is_named(person):
    html = person.save("h", {"H1_2": "1"}).get_data(as_text=True)
    assert "Bitte vergeben Sie zuerst die Plätze vor Platz 2." in html
