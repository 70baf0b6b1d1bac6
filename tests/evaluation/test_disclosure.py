"""Published tables never show a figure resting on fewer than three Kommunen, not even by
subtraction from a total."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evaluation import Dataset
from evaluation.disclosure import DisclosureRule, suppress
from evaluation.tables import all_tables, crosstab, frequencies, numbers, response_table, scale


def recomputable(table) -> list[tuple[int, int]]:
    """Suppressed cells an attacker could solve for from the published cells and the sums.

    Written independently of the implementation: eliminate lines with one unknown, repeatedly,
    then check the remaining system by rank.
    """
    hidden = set(table.suppressed_cells)
    unknown = sorted({p for line in table.lines for p in line if p in hidden})
    if not unknown:
        return []
    index = {p: i for i, p in enumerate(unknown)}
    rows = []
    for line in table.lines:
        row = np.zeros(len(unknown))
        for p in line[:-1]:
            if p in index:
                row[index[p]] += 1
        if line[-1] in index:
            row[index[line[-1]]] -= 1
        rows.append(row)
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for p, i in index.items():
        probe = np.zeros((1, len(unknown)))
        probe[0, i] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, probe])) == rank:
            found.append(p)
    return found


def visible_small_cells(table, rule: DisclosureRule) -> list[str]:
    return [
        f"{row.label}/{table.columns[c]}"
        for row in table.rows
        for c, cell in enumerate(row.cells)
        if not cell.suppressed and cell.units is not None and 0 < cell.units < rule.min_units
    ]


def test_small_category_is_shown_as_dot_with_footnote(dataset):
    table = suppress(frequencies(dataset, "B1"))
    assert table.cell("in Planung", "Anzahl").display() == "."
    assert table.value("in Planung", "Anzahl") is None, "the value itself is gone"
    assert table.cell("in Planung", "Gültige %").suppressed, "its percentage goes with it"
    assert any("weniger als 3 Kommunen" in note for note in table.footnotes)
    assert table.disclosure is not None


def test_suppressed_category_cannot_be_worked_out_from_the_valid_total(dataset):
    data = dataset.data.copy()
    data["B1"] = [1, 1, 2, 1, 3, 4, 4, 1, 2, 2, 1, 4, 4, 1]  # only "in Planung" is small
    table = suppress(frequencies(Dataset(dataset.survey, dataset.codebook, data), "B1"))
    assert table.cell("in Planung", "Anzahl").suppressed
    suppressed = [r.label for r in table.rows if r.cells[0].suppressed]
    assert len(suppressed) >= 2
    assert recomputable(table) == []


def test_zero_cells_and_large_cells_stay_visible(dataset):
    table = suppress(frequencies(dataset, "B1"))
    assert table.value("etabliert", "Anzahl") == 6
    assert table.value("nicht gestellt (Filter)", "Anzahl") == 0


def test_minimum_and_maximum_are_never_published(dataset):
    table = suppress(numbers(dataset, "D1"))
    assert table.cell("Minimum", "Wert").display() == "."
    assert table.cell("Maximum", "Wert").display() == "."
    assert table.value("Summe", "Wert") == pytest.approx(18.0)


def test_mean_is_hidden_when_part_of_its_distribution_is(dataset):
    table = suppress(scale(dataset, "H1"))
    assert table.cell("Jugendamt", "kaum").suppressed
    assert table.cell("Jugendamt", "Mittelwert").suppressed
    assert recomputable(table) == []


def test_frame_counts_stay_public_in_the_response_table(dataset):
    table = suppress(response_table(dataset))
    assert table.value("Thüringen – Landkreis", "Grundgesamtheit") == 3
    assert table.cell("Thüringen – Landkreis", "Abgeschlossen").suppressed
    assert table.cell("Thüringen – Landkreis", "Rücklaufquote %").suppressed
    assert recomputable(table) == []


def test_the_rule_is_configurable(dataset):
    strict = DisclosureRule(min_units=7)
    table = suppress(frequencies(dataset, "B1"), strict)
    assert table.cell("etabliert", "Anzahl").suppressed
    assert "weniger als 7 Kommunen" in table.footnotes[-1]
    with pytest.raises(ValueError):
        DisclosureRule(min_units=0)


def test_internal_tables_are_left_alone(dataset):
    table = frequencies(dataset, "B1")
    assert table.disclosure is None
    assert table.value("in Planung", "Anzahl") == 1


@pytest.mark.parametrize("seed", range(40))
def test_random_crosstabs_leave_nothing_small_and_nothing_recomputable(dataset, seed):
    rng = np.random.default_rng(seed)
    rows = int(rng.integers(8, 60))
    data = pd.DataFrame(
        {
            "ags": [f"{i:05d}" for i in range(rows)],
            "name": "x",
            "land": rng.choice(["Sachsen", "Sachsen-Anhalt", "Thüringen"], rows),
            "type": rng.choice(["Landkreis", "kreisfreie Stadt"], rows),
            "population": rng.integers(10_000, 700_000, rows),
        }
    )
    base = dataset.data.iloc[[0] * rows]
    for name in dataset.codebook.names:
        data[name] = base[name].to_numpy()
    data["B1"] = rng.choice([1, 2, 3, 4, -1], rows, p=[0.4, 0.3, 0.15, 0.1, 0.05])
    survey = Dataset(dataset.survey, dataset.codebook, data)
    rule = DisclosureRule()
    for by in ("land", "type", "size_class"):
        table = suppress(crosstab(survey, "B1", by), rule)
        assert visible_small_cells(table, rule) == []
        assert recomputable(table) == []


def test_every_standard_table_can_be_published(dataset):
    rule = DisclosureRule()
    for table in all_tables(dataset):
        published = suppress(table, rule)
        assert visible_small_cells(published, rule) == [], published.title
        assert recomputable(published) == [], published.title
