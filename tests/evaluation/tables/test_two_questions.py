"""A crosstab of two questions: count and valid % per column, with both bases."""

from __future__ import annotations

import pytest

from evaluation.disclosure import Disclosure
from evaluation.errors import EvaluationError
from evaluation.tables.crosstab import crosstab
from evaluation.tables.single import frequencies
from evaluation.tables.two_questions import breakdown


def test_each_column_shows_counts_and_valid_percent_with_both_bases(dataset):
    table = breakdown(dataset, "B1", "K1")
    assert table.columns[:4] == ("Insgesamt: Anzahl", "Insgesamt: %", "ja: Anzahl", "ja: %")
    data = dataset.data
    yes = data["K1"] == 1
    for code, label in dataset.codebook["B1"].value_labels.items():
        n = int(((data["B1"] == code) & yes).sum())
        assert table.value(label, "ja: Anzahl") == n
        valid_yes = int((data["B1"].isin([1, 2, 3, 4]) & yes).sum())
        assert table.value(label, "ja: %") == pytest.approx(100 * n / valid_yes)
    assert table.value("Gültige Antworten", "ja: %") == pytest.approx(100.0)
    shown_yes = int((yes & data["B1"].notna() & (data["B1"] != -77)).sum())
    assert table.value("Basis: Frage gestellt", "ja: Anzahl") == shown_yes
    assert table.value("weiß nicht", "ja: %") is None, "missing answers have no valid %"
    assert any(note.startswith("Basis: ") for note in table.footnotes)


def test_the_total_column_adds_up_the_columns_and_leaves_out_units_without_a_column(dataset):
    table = breakdown(dataset, "B1", "K1")
    for row in table.rows:
        parts = row.cells[2].value + row.cells[4].value
        assert row.cells[0].value == parts, row.label
    own = frequencies(dataset, "B1")
    outside = own.value("Basis: Frage gestellt", "Anzahl") - table.value(
        "Basis: Frage gestellt", "Insgesamt: Anzahl"
    )
    assert outside > 0
    assert any(f"Ohne {outside} Kommune" in note for note in table.footnotes)


def test_its_figures_are_the_same_as_in_the_column_percent_crosstab(dataset):
    two = breakdown(dataset, "B1", "K1")
    column = crosstab(dataset, "B1", "K1")
    assert two.value("etabliert", "ja: %") == pytest.approx(column.value("etabliert", "ja"))
    assert two.cell("etabliert", "ja: Anzahl").figure == column.cell("etabliert", "ja").figure


def test_published_it_hides_small_counts_with_their_percent(dataset):
    (published,) = Disclosure([breakdown(dataset, "B1", "K1")]).tables
    for row in published.rows:
        for i in range(0, len(published.columns), 2):
            count, share = row.cells[i], row.cells[i + 1]
            if not count.suppressed:
                assert count.value == 0 or count.value >= 3 or row.label == "keine Antwort"
            if count.suppressed and share.value is not None:
                assert share.suppressed, (row.label, published.columns[i])


def test_with_a_test_the_chi_square_note_is_added(dataset):
    table = breakdown(dataset, "B1", "K1", test=True)
    assert table.significance is not None
    assert "Zellen mit erwarteter Häufigkeit unter 5" in table.footnotes[-1]


def test_by_a_unit_attribute_or_for_a_number_it_is_the_column_percent_crosstab(dataset):
    assert breakdown(dataset, "B1", "land").columns == crosstab(dataset, "B1", "land").columns
    assert breakdown(dataset, "D1", "K1").row("Mittelwert")


@pytest.mark.parametrize(
    ("var", "by", "message"),
    [
        ("B9", "K1", "B9 steht nicht im Codebuch"),
        ("B1", "B9", "weder ein Merkmal der Kommunen"),
        ("B1", "D1", "keine Frage mit einer Antwort"),
        ("B1", "B1", "nicht nach sich selbst"),
        ("B3", "K1", "B3 ist keine Frage mit einer Antwort oder einer Zahl"),
    ],
)
def test_what_cannot_be_crossed_is_a_german_error(dataset, var, by, message):
    with pytest.raises(EvaluationError, match=message):
        breakdown(dataset, var, by)
