"""The summary tables say what researchers expect: valid %, bases, missing by type."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evaluation import Dataset, german
from evaluation.tables.crosstab import crosstab
from evaluation.tables.groups import multiple_response, scale
from evaluation.tables.response import response_table
from evaluation.tables.single import frequencies, numbers, text_count
from evaluation.tables.standard import all_tables


def test_frequencies_use_valid_percent_and_list_missing_by_type_below(dataset):
    table = frequencies(dataset, "B1")
    labels = [row.label for row in table.rows]
    assert labels[:5] == ["etabliert", "im Aufbau", "in Planung", "nein", "Gültige Antworten"]
    assert labels.index("weiß nicht") > labels.index("Gültige Antworten")
    assert labels.index("keine Antwort") > labels.index("Gültige Antworten")
    assert (table.base_shown, table.base_valid) == (14, 12)
    assert table.value("etabliert", "Anzahl") == 6
    assert table.value("etabliert", "Gültige %") == pytest.approx(50.0)
    assert table.value("etabliert", "%") == pytest.approx(6 / 14 * 100)
    assert table.value("weiß nicht", "Anzahl") == 1
    assert table.value("weiß nicht", "Gültige %") is None, "missing answers have no valid %"
    assert table.cell("etabliert", "Gültige %").display() == "50,0"
    assert any("Basis: 14 Kommunen" in note for note in table.footnotes)


def test_units_filtered_out_are_not_part_of_the_base(dataset):
    table = numbers(dataset, "D1")
    assert table.value("nicht gestellt (Filter)", "Wert") == 1
    assert table.value("Basis: Frage gestellt", "Wert") == 13
    assert table.base_valid == 11


def test_multiple_response_percent_of_cases_with_explicit_base(dataset):
    table = multiple_response(dataset, "M1")
    assert table.base_valid == 11, "ticked anything, 'keine davon' included"
    assert table.base_shown == 13
    assert table.value("Personal", "Anzahl") == 8
    assert table.value("Personal", "% der Fälle") == pytest.approx(8 / 11 * 100)
    assert table.value("keine davon", "Anzahl") == 2
    assert table.value("keine Antwort", "Anzahl") == 2
    assert table.value("nicht gestellt (Filter)", "Anzahl") == 1
    shares = [table.value(o, "% der Fälle") for o in ("Personal", "Daten", "Finanzierung")]
    assert sum(shares) > 100
    assert any("Mehrfachnennungen möglich" in note for note in table.footnotes)


def test_scale_mean_and_top_two_use_scale_points_only(dataset):
    table = scale(dataset, "H1")
    jugendamt = [5, 4, 4, 3, 5, 2, 4, 5, 4, 5, 3]  # without weiß nicht, keine Antwort, Filter
    assert table.value("Jugendamt", "Gültige n") == len(jugendamt)
    assert table.value("Jugendamt", "Mittelwert") == pytest.approx(np.mean(jugendamt))
    assert table.value("Jugendamt", "Standardabweichung") == pytest.approx(
        np.std(jugendamt, ddof=1)
    )
    assert table.value("Jugendamt", "Top-2") == pytest.approx(8 / 11 * 100)
    assert table.value("Jugendamt", "Bottom-2") == pytest.approx(1 / 11 * 100)
    assert table.value("Jugendamt", "weiß nicht") == 1
    points = ["gar nicht", "kaum", "teils", "eng", "sehr eng"]
    assert sum(table.value("Schulamt", p) for p in points) == pytest.approx(100.0)


def test_numbers_add_up_staff_in_fte(dataset):
    table = numbers(dataset, "D1")
    valid = [1.5, 0.5, 2.0, 3.25, 0.0, 1.0, 2.5, 0.75, 1.0, 4.0, 1.5]
    assert table.title == "D1 Personal (VZÄ)"
    assert table.value("Summe", "Wert") == pytest.approx(sum(valid))
    assert table.value("Median", "Wert") == pytest.approx(np.median(valid))
    assert table.value("Minimum", "Wert") == 0.0
    assert table.value("Maximum", "Wert") == 4.0
    assert table.value("Mittelwert", "Wert") == pytest.approx(np.mean(valid))
    assert table.cell("Summe", "Wert").display() == "18,0"


def test_text_count_counts_answers_not_codes(dataset):
    table = text_count(dataset, "N1")
    assert table.value("Antworten mit Text", "Anzahl") == 5
    assert table.value("keine Antwort", "Anzahl") == 9


def test_crosstab_by_land_has_total_first_and_a_base_row(dataset):
    table = crosstab(dataset, "B1", "land")
    assert table.columns == ("Insgesamt", "Sachsen", "Sachsen-Anhalt", "Thüringen")
    assert table.rows[-1].label == "Basis (=100 %)"
    assert [c.value for c in table.rows[-1].cells] == [12, 6, 3, 3]
    frame = table.to_frame().iloc[:-1]
    assert np.allclose(frame.sum(axis=0), 100.0)
    assert table.value("etabliert", "Thüringen") == pytest.approx(200 / 3)
    assert any("Ohne 2 Kommunen" in note for note in table.footnotes)
    assert table.significance is None, "tests are off by default"


def test_crosstab_by_a_single_choice_question_and_by_size_class(dataset):
    table = crosstab(dataset, "K1", "B1")
    assert table.columns == ("Insgesamt", "etabliert", "im Aufbau", "in Planung", "nein")
    by_size = crosstab(dataset, "K1", "size_class")
    assert by_size.columns[1:] == (
        "50.000 bis unter 100.000",
        "100.000 bis unter 200.000",
        "200.000 bis unter 500.000",
        "500.000 und mehr",
        "Einwohnerzahl unbekannt",
    )


def test_crosstab_of_a_number_shows_mean_and_sum_per_column(dataset):
    table = crosstab(dataset, "D1", "type")
    assert table.value("Summe", "Insgesamt") == pytest.approx(18.0)
    assert table.value("Summe", "Landkreis") + table.value("Summe", "kreisfreie Stadt") == (
        pytest.approx(18.0)
    )


def test_significance_uses_fisher_for_small_expected_counts(dataset):
    table = crosstab(dataset, "K1", "type", test=True)
    assert table.significance.method == "fisher"
    assert "Fisher" in table.footnotes[-1]
    again = crosstab(dataset, "B1", "land", test=True)
    assert again.significance.method == "fisher-monte-carlo"
    assert (
        again.significance.pvalue == crosstab(dataset, "B1", "land", test=True).significance.pvalue
    )


def test_significance_uses_chi_square_when_expected_counts_suffice(dataset):
    rows = 200
    data = pd.DataFrame(
        {
            "ags": [f"{i:05d}" for i in range(rows)],
            "name": "x",
            "land": ["Sachsen", "Thüringen"] * (rows // 2),
            "type": "Landkreis",
            "population": 1000,
        }
    )
    base = dataset.data.iloc[[0] * rows]
    for name in dataset.codebook.names:
        data[name] = base[name].to_numpy()
    data["K1"] = [1.0] * 70 + [0.0] * 30 + [1.0] * 40 + [0.0] * 60
    table = crosstab(Dataset(dataset.survey, dataset.codebook, data), "K1", "land", test=True)
    assert table.significance.method == "chi2"
    assert table.significance.dof == 1
    assert "Chi²" in table.footnotes[-1]


def test_response_table_by_land_and_type(dataset):
    table = response_table(dataset)
    assert table.value("Insgesamt", "Grundgesamtheit") == 16
    assert table.value("Insgesamt", "Abgeschlossen") == 14
    assert table.value("Insgesamt", "Rücklaufquote %") == pytest.approx(87.5)
    assert table.value("Thüringen – Landkreis", "Abgeschlossen") == 2
    assert table.footnotes == ("14 von 16 Kommunen haben den Fragebogen abgeschlossen.",)


def test_all_tables_gives_one_table_per_question_in_order(dataset):
    titles = [t.title.split()[0] for t in all_tables(dataset)]
    assert titles == ["B1", "B1_other", "B3", "M1", "H1", "D1", "K1", "N1"]


def test_the_mean_and_median_of_whole_numbers_print_with_a_decimal(dataset):
    """An integer question (decimals 0) printed "im Mittel 6 Personen" for 5,75."""
    from dataclasses import replace

    from evaluation import Codebook

    rows = dataset.codebook.to_rows()
    for row in rows:
        if row["name"] == "D1":
            row["type"], row["decimals"] = "integer", 0
    data = dataset.data.copy()
    data["D1"] = data["D1"].where(data["D1"] < 0, [5, 6, 6, 6, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])
    whole = Dataset(replace(dataset.survey), Codebook.from_rows(rows), data)
    table = numbers(whole, "D1")
    valid = [v for v in data["D1"] if v >= 0]
    assert table.cell("Mittelwert", "Wert").display() == german.number(np.mean(valid), 1)
    assert table.cell("Summe", "Wert").display() == german.number(sum(valid), 0)
