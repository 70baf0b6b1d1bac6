"""A unit alone in its Land × type group is never visible in the brief: not in a table, not as
a bar, not in a sentence (see conftest: the lone unit's marks)."""

from __future__ import annotations

import re

import pytest
from brief_data import LONE_OPTION, LONE_SUPPORT, QUOTE
from brief_helpers import html_text, pdf_text

from evaluation.reports.brief.config import load_config, parse_config
from evaluation.reports.brief.content import build_document, published_tables
from evaluation.reports.model import BarChart, Figure, TableView
from evaluation.reports.render.html import html_document
from evaluation.reports.render.pdf import write_pdf
from evaluation.tables.table import Table


@pytest.fixture(scope="module")
def document(brief_dataset, demo_config_path):
    return build_document(brief_dataset, load_config(demo_config_path))


def _tables(document) -> list[TableView]:
    views = [document.response, *document.appendix]
    for section in document.sections:
        views += [b.table for b in section.blocks if isinstance(b, Figure) and b.table]
    return views


def _bars(document):
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Figure) and isinstance(block.chart, BarChart):
                yield from block.chart.bars


def test_no_published_count_rests_on_one_or_two_units(document):
    """Item nonresponse ("keine Antwort") aside, which is published on purpose."""
    for view in _tables(document):
        for name in ("Anzahl", "Abgeschlossen", "Gültige n"):
            if name in view.header:
                i = view.header.index(name)
                shown = {row.cells[i] for row in view.rows if row.label != "keine Antwort"}
                assert not shown & {"1", "2"}, (view.caption, name)


def _figures(table: Table) -> dict[tuple, bool]:
    """Where a table prints a figure another table prints too, named from the table's layout
    (not from `FigureId`): whether it is suppressed there.

    A variable's counts and valid n sit in its own table and in the total column of each of its
    crosstabs; a numbers table's n, mean, median and sum too; all responding units sit in every
    table's "Insgesamt", the response table's total and the response by type.
    """
    found: dict[tuple, bool] = {}
    by_label = {row.label: row for row in table.rows}
    if table.kind == "frequencies":
        for row in table.rows:
            if row.kind == "value":
                found[(table.variable, "count", row.label)] = row.cells[0].suppressed
        found[(table.variable, "valid")] = by_label["Gültige Antworten"].cells[0].suppressed
    if table.kind == "numbers" or (table.kind == "crosstab" and "Summe" in by_label):
        statistics = {"Gültige Antworten (n)": "valid", "Mittelwert": "mean", "Median": "median"}
        for label, name in {**statistics, "Summe": "sum"}.items():
            found[(table.variable, name)] = by_label[label].cells[0].suppressed
    elif table.kind == "crosstab":
        for row in table.rows:
            key = (table.variable, "count", row.label) if row.kind == "value" else None
            found[key or (table.variable, "valid")] = row.cells[0].suppressed
    if "Insgesamt" in by_label and table.kind in ("frequencies", "numbers", "text", "multiple"):
        found[("units",)] = by_label["Insgesamt"].cells[0].suppressed
    if table.kind == "response":
        total = by_label["Insgesamt"]
        column = table.columns.index("Abgeschlossen") if "Abgeschlossen" in table.columns else 0
        found[("units",)] = total.cells[column].suppressed
    return found


def test_a_figure_suppressed_anywhere_is_suppressed_everywhere(brief_dataset, demo_config_path):
    """The D1 numbers table once hid n = 13 while the D1-by-type crosstab showed it."""
    published = published_tables(brief_dataset, load_config(demo_config_path))
    seen: dict[tuple, set[bool]] = {}
    for table in published.all():
        for key, suppressed in _figures(table).items():
            seen.setdefault(key, set()).add(suppressed)
    shared = [key for key in seen if key[0] == "D1"]
    assert ("D1", "valid") in shared, "the crosstab of D1 by type is part of the brief"
    assert {key: states for key, states in seen.items() if len(states) > 1} == {}


def test_numbers_with_one_missing_answer_keep_their_figures_in_the_brief(brief_dataset):
    """D1: 13 valid answers and one "keine Antwort" (see brief_data)."""
    published = published_tables(brief_dataset, parse_config({"breakdowns": ["type"]}))
    d1 = published.get("D1")
    for label in ("Gültige Antworten (n)", "Mittelwert", "Median", "Summe"):
        assert not d1.cell(label, "Wert").suppressed, label
    assert d1.cell("Maximum", "Wert").suppressed, "37,5 is the lone unit's own value"


def test_the_response_by_type_does_not_give_the_lone_group_away(document):
    """The method box's "davon 5 kreisfreie Städte" and the response table's other rows of that
    type must not leave the lone unit's row as the difference."""
    response = document.response
    column = response.header.index("Abgeschlossen")
    cities = [r.cells[column] for r in response.rows if r.label.endswith("kreisfreie Stadt")]
    method = dict(document.method)["Rücklauf"]
    if "5 kreisfreie Städte" in method:
        assert cities.count(".") >= 2, cities


def test_the_lone_units_group_and_unique_answers_are_suppressed(document):
    response = document.response
    row = next(r for r in response.rows if r.label == "Thüringen – kreisfreie Stadt")
    assert row.cells[response.header.index("Abgeschlossen")] == "."
    a1 = next(v for v in document.appendix if v.caption.startswith("A1 "))
    assert next(r for r in a1.rows if r.label == LONE_OPTION).cells == (".", ".", ".")
    support = [bar for bar in _bars(document) if bar.label == LONE_SUPPORT]
    assert support and all(bar.value is None for bar in support), "no bar length"


def test_the_lone_units_figures_appear_nowhere_in_pdf_or_html(document, tmp_path):
    path = tmp_path / "brief.pdf"
    write_pdf(document, path)
    for text in (pdf_text(path), html_text(html_document(document))):
        assert "37,5" not in text
        assert not re.search(r"\b1 von \d+ Kommunen", text)
        assert "Gera" not in text and "16052" not in text


def test_quotes_appear_only_when_approved_and_verbatim(brief_dataset):
    without = html_document(build_document(brief_dataset, parse_config({})))
    assert QUOTE not in without
    approved = parse_config({"quotes": [{"question": "M3", "text": QUOTE}]})
    assert QUOTE in html_document(build_document(brief_dataset, approved))
    invented = parse_config({"quotes": [{"question": "M3", "text": "Nie gesagt."}]})
    with pytest.raises(Exception, match="steht nicht in den Antworten"):
        build_document(brief_dataset, invented)
