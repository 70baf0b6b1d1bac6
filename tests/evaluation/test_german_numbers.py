"""Numbers print as German readers expect (DIN 5008, Duden): digits are grouped only from five
digits on, so a year never reads "2.014"."""

from __future__ import annotations

import numpy as np
import pytest

from evaluation import german
from evaluation.german import figure as german_number
from evaluation.german import number, percent
from evaluation.reports.sentences import kommunen, share
from evaluation.tables.crosstab import _independence
from evaluation.tables.table import Cell


@pytest.mark.parametrize(
    ("value", "fmt", "decimals", "text"),
    [
        (2014, "count", None, "2014"),
        (1234, "count", None, "1234"),
        (9999, "count", None, "9999"),
        (12345, "count", None, "12.345"),
        (1234567, "count", None, "1.234.567"),
        (9999.6, "count", None, "10.000"),
        (1234.5, "number", 1, "1234,5"),
        (12345.25, "number", 2, "12.345,25"),
        (-12345.0, "number", 0, "-12.345"),
        (12.5, "percent", None, "12,5"),
    ],
)
def test_digits_are_grouped_from_five_digits_on(value, fmt, decimals, text):
    assert german_number(value, fmt, decimals) == text


def test_cells_and_sentences_print_years_and_four_digit_counts_without_a_dot():
    assert Cell(2014.0, "number", decimals=0).display() == "2014"
    assert number(2014) == "2014"
    assert kommunen(1234) == "1234 Kommunen"
    assert share(1234, 10_000) == "12,3\u00a0% (1234 von 10.000 Kommunen)"
    assert percent(12.5, 1) == "12,5\u00a0%"


def test_the_fisher_note_keeps_its_decimal_comma():
    note = _independence(np.array([[3, 1, 0], [0, 2, 4], [1, 1, 1]])).note
    assert "Exakter Test nach Fisher" in note and "20.000 Zufallstabellen" in note
    assert "p = 0," in note or "p < 0,001" in note


@pytest.mark.parametrize(
    ("value", "places", "printed"),
    [(100 * 5 / 16, 1, "31,3"), (72.5, 0, "73"), (2.675, 2, "2,68"), (-0.25, 1, "-0,3")],
)
def test_a_five_rounds_up_as_german_tables_round(value, places, printed):
    """Python rounds to the even digit: 5 of 16 was printed as 31,2 %."""
    assert german.number(value, places) == printed


def test_means_and_medians_of_whole_numbers_get_a_decimal():
    assert german.statistic_decimals(0) == 1
    assert german.statistic_decimals(2) == 2
    assert german.statistic_decimals(None) is None
