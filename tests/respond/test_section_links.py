"""Hand-off: the lead contact gives a colleague a link to chosen sections; it cannot submit."""

from __future__ import annotations

import re

from respondent import PAGE_A, Respondent, finish

from surveyapp.extensions import db
from surveyapp.models import AnswerChange, AuditEvent, Response, SectionLink


def _hand_off(lead: Respondent, name: str, sections: list[str]):
    return lead.client.post(
        f"{lead.link}/weitergeben",
        data={"name": name, "abschnitt": sections, "action": "erstellen"},
    )


def _section_link(lead: Respondent, name: str, sections: list[str]) -> str:
    made = _hand_off(lead, name, sections)
    assert made.status_code == 302
    html = lead.client.get(made.headers["Location"]).get_data(as_text=True)
    assert f"Der Link „{name}“ wurde erstellt." in html
    found = re.findall(r'class="kern-form-input__input handoff-url"[^>]*value="([^"]+)"', html)
    return found[-1].removeprefix("http://localhost")


def _colleague(app, lead: Respondent, name: str = "Jugendamt", sections=("e", "f")) -> Respondent:
    return Respondent(app.test_client(), _section_link(lead, name, list(sections)))


def test_lead_contact_makes_a_named_link_for_chosen_sections(app, respondent):
    respondent.save("a", PAGE_A)
    respondent.save("b", {"B1": "1"})
    page = respondent.client.get(f"{respondent.link}/weitergeben").get_data(as_text=True)
    assert '<h1 class="kern-heading-large">Abschnitte weitergeben</h1>' in page
    assert 'value="e"' in page and "E: Fachplanungen" in page
    url = _section_link(respondent, "Jugendamt", ["e", "f"])
    assert url.startswith("/r/") and url != respondent.link
    link = db.session.scalar(db.select(SectionLink))
    assert (link.name, link.page_ids) == ("Jugendamt", ["e", "f"])
    assert url.rsplit("/", 1)[1] not in (link.token_digest, link.salt)
    listed = respondent.client.get(f"{respondent.link}/weitergeben").get_data(as_text=True)
    assert "<strong>Jugendamt</strong>: E: Fachplanungen, F: Datenbasis" in listed
    events = db.session.scalars(db.select(AuditEvent.action)).all()
    assert "section_link_created" in events


def test_a_link_without_name_or_section_is_refused_in_german_and_nothing_is_made(respondent):
    refused = _hand_off(respondent, "  ", [])
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "<title>Fehler: Abschnitte weitergeben" in html
    assert "Bitte geben Sie einen Namen für den Link an" in html
    assert "Bitte wählen Sie mindestens einen Abschnitt." in html
    unknown = _hand_off(respondent, "Kämmerei", ["zz"])
    assert "gehört nicht zu diesem Fragebogen" in unknown.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(SectionLink.id))) == 0


def test_section_link_opens_its_sections_and_the_hub_names_who_saved(app, respondent):
    respondent.save("a", PAGE_A)
    respondent.save("b", {"B1": "1"})
    colleague = _colleague(app, respondent)
    welcome = colleague.client.get(colleague.link)
    assert welcome.status_code == 200 and "Befragung fortsetzen" in welcome.get_data(as_text=True)
    assert colleague.open("e")["html"].count('name="E1') >= 1
    saved = colleague.save("e", {})
    assert saved.headers["Location"] == colleague.url("f")
    last = colleague.save("f", {})
    assert last.headers["Location"] == f"{colleague.link}/abschnitte"
    hub = colleague.client.get(last.headers["Location"]).get_data(as_text=True)
    entry = re.search(r'id="hub-e">(.*?)</li>', hub, re.S).group(1)
    assert "<strong>vollständig</strong>, Jugendamt" in entry
    assert f'href="{colleague.url("e")}"' in entry
    assert f'href="{colleague.url("a")}"' not in hub and "/ueberblick" not in hub
    lead_hub = respondent.client.get(f"{respondent.link}/abschnitte").get_data(as_text=True)
    assert "<strong>vollständig</strong>, Jugendamt" in lead_hub
    own = re.search(r'id="hub-a">(.*?)</li>', lead_hub, re.S).group(1)
    assert "<strong>vollständig</strong>, Link der Kommune" in own
    actors = db.session.scalars(db.select(AnswerChange.actor).where(AnswerChange.context == "e"))
    assert set(actors) == {"section"}


def test_any_other_section_is_a_german_403_naming_the_link_s_sections(app, respondent):
    respondent.save("a", PAGE_A)
    colleague = _colleague(app, respondent)
    for page in ("a", "b", "k"):
        refused = colleague.client.get(colleague.url(page))
        html = refused.get_data(as_text=True)
        assert refused.status_code == 403
        assert "Dieser Link gilt nicht für diese Seite" in html
        assert "<li>E: Fachplanungen</li>" in html and "<li>F: Datenbasis</li>" in html
        assert f'href="{colleague.link}/abschnitte">Zur Übersicht Ihrer Abschnitte</a>' in html
        assert "Forschungsteam Kommunale Planung" in html and "umfrage@example.org" in html
    posted = colleague.client.post(colleague.url("a"), data={"A2": "Jugendamt", "revision": "1"})
    assert posted.status_code == 403
    assert colleague.client.get(f"{colleague.link}/weitergeben").status_code == 403


def test_a_section_link_cannot_submit_the_unit_s_own_link_does(app, respondent):
    colleague = _colleague(app, respondent, sections=("m",))
    finish(respondent)
    assert (
        colleague.client.get(f"{colleague.link}/ueberblick")
        .headers["Location"]
        .endswith("/abschnitte")
    )
    refused = colleague.client.post(f"{colleague.link}/absenden")
    assert refused.status_code == 403
    assert db.session.scalar(db.select(Response.status)) == "draft"
    sent = respondent.client.post(f"{respondent.link}/absenden")
    assert sent.headers["Location"].endswith("/danke")
    db.session.expire_all()
    assert db.session.scalar(db.select(Response.status)) == "submitted"


def test_a_revoked_section_link_is_gone_and_the_unit_link_still_works(app, respondent):
    colleague = _colleague(app, respondent, sections=("a",))
    assert colleague.client.get(colleague.url("a")).status_code == 200
    link_id = db.session.scalar(db.select(SectionLink.id))
    revoked = respondent.client.post(
        f"{respondent.link}/weitergeben", data={"action": "sperren", "link": str(link_id)}
    )
    assert revoked.status_code == 302
    gone = colleague.client.get(colleague.url("a"))
    assert gone.status_code == 410 and "Dieser Link gilt nicht mehr" in gone.get_data(as_text=True)
    assert respondent.client.get(respondent.url("a")).status_code == 200
    listed = respondent.client.get(f"{respondent.link}/weitergeben").get_data(as_text=True)
    assert "Sie haben noch keinen Link weitergegeben." in listed


def test_revoking_the_unit_s_link_stops_its_section_links_too(app, demo, respondent):
    from surveyapp.field.invitations import revoke

    colleague = _colleague(app, respondent, sections=("a",))
    revoke(demo.invitations[0])
    assert colleague.client.get(colleague.url("a")).status_code == 410


def test_a_section_link_resumes_at_its_first_section_and_skips_the_others(app, respondent):
    respondent.save("a", PAGE_A)
    respondent.save("b", {"B1": "1"})
    colleague = _colleague(app, respondent, name="Kämmerei", sections=("d", "g"))
    welcome = colleague.client.get(colleague.link).get_data(as_text=True)
    assert f'href="{colleague.url("d")}"' in welcome
    assert colleague.save("d", {}).headers["Location"] == colleague.url("g")
    back = colleague.save("g", {}, action="zurueck")
    assert back.headers["Location"] == f"{colleague.link}/abschnitte"


def test_a_section_link_s_403s_do_not_count_as_guessing_links(csrf_app):
    """A colleague clicking on sections they were not given, from the Kommune's one address,
    never meets "Zu viele Anfragen"; a link that opens nothing still counts."""
    from surveyapp.demo.survey import load_demo

    link = load_demo().link(0).removeprefix("http://localhost")
    csrf_app.config["RESPONDENT_LINK_LIMIT"] = "3 per minute"
    csrf_app.config["WTF_CSRF_ENABLED"] = False
    lead = Respondent(csrf_app.test_client(), link)
    lead.consent()
    colleague = _colleague(csrf_app, lead)
    refused = [colleague.client.get(colleague.url(page)).status_code for page in "abkmab"]
    assert refused == [403] * 6
    assert colleague.client.get(f"{colleague.link}/abschnitte").status_code == 200
    unknown = "/r/" + "x" * 32
    assert [colleague.client.get(unknown).status_code for _ in range(4)] == [404] * 3 + [429]
