"""A respondent's way through surveyapp, as a browser takes it: the welcome page, consent, each
page the app sends them to (GET, then POST "Weiter" with the page's hidden fields), the
overview, "Absenden", the thank-you page. Where the app shows a page again (new questions
appeared, a soft warning to confirm), the person answers what is now shown and sends again."""

from __future__ import annotations

import html
import re
from typing import Any

from bench.load.answers import Respondent
from bench.load.browser import Browser, Page
from surveyapp.questionnaire import Questionnaire

RESUME = re.compile(r'<section class="resume".*?href="([^"]+)"', re.DOTALL)
HIDDEN = re.compile(r'name="(revision|shown|confirmed)" value="([^"]*)"')
#: More showings of one page than this means the app and the respondent disagree.
MOST_SHOWINGS = 5


class UnexpectedPage(Exception):
    """The app answered in a way no browser would continue from."""


def _hidden(page: Page) -> dict[str, str]:
    return dict(HIDDEN.findall(page.html))


def _page_form(respondent: Respondent, page_id: str) -> Any:
    def form(page: Page) -> list[tuple[str, str]]:
        hidden = _hidden(page)
        fields: list[tuple[str, str]] = [("csrf_token", page.csrf_token)]
        fields += [(name, hidden[name]) for name in ("revision", "shown", "confirmed")]
        for name, value in respondent.fields(hidden["shown"].split(), page_id).items():
            values = value if isinstance(value, list) else [value]
            fields += [(name, item) for item in values]
        fields.append(("action", "weiter"))
        return fields

    return form


def _consent(page: Page) -> dict[str, str] | None:
    """The consent form; None once consent is given (the page offers "Fortsetzen" instead)."""
    if RESUME.search(page.html):
        return None
    return {"csrf_token": page.csrf_token, "consent": "ja"}


async def _begin(browser: Browser, start: str) -> str:
    """Consent, or "Fortsetzen" where a consent sent before an error page did arrive."""
    sent = await browser.send(start, _consent)
    if sent.redirected:
        return _moved_on(sent, "consent")
    resume = RESUME.search(sent.html)
    if resume is None:
        raise UnexpectedPage(f"consent: {sent.status} without a way on")
    return html.unescape(resume.group(1))


def _submit(page: Page) -> dict[str, str]:
    return {"csrf_token": page.csrf_token}


def _moved_on(page: Page, what: str) -> str:
    if not page.redirected or page.location is None:
        raise UnexpectedPage(f"{what}: {page.status} instead of a redirect")
    return page.location


async def _save_page(browser: Browser, respondent: Respondent, url: str) -> str:
    """Send one page until the app moves the respondent on; where it sends them."""
    page = await browser.get(url)
    if page.redirected:
        return _moved_on(page, url)
    form = _page_form(respondent, url.rsplit("/", 1)[1])
    for _ in range(MOST_SHOWINGS):
        sent = await browser.send(url, form, loaded=page)
        if sent.redirected:
            return _moved_on(sent, url)
        if sent.status != 200:
            raise UnexpectedPage(f"{url}: {sent.status}")
        page = sent
    raise UnexpectedPage(f"{url} shown {MOST_SHOWINGS} times")


def survey_walk(questionnaire: Questionnaire, tokens: list[str]) -> Any:
    """The walk of respondent `number` (the unit with the number's link), returning the
    answers the database must hold for them afterwards."""

    async def walk(browser: Browser, number: int) -> dict[str, Any]:
        respondent = Respondent(number, questionnaire)
        start = f"/r/{tokens[number]}"
        url = await _begin(browser, start)
        while not url.endswith("/ueberblick"):
            url = await _save_page(browser, respondent, url)
        overview = await browser.get(url)
        sent = await browser.send(f"{start}/absenden", _submit, loaded=overview, form_at=url)
        thanks = _moved_on(sent, "submit")
        if not thanks.endswith("/danke"):
            raise UnexpectedPage(f"submit went to {thanks}")
        if (await browser.get(thanks)).status != 200:
            raise UnexpectedPage("no thank-you page")
        return respondent.expected()

    return walk
