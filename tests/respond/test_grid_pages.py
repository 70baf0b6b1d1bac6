"""Module D's grid on the respondent's page: a row is a group of labelled fields, each cell is
read and checked on its own, the totals are worked out and stored, and the check against D1
names the grid in the error summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from respondent import Respondent, questionnaire_links, stored

MODULE_D = (Path(__file__).parents[1] / "questionnaire" / "grid-module-d.yaml").read_text("utf-8")


@pytest.fixture
def person(app, tmp_path) -> Respondent:
    person = Respondent(app.test_client(), questionnaire_links(tmp_path, MODULE_D, "modul-d")[0])
    person.consent()
    return person


def test_each_row_is_a_group_and_each_cell_a_labelled_field(person):
    html = person.client.get(person.url("d")).get_data(as_text=True)
    row = html.split('id="D5_sozial-row"')[1].split("</fieldset>")[0]
    assert '<legend class="kern-label grid-row__title">Sozialplanung</legend>' in row
    assert '<label class="kern-label grid-cell__label" for="D5_sozial_esf">ESF</label>' in row
    assert 'id="D5_sozial_esf" name="D5_sozial_esf"' in row and 'inputmode="decimal"' in row


def test_the_cells_and_their_totals_are_stored(person):
    saved = person.save(
        "d", {"D1": "3", "D5_sozial_eigen": "1,5", "D5_sozial_land": "0,5", "D5_bildung_land": "1"}
    )
    assert saved.status_code == 302
    assert (stored("D5_sozial_eigen"), stored("D5_sozial_sum"), stored("D5_sum")) == (1.5, 2, 3)
    assert (stored("D5_sum_land"), stored("D5_sum_esf")) == (1.5, -88)
    html = person.client.get(person.url("d")).get_data(as_text=True)
    assert 'id="D5_sum">Summe insgesamt: <output><strong>3</strong></output>' in html
    assert 'value="1,5"' in html


def test_a_total_that_misses_d1_blocks_with_the_grid_named(person):
    html = person.save("d", {"D1": "3", "D5_sozial_eigen": "1"}).get_data(as_text=True)
    assert "<title>Fehler:" in html
    assert "Die Summe der Tabelle muss den Stellen insgesamt (D1) entsprechen." in html
    assert 'href="#D5_sozial_eigen"' in html


def test_a_wrong_cell_is_named_on_its_own(person):
    html = person.save("d", {"D1": "3", "D5_bildung_esf": "viel"}).get_data(as_text=True)
    assert 'id="D5_bildung_esf-error"' in html and 'href="#D5_bildung_esf"' in html
    assert stored("D5_bildung_esf") is None


def test_a_grid_of_choices_appears_once_esf_posts_are_given_and_its_total_is_piped(person):
    person.save("d", {"D1": "2", "D5_sozial_esf": "2"})
    html = person.client.get(person.url("d")).get_data(as_text=True)
    assert (
        '<select class="kern-form-input__select" id="D6_sozial_ende" name="D6_sozial_ende"' in html
    )
    person.save("d", {"D1": "2", "D5_sozial_esf": "2", "D6_sozial_ende": "1"})
    assert stored("D6_sozial_ende") == 1
    follow_up = person.client.get(person.url("e")).get_data(as_text=True)
    assert "Sie haben 2 VZÄ verteilt, davon 2 VZÄ in der Sozialplanung." in follow_up


def test_the_overview_lists_the_answered_cells_by_row_and_column(person):
    person.save("d", {"D1": "1", "D5_bildung_eigen": "1"})
    person.save("e", {})
    html = person.client.get(person.link + "/ueberblick").get_data(as_text=True)
    assert "Bildungsmanagement – Eigenmittel: 1 VZÄ" in html
