"""Uploaded workbooks are untrusted: hostile ones are refused with one clear sentence, before
pyxform or openpyxl unpack them."""

import io
import warnings
import zipfile

from surveyapp.questionnaire import load_questionnaire
from tests.questionnaire.loading.xlsforms import problems_of, workbook

SURVEY = [["type", "name", "label"], ["integer", "A1", "Zahl"]]


def replaced(data: bytes, parts: dict[str, bytes]) -> bytes:
    """The workbook with some of its parts replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info.filename, source.read(info.filename))
        for name, content in parts.items():
            target.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    bomb = replaced(workbook(SURVEY), {"xl/sharedStrings.xml": b"a" * (45 * 1024 * 1024)})

    assert len(bomb) < 1024 * 1024
    assert problems_of(bomb) == [
        "Die Datei ist entpackt zu groß (über 20 MB); ein Fragebogen braucht weit weniger. Ist "
        "sie eine gepackte Datei („Zip-Bombe“)?"
    ]


def test_an_xml_external_entity_is_refused():
    entity = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&e;'
        b"</workbook>"
    )

    (problem,) = problems_of(replaced(workbook(SURVEY), {"xl/workbook.xml": entity}))

    assert problem.startswith("Die Datei enthält XML-Entitäten oder eine DTD")


def test_a_sheet_of_100000_rows_is_refused_by_its_filled_rows():
    cells = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>integer</t></is></c></row>'
        for n in range(1, 100_001)
    )
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{cells}</sheetData></worksheet>"
    ).encode()

    found = problems_of(replaced(workbook(SURVEY), {"xl/worksheets/sheet1.xml": sheet}))

    assert found == ["Das Blatt survey hat zu viele gefüllte Zeilen (höchstens 5000)"]


def test_a_declared_size_beyond_the_filled_cells_is_no_reason_to_refuse():
    data = workbook(SURVEY)
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    wide = sheet.replace(b'<dimension ref="A1:C2"/>', b'<dimension ref="A1:XFD1048576"/>')

    assert wide != sheet
    assert load_questionnaire(replaced(data, {"xl/worksheets/sheet1.xml": wide})).question("A1")


def test_a_corrupt_zip_is_refused():
    data = workbook(SURVEY)

    assert problems_of(data[: len(data) // 2]) == [
        "Die Datei ist beschädigt und kann nicht als .xlsx gelesen werden"
    ]


def test_a_formula_without_a_value_and_merged_cells_are_refused_by_row():
    survey = [
        ["type", "name", "label", "relevant"],
        ["integer", "A1", "Zahl"],
        ["integer", "A2", "Mehr", '="${A1} > 1"'],
        ["integer", "A3", "Noch", "${A1} > 2"],
        ["integer", "A4", "Weiter"],
    ]
    data = workbook(survey)
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    merged = sheet.replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="D4:D5"/></mergeCells>'
    )

    assert problems_of(replaced(data, {"xl/worksheets/sheet1.xml": merged})) == [
        "survey[3]: Die Zelle D3 enthält eine Formel ohne gespeicherten Wert; ersetzen Sie die "
        "Formel durch ihren Wert (oder speichern Sie die Datei in Excel neu)",
        "survey[4]: Die Zellen D4:D5 sind verbunden; pyxform liest nur die erste Zeile. Heben "
        "Sie die Verbindung auf und füllen Sie jede Zeile",
    ]


def test_no_library_warning_reaches_the_researcher(recwarn, capsys):
    extension = (
        b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
        b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        b'<x14:dataValidations count="0"/></ext></extLst></worksheet>'
    )
    data = workbook(SURVEY)
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    validated = replaced(
        data, {"xl/worksheets/sheet1.xml": sheet.replace(b"</worksheet>", extension)}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        questionnaire = load_questionnaire(validated)

    assert questionnaire.question("A1")
    assert len(recwarn) == 0
    assert capsys.readouterr() == ("", "")
