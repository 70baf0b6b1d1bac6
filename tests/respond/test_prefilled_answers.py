"""The next wave shows a unit's earlier answers filled in for checking (`prefill: previous`):
sent unchanged they are recorded as confirmed, changed as changed, and a unit that had not
answered before sees empty questions recorded as new."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask_babel import refresh
from respondent import PAGE_A, Respondent, finish, prefilled_questionnaire
from testsupport import FRAME

from surveyapp.extensions import db
from surveyapp.field.invitations import create_invitations, invitation_of, link_of
from surveyapp.field.next_wave import create_next_wave
from surveyapp.models import Answer, AnswerChange, Response, Survey
from surveyapp.questionnaire.codes import PREFILL_CHANGED, PREFILL_CONFIRMED, PREFILL_NEW
from surveyapp.surveys import frame
from surveyapp.surveys.lifecycle import create_survey

LEIPZIG, HALLE = "14713", "15002"


def _link(survey: Survey, ags: str) -> str:
    invitation = invitation_of(survey, ags)
    assert invitation is not None
    return link_of(invitation).removeprefix("http://localhost")


@pytest.fixture
def waves(app: Flask, tmp_path: Path) -> tuple[Survey, Survey]:
    """Wave 2019, in which Leipzig submitted (A1 Sozialplanung, A2 Sozialamt, B1 nein), and
    the wave made from it."""
    first = create_survey(prefilled_questionnaire(tmp_path), "welle-2019", date(2019, 7, 1))
    frame.import_file(FRAME, first)
    create_invitations(first)
    person = Respondent(app.test_client(), _link(first, LEIPZIG))
    person.consent()
    finish(person)
    assert person.client.post(f"{person.link}/absenden").status_code == 302
    second = create_next_wave(first, "welle-2024").survey
    return first, second


def _values(survey: Survey, ags: str) -> dict[str, object]:
    db.session.expire_all()
    unit = frame.members(survey)[ags].unit_id
    response = db.session.scalar(db.select(Response).filter_by(survey_id=survey.id, unit_id=unit))
    rows = db.session.scalars(db.select(Answer).filter_by(response_id=response.id))
    return {row.variable: row.text if row.number is None else row.number for row in rows}


def _start(app: Flask, survey: Survey, ags: str) -> Respondent:
    person = Respondent(app.test_client(), _link(survey, ags))
    person.consent()
    return person


def test_the_second_wave_shows_the_earlier_answers_marked(app, waves):  # noqa: ANN001
    person = _start(app, waves[1], LEIPZIG)
    html = person.client.get(person.url("a")).get_data(as_text=True)
    assert 'value="Sozialamt"' in html
    assert 'name="A1" value="1" checked' in html or 'value="1" checked' in html
    assert html.count("Angabe aus 2019 – bitte prüfen") == 2
    assert 'id="A2-prefilled"' in html and "A2-prefilled" in html.split('id="A2"')[1][:300]
    refresh()  # the test's app context outlives the request and would keep its language
    page = person.client.get(person.url("a") + "?lang=en").get_data(as_text=True)
    assert page.count("Answer from 2019 – please check") == 2


def test_sending_the_answers_unchanged_records_confirmed(app, waves):  # noqa: ANN001
    person = _start(app, waves[1], LEIPZIG)
    finish(person)
    person.client.post(f"{person.link}/absenden")
    values = _values(waves[1], LEIPZIG)
    assert values["A2"] == "Sozialamt"
    assert (values["A1_prefill"], values["A2_prefill"], values["B1_prefill"]) == (
        PREFILL_CONFIRMED,
        PREFILL_CONFIRMED,
        PREFILL_CONFIRMED,
    )


def test_a_changed_answer_records_changed(app, waves):  # noqa: ANN001
    person = _start(app, waves[1], LEIPZIG)
    person.save("a", {**PAGE_A, "A2": "Jugendamt"})
    html = person.client.get(person.url("a")).get_data(as_text=True)
    assert html.count("Angabe aus 2019 – bitte prüfen") == 1
    finish_without_a = [("b", {"B1": "4"}), ("k", {}), ("m", {}), ("n", {})]
    for page, data in finish_without_a:
        person.save(page, data)
    person.client.post(f"{person.link}/absenden")
    values = _values(waves[1], LEIPZIG)
    assert (values["A1_prefill"], values["A2_prefill"], values["B1_prefill"]) == (
        PREFILL_CONFIRMED,
        PREFILL_CHANGED,
        PREFILL_CONFIRMED,
    )


def test_a_unit_without_earlier_answers_sees_empty_questions_recorded_as_new(app, waves):  # noqa: ANN001
    person = _start(app, waves[1], HALLE)
    html = person.client.get(person.url("a")).get_data(as_text=True)
    assert "bitte prüfen" not in html
    finish(person)
    person.client.post(f"{person.link}/absenden")
    assert _values(waves[1], HALLE)["A2_prefill"] == PREFILL_NEW


def test_the_filled_in_answers_are_in_the_history_as_the_systems(app, waves):  # noqa: ANN001
    _start(app, waves[1], LEIPZIG)
    change = db.session.scalar(db.select(AnswerChange).filter_by(variable="A2", context="prefill"))
    assert (change.actor, change.new_text) == ("system", "Sozialamt")


def test_the_codebook_names_the_paradata(waves):  # noqa: ANN001
    row = next(r for r in waves[1].codebook if r["name"] == "B1_prefill")
    assert "früheren Welle" in row["label"]
    assert set(row["value_labels"].values()) >= {
        "bestätigt (Angabe der früheren Welle unverändert abgeschickt)"
    }


def test_the_privacy_text_says_who_sees_the_earlier_answers(app, waves):  # noqa: ANN001
    first, second = waves
    sentence = "Diese früheren Antworten sieht jede Person, die den Link Ihrer Kommune hat."
    later = app.test_client().get(_link(second, HALLE)).get_data(as_text=True)
    assert sentence in later
    earlier = app.test_client().get(_link(first, HALLE)).get_data(as_text=True)
    assert sentence not in earlier
