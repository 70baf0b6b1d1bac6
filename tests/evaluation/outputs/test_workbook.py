"""The researcher workbook: right sheets, keys as text, numbers as numbers, no formulas, and it
opens in LibreOffice without a repair prompt."""

from __future__ import annotations

import io
import os
import shutil
import subprocess

import pandas as pd
import pytest
from openpyxl import load_workbook

from evaluation import Dataset
from evaluation.disclosure import INTERNAL_NOTE
from evaluation.errors import EvaluationError, WorkbookError
from evaluation.outputs.workbook import write_workbook
from evaluation.workbook_layout import SHEETS


def test_sheets_in_order_each_saying_it_is_internal(workbook_path):
    workbook = load_workbook(workbook_path)
    assert workbook.sheetnames == list(SHEETS)
    for sheet in workbook.worksheets:
        assert sheet["A1"].value == INTERNAL_NOTE, sheet.title


def test_data_sheets_have_frozen_filtered_header_and_typed_cells(workbook_path):
    sheet = load_workbook(workbook_path)["Daten_Codes"]
    assert sheet.freeze_panes == "C3"
    assert sheet.auto_filter.ref.startswith("A2:")
    assert sheet.auto_filter.ref.endswith(str(2 + 14))
    header = [c.value for c in sheet[2]]
    assert header[:6] == ["ags", "name", "land", "type", "population", "size_class"]
    row = {h: c for h, c in zip(header, sheet[3], strict=True)}
    assert row["ags"].data_type == "s" and row["ags"].value == "14511"
    assert row["B1"].data_type == "n" and row["B1"].value == 1
    assert row["D1"].number_format.endswith(";0.0"), "German locale shows 1,5"
    assert row["population"].number_format == "[>=10000]#,##0;[<=-10000]-#,##0;0", "2014, 12.345"
    assert sheet.column_dimensions["B"].width >= 20


def test_free_text_starting_with_equals_sign_is_never_a_formula(workbook_path):
    workbook = load_workbook(workbook_path)
    for title in ("Daten_Codes", "Daten_Labels", "Freitext"):
        cells = [c for row in workbook[title].iter_rows() for c in row]
        formulas = [c.coordinate for c in cells if c.data_type == "f"]
        assert formulas == [], title
        texts = {c.value for c in cells if c.data_type == "s"}
        assert "=SUMME(A1:A3)" in texts
        assert "=1+1" in texts
        prefixed = {c.value for c in cells if c.data_type == "s" and c.quotePrefix}
        assert {"=SUMME(A1:A3)", "=1+1"} <= prefixed, f"{title}: stays text when edited or as CSV"


def test_labels_sheet_shows_labels_and_missing_labels(workbook_path):
    frame = pd.read_excel(workbook_path, sheet_name="Daten_Labels", header=1, dtype={"ags": str})
    frame = frame.set_index("ags")
    assert frame.loc["14511", "B1"] == "etabliert"
    assert frame.loc["15001", "B1"] == "weiß nicht"
    assert frame.loc["14511", "K1"] == "ja"
    assert frame.loc["14511", "D1"] == 1.5
    assert frame.loc["14522", "B3"] == "keine Antwort"


def test_pandas_reads_codes_back(workbook_path, dataset):
    """pandas guesses numbers even in text cells; the key needs `dtype` (the cell is text)."""
    frame = pd.read_excel(workbook_path, sheet_name="Daten_Codes", header=1, dtype={"ags": str})
    assert frame["ags"].tolist() == list(dataset.data.index)
    assert frame["B1"].tolist() == dataset.data["B1"].tolist()


def test_tables_sheet_holds_every_frequency_table_with_real_numbers(workbook_path):
    sheet = load_workbook(workbook_path)["Tabellen"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    titles = [row[0] for row in values if row and isinstance(row[0], str)]
    for title in ("Rücklauf nach Land und Typ", "B1 Stand der Sozialplanung", "D1 Personal (VZÄ)"):
        assert title in titles
    row = next(r for r in values if r[0] == "etabliert")
    assert row[1:4] == [6, pytest.approx(6 / 14 * 100), pytest.approx(50.0)]


def test_free_text_sheet_lists_each_answer_once(workbook_path):
    frame = pd.read_excel(workbook_path, sheet_name="Freitext", header=1, dtype={"AGS": str})
    assert len(frame) == 2 + 5
    assert "Zeile 1\nZeile 2" in frame["Text"].tolist()
    assert set(frame["Variable"]) == {"B1_other", "N1"}


def test_workbook_can_be_written_to_a_file_object(dataset):
    buffer = io.BytesIO()
    write_workbook(dataset, buffer)
    buffer.seek(0)
    assert Dataset.from_workbook(buffer).equals(dataset)


def test_a_researcher_cleaning_a_value_in_excel_is_taken_over(workbook_path):
    workbook = load_workbook(workbook_path)
    sheet = workbook["Daten_Codes"]
    header = [c.value for c in sheet[2]]
    sheet.cell(row=3, column=header.index("D1") + 1, value="2,5")  # typed with a comma
    sheet.cell(row=3, column=header.index("B1") + 1, value=2)
    workbook.save(workbook_path)
    cleaned = Dataset.from_workbook(workbook_path)
    assert cleaned.data.loc["14511", "D1"] == 2.5
    assert cleaned.data.loc["14511", "B1"] == 2


def test_a_workbook_whose_codebook_does_not_match_its_data_is_refused(workbook_path):
    workbook = load_workbook(workbook_path)
    sheet = workbook["Codebuch"]
    sheet.cell(row=3, column=1, value="B9")
    workbook.save(workbook_path)
    with pytest.raises(WorkbookError, match="Codebuch passt nicht zu den Daten"):
        Dataset.from_workbook(workbook_path)


def test_text_in_a_number_column_names_row_and_column(workbook_path):
    workbook = load_workbook(workbook_path)
    sheet = workbook["Daten_Codes"]
    header = [c.value for c in sheet[2]]
    sheet.cell(row=5, column=header.index("D1") + 1, value="viel")
    workbook.save(workbook_path)
    with pytest.raises(WorkbookError, match=r"Zeile 5, Spalte D1 \(P\): „viel“ ist keine Zahl"):
        Dataset.from_workbook(workbook_path)


def _edit_data(workbook_path, row: int, variable: str, value) -> str:
    """Type `value` into Daten_Codes as a researcher would; the cell's column letter."""
    workbook = load_workbook(workbook_path)
    sheet = workbook["Daten_Codes"]
    header = [c.value for c in sheet[2]]
    cell = sheet.cell(row=row, column=header.index(variable) + 1, value=value)
    workbook.save(workbook_path)
    return cell.column_letter


def test_a_code_the_codebook_lacks_is_refused_naming_sheet_row_and_column(workbook_path):
    letter = _edit_data(workbook_path, 4, "B1", 7)
    with pytest.raises(WorkbookError) as refused:
        Dataset.from_workbook(workbook_path)
    message = str(refused.value)
    assert message.startswith(f"Daten_Codes, Zeile 4, Spalte B1 ({letter}): den Code 7 kennt")
    assert "1 = etabliert" in message and "-1 = weiß nicht" in message


@pytest.mark.parametrize(("variable", "value"), [("M1_1", 2), ("H1_a", 9), ("K1", 1.5)])
def test_codes_of_multiple_choice_scales_and_yes_no_are_checked_too(workbook_path, variable, value):
    _edit_data(workbook_path, 3, variable, value)
    with pytest.raises(WorkbookError, match=f"Spalte {variable} .*kennt das Codebuch nicht"):
        Dataset.from_workbook(workbook_path)


def test_a_missing_code_typed_in_is_taken_over(workbook_path):
    _edit_data(workbook_path, 3, "B1", -1)
    assert Dataset.from_workbook(workbook_path).data["B1"].iloc[0] == -1


@pytest.mark.parametrize("value", [1000001, 1000001.0])
def test_an_ags_typed_as_a_number_is_refused(workbook_path, value):
    _edit_data(workbook_path, 6, "ags", value)
    with pytest.raises(WorkbookError) as refused:
        Dataset.from_workbook(workbook_path)
    message = str(refused.value)
    assert message.startswith("Daten_Codes, Zeile 6, Spalte ags (A): der Schlüssel 1000001")
    assert "als Text" in message


def test_a_file_that_is_no_workbook_is_refused(tmp_path):
    path = tmp_path / "kaputt.xlsx"
    path.write_text("kein Excel")
    with pytest.raises(WorkbookError, match="nicht lesbar"):
        Dataset.from_workbook(path)


def test_control_characters_from_copy_and_paste_do_not_break_the_file(dataset, tmp_path):
    data = dataset.data.copy()
    data.loc["14511", "N1"] = "Text\x0bmit Steuerzeichen"
    path = tmp_path / "steuer.xlsx"
    write_workbook(Dataset(dataset.survey, dataset.codebook, data), path)
    assert Dataset.from_workbook(path).data.loc["14511", "N1"] == "Textmit Steuerzeichen"


def test_libreoffice_opens_the_workbook_without_repair(workbook_path, tmp_path):
    """LibreOffice converts the workbook without complaint and keeps keys, codes and text."""
    if shutil.which("libreoffice") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice fehlt (make system-deps)")
        pytest.skip("LibreOffice fehlt")
    out = tmp_path / "lo"
    profile = tmp_path / "profile"
    result = subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(workbook_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    converted = out / workbook_path.name
    assert converted.exists(), result.stdout + result.stderr
    assert "error" not in result.stderr.lower()
    again = Dataset.from_workbook(converted)
    original = Dataset.from_workbook(workbook_path)
    pd.testing.assert_frame_equal(again.data, original.data)
    assert again.codebook == original.codebook


def test_a_workbook_from_before_page_titles_still_reads(workbook_path, dataset):
    """Workbooks written before the codebook recorded page titles have no such column."""
    workbook = load_workbook(workbook_path)
    sheet = workbook["Codebuch"]
    header = [c.value for c in sheet[2]]
    sheet.delete_cols(header.index("Seitentitel") + 1)
    workbook.save(workbook_path)
    again = Dataset.from_workbook(workbook_path)
    assert again.codebook.names == dataset.codebook.names
    assert all(variable.page_title is None for variable in again.codebook)


def test_sheets_keep_their_looks_header_styles_widths_and_dates(workbook_path, dataset):
    """What the streaming writer must keep: the note in red, a bold header, wrapped questions,
    a withheld figure's dot on the right, dates as dates and every column's width."""
    workbook = load_workbook(workbook_path)
    codes = workbook["Daten_Codes"]
    assert codes["A1"].font.b and codes["A1"].font.color.rgb == "FF9C0006"
    assert all(cell.font.b for cell in codes[2])
    assert codes.column_dimensions["A"].width == 11
    codebook = workbook["Codebuch"]
    header = [c.value for c in codebook[2]]
    question = codebook.cell(row=3, column=header.index("Frage") + 1)
    assert question.alignment.wrap_text and question.alignment.vertical == "top"
    assert codebook.freeze_panes == "A3"
    assert codebook.auto_filter.ref == f"A2:Q{2 + len(dataset.codebook)}"
    info = {row[0].value: row[1] for row in workbook["Info"].iter_rows(min_row=3) if row[0].value}
    assert info["Feldphase Beginn"].value.date() == dataset.survey.opens_on
    assert info["Feldphase Beginn"].number_format == "DD.MM.YYYY"
    assert info["Rücklaufquote %"].number_format == "0.0"


def test_text_that_looks_like_markup_or_an_error_value_stays_the_same_text(dataset, tmp_path):
    data = dataset.data.copy()
    data.loc["14511", "N1"] = "<b>Fett</b> & \"Zitat\" 'einfach'"
    data.loc["14521", "N1"] = "#NV"
    data.loc["14522", "N1"] = "#N/A"
    changed = Dataset(dataset.survey, dataset.codebook, data)
    path = tmp_path / "markup.xlsx"
    write_workbook(changed, path)
    assert Dataset.from_workbook(path).equals(changed)
    sheet = load_workbook(path)["Daten_Codes"]
    cells = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert cells["#N/A"].data_type == "s" and cells["#N/A"].quotePrefix


def test_crosstabs_of_two_questions_follow_the_standard_tables(dataset, tmp_path):
    path = tmp_path / "kreuz.xlsx"
    write_workbook(dataset, path, crosstabs=[("B1", "K1"), ("B1", "type")])
    rows = [[cell.value for cell in row] for row in load_workbook(path)["Tabellen"].iter_rows()]
    titles = [row[0] for row in rows]
    start = titles.index("B1 Stand der Sozialplanung nach K1 Bildungsmonitoring")
    assert titles.index("B1 Stand der Sozialplanung") < start
    header = rows[start + 2]
    assert header[1:5] == ["Insgesamt: Anzahl", "Insgesamt: %", "ja: Anzahl", "ja: %"]
    established = next(row for row in rows[start:] if row[0] == "etabliert")
    data = dataset.data
    assert established[3] == int(((data["B1"] == 1) & (data["K1"] == 1)).sum())
    notes = [t for t in titles[start:] if isinstance(t, str) and t.startswith("Chi²")]
    assert notes and "von 8 Zellen mit erwarteter Häufigkeit unter 5" in notes[0]
    assert "B1 Stand der Sozialplanung nach Typ" in titles


def test_a_crosstab_that_cannot_be_made_is_refused_before_writing(dataset, tmp_path):
    path = tmp_path / "kreuz.xlsx"
    with pytest.raises(EvaluationError, match="B9"):
        write_workbook(dataset, path, crosstabs=[("B1", "B9")])
    assert not path.exists()
