"""Numbers and dates as German respondents type them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from surveyapp.forms.parsing import (
    format_number,
    is_ambiguous_decimal,
    parse_date,
    parse_decimal,
    parse_integer,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,5", Decimal("1.5")),
        ("1.5", Decimal("1.5")),
        (" 0,25 ", Decimal("0.25")),
        (",5", Decimal("0.5")),
    ],
)
def test_decimal_with_comma_or_point(text, value):
    assert parse_decimal(text) == value


@pytest.mark.parametrize("text", ["1.000,5", "1,5,5", "abc", "", "1e5", "--1"])
def test_decimal_refuses_what_it_would_have_to_guess(text):
    assert parse_decimal(text) is None


@pytest.mark.parametrize(
    ("text", "ambiguous"),
    [
        ("1.500", True),
        ("-12.345", True),
        ("1,500", False),
        ("1.5", False),
        ("1500", False),
        ("1234.567", False),
    ],
)
def test_a_point_before_three_digits_is_ambiguous(text, ambiguous):
    assert is_ambiguous_decimal(text) is ambiguous


def test_integer_with_thousands_grouping():
    assert parse_integer("12.500") == 12500
    assert parse_integer("12 500") == 12500
    assert parse_integer("1,5") is None


def test_numbers_are_shown_with_a_decimal_comma():
    assert format_number(1.5) == "1,5"
    assert format_number(2.0) == "2"
    assert format_number(1.5, "en") == "1.5"


def test_dates():
    assert parse_date("1.2.2024") == date(2024, 2, 1)
    assert parse_date("2024-02-01") == date(2024, 2, 1)
    assert parse_date("30.02.2024") is None
    assert parse_date("2024/02/01") is None
