"""The next wave's page with the earlier answers filled in, in a real browser, audited by
axe-core: the mark "Angabe aus 2019 – bitte prüfen" is text tied to its question, and sending
the page unchanged records the answers as confirmed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from browsing import browser_app
from respondent import prefilled_questionnaire
from testsupport import FRAME, axe_violations, empty_tables, serve

from surveyapp.demo.answers import add_sample_responses
from surveyapp.extensions import db
from surveyapp.field.invitations import create_invitations, invitation_of, link_of
from surveyapp.field.next_wave import create_next_wave
from surveyapp.models import Answer, Response
from surveyapp.questionnaire.codes import PREFILL_CONFIRMED
from surveyapp.surveys import frame
from surveyapp.surveys.lifecycle import create_survey, questionnaire_of

pytestmark = pytest.mark.browser

LEIPZIG = "14713"


@pytest.fixture(scope="module")
def waves_server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Wave 2019 in which Leipzig submitted, the wave made from it, served for the browser."""
    folder = tmp_path_factory.mktemp("waves")
    app = browser_app(database_url, folder / "outbox")
    with serve(app) as base:
        with app.app_context():
            empty_tables()
            first = create_survey(prefilled_questionnaire(folder), "welle-2019", date(2019, 7, 1))
            frame.import_file(FRAME, first)
            create_invitations(first)
            earlier = invitation_of(first, LEIPZIG)
            add_sample_responses(questionnaire_of(first), [earlier], 1)
            second = create_next_wave(first, "welle-2024").survey
            link = link_of(invitation_of(second, LEIPZIG))
            db.session.remove()
        yield SimpleNamespace(base=base, link=link, app=app)
        with app.app_context():
            empty_tables()
            db.session.remove()
            db.engine.dispose()


def _paradata(app: Any) -> dict[str, float]:
    with app.app_context():
        response = db.session.scalar(db.select(Response).filter_by(status="draft"))
        rows = db.session.scalars(
            db.select(Answer).where(
                Answer.response_id == response.id, Answer.variable.like("%_prefill")
            )
        )
        values = {row.variable: row.number for row in rows}
        db.session.remove()
    return values


def test_the_prefilled_page_is_marked_accessible_and_confirmed_when_sent(
    browser: Any, waves_server: Any
) -> None:
    context = browser.new_context(bypass_csp=True, locale="de-DE")
    page = context.new_page()
    page.goto(waves_server.link)
    assert "Diese früheren Antworten sieht jede Person" in page.inner_text("main")
    page.check("#consent")
    with page.expect_navigation():
        page.click(".consent-form button[type=submit]")
    assert page.is_visible("#A1-prefilled")
    assert page.inner_text("#A1-prefilled") == "Angabe aus 2019 – bitte prüfen"
    described = page.get_attribute("#A1-group", "aria-describedby") or ""
    assert "A1-prefilled" in described.split()
    assert page.locator("input[name=A1]:checked").count() == 1
    violations = axe_violations(page)
    assert violations == [], f"axe-core on the prefilled page: {violations}"

    with page.expect_navigation():
        page.click("button[value=weiter]")
    assert _paradata(waves_server.app)["A1_prefill"] == PREFILL_CONFIRMED

    page.goto(page.url.rsplit("/", 1)[0] + "/a?lang=en")
    assert page.inner_text("#A1-prefilled") == "Answer from 2019 – please check"
    violations = axe_violations(page)
    assert violations == [], f"axe-core on the English prefilled page: {violations}"
    context.close()
