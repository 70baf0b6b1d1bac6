"""Rosters on the respondent's page: the Fachplanungen ticked in E1 are asked about one by
one, the reports are entered one after another up to three, and the data name each answer by
item and question."""

from __future__ import annotations

from pathlib import Path

import pytest
from respondent import Respondent, questionnaire_links, stored

from surveyapp.questionnaire.codes import NOT_SHOWN

ROSTERS = (Path(__file__).parents[1] / "questionnaire" / "roster-modules-e-g.yaml").read_text(
    "utf-8"
)


@pytest.fixture
def person(app, tmp_path) -> Respondent:
    person = Respondent(app.test_client(), questionnaire_links(tmp_path, ROSTERS, "modul-e")[0])
    person.consent()
    return person


def test_only_the_ticked_fachplanungen_are_asked_each_in_its_own_group(person):
    person.save("e", {"E1": ["1", "3"]})
    html = person.client.get(person.url("f")).get_data(as_text=True)
    assert 'id="F_1-item"' in html and 'id="F_3-item"' in html and 'id="F_2-item"' not in html
    item = html.split('id="F_3-item"')[1].split('class="kern-fieldset roster-item"')[0]
    assert '<legend class="kern-label roster-item__title">Altenhilfeplanung</legend>' in item
    assert 'name="F_3_jahr"' in item and 'id="F_3_rolle-1"' in item


def test_the_answers_are_stored_per_item_and_the_others_are_not_asked(person):
    person.save("e", {"E1": ["1", "3"]})
    saved = person.save(
        "f",
        {
            "F_1_integriert": "1",
            "F_1_rolle": "1",
            "F_1_jahr": "2015",
            "F_3_integriert": "0",
            "F_3_rolle": "2",
            "F_3_jahr": "2020",
        },
    )
    assert saved.status_code == 302
    assert (stored("F_1_jahr"), stored("F_3_rolle"), stored("F_3_integriert")) == (2015, 2, 0)
    assert stored("F_2_jahr") == NOT_SHOWN


def test_a_required_roster_wants_every_question_of_every_item(person):
    person.save("e", {"E1": ["1"]})
    html = person.save("f", {"F_1_jahr": "2015"}).get_data(as_text=True)
    assert "<title>Fehler:" in html
    assert "Bitte beantworten Sie jede Frage zu jedem Eintrag." in html


def test_a_wrong_year_in_an_item_is_named_at_its_field(person):
    person.save("e", {"E1": ["1"]})
    html = person.save("f", {"F_1_jahr": "1800"}, action="speichern").get_data(as_text=True)
    assert 'href="#F_1_jahr"' in html and 'id="F_1_jahr-error"' in html


def test_reports_are_entered_one_after_another_up_to_three(person):
    html = person.client.get(person.url("g")).get_data(as_text=True)
    assert 'id="G_1-item"' in html and 'id="G_2-item"' not in html
    assert "Speichern und weiteren Eintrag anlegen" in html
    person.save("g", {"G_1_titel": "Sozialbericht", "G_1_jahr": "2021"}, action="speichern")
    html = person.client.get(person.url("g")).get_data(as_text=True)
    assert 'value="Sozialbericht"' in html and 'id="G_2-item"' in html
    assert '<legend class="kern-label roster-item__title">Bericht 2</legend>' in html
    person.save(
        "g",
        {"G_1_titel": "Sozialbericht", "G_1_jahr": "2021", "G_2_titel": "Bildungsbericht"},
        action="speichern",
    )
    html = person.client.get(person.url("g")).get_data(as_text=True)
    assert 'id="G_3-item"' in html and "Speichern und weiteren Eintrag anlegen" not in html
    person.save("g", {"G_1_titel": "Sozialbericht", "G_1_jahr": "2021", "G_2_titel": "B"})
    assert (stored("G_2_titel"), stored("G_2_jahr"), stored("G_3_titel")) == ("B", -88, NOT_SHOWN)


def test_the_overview_says_each_answer_with_its_item(person):
    person.save("e", {"E1": ["2"]})
    person.save("f", {"F_2_integriert": "1", "F_2_rolle": "2", "F_2_jahr": "2019"})
    person.save("g", {"G_1_titel": "Sozialbericht"})
    html = person.client.get(person.link + "/ueberblick").get_data(as_text=True)
    assert "Schulentwicklungsplanung – Rolle der Sozialplanung: beteiligt" in html
    assert "Bericht 1 – Titel: Sozialbericht" in html


def test_a_roster_question_of_its_own_required_is_asked_of_every_entry_begun(app, tmp_path):
    titled = ROSTERS.replace(
        '- {id: titel, type: text, text: {de: "Titel", en: "Title"}}',
        '- {id: titel, type: text, required: true, text: {de: "Titel", en: "Title"}}',
    )
    assert titled != ROSTERS
    person = Respondent(app.test_client(), questionnaire_links(tmp_path, titled, "titel")[0])
    person.consent()

    html = person.save("g", {"G_1_jahr": "2021"}).get_data(as_text=True)

    assert "<title>Fehler:" in html
    assert 'href="#G_1_titel"' in html and 'id="G_1_titel-error"' in html
    assert person.save("g", {"G_1_titel": "Sozialbericht", "G_1_jahr": "2021"}).status_code == 302
    assert person.save("g", {}).status_code == 302
