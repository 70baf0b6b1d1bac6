"""The reference data set MASS `survey` built as a survey: every figure R prints for it.

The data are R's own (`MASS::survey`, 237 students of the University of Adelaide, Venables &
Ripley, *Modern Applied Statistics with S*, 4th ed., 2002), read at test time through `Rscript`
(Debian package r-cran-mass). The figures are those R publishes for it: `summary(survey)`, the
tables of its factors, and the tests of independence of the R tutorials that use it
(r-tutor.com, "Chi-squared Test of Independence": Smoke × Exer, X-squared = 5.4885, df = 6,
p-value = 0.4828) with R's `chisq.test(correct = FALSE)` and `fisher.test` for the others.
Each student is one unit; R's NA is "keine Antwort" (-88), and Exer's level "None" is a level.
"""

from __future__ import annotations

import io
import subprocess

import pandas as pd
import pytest
from test_published_figures import survey_of, variable

from evaluation.codebook import NO_ANSWER
from evaluation.dataset import Dataset
from evaluation.tables.crosstab import crosstab
from evaluation.tables.single import frequencies, numbers
from evaluation.tables.two_questions import breakdown

FACTORS = {
    "Sex": ["Female", "Male"],
    "W.Hnd": ["Left", "Right"],
    "Fold": ["L on R", "Neither", "R on L"],
    "Clap": ["Left", "Neither", "Right"],
    "Exer": ["Freq", "None", "Some"],
    "Smoke": ["Heavy", "Never", "Occas", "Regul"],
    "M.I": ["Imperial", "Metric"],
}
NUMBERS = {"Wr.Hnd": "decimal", "NW.Hnd": "decimal", "Pulse": "integer", "Height": "decimal",
           "Age": "decimal"}  # fmt: skip

# summary(survey) and table(): counts per level, then NA's
PUBLISHED_FREQUENCIES = {
    "Sex": ({"Female": 118, "Male": 118}, 1),
    "W.Hnd": ({"Left": 18, "Right": 218}, 1),
    "Fold": ({"L on R": 99, "Neither": 18, "R on L": 120}, 0),
    "Clap": ({"Left": 39, "Neither": 50, "Right": 147}, 1),
    "Exer": ({"Freq": 115, "None": 24, "Some": 98}, 0),
    "Smoke": ({"Heavy": 11, "Never": 189, "Occas": 19, "Regul": 17}, 1),
    "M.I": ({"Imperial": 68, "Metric": 141}, 28),
}
# summary(survey): Min., Median, Mean, Max. (as R prints them) and NA's
PUBLISHED_NUMBERS = {
    "Wr.Hnd": (13.00, 18.50, 18.67, 23.20, 1),
    "NW.Hnd": (12.50, 18.50, 18.58, 23.50, 1),
    "Pulse": (35.00, 72.50, 74.15, 104.00, 45),
    "Height": (150.0, 171.0, 172.4, 200.0, 28),
    "Age": (16.75, 18.58, 20.37, 73.00, 0),
}
# table(survey$Smoke, survey$Exer)
PUBLISHED_SMOKE_BY_EXER = {
    "Heavy": {"Freq": 7, "None": 1, "Some": 3},
    "Never": {"Freq": 87, "None": 18, "Some": 84},
    "Occas": {"Freq": 12, "None": 3, "Some": 4},
    "Regul": {"Freq": 9, "None": 1, "Some": 7},
}


def _name(r_name: str) -> str:
    """R's names with a dot are no variable names here: W.Hnd is W_Hnd."""
    return r_name.replace(".", "_")


@pytest.fixture(scope="module")
def survey() -> Dataset:
    script = "library(MASS); write.csv(survey, stdout(), row.names = FALSE)"
    csv = subprocess.run(
        ["Rscript", "-e", script], capture_output=True, text=True, check=True
    ).stdout
    frame = pd.read_csv(io.StringIO(csv), keep_default_na=False, na_values=["NA"])
    assert len(frame) == 237
    variables, columns = [], {}
    for name, levels in FACTORS.items():
        labels = dict(enumerate(levels, start=1))
        variables.append(variable(_name(name), "single", labels))
        codes = frame[name].map({label: code for code, label in labels.items()})
        columns[_name(name)] = codes.fillna(NO_ANSWER).astype(float)
    for name, kind in NUMBERS.items():
        variables.append(variable(_name(name), kind))
        columns[_name(name)] = frame[name].fillna(NO_ANSWER).astype(float)
    data = pd.DataFrame(columns)
    names = [v.name for v in variables]
    cells = [(tuple(row), 1) for row in data[names].itertuples(index=False)]
    return survey_of(variables, cells)


@pytest.mark.parametrize("name", list(PUBLISHED_FREQUENCIES))
def test_the_frequency_table_of_each_factor(survey, name):
    counts, na = PUBLISHED_FREQUENCIES[name]
    table = frequencies(survey, _name(name))
    valid = sum(counts.values())
    for level, n in counts.items():
        assert table.value(level, "Anzahl") == n
        assert table.value(level, "Gültige %") == pytest.approx(100 * n / valid)
    assert table.value("Gültige Antworten", "Anzahl") == valid
    assert table.value("keine Antwort", "Anzahl") == na
    assert table.base_shown == 237


@pytest.mark.parametrize("name", list(PUBLISHED_NUMBERS))
def test_the_summary_of_each_number(survey, name):
    low, median, mean, high, na = PUBLISHED_NUMBERS[name]
    places = 1 if name == "Height" else 2
    table = numbers(survey, _name(name))
    assert table.value("Gültige Antworten (n)", "Wert") == 237 - na
    assert round(table.value("Minimum", "Wert"), places) == low
    assert round(table.value("Median", "Wert"), places) == median
    assert round(table.value("Mittelwert", "Wert"), places) == mean
    assert round(table.value("Maximum", "Wert"), places) == high


def test_smoke_by_exercise_counts_and_the_chi_square_r_prints(survey):
    table = crosstab(survey, "Smoke", "Exer", test=True)
    for smoke, by_exer in PUBLISHED_SMOKE_BY_EXER.items():
        for exer, n in by_exer.items():
            base = sum(row[exer] for row in PUBLISHED_SMOKE_BY_EXER.values())
            assert table.value(smoke, exer) == pytest.approx(100 * n / base)
    assert table.value("Basis (=100 %)", "Insgesamt") == 236
    significance = table.significance
    assert round(significance.statistic, 4) == 5.4885
    assert significance.dof == 6
    assert round(significance.chi2_pvalue, 4) == 0.4828
    assert (significance.small_expected, significance.cells) == (4, 12)
    assert significance.fisher_pvalue == pytest.approx(0.4138, abs=0.01), "R: fisher.test"
    note = table.footnotes[-1]
    assert "χ² = 5,49, df = 6, p = 0,483" in note
    assert "4 von 12 Zellen mit erwarteter Häufigkeit unter 5" in note
    assert "Exakter Test nach Fisher" in note


def test_a_two_by_two_table_gets_the_chi_square_and_the_exact_fisher_p(survey):
    table = crosstab(survey, "Sex", "W_Hnd", test=True)
    significance = table.significance
    assert round(significance.statistic, 5) == 0.54351
    assert (significance.dof, round(significance.chi2_pvalue, 3)) == (1, 0.461)
    assert round(significance.fisher_pvalue, 4) == 0.6158, "R: fisher.test"
    assert significance.method == "chi2", "every expected count is at least 5"
    note = table.footnotes[-1]
    assert "χ² = 0,54, df = 1, p = 0,461; 0 von 4 Zellen" in note
    assert "Exakter Test nach Fisher (zweiseitig): p = 0,616." in note


def test_a_tiny_p_value_is_printed_as_below_one_per_mille(survey):
    table = crosstab(survey, "W_Hnd", "Clap", test=True)
    assert round(table.significance.statistic, 3) == 19.252
    assert table.significance.chi2_pvalue == pytest.approx(6.598e-05, rel=1e-3)
    assert "χ² = 19,25, df = 2, p < 0,001" in table.footnotes[-1]


def test_smoke_by_exercise_as_two_questions_prints_r_s_counts_and_both_bases(survey):
    table = breakdown(survey, "Smoke", "Exer", test=True)
    for smoke, by_exer in PUBLISHED_SMOKE_BY_EXER.items():
        for exer, n in by_exer.items():
            assert table.value(smoke, f"{exer}: Anzahl") == n
        assert table.value(smoke, "Insgesamt: Anzahl") == sum(by_exer.values())
    assert table.value("Gültige Antworten", "Insgesamt: Anzahl") == 236
    assert table.value("keine Antwort", "Insgesamt: Anzahl") == 1, "Smoke is NA once"
    assert table.value("Basis: Frage gestellt", "Insgesamt: Anzahl") == 237
    assert "χ² = 5,49, df = 6, p = 0,483" in table.footnotes[-1]
