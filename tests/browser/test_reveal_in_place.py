"""Follow-up questions appear in place, under every kind of filter, in a real browser.

Ticking a box, how many boxes are ticked, yes or no, one row of a matrix, a number typed (whole
or with a decimal comma) and and/or/not over a choice and a number: the question appears
without a page load, is announced, and hides again when the answer changes back. Without
JavaScript the same page shows it after "Weiter", never as an error. axe-core checks every new
state.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from browsing import choose, give_consent, heading, press_button, serving_questionnaire, tab_to
from respondent import REVEAL_QUESTIONNAIRE
from testsupport import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def reveal_server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("einblenden")
    with serving_questionnaire(database_url, folder, REVEAL_QUESTIONNAIRE, "einblenden") as links:
        yield SimpleNamespace(links=links)


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    context = browser.new_context(bypass_csp=True, locale="de-DE")
    yield context
    context.close()


def open_section(context: Any, link: str, page_id: str) -> Any:
    """The section `page_id` of the link, consent given first where it is not yet."""
    page = context.new_page()
    page.goto(link)
    if page.locator("#consent").count():
        give_consent(page)
    page.goto(f"{link}/seite/{page_id}")
    page.evaluate("window.notReloaded = true")
    return page


def retype(page: Any, selector: str, text: str) -> None:
    """Empty a field and type into it, key by key, as a person does."""
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(text)


def assert_in_place(page: Any, shown: tuple[str, ...], hidden: tuple[str, ...] = ()) -> None:
    """The questions `shown` are visible, those `hidden` are not, and no page was loaded."""
    assert page.evaluate("window.notReloaded === true")
    for question in shown:
        assert page.is_visible(f"#{question}-group"), question
    for question in hidden:
        assert page.is_hidden(f"#{question}-group"), question


def test_a_ticked_box_and_a_second_box_show_their_questions(context, reveal_server):
    page = open_section(context, reveal_server.links[0], "m")
    assert_in_place(page, (), ("M2", "M3"))
    choose(page, "#M1-3")
    assert_in_place(page, ("M2",), ("M3",))
    assert "weitere Frage" in page.inner_text("[data-announce]")
    assert_accessible(page, "a question shown in place by a ticked box")
    choose(page, "#M1-1")
    assert_in_place(page, ("M2", "M3"))
    page.keyboard.press("Space")  # Beratung off again: one box is ticked
    assert_in_place(page, ("M2",), ("M3",))
    choose(page, "#M1-9")  # "keines davon"
    page.uncheck("#M1-3")
    assert_in_place(page, (), ("M2", "M3"))
    press_button(page)  # the required M2 is hidden again: nothing to answer
    assert heading(page) == "Kooperation"


def test_yes_and_no_each_show_their_own_question(context, reveal_server):
    page = open_section(context, reveal_server.links[0], "j")
    assert_in_place(page, (), ("J2", "J3"))
    choose(page, "#J1-1")
    assert_in_place(page, ("J2",), ("J3",))
    choose(page, "#J1-0")
    assert_in_place(page, ("J3",), ("J2",))
    assert_accessible(page, "a question shown in place by a yes/no answer")


def test_one_row_of_a_matrix_shows_its_question(context, reveal_server):
    page = open_section(context, reveal_server.links[0], "s")
    assert_in_place(page, (), ("S2",))
    choose(page, "#S1_personal-2")
    assert_in_place(page, (), ("S2",))
    choose(page, "#S1_daten-2")
    assert_in_place(page, ("S2",))
    assert_accessible(page, "a question shown in place by a matrix row")
    choose(page, "#S1_daten-1")
    assert_in_place(page, (), ("S2",))


def test_a_typed_number_shows_its_question_while_typing(context, reveal_server):
    page = open_section(context, reveal_server.links[0], "n")
    assert_in_place(page, (), ("N2", "N4"))
    retype(page, "#N1", "0")
    assert_in_place(page, (), ("N2",))
    retype(page, "#N1", "1.200")  # twelve hundred, grouped as Germans write it
    assert_in_place(page, ("N2",))
    retype(page, "#N3", "19,5")
    assert_in_place(page, (), ("N4",))
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")  # "19"
    assert_in_place(page, ("N4",))
    assert_accessible(page, "questions shown in place by typed numbers")
    retype(page, "#N3", "1.500")  # ambiguous: no number, so not under 19.5
    assert_in_place(page, ("N2",), ("N4",))
    retype(page, "#N1", "")
    assert_in_place(page, (), ("N2",))


def test_and_or_not_combine_a_choice_and_a_number(context, reveal_server):
    page = open_section(context, reveal_server.links[0], "k")
    assert_in_place(page, (), ("K3", "K4"))
    choose(page, "#K1-1")  # "ja", no year yet: not (K2 >= 2020) holds
    assert_in_place(page, ("K3",), ("K4",))
    retype(page, "#K2", "2021")
    assert_in_place(page, ("K4",), ("K3",))
    retype(page, "#K2", "2015")
    assert_in_place(page, ("K3",), ("K4",))
    choose(page, "#K1-3")
    assert_in_place(page, ("K4",), ("K3",))
    assert_accessible(page, "questions shown in place by and/or/not")
    page.fill("#K4", "Beratung")
    press_button(page)
    assert heading(page) == "Kontakt"


def test_without_javascript_the_follow_up_comes_after_weiter_and_is_no_error(
    context, reveal_server
):
    context.route("**/js/survey.js", lambda route: route.abort())
    page = open_section(context, reveal_server.links[1], "n")
    assert page.is_hidden("#N2-group")
    page.fill("#N1", "3")
    page.click("button[value=weiter]")
    assert heading(page) == "Personal"
    assert page.is_visible("#N2-group")
    assert page.locator("text=Weitere Fragen auf dieser Seite").count() == 1
    assert page.locator("#fehlerliste").count() == 0
    assert page.locator("[aria-invalid=true]").count() == 0
    assert_accessible(page, "a follow-up shown after a round trip without JavaScript")
