"""An English questionnaire that is not translated throughout: the preview says its filters with
the English labels where there are any and marks the German ones (HTML lang="de"); the preview
PDF and the PDF copy name their language and mark the German blocks and items."""

from __future__ import annotations

import pytest
from flask_babel import refresh
from pdf_reading import document_language, marked_languages, pdf_text
from respondent import Respondent, partly_translated_link


@pytest.fixture
def partly(app, tmp_path) -> Respondent:  # noqa: ANN001
    return Respondent(app.test_client(), partly_translated_link(tmp_path))


def _english(respondent: Respondent, path: str) -> bytes:
    refresh()
    try:
        return respondent.client.get(f"{respondent.link}{path}?lang=en").data
    finally:
        refresh()


def test_english_filter_sentences_use_english_labels_and_mark_the_german_ones(partly):
    html = _english(partly, "/fragebogen").decode()
    assert '<html lang="en">' in html
    assert 'Only asked if “yes” or “<span lang="de">im Aufbau</span>” was chosen at B1.' in html
    assert 'This section is only shown if “<span lang="de">Schule</span>” was ticked at B2.' in html
    assert 'B2: <span lang="de">Wer plant mit?</span>' in html
    assert '<li>Youth welfare</li><li><span lang="de">Schule</span></li>' in html
    assert 'B: <span lang="de">Nur auf Deutsch</span>' in html
    assert "»" not in html and "“ja”" not in html


def test_the_english_preview_pdf_is_english_with_its_german_blocks_marked(partly):
    printed = _english(partly, "/fragebogen.pdf")
    assert document_language(printed) == "en"
    text = " ".join(pdf_text(printed).split())
    assert "Only asked if “yes” or “im Aufbau” was chosen at B1." in text
    # B1's option "im Aufbau", the German heading of B2, its option "Schule", section B's title.
    assert marked_languages(printed) == ["de", "de", "de", "de"]
    german = partly.client.get(f"{partly.link}/fragebogen.pdf?lang=de").data
    assert document_language(german) == "de"
    assert marked_languages(german) == []


def test_the_english_pdf_copy_is_english_with_its_german_answers_marked(partly):
    refresh()
    partly.client.get(f"{partly.link}?lang=en")
    partly.consent()
    partly.save("a", {"B1": "2", "B2": ["1", "2"]})
    partly.save("b", {"C1": "Grundschule Nord"})
    partly.client.post(f"{partly.link}/absenden")
    copy = partly.client.get(f"{partly.link}/kopie.pdf").data
    refresh()
    assert document_language(copy) == "en"
    text = " ".join(pdf_text(copy).split())
    assert "Is there a plan?" in text and "Grundschule Nord" in text
    # B1's answer "im Aufbau", B2's German text, its answer "Schule", section 2's title.
    assert marked_languages(copy) == ["de", "de", "de", "de"]
