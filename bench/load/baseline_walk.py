"""The baseline respondent: each of the baseline app's pages, GET then POST with its CSRF
token, following the redirect, as the surveyapp respondent walks the questionnaire."""

from __future__ import annotations

from bench.load.baseline_app import ROWS
from bench.load.browser import Browser, Page, Walk


class UnexpectedBaselinePage(Exception):
    """The baseline app did not move the respondent on."""


def _form(page: Page) -> list[tuple[str, str]]:
    fields = [("csrf_token", page.csrf_token), ("number1", "12"), ("number2", "2015")]
    fields += [(name, "3") for name in ("single1", "single2", "single3", *ROWS)]
    fields += [("text1", "Amt für Soziales"), ("text2", ""), ("action", "weiter")]
    return fields


def baseline_walk(tokens: list[str]) -> Walk:
    async def walk(browser: Browser, number: int) -> None:
        url = f"/b/{tokens[number]}/0"
        while not url.endswith("/fertig"):
            sent = await browser.send(url, _form, loaded=await browser.get(url))
            if not sent.redirected or sent.location is None:
                raise UnexpectedBaselinePage(f"{url}: {sent.status}")
            url = sent.location
        await browser.get(url)

    return walk
