"""Loading the frame of Kommunen: the real reference file loads as it is; a broken file loads
nothing and names every problem by row and column."""

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from surveyapp.extensions import db
from surveyapp.models import Unit
from surveyapp.surveys import frame

REFERENCE = Path(__file__).parents[2] / "surveyapp" / "data" / "kreise-mitteldeutschland.csv"


def _units() -> dict[str, Unit]:
    return {u.ags: u for u in db.session.scalars(db.select(Unit))}


def test_reference_frame_loads_without_edits(app):
    result = frame.import_file(REFERENCE)
    units = _units()
    assert result.created == 50
    assert units["14713"].display_name == "Leipzig (kreisfreie Stadt)"
    assert units["14729"].display_name == "Leipzig (Landkreis)"
    assert units["16056"].successor_ags == "16063"
    assert units["14511"].population == 240078


def test_importing_twice_updates_instead_of_duplicating(app):
    frame.import_file(REFERENCE)
    result = frame.import_file(REFERENCE)
    assert (result.created, result.updated) == (0, 50)
    assert len(_units()) == 50


def test_broken_csv_imports_nothing_and_names_row_and_column(app):
    content = (
        b"ags;name;land;typ;bevoelkerung\n"
        b"14511;Chemnitz, Stadt;Sachsen;kreisfreie Stadt;240078\n"
        b"14x21;Erzgebirgskreis;Sachsen;Landkreis;324874\n"
        b"14522;;Sachsen;Landkreis;viele\n"
        b"14511;Doppelt;Sachsen;Landkreis;1\n"
    )
    with pytest.raises(frame.FrameInvalid) as raised:
        frame.import_units(io.BytesIO(content), "frame.csv")
    messages = [str(p) for p in raised.value.problems]
    assert "Zeile 3, Spalte „ags“: „14x21“ ist kein gültiger Schlüssel" in messages[0]
    assert any(m.startswith("Zeile 4, Spalte „name“: Wert fehlt") for m in messages)
    assert any(m.startswith("Zeile 4, Spalte „bevoelkerung“") for m in messages)
    assert any("Zeile 5" in m and "steht schon in Zeile 2" in m for m in messages)
    assert _units() == {}


def test_quotes_inside_a_quoted_name_are_kept(app):
    content = (
        b"ags;name;land;typ;bevoelkerung\n"
        b'14511;"Gemeinde ""Am See""";Sachsen;Gemeinde;1200\n'
        b"14521;Erzgebirgskreis;Sachsen;Landkreis;324874\n"
    )
    frame.import_units(io.BytesIO(content), "frame.csv")
    assert _units()["14511"].name == 'Gemeinde "Am See"'


def test_missing_required_column_is_named(app):
    with pytest.raises(frame.FrameInvalid) as raised:
        frame.import_units(io.BytesIO(b"ags,name\n14511,Chemnitz\n"), "frame.csv")
    assert {p.column for p in raised.value.problems} == {"land", "type"}


def test_xlsx_frame_keeps_keys_with_leading_zeros(app):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ags", "name", "land", "typ", "bevoelkerung"])
    sheet.append(["01001", "Flensburg, Stadt", "Schleswig-Holstein", "kreisfreie Stadt", 92550])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    frame.import_units(buffer, "frame.xlsx")
    assert _units()["01001"].population == 92550


def _xlsx(*rows: list[object]) -> io.BytesIO:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_xlsx_key_that_lost_its_leading_zero_gets_the_hint(app):
    buffer = _xlsx(
        ["ags", "name", "land", "typ"],
        [1001, "Flensburg, Stadt", "Schleswig-Holstein", "kreisfreie Stadt"],
    )
    with pytest.raises(frame.FrameInvalid) as raised:
        frame.import_units(buffer, "frame.xlsx")
    assert str(raised.value).startswith(
        "Zeile 2, Spalte „ags“: „1001“ hat vermutlich die führende Null verloren (Excel): "
        "01001 statt 1001."
    )
    assert _units() == {}


def test_xlsx_key_read_as_a_number_that_needs_no_zero_is_taken_as_text(app):
    buffer = _xlsx(
        ["ags", "name", "land", "typ"],
        [14511, "Chemnitz, Stadt", "Sachsen", "kreisfreie Stadt"],
        [14521.0, "Erzgebirgskreis", "Sachsen", "Landkreis"],
    )
    frame.import_units(buffer, "frame.xlsx")
    assert set(_units()) == {"14511", "14521"}


def test_a_csv_key_without_its_leading_zero_is_not_taken_for_another_key(app):
    content = b"ags;name;land;typ\n1001;Flensburg, Stadt;Schleswig-Holstein;kreisfreie Stadt\n"
    with pytest.raises(frame.FrameInvalid) as raised:
        frame.import_units(io.BytesIO(content), "frame.csv")
    assert "01001 statt 1001" in str(raised.value)
    assert _units() == {}


@pytest.mark.parametrize(
    "key", ["14", "145", "14511", "14511000", "145115001", "145110000000", "01001"]
)
def test_keys_of_every_level_are_accepted(key):
    assert frame.check_key(key) == (key, None)


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("1451", "führende Null verloren"),
        ("1", "01 statt 1"),
        ("1001001", "01001001 statt 1001001"),
        ("14511000001", "014511000001 statt 14511000001"),
        ("145110", "kein gültiger Schlüssel (Stellen: 2 (Land), 3 (Regierungsbezirk)"),
        ("1234567890123", "kein gültiger Schlüssel (Stellen"),
        ("17001", "17 ist kein Land (01 bis 16)"),
        ("00123", "00 ist kein Land"),
        ("14 511", "nur Ziffern"),
        ("１４５１１", "nur Ziffern"),
    ],
)
def test_keys_are_checked_by_level_and_land(key, message):
    value, problem = frame.check_key(key)
    assert value is None
    assert message in problem


def test_an_excel_file_that_unpacks_to_hundreds_of_megabytes_is_refused_unread(app):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    assert len(bomb.getvalue()) < 1024 * 1024
    with pytest.raises(frame.FrameInvalid) as raised:
        frame.import_units(io.BytesIO(bomb.getvalue()), "frame.xlsx")
    assert "entpackt zu groß (über 50 MB)" in str(raised.value.problems[0])
    assert _units() == {}


def test_a_file_with_more_rows_than_the_cap_is_refused(app):
    rows = b"".join(b"%d;Ort;Sachsen;Gemeinde;1\n" % (10_000_000 + n) for n in range(30_000))
    with pytest.raises(frame.FrameInvalid) as raised:
        frame.import_units(io.BytesIO(b"ags;name;land;typ;bevoelkerung\n" + rows), "frame.csv")
    assert "Höchstens 20000 Zeilen je Datei." in str(raised.value.problems[0])


def test_unreadable_excel_file_gets_a_message(app):
    with pytest.raises(frame.FrameInvalid) as raised:
        frame.import_units(io.BytesIO(b"not a zip"), "frame.xlsx")
    assert "lässt sich nicht lesen" in str(raised.value)
