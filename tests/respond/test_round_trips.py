"""How many SQL statements a respondent's page costs: every request opens the link, so each
round trip counts for every respondent at once (issue 16). A count, not a timing: it holds on
any machine and keeps a lazy load or a read-back from creeping in unnoticed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from respondent import PAGE_A

from surveyapp.extensions import db


@contextmanager
def statements() -> Iterator[list[str]]:
    sent: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        sent.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def test_opening_the_next_page_reads_link_response_and_revision_then_answers(respondent):
    respondent.save("a", PAGE_A)
    with statements() as sent:
        assert respondent.client.get(respondent.url("b")).status_code == 200
    assert len(sent) == 2, sent


def test_going_back_to_a_page_adds_only_the_update_of_where_the_respondent_is(respondent):
    respondent.save("a", PAGE_A)
    with statements() as sent:
        assert respondent.client.get(respondent.url("a")).status_code == 200
    assert len(sent) == 3, sent
    assert sent[-1].startswith("UPDATE responses")


def test_saving_a_page_takes_eight_statements_at_most(respondent):
    """Link and answers (2); lock the draft, raise the revision (2); read the rows in the
    transaction (1); insert the new rows, update the changed ones, append the history (3)."""
    respondent.save("a", PAGE_A)
    loaded = respondent.open("a")
    with statements() as sent:
        saved = respondent.save("a", {**PAGE_A, "A2": "Jugendamt"}, loaded=loaded)
    assert saved.status_code == 302
    assert len(sent) <= 8, sent


def test_the_survey_s_questionnaire_and_codebook_are_not_read_per_request(respondent):
    respondent.open("a")
    with statements() as sent:
        respondent.client.get(respondent.url("a"))
    assert not any('"codebook"' in s or "surveys.codebook" in s for s in sent)
    assert not any("surveys.questionnaire," in s for s in sent)
