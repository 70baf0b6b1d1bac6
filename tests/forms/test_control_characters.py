"""Text with invisible control characters (a NUL pasted from a broken document) is stored
without them: PostgreSQL cannot store a NUL, and no one meant to type it."""

from __future__ import annotations

from respondent import PAGE_A, stored


def test_a_nul_in_an_answer_is_dropped_not_a_server_error(respondent):
    saved = respondent.save("a", {**PAGE_A, "A2": "Sozial\x00amt\x0c"})
    assert saved.status_code == 302
    assert stored("A2") == "Sozialamt"
