"""Modules E and G as rosters, and a ranking, in a real browser, with the keyboard alone, at
1280 and 320 CSS pixels, audited by axe-core: the Fachplanungen ticked are asked one group
each, a second report is added with the keyboard, and two aims are put in order with the
arrow keys, no dragging and no script needed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from browsing import press, serving_questionnaire, sideways_scroll, tab_to
from testsupport import assert_accessible

pytestmark = pytest.mark.browser

ROSTERS = (Path(__file__).parents[1] / "questionnaire" / "roster-modules-e-g.yaml").read_text(
    "utf-8"
)
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}


@pytest.fixture(scope="module")
def roster_server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("modul-e")
    with serving_questionnaire(database_url, folder, ROSTERS, "modul-e") as links:
        yield SimpleNamespace(links=links)


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1280px", "320px"])
def test_rosters_by_keyboard(browser: Any, roster_server: Any, viewport: dict[str, int]) -> None:
    context = browser.new_context(bypass_csp=True, locale="de-DE", viewport=viewport)
    page = context.new_page()
    page.goto(roster_server.links[0 if viewport is WIDE else 1])
    page.check("#consent")
    with page.expect_navigation():
        page.click(".consent-form button[type=submit]")
    tab_to(page, "#E1-1")
    page.keyboard.press("Space")
    tab_to(page, "#E1-3")
    page.keyboard.press("Space")
    press(page, "button[value=weiter]")

    assert page.inner_text("h1") == "Je Fachplanung"
    legends = page.locator(".roster-item__title").all_inner_texts()
    assert legends == ["Jugendhilfeplanung", "Altenhilfeplanung"]
    assert_accessible(page, f"a fixed roster at {viewport['width']} pixels")
    assert sideways_scroll(page) == 0
    for item in ("1", "3"):
        tab_to(page, f"input[name=F_{item}_integriert]")
        page.keyboard.press("Space")
        tab_to(page, f"input[name=F_{item}_rolle]")
        page.keyboard.press("Space")
        tab_to(page, f"#F_{item}_jahr")
        page.keyboard.type("2015")
    press(page, "button[value=weiter]")

    assert page.inner_text("h1") == "Berichte"
    tab_to(page, "#G_1_titel")
    page.keyboard.type("Sozialbericht")
    press(page, "button.roster-add")
    assert page.locator(".roster-item__title").all_inner_texts() == ["Bericht 1", "Bericht 2"]
    tab_to(page, "#G_2_titel")
    page.keyboard.type("Bildungsbericht")
    assert_accessible(page, f"an open roster at {viewport['width']} pixels")
    assert sideways_scroll(page) == 0
    press(page, "button[value=weiter]")

    assert page.inner_text("h1") == "Ziele"
    for place, presses in (("1", 2), ("2", 4)):  # "Bildung stärken" first, "Teilhabe" second
        tab_to(page, f"#H1_{place}")
        for _ in range(presses):
            page.keyboard.press("ArrowDown")
    assert page.eval_on_selector("#H1_1", "(e) => e.value") == "2"
    assert page.eval_on_selector("#H1_2", "(e) => e.value") == "4"
    assert_accessible(page, f"a ranking at {viewport['width']} pixels")
    assert sideways_scroll(page) == 0
    press(page, "button[value=weiter]")  # the follow-up H2 appears on the page
    assert "Warum steht Bildung stärken vorn?" in page.inner_text("main")
    assert page.eval_on_selector("#H1_2", "(e) => e.value") == "4"
    context.close()
