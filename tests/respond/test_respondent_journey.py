"""A Kommune's contact fills in the demo questionnaire: the whole journey through the client."""

from __future__ import annotations

import re

from flask_babel import refresh
from respondent import PAGE_A, finish, hidden_fields, stored, the_response

from surveyapp.questionnaire.codes import NO_ANSWER, NOT_SHOWN


def test_welcome_page_informs_and_asks_for_consent_unticked(client, link):
    html = client.get(link).get_data(as_text=True)
    assert '<html lang="de">' in html
    assert "Integrierte Sozialplanung und Bildung in Kommunen" in html
    assert "Forschungsinstitut für kommunale Planung" in html
    assert "Informationen zum Datenschutz" in html
    for topic in ("Verantwortliche Stelle", "Zweck", "Rechtsgrundlage", "Speicherdauer"):
        assert topic in html
    assert "ohne eine Kommune zu nennen" in html and "Ihre Rechte" in html
    assert 'type="checkbox" id="consent" name="consent" value="ja">' in html
    assert "Erklärung zur Barrierefreiheit" in html


def test_consent_is_required_before_the_first_page(client, link):
    refused = client.post(link, data={})
    assert refused.status_code == 200
    assert "Bitte bestätigen Sie Ihre Einwilligung" in refused.get_data(as_text=True)
    assert the_response() is None
    assert client.get(f"{link}/seite/a").headers["Location"] == link
    started = client.post(link, data={"consent": "ja"})
    assert started.headers["Location"] == f"{link}/seite/a"
    assert the_response().consent_at is not None


def test_page_title_and_progress_say_the_step(respondent):
    html = respondent.open("a")["html"]
    assert "<title>Abschnitt 1 von 5 – Angaben zur ausfüllenden Stelle – Integrierte" in html
    assert "Abschnitt 1 von 5" in html
    for button in ("Weiter", "Zwischenspeichern", "Zurück"):
        assert f">{button}</span></button>" in html


def test_page_is_saved_on_weiter_and_the_response_resumes_there(respondent, colleague):
    moved = respondent.save("a", PAGE_A)
    assert moved.headers["Location"] == respondent.url("b")
    assert (stored("A1"), stored("A2"), stored("A3"), stored("A4")) == (
        1,
        "Sozialamt",
        2,
        "2024-03-01",
    )
    assert stored("A1_other") == NOT_SHOWN
    html = colleague.client.get(colleague.link).get_data(as_text=True)
    assert "Befragung fortsetzen" in html and f'href="{respondent.url("b")}"' in html


def test_zwischenspeichern_stays_and_announces_gespeichert(respondent):
    saved = respondent.save("a", {"A2": "Planungsstab"}, action="speichern")
    assert saved.headers["Location"] == respondent.url("a")
    html = respondent.client.get(saved.headers["Location"]).get_data(as_text=True)
    assert 'role="status"' in html and "wurden gespeichert" in html
    assert 'value="Planungsstab"' in html
    assert stored("A2") == "Planungsstab" and stored("A1") == NO_ANSWER


def test_back_saves_and_keeps_the_answers(respondent):
    respondent.save("a", PAGE_A)
    back = respondent.save("b", {"B1": "3"}, action="zurueck")
    assert back.headers["Location"] == respondent.url("a")
    assert stored("B1") == 3
    assert 'value="Sozialamt"' in respondent.open("a")["html"]
    assert 'id="B1-3" name="B1" value="3" checked' in respondent.open("b")["html"]


def test_filter_hides_the_section_pages_and_discards_their_answers(respondent):
    respondent.save("a", PAGE_A)
    respondent.save("b", {"B1": "1", "B2": "2015"})
    respondent.save("c", {"C1": "1", "C2": "2"})
    assert stored("C1") == 1
    assert "Abschnitt 2 von 14" in respondent.open("b")["html"]
    moved = respondent.save("b", {"B1": "4"})
    assert moved.headers["Location"] == respondent.url("k")
    assert stored("C1") == NOT_SHOWN and stored("B2") == NOT_SHOWN
    hidden = respondent.client.get(respondent.url("c"))
    assert hidden.headers["Location"] == respondent.url("k")


def test_hard_check_blocks_with_a_summary_and_keeps_the_input(respondent):
    respondent.save("a", PAGE_A)
    respondent.save("b", {"B1": "1", "B2": "2015"})
    respondent.save("c", {"C1": "1", "C2": "2"})
    blocked = respondent.save("d", {"D1": "1,5", "D2": "2,5"})
    html = blocked.get_data(as_text=True)
    assert blocked.status_code == 200
    assert "<title>Fehler: Abschnitt 4 von 14" in html
    assert 'role="alert"' in html and 'href="#D2"' in html
    assert "Befristete Stellen können nicht mehr sein als alle Stellen." in html
    assert 'value="1,5"' in html and 'value="2,5"' in html
    assert 'aria-invalid="true"' in html and "D2-error" in html
    # Kept as a draft so nothing typed is lost, but the respondent stays on the page.
    assert stored("D2") == 2.5 and the_response().current_page == "d"


def test_format_error_is_shown_and_nothing_is_stored(respondent):
    html = respondent.save("a", {**PAGE_A, "A3": "zwei"}).get_data(as_text=True)
    assert "Bitte geben Sie eine ganze Zahl ein" in html and 'value="zwei"' in html
    assert stored("A3") is None


def test_soft_check_is_shown_once_and_passes_on_the_second_weiter(respondent):
    respondent.save("a", PAGE_A)
    respondent.save("b", {"B1": "1", "B2": "2015"})
    respondent.save("c", {"C1": "1", "C2": "2"})
    loaded = respondent.open("d")
    first = respondent.save("d", {"D1": "25", "D2": "1"}, loaded=loaded)
    html = first.get_data(as_text=True)
    assert "Mehr als 20 Vollzeitstellen sind ungewöhnlich" in html
    again = respondent.save("d", {"D1": "25", "D2": "1"}, loaded=hidden_fields(html))
    assert again.headers["Location"] == respondent.url("e")
    assert stored("D1") == 25


def test_soft_required_reminds_once(respondent):
    respondent.save("a", PAGE_A)
    appeared = respondent.save("b", {"B1": "1"}).get_data(as_text=True)
    assert "Sie haben diese Frage nicht beantwortet" not in appeared
    first = respondent.save("b", {"B1": "1", "B3": "2"}, loaded=hidden_fields(appeared))
    html = first.get_data(as_text=True)
    assert "Sie haben diese Frage nicht beantwortet" in html
    again = respondent.save("b", {"B1": "1", "B3": "2"}, loaded=hidden_fields(html))
    assert again.headers["Location"] == respondent.url("c")
    assert stored("B2") == NO_ANSWER


def test_required_questions_block_weiter(respondent):
    html = respondent.save("a", {}).get_data(as_text=True)
    assert "Pflichtfeld" in html and 'href="#A1-1"' in html


def test_overview_links_back_to_each_section(respondent):
    finish(respondent)
    html = respondent.client.get(f"{respondent.link}/ueberblick").get_data(as_text=True)
    assert "Ihre Angaben im Überblick" in html
    for page in ("a", "b", "k", "m", "n"):
        assert f'href="{respondent.url(page)}?von=ueberblick"' in html
    assert "Sozialamt" in html and "01.03.2024" in html
    assert ">Absenden</span></button>" in html


def test_submit_locks_and_shows_a_printable_copy(respondent, colleague):
    finish(respondent)
    overview = respondent.client.get(f"{respondent.link}/ueberblick").get_data(as_text=True)
    assert "Neu hinzugekommene Abschnitte" not in overview
    done = respondent.client.post(f"{respondent.link}/absenden")
    assert done.headers["Location"] == f"{respondent.link}/danke"
    response = the_response()
    assert response.status == "submitted" and response.submitted_at is not None
    assert stored("C1") == NOT_SHOWN and stored("N1") == NO_ANSWER
    html = respondent.client.get(f"{respondent.link}/danke").get_data(as_text=True)
    assert "Vielen Dank" in html and "Sozialamt" in html and "print.css" in html
    late = colleague.save("a", {"A2": "Geändert"}, loaded={"revision": "1", "shown": ""})
    assert late.status_code == 409
    assert "Es wurde nichts geändert" in late.get_data(as_text=True)
    assert "Kontakt zur Befragung: Forschungsteam Kommunale Planung" in late.get_data(as_text=True)
    assert stored("A2") == "Sozialamt"


def test_double_submit_is_harmless(respondent):
    finish(respondent)
    first = respondent.client.post(f"{respondent.link}/absenden")
    submitted_at = the_response().submitted_at
    second = respondent.client.post(f"{respondent.link}/absenden")
    assert first.headers["Location"] == second.headers["Location"]
    assert the_response().submitted_at == submitted_at


def test_submit_is_refused_while_required_answers_are_missing(respondent):
    respondent.save("a", PAGE_A)
    refused = respondent.client.post(f"{respondent.link}/absenden")
    assert refused.headers["Location"] == f"{respondent.link}/ueberblick"
    assert the_response().status == "draft"
    html = respondent.client.get(f"{respondent.link}/ueberblick").get_data(as_text=True)
    assert "Es fehlen noch Pflichtangaben" in html


def test_markdown_intro_is_rendered_without_raw_html(client, link):
    html = client.get(link).get_data(as_text=True)
    assert "<strong>integrierte Sozialplanung</strong>" in html
    assert "<script" not in html.split("</head>")[1]


def test_an_answer_changed_from_the_overview_puts_its_pages_back_as_unanswered(respondent):
    finish(respondent)
    assert stored("C1") == NOT_SHOWN
    respondent.save("b", {"B1": "2"}, action="speichern")
    overview = respondent.client.get(f"{respondent.link}/ueberblick").get_data(as_text=True)
    notice = overview.split('id="neu-titel"')[1].split("</div>\n</div>")[0]
    assert "Neu hinzugekommene Abschnitte" in overview
    assert respondent.url("c") in notice and respondent.url("a") not in notice
    done = respondent.client.post(f"{respondent.link}/absenden")
    assert done.headers["Location"] == f"{respondent.link}/danke"
    # Page c is on the path again and was never answered: keine Antwort, not "nicht gestellt".
    assert stored("C1") == NO_ANSWER and stored("C2") == NO_ANSWER
    assert stored("C1_other") == NOT_SHOWN  # "Sonstiges" not chosen: its text was not asked
    assert stored("C3") == NOT_SHOWN  # its own filter (C2 in [1, 2, 3]) still hides it


def test_a_double_click_on_weiter_moves_on_twice_without_a_conflict_notice(respondent):
    loaded = respondent.open("a")
    first = respondent.save("a", PAGE_A, loaded=loaded)
    second = respondent.save("a", PAGE_A, loaded=loaded)
    assert first.headers["Location"] == second.headers["Location"] == respondent.url("b")
    assert stored("A2") == "Sozialamt"


def test_a_different_page_sent_on_an_old_revision_is_still_a_conflict(respondent, colleague):
    loaded = respondent.open("a")
    respondent.save("a", PAGE_A, loaded=loaded)
    late = colleague.save("a", {**PAGE_A, "A2": "Jugendamt"}, loaded=loaded)
    assert late.status_code == 200
    assert "von einer anderen Person gespeichert" in late.get_data(as_text=True)
    assert stored("A2") == "Sozialamt"


def test_the_welcome_page_names_the_kommune_as_the_survey_knows_it(client, link):
    """A frame uploaded to this survey renamed the unit; the register (every survey) did not."""
    import sqlalchemy as sa

    from surveyapp.extensions import db
    from surveyapp.models import SurveyUnit

    member = db.session.scalars(sa.select(SurveyUnit).order_by(SurveyUnit.id)).first()
    html = client.get(link).get_data(as_text=True)
    shown = member.display_name
    assert shown in html
    member.name = "Umbenannt, Stadt"
    db.session.commit()
    html = client.get(link).get_data(as_text=True)
    assert f"Umbenannt ({member.type})" in html


def test_aendern_on_the_overview_returns_to_the_overview(respondent):
    finish(respondent)
    overview = respondent.client.get(f"{respondent.link}/ueberblick").get_data(as_text=True)
    change = f"{respondent.url('a')}?von=ueberblick"
    assert f'href="{change}"' in overview
    html = respondent.client.get(change).get_data(as_text=True)
    assert ">Weiter zur Übersicht</span></button>" in html
    loaded = hidden_fields(html)
    form = {
        **PAGE_A,
        "A2": "Jugendamt",
        "action": "weiter",
        "von": "ueberblick",
        "revision": loaded["revision"],
        "shown": loaded["shown"],
    }
    back = respondent.client.post(respondent.url("a"), data=form)
    assert back.headers["Location"] == f"{respondent.link}/ueberblick"
    assert stored("A2") == "Jugendamt"


def test_the_welcome_page_names_the_authors_time_and_dates_in_the_pages_language(client, link):
    html = client.get(link).get_data(as_text=True)
    assert "etwa 20 Minuten; Sie können unterbrechen" in html
    assert "Die Beantwortung dauert etwa 20 Minuten." in html
    assert re.search(r"Teilnahme möglich bis</dt>\s*<dd[^>]*>\d\d\.\d\d\.\d{4}</dd>", html)
    refresh()  # the test's app context outlives the request and would keep its language
    english = client.get(f"{link}?lang=en").get_data(as_text=True)
    assert re.search(r"<dd[^>]*>\d{1,2} [A-Z][a-z]+ \d{4}</dd>", english)


def test_the_submission_time_is_berlins_and_says_so(respondent):
    finish(respondent)
    respondent.client.post(f"{respondent.link}/absenden")
    html = respondent.client.get(f"{respondent.link}/danke").get_data(as_text=True)
    assert re.search(r"am \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr \(MES?Z\) abgesendet", html)
