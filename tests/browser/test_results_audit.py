"""The published results page in a real browser: axe-core finds no WCAG 2.1 A/AA violation,
and under its own Content-Security-Policy the brief keeps its styles and font.

The demo survey with fourteen submissions; the brief is built and published once for the
module, then an admin's view of the brief page and its preview are audited as well.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browsing import browser_app
from testsupport import assert_accessible, empty_tables, serve

from evaluation.reports.brief.config import parse_config_text
from surveyapp.accounts import auth
from surveyapp.demo.survey import load_demo
from surveyapp.extensions import db
from surveyapp.publishing.publications import build_brief, publish, save_draft

pytestmark = pytest.mark.browser

ADMIN = "leitung@example.org"
PASSWORD = "ein langes Testpasswort"  # noqa: S105
RESULTS = "/ergebnisse/sozialplanung-demo"


@pytest.fixture(scope="module")
def results_server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on 127.0.0.1 with the demo brief published; yields the base URL."""
    app = browser_app(database_url, tmp_path_factory.mktemp("outbox"), TESTING=False)
    with serve(app) as base:
        with app.app_context():
            empty_tables()
            auth.create_user(ADMIN, "admin", PASSWORD)
            survey = load_demo(with_responses=True).survey
            config = parse_config_text(None)
            draft = save_draft(survey, build_brief(survey, config), None, None, None)
            publish(survey, draft, ADMIN)
            db.session.commit()
            db.session.remove()
        yield base


def test_the_results_page_passes_axe(browser: Any, results_server: str) -> None:
    # axe is injected as an inline script, which every policy here forbids; hence bypass_csp.
    context = browser.new_context(bypass_csp=True, locale="de-DE")
    page = context.new_page()
    page.goto(results_server + RESULTS)
    assert page.inner_text("h1") == "Integrierte Sozialplanung und Bildung in Kommunen"
    assert_accessible(page, "the results page")
    href = page.get_attribute("a[href$='bericht.pdf']", "href")
    pdf = page.request.get(results_server + href)
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    page.goto(results_server + "/ergebnisse/gibt-es-nicht")
    assert_accessible(page, "the page of a survey without results")
    context.close()


def test_the_brief_keeps_its_look_under_its_own_policy(browser: Any, results_server: str) -> None:
    """Without bypass: the policy must allow the brief's inline styles and font, nothing more."""
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(results_server + RESULTS)
    page.wait_for_load_state("load")
    assert refused == []
    colour = page.eval_on_selector("h1", "(e) => getComputedStyle(e).color")
    assert colour == "rgb(31, 78, 121)"  # the brief's own heading colour: its <style> applies
    assert page.evaluate(
        "async () => (await document.fonts.ready, document.fonts.check('12px BriefSans'))"
    )
    bar = page.eval_on_selector("svg [style*='fill']", "(e) => getComputedStyle(e).fill")
    assert bar != "rgb(0, 0, 0)"  # the charts' style attributes apply
    context.close()


def test_the_researchers_brief_page_and_preview_pass_axe(browser: Any, results_server: str) -> None:
    context = browser.new_context(bypass_csp=True, locale="de-DE")
    page = context.new_page()
    page.goto(results_server + "/admin/login")
    page.fill("#email", ADMIN)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click(".admin-form button[type=submit]")
    page.goto(results_server + "/admin/befragungen/sozialplanung-demo")
    assert_accessible(page, "the survey page with its downloads")
    page.goto(results_server + "/admin/befragungen/sozialplanung-demo/bericht")
    assert "Fassung 1 ist seit" in page.inner_text("main")
    assert_accessible(page, "the brief page")
    page.goto(results_server + "/admin/befragungen/sozialplanung-demo/bericht/vorschau")
    assert "Vorschau" in page.inner_text("header")
    assert_accessible(page, "the preview")
    context.close()
