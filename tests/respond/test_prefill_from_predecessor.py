"""A unit that took over another (Eisenach joined the Wartburgkreis on 1 July 2021) is shown its
predecessor's earlier answers in the next wave only when it has none of its own, and the mark
names whose answers they are."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from flask import Flask
from flask_babel import refresh
from respondent import Respondent, finish, prefilled_questionnaire
from testsupport import FRAME

from surveyapp.field.invitations import create_invitations, invitation_of, link_of
from surveyapp.field.next_wave import create_next_wave
from surveyapp.models import Survey
from surveyapp.surveys import frame, territory
from surveyapp.surveys.lifecycle import create_survey

EISENACH, WARTBURGKREIS, ERFURT = "16056", "16063", "16051"
MARK = "Angabe von Eisenach (kreisfreie Stadt) aus 2019 – bitte prüfen"


def _link(survey: Survey, ags: str) -> str:
    invitation = invitation_of(survey, ags)
    assert invitation is not None
    return link_of(invitation).removeprefix("http://localhost")


def _submit(app: Flask, survey: Survey, ags: str) -> None:
    person = Respondent(app.test_client(), _link(survey, ags))
    person.consent()
    finish(person)
    assert person.client.post(f"{person.link}/absenden").status_code == 302


def _first_wave(app: Flask, tmp_path: Path, *answering: str) -> Survey:
    """Wave 2019 with Eisenach still in the frame; `answering` submit; then Eisenach merges."""
    first = create_survey(prefilled_questionnaire(tmp_path), "welle-2019", date(2019, 7, 1))
    frame.import_file(FRAME, first)
    create_invitations(first)
    for ags in answering:
        _submit(app, first, ags)
    change = f"alt_ags;neu_ags;datum\n{EISENACH};{WARTBURGKREIS};01.07.2021\n".encode()
    territory.load(io.BytesIO(change), "aenderungen.csv", user_email="test")
    return first


def _page_a(app: Flask, survey: Survey, ags: str) -> str:
    person = Respondent(app.test_client(), _link(survey, ags))
    person.consent()
    return person.client.get(person.url("a")).get_data(as_text=True)


def test_a_successor_without_answers_sees_its_predecessors_marked(app, tmp_path):  # noqa: ANN001
    first = _first_wave(app, tmp_path, EISENACH)
    second = create_next_wave(first, "welle-2024").survey
    html = _page_a(app, second, WARTBURGKREIS)
    assert 'value="Sozialamt"' in html
    assert html.count(MARK) == 2
    refresh()  # the test's app context outlives the request and would keep its language
    person = Respondent(app.test_client(), _link(second, WARTBURGKREIS))
    english = person.client.get(person.url("a") + "?lang=en").get_data(as_text=True)
    assert english.count("Answer of Eisenach (kreisfreie Stadt) from 2019 – please check") == 2
    assert "bitte prüfen" not in _page_a(app, second, ERFURT)


def test_a_successor_with_its_own_answers_keeps_them(app, tmp_path):  # noqa: ANN001
    first = _first_wave(app, tmp_path, WARTBURGKREIS, EISENACH)
    second = create_next_wave(first, "welle-2024").survey
    html = _page_a(app, second, WARTBURGKREIS)
    assert html.count("Angabe aus 2019 – bitte prüfen") == 2
    assert "Eisenach" not in html
