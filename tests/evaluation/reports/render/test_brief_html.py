"""The HTML twin: self-contained, German, structured, and clean under axe-core."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from testsupport import CHROMIUM, CHROMIUM_ARGS, axe_violations, require_browser

from evaluation.reports.brief.config import load_config
from evaluation.reports.brief.content import build_document
from evaluation.reports.render.html import html_document


@pytest.fixture(scope="module")
def markup(brief_dataset, demo_config_path) -> str:
    return html_document(build_document(brief_dataset, load_config(demo_config_path)))


def test_the_html_is_german_self_contained_and_structured(markup):
    assert markup.startswith('<!DOCTYPE html>\n<html lang="de">')
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", markup)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", markup)
    assert markup.count("<h1>") == 1
    assert '<th scope="col">' in markup and '<th scope="row">' in markup
    assert "<caption>" in markup
    svgs = re.findall(r"<svg[^>]*>", markup)
    assert svgs and all('role="img"' in s and "aria-labelledby" in s for s in svgs)
    assert markup.count("<desc id=") == len(svgs)


@pytest.mark.browser
def test_the_html_twin_passes_axe(markup, tmp_path: Path):
    require_browser()
    playwright_api = pytest.importorskip("playwright.sync_api")
    path = tmp_path / "brief.html"
    path.write_text(markup, encoding="utf-8")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(path.as_uri())
            violations = axe_violations(page)
            page.set_viewport_size({"width": 320, "height": 640})
            overflow = page.evaluate(
                "document.documentElement.scrollWidth > document.documentElement.clientWidth"
            )
        finally:
            browser.close()
    assert violations == []
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    assert not overflow, "the page reflows at 320 px"
