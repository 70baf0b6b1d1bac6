"""Fragebogen ansehen before consent (HTML and PDF), and the PDF copy of the submitted answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask_babel import refresh
from pdf_reading import document_language, marked_languages, pdf_text
from respondent import PAGE_A, finish, questionnaire_links

QUESTIONNAIRES = Path(__file__).parents[1] / "questionnaire"


def test_the_welcome_page_offers_the_questionnaire_before_consent(client, link):
    welcome = client.get(link).get_data(as_text=True)
    assert f'href="{link}/fragebogen">Fragebogen ansehen</a>' in welcome
    assert f'href="{link}/fragebogen.pdf"' in welcome
    html = client.get(f"{link}/fragebogen").get_data(as_text=True)
    assert "<title>Fragebogen ansehen – Integrierte" in html
    assert 'id="vorschau-e">E: Fachplanungen</h2>' in html
    assert "Dieser Abschnitt wird nur gezeigt, wenn bei B1 »ja, etabliert« oder »im Aufbau«" in html
    assert "B2: Seit welchem Jahr" in html and "Wird nur gefragt, wenn" in html
    assert "<li>trifft voll zu</li>" in html or "<li>ja, etabliert</li>" in html
    assert "Befristete Stellen können nicht mehr sein als alle Stellen." in html


def test_a_filter_on_a_yes_no_question_names_yes_or_no_in_both_languages(client, link):
    """K3 is asked if K2 (ja/nein) is "ja": the preview says the label, never the stored 1."""
    german = "Wird nur gefragt, wenn bei K2 »ja« gewählt wurde."
    english = "Only asked if “yes” was chosen at K2."
    assert german in client.get(f"{link}/fragebogen").get_data(as_text=True)
    assert german in " ".join(pdf_text(client.get(f"{link}/fragebogen.pdf").data).split())
    refresh()
    try:
        html = client.get(f"{link}/fragebogen?lang=en").get_data(as_text=True)
        printed = client.get(f"{link}/fragebogen.pdf?lang=en").data
    finally:
        refresh()
    assert english in html and "the answer to K2 is 1" not in html
    assert english in " ".join(pdf_text(printed).split())


def test_the_questionnaire_pdf_reads_back_with_every_section_and_filter(client, link):
    printed = client.get(f"{link}/fragebogen.pdf")
    assert printed.mimetype == "application/pdf"
    text = " ".join(pdf_text(printed.data).split())
    assert "Integrierte Sozialplanung und Bildung in Kommunen" in text
    for heading in (
        "A: Angaben zur ausfüllenden Stelle",
        "E: Fachplanungen",
        "M: Herausforderungen",
    ):
        assert heading in text
    assert "Dieser Abschnitt wird nur gezeigt, wenn bei B1 »ja, etabliert« oder »im Aufbau«" in text
    assert "Antwortmöglichkeiten:" in text and "Pflichtfrage" in text
    assert document_language(printed.data) == "de"
    assert marked_languages(printed.data) == []


def test_the_english_preview_is_english_with_its_filters_in_english(client, link):
    refresh()
    html = client.get(f"{link}/fragebogen?lang=en").get_data(as_text=True)
    refresh()
    assert (
        '<html lang="en">' in html
        and '<h1 class="kern-heading-large">View the questionnaire' in html
    )
    assert '<p class="kern-body preview-filter">This section is only shown if ' in html
    assert "Dieser Abschnitt" not in html and "Wird nur gefragt" not in html
    assert "E: Sectoral planning" in html


def test_the_submitted_answers_come_as_a_pdf_copy(respondent):
    assert respondent.client.get(f"{respondent.link}/kopie.pdf").status_code == 302
    finish(respondent)
    sent = respondent.client.post(f"{respondent.link}/absenden")
    thanks = respondent.client.get(sent.headers["Location"]).get_data(as_text=True)
    assert f'href="{respondent.link}/kopie.pdf">Ihre Angaben als PDF</a>' in thanks
    copy = respondent.client.get(f"{respondent.link}/kopie.pdf")
    text = " ".join(pdf_text(copy.data).split())
    assert "wurden am" in text and "abgesendet" in text and "Uhr" in text
    assert "1. Angaben zur ausfüllenden Stelle" in text
    assert PAGE_A["A2"] in text and "01.03.2024" in text
    assert document_language(copy.data) == "de"


def test_a_confirmation_mail_carries_a_link_not_the_answers_and_goes_once(
    demo, respondent, smtp, worker
):
    from testsupport import wait_for_jobs

    from surveyapp.field.contacts import add_contact

    add_contact(demo.invitations[0], "Frau", "Erika Muster", "erika@example.org")
    finish(respondent)
    respondent.client.post(f"{respondent.link}/absenden")
    thanks = respondent.client.get(f"{respondent.link}/danke").get_data(as_text=True)
    assert "Bestätigung per E-Mail anfordern" in thanks
    first = respondent.client.post(f"{respondent.link}/bestaetigung")
    shown = respondent.client.get(first.headers["Location"]).get_data(as_text=True)
    assert "an 1 hinterlegte E-Mail-Adresse(n)" in shown
    again = respondent.client.post(f"{respondent.link}/bestaetigung")
    repeated = respondent.client.get(again.headers["Location"]).get_data(as_text=True)
    assert "wird nur einmal verschickt" in repeated
    wait_for_jobs()
    assert [m["To"] for m in smtp.messages] == ["erika@example.org"]
    body = smtp.messages[0].get_body().get_content()
    assert "sind bei uns eingegangen" in body and respondent.token in body
    assert PAGE_A["A2"] not in body


def test_before_submit_there_is_no_copy_and_no_confirmation(respondent):
    assert respondent.client.post(f"{respondent.link}/bestaetigung").status_code == 302
    assert "bestaetigung" not in respondent.open("a")["html"]


def test_a_respondent_reading_english_gets_the_confirmation_in_english(
    demo, respondent, smtp, worker
):
    from testsupport import wait_for_jobs

    from surveyapp.field.contacts import add_contact

    add_contact(demo.invitations[0], "Frau", "Erika Muster", "erika@example.org")
    finish(respondent)
    respondent.client.post(f"{respondent.link}/absenden")
    refresh()
    respondent.client.get(f"{respondent.link}/danke?lang=en")
    respondent.client.post(f"{respondent.link}/bestaetigung")
    refresh()
    wait_for_jobs()
    message = smtp.messages[0]
    body = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert '<html lang="en">' in html
    assert message["Subject"].startswith("Confirmation: your answers to the survey")
    assert body.startswith("Dear Ms Erika Muster,") and "have reached us" in body
    assert respondent.token in body and PAGE_A["A2"] not in body


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "grid-module-d.yaml",
            "Tabelle: eine Angabe je Zeile und Spalte; Spalten: Eigenmittel, ESF",
        ),
        ("roster-modules-e-g.yaml", "Dieselben Fragen für jeden Eintrag"),
    ],
)
def test_the_questionnaire_to_view_names_grids_rosters_and_rankings(app, tmp_path, name, expected):
    text = (QUESTIONNAIRES / name).read_text(encoding="utf-8")
    link = questionnaire_links(tmp_path, text, name.split(".")[0])[0]
    client = app.test_client()

    html = client.get(f"{link}/fragebogen").get_data(as_text=True)
    printed = " ".join(pdf_text(client.get(f"{link}/fragebogen.pdf").data).split())

    for shown in (html, printed):
        assert expected in shown
        assert "{{" not in shown
    if name.startswith("roster"):
        assert "Rangfolge: die Optionen der Reihe nach ordnen" in printed
