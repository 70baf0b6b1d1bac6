"""What the browser tests share: the app as they serve it, and a keyboard user's moves.

Kept out of the test modules so that no test file imports another one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask
from respondent import questionnaire_links
from testsupport import empty_tables, require_browser, serve

from surveyapp import create_app
from surveyapp.extensions import db

MAX_TABS = 150

WIDER_THAN_VIEWPORT = """() => Array.from(document.querySelectorAll('body *'))
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .map((e) => `${e.tagName.toLowerCase()}.${e.className}`)
  .slice(0, 8)"""


def browser_app(database_url: str, outbox: Path, **settings: Any) -> Flask:
    """The app as production runs it (CSRF on) against the test database; the link-guessing
    limit is off so that one test's misses never lock out the next. `settings` add to it."""
    require_browser()
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "browser-test-secret",
            "RATELIMIT_ENABLED": False,
            "MAIL_OUTBOX": str(outbox),
            **settings,
        }
    )


@contextmanager
def serving_questionnaire(
    database_url: str, folder: Path, text: str, slug: str
) -> Iterator[list[str]]:
    """A survey of the questionnaire `text` (YAML) served on 127.0.0.1; yields the full links
    of its first three units (the app prints them on the served base already)."""
    app = browser_app(database_url, folder / "outbox")
    with serve(app) as base:
        with app.app_context():
            empty_tables()
            paths = questionnaire_links(folder, text, slug)
            db.session.remove()
        yield [base + path.removeprefix(base) for path in paths]


def tab_to(page: Any, selector: str) -> None:
    """Press Tab until `selector` has the focus, as a keyboard user would."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def choose(page: Any, selector: str) -> None:
    """Tick a checkbox, or pick a radio: Tab into its group, arrow keys to the option."""
    kind, name = page.eval_on_selector(selector, "(e) => [e.type, e.name]")
    if kind != "radio":
        tab_to(page, selector)
        page.keyboard.press("Space")
    else:
        tab_to(page, f"input[type=radio][name='{name}']")
        for _ in range(20):
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                break
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Space")
    assert page.is_checked(selector)


def type_into(page: Any, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def press(page: Any, selector: str) -> None:
    """Tab to a link or button and press Enter, waiting for the page it leads to."""
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def press_button(page: Any, value: str = "weiter") -> None:
    press(page, f"button[value={value}]")


def heading(page: Any) -> str:
    return page.inner_text("h1")


def sideways_scroll(page: Any) -> int:
    """How many CSS pixels the page is wider than the window (0 where it fits)."""
    return page.evaluate(
        "Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)"
    )


def give_consent(page: Any) -> None:
    """Tick the consent box on the welcome page and start, with the keyboard."""
    choose(page, "#consent")
    press(page, ".consent-form button[type=submit]")
