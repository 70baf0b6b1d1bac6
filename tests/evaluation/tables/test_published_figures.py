"""Our tables reproduce figures published outside this project.

Each published data set is built as a survey (one unit per case) and run through the same
table functions the researchers use.

Sources:
- UC Berkeley graduate admissions 1973, six largest departments: Freedman, Pisani & Purves,
  *Statistics*, 4th ed. (2007), chapter 2, section 4, table 1 (applicants and percent admitted
  by department, men and women); counts as in R's `datasets::UCBAdmissions` (Bickel, Hammel &
  O'Connell 1975, *Science* 187, 398–404).
- Party identification by gender, General Social Survey: Agresti, *Categorical Data Analysis*,
  2nd ed. (2002), table 3.1 / section 3.2.3: Pearson X² = 30.07 with df = 2 (P < 0.001).
- Fisher's tea tasting experiment: Agresti, *An Introduction to Categorical Data Analysis*,
  2nd ed. (2007), table 2.8 / section 2.6: Fisher's exact test, one-sided P = 0.243, two-sided
  P = 0.486.
- Job satisfaction by income: Agresti (2002), table 2.8 (3.9 in some printings), as in the
  example of R's `fisher.test`: Fisher's exact test for the 4×4 table, p = 0.7827.
- Anscombe's quartet, data set I: Anscombe (1973), "Graphs in Statistical Analysis",
  *The American Statistician* 27(1), 17–21: mean of x = 9, sample variance of x = 11,
  mean of y = 7.50, sample variance of y = 4.127 (4.125 ± 0.003 over the four sets).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from evaluation.codebook import Codebook, Variable
from evaluation.dataset import Dataset
from evaluation.survey import SurveyInfo
from evaluation.tables.crosstab import crosstab
from evaluation.tables.single import frequencies, numbers


def variable(name: str, kind: str, labels: dict[int, str] | None = None) -> Variable:
    return Variable(
        name=name,
        label=name,
        type=kind,
        question=name,
        question_id=name,
        page="p1",
        value_labels=labels or {},
    )


def survey_of(variables: list[Variable], cells: list[tuple[tuple, int]]) -> Dataset:
    """One unit per case: `cells` are (values of the `variables`, number of cases)."""
    records = []
    for values, count in cells:
        records.extend([values] * count)
    data = pd.DataFrame(records, columns=[v.name for v in variables])
    data.insert(0, "population", None)
    data.insert(0, "type", "Fall")
    data.insert(0, "land", "–")
    data.insert(0, "name", [f"Fall {i}" for i in range(len(data))])
    data.insert(0, "ags", [f"{i:06d}" for i in range(len(data))])
    info = SurveyInfo("published", "Veröffentlichte Daten", opens_on=date(2000, 1, 1))
    return Dataset(info, Codebook(variables), data)


DEPARTMENTS = {1: "A", 2: "B", 3: "C", 4: "D", 5: "E", 6: "F"}
# (department, admitted, rejected) for men and women (R: UCBAdmissions)
BERKELEY = {
    "men": [(1, 512, 313), (2, 353, 207), (3, 120, 205), (4, 138, 279), (5, 53, 138), (6, 22, 351)],
    "women": [(1, 89, 19), (2, 17, 8), (3, 202, 391), (4, 131, 244), (5, 94, 299), (6, 24, 317)],
}
# Freedman, Pisani & Purves: applicants and percent admitted, per department
PUBLISHED_BERKELEY = {
    "men": {"A": (825, 62), "B": (560, 63), "C": (325, 37), "D": (417, 33), "E": (191, 28),
            "F": (373, 6)},
    "women": {"A": (108, 82), "B": (25, 68), "C": (593, 34), "D": (375, 35), "E": (393, 24),
              "F": (341, 7)},
}  # fmt: skip


def berkeley(sex: str) -> Dataset:
    rows = [
        variable("Fach", "single", DEPARTMENTS),
        variable("Zulassung", "boolean", {1: "ja", 0: "nein"}),
    ]
    cells = []
    for department, admitted, rejected in BERKELEY[sex]:
        cells += [((department, 1), admitted), ((department, 0), rejected)]
    return survey_of(rows, cells)


@pytest.mark.parametrize("sex", ["men", "women"])
def test_berkeley_admission_rates_by_department(sex):
    table = crosstab(berkeley(sex), "Zulassung", "Fach")
    for department, (applicants, percent) in PUBLISHED_BERKELEY[sex].items():
        assert table.value("Basis (=100 %)", department) == applicants
        assert round(table.value("ja", department)) == percent
    total = sum(a for a, _ in PUBLISHED_BERKELEY[sex].values())
    assert table.value("Basis (=100 %)", "Insgesamt") == total


@pytest.mark.parametrize("sex", ["men", "women"])
def test_berkeley_applicants_per_department_as_frequencies(sex):
    table = frequencies(berkeley(sex), "Fach")
    total = sum(a for a, _ in PUBLISHED_BERKELEY[sex].values())
    for department, (applicants, _) in PUBLISHED_BERKELEY[sex].items():
        assert table.value(department, "Anzahl") == applicants
        assert table.value(department, "Gültige %") == pytest.approx(100 * applicants / total)
    assert table.value("Gültige Antworten", "Anzahl") == total


def test_party_identification_by_gender_chi_square():
    party = {1: "Democrat", 2: "Independent", 3: "Republican"}
    rows = [variable("Partei", "single", party),
            variable("Geschlecht", "single", {1: "Females", 2: "Males"})]  # fmt: skip
    counts = {(1, 1): 762, (2, 1): 327, (3, 1): 468, (1, 2): 484, (2, 2): 239, (3, 2): 477}
    table = crosstab(survey_of(rows, list(counts.items())), "Partei", "Geschlecht", test=True)
    assert table.value("Basis (=100 %)", "Females") == 1557
    assert table.value("Basis (=100 %)", "Males") == 1200
    assert table.value("Democrat", "Females") == pytest.approx(100 * 762 / 1557)
    assert table.significance.method == "chi2"
    assert round(table.significance.statistic, 2) == 30.07
    assert table.significance.dof == 2
    assert table.significance.pvalue < 0.001
    assert "χ² = 30,07, df = 2, p < 0,001" in table.footnotes[-1]


def test_tea_tasting_fisher_exact():
    guess = {1: "Milk", 2: "Tea"}
    rows = [variable("Guess", "single", guess), variable("Poured", "single", guess)]
    cells = [((1, 1), 3), ((2, 1), 1), ((1, 2), 1), ((2, 2), 3)]
    table = crosstab(survey_of(rows, cells), "Guess", "Poured", test=True)
    assert table.significance.method == "fisher", "expected counts of 2 are below 5"
    assert round(table.significance.pvalue, 3) == 0.486
    assert "Fisher" in table.footnotes[-1]


def test_job_satisfaction_by_income_fisher_exact_for_a_4x4_table():
    income = {1: "< 15k", 2: "15-25k", 3: "25-40k", 4: "> 40k"}
    satisfaction = {1: "VeryD", 2: "LittleD", 3: "ModerateS", 4: "VeryS"}
    table_counts = [[1, 3, 10, 6], [2, 3, 10, 7], [1, 6, 14, 12], [0, 1, 9, 11]]
    rows = [variable("Zufriedenheit", "single", satisfaction),
            variable("Einkommen", "single", income)]  # fmt: skip
    cells = [
        ((s + 1, i + 1), n) for i, line in enumerate(table_counts) for s, n in enumerate(line) if n
    ]
    table = crosstab(survey_of(rows, cells), "Zufriedenheit", "Einkommen", test=True)
    assert table.significance.method == "fisher-monte-carlo"
    assert table.significance.pvalue == pytest.approx(0.7827, abs=0.01)


def test_anscombe_quartet_set_one():
    x = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5]
    y = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68]
    rows = [variable("x", "integer"), variable("y", "decimal")]
    dataset = survey_of(rows, [((a, b), 1) for a, b in zip(x, y, strict=True)])
    tx, ty = numbers(dataset, "x"), numbers(dataset, "y")
    assert tx.value("Mittelwert", "Wert") == 9
    assert tx.value("Standardabweichung", "Wert") ** 2 == pytest.approx(11)
    assert round(ty.value("Mittelwert", "Wert"), 2) == 7.50
    assert round(ty.value("Standardabweichung", "Wert") ** 2, 3) == 4.127
    assert tx.value("Gültige Antworten (n)", "Wert") == 11
