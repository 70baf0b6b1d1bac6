"""Fixtures for the respondent pages: the demo link and two people holding it."""

from __future__ import annotations

import pytest
from respondent import Respondent


@pytest.fixture
def link(demo) -> str:
    return demo.link(0).removeprefix("http://localhost")


@pytest.fixture
def respondent(app, link) -> Respondent:
    person = Respondent(app.test_client(), link)
    person.consent()
    return person


@pytest.fixture
def colleague(app, link) -> Respondent:
    return Respondent(app.test_client(), link)
