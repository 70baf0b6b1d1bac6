"""Each survey's own contact, privacy purpose, Impressum and accessibility details."""

from __future__ import annotations

from datetime import date

from surveyapp.extensions import db
from surveyapp.field.invitations import revoke
from surveyapp.surveys.legal import LegalTexts, change_legal_texts

GENERIC = "Wissenschaftliche Auswertung der Angaben, die die Kommunen in dieser Befragung machen."


def test_the_privacy_text_promises_a_feedback_report_only_where_the_survey_does(client, demo, link):
    assert "erhält eine Rückmeldung" in client.get(link).get_data(as_text=True)
    change_legal_texts(demo.survey, LegalTexts(None, None, None, None, None))
    html = client.get(link).get_data(as_text=True)
    assert "Rückmeldung" not in html and GENERIC in html
    plain = client.get("/impressum-datenschutz").get_data(as_text=True)
    assert "Rückmeldung" not in plain and GENERIC in plain


def test_every_respondent_page_names_the_survey_s_contact_and_links_its_legal_pages(
    respondent, demo
):
    page = respondent.open("a")["html"]
    assert "Kontakt zur Befragung: Forschungsteam Kommunale Planung" in page
    assert 'href="mailto:umfrage@example.org"' in page
    assert f'href="/impressum-datenschutz?befragung={demo.survey.slug}"' in page
    imprint = respondent.client.get(f"/impressum-datenschutz?befragung={demo.survey.slug}")
    html = imprint.get_data(as_text=True)
    assert "Musterstraße 1\n10115 Berlin" in html
    assert "Prof. Dr. Erika Beispiel (Direktorin)" in html
    statement = respondent.client.get(f"/barrierefreiheit?befragung={demo.survey.slug}")
    text = statement.get_data(as_text=True)
    assert "am 30.11.2026 erstellt bzw. zuletzt überprüft" in text
    assert 'href="mailto:umfrage@example.org">umfrage@example.org</a>' in text


def test_the_feedback_contact_of_the_accessibility_statement_is_the_survey_s_own(client, demo):
    change_legal_texts(
        demo.survey,
        LegalTexts(None, None, None, date(2026, 12, 1), "barrieren@example.org"),
    )
    text = client.get(f"/barrierefreiheit?befragung={demo.survey.slug}").get_data(as_text=True)
    assert "am 01.12.2026 erstellt" in text and "mailto:barrieren@example.org" in text


def test_the_revoked_link_page_names_the_contact(client, demo, link):
    revoke(demo.invitations[0])
    gone = client.get(link)
    html = gone.get_data(as_text=True)
    assert gone.status_code == 410
    assert "Bei Fragen wenden Sie sich bitte an:" in html and "umfrage@example.org" in html
    assert "Kontakt zur Befragung:" in html


def test_a_draft_survey_s_texts_are_not_shown(client, demo):
    demo.survey.status = "draft"
    db.session.commit()
    html = client.get(f"/impressum-datenschutz?befragung={demo.survey.slug}").get_data(as_text=True)
    assert "Musterstraße" not in html
