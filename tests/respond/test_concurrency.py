"""Two contacts of one Kommune save the same page: the second is told, nothing is lost."""

from __future__ import annotations

from respondent import stored


def test_second_save_of_the_same_page_is_refused_and_both_answers_survive(respondent, colleague):
    mine = respondent.open("a")
    theirs = colleague.open("a")
    first = respondent.save("a", {"A1": "1", "A2": "Sozialamt"}, loaded=mine)
    assert first.status_code == 302
    second = colleague.save("a", {"A1": "3", "A2": "Planungsstab"}, loaded=theirs)
    html = second.get_data(as_text=True)
    assert second.status_code == 200
    assert "Diese Seite wurde inzwischen von einer anderen Person gespeichert" in html
    assert 'role="alert"' in html
    # The first person's answers are in the database ...
    assert stored("A1") == 1 and stored("A2") == "Sozialamt"
    # ... the second person sees them, and keeps their own entries in the form.
    assert "Von der anderen Person gespeichert:" in html and "<li>Sozialamt</li>" in html
    assert 'value="Planungsstab"' in html and 'id="A1-3" name="A1" value="3" checked' in html
    # Saving again, now knowing the other's answers, works.
    again = colleague.save(
        "a",
        {"A1": "3", "A2": "Planungsstab"},
        loaded={"revision": "1", "shown": theirs["shown"]},
        action="speichern",
    )
    assert again.status_code == 302
    assert stored("A2") == "Planungsstab"


def test_saving_different_pages_at_once_is_no_conflict(respondent, colleague):
    respondent.save("a", {"A1": "1"})
    mine = respondent.open("b")
    theirs = colleague.open("a")
    assert respondent.save("b", {"B1": "4"}, loaded=mine).status_code == 302
    assert colleague.save("a", {"A1": "2"}, loaded=theirs, action="speichern").status_code == 302
    assert (stored("A1"), stored("B1")) == (2, 4)


def test_two_contacts_starting_at_once_share_one_response(app, link):
    from surveyapp.extensions import db
    from surveyapp.models import Response

    first, second = app.test_client(), app.test_client()
    first.post(link, data={"consent": "ja"})
    second.post(link, data={"consent": "ja"})
    assert db.session.scalar(db.select(db.func.count(Response.id))) == 1
