"""Questions that appear on the same page, reminders and checks: never scolded early.

A question the respondent has not seen yet cannot be wrong; every problem of a page is named in
one round, each summary line names its question, and a soft reminder is shown once per page.
"""

from __future__ import annotations

import re

import pytest
from respondent import Respondent, follow_up_links, hidden_fields, stored

from surveyapp.questionnaire.codes import NO_ANSWER


def summary_of(html: str) -> str:
    """The error summary's lines as a screen reader reads them: the text without markup."""
    return re.sub(r"<[^>]+>", "", html.split('id="fehlerliste"')[1].split("</ul>")[0])


@pytest.fixture
def person(app, tmp_path) -> Respondent:
    link = follow_up_links(tmp_path)[0]
    person = Respondent(app.test_client(), link)
    person.consent()
    return person


def test_a_question_that_just_appeared_is_not_an_error(person):
    shown = person.save("p", {"Q1": "1"})
    html = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert "Weitere Fragen auf dieser Seite" in html
    assert "Fehler:" not in html.split("</title>")[0]
    assert 'role="alert" tabindex="-1" aria-labelledby="fehlerliste-titel"' not in html
    assert 'aria-invalid="true"' not in html and "Bitte beantworten Sie diese Frage" not in html
    assert 'id="Q2"' in html and 'id="Q3"' in html
    assert stored("Q1") == 1


def test_once_seen_the_follow_up_is_required_and_the_reminder_shown_once(person):
    shown = hidden_fields(person.save("p", {"Q1": "1"}).get_data(as_text=True))
    blocked = person.save("p", {"Q1": "1"}, loaded=shown).get_data(as_text=True)
    assert "<title>Fehler:" in blocked
    summary = summary_of(blocked)
    assert "Wie viele Beratungsstellen gibt es? – Bitte beantworten Sie diese Frage" in summary
    assert "Hinweis:" in summary and "Wo liegt die größte Beratungsstelle?" in summary
    # The required answer given, the reminder seen once: "Weiter" goes on.
    moved = person.save("p", {"Q1": "1", "Q2": "3"}, loaded=hidden_fields(blocked))
    assert moved.headers["Location"] == person.url("r")
    assert stored("Q2") == 3 and stored("Q3") == NO_ANSWER


def test_a_reminder_is_not_shown_again_after_an_unrelated_format_error(person):
    shown = hidden_fields(person.save("p", {"Q1": "1"}).get_data(as_text=True))
    reminded = person.save("p", {"Q1": "1", "Q2": "3"}, loaded=shown).get_data(as_text=True)
    assert "Wo liegt die größte Beratungsstelle?" in reminded.split("</ul>")[0]
    typo = person.save("p", {"Q1": "1", "Q2": "drei"}, loaded=hidden_fields(reminded))
    html = typo.get_data(as_text=True)
    assert "Bitte geben Sie eine ganze Zahl ein" in html
    assert "Sie haben diese Frage nicht beantwortet" not in html
    moved = person.save("p", {"Q1": "1", "Q2": "3"}, loaded=hidden_fields(html))
    assert moved.headers["Location"] == person.url("r")


def test_format_errors_and_cross_field_checks_come_in_one_round(person):
    person.save("p", {"Q1": "2"})
    html = person.save("r", {"R1": "2", "R2": "5", "R3": "zehn"}).get_data(as_text=True)
    summary = summary_of(html)
    assert "Wie hoch ist das Budget in Tausend Euro? – Bitte geben Sie eine Zahl ein" in summary
    assert "Es können nicht mehr Personen in Teilzeit als insgesamt arbeiten." in summary
    assert stored("R1") is None


def test_a_reminder_once_shown_is_remembered_for_the_page(person):
    shown = hidden_fields(person.save("p", {"Q1": "1"}).get_data(as_text=True))
    reminded = person.save("p", {"Q1": "1", "Q2": "3"}, loaded=shown).get_data(as_text=True)
    assert "Sie haben diese Frage nicht beantwortet" in reminded
    person.save("p", {"Q1": "1", "Q2": "3"}, loaded=hidden_fields(reminded))
    person.save("r", {}, action="zurueck")
    # Back on the page later, in a new visit: the reminder is not shown a second time.
    again = person.save("p", {"Q1": "1", "Q2": "4"})
    assert again.headers["Location"] == person.url("r")
    assert stored("Q2") == 4
