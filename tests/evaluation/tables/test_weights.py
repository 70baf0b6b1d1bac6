"""Design weights: weighted percentages, unweighted counts and bases."""

from __future__ import annotations

import numpy as np
import pytest
from openpyxl import load_workbook

from evaluation.codebook import Codebook, Variable
from evaluation.dataset import Dataset
from evaluation.disclosure import Disclosure
from evaluation.errors import EvaluationError
from evaluation.outputs.workbook import write_workbook
from evaluation.tables.crosstab import crosstab
from evaluation.tables.groups import multiple_response
from evaluation.tables.single import frequencies
from evaluation.tables.standard import all_tables
from evaluation.tables.two_questions import breakdown


def with_weight(dataset: Dataset, values) -> Dataset:
    weight = Variable(name="w", label="Designgewicht", type="decimal", page="p9", decimals=2)
    data = dataset.data.reset_index(drop=True).copy()
    data["w"] = np.asarray(values, dtype=float)
    return Dataset(dataset.survey, Codebook([*dataset.codebook, weight]), data)


@pytest.fixture
def weighted(dataset):
    """Kreisfreie Städte count three times, Landkreise once."""
    return with_weight(dataset, np.where(dataset.data["type"] == "kreisfreie Stadt", 3.0, 1.0))


def _expected_share(data, column, code, codes):
    w = data["w"]
    return 100 * w[data[column] == code].sum() / w[data[column].isin(codes)].sum()


def test_frequencies_weight_the_percentages_and_keep_counts_and_bases(dataset, weighted):
    plain, table = frequencies(dataset, "B1"), frequencies(weighted, "B1", weight="w")
    data = weighted.data
    codes = [1, 2, 3, 4]
    assert table.value("etabliert", "Gültige %") == pytest.approx(
        _expected_share(data, "B1", 1, codes)
    )
    assert table.value("etabliert", "Gültige %") != pytest.approx(
        plain.value("etabliert", "Gültige %")
    )
    for label in ("etabliert", "Gültige Antworten", "Basis: Frage gestellt"):
        assert table.value(label, "Anzahl") == plain.value(label, "Anzahl")
    assert table.value("Gültige Antworten", "Gültige %") == pytest.approx(100.0)
    shown_parts = ("Gültige Antworten", "weiß nicht", "keine Antwort")
    assert sum(table.value(label, "%") for label in shown_parts) == pytest.approx(100.0)
    assert any("gewichtet mit w" in note for note in table.footnotes)
    assert table.cell("etabliert", "Gültige %").units == plain.value("etabliert", "Anzahl")


def test_with_equal_weights_every_figure_is_the_unweighted_one(dataset):
    same = with_weight(dataset, np.full(len(dataset.data), 2.5))
    for plain, weighted in zip(all_tables(same), all_tables(same, weight="w"), strict=True):
        assert plain.to_frame().equals(weighted.to_frame()), plain.title


def test_multiple_choice_and_crosstabs_weight_their_percentages(weighted):
    data = weighted.data
    table = multiple_response(weighted, "M1", weight="w")
    answered = (data[["M1_1", "M1_2", "M1_3", "M1_m1"]] == 1).any(axis=1)
    expected = 100 * data["w"][answered & (data["M1_1"] == 1)].sum() / data["w"][answered].sum()
    assert table.value("Personal", "% der Fälle") == pytest.approx(expected)
    assert table.value("Personal", "Anzahl") == 8
    by_land = crosstab(weighted, "B1", "land", weight="w")
    saxony = data[data["land"] == "Sachsen"]
    assert by_land.value("etabliert", "Sachsen") == pytest.approx(
        _expected_share(saxony, "B1", 1, [1, 2, 3, 4])
    )
    assert by_land.value("Basis (=100 %)", "Sachsen") == int(saxony["B1"].isin([1, 2, 3, 4]).sum())
    two = breakdown(weighted, "B1", "K1", weight="w")
    yes = data[data["K1"] == 1]
    assert two.value("etabliert", "ja: %") == pytest.approx(
        _expected_share(yes, "B1", 1, [1, 2, 3, 4])
    )
    assert two.value("etabliert", "ja: Anzahl") == int((yes["B1"] == 1).sum())


def test_tables_a_weight_does_not_apply_to_say_they_are_unweighted(weighted):
    tables = {t.variable: t for t in all_tables(weighted, weight="w")}
    assert any(note.startswith("Ungewichtet") for note in tables["D1"].footnotes)
    assert any(note.startswith("Ungewichtet") for note in tables["H1"].footnotes)


def test_a_weighted_table_is_suppressed_like_an_unweighted_one(dataset, weighted):
    (plain,) = Disclosure([frequencies(dataset, "B1")]).tables
    (table,) = Disclosure([frequencies(weighted, "B1", weight="w")]).tables
    for row_plain, row in zip(plain.rows, table.rows, strict=True):
        assert [c.suppressed for c in row_plain.cells] == [c.suppressed for c in row.cells]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (lambda n: [0.0] + [1.0] * (n - 1), r"kein positives Gewicht \(0,00\)"),
        (lambda n: [np.nan] + [1.0] * (n - 1), r"kein positives Gewicht \(kein Wert\)"),
        (lambda n: [-88.0] + [1.0] * (n - 1), "kein positives Gewicht"),
    ],
)
def test_a_unit_without_a_positive_weight_is_named(dataset, values, message):
    broken = with_weight(dataset, values(len(dataset.data)))
    with pytest.raises(EvaluationError, match=message) as refused:
        frequencies(broken, "B1", weight="w")
    assert broken.data.index[0] in str(refused.value)


def test_a_weight_that_is_no_number_variable_is_refused(weighted):
    with pytest.raises(EvaluationError, match="B1 ist keine Variable mit Zahlen"):
        frequencies(weighted, "B1", weight="B1")
    with pytest.raises(EvaluationError, match="gewicht ist keine Variable"):
        all_tables(weighted, weight="gewicht")


def test_the_workbook_prints_weighted_percentages(weighted, tmp_path):
    path = tmp_path / "gewichtet.xlsx"
    write_workbook(weighted, path, crosstabs=[("B1", "K1")], weight="w")
    rows = [[c.value for c in row] for row in load_workbook(path)["Tabellen"].iter_rows()]
    start = next(i for i, row in enumerate(rows) if row[0] == "B1 Stand der Sozialplanung")
    established = next(row for row in rows[start:] if row[0] == "etabliert")
    expected = _expected_share(weighted.data, "B1", 1, [1, 2, 3, 4])
    assert established[3] == pytest.approx(expected)
    notes = [row[0] for row in rows if isinstance(row[0], str) and "gewichtet mit w" in row[0]]
    assert len(notes) >= 2, "the standard table and the crosstab"
    with pytest.raises(EvaluationError, match="Gewichtung"):
        write_workbook(weighted, tmp_path / "nein.xlsx", weight="B1")
    assert not (tmp_path / "nein.xlsx").exists()
