"""Following a key through territorial changes, as the panel outputs do."""

from __future__ import annotations

from datetime import date

from evaluation.territory import Change, follow

EISENACH = Change("16056", "16063", date(2021, 7, 1))


def test_a_chain_of_mergers_is_followed_to_its_end():
    later = Change("16063", "16099", date(2030, 1, 1))
    followed = follow("16056", [later, EISENACH])
    assert followed.key == "16099"
    assert followed.via == (EISENACH, later)
    assert follow("16056", [later, EISENACH], until=date(2025, 1, 1)).key == "16063"


def test_a_table_that_loops_does_not_hang():
    back = Change("16063", "16056", date(2022, 1, 1))
    assert follow("16056", [EISENACH, back]).key == "16063"


def test_a_key_without_changes_stays():
    followed = follow("14713", [EISENACH])
    assert (followed.key, followed.merged, followed.split) == ("14713", False, False)
