"""brief.yaml may break a question down by another question: counts and % with both bases,
suppressed with the rest of the brief."""

from __future__ import annotations

import pytest
from brief_helpers import html_text, pdf_text

from evaluation.reports.brief.config import ConfigError, parse_config
from evaluation.reports.brief.content import build_document, check_against
from evaluation.reports.model import Figure
from evaluation.reports.render.html import html_document
from evaluation.reports.render.pdf import write_pdf

CONFIG = {
    "sections": [{"title": "Stand", "questions": [{"id": "B1", "by": ["B3", "type"]}, "B3"]}],
    "appendix": False,
}


def _views(document):
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Figure) and block.table is not None:
                yield block.table


def test_a_question_broken_down_by_another_shows_counts_percent_and_both_bases(brief_dataset):
    views = {
        view.caption: view for view in _views(build_document(brief_dataset, parse_config(CONFIG)))
    }
    caption = next(c for c in views if c.startswith("B1") and " nach B3 " in c)
    view = views[caption]
    assert view.header[:2] == ("Insgesamt: Anzahl", "Insgesamt: %")
    labels = [row.label for row in view.rows]
    assert "Gültige Antworten" in labels and "Basis: Frage gestellt" in labels
    assert any(c.startswith("B1") and c.endswith("nach Typ") for c in views), "type as well"
    assert not any(c.startswith("B3") and " nach " in c for c in views), "no default breakdown"


def test_no_published_count_of_the_crosstab_rests_on_one_or_two_units(brief_dataset):
    for view in _views(build_document(brief_dataset, parse_config(CONFIG))):
        for i, name in enumerate(view.header):
            if name.endswith(": Anzahl"):
                shown = {row.cells[i] for row in view.rows if row.label != "keine Antwort"}
                assert not shown & {"1", "2"}, (view.caption, name)


def test_default_breakdowns_may_name_a_question_and_skip_the_question_itself(brief_dataset):
    config = parse_config({**CONFIG, "sections": [{"title": "S", "questions": ["B1", "B3"]}],
                           "breakdowns": ["B3"]})  # fmt: skip
    captions = [view.caption for view in _views(build_document(brief_dataset, config))]
    assert any(c.startswith("B1") and " nach B3 " in c for c in captions)
    assert not any(c.startswith("B3") and " nach B3 " in c for c in captions)


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"sections": [{"title": "S", "questions": [{"id": "B1", "by": ["B9"]}]}]}, "B9"),
        ({"sections": [{"title": "S", "questions": [{"id": "B1", "by": ["D1"]}]}]}, "D1"),
        ({"sections": [{"title": "S", "questions": [{"id": "M1", "by": ["B3"]}]}]}, "M1"),
        ({"breakdowns": ["B9"]}, "breakdowns: „B9“"),
    ],
)
def test_a_breakdown_that_cannot_be_made_is_a_config_error(brief_dataset, config, message):
    parsed = parse_config(config)
    with pytest.raises(ConfigError, match=message):
        check_against(brief_dataset.codebook, parsed)
    with pytest.raises(ConfigError, match=message):
        build_document(brief_dataset, parsed)


def test_a_breakdown_that_is_no_name_is_refused_when_read():
    with pytest.raises(ConfigError, match="keine Aufgliederung"):
        parse_config({"breakdowns": ["Land und Typ"]})


def test_the_pdf_and_the_html_print_the_crosstab_with_its_bases(brief_dataset, tmp_path):
    document = build_document(brief_dataset, parse_config(CONFIG))
    path = tmp_path / "brief.pdf"
    write_pdf(document, path)
    for text in (pdf_text(path), html_text(html_document(document))):
        assert "nach B3" in text
        assert "Insgesamt: Anzahl" in text and "Basis: Frage gestellt" in text
