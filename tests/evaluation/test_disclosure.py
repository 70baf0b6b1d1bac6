"""Published tables never show a figure resting on fewer than three Kommunen, not even by
subtraction from a total."""

from __future__ import annotations

import numpy as np
import pytest
from attacker import recomputable
from integer_attacker import recovered
from random_surveys import random_survey

from evaluation import Dataset
from evaluation.codebook import NO_ANSWER
from evaluation.disclosure import DEFAULT_RULE, Disclosure, DisclosureError, DisclosureRule
from evaluation.tables.crosstab import crosstab
from evaluation.tables.groups import scale
from evaluation.tables.response import response_table
from evaluation.tables.single import frequencies, numbers
from evaluation.tables.standard import all_tables
from evaluation.tables.table import Cell, FigureId, Row, Table


def alone(table: Table, rule: DisclosureRule = DEFAULT_RULE) -> Table:
    """A table published on its own: a `Disclosure` of one table."""
    return Disclosure([table], rule).tables[0]


def visible_small_cells(table, rule: DisclosureRule) -> list[str]:
    """Published cells resting on one or two units, item nonresponse ("keine Antwort") aside:
    it is published on purpose (see `evaluation.disclosure`)."""
    return [
        f"{row.label}/{table.columns[c]}"
        for row in table.rows
        for c, cell in enumerate(row.cells)
        if not cell.suppressed
        and cell.units is not None
        and 0 < cell.units < rule.min_units
        and row.code != NO_ANSWER
        and table.columns[c] != "keine Antwort"
    ]


def with_column(dataset, name: str, values) -> Dataset:
    data = dataset.data.copy()
    data[name] = values
    return Dataset(dataset.survey, dataset.codebook, data)


def test_small_category_is_shown_as_dot_with_footnote(dataset):
    table = alone(frequencies(dataset, "B1"))
    assert table.cell("in Planung", "Anzahl").display() == "."
    assert table.value("in Planung", "Anzahl") is None, "the value itself is gone"
    assert table.cell("in Planung", "Gültige %").suppressed, "its percentage goes with it"
    assert any("weniger als 3 Kommunen" in note for note in table.footnotes)
    assert table.disclosure is not None


def test_suppressed_category_cannot_be_worked_out_from_the_valid_total(dataset):
    b1 = [1, 1, 2, 1, 3, 4, 4, 1, 2, 2, 1, 4, 4, 1]  # only "in Planung" is small
    table = alone(frequencies(with_column(dataset, "B1", b1), "B1"))
    assert table.cell("in Planung", "Anzahl").suppressed
    suppressed = [r.label for r in table.rows if r.cells[0].suppressed]
    assert len(suppressed) >= 2
    assert recomputable(table) == []


def test_zero_cells_and_large_cells_stay_visible(dataset):
    table = alone(frequencies(dataset, "B1"))
    assert table.value("etabliert", "Anzahl") == 6
    assert table.value("nicht gestellt (Filter)", "Anzahl") == 0


def test_minimum_and_maximum_are_never_published(dataset):
    table = alone(numbers(dataset, "D1"))
    assert table.cell("Minimum", "Wert").display() == "."
    assert table.cell("Maximum", "Wert").display() == "."


NONZERO = DisclosureRule()
#: A reader who does not know that zeros are published.
ZEROS_UNKNOWN = DisclosureRule(nonzero_known=False)


def test_three_small_cells_that_add_up_to_three_give_each_other_away(dataset):
    """D1: 11 valid answers of 14, one "weiß nicht", one "keine Antwort", one filtered out.
    14 − 11 = 3 = the three withheld cells; a reader who knows that zeros are published knows
    each is at least 1, so each is 1. Only withholding n protects them, and the statistics of
    the amounts go with it."""
    table = alone(numbers(dataset, "D1"), NONZERO)
    assert table.cell("weiß nicht", "Wert").suppressed
    assert table.cell("Gültige Antworten (n)", "Wert").suppressed
    assert table.cell("Summe", "Wert").suppressed
    assert recovered([table], nonzero_known=True) == {}
    unaware = alone(numbers(dataset, "D1"), ZEROS_UNKNOWN)
    assert unaware.value("Summe", "Wert") == pytest.approx(18.0)


def test_mean_is_hidden_when_part_of_its_distribution_is(dataset):
    table = alone(scale(dataset, "H1"))
    assert table.cell("Jugendamt", "kaum").suppressed
    assert table.cell("Jugendamt", "Mittelwert").suppressed
    assert recomputable(table) == []


def test_a_percentage_never_gives_a_suppressed_base_away(dataset):
    """The demo's K1: "8 (62 %)" beside a suppressed valid base gave 8 ÷ 0,615 = 13 and so the
    one "keine Antwort". A percentage is printed only when its count and its base are."""
    b1 = [1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, -88]
    table = alone(frequencies(with_column(dataset, "B1", b1), "B1"))
    assert recomputable(table) == []
    for row in table.rows:
        valid_pct = row.cells[2]
        if valid_pct.value is not None or valid_pct.suppressed:
            assert not valid_pct.suppressed or row.cells[0].suppressed, row.label


def test_one_kommune_without_an_answer_keeps_the_valid_distribution(dataset):
    """The common case: one Kommune skipped the question. Researchers expect the valid n and
    the valid % to stay; item nonresponse names no attribute of a Kommune."""
    b1 = [1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, -88]
    table = alone(frequencies(with_column(dataset, "B1", b1), "B1"))
    assert table.value("Gültige Antworten", "Anzahl") == 13
    assert table.value("keine Antwort", "Anzahl") == 1
    assert table.value("Basis: Frage gestellt", "Anzahl") == 14
    assert table.value("im Aufbau", "Anzahl") == 8
    assert table.value("im Aufbau", "Gültige %") == pytest.approx(100 * 8 / 13)
    assert table.cell("etabliert", "Anzahl").suppressed, "the lone answer is still protected"
    assert recomputable(table) == []


def test_dont_know_is_an_answer_and_a_filtered_out_unit_is_protected(dataset):
    """ "weiß nicht" was chosen, so it is protected like any answer; "nicht gestellt (Filter)"
    counts units by their earlier answers, so it is protected too, and the valid % stays.
    Both are 1 and add up to 14 − 12: to a reader who knows that zeros are published, the
    valid answers must go too, or it gets 1 and 1."""
    b1 = [-1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, -77]
    table = alone(frequencies(with_column(dataset, "B1", b1), "B1"), ZEROS_UNKNOWN)
    assert table.cell("weiß nicht", "Anzahl").suppressed
    assert table.cell("nicht gestellt (Filter)", "Anzahl").suppressed
    assert table.value("Gültige Antworten", "Anzahl") == 12
    assert table.value("im Aufbau", "Gültige %") == pytest.approx(100 * 8 / 12)
    assert recomputable(table) == []
    assert recovered([table], nonzero_known=False) == {}
    strict = alone(frequencies(with_column(dataset, "B1", b1), "B1"), NONZERO)
    assert strict.cell("Gültige Antworten", "Anzahl").suppressed
    assert recovered([strict], nonzero_known=True) == {}


def test_numbers_with_one_missing_answer_publish_n_mean_median_and_sum(dataset):
    d1 = [1.5, 0.5, 2.0, 3.25, 0.0, 1.0, 2.0, 1.0, 2.5, 0.75, 1.0, -88, 4.0, 1.5]
    table = alone(numbers(with_column(dataset, "D1", d1), "D1"))
    assert table.value("Gültige Antworten (n)", "Wert") == 13
    assert table.value("Mittelwert", "Wert") == pytest.approx(21.0 / 13)
    assert table.value("Median", "Wert") == pytest.approx(1.5)
    assert table.value("Summe", "Wert") == pytest.approx(21.0)
    assert table.cell("Minimum", "Wert").suppressed and table.cell("Maximum", "Wert").suppressed
    assert recomputable(table) == []


def test_a_hidden_sum_takes_its_mean_along(dataset):
    """Mean × n is the sum: with n published, a published mean would give a hidden sum back."""
    table = alone(crosstab(dataset, "D1", "type"))
    for c, column in enumerate(table.columns):
        mean, total = table.cell("Mittelwert", column), table.cell("Summe", column)
        assert mean.suppressed == total.suppressed or table.rows[0].cells[c].suppressed
    assert recomputable(table) == []


def test_frame_counts_stay_public_in_the_response_table(dataset):
    table = alone(response_table(dataset))
    assert table.value("Thüringen – Landkreis", "Grundgesamtheit") == 3
    assert table.cell("Thüringen – Landkreis", "Abgeschlossen").suppressed
    assert table.cell("Thüringen – Landkreis", "Rücklaufquote %").suppressed
    assert recomputable(table) == []


def test_the_rule_is_configurable(dataset):
    strict = DisclosureRule(min_units=7)
    table = alone(frequencies(dataset, "B1"), strict)
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
    survey = random_survey(dataset, rng, rows)
    rule = DisclosureRule()
    tables = [crosstab(survey, "B1", by) for by in ("land", "type", "size_class")]
    tables += [crosstab(survey, "D1", "land"), frequencies(survey, "B1"), numbers(survey, "D1")]
    tables.append(scale(survey, "H1"))
    for table in [*map(alone, tables), *Disclosure(tables, rule)]:
        assert visible_small_cells(table, rule) == [], table.title
        assert recomputable(table) == [], table.title


def test_every_standard_table_can_be_published(dataset):
    rule = DisclosureRule()
    for table in all_tables(dataset):
        published = alone(table, rule)
        assert visible_small_cells(published, rule) == [], published.title
        assert recomputable(published) == [], published.title


def _counts(title: str, figures: list[tuple[FigureId, int]], relations=()) -> Table:
    rows = tuple(Row(str(f.population), (Cell(n, units=n, figure=f),)) for f, n in figures)
    return Table(title, "B1", ("Anzahl",), rows, 0, 0, relations=tuple(relations))


def test_a_figure_the_brief_already_pinned_down_stops_the_report_with_a_clear_error():
    """The brief printed the Landkreise saying "ja" (8) and those in Sachsen (6); a report
    printing the two in Thüringen, where Landkreise are Sachsen plus Thüringen, could withhold
    them, but 8 − 6 would still give them away, and nothing printed may be taken back."""
    yes = FigureId("B1", "count", 1)
    landkreise = yes.within((("type", "Landkreis"),))
    saxony = landkreise.within((("land", "Sachsen"),))
    thuringia = landkreise.within((("land", "Thüringen"),))
    brief = Disclosure([_counts("Brief", [(landkreise, 8)]), _counts("Sachsen", [(saxony, 6)])])
    assert not brief.withheld
    report = _counts("Bericht", [(thuringia, 2)], relations=[(saxony, thuringia, landkreise)])
    with pytest.raises(DisclosureError, match="nicht sicher veröffentlichen: eine Zahl zu B1"):
        Disclosure([report], after=brief)


def _block(cells: dict[tuple[str, str], int]) -> Table:
    """A two-way table of counts with its row and column totals, as a crosstab lays it out."""
    row_names = sorted({r for r, _ in cells})
    column_names = sorted({c for _, c in cells})
    rows = []
    for r in row_names:
        counts = [cells[(r, c)] for c in column_names]
        rows.append(Row(r, tuple(Cell(n, units=n) for n in (*counts, sum(counts)))))
    totals = [sum(cells[(r, c)] for r in row_names) for c in column_names]
    rows.append(Row("Summe", tuple(Cell(n, units=n) for n in (*totals, sum(totals))), "total"))
    k, m = len(row_names), len(column_names)
    lines = [tuple((r, c) for c in range(m + 1)) for r in range(k + 1)]
    lines += [tuple((r, c) for r in range(k + 1)) for c in range(m + 1)]
    return Table("Block", "B1", (*column_names, "Summe"), tuple(rows), 0, 0, lines=tuple(lines))


def test_a_hidden_block_of_ones_is_not_pinned_by_whole_numbers():
    """Two 1s in one column beside two 5s: withholding the 5s leaves a 2×2 block that the
    reals cannot solve, but its column sum 2 with two counts of at least 1 each gives both
    1s away. The rule protects them further."""
    cells = {("a", "x"): 1, ("a", "y"): 5, ("b", "x"): 1, ("b", "y"): 5, ("c", "x"): 4}
    cells[("c", "y")] = 6
    table = alone(_block(cells), NONZERO)
    assert table.rows[0].cells[0].suppressed and table.rows[1].cells[0].suppressed
    assert recomputable(table) == []
    assert recovered([table], nonzero_known=True) == {}


@pytest.mark.parametrize("seed", range(12))
def test_random_blocks_leave_nothing_to_whole_number_reasoning(seed):
    rng = np.random.default_rng(seed)
    rows, columns = int(rng.integers(2, 5)), int(rng.integers(2, 5))
    cells = {
        (f"r{r}", f"c{c}"): int(rng.choice([0, 1, 1, 2, 3, 4, 6]))
        for r in range(rows)
        for c in range(columns)
    }
    assert recovered([alone(_block(cells), ZEROS_UNKNOWN)], nonzero_known=False) == {}
    assert recovered([alone(_block(cells))]) == {}


def test_three_units_get_a_sum_and_a_mean_but_no_median_and_no_sd(dataset):
    """n = 3, median 6,5, sum 19,5: each of the three would learn the other two values (own
    value, the middle one, the sum), and from the mean and SD as well. Only sum and mean stay."""
    d1 = [6.5, 3.0, 10.0] + [-88] * 11
    table = alone(numbers(with_column(dataset, "D1", d1), "D1"))
    assert table.value("Gültige Antworten (n)", "Wert") == 3
    assert table.value("Summe", "Wert") == pytest.approx(19.5)
    assert table.cell("Median", "Wert").suppressed
    assert table.cell("Standardabweichung", "Wert").suppressed
    five = alone(numbers(with_column(dataset, "D1", [1.0, 2, 3, 4, 5] + [-88] * 9), "D1"))
    assert five.value("Median", "Wert") == pytest.approx(3.0)


def test_the_p_percent_rule_withholds_a_sum_one_unit_dominates(dataset):
    d1 = [100.0, 1.0, 1.0, 1.0] + [-88] * 10
    rule = DisclosureRule(p_percent=10)
    table = alone(numbers(with_column(dataset, "D1", d1), "D1"), rule)
    assert table.cell("Summe", "Wert").suppressed and table.cell("Mittelwert", "Wert").suppressed
    assert alone(numbers(with_column(dataset, "D1", d1), "D1")).value("Summe", "Wert") == 103.0
