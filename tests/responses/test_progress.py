"""Each section's progress as the hub reads it: its status, when it was saved last, and which
section link saved it, the last one to save it being the one named."""

from __future__ import annotations

from flask_babel import refresh
from respondent import PAGE_A, Respondent

from surveyapp.field import section_links
from surveyapp.responses.progress import Status
from surveyapp.responses.session import ResponseSession


def _jugendamt(app, lead: Respondent) -> Respondent:
    """A colleague with a section link "Jugendamt" for sections E and F."""
    session = ResponseSession.open(lead.token, "de")
    pages = [page.id for page in session.questionnaire.pages]
    link = section_links.create(session.access.invitation, " Jugendamt ", ["e", "f"], pages)
    with app.test_request_context():
        url = section_links.url_of(link)
    return Respondent(app.test_client(), url.removeprefix("http://localhost"))


def _sections(lead: Respondent) -> dict:
    return {s.page.id: s for s in ResponseSession.open(lead.token, "de").progress()}


def test_progress_names_the_section_link_that_saved_last(app, respondent):
    respondent.save("a", PAGE_A)
    respondent.save("b", {"B1": "1"})
    colleague = _jugendamt(app, respondent)
    colleague.save("e", {})
    sections = _sections(respondent)
    assert (sections["e"].status, sections["e"].saved_by) == (Status.COMPLETE, "Jugendamt")
    assert sections["a"].saved_by is None and sections["a"].saved_at is not None
    assert sections["f"].saved_at is None and sections["f"].status is Status.NOT_STARTED

    respondent.save("e", {})  # the unit's own link saves it again: no colleague is named
    again = _sections(respondent)["e"]
    assert again.saved_by is None and again.saved_at >= sections["e"].saved_at


def test_the_hub_in_english_names_the_colleague_and_the_unit_s_own_link(app, respondent):
    respondent.save("a", PAGE_A)
    respondent.save("b", {"B1": "1"})
    _jugendamt(app, respondent).save("e", {})
    refresh()  # the test's app context outlives each request and would keep its language
    hub = respondent.client.get(f"{respondent.link}/abschnitte?lang=en").get_data(as_text=True)
    refresh()
    assert "<strong>complete</strong>, Jugendamt" in hub
    assert "<strong>complete</strong>, local authority’s own link" in hub


def test_the_answer_overview_says_when_and_by_whom_each_section_was_saved(app, respondent):
    respondent.save("a", PAGE_A)
    respondent.save("b", {"B1": "1"})
    _jugendamt(app, respondent).save("e", {})
    page = respondent.client.get(f"{respondent.link}/ueberblick").get_data(as_text=True)
    section_e = page.split('id="abschnitt-e"')[1].split("</section>")[0]
    assert "zuletzt gespeichert: " in section_e and ", Jugendamt</p>" in section_e
    section_a = page.split('id="abschnitt-a"')[1].split("</section>")[0]
    assert "zuletzt gespeichert: " in section_a and ", Link der Kommune</p>" in section_a
