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


def test_xlsx_key_stored_as_number_is_refused(app):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ags", "name", "land", "typ"])
    sheet.append([1001, "Flensburg, Stadt", "Schleswig-Holstein", "kreisfreie Stadt"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    with pytest.raises(frame.FrameInvalid) as raised:
        frame.import_units(buffer, "frame.xlsx")
    assert "führende Nullen" in str(raised.value)


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
