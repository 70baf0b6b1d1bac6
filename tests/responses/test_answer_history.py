"""The answer history: every change a save makes is appended, with who made it and where, and
no row of it can be changed afterwards."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from respondent import PAGE_A, finish

from surveyapp.extensions import db
from surveyapp.models import Answer, AnswerChange


def _history(variable: str) -> list[tuple[str | None, str | None, str, str]]:
    db.session.expire_all()
    rows = db.session.scalars(
        sa.select(AnswerChange).filter_by(variable=variable).order_by(AnswerChange.id)
    )
    return [(row.old_text, row.new_text, row.actor, row.context) for row in rows]


def test_each_change_of_an_answer_is_kept_with_its_old_and_new_value(respondent):
    respondent.save("a", PAGE_A)
    respondent.save("a", {**PAGE_A, "A2": "Jugendamt"})
    assert _history("A2") == [
        (None, "Sozialamt", "link", "a"),
        ("Sozialamt", "Jugendamt", "link", "a"),
    ]


def test_saving_a_page_unchanged_adds_nothing_to_the_history(respondent):
    respondent.save("a", PAGE_A)
    respondent.save("a", PAGE_A, action="speichern")
    assert len(_history("A2")) == 1


def test_the_history_ends_in_every_stored_value(respondent):
    """Replaying the history gives the dataset: no save, filter or submit code bypasses it."""
    finish(respondent)
    respondent.save("b", {"B1": "2"})
    respondent.save("b", {"B1": "4"})
    respondent.client.post(f"{respondent.link}/absenden")
    db.session.expire_all()
    last = {}
    for row in db.session.scalars(sa.select(AnswerChange).order_by(AnswerChange.id)):
        last[row.variable] = (row.new_number, row.new_text)
    stored = {row.variable: (row.number, row.text) for row in db.session.scalars(sa.select(Answer))}
    assert last == stored
    contexts = set(db.session.scalars(sa.select(AnswerChange.context)))
    assert {"a", "b", "filter"} <= contexts


def test_no_row_of_the_history_can_be_altered(respondent):
    respondent.save("a", PAGE_A)
    with pytest.raises(sa.exc.DatabaseError), db.engine.begin() as connection:
        connection.execute(sa.update(AnswerChange).values(new_text="gefälscht"))
    assert _history("A2") == [(None, "Sozialamt", "link", "a")]
