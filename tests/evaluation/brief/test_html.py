"""The HTML twin: self-contained, German, structured, and clean under axe-core."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest
from brief_data import ROOT

from evaluation.brief import build_document, html_document, load_config

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


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


def _axe_module():
    path = ROOT / "tests" / "testsupport.py"
    spec = importlib.util.spec_from_file_location("brief_axe_audit", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.browser
def test_the_html_twin_passes_axe(markup, tmp_path: Path):
    audit = _axe_module()
    if not Path(CHROMIUM).exists() or not audit.AXE.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Debian chromium or axe-core is missing (make system-deps assets)")
        pytest.skip("Debian chromium or axe-core is missing")
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
            violations = audit.axe_violations(page)
            page.set_viewport_size({"width": 320, "height": 640})
            overflow = page.evaluate(
                "document.documentElement.scrollWidth > document.documentElement.clientWidth"
            )
        finally:
            browser.close()
    assert violations == []
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    assert not overflow, "the page reflows at 320 px"
