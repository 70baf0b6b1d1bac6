"""Module D's grid, its totals and a piped follow-up in a real browser, with the keyboard
alone, at 1280 and at 320 CSS pixels, audited by axe-core.

A row of the grid is one group at every width: wide, its cells sit side by side; at 320
pixels they stack, and nothing scrolls sideways. The Tab key walks the cells row by row.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from browsing import WIDER_THAN_VIEWPORT, serving_questionnaire, sideways_scroll
from testsupport import assert_accessible

pytestmark = pytest.mark.browser

MODULE_D = (Path(__file__).parents[1] / "questionnaire" / "grid-module-d.yaml").read_text("utf-8")
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}
ROW_ORDER = [
    "D1",
    "D5_sozial_eigen",
    "D5_sozial_esf",
    "D5_sozial_land",
    "D5_bildung_eigen",
    "D5_bildung_esf",
    "D5_bildung_land",
]


@pytest.fixture(scope="module")
def grid_server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("modul-d")
    with serving_questionnaire(database_url, folder, MODULE_D, "modul-d") as links:
        yield SimpleNamespace(links=links)


def start(browser: Any, link: str, viewport: dict[str, int]) -> tuple[Any, Any]:
    context = browser.new_context(bypass_csp=True, locale="de-DE", viewport=viewport)
    page = context.new_page()
    page.goto(link)
    page.check("#consent")
    with page.expect_navigation():
        page.click(".consent-form button[type=submit]")
    return context, page


def box(page: Any, selector: str) -> dict[str, float]:
    """Where an element sits on the page (not in the window, which may still be scrolling)."""
    return page.eval_on_selector(
        selector,
        """(e) => { const r = e.getBoundingClientRect();
                    return {x: r.left + scrollX, y: r.top + scrollY, height: r.height}; }""",
    )


def tab_order(page: Any, first: str, count: int) -> list[str]:
    page.focus(f"#{first}")
    order = [first]
    for _ in range(count - 1):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id"))
    return order


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1280px", "320px"])
def test_the_grid_by_keyboard_with_totals_and_a_piped_follow_up(
    browser: Any, grid_server: Any, viewport: dict[str, int]
) -> None:
    link = grid_server.links[0 if viewport is WIDE else 1]
    context, page = start(browser, link, viewport)
    assert page.inner_text("h1") == "Personal und Finanzierung"
    assert_accessible(page, f"the grid at {viewport['width']} pixels")
    assert sideways_scroll(page) == 0, page.evaluate(WIDER_THAN_VIEWPORT)
    assert tab_order(page, "D1", len(ROW_ORDER)) == ROW_ORDER

    first, second = box(page, "#D5_sozial_eigen"), box(page, "#D5_sozial_esf")
    if viewport is WIDE:
        assert first["y"] == second["y"] and first["x"] < second["x"]
    else:
        assert second["y"] > first["y"] + first["height"]

    page.focus("#D1")
    page.keyboard.type("3")
    for value in ("1", "", "0,5", "", "", "1"):
        page.keyboard.press("Tab")
        page.keyboard.type(value)
    page.focus("button[value=weiter]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith("Fehler:")
    assert "Die Summe der Tabelle muss den Stellen insgesamt (D1) entsprechen." in page.inner_text(
        "#fehlerliste"
    )
    assert page.inner_text("#D5_sum") == "Summe insgesamt: 2,5"
    assert_accessible(page, f"the grid with its check failing at {viewport['width']} pixels")
    assert sideways_scroll(page) == 0, page.evaluate(WIDER_THAN_VIEWPORT)

    page.fill("#D5_bildung_land", "1,5")
    page.focus("button[value=weiter]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.inner_text("h1") == "Nachfrage"
    assert "Sie haben 3 VZÄ verteilt, davon 1,5 VZÄ in der Sozialplanung." in page.inner_text(
        "main"
    )
    assert_accessible(page, f"a piped follow-up at {viewport['width']} pixels")
    assert sideways_scroll(page) == 0, page.evaluate(WIDER_THAN_VIEWPORT)
    context.close()
