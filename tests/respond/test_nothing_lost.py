"""Nothing typed is lost without the respondent knowing: a lost or blocked session cookie, a
page a colleague's change has taken off the path, a page sent after the field period, and the
language switch, which saves the page first."""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask_babel import refresh
from respondent import PAGE_A, Respondent, stored, the_response

from surveyapp.extensions import db
from surveyapp.models import Survey


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    return found.group(1) if found else ""


def _form_of(html: str, **entries: str) -> dict[str, str]:
    fields = ("csrf_token", "revision", "shown", "confirmed", "cookie_retry")
    return {**{name: _hidden(html, name) for name in fields}, **entries}


def test_a_lost_cookie_shows_the_page_again_with_the_entries(csrf_app, demo):
    link = demo.link().removeprefix("http://localhost")
    browser = csrf_app.test_client()
    welcome = browser.get(link).get_data(as_text=True)
    browser.post(link, data={"consent": "ja", "csrf_token": _csrf(welcome)})
    page = browser.get(f"{link}/seite/a").get_data(as_text=True)
    browser.delete_cookie("session")  # a cookie cleaner, a browser restart, a logout
    sent = browser.post(
        f"{link}/seite/a", data=_form_of(page, action="weiter", **{**PAGE_A, "A2": "Planungsstab"})
    )
    html = sent.get_data(as_text=True)
    assert sent.status_code == 400
    assert "Ihre Angaben wurden noch nicht gespeichert" in html
    assert "Cookies gelöscht wurden" in html and 'value="Planungsstab"' in html
    assert "umfrage@example.org" in html
    assert stored("A2") is None
    again = browser.post(f"{link}/seite/a", data=_form_of(html, action="weiter", **PAGE_A))
    assert again.headers["Location"] == f"{link}/seite/b"
    assert stored("A2") == "Sozialamt"


def test_blocked_cookies_get_advice_instead_of_the_same_request_again(csrf_app, demo):
    link = demo.link().removeprefix("http://localhost")
    browser = csrf_app.test_client(use_cookies=False)
    welcome = browser.get(link).get_data(as_text=True)
    first = browser.post(link, data={"consent": "ja", "csrf_token": _csrf(welcome)})
    html = first.get_data(as_text=True)
    assert first.status_code == 400 and "Cookies gelöscht wurden" in html
    assert re.search(r'id="consent" name="consent" value="ja" checked', html)
    second = browser.post(link, data=_form_of(html, consent="ja")).get_data(as_text=True)
    assert "blockiert er Cookies für diese Seite" in second
    assert "Bitte erlauben Sie in den Einstellungen Ihres Browsers Cookies für localhost" in second
    assert "Haben Sie Cookies gerade erst erlaubt und sehen diesen Hinweis noch einmal" in second
    assert the_response() is None


def test_an_expired_form_without_a_page_to_show_again_names_the_contact(csrf_app, demo):
    link = demo.link().removeprefix("http://localhost")
    sent = csrf_app.test_client().post(f"{link}/absenden", data={"csrf_token": "alt"})
    html = sent.get_data(as_text=True)
    assert sent.status_code == 400 and "Das Formular war nicht mehr gültig" in html
    assert "Bei Fragen wenden Sie sich bitte an: Forschungsteam Kommunale Planung" in html
    assert "Kontakt zur Befragung: Forschungsteam Kommunale Planung" in html


def test_a_page_hidden_by_a_colleague_says_so_and_shows_what_was_not_saved(
    respondent: Respondent, colleague: Respondent
):
    respondent.save("a", PAGE_A)
    respondent.save("b", {"B1": "1", "B2": "2015", "B3": "2"})
    loaded = respondent.open("c")
    colleague.save("b", {"B1": "4"}, action="speichern")  # no social planning: c is off the path
    sent = respondent.save("c", {"C1": "3", "C2": "2"}, loaded=loaded)
    html = sent.get_data(as_text=True)
    assert sent.status_code == 409
    assert "Diese Seite wird nicht mehr gefragt" in html
    assert "eine frühere Antwort geändert" in html
    assert "Diese Angaben wurden nicht gespeichert" in html and "Fachamt Soziales" in html
    assert f'href="{respondent.url("k")}"' in html
    assert "Kontakt zur Befragung: Forschungsteam Kommunale Planung" in html


def test_a_page_sent_after_the_field_period_lists_what_was_not_saved(respondent: Respondent):
    loaded = respondent.open("a")
    survey = db.session.scalar(db.select(Survey))
    survey.closes_on = date.today() - timedelta(days=1)
    db.session.commit()
    sent = respondent.save("a", {"A2": "Jugendamt"}, loaded=loaded)
    html = sent.get_data(as_text=True)
    assert sent.status_code == 403
    assert "Die Befragung ist beendet" in html and "nach dem Ende der Befragung" in html
    assert "Wie heißt Ihre Organisationseinheit?" in html and "Jugendamt" in html
    assert stored("A2") is None


def test_the_language_switch_saves_the_page_first(respondent: Respondent):
    page = respondent.open("a")["html"]
    switch = re.search(r'<button type="submit" form="seite"[^>]*>', page).group(0)
    assert 'name="action" value="speichern"' in switch and "lang=en" in switch
    loaded = respondent.open("a")
    form = {"A2": "Sozialamt", "action": "speichern", "revision": loaded["revision"], "shown": ""}
    moved = respondent.client.post(respondent.url("a") + "?lang=en", data=form)
    assert moved.headers["Location"] == respondent.url("a") + "?lang=en"
    assert stored("A2") == "Sozialamt"
    refresh()  # the test's app context outlives the request and would keep its language
    english = respondent.client.get(moved.headers["Location"]).get_data(as_text=True)
    assert '<html lang="en">' in english and 'value="Sozialamt"' in english
