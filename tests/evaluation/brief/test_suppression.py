"""A unit alone in its Land × type group is never visible in the brief: not in a table, not as
a bar, not in a sentence (see conftest: the lone unit's marks)."""

from __future__ import annotations

import re

import pytest
from brief_data import LONE_OPTION, LONE_SUPPORT, QUOTE
from brief_helpers import html_text, pdf_text

from evaluation.brief import build_document, html_document, load_config, write_pdf
from evaluation.brief.config import parse_config
from evaluation.brief.model import BarChart, Figure, TableView


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
    for view in _tables(document):
        for name in ("Anzahl", "Abgeschlossen", "Gültige n"):
            if name in view.header:
                i = view.header.index(name)
                shown = {row.cells[i] for row in view.rows}
                assert not shown & {"1", "2"}, (view.caption, name)


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
