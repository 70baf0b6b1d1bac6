"""The table of territorial changes: loaded whole or not at all, and followed to successors."""

from __future__ import annotations

import io
from datetime import date

import pytest
from testsupport import FRAME

from evaluation.territory import follow
from surveyapp.extensions import db
from surveyapp.models import AuditEvent, TerritorialChange
from surveyapp.surveys import frame, territory

EISENACH = b"alt_ags;neu_ags;datum\n16056;16063;01.07.2021\n"


def _load(content: bytes) -> territory.Loaded:
    return territory.load(io.BytesIO(content), "aenderungen.csv", user_email="test")


def test_eisenach_is_followed_to_the_wartburgkreis_from_1_july_2021(app):  # noqa: ANN001
    assert _load(EISENACH) == territory.Loaded(added=1, updated=0)
    changes = territory.all_changes()
    assert follow("16056", changes).key == "16063"
    assert follow("16056", changes).merged
    assert follow("16056", changes, until=date(2021, 6, 30)).key == "16056"
    assert follow("16063", changes).key == "16063"
    assert not follow("16063", changes).merged
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="territorial_changes_loaded"))
    assert event.detail == {"added": 1, "updated": 0}


def test_loading_again_corrects_rather_than_doubles(app):  # noqa: ANN001
    _load(EISENACH)
    assert _load(b"old_ags,new_ags,changed_on\n16056,16063,2021-07-02\n").updated == 1
    assert [c.on for c in territory.all_changes()] == [date(2021, 7, 2)]


def test_the_reference_frame_brings_eisenachs_change_along(app):  # noqa: ANN001
    frame.import_file(FRAME)
    assert [(c.old, c.new, c.on) for c in territory.all_changes()] == [
        ("16056", "16063", date(2021, 7, 1))
    ]


def test_a_split_unit_follows_its_largest_part(app):  # noqa: ANN001
    _load(
        b"alt_ags;neu_ags;datum;gewicht\n16056;16063;01.07.2021;0,7\n16056;16051;01.07.2021;0,3\n"
    )
    followed = follow("16056", territory.all_changes())
    assert followed.key == "16063"
    assert followed.split


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"alt_ags;neu_ags\n16056;16063\n", "Zeile 1, Spalte „changed_on“: Pflichtspalte fehlt."),
        (b"alt_ags;neu_ags;datum\n1605;16063;01.07.2021\n", "Zeile 2, Spalte „alt_ags“"),
        (b"alt_ags;neu_ags;datum\n16056;16063;31.02.2021\n", "„31.02.2021“ ist kein Datum"),
        (b"alt_ags;neu_ags;datum\n16056;16063000;01.07.2021\n", "verschiedenen Ebenen"),
        (
            b"alt_ags;neu_ags;datum;gewicht\n16056;16063;01.07.2021;0,7\n16056;16051;01.07.2021;0,4\n",
            "Zeile 3, Spalte „gewicht“: Die Anteile von 16056 ergeben zusammen mehr als 1.",
        ),
    ],
)
def test_a_broken_table_is_refused_with_row_and_column(app, content, message):  # noqa: ANN001
    with pytest.raises(frame.FrameInvalid, match=message):
        _load(content)
    assert db.session.scalar(db.select(db.func.count(TerritorialChange.id))) == 0


def test_the_command_loads_the_table(app, runner, tmp_path):  # noqa: ANN001
    path = tmp_path / "aenderungen.csv"
    path.write_bytes(EISENACH)
    result = runner.invoke(args=["units", "changes", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 Gebietsänderungen neu, 0 berichtigt." in result.output
    path.write_bytes(b"alt_ags;neu_ags;datum\n16056;16056;01.07.2021\n")
    result = runner.invoke(args=["units", "changes", str(path)])
    assert result.exit_code == 1
    assert "Alter und neuer Schlüssel sind gleich." in result.output
