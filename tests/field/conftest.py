"""Fixtures of the field phase's tests."""

from __future__ import annotations

import pytest
from field_mailing import thirty_units
from flask import Flask

from surveyapp.models import Survey


@pytest.fixture
def big_survey(app: Flask) -> Survey:
    return thirty_units()
