"""A question's markup is kept once rendered, by its entries (issue 16: a page not yet answered
renders no macro); a page still shows its own entries and problems."""

from __future__ import annotations

from respondent import PAGE_A

from surveyapp.respond import views


def _questions(html: str) -> str:
    return html[html.index('<div class="questions">') : html.index('<div class="form-actions">')]


def test_kept_markup_is_what_the_macro_writes(respondent):
    respondent.save("a", PAGE_A, action="speichern")
    kept = _questions(respondent.open("a")["html"])
    views._markup.clear()
    assert _questions(respondent.open("a")["html"]) == kept
    assert _questions(respondent.open("a")["html"]) == kept


def test_a_page_kept_empty_shows_the_answers_once_there_are_some(respondent):
    empty = _questions(respondent.open("a")["html"])
    assert "Sozialamt" not in empty and " checked" not in empty
    respondent.save("a", PAGE_A, action="speichern")
    saved = _questions(respondent.open("a")["html"])
    assert 'value="Sozialamt"' in saved and " checked" in saved


def test_a_problem_is_shown_and_gone_once_corrected(respondent):
    respondent.open("a")
    sent = respondent.save("a", {**PAGE_A, "A4": "kein Datum"}).get_data(as_text=True)
    assert 'aria-invalid="true"' in _questions(sent)
    assert respondent.save("a", PAGE_A).status_code == 302
    assert 'aria-invalid="true"' not in _questions(respondent.open("a")["html"])
