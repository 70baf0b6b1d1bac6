"""Links that do not work get a friendly page with the right status; guessing is slowed down."""

from __future__ import annotations

from datetime import date, timedelta

from flask_login import user_accessed
from respondent import Respondent

from surveyapp.demo.survey import load_demo
from surveyapp.extensions import db
from surveyapp.field.invitations import revoke
from surveyapp.models import Response

UNKNOWN = "/r/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"


def test_unknown_link_gives_a_friendly_404(client):
    response = client.get(UNKNOWN)
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in html and "Traceback" not in html
    assert "Erklärung zur Barrierefreiheit" in html


def test_unknown_page_of_a_valid_link_gives_404(respondent):
    assert respondent.client.get(respondent.url("gibt-es-nicht")).status_code == 404


def test_revoked_link_gives_410(client, demo, link):
    revoke(demo.invitations[0])
    response = client.get(link)
    assert response.status_code == 410
    assert "Dieser Link gilt nicht mehr" in response.get_data(as_text=True)


def test_closed_survey_gives_403_with_the_contact(client, demo, link):
    demo.survey.closes_on = date.today() - timedelta(days=1)
    db.session.commit()
    response = client.get(link)
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Die Befragung ist beendet" in html
    assert "Forschungsteam Kommunale Planung" in html and "umfrage@example.org" in html


def test_survey_not_yet_open_gives_403_with_the_start_date(client, demo, link):
    demo.survey.opens_on = date.today() + timedelta(days=3)
    db.session.commit()
    response = client.get(link)
    assert response.status_code == 403
    assert "noch nicht begonnen" in response.get_data(as_text=True)


def test_guessing_links_is_rate_limited_with_a_friendly_429(csrf_app):
    csrf_app.config["RESPONDENT_LINK_LIMIT"] = "5 per minute"
    client = csrf_app.test_client()
    codes = [client.get(UNKNOWN).status_code for _ in range(6)]
    assert codes == [404] * 5 + [429]
    html = client.get(UNKNOWN).get_data(as_text=True)
    assert "Zu viele Anfragen" in html and "in Ihrer Einladung genannt" in html


def test_a_valid_link_is_not_used_up_by_normal_work(csrf_app):
    csrf_app.config["RESPONDENT_LINK_LIMIT"] = "3 per minute"
    link = load_demo().link(0).removeprefix("http://localhost")
    client = csrf_app.test_client()
    assert all(client.get(link).status_code == 200 for _ in range(6))


def test_info_pages_exist(client):
    statement = client.get("/barrierefreiheit").get_data(as_text=True)
    assert "Erklärung zur Barrierefreiheit" in statement and "BITV 2.0" in statement
    imprint = client.get("/impressum-datenschutz")
    assert imprint.status_code == 200 and "Datenschutz" in imprint.get_data(as_text=True)


def test_the_language_consent_was_given_in_is_kept_for_the_researchers(client, link):
    client.get(f"{link}?lang=en")
    client.post(link, data={"consent": "ja"})
    response = db.session.scalar(db.select(Response))
    assert response.language == "en"


def test_a_link_reaches_only_its_own_units_response(app, demo):
    """Two Kommunen answer; each link shows its own answers and never the other's."""
    chemnitz = Respondent(app.test_client(), demo.link(0).removeprefix("http://localhost"))
    other = Respondent(app.test_client(), demo.link(1).removeprefix("http://localhost"))
    for person, office in ((chemnitz, "Sozialamt Chemnitz"), (other, "Planungsstab Erzgebirge")):
        person.consent()
        person.save("a", {"A1": "1", "A2": office}, action="speichern")
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 2
    page = chemnitz.client.get(chemnitz.url("a")).get_data(as_text=True)
    overview = chemnitz.client.get(f"{chemnitz.link}/ueberblick").get_data(as_text=True)
    assert "Sozialamt Chemnitz" in page and "Sozialamt Chemnitz" in overview
    assert "Planungsstab Erzgebirge" not in page + overview
    assert "Sozialamt Chemnitz" not in other.client.get(other.url("a")).get_data(as_text=True)


def test_a_respondent_link_does_not_open_the_researcher_area(client, link):
    client.get(link)
    response = client.get("/admin/")
    assert response.status_code in (302, 401, 403)
    assert "/r/" not in response.headers.get("Location", "")


def test_overview_and_submit_before_consent_lead_to_the_start_page(client, link):
    overview = client.get(f"{link}/ueberblick")
    submit = client.post(f"{link}/absenden")
    assert overview.status_code == submit.status_code == 302
    assert overview.headers["Location"] == submit.headers["Location"] == link
    assert 'name="consent"' in client.get(link).get_data(as_text=True)


def test_a_tampered_revision_is_a_conflict_notice_not_an_error(respondent):
    from respondent import PAGE_A, stored

    respondent.save("a", PAGE_A)
    loaded = respondent.open("a")
    tampered = respondent.save(
        "a", {**PAGE_A, "A2": "Anders"}, loaded={**loaded, "revision": "9" * 40}
    )
    assert tampered.status_code < 500
    assert stored("A2") == "Sozialamt"


def test_a_respondent_s_page_does_not_look_for_a_researcher(respondent):
    """The researchers' login stays out of a respondent's page (issue 16): looking up the user
    ran its session protection, which rewrote the session cookie and deleted a remember cookie
    on every page."""
    looked_up = []

    def record(sender: object, **extra: object) -> None:
        looked_up.append(sender)

    with user_accessed.connected_to(record):
        assert respondent.client.get(respondent.url("a")).status_code == 200
    assert looked_up == []
